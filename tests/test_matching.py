"""Question terms found in seed sentences as printed, as the paper's 我市, as a partner, or as a close variant."""

from __future__ import annotations

from bot.answer import answer
from bot.answer.matching import Matcher, in_paper_words, paper_city
from retrieval import Library


def test_the_papers_city_is_its_own_wo_shi() -> None:
    assert paper_city("许昌日报") == "许昌" and paper_city("参考消息") == ""
    matcher = Matcher({"许昌": 0.92, "签约": 3.65}, city="许昌")
    assert matcher.spans("许昌", "其中,我市签约1个项目,总投资76.8亿元。") == [(3, 5)]
    assert matcher.spans("许昌", "许昌以92.5分的高分顺利通过验收") == [(0, 2)]
    assert Matcher({"许昌": 1.0}).spans("许昌", "我市签约1个项目") == []


def test_an_abbreviation_matches_the_full_form_within_a_clause() -> None:
    matcher = Matcher({"先心病": 6.21, "免费": 2.66})
    text = "免费救助农村贫困先天性心脏病患儿87名"
    assert matcher.spans("先心病", text) == [(8, 14)]
    assert matcher.coverage(text) == 1.0
    assert matcher.spans("先心病", "先进,心系群众,病") == []  # not across clauses


def test_a_dropped_particle_still_matches() -> None:
    matcher = Matcher({"人民满意公务员": 6.21})
    assert matcher.found("第四届全省“人民满意的公务员”表彰大会") == {"人民满意公务员": [(6, 14)]}


def test_a_term_is_found_where_a_partner_is_printed() -> None:
    matcher = Matcher({"咱们市": 0.78, "签约": 3.65}, partners={"咱们市": ("咱市", "我市", "本市", "全市")})
    assert matcher.spans("咱们市", "其中,我市签约1个项目,总投资76.8亿元。") == [(3, 5)]
    assert matcher.coverage("其中,我市签约1个项目") == 1.0
    assert Matcher({"咱们市": 0.78}).spans("咱们市", "其中,我市签约1个项目") == []  # a plain word has no partners
    gdp = Matcher({"gdp": 5.1}, partners={"gdp": ("地区生产总值",)})  # key words are lower case, a name as asked
    assert gdp.spans("GDP", "开发区地区生产总值达35.2亿元") == [(3, 9)]
    build = Matcher({"盖": 1.0}, partners={"盖": ("建", "建设")})
    assert build.spans("盖", "扎实推进项目建设") == [(6, 8)] and build.spans("盖", "提出建议") == []  # not 建 alone


def test_an_abbreviation_the_seeds_define_matches_both_ways() -> None:
    long_name, short_name = "中国邮政集团有限公司许昌分公司", "许昌市邮政分公司"
    printing_short = "许昌市邮政分公司依托数量众多、遍布城乡的网点和专业的服务队伍"
    printing_long = "居住在市区仓库路的姜女士收到房产证后对中国邮政集团有限公司许昌分公司"
    assert Matcher({long_name: 3.81}, partners={long_name: (short_name,)}).found(printing_short) == {
        long_name: [(0, 8)]}
    assert Matcher({short_name: 3.81}, partners={short_name: (long_name,)}).found(printing_long) == {
        short_name: [(19, 34)]}


def test_search_hands_the_matcher_its_partners(seed_engine: Library) -> None:
    result = seed_engine.search("开发区那14个重点项目一共打算投多少钱？", k=1)
    sentence = "截至目前,开发区有14个项目列入省级、市级重点项目,计划总投资252.7亿元,年度计划投资76亿元"
    found = Matcher(dict(result.weights), partners=dict(result.partners)).found(sentence)
    assert found["打算投"] == [(26, 31), (41, 45)]  # 计划总投资, 计划投资
    key = Matcher({w: 1.0 for w in result.words if w in ("开发区", "重点项目", "打算投")}, partners=dict(result.partners))
    assert key.coverage(sentence) == 1.0


def test_the_reader_reads_a_question_in_the_quotes_words(seed_engine: Library) -> None:
    question = "开发区那14个重点项目一共打算投多少钱？"
    result = seed_engine.search(question, k=1)
    sentence = "截至目前,开发区有14个项目列入省级、市级重点项目,计划总投资252.7亿元,年度计划投资76亿元"
    # 打算投 put as the longest form the quote prints; 一共 stays, no partner of it is printed
    assert in_paper_words(question, dict(result.partners), sentence) == "开发区那14个重点项目一共计划总投资多少钱？"
    assert in_paper_words(question, dict(result.partners), "今年打算投资") == question  # nothing of it printed
    assert answer(seed_engine, question).short == "252.7亿元"  # the total, not the year's 76亿元 that 年度计划投资 also matches
