"""Readers' words and the paper's: synonym groups, abbreviations an archive defines, and finding them.

Readers ask in their own words (`咱们市`, `一把手`, `打算投`); the paper prints others (`我市`,
`主要负责同志`, `计划总投资`). Two sources say which words stand for each other:

- a curated list of groups for news language (`data/synonyms.txt`, one group a line);
- the abbreviations an archive defines itself: `中国邮政集团有限公司许昌分公司(以下简称许昌市邮政
  分公司)` makes the short and the long name partners, found by one regex pass over the articles.

`Synonyms.find` tells which of these forms a question holds; search then also looks for their
partners, and the answer layer counts a word as found where a partner is printed (`Term`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from retrieval.models import Issue
from retrieval.segment import DATA_DIR, normalise

DEFAULT_SYNONYMS = DATA_DIR / "synonyms.txt"
MAX_SHORT, MAX_LONG = 16, 60  # characters of an abbreviation and of the name it stands for
# (以下简称“佰强物业”), (简称中国), (下称YY,下同), (又称YY): normalised text, so brackets are ASCII
_DEFINES = re.compile(
    r"\((?:以下|下文|下)?(?:简称|称|又称|亦称|也称|俗称)(?:为)?[:：]?\s*[“\"'「『《]?"
    r"(?P<short>[^()“”\"'「」『』《》,，。;；:：、!！?？\s]{2,%d})[”\"'」』》]?\s*(?:\)|[,，;；])" % MAX_SHORT
)
_CLAUSE_END = re.compile(r"[,，。;；:：!！?？、“”\"()\n]")
_TITLE = re.compile(r"《([^《》]{2,%d})》$" % MAX_LONG)
_REPORTED = re.compile(r"(?:获悉|了解到|得知|获知|表示|介绍|透露|宣布|发布|指出|消息)$")
# Where a name's lead-in ends: 记者从|对|由…; the name is what follows the last one
_LEAD_IN = "从对由与向在据经把将被跟同和及为是于的"


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Groups of interchangeable forms (normalised, lower-case), each form's partners, and a finder."""

    groups: tuple[tuple[str, ...], ...] = ()
    _partners: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _starts: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        partners: dict[str, dict[str, None]] = {}
        for group in self.groups:
            for form in group:
                partners.setdefault(form, {}).update(dict.fromkeys(f for f in group if f != form))
        self._partners.update((form, tuple(p)) for form, p in partners.items() if p)
        starts: dict[str, list[str]] = {}
        for form in self._partners:
            starts.setdefault(form[0], []).append(form)
        self._starts.update((c, tuple(sorted(f, key=len, reverse=True))) for c, f in starts.items())

    def partners(self, form: str) -> tuple[str, ...]:
        """Return the forms that stand for form (none when it is in no group)."""
        return self._partners.get(form, ())

    def find(self, text: str, words: Sequence[str]) -> tuple[tuple[str, int], ...]:
        """Return (form, start) for each listed form in text, longest first, without overlaps.

        `words` are text's words (their concatenation is text). A form of one or two characters
        counts only as whole words (`全市` is not in `健全市场`); a longer one wherever it is printed
        (`咱们市` in `咱们/市有`, as jieba cuts `咱们市有多少`).
        """
        text = text.lower()
        bounds = frozenset(accumulate(map(len, words), initial=0))
        found = []
        at = 0
        while at < len(text):
            form = next((f for f in self._starts.get(text[at], ()) if text.startswith(f, at)
                         and (len(f) > 2 or (at in bounds and at + len(f) in bounds))), None)
            if form is None:
                at += 1
                continue
            found.append((form, at))
            at += len(form)
        return tuple(found)

    def with_groups(self, groups: Iterable[Sequence[str]]) -> Synonyms:
        """Return these synonyms with more groups (an archive's abbreviations) added."""
        return Synonyms((*self.groups, *(tuple(g) for g in groups)))


def read_synonyms(paths: Iterable[Path] = (DEFAULT_SYNONYMS,)) -> Synonyms:
    """Read synonym groups: one a line, forms separated by spaces, '#' starts a comment."""
    groups = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            forms = tuple(dict.fromkeys(normalise(w).lower() for w in line.split("#", 1)[0].split()))
            if len(forms) > 1:
                groups.append(forms)
    return Synonyms(tuple(groups))


def find_abbreviations(issues: Iterable[Issue]) -> tuple[tuple[str, str], ...]:
    """Return (abbreviation, full name) for each `全称(以下简称YY)` the issues' articles print.

    An abbreviation defined as two different names (`(以下简称《意见》)` after two documents) says
    nothing outside its own article and is left out.
    """
    return abbreviations(defined_names(issues))


def defined_names(issues: Iterable[Issue]) -> tuple[tuple[str, str], ...]:
    """Return every (abbreviation, full name) the issues define, in order of first definition."""
    names: dict[tuple[str, str], None] = {}
    for issue in issues:
        for article in issue.articles:
            for paragraph in (article.headline, *article.subheadlines, *(p.text for p in article.paragraphs)):
                if "称" not in paragraph and "稱" not in paragraph:  # normalised only where it may define one
                    continue
                names.update(dict.fromkeys(_defined(normalise(paragraph))))
    return tuple(names)


def abbreviations(defined: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Keep the abbreviations defined as one full name only, sorted (what find_abbreviations returns)."""
    names: dict[str, dict[str, None]] = {}
    for short, long in defined:
        names.setdefault(short, {})[long] = None
    return tuple(sorted((short, next(iter(longs))) for short, longs in names.items() if len(longs) == 1))


def _defined(text: str) -> Iterable[tuple[str, str]]:
    """Yield (abbreviation, full name) for each definition in one normalised paragraph."""
    for match in _DEFINES.finditer(text):
        short = match.group("short").lower()
        long = _full_name(text[max(0, match.start() - 2 * MAX_LONG) : match.start()], short)
        if long and _stands_for(short, long):
            yield short, long


def _full_name(before: str, short: str) -> str:
    """Return the name printed just before a definition: a 《title》, else the clause's last noun phrase."""
    title = _TITLE.search(before)
    if title:
        return title.group(1).lower()
    clause = _CLAUSE_END.split(before)[-1]
    clause = _REPORTED.sub("", clause)  # 记者从许昌佰强物业服务公司获悉(以下简称佰强物业)
    # cut after the last lead-in character that still leaves the abbreviation's first character
    # (中华人民共和国 keeps its 和: 国 alone would lose 中)
    for at in range(len(clause) - 1, -1, -1):
        if clause[at] in _LEAD_IN and short[0] in clause[at + 1 :]:
            clause = clause[at + 1 :]
            break
    return clause.lower() if len(clause) <= MAX_LONG else ""


def _stands_for(short: str, long: str) -> bool:
    """Tell whether a short form plausibly abbreviates a name: longer, sharing two of its characters."""
    shared = len(set(short) & set(long))
    return len(short) >= 3 and len(long) > len(short) and shared >= 2 and short != long
