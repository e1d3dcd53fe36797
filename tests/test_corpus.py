"""Bad input: every bad file is reported by name and reason; the rest is ingested."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import opencc
import pytest

from retrieval import decode_issue_bytes, load_corpus, read_issue_file
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
        "latin1.txt": "not UTF-8, UTF-16, GB18030 or Big5 text",
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

    with pytest.raises(SeedFormatError, match="not UTF-8, UTF-16, GB18030 or Big5"):
        decode_issue_bytes(b"\x81\x30\x81")  # a truncated GB18030 four-byte sequence


def _traditional(text: str) -> str:
    return opencc.OpenCC("s2tw").convert(text)  # Taiwan's forms: what a Big5 system writes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "big5"])
def test_every_seed_decodes_by_its_content(encoding: str) -> None:
    boms = {"utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be")}
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        if encoding == "big5":
            text = _traditional(text).replace("▶", ">").replace("堃", "坤")  # two the seeds print that Big5 lacks
            data, expected = text.encode("cp950"), opencc.OpenCC("t2s").convert(text)
        elif encoding in boms:
            bom, codec = boms[encoding]
            data, expected = bom + text.encode(codec), text
        else:
            data, expected = text.encode(encoding), text
        assert decode_issue_bytes(data) == expected, seed.name


def test_a_big5_page_parses_like_its_original(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("001_*.txt"))
    original = read_issue_file(seed)
    (tmp_path / "big5.txt").write_bytes(_traditional(seed.read_text(encoding="utf-8")).encode("cp950"))
    converted = read_issue_file(tmp_path / "big5.txt")
    # simplified again, but for 着, which Taiwan writes 著 and t2s keeps so
    assert [a.headline for a in converted.articles] == [a.headline.replace("着", "著") for a in original.articles]
    assert (converted.date, converted.issue_no) == (original.date, original.issue_no)


def test_every_file_not_ingested_gets_a_line_with_its_name_escaped(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("001_*.txt"))
    shutil.copy(seed, tmp_path / "good.txt")
    (tmp_path / "folder.txt").mkdir()
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "new\nline.txt").write_bytes(b"\x00\x01binary" * 10)
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + seed.read_text(encoding="utf-8").encode("utf-16-le"))
    issues, problems = load_corpus([tmp_path])  # returns: the FIFO is never opened
    assert sorted(i.source for i in issues) == ["good.txt", "utf16.txt"]
    assert [f"skipped {p.source}: {p.reason}" for p in problems] == [
        "skipped folder.txt: a folder, not an issue file",
        "skipped gone.txt: broken symbolic link (its target is gone)",
        "skipped loop.txt: symbolic link loop",
        "skipped pipe.txt: not a regular file (a FIFO)",
        "skipped new\\nline.txt: binary file (NUL bytes), not newspaper text",
    ]
