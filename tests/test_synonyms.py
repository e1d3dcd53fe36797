"""Synonym groups and the abbreviations an archive defines: reading, finding them in questions, searching them."""

from __future__ import annotations

import dataclasses

from retrieval import Article, Issue, Library, Paragraph, Segmenter, Synonyms, find_abbreviations, read_synonyms, search
from tests.conftest import SEED_ABBREVIATIONS


def test_the_bundled_list_holds_groups_of_normalised_words_and_no_question_words(segmenter: Segmenter) -> None:
    synonyms = read_synonyms()
    assert 100 <= len(synonyms.groups) <= 300  # curated by hand: a few hundred groups, not a thesaurus
    assert all(len(g) > 1 and all(w == w.lower() and " " not in w for w in g) for g in synonyms.groups)
    assert {"我市", "本市", "全市"} <= set(synonyms.partners("咱们市"))
    assert "咱们市" in synonyms.partners("我市")  # every word stands for every other
    assert {"计划投资", "计划总投资"} <= set(synonyms.partners("打算投"))
    assert "主要负责同志" in synonyms.partners("一把手")
    listed = {w for g in synonyms.groups for w in g}
    assert not listed & segmenter.question_words  # 几个, 多少个 stay question words
    assert synonyms.partners("几个") == synonyms.partners("多少个") == ()


def test_a_form_is_found_whole_and_a_short_one_only_as_a_word(segmenter: Segmenter) -> None:
    synonyms = read_synonyms()
    question = "咱们市有多少个党员到社区报到"
    assert segmenter.words(question)[:2] == ["咱们", "市有"]  # jieba cuts across the reader's word
    assert synonyms.find(question, segmenter.words(question)) == (("咱们市", 0),)
    assert synonyms.find("全市建了多少", segmenter.words("全市建了多少")) == (("全市", 0), ("建了", 2))
    assert synonyms.find("健全市场体系", segmenter.words("健全市场体系")) == ()  # 全市 inside 健全/市场
    longest = synonyms.find("计划总投资多少", segmenter.words("计划总投资多少"))
    assert longest == (("计划总投资", 0),)  # not 计划投 or 总投资


def test_abbreviations_the_seeds_define(seed_engine: Library) -> None:
    assert find_abbreviations(seed_engine.issues()) == SEED_ABBREVIATIONS


def test_an_abbreviation_defined_twice_differently_is_left_out() -> None:
    lines = ("中华人民共和国(简称中国)的首都是北京。",  # two characters: too short to stand alone
             "记者从许昌市和平路街道办事处获悉(以下简称“和平路街道”),辖区已完成改造。",
             "市民政局印发《关于做好困难群众救助工作的实施意见》(以下简称《实施意见》)。",
             "市财政局印发《关于加强资金管理的实施意见》(以下简称《实施意见》)。")
    article = Article("x-01", "x.txt", 1, "", paragraphs=tuple(Paragraph(t) for t in lines))
    issue = Issue("许昌日报", None, "unknown", None, "x.txt", (article,))
    assert find_abbreviations([issue]) == (("和平路街道", "许昌市和平路街道办事处"),)


def test_a_readers_words_find_the_papers_planned_investment(seed_engine: Library) -> None:
    question = "开发区那14个重点项目一共打算投多少钱？"
    result = seed_engine.search(question, k=3)
    top = result.hits[0]
    assert top.passage.id == "000_5ebacb5347f1c782-02-p06" and "计划总投资252.7亿元" in top.passage.text
    assert {"计划投资", "计划总投资"} <= set(top.matched)
    assert "打算投" in result.terms and result.words[6] == "打算投"
    expansion = next(e for e in result.expansions if e.word == "打算投")
    assert expansion.partners == ("计划投", "计划投资", "计划总投资")
    # without the partners the passage ranks first too, but on its other words alone
    plain = search(dataclasses.replace(seed_engine.archive, synonyms=Synonyms()), seed_engine.segmenter, question, 3)
    assert plain.hits[0].passage == top.passage and plain.hits[0].score < top.score
    assert not plain.expansions and "打算投" not in plain.terms


def test_a_partner_never_weighs_more_than_the_word(seed_engine: Library) -> None:
    """A passage printing 市民 but not 群众 scores for 群众 as for 市民, scaled down to 群众's rarer weight."""
    for_word, for_partner = seed_engine.search("群众", k=300), seed_engine.search("市民", k=300)
    others = ("群众", "百姓", "民众")
    only = [h for h in for_partner.hits if not any(w in h.passage.indexed_text for w in others)]
    assert len(only) >= 5
    weights = seed_engine.weights(["群众", "市民"])
    assert weights["群众"] < weights["市民"]
    twins = {h.passage.id: h for h in for_word.hits}
    for hit in only:
        twin = twins[hit.passage.id]
        assert abs(twin.score - hit.score * weights["群众"] / weights["市民"]) < 1e-4 and "市民" in twin.matched


def test_our_city_in_a_readers_words_matches_wo_shi(seed_engine: Library) -> None:
    result = seed_engine.search("咱们市从哪年起实施社区一有七中心", k=3)
    top = result.hits[0]
    assert "我市从2017年起实施社区" in top.passage.text and "我市" in top.matched
    assert result.words[0] == "咱们市" and set(dict(result.partners)["咱们市"]) >= {"我市", "本市", "全市"}


def test_an_abbreviation_defined_in_the_seeds_is_found_both_ways(seed_engine: Library) -> None:
    assert seed_engine.archive.synonyms.partners("许昌市邮政分公司") == ("中国邮政集团有限公司许昌分公司",)
    assert seed_engine.archive.synonyms.partners("佰强物业") == ("许昌佰强物业服务公司",)
    question = "中国邮政集团有限公司许昌分公司依托什么网点服务政务"
    long_form = seed_engine.search(question, k=3)
    assert [h.passage.id for h in long_form.hits] == [
        "000_5ebacb5347f1c782-07-p00", "000_5ebacb5347f1c782-07-p06", "000_5ebacb5347f1c782-07-p07"]
    printing_short = long_form.hits[1]  # 许昌市邮政分公司依托数量众多、遍布城乡的网点…
    assert "中国邮政" not in printing_short.passage.text and "许昌市邮政分公司" in printing_short.matched
    short_form = seed_engine.search("许昌市邮政分公司依托什么网点服务政务", k=3)
    assert short_form.hits[0].passage == printing_short.passage
    assert abs(short_form.hits[0].score - printing_short.score) < 1e-4  # as if asked in the paper's words
    defining = seed_engine.search("许昌市邮政分公司的服务让姜女士竖起了大拇指", k=1).hits[0]
    assert defining.passage.id == "000_5ebacb5347f1c782-07-p00"
    assert "中国邮政集团有限公司许昌分公司" in defining.matched
    plain = search(dataclasses.replace(seed_engine.archive, synonyms=Synonyms()), seed_engine.segmenter, question, 10)
    twin = next(h for h in plain.hits if h.passage == printing_short.passage)
    assert (twin.rank, "许昌市邮政分公司" in twin.matched) == (4, False) and twin.score < printing_short.score
