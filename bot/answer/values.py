"""What the answer layer hands to the edges: an `Answer` with its `Citation`s, frozen.

Values carry what their readers need, so no edge parses one back: a citation's date is a date, the
closest headlines come with their article ids, and the answer's kind is a code (`number`) whose
Chinese label (数量) is looked up when it is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from retrieval import Article, Issue, Passage, issue_label

REFUSAL = "存档中没有找到能回答这个问题的内容。"

@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered source of an answer.

    `section` is the in-article section heading the cited passage sits under, given when the article
    has no headline of its own (a continuation: its headline is printed on another page). The line
    then names the title, then the section, as a work and its part are named: 《书名·篇名》.
    """

    n: int
    paper: str
    date: dt.date | None
    issue_no: int | None
    headline: str
    byline: str
    source: str
    article_id: str
    section: str = ""

    @property
    def title(self) -> str:
        """Return the cited work's title: its headline, or a continuation's stand-in and section (`续文：…·项目加速`)."""
        return f"{self.headline}·{self.section}" if self.section else self.headline

    @property
    def line(self) -> str:
        """Return `《许昌日报》2021年3月3日 第9382期《headline》（记者 X）`, the source without its number."""
        byline = f"（{self.byline}）" if self.byline else ""
        return f"{issue_label(self.paper, self.date, self.issue_no)}《{self.title}》{byline}"

    def __str__(self) -> str:
        return f"[{self.n}] {self.line}"


@dataclass(frozen=True, slots=True)
class Headline:
    """An article offered to the reader by its title (the closest reports of a refusal)."""

    article_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Trace:
    """What the fitted models saw: the decision's features, and each candidate's features, quote and source
    (the candidates best first, and the one the decision was about)."""

    decision: tuple[tuple[str, float], ...]
    candidates: tuple[tuple[tuple[float, ...], str, str], ...]
    chosen: tuple[tuple[float, ...], str, str]
    # what the short-answer reader reads: kind, question, rule answer, the sentences before and after the quote
    reading: tuple[str, str, str, str, str] = ("", "", "", "", "")
    words: tuple[str, ...] = ()  # the question's key words
    chance: float = 1.0  # the answer model's probability that the chosen quote answers


@dataclass(frozen=True, slots=True)
class Answer:
    """What a reader gets back: an answer with its proof and sources, or an honest refusal."""

    question: str
    kind: str  # a code of bot.answer.question.TYPE_NAMES ("number"), or "" for no question
    answered: bool
    short: str = ""
    quote: str = ""
    citations: tuple[Citation, ...] = ()
    hits: tuple[tuple[str, str, float], ...] = ()
    closest: tuple[Headline, ...] = ()
    notes: tuple[str, ...] = ()
    explain: tuple[str, ...] = field(default=(), compare=False)
    # The date filter the search applied, so a follow-up question can keep it.
    date_range: tuple[dt.date, dt.date] | None = None
    # Why there is no answer when it is not the plain "nothing found" ("该日期无存档").
    reason: str = ""
    trace: Trace | None = field(default=None, compare=False, repr=False)


def cite(n: int, hit_issue: Issue, article: Article, passage: Passage | None = None) -> Citation:
    """Build citation number n for an article of an issue, quoted from `passage` when given.

    A headless article (a continuation) is named by its stand-in title and the section heading the
    passage sits under: 《续文：以创新驱动产业高质量发展,走好华山一…·项目加速,“以结果论英雄”》.
    """
    section = passage.section if passage is not None and not article.headline else ""
    return Citation(
        n=n, paper=hit_issue.paper, date=hit_issue.date,
        issue_no=hit_issue.issue_no, headline=article.title, byline=str(article.byline),
        source=article.source, article_id=article.id, section=section,
    )
