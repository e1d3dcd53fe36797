"""BM25 over index segments, scored at query time with the whole archive's statistics.

Each passage's score is the one `build_index` gives when the archive is indexed at once: the same
Lucene idf over all passages, the same mean length, the same float operations in the same order,
so the scores are equal bit for bit however the archive is split into segments. `top` finds the k
best passages without scoring every passage holding a common term: a small segment scores every
passage holding a term; a large one runs Block-Max MaxScore — compiled (retrieval.daat), or in
numpy when a date filter or passage mask must be applied as postings are read (retrieval.pruned).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from retrieval import blockmax
from retrieval.index import B, K1, Index, Where, idf
from retrieval.pruned import best, kth, pruned
from retrieval.segstore import Segment

FIRST_PASS = 1_000  # postings of the rarest terms that give the first candidates (500-2000 measured best at 1M)
BLOCK_MAX = 20_000  # essential postings past which block bounds pay for their computing (10-50k measured alike at 1M)
DENSE_DOCS = 1 << 18  # up to this many passages, a segment scores every passage holding a term
WINDOW_SHIFT = 15  # the compiled kernel's windows of 32k passages (13-16 measured at 10M: 15 best)
MAX_TERMS = 64  # the compiled kernel keeps a passage's terms as bits of one word; more go to retrieval.pruned


@dataclass(frozen=True, slots=True)
class Posting:
    """One term's passages in one segment: segment number, column, and the column's span."""

    seg: int
    col: int
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class SegmentIndex:
    """The Ranker over an archive's segments (passage ids run through the segments in order)."""

    segments: tuple[Segment, ...]
    offsets: np.ndarray
    total_length: int
    engine: str = "segments"
    first_pass: int = FIRST_PASS
    dense_docs: int = DENSE_DOCS
    block_max: int = BLOCK_MAX
    range_shift: int = blockmax.RANGE_SHIFT
    window_shift: int = WINDOW_SHIFT
    compact: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # large segments' lengths
    norms: dict[int, np.ndarray] = field(default_factory=dict)  # filled as segments are first scored
    # small segments' scores of the terms asked so far: valid while the archive (its idf, mean length) is this one
    columns: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    @staticmethod
    def of(segments: Sequence[Segment], first_pass: int = FIRST_PASS, dense_docs: int = DENSE_DOCS,
           block_max: int = BLOCK_MAX, range_shift: int = blockmax.RANGE_SHIFT,
           window_shift: int = WINDOW_SHIFT) -> SegmentIndex:
        """Join segments into one index (the tuning arguments are for tests: small archives, every path taken)."""
        counts = [s.num_docs for s in segments]
        offsets = np.zeros(len(segments) + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        total = sum(int(np.sum(s.lengths, dtype=np.int64)) for s in segments)
        return SegmentIndex(tuple(segments), offsets, total, first_pass=first_pass, dense_docs=dense_docs,
                            block_max=block_max, range_shift=range_shift, window_shift=window_shift)

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return int(self.offsets[-1])

    @property
    def avg_length(self) -> float:
        """Return the mean passage length in terms (1 for an empty archive, as build_index takes it)."""
        n = self.num_docs
        return self.total_length / n if n and self.total_length else 1.0

    def _postings(self, term: str) -> list[Posting]:
        out = []
        for i, seg in enumerate(self.segments):
            col = seg.column(term)
            if col >= 0 and seg.indptr[col + 1] > seg.indptr[col]:
                out.append(Posting(i, col, int(seg.indptr[col]), int(seg.indptr[col + 1])))
        return out

    def _terms(self, terms: Sequence[str]) -> tuple[list[str], list[list[Posting]], np.ndarray]:
        """Return the distinct terms some passage holds, in query order, with their postings and idf."""
        found = [(t, p) for t in dict.fromkeys(terms) if (p := self._postings(t))]
        dfs = np.asarray([sum(x.hi - x.lo for x in p) for _, p in found], dtype=np.int64)
        return [t for t, _ in found], [p for _, p in found], idf(self.num_docs, dfs)

    def contrib(self, p: Posting, weight: float, at: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """Return the local passage ids and float32 scores of a posting's entries at `at`."""
        seg = self.segments[p.seg]
        rows = seg.rows[p.lo : p.hi][at]
        tf = seg.tf[p.lo : p.hi][at].astype(np.float64)
        return rows, (weight * tf / (tf + self.norm(p.seg)[rows])).astype(np.float32)

    def _column(self, p: Posting, weight: float) -> tuple[np.ndarray, np.ndarray]:
        """Return a small segment's whole posting with its scores, kept for the next question with the term."""
        if (p.seg, p.col) not in self.columns:
            self.columns[(p.seg, p.col)] = self.contrib(p, weight, slice(None))[1]
        return self.segments[p.seg].rows[p.lo : p.hi], self.columns[(p.seg, p.col)]

    def norm(self, s: int) -> np.ndarray:
        """Return k1's length normalisation of each passage of segment s (computed once per index)."""
        if s not in self.norms:
            self.norms[s] = K1 * (1 - B + B * self.segments[s].lengths / self.avg_length)
        return self.norms[s]

    def _compact(self, s: int) -> tuple[np.ndarray, np.ndarray]:
        """Return segment s's passage lengths in the narrowest type, and the length normalisation of each length."""
        if s not in self.compact:
            lengths = np.asarray(self.segments[s].lengths)
            top = int(lengths.max()) if len(lengths) else 0
            narrow = lengths.astype(np.uint16) if top < 1 << 16 else lengths
            # the same float operations as norm(), on each length once: the same bits
            self.compact[s] = (narrow, K1 * (1 - B + B * np.arange(top + 1, dtype=lengths.dtype) / self.avg_length))
        return self.compact[s]

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's idf (0 for a term no passage holds)."""
        out = {}
        for t in terms:
            df = sum(p.hi - p.lo for p in self._postings(t))
            out[t] = float(idf(self.num_docs, df)) if df else 0.0
        return out

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Return every passage's BM25 score for the (deduplicated) terms."""
        out = np.zeros(self.num_docs, dtype=np.float32)
        _, postings, weights = self._terms(terms)
        for plist, weight in zip(postings, weights.tolist()):
            for p in plist:
                rows, c = self.contrib(p, weight, slice(None))
                out[self.offsets[p.seg] + rows] += c
        return out

    def holding(self, terms: Sequence[str]) -> np.ndarray:
        """Return which passages hold at least one of the terms."""
        out = np.zeros(self.num_docs, dtype=bool)
        for plist in self._terms(terms)[1]:
            for p in plist:
                out[self.offsets[p.seg] + np.asarray(self.segments[p.seg].rows[p.lo : p.hi])] = True
        return out

    def matched(self, terms: Sequence[str], doc: int) -> tuple[str, ...]:
        """Return the terms that occur in passage doc, in query order."""
        s = int(np.searchsorted(self.offsets, doc, side="right")) - 1
        local = doc - int(self.offsets[s])
        out = []
        for t, plist in zip(*self._terms(terms)[:2]):
            for p in (p for p in plist if p.seg == s):
                posting = self.segments[s].rows[p.lo : p.hi]
                at = int(np.searchsorted(posting, local))
                if at < len(posting) and posting[at] == local:
                    out.append(t)
        return tuple(out)

    def top(self, terms: Sequence[str], k: int, where: Where | None = None) -> list[tuple[int, float]]:
        """Return up to k (passage, score) pairs, best first, ties by passage order, among those `where` allows.

        Each segment gives its own k best (a small one by scoring all its passages that hold a term,
        a large one by MaxScore, see `_pruned`), largest segment first, so its k-th best score lets
        the others skip more; the best k of these are the archive's.
        """
        _, postings, weights = self._terms(terms)
        if not postings:
            return []
        found: list[tuple[np.ndarray, np.ndarray]] = []
        threshold = -np.inf
        for s in sorted(range(len(self.segments)), key=lambda i: -self.segments[i].num_docs):
            per_term = [next((p for p in plist if p.seg == s), None) for plist in postings]
            if all(p is None for p in per_term):
                continue
            if self.segments[s].num_docs <= self.dense_docs:
                docs, scores = self._dense(s, per_term, weights, k, where)
            elif where is None and sum(p is not None for p in per_term) <= MAX_TERMS:
                docs, scores = self._compiled(s, per_term, weights, k, threshold)
            else:
                docs, scores = pruned(self, s, per_term, weights, k, where, threshold)
            found.append((docs + self.offsets[s], scores))
            if len(self.segments) > 1:
                everything = np.concatenate([f[1] for f in found])
                threshold = kth(everything, k) if len(everything) >= k else threshold
        docs = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
        scores = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.float32)
        order = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[order].tolist(), scores[order].tolist()))

    def _dense(self, s: int, per_term: list[Posting | None], weights: np.ndarray, k: int,
               where: Where | None) -> tuple[np.ndarray, np.ndarray]:
        """Return a small segment's k best (local ids, scores): every passage holding a term scored."""
        n = self.segments[s].num_docs
        scores, holding = np.zeros(n, np.float32), np.zeros(n, bool)
        for p, weight in zip(per_term, weights.tolist()):
            if p is not None:
                rows, c = self._column(p, weight)
                scores[rows] += c
                holding[rows] = True
        docs = np.flatnonzero(holding)  # on bools: 10x faster than on the float scores
        if where is not None and len(docs):
            docs = docs[where(docs + self.offsets[s])]
        return best(docs, scores[docs], k)

    def _compiled(self, s: int, per_term: list[Posting | None], weights: np.ndarray, k: int,
                  threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """Return a large segment's k best (local ids, scores) by the compiled Block-Max MaxScore (retrieval.daat)."""
        from retrieval import daat  # noqa: PLC0415 - numba is imported only when a segment this large is asked

        live = [(p.col, w) for p, w in zip(per_term, weights.tolist()) if p is not None]
        docs, scores, _ = daat.run(self.segments[s], live, *self._compact(s), self.avg_length, k,
                                   threshold * blockmax.LOWER, self.window_shift)
        return best(docs, scores, k)

    def bound(self, s: int, p: Posting) -> float:
        """Return the most one occurrence-count of the term can add to a passage's score in segment s, per idf."""
        seg = self.segments[s]
        tf, length = float(seg.maxtf[p.col]), float(seg.minlen[p.col])
        return tf / (tf + K1 * (1 - B + B * length / self.avg_length))

    def to_index(self) -> Index:
        """Return the bm25s index of the same archive: its scores precomputed, one column per term."""
        vocab = np.unique(np.concatenate([s.vocab for s in self.segments])) if self.segments else np.zeros(0, "<U1")
        cols, rows, data = [], [], []
        df = np.zeros(len(vocab), np.int64)
        for seg in self.segments:
            np.add.at(df, np.searchsorted(vocab, seg.vocab), np.diff(seg.indptr))
        weights = idf(self.num_docs, df)
        for i, seg in enumerate(self.segments):
            at = np.searchsorted(vocab, seg.vocab)
            counts = np.diff(seg.indptr)
            cols.append(np.repeat(at, counts))
            rows.append(self.offsets[i] + np.asarray(seg.rows, np.int64))
            tf = np.asarray(seg.tf).astype(np.float64)
            norm = K1 * (1 - B + B * seg.lengths[np.asarray(seg.rows)] / self.avg_length)
            data.append((np.repeat(weights[at], counts) * tf / (tf + norm)).astype(np.float32))
        col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        order = np.argsort(col, kind="stable")
        indptr = np.zeros(len(vocab) + 1, np.int64)
        np.cumsum(np.bincount(col, minlength=len(vocab)), out=indptr[1:])
        rows_all = np.concatenate(rows)[order].astype(np.int32) if rows else np.zeros(0, np.int32)
        data_all = np.concatenate(data)[order] if data else np.zeros(0, np.float32)
        return Index(vocab if len(vocab) else np.asarray([""]), data_all, rows_all,
                     indptr if len(vocab) else np.zeros(2, np.int64), self.num_docs)


