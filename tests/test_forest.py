"""The reader's phrase scorers: a linear one, and LightGBM's trees flattened and walked without LightGBM."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import lightgbm
import numpy as np
import pytest

from bot.answer import walk
from bot.answer.forest import Forest, PhraseWeights, scorer_from_json, walk_levels

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from fit_reader import FOREST, forest_of  # noqa: E402


def test_a_linear_scorer_sums_weight_times_value_and_names_its_weightiest_parts() -> None:
    weights = PhraseWeights({"last:PER": 2.0, "beside:before": -1.0})
    assert weights.scores([{"last:PER": 1.0, "beside:before": 1.0}, {"unknown": 5.0}, {}]) == [1.0, 0.0, 0.0]
    assert weights.parts({"beside:before": 1.0, "last:PER": 1.0}).startswith("last:PER=+2.00")
    assert scorer_from_json(json.loads(json.dumps(weights.to_json()))) == weights
    assert scorer_from_json({"weights": {"a": 1}}) == PhraseWeights({"a": 1.0})  # an older file's table


@pytest.fixture(scope="module")
def fitted() -> tuple[lightgbm.Booster, Forest, np.ndarray]:
    """A small lambdarank forest on made-up phrases: the right one of each group carries `a` and a high `b`."""
    rng = np.random.default_rng(0)
    x = rng.random((600, 3))
    x[:, 0] = (x[:, 0] > 0.5).astype(float)
    labels = ((x[:, 0] == 1.0) & (x[:, 1] > 0.4)).astype(int)
    data = lightgbm.Dataset(x, labels, group=[6] * 100, params={"verbose": -1})
    booster = lightgbm.train(FOREST | {"num_leaves": 7, "min_data_in_leaf": 5}, data, num_boost_round=20)
    return booster, forest_of(booster.dump_model(), ["a", "b", "c"]), x


def test_the_flattened_forest_scores_as_lightgbm_predicts(fitted) -> None:
    booster, forest, x = fitted
    rows = [{n: float(v) for n, v in zip(("a", "b", "c"), row) if v} for row in x]
    assert forest.scores(rows) == pytest.approx(booster.predict(x).tolist(), abs=1e-4)
    # a feature no tree reads is ignored; an absent one is 0
    assert forest.scores([{"zzz": 9.0}]) == pytest.approx(booster.predict(np.zeros((1, 3))).tolist(), abs=1e-4)
    assert forest.scores([]) == []


def test_the_compiled_walk_and_numpys_sum_the_same_leaves(fitted) -> None:
    booster, forest, x = fitted
    wide = np.hstack([x, np.zeros((len(x), 1))])  # the column of features no tree reads
    arrays = (forest.roots, forest.feature, forest.threshold, forest.left, forest.right, forest.value)
    assert walk_levels(wide, *arrays) == pytest.approx(booster.predict(x), abs=1e-4)
    assert walk.walk(wide, *arrays) == pytest.approx(walk_levels(wide, *arrays), abs=1e-12)


def test_the_forest_round_trips_through_json(fitted) -> None:
    _, forest, x = fitted
    again = scorer_from_json(json.loads(json.dumps(forest.to_json())))
    assert isinstance(again, Forest) and again == forest
    rows = [{"a": float(r[0]), "b": float(r[1])} for r in x[:20]]
    assert again.scores(rows) == forest.scores(rows)
    row = {"a": 1.0, "b": 0.9, "zzz": 1.0}
    assert forest.parts(row) == f"trees={forest.scores([row])[0]:+.2f} "  # no linear part here: the trees' sum


def test_a_tree_of_one_leaf_adds_its_value_to_every_row() -> None:
    one_leaf = Forest(("a",), np.array([~0, 0], np.int64), np.array([0], np.int64), np.array([0.5]),
                      np.array([~1], np.int64), np.array([~2], np.int64), np.array([1.0, -2.0, 3.0]))
    assert one_leaf.scores([{"a": 0.0}, {"a": 0.5}, {"a": 0.9}]) == [-1.0, -1.0, 4.0]


def test_the_linear_score_the_trees_add_to_is_part_of_every_score_and_of_its_json() -> None:
    trees = Forest((), np.array([~0], np.int64), np.array([], np.int64), np.array([]), np.array([], np.int64),
                   np.array([], np.int64), np.array([1.0]), PhraseWeights({"b": 0.5}))
    assert trees.scores([{"a": 1.0, "b": 2.0}, {}]) == [2.0, 1.0]
    assert trees.parts({"a": 1.0, "b": 2.0}) == "trees=+1.00 b=+1.00"  # the trees' sum, then the linear parts
    again = scorer_from_json(json.loads(json.dumps(trees.to_json())))
    assert again == trees and again.base == PhraseWeights({"b": 0.5})
