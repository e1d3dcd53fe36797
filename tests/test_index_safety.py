"""A damaged, raced or outdated index: checksums, manifests of any shape, one writer at a time, a new corpus folder."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from bot.engine import build_engine
from retrieval import Library
from tests.conftest import SEEDS, seed_settings

QUESTION = "唐聚圈免费救助了多少先心病孩子"
ROOT = Path(__file__).resolve().parent.parent


def _copy(shared: Path, tmp_path: Path, index: bool = True) -> Path:
    data = tmp_path / "data"
    for part in ("cache", "segments", *(("index",) if index else ())):
        shutil.copytree(shared / part, data / part)
    return data


def _manifest(data: Path) -> dict:
    return json.loads((data / "index/manifest.json").read_text(encoding="utf-8"))


def _first_file(m: dict) -> dict:
    return m["segments"][0]["files"][0]


def _without_size(m: dict) -> dict:
    del _first_file(m)["size"]
    return m


def _size_as_text(m: dict) -> dict:
    _first_file(m)["size"] = "22920"
    return m


def _segments_as_object(m: dict) -> dict:
    return {**m, "segments": {"seg": 1}}


def _checksum_as_text(m: dict) -> dict:
    m["segments"][0]["checksums"]["rows"] = "0"
    return m


def _rebuilt_once(data: Path, seed_engine: Library, caplog: pytest.LogCaptureFixture, reason: str) -> None:
    """Search the damaged data folder: one warning line giving the reason, then the same hits as the seeds'."""
    with caplog.at_level(logging.WARNING):
        hits = build_engine(seed_settings(data)).search(QUESTION).hits
    assert [r.getMessage() for r in caplog.records] == [f"rebuilding the index: {reason}"]
    assert hits == seed_engine.search(QUESTION).hits


DAMAGED_MANIFESTS = [
    ("[]", "manifest damaged: a list, not an object"),
    ("null", "manifest damaged: null, not an object"),
    (_without_size, "manifest damaged: a file entry lacks 'size'"),
    (_size_as_text, "manifest damaged: a file entry's 'size' is a string, not a number"),
    (_segments_as_object, "manifest damaged: a manifest's 'segments' is an object, not a list"),
    (_checksum_as_text, "manifest damaged: segment {name} has a checksum that is not a number"),
]


@pytest.mark.parametrize(("damage", "reason"), DAMAGED_MANIFESTS)
def test_a_damaged_manifest_is_rebuilt_with_one_warning(
    damage: object, reason: str, seed_engine: Library, shared_data_dir: Path, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _copy(shared_data_dir, tmp_path)
    name = _manifest(data)["segments"][0]["name"]
    text = damage if isinstance(damage, str) else json.dumps(damage(_manifest(data)))  # type: ignore[operator]
    (data / "index/manifest.json").write_text(text, encoding="utf-8")
    _rebuilt_once(data, seed_engine, caplog, reason.format(name=name))
    (data / "index/manifest.json").write_text(text, encoding="utf-8")
    assert build_engine(seed_settings(data)).ingest().issues == 5  # ingest, too, starts over


def _reverse_vocab(path: Path) -> None:
    np.save(path, np.load(path)[::-1], allow_pickle=False)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _flip_a_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[-1] ^= 1
    path.write_bytes(bytes(content))


@pytest.mark.parametrize(("array", "damage"), [("vocab", _reverse_vocab), ("lengths", _empty), ("tf", _flip_a_byte)])
def test_a_damaged_array_fails_its_checksum_and_is_rebuilt(
    array: str, damage: object, seed_engine: Library, shared_data_dir: Path, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = _copy(shared_data_dir, tmp_path)
    name = _manifest(data)["segments"][0]["name"]
    damage(data / "index" / name / f"{array}.npy")  # type: ignore[operator]
    _rebuilt_once(data, seed_engine, caplog, f"checksum mismatch in {name}/{array}.npy")
    assert not (data / "index" / name).exists()  # the damaged segment is gone, a new one serves


def test_a_changed_corpus_folder_or_paper_is_noticed(seed_engine: Library, shared_data_dir: Path, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    data = _copy(shared_data_dir, tmp_path, index=False)
    build_engine(seed_settings(data)).open()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEEDS / "003_ace193bdf1e9763c.txt", other)
    with caplog.at_level(logging.WARNING):
        engine = build_engine(seed_settings(data, other))
        assert [i.source for i in engine.issues()] == ["003_ace193bdf1e9763c.txt"]
    assert caplog.messages == [f"rebuilding the index: the corpus folder changed from {SEEDS.resolve()} to {other.resolve()}"]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build_engine(seed_settings(data, other, NEWSBOT_PAPER="许昌晨报")).open()
    assert caplog.messages == ["rebuilding the index: the paper's name changed from 许昌日报 to 许昌晨报"]


def _ingest(data: Path, corpus: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data), "NEWSBOT_CORPUS_DIR": str(corpus), "NEWSBOT_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli.main", "ingest"], cwd=tmp_cwd(data), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def tmp_cwd(data: Path) -> Path:
    return data.parent  # no .env there


def test_a_second_ingest_waits_for_the_first(seed_engine: Library, shared_data_dir: Path, tmp_path: Path) -> None:
    data = _copy(shared_data_dir, tmp_path, index=False)
    data.mkdir(exist_ok=True)
    with open(data / "ingest.lock", "w") as held:  # as a running ingest holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = _ingest(data, SEEDS)
        line = waiting.stderr.readline() if waiting.stderr else ""  # written once it finds the lock taken
        assert "another ingest is writing the index; waiting for it" in line
        time.sleep(1)
        assert waiting.poll() is None and not (data / "index/manifest.json").exists()
    out, _ = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and out.startswith("ingested 5 file(s)")


def test_two_ingests_at_once_leave_one_whole_index(seed_engine: Library, shared_data_dir: Path, tmp_path: Path) -> None:
    data = _copy(shared_data_dir, tmp_path, index=False)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for round_ in range(3):
        (corpus / f"00{5 + round_}_new.txt").write_text(
            (SEEDS / "002_934f6e8f83eb08ea.txt").read_text(encoding="utf-8").replace("许昌", f"许昌{round_}"), encoding="utf-8")
        both = [_ingest(data, corpus), _ingest(data, corpus)]
        assert [p.wait(timeout=180) for p in both] == [0, 0]
        segments = _manifest(data)["segments"]
        assert sorted(p.name for p in (data / "index").glob("seg-*")) == sorted(s["name"] for s in segments)
        assert sum(len(s["files"]) for s in segments) == 6 + round_
    assert len(build_engine(seed_settings(data, corpus)).issues()) == 8
