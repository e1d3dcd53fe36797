"""A compiled top-k over one large segment: Block-Max MaxScore in windows of passages, with numba.

The segment's passages are taken in windows of 2**shift passage ids. In each window, each term's
blocks of postings touching it (highest frequency, shortest passage) bound what the term can add
there; a window whose terms' bounds together stay below the k-th best score so far is skipped
unread. Inside a window the terms are split as MaxScore does: the weakest, whose bounds together
stay below that score, cannot lift a passage holding only them into the top k, so only the other
(essential) terms' postings are read, term at a time, into per-passage sums. A passage whose sum
(bounded without its length) plus the weak terms' bounds stays below the threshold is dropped; the
others' lengths are read in one pass (independent loads: memory fetches them in parallel, where a
passage at a time waits for each), the weak terms are looked up strongest first, walking their
postings forward once per window, and a passage that still can reach the threshold is scored
exactly as `SegmentIndex.scores` does — each term's float32 contribution, added in float32 in query
order — so the scores and ties (by passage order) are those of scoring everything.

numba is imported by this module only, and `SegmentIndex` imports it on the first question that
reaches a segment large enough to need it: the seeds and small archives never load it. The
functions are compiled once and cached (`cache=True`: in this package's `__pycache__`, or numba's
user cache folder when that is read-only); the first call after an install compiles them, ~3 s.
"""

from __future__ import annotations

import numba
import numpy as np

from retrieval.blockmax import SLACK
from retrieval.index import B, K1
from retrieval.segstore import BLOCK_POSTINGS, Segment

FIRST_WINDOW = 1 << 10  # passages a window spans until the first k are found


