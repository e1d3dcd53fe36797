"""The compiled top-k (retrieval.daat): the same passages, scores and ties as scoring every passage."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from retrieval import DocTable, Segmenter, SegmentIndex, Terms, load_segment, merge_segments, top_docs
from retrieval import write_segment
from tests.conftest import EQUIVALENCE_QUESTIONS, ROOT, SEEDS, seed_questions


def _exhaustive(index: SegmentIndex, terms: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    scores = index.scores(terms)
    return [(d, float(scores[d])) for d in top_docs(scores, k, allowed, index.holding(terms))]


def test_compiled_top_k_equals_exhaustive_scoring_on_the_seeds(seed_files: list, segmenter: Segmenter,
                                                               tmp_path: Path) -> None:
    parts = [load_segment(tmp_path, *write_segment(tmp_path, f.terms, DocTable.from_segments([f]))) for f in seed_files]
    whole = load_segment(tmp_path, *merge_segments(tmp_path, [(p, None) for p in parts]))
    exact = SegmentIndex.of([whole])
    # one segment in windows of 4 to 32k passages, and the seed files as segments (other segments' k-th best passed in)
    compiled = [SegmentIndex.of([whole], dense_docs=0, window_shift=shift) for shift in (2, 5, 15)]
    compiled.append(SegmentIndex.of(parts, dense_docs=0, window_shift=3))
    for question in seed_questions(spread=EQUIVALENCE_QUESTIONS):
        terms = segmenter.tokens(question)
        for k in (1, 5, 10):
            expected = _exhaustive(exact, terms, k)
            for index in compiled:
                assert index.top(terms, k) == expected, (question, k, index.window_shift)


def test_compiled_top_k_equals_exhaustive_scoring_with_common_terms(seed_files: list, segmenter: Segmenter,
                                                                    tmp_path: Path) -> None:
    # 6000 passages, each a seed passage's tail joined to another's head: common terms in most windows, many ties
    rng = random.Random(13)
    pool = [t for f in seed_files for t in f.tokens]
    passages = [[*a[rng.randrange(len(a) // 2 + 1):], *b[: rng.randrange(len(b) // 2 + 1)]]
                for a, b in ((rng.choice(pool), rng.choice(pool)) for _ in range(6000))]
    parts = []
    for a, b in ((0, 4500), (4500, 6000)):
        table = DocTable(np.zeros(b - a, np.int32), np.arange(b - a, dtype=np.int32),
                         (np.arange(a, b) // 300).astype(np.int32), np.full(b - a, -1, np.int32))
        parts.append(load_segment(tmp_path, *write_segment(tmp_path, Terms.of(passages[a:b]), table)))
    exact = SegmentIndex.of(parts)
    compiled = [SegmentIndex.of(parts, dense_docs=0, window_shift=shift) for shift in (4, 8, 13)]
    recent = np.arange(6000) // 300 >= 15
    only = np.random.default_rng(5).random(6000) < 0.3  # a field search's passage mask
    questions = [*seed_questions(spread=EQUIVALENCE_QUESTIONS), *(" ".join(rng.choice(passages)[:12]) for _ in range(40))]
    for question in questions:
        terms = segmenter.tokens(question)
        for k in (1, 3, 10):
            expected = _exhaustive(exact, terms, k)
            for index in compiled:
                assert index.top(terms, k) == expected, (question, k)
        for allowed in (recent, only):  # a filter goes to numpy's MaxScore (retrieval.pruned): the same answer
            where = lambda ids, allowed=allowed: allowed[ids]  # noqa: E731
            assert compiled[1].top(terms, 10, where) == _exhaustive(exact, terms, 10, allowed), question


def test_a_question_of_more_than_64_terms_is_ranked_in_numpy_alike(seed_files: list, tmp_path: Path) -> None:
    parts = [load_segment(tmp_path, *write_segment(tmp_path, f.terms, DocTable.from_segments([f]))) for f in seed_files]
    whole = load_segment(tmp_path, *merge_segments(tmp_path, [(p, None) for p in parts]))
    exact, large = SegmentIndex.of([whole]), SegmentIndex.of([whole], dense_docs=0)
    terms = list(dict.fromkeys(t for f in seed_files[:3] for p in f.tokens[:40] for t in p))[:90]
    assert len(large._terms(terms)[0]) > 64
    assert large.top(terms, 10) == _exhaustive(exact, terms, 10)


def test_compiled_top_k_skips_windows_and_scores_few_passages(seed_files: list, segmenter: Segmenter,
                                                              tmp_path: Path) -> None:
    from retrieval import daat  # noqa: PLC0415 - only this test needs the kernel's own counts

    rng = random.Random(7)
    pool = [t for f in seed_files for t in f.tokens]
    passages = [[*rng.choice(pool), *rng.choice(pool)[:5]] for _ in range(20_000)]
    for doc in range(100, 200):  # a rare term in one stretch of the archive: elsewhere, windows too weak to read
        passages[doc].append("许昌之窗")
    common = max(set(passages[0]), key=lambda t: sum(t in p for p in passages[:2000]))
    table = DocTable(np.zeros(20_000, np.int32), np.arange(20_000, dtype=np.int32), np.zeros(20_000, np.int32),
                     np.full(20_000, -1, np.int32))
    seg = load_segment(tmp_path, *write_segment(tmp_path, Terms.of(passages), table))
    index = SegmentIndex.of([seg], dense_docs=0, window_shift=8)
    held = int(index.holding([common]).sum())
    for terms in ([*segmenter.tokens("许昌市召开全市经济工作会议"), common], ["许昌之窗", common]):
        _, postings, weights = index._terms(terms)
        live = [(plist[0].col, w) for plist, w in zip(postings, weights.tolist())]
        docs, scores, counts = daat.run(seg, live, *index._compact(0), index.avg_length, 10, -np.inf, 8)
        assert sorted(zip((-scores).tolist(), docs.tolist())) == [(-s, d) for d, s in _exhaustive(index, terms, 10)]
        windows, lengths_read, scored = counts[:3].tolist()
        assert held > 5000 and scored < held / 10 and lengths_read < held  # most passages holding a term never scored
    assert windows < 10  # of 79: only those near the rare term's passages are read


def test_small_archives_never_import_numba(tmp_path: Path) -> None:
    # a fresh interpreter answering over the seeds (small segments: every passage holding a term scored)
    code = (
        "import sys; sys.argv = ['newsbot', 'search', '许昌市 经济'];\n"
        "from bot.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('numba imported' if 'numba' in sys.modules else 'no numba', file=sys.stderr)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NEWSBOT_DATA_DIR": str(tmp_path / "data"),
           "NEWSBOT_CORPUS_DIR": str(SEEDS), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    assert "许昌" in done.stdout  # it answered
    assert done.stderr.strip().splitlines()[-1] == "no numba"
