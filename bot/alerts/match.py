"""Saved searches run against one new issue: which of its articles each search finds, grouped per chat.

`match_issue(library, issue, query)` is the one place that decides whether a saved search finds an
article. A saved search is written in /search's query language (作者:, 栏目:, 类型:, dates, "phrases",
-exclusions): its conditions are checked on each article of the issue, and of the articles that meet
them it keeps those that print every word of the query, found by `Library.search` over the issue's
date, as the answer layer's Matcher finds a term: as printed, as a partner
(`咱们市` → `我市`), as the paper's 我市 for its city, or a part of three or more characters as its
characters in order within one clause (`数字化城管` → `数字化城市管理`). An alert should name a report
about the words, not every report sharing one character pair with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.matching import Matcher, paper_city
from retrieval import Article, Issue, Library, QueryError, normalise, parse_query

# passages searched for one saved search in one issue's date: more than a day's issues hold
ALERT_HITS = 400


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """One chat's saved search: its stable id, the query as typed, the forum topic its alerts go to."""

    id: int
    chat_id: int
    query: str
    thread_id: int | None = None

    def key(self, article_id: str) -> str:
        """Return the delivery-ledger key of this search's alert about one article."""
        return f"alert:{self.id}:{article_id}"


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One article of an alert and the saved searches (ids and queries) that found it."""

    article: Article
    searches: tuple[SavedSearch, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the ledger keys this item delivers: one per (search, article)."""
        return tuple(s.key(self.article.id) for s in self.searches)


@dataclass(frozen=True, slots=True)
class IssueAlert:
    """What one chat (one forum topic of it) is told about one new issue: its matching articles."""

    chat_id: int
    thread_id: int | None
    issue: Issue
    items: tuple[AlertItem, ...]


def match_issue(library: Library, issue: Issue, query: str) -> tuple[str, ...]:
    """Return the ids of issue's articles that query finds, in page order.

    The query language is /search's (retrieval.parse_query): its fields, dates, "phrases" and -exclusions
    are checked on each article of the issue, and every word must be printed (see the module's note).
    A query that no longer parses (saved before a change of the language) finds nothing.
    """
    try:
        parsed = parse_query(query)
    except QueryError:
        return ()
    kept = [a for a in issue.articles if parsed.accepts(issue, a)]
    parts = tuple(dict.fromkeys(p for p in (normalise(w) for w in parsed.words) if p))
    if parts and kept:
        span = (issue.date, issue.date) if issue.date else None
        k = ALERT_HITS if span else max(ALERT_HITS, len(library.archive.docs.day))
        result = library.search(" ".join(parts), k, date_range=span, read_dates=False)
        partners = dict(result.partners)
        matcher = Matcher({p: 1.0 for p in parts}, paper_city(issue.paper), {p: partners.get(p, ()) for p in parts})
        hit = {h.article.id for h in result.hits if h.issue.source == issue.source}
        kept = [a for a in kept if a.id in hit and all(matcher.spans(p, _text(a)) for p in parts)]
    elif not parsed.filtering and not parsed.phrases:
        return ()  # nothing asked
    return tuple(a.id for a in sorted(kept, key=lambda a: a.position))


def _text(article: Article) -> str:
    """Return what a saved search looks in: the article's headings and body, normalised like a query."""
    return normalise("\n".join((*article.kicker, article.headline, *article.subheadlines, article.text)))


def issue_alerts(library: Library, issue: Issue, searches: Sequence[SavedSearch]) -> tuple[IssueAlert, ...]:
    """Run every saved search against issue alone; return one alert per (chat, topic) that has matches."""
    articles = {a.id: a for a in issue.articles}
    found: dict[tuple[int, int | None], dict[str, list[SavedSearch]]] = {}
    matched: dict[str, tuple[str, ...]] = {}  # one search per distinct query, however many chats saved it
    for search in searches:
        if search.query not in matched:
            matched[search.query] = match_issue(library, issue, search.query)
        for article_id in matched[search.query]:
            found.setdefault((search.chat_id, search.thread_id), {}).setdefault(article_id, []).append(search)
    return tuple(
        IssueAlert(chat_id, thread_id, issue, tuple(
            AlertItem(articles[a], tuple(s)) for a, s in sorted(by_article.items(), key=lambda x: articles[x[0]].position)))
        for (chat_id, thread_id), by_article in sorted(found.items(), key=lambda x: (x[0][0], x[0][1] or 0)))
