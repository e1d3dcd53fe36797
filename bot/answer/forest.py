"""The reader's phrase scorers, read from the saved model's JSON: a weight per named feature, or that
linear score plus a forest of regression trees (LightGBM's lambdarank boosted from the linear score,
fitted by `make train`), evaluated here without LightGBM.

Both score many phrases at once from their named features (a phrase's absent feature is 0). The forest
is kept as flat arrays: for every split node its feature, threshold and two children (a child below 0
is the leaf ~child), for every leaf its value, and each tree's root; a value at or under the threshold
goes left, as LightGBM's numerical splits do. The trees are walked in compiled code (bot.answer.walk).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np


@dataclass(frozen=True, slots=True)
class PhraseWeights:
    """A linear scorer: the sum of each feature's weight times its value."""

    weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.weights, MappingProxyType):
            object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))

    def __bool__(self) -> bool:
        return bool(self.weights)

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """Return each row's score."""
        return [sum(self.weights.get(n, 0.0) * v for n, v in row.items()) for row in rows]

    def parts(self, row: Mapping[str, float], count: int = 6) -> str:
        """Return the row's weightiest contributions, for `--explain`."""
        names = sorted(row, key=lambda n: -abs(self.weights.get(n, 0.0) * row[n]))[:count]
        return " ".join(f"{n}={self.weights.get(n, 0.0) * row[n]:+.2f}" for n in names)

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
    base: PhraseWeights = field(default_factory=PhraseWeights)  # the linear score the trees were boosted from

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Forest) and self.to_json() == other.to_json()

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """Return each row's score: its linear score plus the leaves its values reach, one in each tree."""
        if not rows:
            return []
        index = {n: i for i, n in enumerate(self.features)}
        x = np.zeros((len(rows), len(self.features) + 1))  # the last column: features no tree reads
        for r, row in enumerate(rows):
            for name, v in row.items():
                x[r, index.get(name, -1)] = v
        from bot.answer.walk import walk  # noqa: PLC0415 - numba, loaded on the first phrase scored

        trees = walk(x, self.roots, self.feature, self.threshold, self.left, self.right, self.value)
        return (trees + np.array(self.base.scores(rows))).tolist()

    def parts(self, row: Mapping[str, float], count: int = 6) -> str:
        """Return what each feature the forest reads adds to the row's score (the score less the score
        without it; trees have no weight per feature), weightiest first, for `--explain`."""
        known = set(self.features) | set(self.base.weights)
        read = [n for n in row if n in known]
        scores = self.scores([row, *({k: v for k, v in row.items() if k != n} for n in read)])
        adds = {n: scores[0] - without for n, without in zip(read, scores[1:])}
        return " ".join(f"{n}={adds[n]:+.2f}" for n in sorted(read, key=lambda n: -abs(adds[n]))[:count])

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


def scorer_from_json(data: Mapping) -> PhraseScorer:
    """Read a phrase scorer written by its `to_json` (a bare `weights` table is the linear one)."""
    if data.get("kind") == "trees":
        return Forest.from_json(data)
    return _weights(data.get("weights", {}))


def _weights(table: Mapping) -> PhraseWeights:
    return PhraseWeights(dict(sorted((str(n), float(w)) for n, w in table.items())))
