"""Search an archive: question → ranked terms and date filter → scored, explained hits.

A question word that has partners (a synonym, an abbreviation the archive defines) also searches
them: a passage printing a partner scores as if it printed the word, never higher (see `_expand`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from retrieval.dates import DateFilter, find_date
from retrieval.index import Ranker, Where, idf, top_docs
from retrieval.models import Article, Issue, Passage
from retrieval.segment import Segmenter, normalise, split_words
from retrieval.store import DocTable, from_day, to_day
from retrieval.synonyms import Synonyms

# At most this many distinct terms (and words) are searched for, and then looked for in the hits, per
# question: the ones of highest idf. A 4096-character question has some 1600; each costs the answer a
# pattern per sentence, so an unbounded question would hold up the chat for seconds. Short questions
# (a few dozen terms at most) are unaffected.
MAX_TERMS = 64
MESSAGES = {"ok": "", "no-match": "没有找到相关内容", "no-terms": "问题里没有可检索的词", "no-archive": "该日期无存档"}


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage with its article and issue, its score and the question terms it holds."""

    passage: Passage
    article: Article
    issue: Issue
    score: float
    matched: tuple[str, ...]  # the question's terms it holds, then the partners of its words it prints
    rank: int


@dataclass(frozen=True, slots=True)
class Expansion:
    """A question word searched in other words too: its partners the archive prints, and its weight.

    The weight is the idf of the passages printing the word or any partner: the rarity of what is
    meant, however it is worded.
    """

    word: str
    partners: tuple[str, ...]
    weight: float


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
    words: tuple[str, ...] = ()  # rest's words; a word with partners (咱们市) is whole
    expansions: tuple[Expansion, ...] = ()
    # each whole word's partners: the forms the paper may print for it (我市 for 咱们市, an abbreviation)
    partners: tuple[tuple[str, tuple[str, ...]], ...] = ()

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
    synonyms: Synonyms = field(default_factory=Synonyms)

    @staticmethod
    def of(ranker: Ranker, docs: DocTable, lookup: Callable[[int, int], tuple[Passage, Article, Issue]],
           synonyms: Synonyms | None = None) -> Archive:
        """Build an archive, noting the distinct issue dates once."""
        dated = docs.day[docs.day >= 0]
        # counting, not sorting: the distinct days of 10M passages in 30 ms, not 600
        days = np.flatnonzero(np.bincount(dated)) if len(dated) else np.zeros(0, np.int32)
        return Archive(ranker, docs, lookup, days.astype(np.int32), frozenset(from_day(d) for d in days.tolist()),
                       synonyms if synonyms is not None else Synonyms())

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
    only: np.ndarray | None = None,
) -> SearchResult:
    """Return the k best passages for question, filtered by its dates or by date_range.

    With `read_dates` off, the question's date words are searched as words (`1895年` in `1895年签订的
    条约` dates the event, not the issue) and filter nothing. `only` (a mask over the passages) keeps
    the hits to the passages it marks: a field search's articles.
    """
    if k < 1:  # the edges reject it as a usage error; here it is a caller's bug, said plainly
        raise ValueError(f"k must be at least 1, got {k}")
    # normalised first, so 3號, 上週 and full-width digits read as dates too
    text = normalise(question)
    found, rest = find_date(text, reference or archive.newest, archive.dates) if read_dates else (None, text)
    date_filter = DateFilter(*date_range, None, "") if date_range else _dated(archive, found)
    words = segmenter.words(rest)
    forms = archive.synonyms.find(rest, words)
    partners = {form: archive.synonyms.partners(form) for form, _ in forms}
    joined = split_words(words, lambda w: archive.ranker.weights((w,))[w] > 0)  # 供了多少水: 供水
    terms = tuple(dict.fromkeys([*segmenter.tokens(rest), *partners, *joined]))
    weights = archive.ranker.weights(terms)
    if len(terms) > MAX_TERMS:  # a long question: its rarest terms decide the hits anyway
        terms = _rarest(terms, weights)
        weights = {t: weights[t] for t in terms}
        partners = {form: found for form, found in partners.items() if form in weights}
    expanded = _expand(archive, segmenter, terms, partners)
    weights.update((e.word, e.weight) for e in expanded.expansions)
    base = SearchResult(question, terms, tuple(weights.items()), date_filter, "ok", rest=rest,
                        words=_capped_words(archive, (*_whole_words(words, forms), *joined)), expansions=expanded.expansions,
                        partners=tuple(partners.items()))
    if date_filter is not None and not _any_allowed(archive, date_filter):
        return replace(base, status="no-archive")
    if not terms:
        return replace(base, status="no-terms")
    if expanded.expansions:  # partners add to some passages' scores: score every passage
        scores = archive.ranker.scores(terms) + expanded.extra
        allowed = _allowed(archive, date_filter)
        if only is not None:
            allowed = only if allowed is None else allowed & only
        docs = top_docs(scores, k, allowed, archive.ranker.holding(terms) | expanded.printing)
        ranked = [(doc, float(scores[doc])) for doc in docs]
    else:  # the engine's own top-k, the date filter applied as it scans
        ranked = archive.ranker.top(terms, k, _where(archive, date_filter, only))
    hits = tuple(_hit(archive, terms, expanded, doc, score, rank) for rank, (doc, score) in enumerate(ranked, 1))
    return replace(base, status="ok" if hits else "no-match", hits=hits)


