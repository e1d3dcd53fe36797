"""The seed question sets are sound data: each gold answer is printed in the seed file it names, a
follow-up follows a question asked before it, and `make eval` reports every set (scripts/eval_answers.py)."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from retrieval import visible_chars
from tests.conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "scripts"))
from eval_answers import SETS  # noqa: E402

SET_FILES = sorted((ROOT / "tests" / "data").glob("seed_qa_*.jsonl"))


def _bare(text: str) -> str:
    return visible_chars(unicodedata.normalize("NFKC", text))


def _pages() -> dict[str, str]:
    return {p.name: _bare(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def _unprinted(row: dict, pages: dict[str, str]) -> list[str]:
    """Return the gold answers of a row that its seed file does not print (all of them for an unknown file)."""
    page = pages.get(row.get("seed") or "")
    return [a for a in row["answers"] if page is None or _bare(a) not in page]


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_set_in_tests_data_is_reported_by_make_eval() -> None:
    assert SET_FILES and set(SET_FILES) <= set(SETS.values())


def test_an_id_names_one_question_across_our_sets() -> None:
    ids = [row["id"] for path in SET_FILES for row in _rows(path)]
    assert len(set(ids)) == len(ids)  # a miss named in a note or a commit is one question, whatever its set


@pytest.mark.parametrize("path", SET_FILES, ids=lambda p: p.stem)
def test_gold_answers_are_printed_in_their_seed_and_follow_ups_follow(path: Path) -> None:
    rows = _rows(path)
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids), "an id is used twice"
    pages = _pages()
    for k, row in enumerate(rows):
        assert row["question"].strip(), row["id"]
        assert not _unprinted(row, pages), f"{row['id']}: {_unprinted(row, pages)} not printed in {row['seed']}"
        if "follows" in row:
            assert row["follows"] in ids[:k], f"{row['id']} follows {row['follows']}, not asked before it"


def test_a_misquoted_answer_or_an_unknown_file_is_caught() -> None:
    pages, seed = _pages(), "000_5ebacb5347f1c782.txt"
    assert _unprinted({"answers": ["252.7亿元"], "seed": seed}, pages) == []
    assert _unprinted({"answers": ["252.7亿元", "252.8亿元"], "seed": seed}, pages) == ["252.8亿元"]
    assert _unprinted({"answers": ["252.7亿元"], "seed": "999_none.txt"}, pages) == ["252.7亿元"]
    assert _unprinted({"answers": [], "seed": None}, pages) == []
