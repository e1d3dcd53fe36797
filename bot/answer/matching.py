"""Where a question's terms occur in a sentence: as printed, as the paper's own 我市, as a partner, or as a variant.

A city paper writes 我市 (全市, 本市) for its city: in 《许昌日报》 `我市签约1个项目` is about 许昌.
Readers use their own words (咱们市, 一把手, 打算投) where the paper prints others (我市, 主要负责同志,
计划总投资), and the archive defines abbreviations (许昌市邮政分公司): a term that search found
partners for (`SearchResult.partners`) is found where one of them is printed.
Readers abbreviate (先心病 for 先天性心脏病) and insert or drop a particle (人民满意公务员 for
人民满意的公务员): a word of three or more characters not printed as such still matches where its
characters appear in order, close together, within one clause.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

Found = dict[str, list[tuple[int, int]]]  # term → where it occurs
OWN_CITY = re.compile(r"我市|本市|全市")  # how the paper names its own city
FUNCTION_CHARS = re.compile(r"[了有去的得着过在是和与被把就也都还要会能]")  # a word holding one proves nothing
_PAPER_SUFFIX = re.compile(r"(日报|晚报|时报|都市报|报)$")
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")  # a word of Chinese characters only


def paper_city(paper: str) -> str:
    """Return the city a city paper is named after (`许昌日报` → `许昌`), or ''."""
    city = _PAPER_SUFFIX.sub("", paper)
    return city if city != paper and 2 <= len(city) <= 4 else ""


def in_paper_words(question: str, partners: Mapping[str, tuple[str, ...]], text: str) -> str:
    """Return the question with each reader's form that text does not print put in the words text prints
    for it (its longest partner printed there): `一共打算投多少钱` read against `计划总投资252.7亿元,年度计划
    投资76亿元` asks `一共计划总投资多少钱`, whose words stand before 252.7亿元, not before 76亿元."""
    lowered, printed = question.lower(), text.lower()
    for form in sorted(partners, key=len, reverse=True):
        at = lowered.find(form)
        if at < 0 or form in printed:
            continue
        said = max((p for p in partners[form] if len(p) > 1 and p in printed), key=len, default="")
        if said:
            question = question[:at] + said + question[at + len(form):]
            lowered = question.lower()
    return question


def _printed(term: str) -> re.Pattern[str] | None:
    """Return the pattern of term as printed, in any case; None for a term without letters of two cases
    (most Chinese terms), found faster by `_occurrences`."""
    return re.compile(re.escape(term), re.IGNORECASE) if term.lower() != term.upper() else None


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    """Return where term is printed in text, not overlapping (as a pattern's finditer finds them)."""
    found, at = [], text.find(term)
    while at >= 0:
        found.append((at, at + len(term)))
        at = text.find(term, at + len(term))
    return found


@dataclass(frozen=True, slots=True)
class Matcher:
    """Find a question's weighted terms in text; `city` is the paper's city, which its 我市 means.

    `partners` maps a term to the forms the paper may print for it (search's synonyms and the
    archive's abbreviations): the term also counts where one is printed. A partner of one character
    is too loose a match (建 for 建设 would be found in 建议) and is not looked for.
    """

    weights: dict[str, float]
    city: str = ""
    partners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _printed: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)
    _variants: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)
    _partners: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)
    # each term no longer term holds, with the shorter terms inside it (itself first): 丹江水 with 丹江 and 江水
    words: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # what `found` found in each text, kept for the question's matcher: choosing reads a sentence as itself,
    # as its neighbour's neighbour and inside a quote, and a heading once for every passage under it
    _found: dict[str, Found] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        longest = sorted(self.weights, key=len, reverse=True)
        self.words.update({t: (t, *(p for p in longest if len(p) < len(t) and p in t))
                           for t in longest if not any(len(o) > len(t) and t in o for o in longest)})
        for term in self.weights:
            self._printed[term] = _printed(term)

    def spans(self, term: str, text: str) -> list[tuple[int, int]]:
        """Return where term occurs in text, as printed or else as the city's 我市, a partner or a close variant."""
        if not term:
            return []
        printed = self._printed[term] if term in self._printed else _printed(term)
        found = ([(m.start(), m.start() + len(term)) for m in printed.finditer(text)] if printed
                 else _occurrences(term, text))
        if found:
            return found
        if self.city and term in (self.city, f"{self.city}市"):
            return [m.span() for m in OWN_CITY.finditer(text)]
        partner = self._partner(term) or self._partner(term.lower())  # GDP, a partner of gdp
        found = [m.span() for m in partner.finditer(text)] if partner else []
        if found:
            return found
        if not all(c in text for c in term):
            return []  # no variant either: it holds every character
        variant = self._variant(term)
        if variant is None:
            return []
        return [m.span() for m in variant.finditer(text) if m.end() - m.start() <= 2 * len(term)]

    # The partner and variant patterns are compiled when a term is first not printed as such: most
    # terms are, and compiling every one up front cost more than all the matching.
    def _partner(self, term: str) -> re.Pattern[str] | None:
        if term not in self._partners:
            partners = sorted((p for p in self.partners.get(term, ()) if len(p) > 1 and term in self.weights),
                              key=len, reverse=True)
            self._partners[term] = re.compile("|".join(map(re.escape, partners)), re.IGNORECASE) if partners else None
        return self._partners[term]

    def _variant(self, term: str) -> re.Pattern[str] | None:
        if term not in self._variants:
            pattern = None
            if term in self.weights and len(term) >= 3 and CJK_WORD.match(term):
                gaps = r"[^\s,，。;；:：、!！?？]{0,%d}?" % max(2, len(term) - 1)
                pattern = re.compile(gaps.join(re.escape(c) for c in term))
            self._variants[term] = pattern
        return self._variants[term]

    def found(self, text: str) -> Found:
        """Return the terms that occur in text with their positions (the same mapping each time: not to be changed)."""
        if text in self._found:
            return self._found[text]
        found = self._found[text] = {}
        for term in self.weights:
            where = self.spans(term, text)
            if where:
                found[term] = where
        return found

    def coverage(self, text: str) -> float:
        """Return the share of the terms' weight that occurs in text."""
        return self.share(self.found(text).keys())

    def share(self, terms: Collection[str]) -> float:
        """Return the share of the weight that the given terms carry."""
        total = sum(self.weights.values())
        return sum(w for t, w in self.weights.items() if t in terms) / total if total > 0 else 0.0
