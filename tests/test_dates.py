"""Date expressions: Chinese numerals, relative years and months, parts of a month, archive coverage."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answer import answer
from retrieval import Library
from retrieval import DateFilter, find_date, full_days

REF = dt.date(2021, 10, 13)  # a Wednesday, the newest seed issue
ISSUES = (dt.date(2020, 8, 14), dt.date(2020, 11, 24), dt.date(2021, 3, 3), dt.date(2021, 5, 15), REF)
D = dt.date


@pytest.mark.parametrize(
    ("question", "phrase", "start", "end"),
    [
        ("三月三日开了什么会", "三月三日", D(2021, 3, 3), D(2021, 3, 4)),
        ("三月三号那期", "三月三号", D(2021, 3, 3), D(2021, 3, 4)),
        ("十月十二日的报纸", "十月十二日", D(2021, 10, 12), D(2021, 10, 13)),
        ("十一月二十四号", "十一月二十四号", D(2020, 11, 24), D(2020, 11, 25)),
        ("二〇二一年三月开工项目", "二〇二一年三月", D(2021, 3, 1), D(2021, 3, 31)),
        ("二零二一年的脱贫攻坚", "二零二一年", D(2021, 1, 1), D(2021, 12, 31)),
        ("2020年的项目", "2020年", D(2020, 1, 1), D(2020, 12, 31)),
        ("二〇二〇年八月十四日", "二〇二〇年八月十四日", D(2020, 8, 14), D(2020, 8, 15)),
        ("今年开工的项目", "今年", D(2021, 1, 1), D(2021, 12, 31)),
        ("前年", "前年", D(2019, 1, 1), D(2019, 12, 31)),
        ("今年三月", "今年三月", D(2021, 3, 1), D(2021, 3, 31)),
        ("去年11月24日", "去年11月24日", D(2020, 11, 24), D(2020, 11, 25)),
        ("上个月的会议", "上个月", D(2021, 9, 1), D(2021, 9, 30)),
        ("上月", "上月", D(2021, 9, 1), D(2021, 9, 30)),
        ("本月", "本月", D(2021, 10, 1), D(2021, 10, 31)),
        ("上月底", "上月底", D(2021, 9, 21), D(2021, 9, 30)),
        ("本月初", "本月初", D(2021, 10, 1), D(2021, 10, 10)),
        ("五月中旬", "五月中旬", D(2021, 5, 11), D(2021, 5, 20)),
        ("8月中旬", "8月中旬", D(2020, 8, 11), D(2020, 8, 20)),  # 2021's have no issue: the latest covered
        ("8月上旬", "8月上旬", D(2021, 8, 1), D(2021, 8, 10)),  # none covered: the latest, reported as such
        ("3月底", "3月底", D(2021, 3, 21), D(2021, 3, 31)),
        ("2021年2月末", "2021年2月末", D(2021, 2, 21), D(2021, 2, 28)),
        ("二十三日那期", "二十三日", D(2020, 11, 23), D(2020, 11, 24)),  # its news is in the 24th's issue
        ("上周", "上周", D(2021, 10, 4), D(2021, 10, 10)),
        ("今日", "今日", REF, REF),
        ("今天的头条", "今天", REF, REF),
        ("昨天开了什么会", "昨天", D(2021, 10, 12), REF),
        ("前天", "前天", D(2021, 10, 11), D(2021, 10, 12)),
        ("本周有哪些会", "本周", D(2021, 10, 11), D(2021, 10, 17)),
        ("这个月", "这个月", D(2021, 10, 1), D(2021, 10, 31)),
        ("去年的脱贫攻坚", "去年", D(2020, 1, 1), D(2020, 12, 31)),
        ("2021年3月开工项目", "2021年3月", D(2021, 3, 1), D(2021, 3, 31)),
        ("5月14日两中心推进会", "5月14日", D(2021, 5, 14), D(2021, 5, 15)),
        ("11月24号的报纸", "11月24号", D(2020, 11, 24), D(2020, 11, 25)),
        ("3号那期", "3号", D(2021, 3, 3), D(2021, 3, 4)),
    ],
)
def test_date_expressions(question: str, phrase: str, start: dt.date, end: dt.date) -> None:
    found, rest = find_date(question, REF, ISSUES)
    assert found == DateFilter(start, end, None, phrase)
    assert rest == question.replace(phrase, "\n", 1)


@pytest.mark.parametrize(
    "question",
    ["一日三餐", "三号线什么时候通车", "一号文件", "两个月", "十三五规划", "2月30日", "十三月",
     "鄢陵县9月份数字化城管考核多少分", "地铁3号线", "1号文件", "许昌哪年被列为试点"],
)
def test_not_a_date(question: str) -> None:
    assert find_date(question, REF, ISSUES) == (None, question)


def test_relative_words_need_a_reference() -> None:
    assert find_date("今年三月", None) == (None, "今年三月")
    assert find_date("二〇二一年三月", None)[0] == DateFilter(D(2021, 3, 1), D(2021, 3, 31), None, "二〇二一年三月")


def test_traditional_and_full_width_dates_search_like_simplified(seed_engine: Library) -> None:
    simplified = seed_engine.search("3月3号那期许昌日报是第几期", k=3)
    for question in ("3月3號那期許昌日報是第幾期", "３月３号那期许昌日报是第几期"):
        result = seed_engine.search(question, k=3)
        assert result.date_filter == simplified.date_filter
        assert result.hits == simplified.hits


def test_chinese_numeral_date_filters_and_leaves_the_terms(seed_engine: Library) -> None:
    result = seed_engine.search("二〇二一年三月开工的项目有哪些", k=5)
    assert result.date_filter == DateFilter(D(2021, 3, 1), D(2021, 3, 31), None, "二〇二一年三月")
    assert result.hits and {h.issue.date for h in result.hits} == {D(2021, 3, 3)}
    assert not any(c in t for t in result.terms for c in "〇二一年三月")


@pytest.mark.parametrize("question", ["前年开了什么会", "三月底开了什么会", "上个月的会议"])
def test_dates_outside_the_archive_say_so(seed_engine: Library, question: str) -> None:
    result = seed_engine.search(question)
    assert (result.status, result.message, result.hits) == ("no-archive", "该日期无存档", ())


@pytest.mark.parametrize(("question", "span"), [
    ("9999年12月31日开了什么会", (D(9999, 12, 31), D(9999, 12, 31))),
    ("9999年12月开了什么会", (D(9999, 12, 1), D(9999, 12, 31))),
    ("0001年1月1日开了什么会", (D(1, 1, 1), D(1, 1, 2))),
])
def test_dates_at_the_calendars_ends_say_no_archive(seed_engine: Library, question: str, span: tuple[D, D]) -> None:
    result = seed_engine.search(question)
    assert result.date_filter is not None and (result.date_filter.start, result.date_filter.end) == span
    assert (result.status, result.message, result.hits) == ("no-archive", "该日期无存档", ())
    reply = answer(seed_engine, question)
    assert (reply.answered, reply.reason) == (False, "该日期无存档")


def test_the_whole_dates_a_text_prints_are_read_in_either_script() -> None:
    assert full_days("2020年6月29日,在全省…;二〇一八年六月二十九日") == [
        ("2020年6月29日", dt.date(2020, 6, 29)), ("二〇一八年六月二十九日", dt.date(2018, 6, 29))]
    assert full_days("6月29日,2021年2月30日") == []  # no year, and a day that does not exist
