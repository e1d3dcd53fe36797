"""Reading a run of heading lines: kicker, lead-in, headline, sub-headlines, byline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from retrieval.models import Byline
from retrieval.text import CJK, visible_chars
from retrieval.units import Unit

_DASH = re.compile(r"^(——|—|－－|--|─)")
_OCR_DASH = re.compile(r"^一(?=\S)")
_PERSON_SUB = re.compile(r"(出席|主持|讲话|参加|致辞|陪同|调研)")
_EVENT = re.compile(r"(召开|举行|举办)")
_TRAILING_BYLINE = re.compile(r"\s+((?:本报记者|本报评论员|本报通讯员)\s*.*)$")
_NOTICE = re.compile(r"(^关于.*的|的)(通知|决定|决议|公告|通报|通告|倡议书|公开信)$")
_ROLE = re.compile(r"(本报记者|特约记者|记者|本报通讯员|特约通讯员|通讯员|实习生|本报评论员)")
_PEN_NAME = re.compile(rf"^[{CJK}](?:\s*[{CJK}]){{1,3}}$")
AD_CUES = re.compile(r"扫一扫|下载|最终解释权|诚邀|咨询电话|热线")
_BRIEF_MIN = 20


@dataclass(frozen=True, slots=True)
class HeadingGroup:
    """What a run of heading lines says about one article."""

    headline: str
    kicker: tuple[str, ...] = ()
    subheadlines: tuple[str, ...] = ()
    byline: Byline = Byline()
    credits: tuple[str, ...] = ()
    briefs: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _labels() -> tuple[frozenset[str], tuple[str, ...]]:
    text = resources.files("retrieval").joinpath("data/column_labels.txt").read_text(encoding="utf-8")
    rows = [visible_chars(r) for r in text.splitlines() if r.strip() and not r.startswith("#")]
    return frozenset(r for r in rows if not r.endswith("*")), tuple(r[:-1] for r in rows if r.endswith("*"))


def is_column_label(text: str) -> bool:
    """Tell whether a line is a known recurring column label (never a headline)."""
    exact, prefixes = _labels()
    bare = visible_chars(text)
    return bare in exact or any(bare.startswith(p) for p in prefixes)


def is_notice_title(text: str) -> bool:
    """Tell whether a heading is the title of an official notice, decision or resolution."""
    return bool(_NOTICE.search(visible_chars(text)))


def is_sub_line(text: str, after_headline: bool = True) -> bool:
    """Tell whether a heading line is a sub-headline: a dash line or `X出席并讲话`."""
    bare = visible_chars(text)
    if _DASH.match(bare):
        return True
    return after_headline and len(bare) <= 16 and bool(_PERSON_SUB.search(bare)) and not _EVENT.search(bare)


def parse_byline(text: str) -> Byline:
    """Read names by role from `记者 胡晨 通讯员 李彦宾`, `记者魏东雅通讯员刘梦婷` or `张文哲`."""
    roles: dict[str, list[str]] = {"reporters": [], "correspondents": [], "authors": []}
    parts = _ROLE.split(text.strip())
    if parts[0].strip():
        roles["authors"].extend(parts[0].split())
    for role, names in zip(parts[1::2], parts[2::2]):
        if role == "本报评论员":
            roles["authors"].append(role)
        key = "correspondents" if "通讯员" in role or role == "实习生" else "reporters"
        roles[key if role != "本报评论员" else "authors"].extend(names.split())
    return Byline(tuple(roles["reporters"]), tuple(roles["correspondents"]), (), tuple(roles["authors"]))


def merge_bylines(first: Byline, second: Byline) -> Byline:
    """Combine two bylines, keeping order and dropping repeats."""
    def both(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a + b))
    return Byline(both(first.reporters, second.reporters), both(first.correspondents, second.correspondents),
                  both(first.photographers, second.photographers), both(first.authors, second.authors))


def _split_bylines(units: list[Unit]) -> tuple[list[Unit], Byline, list[str]]:
    """Take byline lines (and bylines printed at the end of a heading line) out of a group."""
    lines: list[Unit] = []
    byline, credits = Byline(), []
    for i, unit in enumerate(units):
        trailing = _TRAILING_BYLINE.search(unit.text) if unit.kind == "heading" else None
        last = i == len(units) - 1
        if unit.kind == "byline":
            byline = merge_bylines(byline, parse_byline(unit.text))
            credits.append(unit.text)
        elif last and i > 0 and not unit.md and _PEN_NAME.match(unit.text):
            byline = merge_bylines(byline, Byline(authors=(visible_chars(unit.text),)))  # a pen name
            credits.append(unit.text)
        elif trailing:
            byline = merge_bylines(byline, parse_byline(trailing.group(1)))
            credits.append(trailing.group(1))
            head = unit.text[: trailing.start()].strip()
            lines.append(Unit("heading", "——" + head[1:] if _OCR_DASH.match(head) else head, unit.md))
        else:
            lines.append(unit)
    return lines, byline, credits


def _headline_index(lines: list[Unit]) -> int:
    """Pick the headline among the group's lines (kickers and labels already excluded)."""
    marked = [u.md for u in lines if u.md]
    if marked:  # the largest marked heading; a plain line is never above it
        top = [i for i, u in enumerate(lines) if u.md == min(marked)]
        return top[-1]
    if any(AD_CUES.search(u.text) for u in lines):
        return len(lines) - 1  # an advertisement's slogan comes last, above its small print
    subs = [i for i, u in enumerate(lines) if i > 0 and is_sub_line(u.text)]
    if subs:
        return subs[0] - 1
    sizes = [len(visible_chars(u.text)) for u in lines]
    if len(lines) == 1 or sizes[1] <= 4:
        return 0
    if sizes[0] <= 4:
        return 1
    # A lead-in (引题) above the headline is longer than it; a deck below it is longer still.
    return 1 if sizes[0] > sizes[1] or len(lines) >= 3 else 0


def read_group(units: list[Unit]) -> HeadingGroup:
    """Read a run of heading lines that opens one article (plus any headline-only briefs)."""
    lines, byline, credits = _split_bylines(units)
    labels = [u.text for u in lines if is_column_label(u.text)]
    lines = [u for u in lines if not is_column_label(u.text)]
    if not lines:
        return HeadingGroup(headline="", kicker=tuple(labels), byline=byline, credits=tuple(credits))
    pick = _headline_index(lines)
    if labels and not any(u.md for u in lines) and pick == 1 and not is_sub_line(lines[1].text):
        pick = 0  # after a column label the headline comes first, then its sub-headline
    before, after = lines[:pick], lines[pick + 1:]
    kicker, briefs = list(labels), []
    for unit in before:
        # A long line above the headline is a headline-only brief, not a lead-in.
        if len(visible_chars(unit.text)) >= _BRIEF_MIN and not unit.md:
            briefs.append(unit.text)
        else:
            kicker.append(unit.text)
    return HeadingGroup(
        headline=lines[pick].text, kicker=tuple(kicker), subheadlines=tuple(u.text for u in after),
        byline=byline, credits=tuple(credits), briefs=tuple(briefs),
    )
