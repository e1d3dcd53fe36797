"""The query language: parsing into a Query, one-line errors, and what it finds in the seeds."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answer.ask import answer
from retrieval import Library, Query, QueryError, find, parse_query

NEWEST = dt.date(2021, 10, 13)
HU_CHEN = ["000_5ebacb5347f1c782-00", "003_ace193bdf1e9763c-04", "003_ace193bdf1e9763c-05", "001_41ee50b619f939c9-10",
           "002_934f6e8f83eb08ea-00", "004_51f39b9f8458e720-00", "004_51f39b9f8458e720-01", "004_51f39b9f8458e720-05"]


def _parse(text: str) -> Query:
    return parse_query(text, NEWEST)


def test_every_field_is_read() -> None:
    query = _parse('作者:胡晨 类型:评论,图片 栏目:文明 2021-03..2021-05 "全国 文明城市" -高铁 排序:日期 项目')
    assert query.words == ("项目",) and query.phrases == ("全国文明城市",) and query.excluded == ("高铁",)
    assert query.authors == (("any", ("胡晨",)),) and query.columns == (("文明",),)
    assert query.kinds == (("commentary", "photo"),) and query.sort == "date"
    assert (query.start, query.end) == (dt.date(2021, 3, 1), dt.date(2021, 5, 31))
    assert query.conditions() == '"全国文明城市" -高铁 作者:胡晨 栏目:文明 类型:评论|图片 日期:2021-03-01..2021-05-31 排序:日期'


@pytest.mark.parametrize(("text", "start", "end", "words"), [
    ("2021年3月 项目", dt.date(2021, 3, 1), dt.date(2021, 3, 31), ("项目",)),  # read as search reads dates
    ("日期:2021年3月", dt.date(2021, 3, 1), dt.date(2021, 3, 31), ()),
    ("2021-03-03 复工", dt.date(2021, 3, 3), dt.date(2021, 3, 3), ("复工",)),
    ("2020 作者:胡晨", dt.date(2020, 1, 1), dt.date(2020, 12, 31), ()),
    ("..2020-11 作者:胡晨", None, dt.date(2020, 11, 30), ()),
    ("去年 作者：胡晨", dt.date(2020, 1, 1), dt.date(2020, 12, 31), ()),  # full-width colon too
])
def test_dates_iso_or_chinese(text: str, start: dt.date | None, end: dt.date | None, words: tuple[str, ...]) -> None:
    query = _parse(text)
    assert (query.start, query.end, query.words) == (start, end, words)


@pytest.mark.parametrize(("text", "message"), [
    ("", "请输入关键词或条件，例如 作者:胡晨 类型:评论 2021-03..2021-05 \"全国文明城市\" -高铁 排序:日期"),
    ("作者:", "“作者:”后面缺少内容，例如 作者:胡晨"),
    ("作着:胡晨", "不认识的条件“作着:”，是不是“作者:”？可用 作者 记者 通讯员 摄影 栏目 类型 日期 排序，例如 作者:胡晨"),
    ("dete:2021-03 文明", "不认识的条件“dete:”，是不是“date:”？可用 作者 记者 通讯员 摄影 栏目 类型 日期 排序，例如 作者:胡晨"),
    ('"全国文明城市', '引号没有配对，短语要用一对引号括起来，例如 "全国文明城市"'),
    ("类型:小说", "不认识的类型“小说”；可用 新闻 通讯 评论 公告 图片 广告 简讯 续文，例如 类型:评论"),
    ("排序:热度 文明", "不认识的排序“热度”；可用 日期（最新在前）、最早、相关，例如 排序:日期"),
    ("2021-13 文明", "日期“2021-13”不存在，例如 2021-03..2021-05 或 2021-03-03"),
    ("2021-05..2021-03", "日期范围颠倒了：2021-05..2021-03，开始要早于结束，例如 2021-03..2021-05"),
    ("2021-03 2021-05", "只能给一个日期条件，这里有 2021-03 和 2021-05，例如 2021-03..2021-05"),
    ("日期:上个世纪", "看不懂日期“上个世纪”，例如 日期:2021-03..2021-05 或 日期:2021年3月"),
    ("-高铁", "只有排除词或排序，还需要一个关键词或条件，例如 文明城市 -高铁 或 作者:胡晨 -高铁"),
])
def test_a_malformed_query_is_one_line_with_an_example(text: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        _parse(text)
    assert str(error.value) == message and "\n" not in message


def test_a_colon_that_names_no_field_is_part_of_the_words() -> None:
    query = _parse("市政协:召开会议 作者:付家宝")
    assert query.words == ("市政协:召开会议",) and query.authors == (("any", ("付家宝",)),)


def test_a_field_only_query_lists_by_date_newest_first(seed_engine: Library) -> None:
    found = find(seed_engine, _parse("作者:胡晨"))
    assert [f.article.id for f in found.found] == HU_CHEN
    assert [f.issue.date for f in found.found] == sorted((f.issue.date for f in found.found), reverse=True)
    assert found.months == (("2020-08", 3), ("2020-11", 1), ("2021-03", 1), ("2021-05", 2), ("2021-10", 1))
    assert all(f.score is None for f in found.found)
    by_role = find(seed_engine, _parse("通讯员:李彦宾"))
    assert [f.article.title for f in by_role.found] == ['优化城市治理的"许昌样板"']
    assert find(seed_engine, _parse("摄影:乔利峰 排序:最早")).found[0].issue.date == dt.date(2020, 8, 14)


def test_kind_column_phrase_and_exclusion(seed_engine: Library) -> None:
    assert [f.article.title for f in find(seed_engine, _parse("类型:评论")).found] == \
        ["狠抓项目建设 淬炼发展成色", "凝聚合力 决战决胜"]
    assert {f.article.title for f in find(seed_engine, _parse("栏目:文明")).found} == \
        {"文明创建结硕果 提升百姓获得感", "奔向文明幸福新高地"}
    phrase = find(seed_engine, _parse('"全国文明城市"'))
    assert all("全国文明城市" in (f.article.title + f.article.text) for f in phrase.found) and len(phrase.found) == 3
    words = find(seed_engine, _parse("文明城市"))
    without = find(seed_engine, _parse("文明城市 -创建"))
    assert 0 < len(without.found) < len(words.found)
    assert not any("创建" in f.article.text or "创建" in f.article.title for f in without.found)


def test_words_rank_within_the_fields_and_dates(seed_engine: Library) -> None:
    found = find(seed_engine, _parse("第9382期 复工"))
    assert found.found[0].article.title == "重点企业全复工 力争首季“开门红”"
    assert {f.issue.issue_no for f in found.found} == {9382} and found.found[0].score > found.found[-1].score
    dated = find(seed_engine, _parse("项目 排序:日期"))
    days = [f.issue.date for f in dated.found]
    assert days == sorted(days, reverse=True) and len(days) > 5
    mixed = find(seed_engine, _parse("作者:胡晨 文明"))
    assert {f.article.id for f in mixed.found} <= set(HU_CHEN) and mixed.found


def test_nothing_found_says_why(seed_engine: Library) -> None:
    none = find(seed_engine, _parse("2019-01 项目"))
    assert none.status == "no-archive" and none.message == "该日期无存档"
    assert none.nearest == (dt.date(2020, 8, 14), dt.date(2020, 11, 24))
    nobody = find(seed_engine, _parse("作者:胡晨 类型:评论"))
    assert nobody.status == "no-match" and nobody.message == "没有符合条件（作者:胡晨 类型:评论）的报道"


def test_the_byline_question_and_the_field_search_list_the_same_reporter(seed_engine: Library) -> None:
    asked = answer(seed_engine, "记者胡晨写过哪些报道")
    searched = find(seed_engine, _parse("作者:胡晨"))
    assert asked.answered and asked.notes[0] == "存档中署名有胡晨的报道共8篇，从新到旧列出"
    assert [c.article_id for c in asked.citations] == [f.article.id for f in searched.found][:len(asked.citations)]
    assert all(c.date for c in asked.citations) and all(f.issue.date for f in searched.found)


def test_a_field_search_by_author_reads_only_the_files_whose_bylines_list_the_name(seed_engine: Library) -> None:
    from retrieval.archive import _may_sign

    query = parse_query("作者:胡晨")
    every = seed_engine.passages_of(query.accepts)  # no byline lists used: every file read
    listed = seed_engine.passages_of(query.accepts, signed_by=[names for _, names in query.authors])
    assert listed.any() and (listed == every).all()
    assert _may_sign(["记者胡晨", "于莹"], [("胡晨",)]) and _may_sign(["胡晨"], [("胡晨", "王五"), ("胡",)])
    assert not _may_sign(["于莹", "徐文明"], [("胡晨",)])
    assert not _may_sign(["胡晨"], [("胡晨",), ("于莹",)])  # every condition must be met


def test_an_author_listing_opens_only_the_issues_whose_bylines_list_the_name(seed_engine: Library, monkeypatch) -> None:
    def every_issue() -> None:
        raise AssertionError("an author listing read every issue of the archive")

    monkeypatch.setattr(seed_engine, "issues", every_issue)
    listed = find(seed_engine, parse_query("作者:魏东雅"))
    assert [f.article.id for f in listed.found] == ["001_41ee50b619f939c9-01"]  # 重点企业全复工
    assert find(seed_engine, parse_query("作者:张三")).found == ()
