"""Search over the seed archive: known answers, traditional characters, dates, determinism."""

from __future__ import annotations

import datetime as dt

from retrieval import Library
from retrieval import DateFilter
from retrieval.segment import split_words
from tests.conftest import long_question

REF = dt.date(2021, 10, 13)  # the newest seed issue


def test_known_question_finds_its_passage(seed_engine: Library) -> None:
    result = seed_engine.search("建安区将官池镇干线公路问题处置得了几分？", k=3)
    top = result.hits[0]
    assert top.passage.id == "000_5ebacb5347f1c782-08-p13"
    assert top.article.headline == "我市9月份数字化城市管理绩效考核成绩出炉"
    assert top.issue.date == REF
    assert "将官" in top.matched and "几分" not in result.terms


def test_traditional_question_finds_the_same_passage(seed_engine: Library) -> None:
    simplified = seed_engine.search("市人民检察院检察长叫什么", k=1).hits
    traditional = seed_engine.search("市人民檢察院檢察長叫什麼", k=1).hits
    assert traditional == simplified
    assert "张桂平" in traditional[0].passage.indexed_text


def test_equal_questions_give_equal_results(seed_engine: Library) -> None:
    assert seed_engine.search("许昌 项目", k=10) == seed_engine.search("许昌 项目", k=10)


def test_date_in_question_filters_by_issue(seed_engine: Library) -> None:
    result = seed_engine.search("3月3号那期许昌日报是第几期", k=5)
    assert result.date_filter == DateFilter(dt.date(2021, 3, 3), dt.date(2021, 3, 4), None, "3月3号")
    assert {h.issue.source[:3] for h in result.hits} == {"001"}
    assert not any("3月" in t or t == "3" for t in result.terms)


def test_issue_number_filters(seed_engine: Library) -> None:
    result = seed_engine.search("第9382期 开工", k=5)
    assert result.hits and {h.issue.issue_no for h in result.hits} == {9382}
    # the number is dated by its issue, so what is asked of a day can be asked of it
    assert result.date_filter == DateFilter(dt.date(2021, 3, 3), dt.date(2021, 3, 3), 9382, "第9382期")
    assert str(result.date_filter) == "第9382期"
    unknown = seed_engine.search("第9999期有什么新闻")
    assert (unknown.date_filter, unknown.status) == (DateFilter(issue_no=9999, phrase="第9999期"), "no-archive")


def test_uncovered_date_is_reported_as_such(seed_engine: Library) -> None:
    result = seed_engine.search("2019年3月3日开了什么会")
    assert (result.status, result.message, result.hits) == ("no-archive", "该日期无存档", ())


def test_explicit_date_range(seed_engine: Library) -> None:
    result = seed_engine.search("城建例会 主持", k=3, date_range=(dt.date(2021, 5, 15), dt.date(2021, 5, 15)))
    assert result.hits and all(h.issue.date == dt.date(2021, 5, 15) for h in result.hits)


def test_a_long_question_searches_its_rarest_terms_only(seed_engine: Library) -> None:
    from retrieval.search import MAX_TERMS

    question = long_question()
    result = seed_engine.search(question, k=8, read_dates=False)  # it names 第9382期: search it all
    short = seed_engine.search(question[:40], k=8)  # a shorter part, under the cap, for comparison
    weights = dict(result.weights)
    assert len(result.terms) == MAX_TERMS and len(set(result.words)) == MAX_TERMS
    assert set(result.terms) <= set(weights) and len(result.hits) == 8
    assert min(weights[t] for t in result.terms) > 0  # the archive holds enough terms to fill the cap with held ones
    assert len(short.terms) < MAX_TERMS and short.terms == seed_engine.search(question[:40], k=8).terms


def test_a_word_the_question_splits_is_searched_whole(seed_engine: Library) -> None:
    # 供了多少水: the paper prints 供水 (累计为我市供水10.15亿立方米)
    result = seed_engine.search("南水北调给许昌供了多少水", k=3)
    assert "供水" in result.terms and "供水" in result.words
    assert any("供水" in h.passage.text for h in result.hits)
    # joined only where the archive prints the pair as a term, never across a content word
    assert "供水" not in seed_engine.search("供电和水", k=1).terms


def test_split_words_joins_two_characters_across_particles_and_asking_words() -> None:
    known = {"供水", "用电"}.__contains__
    assert split_words(["给", "许昌", "供", "了", "多少", "水"], known) == ["供水"]
    assert split_words(["用", "了", "几", "度", "电"], known) == []  # 度 is a content word between them
    assert split_words(["供", "的", "水", "用", "了", "电"], known) == ["供水", "用电"]
    assert split_words(["水", "了", "供"], known) == []  # order kept
