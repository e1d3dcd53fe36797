"""The segment index: scores over segments equal one index built at once; files added, changed, removed; merges."""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.engine import build_engine
from retrieval import (
    DocTable, Library, Segmenter, SegmentIndex, Terms, build_index, load_segment, load_segments, merge_policy,
    merge_segments, top_docs, write_segment,
)
from retrieval import blockmax
from tests.conftest import EQUIVALENCE_QUESTIONS, SEEDS, seed_questions, seed_settings


def test_scores_over_segments_equal_one_index_built_at_once(seed_files: list, segmenter: Segmenter, tmp_path: Path) -> None:
    whole = build_index([t for f in seed_files for t in f.tokens])
    parts = [load_segment(tmp_path, *write_segment(tmp_path, f.terms, DocTable.from_segments([f]))) for f in seed_files]
    split = SegmentIndex.of(parts)
    merged = SegmentIndex.of([load_segment(tmp_path, *merge_segments(tmp_path, [(p, None) for p in parts]))])
    # MaxScore on every segment, the rarest term alone giving the first candidates
    pruned = SegmentIndex.of(parts, first_pass=1, dense_docs=0)
    days = DocTable.from_segments(seed_files).day
    autumn = days >= days.max() - 3
    for question in seed_questions(spread=EQUIVALENCE_QUESTIONS):
        terms = segmenter.tokens(question)
        expected = whole.scores(terms)
        for index in (split, merged, pruned):
            assert np.array_equal(index.scores(terms), expected), question  # bit for bit
            assert index.weights(terms) == whole.weights(terms)
            best = top_docs(expected, 5, None, whole.holding(terms))
            assert [d for d, _ in index.top(terms, 5)] == best
            assert [s for _, s in index.top(terms, 5)] == [float(expected[d]) for d in best]
            dated = top_docs(expected, 3, autumn, whole.holding(terms))
            assert [d for d, _ in index.top(terms, 3, lambda ids: autumn[ids])] == dated
    assert np.array_equal(split.to_index().data, whole.data) and np.array_equal(split.to_index().rows, whole.rows)


