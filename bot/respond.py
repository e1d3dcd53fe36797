"""The template responder: turn ranked hits into a short answer, a quote and citations.

It only formats the hits it is given; it never reaches back into the index.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.extract import has_kind, short_answer
from bot.formats import issue_label
from bot.question import QuestionKind
from retrieval import Article, Issue, Passage
from retrieval.text import split_sentences, visible_chars

QUOTE_FROM_TOP = 5
MAX_CITATIONS = 3
# Share of the question's term weight a passage must hold before we dare answer.
COVERAGE_TO_ANSWER = 0.45
_LEAD = re.compile(r"^本报讯?\s*[（(][^)）]*[)）]|^本报讯|^▲")


class HitLike(Protocol):
    """What the responder needs of a search hit."""

    passage: Passage
    article: Article
    issue: Issue
    score: float


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered source of an answer."""

    n: int
    paper: str
    date: str | None
    issue_no: int | None
    headline: str
    byline: str
    source: str
    article_id: str

    def __str__(self) -> str:
        issue = Issue(self.paper, None, "unknown", self.issue_no, self.source, ())
        label = issue_label(issue)
        if self.date:
            year, month, day = (int(x) for x in self.date.split("-"))
            label = f"《{self.paper}》{year}年{month}月{day}日" + (f" 第{self.issue_no}期" if self.issue_no else "")
        byline = f"（{self.byline}）" if self.byline else ""
        return f"[{self.n}] {label}《{self.headline}》{byline}"


@dataclass(frozen=True, slots=True)
class Answer:
    """What a reader gets back: an answer with its proof and sources, or an honest refusal."""

    question: str
    kind: str
    answered: bool
    short: str = ""
    quote: str = ""
    citations: tuple[Citation, ...] = ()
    hits: tuple[tuple[str, str, float], ...] = ()
    closest: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    explain: tuple[str, ...] = field(default=(), compare=False)
    # The date filter the search applied, so a follow-up question can keep it.
    date_range: tuple[dt.date, dt.date] | None = None


def cite(n: int, hit_issue: Issue, article: Article) -> Citation:
    """Build citation number n for an article of an issue."""
    return Citation(
        n=n, paper=hit_issue.paper, date=hit_issue.date.isoformat() if hit_issue.date else None,
        issue_no=hit_issue.issue_no, headline=article.title, byline=str(article.byline),
        source=article.source, article_id=article.id,
    )


def _coverage(text: str, weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    bare = visible_chars(text)
    return sum(w for term, w in weights.items() if term in bare) / total


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float
    rank: int
    sentence: str
    hit_index: int
    parts: str


def _sentences(passage: Passage) -> list[str]:
    found = []
    for line in passage.text.split("\n"):
        found += split_sentences(line) or [line]
    return [s for s in found if len(visible_chars(s)) >= 4]


def _candidates(kind: str, hits: Sequence[HitLike], weights: dict[str, float]) -> list[_Candidate]:
    found = []
    for i, hit in enumerate(hits[:QUOTE_FROM_TOP]):
        context_cov = _coverage(f"{hit.passage.context} {hit.article.headline}", weights)
        for sentence in _sentences(hit.passage):
            cov = _coverage(sentence, weights)
            typed = has_kind(kind, sentence)
            score = cov + 0.3 * context_cov + (0.4 if typed else 0.0) + 0.15 / (1 + i)
            parts = f"cov={cov:.2f} ctx={context_cov:.2f} type={'y' if typed else 'n'} rank={i + 1}"
            found.append(_Candidate(score, i, sentence, i, parts))
    return sorted(found, key=lambda c: (-c.score, c.rank))


def _quote_text(sentence: str) -> str:
    return _LEAD.sub("", sentence).strip()


def _citations(hits: Sequence[HitLike], first: int) -> tuple[Citation, ...]:
    order = [first] + [i for i in range(len(hits)) if i != first]
    seen: list[str] = []
    cites = []
    floor = 0.5 * max(float(h.score) for h in hits)
    for i in order:
        article = hits[i].article
        if article.id in seen or (i != first and float(hits[i].score) < floor):
            continue  # weak hits are not sources
        seen.append(article.id)
        cites.append(cite(len(cites) + 1, hits[i].issue, article))
        if len(cites) == MAX_CITATIONS:
            break
    return tuple(cites)


def respond(
    question: str, kind: QuestionKind, hits: Sequence[HitLike], weights: dict[str, float],
    notes: Sequence[str] = (), key_words: dict[str, float] | None = None,
) -> Answer:
    """Answer from the hits, or refuse plainly and list the closest headlines.

    `key_words` are the question's own words with weights (unknown words weigh most): when the
    best passages do not hold enough of them, the archive does not answer the question.
    """
    summary = tuple((h.article.id, h.article.title, round(float(h.score), 4)) for h in hits)
    closest = tuple(dict.fromkeys(h.article.title for h in hits))[:5]
    key = key_words if key_words else weights
    best_passage_cov = max(
        (_coverage(f"{h.passage.context} {h.article.headline} {h.passage.text}", key) for h in hits[:QUOTE_FROM_TOP]),
        default=0.0,
    )
    candidates = _candidates(kind.kind, hits, weights)
    explain = [f"terms: {', '.join(f'{t}={w:.2f}' for t, w in weights.items())}",
               f"key words: {', '.join(f'{t}={w:.2f}' for t, w in key.items())}",
               f"best passage coverage: {best_passage_cov:.2f} (answer needs {COVERAGE_TO_ANSWER})"]
    explain += [f"candidate {c.parts} score={c.score:.2f}: {c.sentence[:40]}" for c in candidates[:3]]
    if not candidates or best_passage_cov < COVERAGE_TO_ANSWER:
        return Answer(question, kind.label, False, hits=summary, closest=closest, notes=tuple(notes), explain=tuple(explain))
    best = candidates[0]
    quote = _quote_text(best.sentence)
    short = short_answer(kind.kind, quote, list(weights))
    return Answer(
        question, kind.label, True, short=short if short != quote else "", quote=quote,
        citations=_citations(hits, best.hit_index), hits=summary, closest=closest,
        notes=tuple(notes), explain=tuple(explain),
    )
