"""Bad input: every bad file is reported by name and reason; the rest is ingested."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval import load_corpus, read_issue_file
from retrieval.parse import SeedFormatError
from tests.conftest import SEEDS


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    seed = next(SEEDS.glob("001_*.txt"))
    shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "legacy_gb18030.txt").write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("\n  \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1") + b"\xff\xfe\x81")
    (tmp_path / "no_articles.txt").write_text("许昌日报\n\n第9382期\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an issue file", encoding="utf-8")
    return tmp_path


def test_bad_files_are_reported_and_the_rest_ingested(mixed_folder: Path) -> None:
    issues, problems = load_corpus([mixed_folder])
    assert sorted(i.source for i in issues) == ["001_41ee50b619f939c9.txt", "legacy_gb18030.txt"]
    reasons = {p.source: p.reason for p in problems}
    assert reasons == {
        "binary.txt": "binary file (NUL bytes), not newspaper text",
        "blank.txt": "empty file",
        "empty.txt": "empty file",
        "latin1.txt": "neither UTF-8 nor GB18030 text",
        "no_articles.txt": "no recognisable article (no headline followed by body text)",
    }
    assert all("\n" not in reason for reason in reasons.values())


def test_gb18030_file_parses_like_its_utf8_original(mixed_folder: Path) -> None:
    legacy = read_issue_file(mixed_folder / "legacy_gb18030.txt")
    original = read_issue_file(mixed_folder / "001_41ee50b619f939c9.txt")
    assert [a.headline for a in legacy.articles] == [a.headline for a in original.articles]
    assert legacy.issue_no == 9382


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    issues, problems = load_corpus([tmp_path / "nowhere"])
    assert issues == () and problems[0].reason == "no such file or folder"


def test_undecodable_bytes_are_refused() -> None:
    from retrieval import decode_issue_bytes

    with pytest.raises(SeedFormatError, match="neither UTF-8 nor GB18030"):
        decode_issue_bytes(b"\x81\x30\x81")  # a truncated GB18030 four-byte sequence
