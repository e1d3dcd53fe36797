"""The fitted answer models: saved as JSON, read back exactly, and the saved one is what `make train` fits."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.answer.model import ANSWER_FEATURES, MODEL_PATH, SENTENCE_FEATURES, AnswerModel, Linear, load_model
from tests.refit import REFIT, start_refit

ROOT = Path(__file__).resolve().parent.parent


def test_a_linear_score_standardises_each_feature() -> None:
    linear = Linear(("a", "b"), (2.0, -1.0), 0.5, (1.0, 0.0), (2.0, 4.0))
    assert linear.score({"a": 3.0, "b": 2.0}) == 0.5 + 2.0 * (3.0 - 1.0) / 2.0 - 1.0 * 2.0 / 4.0
    assert linear.score({"b": 2.0}) == 0.5 - 0.5  # a missing feature counts as its mean


def test_the_model_round_trips_through_json_and_names_every_feature() -> None:
    model = load_model()
    assert AnswerModel.from_json(json.loads(json.dumps(model.to_json()))) == model
    assert model.sentence.names == SENTENCE_FEATURES and set(model.answer.features) <= set(ANSWER_FEATURES)
    assert 0.0 < model.threshold < 1.0 and "drcd_dev" in model.trained_on
    assert model.answer_probability({n: 0.0 for n in ANSWER_FEATURES}) == pytest.approx(
        1 / (1 + math.exp(-model.answer.score({n: 0.0 for n in ANSWER_FEATURES}))))


def test_another_format_is_refused() -> None:
    data = load_model().to_json() | {"format": 99}
    with pytest.raises(ValueError, match="format 99"):
        AnswerModel.from_json(data)


def _close(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        if _numbers(a) and _numbers(b):  # weights by name: an absent one is 0 (rounded away in one fit, not the other)
            return all(_close(a.get(k, 0.0), b.get(k, 0.0)) for k in a.keys() | b.keys())
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=1.5e-4)  # a 4-digit rounding either way
    return a == b


def _numbers(d: dict) -> bool:
    return bool(d) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d.values())


def test_close_reads_an_absent_weight_as_zero() -> None:
    assert _close({"w": {"a": 1.0, "b": 0.00004}}, {"w": {"a": 1.00001}})
    assert not _close({"w": {"a": 1.0, "b": 0.5}}, {"w": {"a": 1.0}})
    assert not _close({"names": ["a"], "x": 1}, {"names": ["a"]})


def test_the_refit_started_at_collection_is_found_under_the_same_key(request: pytest.FixtureRequest) -> None:
    """pytest loads tests/conftest.py as a module of its own, apart from the `tests.conftest` the tests import: a
    key made in it would be another object than the test's, which then refitted a second time."""
    conftest = str(ROOT / "tests" / "conftest.py")
    loaded = next(p for p in request.config.pluginmanager.get_plugins() if getattr(p, "__file__", None) == conftest)
    assert loaded.REFIT is REFIT


@pytest.mark.slow
def test_the_saved_model_is_the_one_make_train_produces(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Refit from the shared evaluation data (about a minute) and compare with the shipped JSON.

    The refit starts in the background as soon as the tests are collected (tests/conftest.py) and this
    test runs last, so the other tests run meanwhile; run alone, it refits here.
    """
    if not (ROOT.parent / "shared" / "eval" / "drcd_dev.json").is_file():
        pytest.skip("../shared/eval is not beside the repository")
    started = request.config.stash.get(REFIT, None)
    if started is None:
        started = start_refit(tmp_path / "model.json")
    process, out = started
    _, err = process.communicate()
    assert process.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    fitted = json.loads(out.read_text(encoding="utf-8"))
    saved = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert _close(fitted, saved), "bot/answer/data/model.json is stale: run `make train`"
