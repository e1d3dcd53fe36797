"""MaxScore with block-max bounds over one large segment, in numpy: the path of filtered questions.

A date filter or a field search's passage mask is a Python test of passage ids (`Where`), which the
compiled kernel (retrieval.daat) cannot call: a filtered question over a large segment comes here,
where the filter is applied to the postings as they are read — it usually leaves few, so this path
is fast for them (dated p50 2.2 ms at 10M passages). So does a question of more than 64 terms,
which the kernel cannot hold as bits of a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from retrieval import blockmax
from retrieval.blockmax import LOWER, SLACK, range_bounds
from retrieval.index import Where

if TYPE_CHECKING:
    from retrieval.segindex import SegmentIndex, Posting

FIRST_FACTOR = 4  # ... or four times the smallest term's postings, when more (1-64 measured: 4-6 best at 1M and 10M)
SAMPLE = 4096  # candidates whose k-th best sum bounds the threshold (a strided sample: cheap, still a bound)


def pruned(ix: SegmentIndex, s: int, per_term: list[Posting | None], weights: np.ndarray, k: int,
           where: Where | None, threshold: float) -> tuple[np.ndarray, np.ndarray]:
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
    seg = ix.segments[s]
    threshold *= LOWER  # the exact float32 k-th score of other segments, against sums in another order
    live = [i for i, p in enumerate(per_term) if p is not None]
    bounds = np.asarray([weights[i] * ix.bound(s, per_term[i]) for i in live]) * SLACK  # type: ignore[arg-type]
    sizes = np.asarray([per_term[i].hi - per_term[i].lo for i in live])  # type: ignore[union-attr]
    by_size = np.argsort(sizes, kind="stable")
    budget = max(ix.first_pass, FIRST_FACTOR * int(sizes[by_size[0]]))
    first = by_size[: max(1, int(np.searchsorted(np.cumsum(sizes[by_size]), budget, side="right")))]
    seen, partial = _accumulate(ix, s, [(per_term[live[i]], float(weights[live[i]])) for i in first], None, where)
    ranked = {int(i): (per_term[live[i]], float(weights[live[i]]), float(bounds[i])) for i in range(len(live))}
    rest = np.asarray([i for i in np.argsort(-bounds, kind="stable") if i not in set(first.tolist())], np.int64)
    kept, threshold = _survivors(ix, s, seen, [ranked[int(i)] for i in rest], k, threshold, partial)  # type: ignore[misc]
    if len(rest):
        by_bound = rest[np.argsort(bounds[rest], kind="stable")]  # weakest first
        skippable = int(np.searchsorted(np.cumsum(bounds[by_bound]), threshold, side="left"))
        essential, weak = by_bound[skippable:][::-1], by_bound[:skippable][::-1]  # strongest first
        if len(essential):
            alive = None
            if int(sizes[essential].sum()) > ix.block_max:
                # a passage holding none of the first terms scores at most its range's bound over the others
                norm = ix.norm(s)
                alive = sum(range_bounds(seg, per_term[live[i]].col, float(weights[live[i]]), norm,  # type: ignore[union-attr]
                                         ix.avg_length, ix.range_shift) for i in rest) * SLACK >= threshold
            more, partial = _accumulate(ix, s, [(per_term[live[i]], float(weights[live[i]])) for i in essential],
                                             alive, where)
            at = np.minimum(np.searchsorted(seen, more), max(len(seen) - 1, 0))
            new = seen[at] != more if len(seen) else np.ones(len(more), bool)  # they hold none of the first terms
            more, partial = more[new], partial[new]
            reach = partial + float(bounds[weak].sum())
            hopeful = partial[reach >= threshold]  # sums are lower bounds: their k-th best raises the threshold
            if len(hopeful) >= k:
                threshold = max(threshold, kth(hopeful, k) * LOWER)
            keep = reach >= threshold
            more, threshold = _survivors(ix, s, more[keep], [ranked[int(i)] for i in weak], k, threshold,  # type: ignore[misc]
                                              partial[keep])
            kept = np.union1d(kept, more)
    return best(kept, _score(ix, s, kept, per_term, weights), k)

def _accumulate(ix: SegmentIndex, s: int, terms: list[tuple[Posting, float]], alive: np.ndarray | None,
                where: Where | None) -> tuple[np.ndarray, np.ndarray]:
    """Return the passages holding any of the terms (in alive ranges, allowed by where), ascending, with their sums."""
    seg = ix.segments[s]
    docs, sums = [], []
    for p, weight in terms:
        at: np.ndarray | slice = slice(None)
        if alive is not None:
            at = blockmax.entries(seg, p.col, alive, ix.range_shift)
        if where is not None:
            rows = seg.rows[p.lo : p.hi][at]
            at = np.flatnonzero(where(rows + ix.offsets[s])) if alive is None else at[where(rows + ix.offsets[s])]  # type: ignore[index]
        rows, c = ix.contrib(p, weight, at)
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

def _survivors(ix: SegmentIndex, s: int, docs: np.ndarray, ranked: list[tuple[Posting, float, float]], k: int,
               threshold: float, partial: np.ndarray) -> tuple[np.ndarray, float]:
    """Return the candidates that may still reach the top k, and the k-th best score's lower bound."""
    still = float(sum(b for _, _, b in ranked))
    for p, weight, bound in ranked:
        if not len(docs):
            break
        which, entries = _matches(docs, ix.segments[s].rows[p.lo : p.hi])
        partial[which] += ix.contrib(p, weight, entries)[1]
        still -= bound
        if len(docs) > k:
            # sums so far only grow: the k-th best of any of them is a lower bound of the final k-th best
            sample = partial[:: max(1, len(partial) // SAMPLE)]
            if len(sample) >= k:
                threshold = max(threshold, kth(sample, k) * LOWER)
            keep = partial + still >= threshold
            docs, partial = docs[keep], partial[keep]
    return docs, threshold

def _score(ix: SegmentIndex, s: int, docs: np.ndarray, per_term: list[Posting | None], weights: np.ndarray) -> np.ndarray:
    """Return the scores of a segment's passages docs (ascending local ids), term by term in query order."""
    out = np.zeros(len(docs), np.float32)
    for p, weight in zip(per_term, weights.tolist()):
        if p is None or not len(docs):
            continue
        which, entries = _matches(docs, ix.segments[s].rows[p.lo : p.hi])
        out[which] += ix.contrib(p, weight, entries)[1]
    return out

def kth(scores: np.ndarray, k: int) -> float:
    """Return the k-th best score."""
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def best(docs: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
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
