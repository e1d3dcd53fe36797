"""Whose figure a quote gives: the place, body or person the question names, or another one.

A quote may give a sibling's figure (`襄城县、鄢陵县、禹州市…均在98分以上` for 长葛市), a list's together
(`向许昌市区、长葛市、襄城县、鄢陵县…供水` for 鄢陵县), the paper's whole city's (`为我市供水10.15亿立方米` for a
county or another city), or what another person did (`科技副镇长宋伟涛…引进` for 付一凡). `of_subject` drops such
candidates among the best few (and a table's rows of other names); `own_city_first` puts first the one naming the
paper's own city when it is asked of.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.answer.choose import Candidate, HitLike, heading
from bot.answer.extremes import anothers_row, is_row
from bot.answer.matching import OWN_CITY
from bot.answer.names import HERE, KIND_SUFFIX, tagger_words
from bot.answer.question import ROLE

OWN_SUBJECT_CHECKED = 3  # the best candidates checked for naming others instead of the asked place
_TITLE_BEFORE = re.compile(rf"{ROLE}$")  # an office printed right before a name (科技副镇长宋伟涛)
# the paper's city as a whole, of which its counties are parts (not 全市, which a county's figure is ranked in:
# `居全市第1位`)
_WHOLE_CITY = re.compile(r"[我本]市")
_SAID_OF = re.compile(r"[他她]")  # a quote saying 他 or 她 may be about the asked person after all
# the places a list prints beside one of a kind: a county's siblings are the districts and county-level cities
# (`魏都区1271件、建安区572件…` answers nothing of 鄢陵县), a town's the other towns, townships and streets
_TOWNS = ("镇", "乡", "街道", "办事处")
_SIBLINGS = {**dict.fromkeys(("县", "区"), ("县", "区", "市")), **dict.fromkeys(_TOWNS, _TOWNS)}


def _stem(name: str, city: str) -> str:
    """Return a name without the paper's city before it (城管 of 许昌市城管, printed 市城管局), unless it is the city."""
    rest = name[len(city):].lstrip("市") if city and name.startswith(city) else name
    return rest if len(rest) >= 2 else name


def about_others(quote: str, named: tuple[str, ...], heading: str, city: str = "", people: tuple[str, ...] = (),
                 titled: tuple[str, ...] = (), archived: frozenset[str] = frozenset()) -> bool:
    """Tell whether a quote is about other places or bodies of the kind the question names, not the one it
    names (`襄城县、鄢陵县、禹州市…均在98分以上` for 长葛市, which neither it nor its headings print, not even as
    长葛): its figure is theirs; and the paper's own city's, where the quote or its headings say 我市 and print
    no asked county, town or city. A name the quote does not print but no sibling of it is printed proves nothing;
    the paper's own city (许昌市) is printed as 我市 or 全市, and a name with one character misread is the name
    where the archive never prints the asked one (`archived`: the names it does print).
    Likewise the people whose words a question asks for (`副主任韩国全…提了哪些要求`) where the quote, which
    neither prints them nor says 他 or 她, gives another person's (`王堃指出…`); and the people a question
    names otherwise (`titled`: `付一凡给褚河镇引进…`) where it names another after an office
    (`科技副镇长宋伟涛…引进投资1000万元`): what that person did."""
    missing = _unprinted_places(quote, named, heading, city)
    said_of = _SAID_OF.search(quote) is not None
    absent = [p for p in people if p not in quote and p not in heading] if not said_of else []
    unnamed = [p for p in titled if p not in quote and p not in heading] if not said_of else []
    if not missing and not absent and not unnamed:
        return False
    tagged = tagger_words(quote)
    if absent and any(t == "PER" and len(w) >= 2 and not _within(p, w) and not _within(w, p) and not _misread(w, p)
                      for w, t in tagged for p in absent):
        return True
    if unnamed and any(t == "PER" and len(w) >= 2 and _TITLE_BEFORE.search(quote, 0, end - len(w))
                       and not any(_within(p, w) or _within(w, p) or _misread(w, p) for p in unnamed)
                       for (w, t), end in zip(tagged, itertools.accumulate(len(w) for w, _ in tagged))):
        return True
    if not missing:
        return False
    printed = {w for w, t in tagged if t in ("LOC", "ORG") and not HERE.fullmatch(w)}
    if any(_misread(w, n) for n, _ in missing if n not in archived for w in printed):
        # the asked name with one character misread (浙川县 printed for 淅川县, which the archive never prints):
        # about it after all; a name the archive prints is itself (禹州市 is no misread 郑州市)
        return False
    if _WHOLE_CITY.search(quote + heading) and any(not (city and city in n) and (kind in _SIBLINGS or kind == "市")
                                                   for n, kind in missing):
        # a county, town or another city asked, and a report of the paper's own city (`累计为我市供水10.15亿立方米`
        # for 鄢陵县; `我市9月份数字化城市管理绩效考核成绩出炉` for 郑州市)
        return True
    # a sibling, not the asked name shortened or lengthened (中央政治局 of 东德中央政治局, 禹州老干部局 of
    # 禹州市委老干部局)
    return any(w.endswith(_SIBLINGS.get(kind, (kind,))) and not _within(n, w) and not _within(w, n) and len(w) > 2
               for n, kind in missing for w in printed)


