"""The fitted scorers read from the saved model's JSON: a weight per named feature, or that linear score
plus a forest of regression trees (LightGBM's, fitted by `make train`: lambdarank for the reader's phrases,
beside the linear score; binary for the decision to answer), evaluated here without LightGBM.

Both score many phrases at once from their named features (a phrase's absent feature is 0). The forest
is kept as flat arrays: for every split node its feature, threshold and two children (a child below 0
is the leaf ~child), for every leaf its value, and each tree's root; a value at or under the threshold
goes left, as LightGBM's numerical splits do.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np


@dataclass(frozen=True, slots=True)
class PhraseWeights:
    """A linear scorer: the sum of each feature's weight times its value."""

    weights: Mapping[str, float] = field(default_factory=dict)
    # the same table as a plain dict: looked up for every feature of every phrase, faster than the proxy
    _table: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.weights, MappingProxyType):
            object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))
        object.__setattr__(self, "_table", dict(self.weights))

    def __bool__(self) -> bool:
        return bool(self.weights)

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """Return each row's score."""
        weight = self._table.get
        return [sum(weight(n, 0.0) * v for n, v in row.items()) for row in rows]

    def parts(self, row: Mapping[str, float], count: int = 6) -> str:
        """Return the row's weightiest contributions, for `--explain`."""
        adding = [n for n in row if self.weights.get(n, 0.0) * row[n]]
        names = sorted(adding, key=lambda n: -abs(self.weights[n] * row[n]))[:count]
        return " ".join(f"{n}={self.weights[n] * row[n]:+.2f}" for n in names)

    def to_json(self) -> dict:
        return {"kind": "linear", "weights": dict(self.weights)}


@dataclass(frozen=True, slots=True, eq=False)
class Forest:
    """A linear score plus a sum of regression trees over named features."""

    features: tuple[str, ...]
    roots: np.ndarray  # per tree: its first node, or ~leaf for a tree of one leaf
    feature: np.ndarray  # per node: the index in `features` it splits on
    threshold: np.ndarray
    left: np.ndarray  # per node: the child for a value at or under the threshold (~leaf below 0)
    right: np.ndarray
    value: np.ndarray  # per leaf
    base: PhraseWeights = field(default_factory=PhraseWeights)  # the linear score the trees' sum is added to
    # each feature's column, made once: the answer path scores every quote's phrases with it
    columns: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _columns: dict[str, int] = field(init=False, repr=False, compare=False)  # the same, a plain dict: faster

    def __post_init__(self) -> None:
        object.__setattr__(self, "_columns", {n: i for i, n in enumerate(self.features)})
        object.__setattr__(self, "columns", MappingProxyType(self._columns))

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Forest) and self.to_json() == other.to_json()

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """Return each row's score: its linear score plus the leaves its values reach, one in each tree."""
        if not rows:
            return []
        x, linear = self._laid_out(rows)
        return (self._walked(x) + np.array(linear)).tolist()

    def score(self, row: Mapping[str, float]) -> float:
        """Return one row's score (the answer model's logit is one question's)."""
        return self.scores([row])[0]

    def trees(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Return what the trees add to each row's score.

        Where a long-running session has loaded the compiled walk (bot.answer.warm), it walks them;
        otherwise every (row, tree) pair walks down a level at a time, all at once, those still at a split
        only: a few numpy steps a level, three times slower, but loading the compiler would make a cold
        `newsbot ask` 0.9 s slower. Both sum the same leaves.
        """
        return self._walked(self._laid_out(rows)[0])

    def _laid_out(self, rows: Sequence[Mapping[str, float]]) -> tuple[np.ndarray, list[float]]:
        """Return the rows as a matrix over the trees' features, and their linear scores: one pass over each
        row's features does both (the scores summed in the order PhraseWeights.scores sums them)."""
        column, width = self._columns.get, len(self.features) + 1  # the last column: features no tree reads
        weight = self.base._table.get  # the linear score's own table, read as it reads it
        x = np.zeros(len(rows) * width)
        linear = []
        for r, row in enumerate(rows):
            at, total = r * width, 0
            for name, v in row.items():
                x[at + column(name, width - 1)] = v
                total += weight(name, 0.0) * v
            linear.append(total)
        return x.reshape(len(rows), width), linear

    def _walked(self, x: np.ndarray) -> np.ndarray:
        walk = _compiled_walk() or walk_levels
        return walk(x, self.roots, self.feature, self.threshold, self.left, self.right, self.value)

    def parts(self, row: Mapping[str, float], count: int = 6) -> str:
        """Return what the trees add to the row's score, then the weightiest linear parts, for `--explain`
        (trees give no weight per feature)."""
        return f"trees={float(self.trees([row])[0]):+.2f} " + self.base.parts(row, count)

    def to_json(self) -> dict:
        return {"kind": "trees", "features": list(self.features), "roots": self.roots.tolist(),
                "feature": self.feature.tolist(), "threshold": self.threshold.tolist(), "left": self.left.tolist(),
                "right": self.right.tolist(), "value": self.value.tolist(),
                "weights": dict(self.base.weights)}

    @staticmethod
    def from_json(data: Mapping) -> Forest:
        return Forest(tuple(data["features"]), np.array(data["roots"], dtype=np.int64),
                      np.array(data["feature"], dtype=np.int64), np.array(data["threshold"], dtype=np.float64),
                      np.array(data["left"], dtype=np.int64), np.array(data["right"], dtype=np.int64),
                      np.array(data["value"], dtype=np.float64), _weights(data.get("weights", {})))


PhraseScorer = PhraseWeights | Forest


def walk_levels(x: np.ndarray, roots: np.ndarray, feature: np.ndarray, threshold: np.ndarray, left: np.ndarray,
                right: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Return each row of x's sum of its leaves' values, walking every (row, tree) pair a level at a time,
    all at once, those still at a split only (as bot.answer.walk.walk does one by one, compiled)."""
    count, width = len(roots), x.shape[1]
    flat = x.ravel()
    node = np.tile(roots, x.shape[0])
    walking = np.flatnonzero(node >= 0)
    start = walking // count * width  # where each walking pair's row begins in flat
    children = np.stack([left, right], axis=1).ravel()  # a node's left child, then its right
    while walking.size:
        at = node[walking]
        step = children[2 * at + (flat[start + feature[at]] > threshold[at])]
        node[walking] = step
        still = step >= 0
        walking, start = walking[still], start[still]
    return value[~node].reshape(x.shape[0], count).sum(axis=1)


def _compiled_walk():
    """Return the compiled walk once loaded and compiled for the forest's arrays, else None."""
    kernel = getattr(sys.modules.get("bot.answer.walk"), "walk", None)
    return kernel if kernel is not None and kernel.signatures else None


def scorer_from_json(data: Mapping) -> PhraseScorer:
    """Read a phrase scorer written by its `to_json` (a bare `weights` table is the linear one)."""
    if data.get("kind") == "trees":
        return Forest.from_json(data)
    return _weights(data.get("weights", {}))


def _weights(table: Mapping) -> PhraseWeights:
    return PhraseWeights(dict(sorted((str(n), float(w)) for n, w in table.items())))