def test_block_max_top_k_equals_exhaustive_scoring(seed_files: list, segmenter: Segmenter, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # 6000 passages, each a seed passage's tail joined to another's head: common terms span many blocks
    rng = random.Random(13)
    pool = [t for f in seed_files for t in f.tokens]
    passages = [[*a[rng.randrange(len(a) // 2 + 1):], *b[: rng.randrange(len(b) // 2 + 1)]]
                for a, b in ((rng.choice(pool), rng.choice(pool)) for _ in range(6000))]
    parts = []
    for a, b in ((0, 4500), (4500, 6000)):  # two segments: the first one's k-th best lets the second skip too
        table = DocTable(np.zeros(b - a, np.int32), np.arange(b - a, dtype=np.int32),
                         (np.arange(a, b) // 300).astype(np.int32), np.full(b - a, -1, np.int32))
        parts.append(load_segment(tmp_path, *write_segment(tmp_path, Terms.of(passages[a:b]), table)))
    exact = SegmentIndex.of(parts)  # small segments: every passage holding a term is scored
    pruned = SegmentIndex.of(parts, first_pass=20, dense_docs=0, block_max=0, range_shift=4)
    read, whole = [], []
    entries = blockmax.entries

    def counting(seg, col, alive, shift):  # noqa: ANN001, ANN202
        read.append(len(found := entries(seg, col, alive, shift)))
        whole.append(int(seg.indptr[col + 1] - seg.indptr[col]))
        return found

    monkeypatch.setattr(blockmax, "entries", counting)
    recent = np.arange(6000) // 300 >= 15
    only = np.random.default_rng(5).random(6000) < 0.3  # a field search's passage mask
    for question in seed_questions(spread=EQUIVALENCE_QUESTIONS):
        terms = segmenter.tokens(question)
        expected = exact.scores(terms)
        held = exact.holding(terms)
        for k, allowed in ((10, None), (5, recent), (10, only)):
            best = top_docs(expected, k, allowed, held)
            where = None if allowed is None else (lambda ids, allowed=allowed: allowed[ids])
            assert pruned.top(terms, k, where) == [(d, float(expected[d])) for d in best], question
    assert sum(read) < 0.95 * sum(whole)  # blocks below the threshold were skipped, not only passages filtered out


def test_ten_segments_of_a_size_merge_into_one(seed_files: list, segmenter: Segmenter, tmp_path: Path) -> None:
    tokens = [t for f in seed_files for t in f.tokens]
    cuts = np.linspace(0, len(tokens), 11).astype(int)
    entries = []
    for a, b in zip(cuts, cuts[1:]):
        table = DocTable(np.zeros(b - a, np.int32), np.arange(b - a, dtype=np.int32), np.zeros(b - a, np.int32),
                         np.full(b - a, -1, np.int32))
        name, checksums = write_segment(tmp_path, Terms.of(tokens[a:b]), table)
        entries.append({"name": name, "docs": int(b - a), "checksums": checksums, "files": []})
    (merged,) = merge_policy(tmp_path, entries)
    index = SegmentIndex.of([load_segment(tmp_path, merged["name"], merged["checksums"])])
    whole = build_index(tokens)
    for question in seed_questions()[:40]:
        terms = segmenter.tokens(question)
        assert np.array_equal(index.scores(terms), whole.scores(terms))
    assert merge_policy(tmp_path, entries[:9]) == entries[:9]  # nine of a size wait for a tenth


def _corpus(tmp_path: Path, shared: Path) -> tuple[Path, Path]:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(SEEDS, corpus)
    for part in ("cache", "segments"):
        shutil.copytree(shared / part, data / part)
    return corpus, data


def _segments(data: Path) -> list[dict]:
    return json.loads((data / "index/manifest.json").read_text(encoding="utf-8"))["segments"]


def _scores(engine: Library, question: str) -> dict[str, float]:
    return {h.passage.id: h.score for h in engine.search(question, k=20).hits}


def test_a_new_file_is_a_new_segment_and_scores_as_a_fresh_build(seed_engine: Library, shared_data_dir: Path,
                                                                   tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path, shared_data_dir)
    engine = build_engine(seed_settings(data, corpus))
    engine.ingest()
    (first,) = _segments(data)
    text = (SEEDS / "002_934f6e8f83eb08ea.txt").read_text(encoding="utf-8")
    (corpus / "009_new.txt").write_text(text.replace("许昌", "许昌市"), encoding="utf-8")
    report = engine.ingest()
    assert (report.issues, report.segmented_files) == (6, 1)
    assert [s["name"] for s in _segments(data)][0] == first["name"]  # the old segment is untouched
    assert [len(s["files"]) for s in _segments(data)] == [5, 1]
    fresh = build_engine(seed_settings(tmp_path / "fresh", corpus))
    for question in seed_questions()[:30]:
        assert _scores(engine, question) == _scores(fresh, question)


def test_a_changed_file_leaves_its_segment_and_a_removed_one_is_gone(seed_engine: Library, shared_data_dir: Path,
                                                                     tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path, shared_data_dir)
    engine = build_engine(seed_settings(data, corpus))
    engine.ingest()
    changed = corpus / "003_ace193bdf1e9763c.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("卢希望", "卢希望同志"), encoding="utf-8")
    (corpus / "001_41ee50b619f939c9.txt").unlink()
    report = engine.ingest()
    assert (report.issues, report.segmented_files) == (4, 1)
    names = [[Path(f["path"]).name for f in s["files"]] for s in _segments(data)]
    assert names == [["000_5ebacb5347f1c782.txt", "002_934f6e8f83eb08ea.txt", "004_51f39b9f8458e720.txt"],
                     ["003_ace193bdf1e9763c.txt"]]
    assert engine.search("卢希望同志").hits[0].issue.source == "003_ace193bdf1e9763c.txt"
    assert not any(i.source.startswith("001_") for i in engine.issues())
    fresh = build_engine(seed_settings(tmp_path / "fresh", corpus))
    for question in seed_questions()[:30]:
        assert _scores(engine, question) == _scores(fresh, question)
    assert sorted(p.name for p in (data / "index").glob("seg-*")) == sorted(s["name"] for s in _segments(data))


def test_optimize_merges_every_segment_into_one(seed_engine: Library, shared_data_dir: Path, tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path, shared_data_dir)
    engine = build_engine(seed_settings(data, corpus))
    engine.ingest()
    text = (SEEDS / "002_934f6e8f83eb08ea.txt").read_text(encoding="utf-8")
    (corpus / "009_new.txt").write_text(text.replace("许昌", "许昌市"), encoding="utf-8")
    engine.ingest()
    before = {q: engine.search(q, k=10).hits for q in seed_questions()[:20]}
    engine.ingest(optimize=True)
    assert len(_segments(data)) == 1 and len(list((data / "index").glob("seg-*"))) == 1
    assert {q: engine.search(q, k=10).hits for q in before} == before


def test_an_older_or_damaged_file_cache_is_segmented_again(seed_engine: Library, shared_data_dir: Path, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    corpus, data = _corpus(tmp_path, shared_data_dir)
    engine = build_engine(seed_settings(data, corpus))
    engine.ingest()
    keys = sorted(f["key"] for s in _segments(data) for f in s["files"])
    saved = load_segments(data / "segments", keys[0])
    assert saved is not None and saved.tokens and len(saved.terms) == len(saved.passages)
    assert sorted(p.name for p in (data / "segments").iterdir()) == keys  # one folder per file, no leftovers
    # the older format: one JSON file per source file (format 1), and a damaged term array
    for key in keys[:2]:
        shutil.rmtree(data / "segments" / key)
        (data / "segments" / f"{key}.json").write_text(json.dumps({"format": 1, "key": key}), encoding="utf-8")
    ids = data / "segments" / keys[2] / "ids.npy"
    ids.write_bytes(ids.read_bytes()[:-7])
    assert load_segments(data / "segments", keys[2]) is None
    shutil.rmtree(data / "index")
    with caplog.at_level(logging.INFO, logger="retrieval.store"):
        report = engine.ingest()
    assert report.segmented_files == 3
    assert [m for m in caplog.messages if "older format" in m] == [
        "per-file cache of an older format: 2 file(s) will be segmented again"]
    assert sorted(p.name for p in (data / "segments").iterdir()) == keys
    assert load_segments(data / "segments", keys[0]) == saved  # the same terms, passages and issue again
