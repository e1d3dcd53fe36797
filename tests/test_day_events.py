"""What happened on a day: answered from the headlines of the reports datelined that day."""

from __future__ import annotations

import datetime as dt

from bot.answer.ask import answer
from bot.answer.events import asks_events
from retrieval import Library


def test_which_questions_ask_for_events() -> None:
    assert all(asks_events(q) for q in ("10月12日许昌开了什么会", "昨天有什么新闻", "5月14日举行了哪些活动", "那天发生了什么"))
    assert not any(asks_events(q) for q in ("周例会是谁主持的", "会议提出了几点要求", "有多少名党员"))


def test_meetings_of_a_day_are_its_datelined_meeting_reports(seed_engine: Library) -> None:
    result = answer(seed_engine, "10月12日许昌开了什么会")
    assert result.answered and result.short == "中心城区第三十五次城建重点项目周例会召开"
    assert result.quote == "10月12日下午,我市召开中心城区第三十五次城建重点项目周例会。"
    assert [c.article_id for c in result.citations] == ["000_5ebacb5347f1c782-00"]
    meetings = answer(seed_engine, "5月14日开了哪些会议")
    assert [c.headline for c in meetings.citations] == [
        "市政协党组扩大会议召开",
        "市政府全会暨廉政工作会议召开并强调 坚持硬作风 决胜硬任务 奋力开创政府工作新局面",
        "全市统筹县级“两中心” 建设工作推进会召开",
        "我市召开中心城区第二十九次 城建重点项目周例会",
    ]  # not the 调研 report of the same day: it is no meeting


def test_a_topic_narrows_the_day_and_news_takes_every_report(seed_engine: Library) -> None:
    assert [c.headline for c in answer(seed_engine, "5月14日政协开了什么会").citations] == ["市政协党组扩大会议召开"]
    news = answer(seed_engine, "昨天有什么新闻")  # 昨天: the day before the newest issue, 2021-10-12
    assert len(news.citations) == 3 and all(c.date == dt.date(2021, 10, 13) for c in news.citations)


def test_a_day_without_an_issue_dates_the_event_when_a_topic_is_named(seed_engine: Library) -> None:
    # no issue is dated 2020-06-29: the date is the meeting's, and the report printing it answers
    found = answer(seed_engine, "2020年6月29日全省文明城市工作推进会上发生了什么")
    assert found.answered and "2020年6月29日,在全省文明城市工作推进会上" in found.quote
    assert found.citations[0].date == dt.date(2020, 11, 24) and found.date_range is None
    assert found.notes == ("2020年6月29日无存档，以下答案来自全部存档",)
    # without a topic it asks for that day's paper, which the archive does not hold
    bare = answer(seed_engine, "2020年6月29日发生了什么")
    assert not bare.answered and bare.reason == "该日期无存档"
