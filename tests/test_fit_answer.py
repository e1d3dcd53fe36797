"""The decision to answer: LightGBM's binary trees, flattened, give the probability LightGBM gives; each
feature keeps its direction; the threshold is read off probabilities from trees that never saw the question."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.answer.model import AnswerModel, load_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from fit_answer import best_threshold, fit_answer, fit_trees  # noqa: E402

NAMES = ("best", "absent", "terms")


@pytest.fixture(scope="module")
def made_up() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Questions whose chosen sentence is right the higher `best` and the lower `absent`, noisily."""
    rng = np.random.default_rng(0)
    x = rng.random((1500, 3))
    chance = 1 / (1 + np.exp(-(6 * x[:, 0] - 4 * x[:, 1] - 1)))
    right = rng.random(1500) < chance
    answerable = right | (rng.random(1500) < 0.3)  # the rest: unanswerable
    return x, right, answerable, np.ones(1500), np.arange(1500) % 5


def test_the_flattened_trees_give_lightgbms_probability(made_up) -> None:
    x, right, answerable, weight, folds = made_up
    forest, _ = fit_answer(x, right, answerable, weight, folds, NAMES)
    learn = right | ~answerable
    booster = fit_trees(x[learn], right[learn], weight[learn], NAMES)
    rows = [dict(zip(NAMES, map(float, row))) for row in x[:200]]
    logits = np.array(forest.scores(rows))
    assert 1 / (1 + np.exp(-logits)) == pytest.approx(booster.predict(x[:200]), abs=1e-4)
    # as the answer path reads it, from the saved model's JSON
    model = AnswerModel.from_json(load_model().to_json() | {"answer": forest.to_json()})
    assert model.answer_probability(rows[0]) == pytest.approx(1 / (1 + math.exp(-logits[0])), abs=1e-9)


def test_a_feature_keeps_its_direction(made_up) -> None:
    x, right, answerable, weight, folds = made_up
    forest, _ = fit_answer(x, right, answerable, weight, folds, NAMES)
    grid = np.linspace(0, 1, 21)
    rising = forest.scores([{"best": b, "absent": 0.5, "terms": 0.3} for b in grid])
    falling = forest.scores([{"best": 0.5, "absent": a, "terms": 0.3} for a in grid])
    assert np.all(np.diff(rising) >= 0) and rising[-1] > rising[0]
    assert np.all(np.diff(falling) <= 0) and falling[-1] < falling[0]


def test_each_questions_probability_comes_from_trees_fitted_without_its_fold(made_up) -> None:
    x, right, answerable, weight, folds = made_up
    _, held = fit_answer(x, right, answerable, weight, folds, NAMES)
    learn = (right | ~answerable) & (folds != 0)
    unseen = fit_trees(x[learn], right[learn], weight[learn], NAMES).predict(x[folds == 0])
    assert held[folds == 0] == pytest.approx(unseen)
    threshold = best_threshold(held, right, answerable)
    assert 0.05 <= threshold and np.mean(held[right] < threshold) <= 0.05