def prints_places(quote: str, named: tuple[str, ...], heading: str, city: str = "") -> bool:
    """Tell whether a quote or its headings print every place or body of a kind the question names (as 长葛 for
    长葛市; the paper's own city as 我市 or 全市)."""
    return not _unprinted_places(quote, named, heading, city)


def of_a_kind(name: str) -> bool:
    """Tell whether a name is of a place or body of a kind (鄢陵县, 市城管局), not an event or a person."""
    return KIND_SUFFIX.search(name) is not None


# what gives a list's figure to each of its items (`襄城县、鄢陵县、禹州市考评成绩均在98分以上`)
_EACH = re.compile(r"均|各|分别|每")


def only_listed(quote: str, named: tuple[str, ...]) -> bool:
    """Tell whether a quote prints a place or body the question names only as an item of a list of others
    (`通过4座分水口门向许昌市区、长葛市、襄城县、鄢陵县…供水` for `给鄢陵县供了多少水`): a figure it gives is theirs
    together, unless 均, 各, 分别 or 每 give it to each."""
    if _EACH.search(quote):
        return False
    for name in named:
        spots = [m.start() for m in re.finditer(re.escape(name), quote)] if of_a_kind(name) else []
        if spots and all("、" in (quote[at - 1:at], quote[at + len(name):at + len(name) + 1]) for at in spots):
            return True
    return False


def _unprinted_places(quote: str, named: tuple[str, ...], heading: str, city: str) -> list[tuple[str, str]]:
    """Return the places and bodies of a kind (鄢陵县: 县) the question names that neither a quote nor its
    headings print, each with its kind."""
    said = quote + heading + (city if HERE.search(quote + heading) else "")
    return [(n, kind.group(0)) for n in named for kind in [KIND_SUFFIX.search(n)] if kind
            for stem in [_stem(n[:kind.start()], city)] if len(stem) >= 2 and stem not in said]


def _within(short: str, long: str) -> bool:
    """Tell whether a name is another's shortened, its characters in order (禹州老干部局 of 禹州市委老干部局)."""
    rest = iter(long)
    return all(c in rest for c in short)


def _misread(printed: str, name: str) -> bool:
    """Tell whether a printed name is the name with one character misread or mistyped (浙川县, 淅川县)."""
    return len(printed) == len(name) and sum(a != b for a, b in zip(printed, name)) == 1


# the paper's own city as a reader asks of it without naming it (the paper's own forms, and 咱市, 市里)
_ASKED_CITY = re.compile(rf"{OWN_CITY.pattern}|咱们?市|市里")


