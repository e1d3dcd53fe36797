"""New issues while the bot runs: Library.refresh picks up a new file, and the next digest uses it."""

from __future__ import annotations

import json
import logging
import shutil
import threading
from pathlib import Path

import pytest

from bot.digest import issue_digests
from bot.engine import build_engine
from retrieval import Library
from tests.conftest import SEEDS, seed_settings

NEWEST_SEED = "000_5ebacb5347f1c782.txt"  # 2021-10-13


@pytest.fixture()
def cached(seed_engine: Library, shared_data_dir: Path) -> Path:
    """Return the session's data folder once the seed engine has filled its caches."""
    return shared_data_dir


def refreshing_engine(shared_data_dir: Path, tmp_path: Path) -> tuple[Library, Path]:
    """Return an opened engine over a copy of the seeds, reusing the session's cached segments."""
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(SEEDS, corpus)
    for part in ("cache", "segments"):
        shutil.copytree(shared_data_dir / part, data / part)
    engine = build_engine(seed_settings(data, corpus))
    engine.open()
    return engine, corpus


def add_issue(corpus: Path, name: str = "005_new.txt") -> Path:
    """Write a new issue file: the newest seed, slightly changed so no cached segments fit it."""
    text = (SEEDS / NEWEST_SEED).read_text(encoding="utf-8")
    path = corpus / name
    path.write_text(text.replace("卢希望", "卢希望同志"), encoding="utf-8")
    return path


def test_refresh_ingests_only_the_new_file(cached: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine, corpus = refreshing_engine(cached, tmp_path)
    assert engine.refresh() is False  # nothing changed
    cached = set((tmp_path / "data" / "segments").iterdir())
    add_issue(corpus)
    with caplog.at_level(logging.INFO, logger="retrieval.archive"):
        assert engine.refresh() is True
    assert len(set((tmp_path / "data" / "segments").iterdir()) - cached) == 1
    saved = json.loads((tmp_path / "data/index/manifest.json").read_text(encoding="utf-8"))["segments"]
    assert [len(s["files"]) for s in saved] == [5, 1]  # the new issue is a segment of its own; the rest untouched
    assert "index refreshed: 1 new issue file(s) ['005_new.txt']; segmented 1 file(s)" in caplog.messages
    assert engine.newest_issue().source == "005_new.txt"
    (digest,) = issue_digests(engine)
    assert digest.source == "005_new.txt"
    assert digest.items[0].summary == "10月12日下午,我市召开中心城区第三十五次城建重点项目周例会。"
    assert engine.search("卢希望同志").hits[0].issue.source == "005_new.txt"
    assert engine.refresh() is False


def test_an_index_saved_by_another_process_is_loaded(cached: Path, tmp_path: Path) -> None:
    engine, corpus = refreshing_engine(cached, tmp_path)
    add_issue(corpus)
    other = build_engine(seed_settings(tmp_path / "data", corpus))  # as `newsbot ingest` would, in its own process
    assert other.ingest().segmented_files == 1
    assert engine.refresh() is True
    assert engine.newest_issue().source == "005_new.txt" and len(engine.issues()) == 6
    assert engine.refresh() is False


def test_a_removed_file_is_no_new_issue(cached: Path, tmp_path: Path) -> None:
    engine, corpus = refreshing_engine(cached, tmp_path)
    (corpus / NEWEST_SEED).unlink()
    assert engine.refresh() is False
    assert len(engine.issues()) == 4 and engine.newest_issue().date.isoformat() == "2021-05-15"


def test_a_search_during_refresh_sees_one_whole_archive(cached: Path, tmp_path: Path) -> None:
    engine, corpus = refreshing_engine(cached, tmp_path)
    add_issue(corpus, "0005_sorts_before_the_seeds.txt")  # shifts every file's number in the new archive
    done = threading.Event()
    problems: list[str] = []
    searches = [0]

    def search_meanwhile() -> None:
        while not done.is_set():
            result = engine.search("城建重点项目周例会", k=10)
            issues = engine.issues()
            searches[0] += 1
            for hit in result.hits:
                if hit.passage.article_id != hit.article.id or hit.article.source != hit.issue.source:
                    problems.append(f"{hit.passage.id} resolved to {hit.article.id} of {hit.issue.source}")
            if len(issues) not in (5, 6):
                problems.append(f"{len(issues)} issues")

    reader = threading.Thread(target=search_meanwhile)
    reader.start()
    try:
        assert engine.refresh() is True
    finally:
        done.set()
        reader.join()
    assert problems == [] and searches[0] > 0
    assert len(engine.issues()) == 6
