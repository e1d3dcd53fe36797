"""Run a `Query` against a Library: ranked (or dated) articles, each once, and their count by month.

Words rank by BM25 through `search`, kept to the passages of the articles the fields accept; a
query of fields alone lists the matching articles by date, newest first. Nothing is ranked
against the fields: they only keep or drop.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from retrieval.archive import Library
from retrieval.models import Article, Issue, Passage
from retrieval.query import Query
from retrieval.search import MESSAGES, SearchResult

# passages ranked for one query with words: articles beyond them are neither listed nor counted (each hit
# loads its file's segments, so an unbounded k would read the whole archive for a common word)
MAX_PASSAGES = 1000
NEAREST = 2  # dates offered when a query's dates hold no issue


@dataclass(frozen=True, slots=True)
class Found:
    """One matching article, with its best passage and score when words ranked it."""

    issue: Issue
    article: Article
    score: float | None = None
    passage: Passage | None = None
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Findings:
    """What a query found: the articles in order, their count by month, and why when there are none.

    `status` is `ok`, `no-match`, `no-terms` (words with nothing to search) or `no-archive` (the
    dates hold no issue; `nearest` then names the closest issue dates).
    """

    query: Query
    status: str
    found: tuple[Found, ...] = ()
    months: tuple[tuple[str, int], ...] = ()  # ("2021-03", 4) oldest first; ("", n) for undated issues
    result: SearchResult | None = None  # the BM25 search behind a query with words
    nearest: tuple[dt.date, ...] = ()

    @property
    def message(self) -> str:
        """Return the reader-facing line for findings without articles."""
        if self.status == "no-match" and self.query.fielded:
            return f"没有符合条件（{self.query.conditions()}）的报道"
        return MESSAGES[self.status]


def find(library: Library, query: Query) -> Findings:
    """Return the articles a query finds in the library, ordered as it asks."""
    if query.dated and not _has_issues(library, query):
        return Findings(query, "no-archive", nearest=nearest_dates(library, query.start or query.end))
    if query.ranked:
        ranked = _ranked(library, query)
        if ranked.status != "no-terms" or not query.filtering:
            return ranked
    if query.start or query.end:
        issues = library.issues_between(*_span(query))
    else:  # by author: only the issues whose bylines list the names (every issue for an older index)
        signed = library.issues_signed_by([names for _, names in query.authors]) if query.authors else None
        issues = signed if signed is not None else library.issues()
    found = [Found(i, a) for i in issues for a in i.articles if query.accepts(i, a)]
    sign = 1 if query.sort == "oldest" else -1  # newest day first, unless asked; within a day, in page order
    found.sort(key=lambda f: (sign * _day(f.issue).toordinal(), f.issue.source, f.article.position))
    return _findings(query, found)


def _ranked(library: Library, query: Query) -> Findings:
    """Rank the query's words over the passages of the articles its fields accept."""
    signed_by = tuple(names for _, names in query.authors)
    only = library.passages_of(query.accepts, *_span(query), signed_by=signed_by) if query.filtering else None
    if only is not None and not only.any():
        return Findings(query, "no-match")
    k = int(only.sum()) if only is not None else library.archive.ranker.num_docs
    result = library.search(query.ranked, max(1, min(k, MAX_PASSAGES)), read_dates=False, only=only)
    best: dict[str, Found] = {}
    for hit in result.hits:
        if hit.article.id not in best:
            best[hit.article.id] = Found(hit.issue, hit.article, hit.score, hit.passage, hit.matched)
    found = list(best.values())
    if query.sort != "relevance":  # by date, the better score first within a day
        found.sort(key=lambda f: (_day(f.issue), f.score or 0.0), reverse=query.sort == "date")
    findings = _findings(query, found)
    return Findings(query, result.status if result.status != "ok" else findings.status, findings.found,
                    findings.months, result)


def _findings(query: Query, found: list[Found]) -> Findings:
    months = Counter(f.issue.date.strftime("%Y-%m") if f.issue.date else "" for f in found)
    return Findings(query, "ok" if found else "no-match", tuple(found), tuple(sorted(months.items())))


def _span(query: Query) -> tuple[dt.date | None, dt.date | None]:
    return query.start, query.end


def _day(issue: Issue) -> dt.date:
    return issue.date or dt.date.min


def _has_issues(library: Library, query: Query) -> bool:
    """Return whether any issue meets the query's dates (or its issue number)."""
    if query.issue_no is not None:
        return bool((library.archive.docs.issue_no == query.issue_no).any())
    return any((query.start is None or d >= query.start) and (query.end is None or d <= query.end)
               for d in library.archive.dates)


def nearest_dates(library: Library, day: dt.date | None, count: int = NEAREST) -> tuple[dt.date, ...]:
    """Return the issue dates nearest to day (the latest ones without a day), in date order."""
    dates = sorted(library.archive.dates)
    if day is None:
        return tuple(dates[-count:])
    return tuple(sorted(sorted(dates, key=lambda d: (abs((d - day).days), d))[:count]))
