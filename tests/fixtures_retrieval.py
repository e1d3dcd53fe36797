"""Fixtures for the retrieval tests: a real Segmenter and a real engine over the seeds, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine, build_engine
from bot.settings import Settings
from retrieval.segment import Segmenter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_settings(data_dir: Path, corpus_dir: Path = SEEDS, engine: str = "bm25s") -> Settings:
    """Return settings for an engine over corpus_dir keeping its files in data_dir."""
    return Settings(
        _env_file=None, NEWSBOT_DATA_DIR=data_dir, NEWSBOT_CORPUS_DIR=corpus_dir, NEWSBOT_ENGINE=engine
    )


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one data folder for the session, so jieba's cache and the lexicon are built once."""
    return tmp_path_factory.mktemp("newsbot-data")


@pytest.fixture(scope="session")
def segmenter(shared_data_dir: Path) -> Segmenter:
    """Return a real Segmenter with the bundled user dictionary."""
    return Segmenter(cache_dir=shared_data_dir / "cache")


@pytest.fixture(scope="session")
def seed_engine(shared_data_dir: Path) -> Engine:
    """Return an engine over the five seed files, index built."""
    engine = build_engine(seed_settings(shared_data_dir))
    engine.open()
    return engine
