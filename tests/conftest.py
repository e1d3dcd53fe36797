"""Shared fixtures: the real seed corpus, a real Segmenter and engine, and the fake Bot API server."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from bot.engine import build_engine
from retrieval import Library
from bot.settings import Settings
from retrieval import Issue, load_corpus, segment_files
from retrieval.segment import Segmenter
from tests.refit import REFIT, REFIT_TEST, start_refit

pytest_plugins = ["tests.fake_bot_api", "tests.synthetic"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# the three definitions the seeds print, as found: (abbreviation, full name)
SEED_ABBREVIATIONS = (
    ("佰强物业", "许昌佰强物业服务公司"),
    ("实施意见", "关于巩固拓展脱贫攻坚兜底保障成果进一步做好困难群众基本生活保障工作的实施意见"),
    ("许昌市邮政分公司", "中国邮政集团有限公司许昌分公司"),
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the answer models' refit now, in the background, and check it last (tests/test_model.py)."""
    refits = [item for item in items if item.name == REFIT_TEST]
    if not refits or not (SHARED_EVAL / "drcd_dev.json").is_file():
        return
    items[:] = [item for item in items if item.name != REFIT_TEST] + refits
    folder = Path(tempfile.mkdtemp(prefix="newsbot-refit-"))
    config.stash[REFIT] = start_refit(folder / "model.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop a refit still running when the session ends early (a failure with -x, Ctrl-C)."""
    started = config.stash.get(REFIT, None)
    if started is not None and started[0].poll() is None:
        started[0].kill()
        started[0].wait()


def long_question() -> str:
    """Return 4096 characters of seed text, spaces dropped: the longest message Telegram delivers, as a question."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return "".join(text.split())[5000:5000 + 4096]


def seed_settings(data_dir: Path, corpus_dir: Path = SEEDS, engine: str = "segments", **extra: object) -> Settings:
    """Return settings for an engine over corpus_dir keeping its files in data_dir."""
    return Settings(
        _env_file=None, NEWSBOT_DATA_DIR=data_dir, NEWSBOT_CORPUS_DIR=corpus_dir, NEWSBOT_ENGINE=engine, **extra
    )


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


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one data folder for the session, so jieba's cache and the lexicon are built once."""
    return tmp_path_factory.mktemp("newsbot-data")


@pytest.fixture(scope="session")
def segmenter(shared_data_dir: Path) -> Segmenter:
    """Return a real Segmenter with the bundled user dictionary."""
    return Segmenter(cache_dir=shared_data_dir / "cache")


@pytest.fixture(scope="session")
def seed_engine(shared_data_dir: Path) -> Library:
    """Return an engine over the five seed files, index built."""
    engine = build_engine(seed_settings(shared_data_dir))
    engine.open()
    return engine


EQUIVALENCE_QUESTIONS = 400  # seed questions an index is checked against exhaustive scoring on, taken evenly


def seed_questions(spread: int | None = None) -> list[str]:
    """Return every question of the seed question sets in tests/data, in file order; with `spread`, about
    that many of them taken evenly from every set (the equivalence tests over all of them would otherwise
    grow with each set written)."""
    lines = [line for p in sorted((ROOT / "tests/data").glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()]
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    if not spread or spread >= len(questions):
        return questions
    return [questions[i * len(questions) // spread] for i in range(spread)]


@pytest.fixture(scope="session")
def seed_files(segmenter: Segmenter, tmp_path_factory: pytest.TempPathFactory) -> list:
    """Return the seed files' segments (one per file), in file order."""
    return list(segment_files(sorted(SEEDS.glob("*.txt")), "许昌日报", segmenter, tmp_path_factory.mktemp("cache")).files)
