"""Values that flow between layers: issues, articles, passages, hits. All frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

_DASH_LINE = ("—", "－", "-")  # a heading's sub-line starts with a dash and follows it unspaced


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote an article: reporters, correspondents, photographers, other authors."""

    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.reporters or self.correspondents or self.photographers or self.authors)

    def __str__(self) -> str:
        parts: list[str] = []
        if self.reporters:
            parts.append("记者 " + " ".join(self.reporters))
        if self.correspondents:
            parts.append("通讯员 " + " ".join(self.correspondents))
        parts.extend(self.authors)
        if self.photographers:
            parts.append(" ".join(self.photographers) + " 摄")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article body; `level` nests list items."""

    text: str
    kind: str = "text"  # text, section, list-heading, list-item or signature
    level: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """One article of an issue, with everything a citation needs."""

    id: str
    source: str
    position: int
    headline: str
    subheadlines: tuple[str, ...] = ()
    kicker: tuple[str, ...] = ()
    byline: Byline = field(default_factory=Byline)
    dateline: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    jumps: tuple[str, ...] = ()
    kind: str = "news"  # news, feature, commentary, notice, photo, advertisement, brief or continuation
    credits: tuple[str, ...] = ()  # byline and photo-credit lines as printed

    @property
    def text(self) -> str:
        """Return the whole body as lines."""
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def title(self) -> str:
        """Return the headline, or a descriptive stand-in for headless items."""
        if self.headline:
            return self.headline
        first = self.paragraphs[0].text if self.paragraphs else ""
        label = {"photo": "图片新闻", "continuation": "续文"}.get(self.kind, "无题")
        snippet = first[:18] + ("…" if len(first) > 18 else "")
        return f"{label}：{snippet}" if snippet else label

    @property
    def sections(self) -> tuple[str, ...]:
        """Return the in-article section headings in order (a heading's `——` sub-line is part of it)."""
        found: list[str] = []
        joining = False
        for paragraph in self.paragraphs:
            if paragraph.kind == "section":
                found.append(_join_heading(found.pop(), paragraph.text) if joining else paragraph.text)
            joining = paragraph.kind == "section"
        return tuple(found)


def section_headings(paragraphs: Sequence[Paragraph]) -> tuple[str, ...]:
    """Return the section heading each paragraph sits under (`''` before the first section).

    Heading lines printed one after another are one heading: `南水北调工程中许昌有哪些受益` and its
    sub-line `——不仅吃上优质水,而且实现了兴水梦` head one section.
    """
    found, heading, joining = [], "", False
    for paragraph in paragraphs:
        if paragraph.kind == "section":
            heading = _join_heading(heading, paragraph.text) if joining else paragraph.text
        joining = paragraph.kind == "section"
        found.append(heading)
    return tuple(found)


def _join_heading(heading: str, line: str) -> str:
    """Add a heading's next line: a dash sub-line follows it unspaced, another line after a space."""
    return heading + line if line.startswith(_DASH_LINE) else f"{heading} {line}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue (here: one page file) of the paper."""

    paper: str
    date: dt.date | None
    date_source: str  # masthead, masthead-corrected, dateline or unknown
    issue_no: int | None
    source: str
    articles: tuple[Article, ...]
    date_note: str = ""
    removed: tuple[str, ...] = ()
    # who the masthead names, as (title, name) in print order: (("社长", "方焯"), ("总编辑", "邓雷"))
    staff: tuple[tuple[str, str], ...] = ()
    page: str = ""  # the page label the file prints (`第二版`, `A3版 要闻`), else ""


@dataclass(frozen=True, slots=True)
class Passage:
    """A few whole sentences of one article; `context` is heading text repeated for retrieval.

    `section` is the in-article section heading the passage sits under (`''` before the first one):
    what a citation names when the article's own headline is printed on another page.
    """

    id: str
    article_id: str
    position: int
    text: str
    context: str = ""
    section: str = ""

    @property
    def indexed_text(self) -> str:
        """Return the text that retrieval ranks: context, then the passage itself."""
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A file that could not be ingested, and why (one line)."""

    source: str
    reason: str
