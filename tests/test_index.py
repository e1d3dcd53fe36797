"""Indexes: bm25s scores as bm25s computes them, rank-bm25 agreement, ties, matched terms."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import SEEDS
from retrieval import Index, OkapiIndex, Segmenter, build_index, top_docs

QUESTIONS = ("建安区将官池镇干线公路问题处置得了几分", "唐聚圈免费救助了多少先心病孩子", "振德华中区域总部二期用地多少亩")


@pytest.fixture(scope="module")
def seed_tokens(segmenter: Segmenter) -> list[list[str]]:
    """Return the terms of each blank-line paragraph of the seeds."""
    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return segmenter.tokens_many(paragraphs)


@pytest.fixture(scope="module")
def index(seed_tokens: list[list[str]]) -> Index:
    return build_index(seed_tokens)


def test_scores_equal_bm25s_own_scoring(index: Index, seed_tokens: list[list[str]], segmenter: Segmenter) -> None:
    import bm25s

    model = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    model.index(seed_tokens, show_progress=False)
    for question in QUESTIONS:
        terms = list(dict.fromkeys(segmenter.tokens(question)))
        np.testing.assert_allclose(index.scores(terms), model.get_scores(terms), rtol=1e-5, atol=1e-6)


def test_engines_agree_on_the_top_passage(index: Index, seed_tokens: list[list[str]], segmenter: Segmenter) -> None:
    okapi = OkapiIndex(seed_tokens)
    for question in QUESTIONS:
        terms = segmenter.tokens(question)
        assert top_docs(index.scores(terms), 1) == top_docs(okapi.scores(terms), 1)


def test_equal_scores_keep_passage_order() -> None:
    scores = np.array([0.0, 2.0, 1.0, 2.0, 2.0, 0.5], dtype=np.float32)
    assert top_docs(scores, 2) == [1, 3]
    assert top_docs(scores, 10) == [1, 3, 4, 2, 5]
    assert top_docs(scores, 10, allowed=np.array([1, 0, 1, 0, 1, 1], bool)) == [4, 2, 5]


def test_matched_means_present_not_scored() -> None:
    # "甲" is in exactly half the passages: rank-bm25's Okapi gives it idf 0, yet it matched
    corpus = [["甲", "乙"], ["甲", "丙"], ["丁"], ["戊"]]
    okapi, lucene = OkapiIndex(corpus), build_index(corpus)
    assert okapi.weights(["甲"]) == {"甲": 0.0}
    assert okapi.matched(["甲", "乙", "庚"], 0) == ("甲", "乙")
    assert lucene.matched(["甲", "乙", "庚"], 0) == ("甲", "乙")
    assert lucene.matched(["甲"], 2) == ()
    assert lucene.term_ids(["庚"]) == {}


def test_a_term_in_half_the_passages_still_finds_them_with_rank_bm25() -> None:
    corpus = [["许昌", "党员"], ["许昌", "社区"], ["鄢陵"], ["长葛"]]  # 许昌: 2 of 4, Okapi idf 0
    okapi, lucene = OkapiIndex(corpus), build_index(corpus)
    assert okapi.weights(["许昌"]) == {"许昌": 0.0}
    for ranker in (okapi, lucene):
        assert ranker.holding(["许昌"]).tolist() == [True, True, False, False]
        assert top_docs(ranker.scores(["许昌"]), 5, None, ranker.holding(["许昌"])) == [0, 1]
