"""The reader's trees walked in compiled code: every tree for every phrase, with numba.

LightGBM grows its trees leaf by leaf, and over sparse yes/no features they grow deep (41 levels at
most, 24 on average in the shipped forest): walked a level at a time with numpy (bot.answer.forest), a
quote's 100 phrases take about 7 ms; compiled, about 2. Loading numba costs 0.9 s, so only a long-running
session loads this module (bot.answer.warm); `warm()` compiles the kernel into the
cache (`make install` runs it), as retrieval.daat does for its own.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def walk(x: np.ndarray, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray,
         right: np.ndarray, value: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Return each row's sum of its leaves' values (a child below 0 is the leaf ~child; at or under the
    threshold goes left)."""
    out = np.zeros(x.shape[0])
    for r in range(x.shape[0]):
        total = 0.0
        for t in range(roots.shape[0]):
            node = roots[t]
            while node >= 0:
                node = left[node] if x[r, feature[node]] <= threshold[node] else right[node]
            total += value[-node - 1]
        out[r] = total
    return out


def warm() -> None:
    """Compile the kernel for the arrays a Forest holds, into the cache (`make install` runs it)."""
    index = np.zeros(1, np.int64)
    walk(np.zeros((1, 2)), np.array([-1], np.int64), index, np.zeros(1), index, index, np.zeros(1))
