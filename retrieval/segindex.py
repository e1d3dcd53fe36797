"""BM25 over index segments, scored at query time with the whole archive's statistics.

Each passage's score is the one `build_index` gives when the archive is indexed at once: the same
Lucene idf over all passages, the same mean length, the same float operations in the same order,
so the scores are equal bit for bit however the archive is split into segments. `top` finds the k
best passages without scoring every passage holding a common term (MaxScore): terms are taken
rarest first, and once the k-th best score so far beats what the remaining terms could add at most,
passages holding only those terms cannot enter the top k and are never scored; the other terms'
blocks of postings whose block-max bound cannot reach that score are not even read (retrieval.blockmax).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from retrieval import blockmax
from retrieval.blockmax import range_bounds
from retrieval.index import B, K1, Index, Where, idf
from retrieval.segstore import Segment

_SLACK = 1 + 1e-5  # float32 rounding of up to 64 terms' contributions stays far below this
FIRST_FACTOR = 4  # ... or four times the smallest term's postings, when more (1-64 measured: 4-6 best at 1M and 10M)
FIRST_PASS = 1_000  # postings of the rarest terms that give the first candidates (500-2000 measured best at 1M)
SAMPLE = 4096  # candidates whose k-th best sum bounds the threshold (a strided sample: cheap, still a bound)
BLOCK_MAX = 20_000  # essential postings past which block bounds pay for their computing (10-50k measured alike at 1M)
DENSE_DOCS = 1 << 18  # up to this many passages, a segment scores every passage holding a term


@dataclass(frozen=True, slots=True)
class _Posting:
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
    norms: dict[int, np.ndarray] = field(default_factory=dict)  # filled as segments are first scored
    # small segments' scores of the terms asked so far: valid while the archive (its idf, mean length) is this one
    columns: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    @staticmethod
    def of(segments: Sequence[Segment], first_pass: int = FIRST_PASS, dense_docs: int = DENSE_DOCS,
           block_max: int = BLOCK_MAX, range_shift: int = blockmax.RANGE_SHIFT) -> SegmentIndex:
        """Join segments into one index (the tuning arguments are for tests: small archives, every path taken)."""
        counts = [s.num_docs for s in segments]
        offsets = np.zeros(len(segments) + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        total = sum(int(np.sum(s.lengths, dtype=np.int64)) for s in segments)
        return SegmentIndex(tuple(segments), offsets, total, first_pass=first_pass, dense_docs=dense_docs,
                            block_max=block_max, range_shift=range_shift)

    @property
    def num_docs(self) -> int:
        """Return the number of passages."""
        return int(self.offsets[-1])

    @property
    def avg_length(self) -> float:
        """Return the mean passage length in terms (1 for an empty archive, as build_index takes it)."""
        n = self.num_docs
        return self.total_length / n if n and self.total_length else 1.0

    def _postings(self, term: str) -> list[_Posting]:
        out = []
        for i, seg in enumerate(self.segments):
            col = seg.column(term)
            if col >= 0 and seg.indptr[col + 1] > seg.indptr[col]:
                out.append(_Posting(i, col, int(seg.indptr[col]), int(seg.indptr[col + 1])))
        return out

    def _terms(self, terms: Sequence[str]) -> tuple[list[str], list[list[_Posting]], np.ndarray]:
        """Return the distinct terms some passage holds, in query order, with their postings and idf."""
        found = [(t, p) for t in dict.fromkeys(terms) if (p := self._postings(t))]
        dfs = np.asarray([sum(x.hi - x.lo for x in p) for _, p in found], dtype=np.int64)
        return [t for t, _ in found], [p for _, p in found], idf(self.num_docs, dfs)

    def _contrib(self, p: _Posting, weight: float, at: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """Return the local passage ids and float32 scores of a posting's entries at `at`."""
        seg = self.segments[p.seg]
        rows = seg.rows[p.lo : p.hi][at]
        tf = seg.tf[p.lo : p.hi][at].astype(np.float64)
        return rows, (weight * tf / (tf + self._norm(p.seg)[rows])).astype(np.float32)

    def _column(self, p: _Posting, weight: float) -> tuple[np.ndarray, np.ndarray]:
        """Return a small segment's whole posting with its scores, kept for the next question with the term."""
        if (p.seg, p.col) not in self.columns:
            self.columns[(p.seg, p.col)] = self._contrib(p, weight, slice(None))[1]
        return self.segments[p.seg].rows[p.lo : p.hi], self.columns[(p.seg, p.col)]

    def _norm(self, s: int) -> np.ndarray:
        """Return k1's length normalisation of each passage of segment s (computed once per index)."""
        if s not in self.norms:
            self.norms[s] = K1 * (1 - B + B * self.segments[s].lengths / self.avg_length)
        return self.norms[s]

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
                rows, c = self._contrib(p, weight, slice(None))
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
            else:
                docs, scores = self._pruned(s, per_term, weights, k, where, threshold)
            found.append((docs + self.offsets[s], scores))
            if len(self.segments) > 1:
                everything = np.concatenate([f[1] for f in found])
                threshold = _kth(everything, k) if len(everything) >= k else threshold
        docs = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
        scores = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.float32)
        best = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[best].tolist(), scores[best].tolist()))

    def _dense(self, s: int, per_term: list[_Posting | None], weights: np.ndarray, k: int,
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
        return _best(docs, scores[docs], k)

    def _pruned(self, s: int, per_term: list[_Posting | None], weights: np.ndarray, k: int, where: Where | None,
                threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """Return a large segment's k best (local ids, scores) by MaxScore with block-max bounds.

        The passages of the terms with the fewest postings (up to `first_pass` postings or four times
        the smallest term's, one term at least) are the first candidates, their scores summed as the
        postings are read; the other terms are then looked up, highest bound first; after each term, the
        k-th best sum so far is a threshold, and a candidate whose sum plus the bounds of the terms
        still to come stays below it is dropped. The weakest terms whose bounds together stay below
        the final threshold cannot lift a passage holding only them into the top k: only the other
        (essential) terms' passages are candidates next. Their postings are read whole — when they
        are many, only the blocks touching a range of passages whose block-max bound reaches the
        threshold — and summed per passage as read; a passage whose sum plus the weak terms'
        bounds stays below the threshold is dropped before any lookup. The survivors are scored
        exactly, in query order.
        """
        seg = self.segments[s]
        threshold *= 1 - 1e-5  # the exact float32 k-th score of other segments, against sums in another order
        live = [i for i, p in enumerate(per_term) if p is not None]
        bounds = np.asarray([weights[i] * self._bound(s, per_term[i]) for i in live]) * _SLACK  # type: ignore[arg-type]
        sizes = np.asarray([per_term[i].hi - per_term[i].lo for i in live])  # type: ignore[union-attr]
        by_size = np.argsort(sizes, kind="stable")
        budget = max(self.first_pass, FIRST_FACTOR * int(sizes[by_size[0]]))
        first = by_size[: max(1, int(np.searchsorted(np.cumsum(sizes[by_size]), budget, side="right")))]
        seen, partial = self._accumulate(s, [(per_term[live[i]], float(weights[live[i]])) for i in first], None, where)
        ranked = {int(i): (per_term[live[i]], float(weights[live[i]]), float(bounds[i])) for i in range(len(live))}
        rest = np.asarray([i for i in np.argsort(-bounds, kind="stable") if i not in set(first.tolist())], np.int64)
        kept, threshold = self._survivors(s, seen, [ranked[int(i)] for i in rest], k, threshold, partial)  # type: ignore[misc]
        if len(rest):
            by_bound = rest[np.argsort(bounds[rest], kind="stable")]  # weakest first
            skippable = int(np.searchsorted(np.cumsum(bounds[by_bound]), threshold, side="left"))
            essential, weak = by_bound[skippable:][::-1], by_bound[:skippable][::-1]  # strongest first
            if len(essential):
                alive = None
                if int(sizes[essential].sum()) > self.block_max:
                    # a passage holding none of the first terms scores at most its range's bound over the others
                    norm = self._norm(s)
                    alive = sum(range_bounds(seg, per_term[live[i]].col, float(weights[live[i]]), norm,  # type: ignore[union-attr]
                                             self.avg_length, self.range_shift) for i in rest) * _SLACK >= threshold
                more, partial = self._accumulate(s, [(per_term[live[i]], float(weights[live[i]])) for i in essential],
                                                 alive, where)
                at = np.minimum(np.searchsorted(seen, more), max(len(seen) - 1, 0))
                new = seen[at] != more if len(seen) else np.ones(len(more), bool)  # they hold none of the first terms
                more, partial = more[new], partial[new]
                reach = partial + float(bounds[weak].sum())
                hopeful = partial[reach >= threshold]  # sums are lower bounds: their k-th best raises the threshold
                if len(hopeful) >= k:
                    threshold = max(threshold, _kth(hopeful, k) * (1 - 1e-5))
                keep = reach >= threshold
                more, threshold = self._survivors(s, more[keep], [ranked[int(i)] for i in weak], k, threshold,  # type: ignore[misc]
                                                  partial[keep])
                kept = np.union1d(kept, more)
        return _best(kept, self._score(s, kept, per_term, weights), k)

    def _accumulate(self, s: int, terms: list[tuple[_Posting, float]], alive: np.ndarray | None,
                    where: Where | None) -> tuple[np.ndarray, np.ndarray]:
        """Return the passages holding any of the terms (in alive ranges, allowed by where), ascending, with their sums."""
        seg = self.segments[s]
        docs, sums = [], []
        for p, weight in terms:
            at: np.ndarray | slice = slice(None)
            if alive is not None:
                at = blockmax.entries(seg, p.col, alive, self.range_shift)
            if where is not None:
                rows = seg.rows[p.lo : p.hi][at]
                at = np.flatnonzero(where(rows + self.offsets[s])) if alive is None else at[where(rows + self.offsets[s])]  # type: ignore[index]
            rows, c = self._contrib(p, weight, at)
            docs.append(rows)
            sums.append(c)
        if len(docs) == 1:
            return docs[0], sums[0].astype(np.float64)
        both = np.concatenate(docs)
        if not len(both):
            return both, np.zeros(0)
        by_doc = np.argsort(both, kind="stable")
        both = both[by_doc]
        starts = np.flatnonzero(np.concatenate(([True], both[1:] != both[:-1])))
        return both[starts], np.add.reduceat(np.concatenate(sums).astype(np.float64)[by_doc], starts)

    def _survivors(self, s: int, docs: np.ndarray, ranked: list[tuple[_Posting, float, float]], k: int,
                   threshold: float, partial: np.ndarray) -> tuple[np.ndarray, float]:
        """Return the candidates that may still reach the top k, and the k-th best score's lower bound."""
        still = float(sum(b for _, _, b in ranked))
        for p, weight, bound in ranked:
            if not len(docs):
                break
            which, entries = _matches(docs, self.segments[s].rows[p.lo : p.hi])
            partial[which] += self._contrib(p, weight, entries)[1]
            still -= bound
            if len(docs) > k:
                # sums so far only grow: the k-th best of any of them is a lower bound of the final k-th best
                sample = partial[:: max(1, len(partial) // SAMPLE)]
                if len(sample) >= k:
                    threshold = max(threshold, _kth(sample, k) * (1 - 1e-5))
                keep = partial + still >= threshold
                docs, partial = docs[keep], partial[keep]
        return docs, threshold

    def _score(self, s: int, docs: np.ndarray, per_term: list[_Posting | None], weights: np.ndarray) -> np.ndarray:
        """Return the scores of a segment's passages docs (ascending local ids), term by term in query order."""
        out = np.zeros(len(docs), np.float32)
        for p, weight in zip(per_term, weights.tolist()):
            if p is None or not len(docs):
                continue
            which, entries = _matches(docs, self.segments[s].rows[p.lo : p.hi])
            out[which] += self._contrib(p, weight, entries)[1]
        return out

    def _holding(self, seg: Segment, plist: list[_Posting | None], s: int, where: Where | None) -> np.ndarray:
        """Return the local ids of a segment's passages holding any of the postings, ascending, filtered."""
        return self._union([seg.rows[p.lo : p.hi] for p in plist if p is not None], s, where)

    def _union(self, parts: list[np.ndarray], s: int, where: Where | None) -> np.ndarray:
        """Return the passages of segment s in any of the ascending parts, ascending, filtered."""
        docs = parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))
        if len(parts) > 1 and len(docs):
            docs = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
        return docs[where(docs + self.offsets[s])] if where is not None and len(docs) else docs

    def _bound(self, s: int, p: _Posting) -> float:
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


def _kth(scores: np.ndarray, k: int) -> float:
    """Return the k-th best score."""
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _best(docs: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the k best (docs, scores), best first, ties by id; all tied with the k-th kept out of partition's way."""
    if len(docs) > k:
        keep = scores >= np.partition(scores, len(scores) - k)[len(scores) - k]
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:k]
    return docs[order].astype(np.int64), scores[order]


def _matches(docs: np.ndarray, posting: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return where the ascending docs and posting meet: (indexes into docs, indexes into posting)."""
    if len(posting) <= len(docs):  # walk the shorter list, bisect the longer
        at = np.searchsorted(docs, posting)
        ok = at < len(docs)
        ok[ok] = docs[at[ok]] == posting[ok]
        return at[ok], np.flatnonzero(ok)
    at = np.searchsorted(posting, docs)
    ok = at < len(posting)
    ok[ok] = posting[at[ok]] == docs[ok]
    return np.flatnonzero(ok), at[ok]
