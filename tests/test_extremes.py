"""Superlatives answered by comparing a printed ranking's rows (the seed scores table)."""

from __future__ import annotations

from bot.answer import answer
from bot.answer.extremes import asks_extreme, extreme, extreme_of, rows
from retrieval import Issue, Library

SCORES = "我市9月份数字化城市管理绩效考核成绩出炉"


def _table(seed_issues: dict[str, Issue]):
    return rows(next(a for a in seed_issues["000"].articles if a.headline == SCORES))


def test_the_question_asks_the_highest_or_the_lowest() -> None:
    assert asks_extreme("城管考核哪个县得分最高") is True and asks_extreme("哪家单位垫底？") is False
    assert asks_extreme("最少有几个人参加") is False and asks_extreme("第一名是谁") is True
    assert asks_extreme("最高人民法院在哪里") is None  # a name, not a comparison
    assert asks_extreme("鄢陵县考了多少分") is None and asks_extreme("最高和最低差多少") is None


def test_the_rows_of_a_printed_ranking(seed_issues: dict[str, Issue]) -> None:
    table = _table(seed_issues)
    first = next(r for r in table if r.names == ("襄城县",))
    assert (first.figure, first.unit) == (99.07, "分")
    shared = next(r for r in table if r.figure == 0)  # two names share the row of 0分
    assert shared.names == ("河南日报报业集团大河书局有限公司", "高铁许昌北站")
    assert not any("长葛市" in r.names for r in table)  # 系统升级造成本月无考评数据: no figure, no row


def test_the_extreme_among_the_rows_of_the_asked_kind(seed_issues: dict[str, Issue]) -> None:
    table = _table(seed_issues)
    lowest = extreme(table, highest=False)
    assert lowest is not None and lowest.names == ("河南日报报业集团大河书局有限公司", "高铁许昌北站")
    assert lowest.figure == "0分"
    county = extreme(table, highest=True, head="县")  # 襄城县 and 鄢陵县 end in 县; 高州市 does not
    assert county is not None and county.names == ("襄城县",) and county.compared == 2
    street = extreme(table, highest=False, head="街道")  # 街道办事处 is of the kind 街道
    assert street is not None and street.names == ("市城乡一体化示范区忠武街道办事处",)
    assert extreme(table, highest=True, units=("元",)) is None  # no row prints a sum of money
    assert extreme(table[:2], highest=True) is None  # two rows are no ranking


def test_a_superlative_is_answered_from_the_ranking(seed_engine: Library) -> None:
    last = answer(seed_engine, "数字城管考核里哪家单位垫底？")
    assert last.short == "河南日报报业集团大河书局有限公司、高铁许昌北站"
    assert last.quote == "河南日报报业集团大河书局有限公司、高铁许昌北站(0分)"
    assert last.citations[0].headline == SCORES and any("0分最低" in n for n in last.notes)
    assert answer(seed_engine, "城管考核哪个县得分最高").short == "襄城县"
    # 最低 is printed nowhere: the comparison says it, so its absence does not refuse
    assert answer(seed_engine, "城管考核哪个县得分最低").short == "鄢陵县"
    # the kind named after the superlative is what is compared, and named: not the figure 得分 asks
    assert extreme_of("得分最高的街道") == "街道" and extreme_of("城管考核最高分是多少分") == ""
    assert answer(seed_engine, "得分最高的街道").short == "东城区永昌街道办事处"
    assert answer(seed_engine, "考核成绩最差的县").short == "鄢陵县"
    top = answer(seed_engine, "城管考核最高分是多少分")
    assert top.short == "100分" and top.quote.count("(100分)") == 3  # every row of 100分 is quoted
