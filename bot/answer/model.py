"""The fitted parts of answering: which sentence answers, and whether to answer at all.

A linear ranker, a forest of trees and a phrase reader, fitted by `make train` (scripts/train.py) on labelled
questions and saved as JSON beside this module (no pickle): the ranker scores each candidate sentence from its
named features; the trees (a logistic score: LightGBM's, walked here by bot.answer.forest) give the
probability that the best candidate really answers the question, from features of the question, its best
candidate and the runner-up. The answer is given when that probability reaches the fitted threshold;
otherwise newsbot refuses.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from pathlib import Path

from bot.answer.forest import Forest, PhraseScorer, PhraseWeights, scorer_from_json

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json"
FORMAT = 1
# What a candidate sentence is judged by (see bot.answer.choose).
SENTENCE_FEATURES = ("ctx", "novel", "own", "fit", "near", "subject", "rank", "key", "bm25", "length", "pair",
                     "chars", "bigrams", "piece", "position", "head", "tfit", "tnear", "tsubject", "hfit", "aligned",
                     "other")
# What the decision to answer is judged by (see bot.answer.respond).
ANSWER_FEATURES = ("best", "margin", "coverage", "key", "fit", "typed", "bm25", "unknown", "terms", "absent",
                   "rarest", "unprinted", "numbers", "names", "name_gap", "elsewhere", "person", "thin", "off",
                   "unnamed", "swapped")


@dataclass(frozen=True, slots=True)
class Linear:
    """A linear score over named features, standardised as in fitting: sum(w * (x - mean) / scale) + bias."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def score(self, values: Mapping[str, float]) -> float:
        """Return the logit for the features in values (a missing feature counts as its mean)."""
        total = self.bias
        for name, w, m, s in zip(self.names, self.weights, self.mean, self.scale):
            total += w * (values.get(name, m) - m) / s
        return total

    def to_json(self) -> dict:
        """Return the parameters as plain JSON values."""
        return {"names": list(self.names), "weights": list(self.weights), "bias": self.bias,
                "mean": list(self.mean), "scale": list(self.scale)}

    @staticmethod
    def from_json(data: Mapping) -> Linear:
        """Read parameters written by `to_json`."""
        return Linear(tuple(data["names"]), tuple(map(float, data["weights"])), float(data["bias"]),
                      tuple(map(float, data["mean"])), tuple(map(float, data["scale"])))


@dataclass(frozen=True, slots=True)
class AnswerModel:
    """The sentence scorer, the answer/refuse model and its probability threshold."""

    sentence: Linear
    answer: Linear | Forest  # a logit: the bootstrap's linear one, or the fitted trees
    threshold: float
    trained_on: str = ""
    # what kind of name answers a question about a noun (国家 → LOC, 宗教 → ORG), as the tagger tags them
    head_tags: Mapping[str, str] = field(default_factory=dict)
    # the short-answer reader (bot.answer.reader): its phrase scorer (bot.answer.forest), and the softmax
    # share its best phrase needs to be shown
    reader: PhraseScorer = field(default_factory=PhraseWeights)
    shown: float = 1.0
    # how often a question's word is not printed where its answer is (朝代, 时候, 原因: the frame of a
    # question, not its subject); what the article lacks of such a word says little about a near miss
    frame: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the tables are read on every answer: kept as read-only mappings, not copied into dicts each time
        for name in ("head_tags", "frame"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, MappingProxyType(dict(value)))

    def answer_probability(self, values: Mapping[str, float]) -> float:
        """Return the probability that the chosen sentence answers the question."""
        return 1.0 / (1.0 + math.exp(-max(min(self.answer.score(values), 40.0), -40.0)))

    def to_json(self) -> dict:
        """Return the whole model as plain JSON values."""
        return {"format": FORMAT, "trained_on": self.trained_on, "threshold": self.threshold,
                "sentence": self.sentence.to_json(), "answer": self.answer.to_json(),
                "head_tags": dict(self.head_tags), "reader": {"shown": self.shown, **self.reader.to_json()},
                "frame": dict(self.frame)}

    @staticmethod
    def from_json(data: Mapping) -> AnswerModel:
        """Read a model written by `to_json`; raise ValueError for another format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"answer model format {data.get('format')!r}, expected {FORMAT}")
        answer = data["answer"]
        return AnswerModel(Linear.from_json(data["sentence"]),
                           Forest.from_json(answer) if answer.get("kind") == "trees" else Linear.from_json(answer),
                           float(data["threshold"]), str(data.get("trained_on", "")),
                           dict(sorted(dict(data.get("head_tags", {})).items())),
                           scorer_from_json(data.get("reader", {})),
                           float(data.get("reader", {}).get("shown", 1.0)),
                           dict(sorted((str(w), float(r)) for w, r in data.get("frame", {}).items())))


def load_model(path: Path = MODEL_PATH) -> AnswerModel:
    """Read a saved answer model."""
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@functools.cache
def default_model() -> AnswerModel:
    """Return the model shipped beside this module (read once: it is a constant of the program)."""
    return load_model()
