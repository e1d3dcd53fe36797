"""The answer where the question's asking word sits: the words around it, found in a sentence, frame it."""

from __future__ import annotations

from bot.answer.align import aligned, frame
from bot.answer.extract import spans


def test_the_words_around_the_asking_word_frame_the_answer() -> None:
    assert frame("天城文在何时成为梵语的标准书写系统？") == ("天城文在", "成为梵语的标")
    found = aligned(frame("天城文在何时成为梵语的标准书写系统？"), "天城文在19世纪成为梵语的标准书写系统,此前使用多种文字。")
    assert found is not None and (found.text, found.fit) == ("19世纪", 1.0)


def test_one_side_found_runs_to_the_end_of_the_clause() -> None:
    found = aligned(frame("许昌市的市花是什么"), "许昌市的市花是月季花,每年五月盛开。")
    assert found is not None and (found.text, found.fit) == ("月季花", 0.6)


def test_nothing_is_framed_without_an_asking_word_or_a_printed_side() -> None:
    assert frame("许昌 市花") is None
    assert aligned(frame("许昌市的市花是什么"), "南水北调中线工程总干渠许昌段全长54公里。") is None


def test_dates_as_encyclopedias_print_them() -> None:
    found = [s.text for s in spans("time", "元嘉二十七年，宋文帝出兵；1990年代中后期开始；公元12年；19世纪；连续二十年来")]
    assert found == ["元嘉二十七年", "1990年代中后期", "公元12年", "19世纪"]
