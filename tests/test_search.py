"""Search over the seed archive: known answers, traditional characters, dates, determinism."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from retrieval.dates import DateFilter, find_date

REF = dt.date(2021, 10, 13)  # a Wednesday
ISSUES = (dt.date(2020, 8, 14), dt.date(2020, 11, 24), dt.date(2021, 3, 3), dt.date(2021, 5, 15), REF)


def test_known_question_finds_its_passage(seed_engine: Engine) -> None:
    result = seed_engine.search("建安区将官池镇干线公路问题处置得了几分？", k=3)
    top = result.hits[0]
    assert top.passage.id == "000_5ebacb5347f1c782-08-p13"
    assert top.article.headline == "我市9月份数字化城市管理绩效考核成绩出炉"
    assert top.issue.date == REF
    assert "将官" in top.matched and "几分" not in result.terms


def test_traditional_question_finds_the_same_passage(seed_engine: Engine) -> None:
    simplified = seed_engine.search("市人民检察院检察长叫什么", k=1).hits
    traditional = seed_engine.search("市人民檢察院檢察長叫什麼", k=1).hits
    assert traditional == simplified
    assert "张桂平" in traditional[0].passage.indexed_text


def test_equal_questions_give_equal_results(seed_engine: Engine) -> None:
    assert seed_engine.search("许昌 项目", k=10) == seed_engine.search("许昌 项目", k=10)


def test_date_in_question_filters_by_issue(seed_engine: Engine) -> None:
    result = seed_engine.search("3月3号那期许昌日报是第几期", k=5)
    assert result.date_filter == DateFilter(dt.date(2021, 3, 3), dt.date(2021, 3, 4), None, "3月3号")
    assert {h.issue.source[:3] for h in result.hits} == {"001"}
    assert not any("3月" in t or t == "3" for t in result.terms)


def test_issue_number_filters(seed_engine: Engine) -> None:
    result = seed_engine.search("第9382期 开工", k=5)
    assert result.hits and {h.issue.issue_no for h in result.hits} == {9382}


def test_uncovered_date_is_reported_as_such(seed_engine: Engine) -> None:
    result = seed_engine.search("2019年3月3日开了什么会")
    assert (result.status, result.message, result.hits) == ("no-archive", "该日期无存档", ())


def test_explicit_date_range(seed_engine: Engine) -> None:
    result = seed_engine.search("城建例会 主持", k=3, date_range=(dt.date(2021, 5, 15), dt.date(2021, 5, 15)))
    assert result.hits and all(h.issue.date == dt.date(2021, 5, 15) for h in result.hits)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("今天的头条", REF, REF),
        ("昨天开了什么会", dt.date(2021, 10, 12), REF),
        ("前天", dt.date(2021, 10, 11), dt.date(2021, 10, 12)),
        ("本周有哪些会", dt.date(2021, 10, 11), dt.date(2021, 10, 17)),
        ("上周", dt.date(2021, 10, 4), dt.date(2021, 10, 10)),
        ("这个月", dt.date(2021, 10, 1), dt.date(2021, 10, 31)),
        ("去年的脱贫攻坚", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        ("2021年3月开工项目", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
        ("5月14日两中心推进会", dt.date(2021, 5, 14), dt.date(2021, 5, 15)),
        ("11月24号的报纸", dt.date(2020, 11, 24), dt.date(2020, 11, 25)),
        ("3号那期", dt.date(2021, 3, 3), dt.date(2021, 3, 4)),
    ],
)
def test_date_expressions(question: str, start: dt.date, end: dt.date) -> None:
    found, rest = find_date(question, REF, ISSUES)
    assert found is not None and (found.start, found.end) == (start, end)
    assert found.phrase not in rest


@pytest.mark.parametrize("question", ["鄢陵县9月份数字化城管考核多少分", "地铁3号线", "1号文件", "许昌哪年被列为试点"])
def test_not_a_date(question: str) -> None:
    assert find_date(question, REF, ISSUES) == (None, question)
