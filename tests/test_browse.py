"""Browsing and 历年今日 over the seeds plus synthetic issues: the library, and the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from retrieval import Library, NoSuchDay, on_this_day, open_issue, page_number, parse_issue, read_day, read_month_day

FIRST_PAGE = "001_41ee50b619f939c9.txt"
SECOND_PAGE = "103_syn_20210303_p2.txt"


@pytest.fixture()
def synthetic_env(synthetic_engine: Library, synthetic_corpus: Path, synthetic_data_dir: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the command line at the synthetic archive (index already built)."""
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(synthetic_corpus))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(synthetic_data_dir))


@pytest.mark.parametrize(("line", "label", "number"), [
    ("第二版", "第二版", 2), ("第02版 要闻", "第02版 要闻", 2), ("A3版", "A3版", 3), ("要闻 第12版", "要闻 第12版", 12),
    ("第十一版：理论", "第十一版：理论", 11), ("(下转第二版)", "", None), ("详见第二版", "", None),
])
def test_a_page_label_is_read_from_its_own_line(line: str, label: str, number: int | None) -> None:
    issue = parse_issue(f"{line}\n\n市政协召开会议\n\n本报讯(记者 付家宝)3月2日,市政协召开会议。会议由刘保新主持。\n", "x.txt")
    assert issue.page == label and page_number(issue.page) == number
    assert all(line not in a.title for a in issue.articles) or not label


def test_an_issue_is_its_pages_in_order_with_the_issues_around_it(synthetic_engine: Library) -> None:
    view = open_issue(synthetic_engine, dt.date(2021, 3, 3))
    assert view is not None and (view.paper, view.issue_no) == ("许昌日报", 9382)
    assert [(p.label, p.issue.source) for p in view.pages] == [("第1版", FIRST_PAGE), ("第二版 要闻", SECOND_PAGE)]
    assert (view.previous, view.next) == (dt.date(2020, 11, 24), dt.date(2021, 5, 15))
    assert all(a.kind != "advertisement" for p in view.pages for a in p.articles)
    assert len(view.pages[0].articles) == 10 and len(view.pages[1].articles) == 10
    assert open_issue(synthetic_engine, issue_no=9382) == view
    assert open_issue(synthetic_engine, dt.date(2021, 3, 4)) is None
    oldest = open_issue(synthetic_engine, dt.date(2019, 3, 3))
    assert oldest is not None and oldest.previous is None and oldest.next == dt.date(2020, 1, 5)


def test_a_day_is_read_in_several_ways(synthetic_engine: Library) -> None:
    assert read_day("2021-03-03", synthetic_engine) == (dt.date(2021, 3, 3), None)
    assert read_day("2021年3月3日", synthetic_engine) == (dt.date(2021, 3, 3), None)
    assert read_day("第9382期", synthetic_engine) == (None, 9382)
    assert read_day("", synthetic_engine) == (dt.date(2021, 10, 13), None)
    assert read_day("2021年3月", synthetic_engine) == (dt.date(2021, 3, 3), None)  # a month: its first issue
    for bad in ("明天见", "2021-02-30"):
        with pytest.raises(NoSuchDay):
            read_day(bad, synthetic_engine)
    assert read_month_day("3月3日", synthetic_engine) == read_month_day("03-03", synthetic_engine) == (3, 3)
    assert read_month_day("02-29", synthetic_engine) == (2, 29)
    with pytest.raises(NoSuchDay, match="没有 2月30日 这一天"):
        read_month_day("02-30", synthetic_engine)


def test_on_this_day_looks_back_newest_year_first(synthetic_engine: Library) -> None:
    found = on_this_day(synthetic_engine, 3, 3)
    assert [v.date for v in found.issues] == [dt.date(2020, 3, 3), dt.date(2019, 3, 3)] and found.nearest == ()
    today = on_this_day(synthetic_engine, *read_month_day("", synthetic_engine))  # the newest issue's day: 10-13
    assert (today.month, today.day, today.issues) == (10, 13, ())
    assert today.nearest == (dt.date(2020, 11, 24), dt.date(2020, 8, 14))
    assert on_this_day(synthetic_engine, 3, 4).nearest == (dt.date(2020, 3, 3), dt.date(2020, 1, 5), dt.date(2019, 3, 3))


def test_browse_command(synthetic_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["browse", "第9382期"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["《许昌日报》2021年3月3日 第9382期 · 共 2 版", "◀ 2020-11-24   ▶ 2021-05-15"]
    assert lines[3] == f"第1版（{FIRST_PAGE}）" and f"第二版 要闻（{SECOND_PAGE}）" in lines
    assert "  001_41ee50b619f939c9-10  让党放心 让人民满意（记者 胡晨 通讯员 于莹 徐文明）" in lines
    assert main(["browse", "2021-03-03", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [p["label"] for p in record["pages"]] == ["第1版", "第二版 要闻"]
    assert (record["previous"], record["next"], record["issue_no"]) == ("2020-11-24", "2021-05-15", 9382)
    assert main(["browse", "2021-03-04"]) == 1
    assert capsys.readouterr().err == "newsbot: 2021年3月4日没有报纸；最近的几期：2021年3月3日、2021年5月15日\n"
    assert main(["browse", "明天见"]) == 2
    assert capsys.readouterr().err.startswith("newsbot: 看不懂“明天见”，请写日期或期号，例如 2021-03-03")


def test_onthisday_command(synthetic_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["onthisday", "03-03"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "历年今日 · 3月3日"
    assert [line for line in out if line.startswith("《")] == ["《许昌日报》2020年3月3日 第9020期", "《许昌日报》2019年3月3日 第8660期"]
    assert main(["onthisday", "--json"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert (record["month"], record["day"], record["issues"], record["nearest"]) == (10, 13, [], ["2020-11-24", "2020-08-14"])
    assert main(["onthisday"]) == 1
    assert capsys.readouterr().err == "newsbot: 存档中往年没有10月13日的报纸；最近的日子：2020年11月24日、2020年8月14日\n"
    assert main(["onthisday", "13-01"]) == 2


def test_search_command_with_fields(synthetic_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "作者:胡晨 2021-03-03", "--json", "-k", "3"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["total"] == 4 and record["months"] == {"2021-03": 4} and len(record["hits"]) == 3
    assert [h["article_id"] for h in record["hits"]] == [
        "001_41ee50b619f939c9-10", "103_syn_20210303_p2-00", "103_syn_20210303_p2-01"]
    assert main(["search", "作者:胡晨", "-k", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["条件：作者:胡晨", "共 15 篇",
                       "[1] 2021-10-13 《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨） 000_5ebacb5347f1c782-00"]
    assert "按月统计：" in out and "2021-03 ████████████████████ 4" in out
    assert main(["search", "类型:小说"]) == 2
    assert capsys.readouterr().err == "newsbot: 查询有误：不认识的类型“小说”；可用 新闻 通讯 评论 公告 图片 广告 简讯 续文，例如 类型:评论\n"
