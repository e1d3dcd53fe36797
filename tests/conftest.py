"""Shared fixtures: the real seed corpus, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Issue, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """Return the bundled seed folder."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_issues() -> dict[str, Issue]:
    """Return the parsed seed issues keyed by their three-digit file prefix."""
    issues, problems = load_corpus([SEEDS])
    assert problems == ()
    return {issue.source[:3]: issue for issue in issues}
