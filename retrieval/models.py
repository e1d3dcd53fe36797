"""Values that flow between layers: issues, articles, passages, hits. All frozen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class Passage:
    """A few whole sentences of one article; `context` is heading text repeated for retrieval."""

    id: str
    article_id: str
    position: int
    text: str
    context: str = ""

    @property
    def indexed_text(self) -> str:
        """Return the text that retrieval ranks: context, then the passage itself."""
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A file that could not be ingested, and why (one line)."""

    source: str
    reason: str