def _rarest(terms: tuple[str, ...], weights: dict[str, float]) -> tuple[str, ...]:
    """Keep the MAX_TERMS terms of highest idf (a term no passage holds last), in question order."""
    keep = set(sorted(terms, key=lambda t: -weights[t])[:MAX_TERMS])  # stable: earlier first among equals
    return tuple(t for t in terms if t in keep)


def _capped_words(archive: Archive, words: tuple[str, ...]) -> tuple[str, ...]:
    """Keep a long question's MAX_TERMS rarest distinct words (one the archive never prints first), in order.

    The answer weighs and looks for each of them in every quoted sentence, so they are bounded as terms are.
    """
    distinct = tuple(dict.fromkeys(words))
    if len(distinct) <= MAX_TERMS:
        return words
    idf = archive.ranker.weights([w.lower() for w in distinct])
    ranked = sorted(distinct, key=lambda w: -(idf[w.lower()] or np.inf))[:MAX_TERMS]
    keep = set(ranked)
    return tuple(w for w in distinct if w in keep)


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


@dataclass(frozen=True, slots=True)
class _Expanded:
    """What a question's partners add: scores, the passages printing one, and which partner where."""

    expansions: tuple[Expansion, ...]
    extra: np.ndarray | float = 0.0
    printing: np.ndarray | bool = False
    printed: tuple[tuple[str, np.ndarray], ...] = ()


def _expand(archive: Archive, segmenter: Segmenter, terms: tuple[str, ...],
            words: dict[str, tuple[str, ...]]) -> _Expanded:
    """Score the partners of the question's words: each word's best form counts, at the word's weight at most.

    A partner is printed in a passage holding all its character pairs (its terms of two characters),
    and scores there as its terms would, scaled so that its terms weigh no more than the word's
    own (a word no passage prints weighs as the rarest). A passage printing the word and a partner
    keeps the better of the two, never both.
    """
    if not words:
        return _Expanded(())
    ranker = archive.ranker
    known = dict.fromkeys(terms)
    unknown = float(idf(ranker.num_docs, 0))
    extra, printing = np.zeros(ranker.num_docs, np.float32), np.zeros(ranker.num_docs, bool)
    expansions, printed = [], []
    for word in words:
        own = [t for t in dict.fromkeys([word, *segmenter.tokens(word)]) if t in known]
        own_weight = sum(w or unknown for w in ranker.weights(own).values())
        own_scores = ranker.scores(own)
        best = np.zeros(ranker.num_docs, np.float32)
        meant = _printing(ranker, segmenter, word)
        shown = []
        for partner in words[word]:
            where = _printing(ranker, segmenter, partner)
            if not where.any():
                continue
            partner_terms = list(dict.fromkeys([partner, *segmenter.tokens(partner)]))
            weight = sum(ranker.weights(partner_terms).values())
            scale = min(1.0, own_weight / weight) if weight > 0 else 0.0
            best = np.maximum(best, ranker.scores(partner_terms) * where * scale)
            meant |= where
            shown.append(partner)
            printed.append((partner, where))
        if shown:
            extra += np.maximum(best - own_scores, 0.0)
            printing |= best > 0
            expansions.append(Expansion(str(word), tuple(shown), float(idf(ranker.num_docs, int(meant.sum())))))
    return _Expanded(tuple(expansions), extra, printing, tuple(printed))


