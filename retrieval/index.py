"""BM25 indexes over segmented passages: "bm25s" (bm25s's Lucene scores, precomputed) and rank-bm25.

The default engine, "segments" (retrieval.segindex), gives the same scores as "bm25s" over index
segments that grow with the archive.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, Protocol

import numpy as np

ENGINES = ("segments", "bm25s", "rank-bm25")
K1, B = 1.5, 0.75


def idf(num_docs: int, df: int | np.ndarray) -> float | np.ndarray:
    """Return Lucene's idf of a term held by df of num_docs passages (never negative)."""
    return np.log1p((num_docs - df + 0.5) / (df + 0.5))


def bm25_scores(query: Sequence[str], docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Return the BM25 score (this module's k1, b and idf) of every doc for query, idf taken over docs."""
    counts = [Counter(d) for d in docs]
    lengths = np.array([max(len(d), 1) for d in docs], dtype=float)
    df = Counter(t for c in counts for t in c)
    n, avg = len(docs), float(lengths.mean()) if docs else 1.0
    out = np.zeros(n)
    terms = set(query)
    for i, doc in enumerate(counts):
        norm = K1 * (1 - B + B * lengths[i] / avg)
        out[i] = sum(float(idf(n, df[t])) * doc[t] / (doc[t] + norm) for t in terms if t in doc)
    return out


class IndexFormatError(Exception):
    """A saved index is missing, stale or unreadable."""


class Ranker(Protocol):
    """What search needs from an index, whichever engine built it."""

    engine: str

    @property
    def num_docs(self) -> int: ...

    def scores(self, terms: Sequence[str]) -> np.ndarray: ...

    def weights(self, terms: Sequence[str]) -> dict[str, float]: ...

    def matched(self, terms: Sequence[str], doc: int) -> tuple[str, ...]: ...

    def holding(self, terms: Sequence[str]) -> np.ndarray: ...

    def top(self, terms: Sequence[str], k: int, where: Where | None = None) -> list[tuple[int, float]]: ...


Where = Callable[[np.ndarray], np.ndarray]  # passage ids -> which of them a filter lets through


def dense_top(ranker: Ranker, terms: Sequence[str], k: int, where: Where | None = None) -> list[tuple[int, float]]:
    """Return up to k (passage, score) pairs, best first, by scoring every passage (engines without top-k)."""
    scores = ranker.scores(terms)
    allowed = where(np.arange(ranker.num_docs)) if where is not None else None
    return [(d, float(scores[d])) for d in top_docs(scores, k, allowed, ranker.holding(terms))]


@dataclass(frozen=True, slots=True)
class Index:
    """Lucene BM25 scores (as bm25s computes them), one column per term (sorted vocabulary), rows are passages."""

    vocab: np.ndarray
    data: np.ndarray
    rows: np.ndarray
    indptr: np.ndarray
    doc_count: int
    engine: str = "bm25s"

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return self.doc_count

    def term_ids(self, terms: Sequence[str]) -> dict[str, int]:
        """Return the column of each term that the vocabulary holds."""
        if not terms or not len(self.vocab):
            return {}
        probe = np.asarray(list(terms), dtype=self.vocab.dtype)
        at = np.minimum(np.searchsorted(self.vocab, probe), len(self.vocab) - 1)
        found = (self.vocab[at] == probe) & (np.char.str_len(probe) == [len(t) for t in terms])
        return {t: int(i) for t, i, ok in zip(terms, at.tolist(), found.tolist()) if ok}

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Return every passage's BM25 score for the (deduplicated) terms."""
        out = np.zeros(self.doc_count, dtype=np.float32)
        for col in self.term_ids(list(dict.fromkeys(terms))).values():
            lo, hi = int(self.indptr[col]), int(self.indptr[col + 1])
            out[self.rows[lo:hi]] += self.data[lo:hi]  # rows are unique within a column
        return out

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's idf (0 for a term no passage holds)."""
        ids = self.term_ids(terms)
        n = self.doc_count
        out = {}
        for t in terms:
            df = int(self.indptr[ids[t] + 1] - self.indptr[ids[t]]) if t in ids else 0
            out[t] = float(idf(n, df)) if df else 0.0
        return out

    def holding(self, terms: Sequence[str]) -> np.ndarray:
        """Return which passages hold at least one of the terms."""
        out = np.zeros(self.doc_count, dtype=bool)
        for col in self.term_ids(list(dict.fromkeys(terms))).values():
            out[self.rows[int(self.indptr[col]) : int(self.indptr[col + 1])]] = True
        return out

    def top(self, terms: Sequence[str], k: int, where: Where | None = None) -> list[tuple[int, float]]:
        """Return up to k (passage, score) pairs, best first, ties by passage order."""
        return dense_top(self, terms, k, where)

    def matched(self, terms: Sequence[str], doc: int) -> tuple[str, ...]:
        """Return the terms that occur in passage doc, in query order."""
        out = []
        for t, col in self.term_ids(list(dict.fromkeys(terms))).items():
            posting = self.rows[int(self.indptr[col]) : int(self.indptr[col + 1])]
            at = int(np.searchsorted(posting, doc))
            if at < len(posting) and posting[at] == doc:
                out.append(t)
        return tuple(out)


def term_matrix(corpus_tokens: Sequence[Sequence[str]], vocab: Sequence[str]) -> tuple[np.ndarray, Any]:
    """Return each passage's length and a term × passage matrix (scipy CSC) of term frequencies.

    All in C loops: a map over the chained terms, then scipy's sparse conversions (bm25s's own build,
    counting each passage in Python, took 170 s at 1M passages against 56 s here). Each column's rows
    are sorted: matched() and the segments bisect them.
    """
    n = len(corpus_tokens)
    ids = dict(zip(vocab, range(len(vocab))))
    lengths = np.fromiter(map(len, corpus_tokens), dtype=np.int64, count=n)
    cols = np.fromiter(map(ids.__getitem__, itertools.chain.from_iterable(corpus_tokens)), np.int32, int(lengths.sum()))
    return lengths, count_matrix(cols, lengths, len(vocab))


def count_matrix(ids: np.ndarray, lengths: np.ndarray, num_terms: int) -> Any:
    """Return the term × passage matrix (scipy CSC, rows sorted) of passages given as term numbers and lengths."""
    from scipy import sparse  # noqa: PLC0415 - 0.3 s to import; only building needs it

    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    counts = sparse.csr_matrix((np.ones(len(ids), np.int32), ids, indptr), shape=(len(lengths), num_terms))
    counts.sum_duplicates()  # one entry per (passage, term): its term frequency
    by_term = counts.tocsc()
    by_term.sort_indices()
    return by_term


def build_index(corpus_tokens: Sequence[Sequence[str]]) -> Index:
    """Build a Lucene BM25 index (k1=1.5, b=0.75, bm25s's scores) over each passage's terms."""
    n = len(corpus_tokens)
    vocab = sorted(set(itertools.chain.from_iterable(corpus_tokens))) or [""]
    lengths, by_term = term_matrix(corpus_tokens, vocab)
    rows, tf = by_term.indices.astype(np.int32), by_term.data.astype(np.float64)
    df = np.diff(by_term.indptr)
    norm = K1 * (1 - B + B * lengths / (lengths.mean() if n and lengths.sum() else 1.0))
    data = np.repeat(idf(n, df), df) * tf / (tf + norm[rows])
    return Index(np.asarray(vocab), data.astype(np.float32), rows, by_term.indptr.astype(np.int64), n)


class OkapiIndex:
    """rank-bm25's BM25Okapi over the same terms: the reference engine, slow at archive scale."""

    engine = "rank-bm25"

    def __init__(self, corpus_tokens: Sequence[Sequence[str]]) -> None:
        from rank_bm25 import BM25Okapi  # noqa: PLC0415 - only this engine needs it

        # rank-bm25 divides by the corpus size: give an empty corpus one empty passage
        self._model = BM25Okapi([list(d) for d in corpus_tokens] or [[]], k1=K1, b=B)
        self._count = len(corpus_tokens)

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return self._count

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Return every passage's Okapi score for the (deduplicated) terms."""
        return np.asarray(self._model.get_scores(list(dict.fromkeys(terms))), dtype=np.float32)[: self._count]

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's Okapi idf (0 for a term no passage holds)."""
        return {t: float(self._model.idf.get(t, 0.0)) for t in terms}

    def matched(self, terms: Sequence[str], doc: int) -> tuple[str, ...]:
        """Return the terms that occur in passage doc, in query order."""
        freqs = self._model.doc_freqs[doc]
        return tuple(t for t in dict.fromkeys(terms) if t in freqs)

    def top(self, terms: Sequence[str], k: int, where: Where | None = None) -> list[tuple[int, float]]:
        """Return up to k (passage, score) pairs, best first, ties by passage order."""
        return dense_top(self, terms, k, where)

    def holding(self, terms: Sequence[str]) -> np.ndarray:
        """Return which passages hold at least one of the terms (even where Okapi's idf is 0)."""
        wanted = list(dict.fromkeys(terms))
        return np.fromiter((any(t in f for t in wanted) for f in self._model.doc_freqs[: self._count]),
                           dtype=bool, count=self._count)


def top_docs(
    scores: np.ndarray, k: int, allowed: np.ndarray | None = None, holding: np.ndarray | None = None,
) -> list[int]:
    """Return up to k passages, best first, ties by passage order.

    Only passages that hold a term (`holding`; without it, a positive score) are candidates: a
    term in exactly half the passages has Okapi idf 0, yet a passage holding it still matches.
    """
    candidates = holding if holding is not None else scores > 0
    if allowed is not None:
        candidates = candidates & allowed
    candidates = np.flatnonzero(candidates)
    if len(candidates) > k:
        # keep everything tied with the k-th best, so equal scores never depend on partition order
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        candidates = candidates[scores[candidates] >= kth]
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:k].tolist()
