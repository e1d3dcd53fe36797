"""Group a page's units into articles: where one ends, the next begins, what is whose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.headings import AD_CUES, HeadingGroup, is_column_label, is_notice_title, is_sub_line, merge_bylines, parse_byline, read_group
from retrieval.models import Article, Byline, Paragraph
from retrieval.text import LEAD_IN, collapse_spaces, tidy_spaces
from retrieval.units import Unit

_DATELINE = re.compile(r"^▲?\s*(\d{1,2}\s*月\s*\d{1,2}\s*日(?:上午|下午|晚上|晚|早上|中午|凌晨|夜)?|近日|日前|昨日|昨天|当天)")
_LIST_HEADING = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])")
_CREDIT_NAMES = re.compile(r"^(?:本报记者\s*)?(.+?)\s*摄$")


@dataclass
class _Draft:
    """An article while it is being assembled (mutable only inside this module)."""

    headline: str = ""
    kicker: list[str] = field(default_factory=list)
    subheadlines: list[str] = field(default_factory=list)
    byline: Byline = field(default_factory=Byline)
    credits: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    jumps: list[str] = field(default_factory=list)
    kind: str = ""
    dateline: str | None = None
    closed: bool = False  # a photo's credit or a brief: nothing more may be added

    def take_group(self, group: HeadingGroup) -> None:
        self.headline = group.headline
        self.kicker += group.kicker
        self.subheadlines += group.subheadlines
        self.byline = merge_bylines(self.byline, group.byline)
        self.credits += group.credits

    def add_text(self, raw: str, kind: str = "text", level: int = 0) -> None:
        if not self.paragraphs and kind == "text":
            self._read_lead(raw)
        text = collapse_spaces(raw) if kind == "list-heading" else tidy_spaces(raw)
        self.paragraphs.append(Paragraph(text, kind, level))

    def _read_lead(self, raw: str) -> None:
        lead = LEAD_IN.match(raw)
        if lead and lead.group(1):
            self.byline = merge_bylines(self.byline, parse_byline(lead.group(1)))
        rest = raw[lead.end():] if lead else raw
        dateline = _DATELINE.match(rest)
        if dateline:
            self.dateline = tidy_spaces(dateline.group(1))
        if lead and not self.kind:
            self.kind = "news"


def _new_article_wanted(group: list[Unit], nxt: Unit | None, current: _Draft | None) -> bool:
    """Tell whether a heading run opens a new article rather than a section of the current one."""
    texts = [u.text for u in group if u.kind == "heading"]
    return (
        current is None or current.closed
        or any(u.kind == "byline" for u in group)
        or any(u.md == 1 and not is_column_label(u.text) for u in group)
        or any(is_notice_title(t) for t in texts)
        or any(is_sub_line(t) and not t.startswith(("—", "-")) for t in texts[1:])
        or (len(texts) >= 2 and is_column_label(texts[0]))
        or nxt is None
        or (nxt.kind == "marker" and not nxt.text.startswith("下转"))
        or nxt.is_lead
    )


def _split_off_first(group: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Split a run that holds a headline printed after its own article, then the next one's."""
    heads = [u for u in group if u.kind == "heading"]
    if len(heads) >= 2 and heads[0].md == 1 and heads[1].md == 1 and not is_column_label(heads[0].text):
        return group[:1], group[1:]
    if len(group) >= 3 and group[0].kind == "heading" and is_sub_line(group[1].text):
        end = 2
        while end < len(group) and group[end].kind == "heading" and is_sub_line(group[end].text):
            end += 1
        rest = group[end:]
        if any(u.kind == "heading" and not is_sub_line(u.text) for u in rest):
            return group[:end], rest
    return [], group


