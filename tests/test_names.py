"""The names a question asks about, found by the LAC tagger."""

from __future__ import annotations

from bot.answer.names import named_answer, question_names


def test_people_places_and_organisations_are_names_and_common_words_are_not() -> None:
    assert question_names("张三在北京市工作吗") == ("张三", "北京市")
    assert question_names("郑州市9月份数字化城管考核多少分") == ("郑州市",)
    assert question_names("有多少名党员到社区报到？") == ()


def test_an_empty_or_huge_question_is_tagged_safely() -> None:
    assert question_names("   ") == ()
    assert question_names("张三" + "的" * 10_000) == ("张三",)


def test_the_name_of_the_asked_kind_nearest_the_questions_words_answers() -> None:
    sentence = "公元12年，王莽强行将高句丽人编入辽西郡进攻匈奴等民族。"
    assert named_answer("person", sentence, "高句丽人被谁编进辽西郡进攻匈奴等民族？", [(9, 13)]) == "王莽"
    held = "5月14日,许昌市统筹县级融媒体中心建设工作推进会在长葛市召开。"
    at = held.index("召开")
    assert named_answer("place", held, "推进会在哪里召开", [(at, at + 2)]) == "长葛市"
    assert named_answer("place", held, "推进会在哪里召开", []) == "许昌市"  # no anchor: the first one


def test_kinds_without_a_kind_of_name_get_none() -> None:
    assert named_answer("overview", "许昌市的市花是月季花。", "市花是什么", []) == ""
    assert named_answer("person", "许昌市的市花是月季花。", "许昌市的市花是谁定的", []) == ""  # 许昌市 is asked
