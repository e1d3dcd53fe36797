"""Segmenter: normalisation, ranked terms, user dictionaries, the question lexicon."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS
from retrieval.segment import Segmenter, normalise, read_userdict


def test_normalise_joins_ocr_spaces_and_simplifies() -> None:
    assert normalise("高 标准建成 許昌市人民檢察院 ＡＢＣ１２３") == "高标准建成许昌市人民检察院 ABC123"


def test_tokens_drop_question_words_and_punctuation(segmenter: Segmenter) -> None:
    terms = segmenter.tokens("鄢陵县9月份数字化城管考核多少分？")
    assert "鄢陵县" in terms and "城管" in terms and "9" in terms
    assert not {"多少", "？", "?", "少分"} & set(terms)


def test_bigrams_stay_inside_runs_of_kept_words(segmenter: Segmenter) -> None:
    assert segmenter.tokens("谁主持了例会") == ["主持", "主持", "例会", "例会"]


def test_traditional_question_gives_the_same_terms(segmenter: Segmenter) -> None:
    assert segmenter.tokens("市人民檢察院檢察長叫什麼") == segmenter.tokens("市人民检察院检察长叫什么")


def test_user_dictionary_keeps_local_names_whole(segmenter: Segmenter) -> None:
    assert "建安区" in segmenter.words("建安区将官池镇干线公路")


def test_extra_user_dictionary(tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("# local towns\n将官池镇 100 ns\n", encoding="utf-8")
    seg = Segmenter((Path(__file__).parent.parent / "retrieval/data/userdict.txt", extra), cache_dir=None)
    assert "将官池镇" in seg.words("建安区将官池镇干线公路")
    assert read_userdict(extra) == [("将官池镇", 100, "ns")]


def test_question_lexicon_segments_exactly_like_the_full_dictionary(shared_data_dir: Path) -> None:
    text = (SEEDS / "002_934f6e8f83eb08ea.txt").read_text(encoding="utf-8")[:3000]
    full = Segmenter(cache_dir=shared_data_dir / "cache")
    full.load_full()
    light = Segmenter(cache_dir=shared_data_dir / "cache")
    light.tokens("预热")  # writes the lexicon if this is the first Segmenter of the session
    light = Segmenter(cache_dir=shared_data_dir / "cache")
    assert light.words(text) == full.words(text)
    assert not light._full  # answered from the saved lexicon, without loading jieba's dictionary
