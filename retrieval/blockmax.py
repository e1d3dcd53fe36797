"""Block-max bounds: what a term can add at most to a passage of each range of passages, read from its blocks.

A segment keeps, per block of BLOCK_POSTINGS postings of a term, the block's last passage, highest
frequency and shortest passage. From them, at query time and under the archive's current mean
length, `range_bounds` gives the most the term can add to any passage of each range of RANGE
passages (a block spanning several ranges bounds each of them). Summed over terms, a range whose
bound stays below the k-th best score so far holds no passage of the top k, and `entries` reads
only the blocks that touch a range still alive: a common term's other blocks are skipped unread.
"""

from __future__ import annotations

import numpy as np

from retrieval.index import B, K1
from retrieval.segstore import BLOCK_POSTINGS, Segment

RANGE_SHIFT = 10  # ranges of 1024 passages: 1k ranges at 1M passages, 10k at 10M (measured best of 9-12)
FEW_BLOCKS = 4  # a term with at most this many blocks is bounded by its postings themselves (exact, as cheap)
# Bounds are raised and thresholds lowered by these: float32 rounding of up to 64 terms' contributions
# (scores are summed in another order than bounds) stays far below them, so no passage of the top k is lost.
SLACK = 1 + 1e-5
LOWER = 1 - 1e-5


def range_bounds(seg: Segment, col: int, weight: float, norm: np.ndarray, avg_length: float,
                 shift: int = RANGE_SHIFT) -> np.ndarray:
    """Return the most term col adds to a passage's score in each range of 2**shift passages (0 where none holds it)."""
    out = np.zeros((seg.num_docs >> shift) + 1)
    b0, b1 = int(seg.blockptr[col]), int(seg.blockptr[col + 1])
    lo, hi = int(seg.indptr[col]), int(seg.indptr[col + 1])
    if b1 - b0 <= FEW_BLOCKS:
        rows = np.asarray(seg.rows[lo:hi])
        tf = seg.tf[lo:hi].astype(np.float64)
        _max_into(out, rows >> shift, weight * tf / (tf + norm[rows]))
        return out
    last = np.asarray(seg.blast[b0:b1], np.int64)
    first = np.concatenate(([int(seg.rows[lo])], last[:-1] + 1))  # a block starts after the one before ends
    tf = seg.bmaxtf[b0:b1].astype(np.float64)
    value = weight * tf / (tf + K1 * (1 - B + B * seg.bminlen[b0:b1] / avg_length))
    a, z = first >> shift, last >> shift
    spans = z - a + 1
    if int(spans.max()) == 1:
        _max_into(out, a, value)
        return out
    starts = np.repeat(np.cumsum(spans) - spans, spans)
    _max_into(out, np.repeat(a, spans) + np.arange(int(spans.sum())) - starts, np.repeat(value, spans))
    return out


def _max_into(out: np.ndarray, ranges: np.ndarray, values: np.ndarray) -> None:
    """Raise out[r] to the largest value given for r; ranges ascending (postings and blocks come in passage order)."""
    if not len(ranges):
        return
    runs = np.flatnonzero(np.concatenate(([True], ranges[1:] != ranges[:-1])))
    out[ranges[runs]] = np.maximum(out[ranges[runs]], np.maximum.reduceat(values, runs))


def entries(seg: Segment, col: int, alive: np.ndarray, shift: int = RANGE_SHIFT) -> np.ndarray:
    """Return where in term col's postings the passages of alive ranges are, reading only the blocks touching one."""
    b0, b1 = int(seg.blockptr[col]), int(seg.blockptr[col + 1])
    lo, hi = int(seg.indptr[col]), int(seg.indptr[col + 1])
    if b1 - b0 <= FEW_BLOCKS:
        return np.flatnonzero(alive[np.asarray(seg.rows[lo:hi]) >> shift])
    last = np.asarray(seg.blast[b0:b1], np.int64)
    first = np.concatenate(([int(seg.rows[lo])], last[:-1] + 1))
    alive_before = np.concatenate(([0], np.cumsum(alive)))
    touched = np.flatnonzero(alive_before[(last >> shift) + 1] > alive_before[first >> shift])
    if not len(touched):
        return np.zeros(0, np.int64)
    starts = BLOCK_POSTINGS * touched
    sizes = np.minimum(starts + BLOCK_POSTINGS, hi - lo) - starts
    at = np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))
    return at[alive[seg.rows[lo + at] >> shift]]
