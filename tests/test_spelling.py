"""A name misspelled by sound is read as the one the reports print; a different name is not."""

from __future__ import annotations

from bot.answer.ask import answer
from bot.answer.spelling import Respelled, measures_spelled, pinyin_spelled, respelled
from retrieval import Library


def test_a_homophone_of_a_printed_name_is_read_as_it() -> None:
    texts = ["据了解,2003年振德医疗落地鄢陵,十几年来,已累计在鄢陵投资6个项目"]
    fixed = respelled("振德医疗是哪年落户焉陵的", ("振德医疗", "焉陵"), {}, texts)
    assert fixed is not None and fixed.question == "振德医疗是哪年落户鄢陵的"
    assert fixed.note == "存档中没有“焉陵”，按读音相同的“鄢陵”回答"
    # a printed name, or another that only looks alike or sounds otherwise, is no misspelling
    assert respelled("鄢陵是哪年", ("鄢陵",), {}, texts) is None
    assert respelled("长垣是哪年", ("长垣",), {}, ["长葛市因系统升级"]) is None


def test_a_question_naming_a_homophone_is_answered_and_says_so(seed_engine: Library) -> None:
    result = answer(seed_engine, "振德医疗是哪年落户焉陵的？")
    assert result.answered and result.short == "2003年" and result.question == "振德医疗是哪年落户焉陵的？"
    assert result.notes[0] == "存档中没有“焉陵”，按读音相同的“鄢陵”回答"
    assert not answer(seed_engine, "长垣市9月份数字化城管考评成绩是多少分").answered


def test_a_respelled_question_is_asked_again_once(seed_engine: Library, monkeypatch) -> None:
    # a respelling can make another name of the question a stranger with a homophone of its own (two names
    # read back and forth): the question is re-asked once, never in a loop
    import bot.answer.ask as ask  # noqa: PLC0415

    calls = []

    def always(question, names, weights, texts, is_word):
        calls.append(question)
        return Respelled(question + "吗", "甲", "乙")

    monkeypatch.setattr(ask, "respelled", always)
    assert not answer(seed_engine, "火星上有几个外星人基地").answered
    assert len(calls) == 1


def test_a_measure_word_typed_in_pinyin_is_read_as_its_character(seed_engine: Library) -> None:
    assert measures_spelled("一年能产多少dun？") == "一年能产多少吨？" and measures_spelled("来了几ge人") == "来了几个人"
    # fen spells 分 and 份 alike, and GDP or km spells no measure word: left as typed
    assert measures_spelled("多少fen") == "多少fen" and measures_spelled("多少GDP") == "多少GDP"
    assert answer(seed_engine, "瑞达那个甜蜜素项目一年能产多少dun？").short == "14600吨"


def test_a_real_name_the_page_misread_is_read_as_printed(seed_engine: Library) -> None:
    texts = ["我市共接收安置丹江口库区浙川县移民4208户16454人", "浙川县移民新村", "悬挂着通信电缆"]
    words = {"淅川", "联通"}.__contains__
    fixed = respelled("淅川来的移民有多少人", ("淅川",), {}, texts, words)
    assert fixed is not None and fixed.question == "浙川来的移民有多少人" and fixed.misread
    assert fixed.note == "存档中没有“淅川”，报纸印作“浙川”（疑为识别错误），按此回答"
    # a variant printed once, or holding a particle (着通 of 悬挂着通信), is no misreading
    assert respelled("联通的电缆", ("联通",), {}, texts, words) is None
    result = answer(seed_engine, "淅川过来的移民，咱许昌一共安置了多少人？")
    assert result.answered and "16454人" in result.short and result.notes[0].startswith("存档中没有“淅川”")


def test_a_word_typed_in_pinyin_is_read_as_the_characters_printed_beside_the_questions_own() -> None:
    texts = ["截至目前共成立教育集团170个", "技团", "许昌市长葛市召开", "长葛市"]
    fixed = pinyin_spelled("一共成立了多少个教育jituan", {}, texts)
    assert fixed is not None and fixed.question == "一共成立了多少个教育集团" and fixed.printed == "集团"
    assert fixed.note == "按拼音把“jituan”读作“集团”回答"
    # 长 is printed more often, but 昌 is the one printed after the question's 许
    assert pinyin_spelled("许chang在哪", {}, texts).question == "许昌在哪"
    # a Latin word the archive weighs, or one nothing printed sounds like, stays as typed
    assert pinyin_spelled("i许昌App有什么活动", {"app": 2.0}, ["i许昌App"]) is None
    assert pinyin_spelled("qwrtz是什么", {}, texts) is None


def test_a_question_with_a_word_in_pinyin_is_answered_and_says_so(seed_engine: Library) -> None:
    # the pinyin word is most of what names the report: refused as typed, answered read as characters
    result = answer(seed_engine, "jiaoyu集团一共成立了多少个")
    assert result.answered and result.short == "170个" and result.notes[0] == "按拼音把“jiaoyu”读作“教育”回答"
    care = answer(seed_engine, "全市的yanglao护理人员有多少")
    assert care.short == "1300多人" and care.notes[0] == "按拼音把“yanglao”读作“养老”回答"
    # read again only when refused as typed: here the rest of the question suffices, and nothing was respelled
    plain = answer(seed_engine, "许昌到现在一共成立了多少个教育jituan?")
    assert plain.answered and plain.short == "170个"


def test_every_name_misspelled_alike_is_read_as_the_first_report_prints_it(seed_engine: Library) -> None:
    # two homophones in one question; the report found first prints 鄢陵县 where two others misprint 郾陵县
    texts = ["鄢陵县陈化店镇建业生态新城社区高标准建成", "郾陵县郾陵县"]
    fixed = respelled("焉陵县陈华店镇建业生态新城社区建成的是什么", ("焉陵县", "陈华店镇"), {}, texts)
    assert fixed is not None and fixed.question == "鄢陵县陈化店镇建业生态新城社区建成的是什么"
    assert fixed.note == "存档中没有“焉陵县、陈华店镇”，按读音相同的“鄢陵县、陈化店镇”回答"
    result = answer(seed_engine, "焉陵县陈华店镇建业生态新城社区高标准建成的是什么?")
    assert result.answered and "七中心" in result.short + result.quote
