"""Superlatives over a printed table: 哪家单位垫底, 哪个县得分最高, 最高分是多少.

A paper prints a ranking as a list, one row a line: `襄城县(99.07分 优秀等次)`. No sentence says which row
is the highest or the lowest (the paper writes 成绩较差 of several), so the responder compares the rows'
figures itself, among the rows whose names are of the asked kind (哪个县: names ending in 县).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval import Article

MIN_ROWS = 3  # a list of fewer rows is no ranking
MIN_OF_KIND = 2  # and of the asked kind (哪个县) two rows at least are compared
HIGHEST = re.compile(r"最高|最多|最大|最好|最优|第一名|排名第一|排第一|名列第一|居首|榜首")
LOWEST = re.compile(r"最低|最少|最小|最差|垫底|倒数第一|排名最后|最后一名|末位|倒数")
EXTREME = re.compile(f"{HIGHEST.pattern}|{LOWEST.pattern}")
# the kind of thing named after the superlative (得分最低的街道, 最差的县): what the answer names
_EXTREME_OF = re.compile(rf"(?:{EXTREME.pattern})的?(县|市|区|镇|乡|街道|社区|村|单位|公司|部门|学校|医院|企业|人)")
# names and set phrases that hold such words without asking to compare anything
_NOT_COMPARING = re.compile(r"最高人民|最高法|最高检|最大限度|最大化|最低生活|最低工资|最少要|最多只")
# a row: its names, then in brackets a figure and its unit (and perhaps a grade: 优秀等次)
_ROW = re.compile(r"^(?P<names>[^()（）]{2,80}?)\s*[(（](?P<figure>\d+(?:\.\d+)?)(?P<unit>[^\d\s()（）]*)[^()（）]*[)）]$")


@dataclass(frozen=True, slots=True)
class Row:
    """One printed row: its names (several share a row: `市文广旅局、许昌供电公司(100分)`), figure and unit."""

    text: str
    names: tuple[str, ...]
    figure: float
    unit: str


@dataclass(frozen=True, slots=True)
class Extreme:
    """The rows at the asked extreme, the names of the asked kind in them, and how many rows were compared."""

    rows: tuple[Row, ...]
    names: tuple[str, ...]
    compared: int
    highest: bool

    @property
    def figure(self) -> str:
        """Return the extreme figure as printed with its unit (`0分`, `99.07分`)."""
        row = self.rows[0]
        return f"{row.figure:g}{row.unit}"


def asks_extreme(question: str) -> bool | None:
    """Return True for a question asking the highest (最高, 第一名), False the lowest (垫底, 最少), None neither."""
    if _NOT_COMPARING.search(question):
        return None
    high, low = HIGHEST.search(question), LOWEST.search(question)
    if bool(high) == bool(low):
        return None
    return bool(high)


def extreme_of(question: str) -> str:
    """Return the kind of thing a superlative is asked of (`街道` of `得分最高的街道`), or ''."""
    found = _EXTREME_OF.search(question)
    return found.group(1) if found else ""


def rows(article: Article) -> tuple[Row, ...]:
    """Return the article's list items that print a name and a figure in brackets."""
    found = []
    for paragraph in article.paragraphs:
        if paragraph.kind != "list-item":
            continue
        match = _ROW.match(paragraph.text.strip())
        if match:
            unit = match["unit"]
            unit = unit[:2] if unit[:1] in "万亿" else unit[:1]  # 分 of `分优秀等次`, 万元 of `万元`
            names = tuple(n.strip() for n in match["names"].split("、") if n.strip())
            found.append(Row(match.group(0), names, float(match["figure"]), unit))
    return tuple(found)


def is_row(text: str) -> bool:
    """Tell whether a text is one printed row of a table of figures (`襄城县(99.07分 优秀等次)`)."""
    return bool(_ROW.match(text.strip()))


def anothers_row(quote: str, named: Sequence[str], heading: str) -> bool:
    """Tell whether a quote is a printed row (`市城管局(81.7分)`) of names other than one the question asks
    about (长葛市, which the report's headings do not name either): its figure is another's, not the asked one's."""
    return is_row(quote) and any(n not in quote and n not in heading for n in named)


def _of_kind(name: str, head: str) -> bool:
    """Tell whether a name is of the asked kind: 襄城县 for 县, 永昌街道办事处 for 街道."""
    return bool(head) and (name.endswith(head) or name.endswith(f"{head}办事处"))


def extreme(printed: Sequence[Row], highest: bool, head: str = "", units: tuple[str, ...] = ()) -> Extreme | None:
    """Return the rows at the extreme among those of the asked kind (head) and unit, or None when the list
    has fewer than MIN_ROWS rows, or fewer than MIN_OF_KIND of the asked kind. Without a head the rows'
    names end in (单位 is no suffix), every row counts."""
    if units:
        printed = [r for r in printed if r.unit in units]
    counted = Counter(r.unit for r in printed).most_common(1)
    printed = [r for r in printed if counted and r.unit == counted[0][0]]  # figures of one unit only
    if len(printed) < MIN_ROWS:
        return None
    if any(_of_kind(n, head) for r in printed for n in r.names):
        printed = [r for r in printed if any(_of_kind(n, head) for n in r.names)]
    else:
        head = ""
    if len(printed) < MIN_OF_KIND:
        return None
    top = (max if highest else min)(r.figure for r in printed)
    best = tuple(r for r in printed if r.figure == top)
    names = tuple(n for r in best for n in r.names if not head or _of_kind(n, head))
    return Extreme(best, names, len(printed), highest)
