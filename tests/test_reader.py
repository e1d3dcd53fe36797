"""The short-answer reader: the phrases of a quote, and the fitted model's pick among them."""

from __future__ import annotations

import dataclasses

from bot.answer.forest import PhraseWeights
from bot.answer.model import default_model
from bot.answer.names import asked_head, tagger_words
from bot.answer.phrases import asking, phrases
from bot.answer.reader import candidates, read, reads, short_answer


def about(question: str, kind: str = "overview"):
    return asking(kind, tagger_words(question), asked_head(question))


def test_the_asking_word_and_the_words_around_it_are_read_from_the_question() -> None:
    question = about("陆特和汉斯雷顿开创了哪一地区对梵语的学术研究？")
    assert question.asked.startswith("哪") and question.before == "了" and question.marked
    assert "梵语" in question.words and not any("哪" in w for w in question.words)
    assert question.head == "地区"


def test_phrases_stay_inside_a_clause_and_never_start_or_end_with_the_questions_words() -> None:
    question = about("柏启传在集中整治动员会上提了几点要求", "number")
    found = phrases(tagger_words("就此次集中整治工作会议,柏启传提出三点要求。"), question)
    texts = {p.text for p in found}
    assert "三点" in texts and "三点要求" not in texts
    assert not any("," in t or "。" in t for t in texts)
    assert all(p.text == "就此次集中整治工作会议,柏启传提出三点要求。"[p.start:p.end] for p in found)


def test_the_rule_finders_answer_is_a_phrase_even_where_the_tagger_reads_words_otherwise() -> None:
    sentence = "市人民检察院检察长张桂平等出席会议。"
    found = phrases(tagger_words(sentence), about("市人民检察院检察长叫什么", "person"), rule="张桂平")
    [rule] = [p for p in found if p.text == "张桂平"]
    assert rule.features["rule"] == 1.0 and sentence[rule.start:rule.end] == "张桂平"


def test_the_fitted_reader_picks_the_phrase_that_answers() -> None:
    model = default_model()
    read = short_answer("number", "柏启传在集中整治动员会上提了几点要求", "就此次集中整治工作会议,柏启传提出三点要求。",
                        "三点", model)
    assert read.short == "三点" and read.explain.startswith("reader: 「三点」 share=") and "rule=+" in read.explain
    sentence = "在欧洲，梵语的学术研究，由德国学者陆特和汉斯雷顿开创。"
    assert short_answer("place", "梵语的学术研究在哪个地区由德国学者开创？", sentence, "", model).short == "欧洲"
    # either founder, or both: a person of the sentence, not 德国学者
    assert short_answer("person", "梵语的学术研究是由谁开创的？", sentence, "", model).short in ("陆特", "汉斯雷顿", "陆特和汉斯雷顿")


def test_keywords_and_yes_no_questions_keep_the_rule_answer() -> None:
    model = default_model()
    sentence = "许昌市获评全国文明城市。"
    assert not reads("overview", about("文明城市"))
    assert short_answer("overview", "文明城市", sentence, "", model).short == ""
    assert not reads("yesno", about("许昌市是不是文明城市？", "yesno"))


def test_the_best_phrase_takes_its_share_of_the_softmax() -> None:
    found = phrases(tagger_words("许昌市获评全国文明城市。"), about("许昌市获评了什么？"))
    best, share = read(found, PhraseWeights({"last:n": 1.0}))
    assert best is not None and 0.0 < share <= 1.0
    assert read([], PhraseWeights({"last:n": 1.0})) == (None, 0.0)


def test_a_phrase_beside_the_quote_that_wins_the_softmax_brings_its_sentence_into_the_quote() -> None:
    # weights that value a person's name and hold a phrase beside the quote back, as the fitted ones do
    model = dataclasses.replace(default_model(), reader=PhraseWeights({"last:PER": 5.0, "beside:before": -1.0}), shown=0.0)
    question = "梵语的学术研究是谁开创的？"
    quote = "梵语的学术研究由此开始。"
    before = "德国学者陆特来到了印度。"
    read = short_answer("person", question, quote, "", model, (before, ""))
    assert read.quote == before + quote and read.short.endswith("陆特") and "sentence before" in read.explain
    assert short_answer("person", question, quote, "", model).quote == quote  # nothing around: it stays
    weak = dataclasses.replace(model, reader=PhraseWeights({"last:PER": 0.5, "beside:before": -1.0}))  # held back
    assert short_answer("person", question, quote, "", weak, (before, "")).quote == quote


