"""The names a question asks about, found by the LAC tagger."""

from __future__ import annotations

from bot.answer.names import question_names


def test_people_places_and_organisations_are_names_and_common_words_are_not() -> None:
    assert question_names("张三在北京市工作吗") == ("张三", "北京市")
    assert question_names("郑州市9月份数字化城管考核多少分") == ("郑州市",)
    assert question_names("有多少名党员到社区报到？") == ()


def test_an_empty_or_huge_question_is_tagged_safely() -> None:
    assert question_names("   ") == ()
    assert question_names("张三" + "的" * 10_000) == ("张三",)
