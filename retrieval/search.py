"""Search an archive: question → ranked terms and date filter → scored, explained hits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval.dates import DateFilter, find_date
from retrieval.index import Ranker, top_docs
from retrieval.models import Article, Issue, Passage
from retrieval.segment import Segmenter, normalise
from retrieval.store import DocTable, from_day, to_day

MESSAGES = {"ok": "", "no-match": "没有找到相关内容", "no-terms": "问题里没有可检索的词", "no-archive": "该日期无存档"}


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage with its article and issue, its score and the question terms it holds."""

    passage: Passage
    article: Article
    issue: Issue
    score: float
    matched: tuple[str, ...]
    rank: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits for a question, with what was searched: terms, their weights, the date filter, a status."""

    question: str
    terms: tuple[str, ...]
    weights: tuple[tuple[str, float], ...]
    date_filter: DateFilter | None
    status: str
    hits: tuple[Hit, ...] = ()
    rest: str = ""  # the normalised question with its date words cut out: what was ranked

    @property
    def message(self) -> str:
        """Return the reader-facing line for a result without hits ("该日期无存档", …)."""
        return MESSAGES[self.status]


@dataclass(frozen=True, slots=True)
class Archive:
    """An index with its passage table and a way to fetch a passage's passage, article and issue."""

    ranker: Ranker
    docs: DocTable
    lookup: Callable[[int, int], tuple[Passage, Article, Issue]]
    days: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    dates: frozenset[dt.date] = frozenset()

    @staticmethod
    def of(ranker: Ranker, docs: DocTable, lookup: Callable[[int, int], tuple[Passage, Article, Issue]]) -> Archive:
        """Build an archive, noting the distinct issue dates once."""
        days = np.unique(docs.day[docs.day >= 0]) if len(docs.day) else np.zeros(0, np.int32)
        return Archive(ranker, docs, lookup, days.astype(np.int32), frozenset(from_day(d) for d in days.tolist()))

    @property
    def newest(self) -> dt.date | None:
        """Return the newest issue date, the default reference for 今天/昨天/本周."""
        return from_day(int(self.days[-1])) if len(self.days) else None


def search(
    archive: Archive,
    segmenter: Segmenter,
    question: str,
    k: int = 5,
    date_range: tuple[dt.date, dt.date] | None = None,
    reference: dt.date | None = None,
    read_dates: bool = True,
) -> SearchResult:
    """Return the k best passages for question, filtered by its dates or by date_range.

    With `read_dates` off, the question's date words are searched as words (`1895年` in `1895年签订的
    条约` dates the event, not the issue) and filter nothing.
    """
    # normalised first, so 3號, 上週 and full-width digits read as dates too
    text = normalise(question)
    found, rest = find_date(text, reference or archive.newest, archive.dates) if read_dates else (None, text)
    date_filter = DateFilter(*date_range, None, "") if date_range else _dated(archive, found)
    terms = tuple(dict.fromkeys(segmenter.tokens(rest)))
    weights = archive.ranker.weights(terms)
    allowed = _allowed(archive, date_filter)
    base = SearchResult(question, terms, tuple(weights.items()), date_filter, "ok", rest=rest)
    if allowed is not None and not allowed.any():
        return replace(base, status="no-archive")
    if not terms:
        return replace(base, status="no-terms")
    scores = archive.ranker.scores(terms)
    docs = top_docs(scores, k, allowed, archive.ranker.holding(terms))
    hits = tuple(_hit(archive, terms, doc, float(scores[doc]), rank) for rank, doc in enumerate(docs, 1))
    return replace(base, status="ok" if hits else "no-match", hits=hits)


def _dated(archive: Archive, found: DateFilter | None) -> DateFilter | None:
    """Give an issue-number filter its issue's date (第9382期 → 2021-03-03), so it reads as a day does.

    The number still decides which passages pass; the date lets what is asked of a day (its
    headlines, its news) be asked of a numbered issue. An unknown or undated number stays as it is.
    """
    if found is None or found.issue_no is None:
        return found
    days = archive.docs.day[(archive.docs.issue_no == found.issue_no) & (archive.docs.day >= 0)]
    if not len(days):
        return found
    return replace(found, start=from_day(int(days.min())), end=from_day(int(days.max())))


def _allowed(archive: Archive, date_filter: DateFilter | None) -> np.ndarray | None:
    """Return which passages the date filter lets through (None: all of them)."""
    if date_filter is None:
        return None
    docs = archive.docs
    if date_filter.issue_no is not None:
        return docs.issue_no == date_filter.issue_no
    start = to_day(date_filter.start) if date_filter.start else -(2**31)
    end = to_day(date_filter.end) if date_filter.end else 2**31 - 1
    return (docs.day >= max(start, 0)) & (docs.day <= end)


def _hit(archive: Archive, terms: tuple[str, ...], doc: int, score: float, rank: int) -> Hit:
    """Fetch a ranked passage with its article and issue."""
    passage, article, issue = archive.lookup(int(archive.docs.file[doc]), int(archive.docs.pos[doc]))
    return Hit(passage, article, issue, round(score, 6), archive.ranker.matched(terms, doc), rank)