def _printing(ranker: Ranker, segmenter: Segmenter, form: str) -> np.ndarray:
    """Return which passages print form: those holding all its character pairs (or all its terms)."""
    tokens = list(dict.fromkeys(segmenter.tokens(form)))
    needed = [t for t in tokens if len(t) == 2] or tokens or [form]
    where = ranker.holding(needed[:1])
    for term in needed[1:]:
        where &= ranker.holding([term])
    return where


def _whole_words(words: list[str], forms: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """Return the question's words with each found form whole, in place of the words it overlaps."""
    spans = [(start, start + len(form), form) for form, start in forms]  # in order, never overlapping
    out: list[str] = []
    taken: tuple[int, int, str] | None = None  # the form the last word fell inside
    at = nxt = 0  # nxt: the first span not ending before the word; one sweep, not a scan per word
    for word in words:
        end = at + len(word)
        while nxt < len(spans) and spans[nxt][1] <= at:
            nxt += 1
        inside = spans[nxt] if nxt < len(spans) and spans[nxt][0] < end else None
        if inside is None:
            out.append(word)
        elif inside != taken:
            out.append(inside[2])
        taken = inside
        at = end
    return tuple(out)


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


def _where(archive: Archive, date_filter: DateFilter | None, only: np.ndarray | None = None) -> Where | None:
    """Return the date filter (and the `only` mask) as a test of passage ids, for the engine to apply while
    it scans (None: all pass)."""
    dated = _dated_where(archive, date_filter)
    if only is None:
        return dated
    if dated is None:
        return lambda ids: only[ids]
    return lambda ids: dated(ids) & only[ids]


def _dated_where(archive: Archive, date_filter: DateFilter | None) -> Where | None:
    """Return the date filter alone as a test of passage ids (None: all pass)."""
    if date_filter is None:
        return None
    docs = archive.docs
    if date_filter.issue_no is not None:
        number = date_filter.issue_no
        return lambda ids: docs.issue_no[ids] == number
    start = max(to_day(date_filter.start) if date_filter.start else 0, 0)
    end = to_day(date_filter.end) if date_filter.end else 2**31 - 1
    return lambda ids: (docs.day[ids] >= start) & (docs.day[ids] <= end)


def _any_allowed(archive: Archive, date_filter: DateFilter) -> bool:
    """Return whether the archive holds an issue the filter lets through (by its dates, not its passages)."""
    if date_filter.issue_no is not None:
        return bool(np.any(archive.docs.issue_no == date_filter.issue_no))
    start = max(to_day(date_filter.start) if date_filter.start else 0, 0)
    end = to_day(date_filter.end) if date_filter.end else 2**31 - 1
    at = int(np.searchsorted(archive.days, start))
    return at < len(archive.days) and int(archive.days[at]) <= end


def _hit(archive: Archive, terms: tuple[str, ...], expanded: _Expanded, doc: int, score: float, rank: int) -> Hit:
    """Fetch a ranked passage with its article and issue, the terms it holds and the partners it prints."""
    passage, article, issue = archive.lookup(int(archive.docs.file[doc]), int(archive.docs.pos[doc]))
    text = normalise(passage.indexed_text).lower() if expanded.printed else ""
    matched = archive.ranker.matched(terms, doc)
    # the passage holds the partner's pairs of characters; it must print the partner itself to name it
    partners = dict.fromkeys(p for p, where in expanded.printed if where[doc] and p in text and p not in matched)
    return Hit(passage, article, issue, round(score, 6), matched + tuple(partners), rank)