def own_city_first(quotes: Sequence[str], article_ids: Sequence[str], covers: Sequence[float], question: str,
                   city: str) -> int:
    """Return which of the best few candidates to put first when the question asks of the paper's own city
    (`许昌有多少人上榜`, `许昌签约项目的总投资`): the best one, unless it never names the city and a later one of
    the same report that holds as much of the question does (`我市的孙海洋等11人…上榜` over the province's
    `79名…上榜人物`; not `全市共完成48所学校` over `共成立教育集团170个` for `许昌…成立了多少个教育集团`)."""
    if not city or not quotes or not (city in question or _ASKED_CITY.search(question)):
        return 0
    if city in quotes[0] or OWN_CITY.search(quotes[0]):
        return 0
    # the city as the subject of a figure is 我市 (`其中,我市签约1个项目`); 许昌 may be part of a name (许昌市海源建材)
    return next((k for k in range(1, min(len(quotes), OWN_SUBJECT_CHECKED))
                 if OWN_CITY.search(quotes[k]) and article_ids[k] == article_ids[0] and covers[k] >= covers[0]), 0)


def of_subject(eligible: list[Candidate], named: tuple[str, ...], hits: Sequence[HitLike], city: str,
                speakers: tuple[str, ...] = (), people: tuple[str, ...] = (), counted: bool = False,
                archived: frozenset[str] = frozenset()) -> list[Candidate]:
    """Drop the candidates giving other names' figures where the question names its own (长葛市…得了多少分): a
    table's row of other names, and, among the best few, a sentence about sibling places only."""
    # where a row names the asked name, the rows that do not are others' though the headings name it too
    # (`…高铁许昌北站考核成绩较差` above a table: `市城管局(81.7分)` is not its figure)
    printed = any(is_row(c.quote) and all(n in c.quote for n in named) for c in eligible) if named else False
    own = [c for c in eligible if not anothers_row(c.quote, named, "" if printed else heading(hits[c.hit_index]))]
    others = next((k for k, c in enumerate(own[:OWN_SUBJECT_CHECKED])
                   if not about_others(c.quote, named, heading(hits[c.hit_index]), city, speakers, people, archived)
                   and not (counted and only_listed(c.quote, named))), OWN_SUBJECT_CHECKED)
    # past the siblings' figures, only a sentence printing the asked place answers for it (`鄢陵县有多少件`
    # after `魏都区1271件、建安区572件…`: not the month's 747件 of the whole city)
    return [c for c in own[others:] if not others or _of_them(c, named, speakers, heading(hits[c.hit_index]), city)]


def _of_them(candidate: Candidate, named: tuple[str, ...], speakers: tuple[str, ...], headings: str, city: str) -> bool:
    """Tell whether a quote (with its headings) prints the places asked about and is about the people asked of:
    it names them or says 他 or 她."""
    quote = candidate.quote
    return prints_places(quote, named, headings, city) and all(
        p in quote or p in headings or "他" in quote or "她" in quote for p in speakers)


# the parts of a sentence listing several people's deeds (`…科技副镇长牛银霞…；长葛市石象镇科技副镇长马会江…`)
_PARTS = re.compile(r"(?<=[；;])")


def own_part(quote: str, people: tuple[str, ...]) -> str:
    """Return the part of a quote listing several people's deeds that is about the asked one: the only part
    printing a person the question names, where every other part names another person. Else the quote.

    The reader then reads that part alone: `牛银霞原来是哪个单位的` is no longer answered with the school
    马会江's part names. (Places do not tell parts apart: `基隆港…；其辅助港台北港…` goes on about one port.)"""
    parts = [p for p in _PARTS.split(quote) if p]
    own = {i for i, p in enumerate(parts) for n in people if n in p}
    if len(parts) < 2 or len(own) != 1:
        return quote
    mine = own.pop()
    others = all(any(t == "PER" and len(w) >= 2 and not any(w in n or n in w for n in people)
                     for w, t in tagger_words(p)) for i, p in enumerate(parts) if i != mine)
    return parts[mine] if others else quote
