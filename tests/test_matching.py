"""Question terms found in seed sentences as printed, as the paper's 我市, or as a close variant."""

from __future__ import annotations

from bot.answer.matching import Matcher, paper_city


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