@numba.njit(cache=True, nogil=True, inline="always")
def _advance(rows, pos, end, target):  # type: ignore[no-untyped-def]
    """Return the first position from pos on whose passage is >= target (end if none), galloping."""
    if pos >= end or rows[pos] >= target:
        return pos
    step = 1
    while pos + step < end and rows[pos + step] < target:
        pos += step
        step *= 2
    lo, hi = pos + 1, min(pos + step, end)
    while lo < hi:
        mid = (lo + hi) >> 1
        if rows[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@numba.njit(cache=True, nogil=True, inline="always")
def _window_bound(seg, q, pos, last, weight, avg_length):  # type: ignore[no-untyped-def]
    """Return term q's bound, highest frequency and smallest length normalisation over its blocks touching pos..last."""
    rows, lo, b0, nb, blast, bmaxtf, bminlen, bshift = seg
    j = (pos - lo[q]) >> bshift
    best, most, least = 0.0, 0.0, np.inf
    while j < nb[q]:
        tf = float(bmaxtf[b0[q] + j])
        norm = K1 * (1 - B + B * bminlen[b0[q] + j] / avg_length)
        best = max(best, weight * tf / (tf + norm) * SLACK)
        most, least = max(most, tf), min(least, norm)
        if blast[b0[q] + j] >= last or j + 1 >= nb[q] or rows[lo[q] + ((j + 1) << bshift)] > last:
            break
        j += 1
    return best, most, least


@numba.njit(cache=True, nogil=True, inline="always")
def _bit(low):  # type: ignore[no-untyped-def]
    """Return the position of the one bit set in low."""
    at = 0
    for width in (32, 16, 8, 4, 2, 1):
        if low >> np.uint64(width):
            low >>= np.uint64(width)
            at += width
    return at


@numba.njit(cache=True, nogil=True, inline="always")
def _by_bound(bound, order):  # type: ignore[no-untyped-def]
    """Fill order with the terms by bound, weakest first (insertion sort: a question has few terms)."""
    for i in range(len(bound)):
        j = i
        while j > 0 and bound[order[j - 1]] > bound[i]:
            order[j] = order[j - 1]
            j -= 1
        order[j] = i


@numba.njit(cache=True, nogil=True, inline="always")
def _worst(docs, scores, k):  # type: ignore[no-untyped-def]
    """Return where the lowest score is (of equal ones, the latest passage's: the first to give way)."""
    w = 0
    for i in range(1, k):
        if scores[i] < scores[w] or (scores[i] == scores[w] and docs[i] > docs[w]):
            w = i
    return w


@numba.njit(cache=True, nogil=True)
def top_k(rows, tf, lengths, norms, avg_length, lo, hi, weight, b0, blast, bmaxtf, bminlen, bshift, k, threshold,
          shift):  # type: ignore[no-untyped-def]
    """Return the k best (local passage ids, float32 scores) of a segment, unordered, and counts of the work done.

    Term q (in query order, idf weight[q]) holds postings lo[q]..hi[q] of rows/tf, in blocks of
    2**bshift postings from block b0[q] of blast/bmaxtf/bminlen (each block's last passage, highest
    frequency, shortest passage); norms[lengths[d]] is passage d's length normalisation (the lengths
    in a narrow type: fewer cache misses than a float per passage). A passage whose bound stays below
    threshold (the k-th best score of other segments, or -inf) is not scored. At most 64 terms (bits of a word).
    Counts: windows read, passages whose length was read, passages scored, lookups, postings read.
    """
    m, n, window = len(lo), len(lengths), 1 << shift
    nb = (hi - lo + (1 << bshift) - 1) >> bshift
    seg = (rows, lo, b0, nb, blast, bmaxtf, bminlen, bshift)
    cur, stop, order = lo.copy(), lo.copy(), np.zeros(m, np.int64)
    wub, wtf, wnorm, pre = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m + 1)
    acc = np.zeros(window)  # the essential terms' bounded sum per passage of the window
    held = np.zeros(window, np.uint64)  # which terms each passage of the window holds (bit q)
    seen = np.zeros((window + 63) >> 6, np.uint64)  # the window's candidates, a bit each
    freq = np.empty((window, m), tf.dtype)  # each term's frequency in the passages holding it
    listed, nds, sums, rests = np.empty(window, np.int64), np.empty(window), np.empty(window), np.empty(window)
    best_docs, best_scores = np.zeros(k, np.int64), np.zeros(k, np.float32)
    counts = np.zeros(5, np.int64)
    count, theta = 0, threshold
    following = 0
    while following < n:
        # until k passages are found there is no threshold: small windows, so one comes before much is read
        a = following
        last = min(a + (window if count == k else min(window, FIRST_WINDOW)), n) - 1
        following = last + 1
        total = 0.0
        for q in range(m):
            cur[q] = _advance(rows, cur[q], hi[q], a)
            wub[q] = wtf[q] = 0.0
            if cur[q] < hi[q] and rows[cur[q]] <= last:
                wub[q], wtf[q], wnorm[q] = _window_bound(seg, q, cur[q], last, weight[q], avg_length)
            total += wub[q]
        if total < theta:
            continue
        counts[0] += 1
        _by_bound(wub, order)
        for i in range(m):
            pre[i + 1] = pre[i] + wub[order[i]]
        weak = 0
        while weak < m and pre[weak + 1] < theta:
            weak += 1
        # the essential terms' postings, term at a time: frequencies kept, sums bounded without the passage's length
        for i in range(weak, m):
            q = order[i]
            p, bit, w, wn = cur[q], np.uint64(1) << np.uint64(q), weight[q], wnorm[q]
            once = w / (1.0 + wn)  # most postings say once
            while p < hi[q] and rows[p] <= last:
                d, t = rows[p] - a, tf[p]
                seen[d >> 6] |= np.uint64(1) << np.uint64(d & 63)
                held[d] |= bit
                freq[d, q] = t
                acc[d] += once if t == 1 else w * t / (t + wn)
                p += 1
            counts[4] += p - cur[q]
        for i in range(weak):
            stop[order[i]] = _advance(rows, cur[order[i]], hi[order[i]], last + 1)
        # the candidates that can still reach the threshold, in passage order; then their lengths, all at once
        alive = 0
        for word in range(len(seen)):
            bits = seen[word]
            seen[word] = 0
            while bits:
                low = bits & (~bits + np.uint64(1))
                bits ^= low
                d = (word << 6) + _bit(low)
                if acc[d] * SLACK + pre[weak] >= theta:
                    listed[alive] = d
                    alive += 1
                else:
                    held[d] = 0
                acc[d] = 0.0
        for f in range(alive):
            nds[f] = norms[lengths[a + listed[f]]]
        counts[1] += alive
        for f in range(alive):  # the essential terms' exact sum; the weak terms' bounds for the passage's length
            d, nd = listed[f], nds[f]
            sums[f] = rests[f] = 0.0
            for i in range(m):
                q = order[i]
                if i < weak:
                    rests[f] += weight[q] * wtf[q] / (wtf[q] + nd) * SLACK
                elif held[d] & (np.uint64(1) << np.uint64(q)):
                    t = float(freq[d, q])
                    sums[f] += np.float32(weight[q] * t / (t + nd))
        for i in range(weak - 1, -1, -1):  # the weak terms, strongest first, each walking its postings forward once
            q = order[i]
            p = cur[q]
            for f in range(alive):
                if sums[f] * SLACK + rests[f] < theta:
                    continue
                d, nd = listed[f], nds[f]
                p = _advance(rows, p, stop[q], a + d)
                counts[3] += 1
                if p < stop[q] and rows[p] == a + d:
                    freq[d, q] = tf[p]
                    held[d] |= np.uint64(1) << np.uint64(q)
                    t = float(tf[p])
                    sums[f] += np.float32(weight[q] * t / (t + nd))
                rests[f] -= weight[q] * wtf[q] / (wtf[q] + nd) * SLACK
        for f in range(alive):
            d = listed[f]
            mask = held[d]
            held[d] = 0
            if sums[f] * SLACK + rests[f] < theta:
                continue
            counts[2] += 1
            score = np.float32(0.0)
            for q in range(m):  # in query order, in float32: the sum scoring everything makes
                if mask & (np.uint64(1) << np.uint64(q)):
                    t = float(freq[d, q])
                    score += np.float32(weight[q] * t / (t + nds[f]))
            if count < k:
                best_docs[count], best_scores[count] = a + d, score
                count += 1
            else:
                w = _worst(best_docs, best_scores, k)
                if score < best_scores[w] or (score == best_scores[w] and a + d > best_docs[w]):
                    continue
                best_docs[w], best_scores[w] = a + d, score
            if count == k:
                theta = max(theta, float(best_scores[_worst(best_docs, best_scores, k)]))
    return best_docs[:count], best_scores[:count], counts