class _Assembler:
    """Walk the units once, keeping the article being filled."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.pending_kicker: list[str] = []

    @property
    def current(self) -> _Draft | None:
        return self.drafts[-1] if self.drafts else None

    def open(self, kind: str = "") -> _Draft:
        draft = _Draft(kind=kind, kicker=self.pending_kicker)
        self.pending_kicker = []
        self.drafts.append(draft)
        return draft

    def heading_run(self, group: list[Unit], nxt: Unit | None) -> None:
        if all(u.kind == "heading" and is_column_label(u.text) for u in group) and nxt and nxt.kind != "heading":
            self.pending_kicker += [u.text for u in group]
            return
        if nxt is not None and nxt.kind == "list" and self.current is not None:
            for unit in group:
                self.current.add_text(unit.text, "list-heading")
            return
        if not _new_article_wanted(group, nxt, self.current):
            for unit in group:
                self.current.add_text(unit.text, "section")
            return
        current = self.current
        if current is not None and not current.headline and current.paragraphs:
            first, group = _split_off_first(group)
            if first:
                current.take_group(read_group(first))
        parsed = read_group(group)
        for brief in parsed.briefs:
            self.open("brief").headline = brief
            self.current.closed = True
        self.open().take_group(parsed)

    def body(self, unit: Unit, caption: bool) -> None:
        current = self.current
        if caption:
            # Photos printed one after another share one article (and its headline).
            if current is None or current.kind != "photo" or not current.closed:
                current = self.open("photo")
            current.closed = False
        elif current is None or current.closed or (unit.is_lead and current.paragraphs):
            current = self.open()
        current.add_text(unit.text)

    def marker(self, unit: Unit) -> None:
        current = self.current
        if unit.text.startswith(("(上接", "（上接")) and (current is None or current.paragraphs or current.closed):
            current = self.open("continuation")
        if current is not None:
            current.jumps.append(unit.text)

    def credit(self, unit: Unit) -> None:
        current = self.current if self.current is not None else self.open("photo")
        names = _CREDIT_NAMES.match(unit.text)
        photographers = tuple(names.group(1).split()) if names else ()
        current.byline = merge_bylines(current.byline, Byline(photographers=photographers))
        current.credits.append(unit.text)


def _kind(draft: _Draft) -> str:
    if draft.kind:
        return draft.kind
    text = " ".join([draft.headline, *draft.kicker, *(p.text for p in draft.paragraphs[:3])])
    if AD_CUES.search(text):
        return "advertisement"
    if is_notice_title(draft.headline):
        return "notice"
    if "本报评论员" in draft.byline.authors or any("评论" in k for k in draft.kicker) or (draft.byline.authors and not draft.byline.reporters):
        return "commentary"
    if draft.byline.reporters:
        return "feature"
    return "news" if draft.paragraphs else "brief"


def assemble(units: list[Unit], source: str, stem: str) -> tuple[Article, ...]:
    """Group units into articles with stable ids `<stem>-<nn>`."""
    asm = _Assembler()
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.kind in ("heading", "byline"):
            j = i
            while j < len(units) and units[j].kind in ("heading", "byline"):
                j += 1
            asm.heading_run(units[i:j], units[j] if j < len(units) else None)
            i = j
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if unit.kind == "body":
            asm.body(unit, caption=unit.text.startswith("▲") or (nxt is not None and nxt.kind == "credit"))
        elif unit.kind == "marker":
            asm.marker(unit)
        elif unit.kind == "credit":
            asm.credit(unit)
            asm.current.closed = asm.current.kind == "photo"
        elif unit.kind in ("list", "signature"):
            draft = asm.current or asm.open()
            kind = "signature" if unit.kind == "signature" else ("list-heading" if _LIST_HEADING.match(unit.text) else "list-item")
            draft.add_text(unit.text, kind, unit.level)
        i += 1
    return _finish(asm.drafts, source, stem)


def _finish(drafts: list[_Draft], source: str, stem: str) -> tuple[Article, ...]:
    articles = []
    for draft in drafts:
        if not draft.headline and not draft.paragraphs:
            continue
        position = len(articles)
        articles.append(Article(
            id=f"{stem}-{position:02d}", source=source, position=position,
            headline=draft.headline, subheadlines=tuple(draft.subheadlines), kicker=tuple(draft.kicker),
            byline=draft.byline, dateline=draft.dateline, paragraphs=tuple(draft.paragraphs),
            jumps=tuple(draft.jumps), kind=_kind(draft), credits=tuple(draft.credits),
        ))
    return tuple(articles)