def test_the_neighbours_phrases_are_marked_by_side_and_read_with_the_quote_between_them() -> None:
    question = about("梵语的学术研究是谁开创的？", "person")
    quote, before, after = "梵语的学术研究由此开始。", "德国学者陆特来到了印度。", "汉斯雷顿随后加入。"
    found, sides = candidates(question, quote, "", (before, after))
    placed = {p.text: (side, p) for p, side in zip(found, sides)}
    assert placed["陆特"][0] == "before" and placed["陆特"][1].features["beside:before"] == 1.0
    assert placed["汉斯雷顿"][0] == "after" and placed["汉斯雷顿"][1].features["person:beside"] == 1.0
    assert all("beside:before" not in p.features and "beside:after" not in p.features
               for p, side in zip(found, sides) if side == "")
    # a quote that would grow past MAX_QUOTE with a neighbour is read alone
    assert set(candidates(question, quote, "", ("长" * 200, ""))[1]) == {""}


def test_a_quote_that_points_back_marks_the_phrases_of_the_sentence_before_it() -> None:
    question = about("勐遮县于哪一年时被并入勐海县？", "time")
    before, after = "1960年1月改各版纳为景洪、勐海、勐遮、勐腊、易武五县。", "次年，县城迁往新址。"
    for quote in ("同年9月将勐遮县并入勐海县。", "在州里的安排下，同年9月勐遮县并入勐海县。", "该县于9月并入勐海县。"):
        found, sides = candidates(question, quote, "", (before, after))
        marked = {side for p, side in zip(found, sides) if "beside:before:refers" in p.features}
        assert marked == {"before"}, quote  # only the sentence before, never the one after
    found, sides = candidates(question, "勐遮县于9月并入勐海县。", "", (before, after))
    assert not any("beside:before:refers" in p.features for p in found)  # it names its own subject and time


def test_the_words_and_characters_around_the_asking_word_are_looked_for_around_each_phrase() -> None:
    question = about("古罗马文学黄金时代涵盖西塞罗时期和哪一位皇帝？")
    assert question.words_before >= {"西塞罗", "时期"} and question.words_after == {"皇帝"}
    assert {"和", "时", "期"} <= question.close_before and question.close_after == {"皇", "帝"}
    found = {p.text: p.features for p in phrases(
        tagger_words("黄金时代即拉丁语发展史上的辉煌时期，涵盖两位著名人物的活动年代，即西塞罗时期和奥古斯都时期。"),
        question)}
    answer, others = found["奥古斯都"], [found["拉丁语"], found["两位著名人物"]]
    assert answer["left_before"] == 1.0 and answer["close_ll"] == 1.0
    for name in ("chars_ll", "clause_words"):  # its clause names 西塞罗时期, the others' do not
        assert all(answer[name] > other.get(name, 0.0) for other in others)


def test_a_quoted_title_is_one_phrase_however_many_words_it_holds() -> None:
    question = about("许昌i科普馆校结合志愿服务是什么奖？")
    found = {p.text: p.features for p in phrases(
        tagger_words("许昌“i科普”馆校结合志愿服务等10个项目为许昌市“优秀志愿服务项目”;"), question)}
    assert found["优秀志愿服务项目"]["quoted"] == 1.0 and found["i科普"]["quoted"] == 1.0
    assert not any("“" in t or "”" in t for t in found)
    # never one starting or ending with the question's words: an answer adds to the question
    asked = about("优秀志愿服务项目有哪些？")
    assert "优秀志愿服务项目" not in {p.text for p in phrases(tagger_words("许昌市“优秀志愿服务项目”;"), asked)}