def run(seg: Segment, terms: list[tuple[int, float]], lengths: np.ndarray, norms: np.ndarray, avg_length: float, k: int,
        threshold: float, shift: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return top_k over segment seg for terms (column, idf weight) in query order: (local ids, scores, counts)."""
    if k < 1 or not terms:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(5, np.int64)
    cols = np.asarray([c for c, _ in terms], np.int64)
    return top_k(np.asarray(seg.rows), np.asarray(seg.tf), lengths, norms, avg_length,  # type: ignore[no-any-return]
                 np.asarray(seg.indptr[cols], np.int64), np.asarray(seg.indptr[cols + 1], np.int64),
                 np.asarray([w for _, w in terms], np.float64), np.asarray(seg.blockptr[cols], np.int64),
                 np.asarray(seg.blast), np.asarray(seg.bmaxtf), np.asarray(seg.bminlen),
                 BLOCK_POSTINGS.bit_length() - 1, k, threshold, shift)


def warm() -> None:
    """Compile the kernel for the arrays a loaded segment holds, into the cache (`make install` runs it)."""
    def frozen(a: np.ndarray) -> np.ndarray:
        a.flags.writeable = False  # as memory-mapped segments are: another signature to numba
        return a

    one = np.ones(1, np.int64)
    top_k(frozen(np.zeros(1, np.int32)), frozen(np.ones(1, np.uint16)), np.zeros(1, np.uint16), np.ones(1), 1.0,
          0 * one, one, np.ones(1), 0 * one, frozen(np.zeros(1, np.int32)), frozen(np.ones(1, np.uint16)),
          frozen(np.ones(1, np.int32)), BLOCK_POSTINGS.bit_length() - 1, 1, -np.inf, 15)
