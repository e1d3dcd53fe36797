"""Segmenter: normalisation, ranked terms, user dictionaries, the question lexicon."""

from __future__ import annotations

import logging
import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from retrieval.cut import cut, dictionary
from retrieval.segment import Segmenter, _t2s, _traditional, normalise, read_userdict


def test_normalise_joins_ocr_spaces_and_simplifies() -> None:
    assert normalise("高 标准建成 許昌市人民檢察院 ＡＢＣ１２３") == "高标准建成许昌市人民检察院 ABC123"
    assert normalise("许昌\u3000日报") == "许昌日报"


def test_simplified_text_skips_opencc() -> None:
    # OpenCC's phrase rules would turn 打坏 into 打坯; simplified text is left alone, but a
    # traditional character anywhere makes the whole text go through OpenCC
    assert normalise("门窗被打坏了") == "门窗被打坏了"
    assert normalise("門窗被打坏了") == _t2s().convert("門窗被打坏了")


def test_traditional_list_is_what_opencc_changes_character_by_character() -> None:
    ranges = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0))
    changed = {
        c for lo, hi in ranges for c in map(chr, range(lo, hi))
        if _t2s().convert(c) != c and unicodedata.normalize("NFKC", c) == c
    }
    assert changed == _traditional()


def test_tokens_drop_question_words_and_punctuation(segmenter: Segmenter) -> None:
    terms = segmenter.tokens("鄢陵县9月份数字化城管考核多少分？")
    assert "鄢陵县" in terms and "城管" in terms and "9" in terms
    assert not {"多少", "？", "?", "少分"} & set(terms)


def test_an_asking_word_and_the_measure_word_after_it_are_dropped_together(segmenter: Segmenter) -> None:
    # jieba cuts 一门 off 哪: it was a rare term, and 门语 a bigram no answering passage prints
    assert segmenter.tokens("印欧语系因为哪一门语言而被发现？") == ["印欧语", "语言", "发现", "印欧", "欧语", "语系", "语言", "发现"]
    for question, kept in (("托尔金何年去瑞士", "瑞士"), ("他是甚么人", "人"), ("在哪边", None), ("几月份开会", "开会"),
                           ("什么时候开会", "开会"), ("何种气候", "气候")):
        terms = segmenter.tokens(question)
        assert not {"何年", "甚么", "哪边", "几月份", "几月", "时候", "候开", "何种"} & set(terms), question
        assert kept is None or kept in terms
    # words that only start like one stay: a name, 几乎, 何况
    assert {"哪吒", "几乎", "何况"} <= set(segmenter.tokens("哪吒几乎何况"))


def test_bigrams_stay_inside_runs_of_kept_words(segmenter: Segmenter) -> None:
    # words first, then the bigrams of each run: "了" is a stopword, so no "持了" or "了例"
    assert segmenter.tokens("谁主持了例会") == ["主持", "例会", "主持", "例会"]
    # single characters count only as a run of their own; ASCII words are lower-cased
    assert segmenter.tokens("许昌日报 ABC 魏 的 2021") == ["许昌", "日报", "abc", "2021", "许昌", "昌日", "日报", "魏"]


def test_words_without_bigrams(shared_data_dir: Path) -> None:
    words_only = Segmenter(cache_dir=shared_data_dir / "cache", bigrams=False)
    assert words_only.tokens("许昌日报 ABC 魏 的 2021") == ["许昌", "日报", "abc", "魏", "2021"]


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
    # the lexicon's entries for a text are those of every substring jieba's dictionary holds
    freq, piece = full._tokenizer.FREQ, text[:400]
    every = {piece[i:j]: freq[piece[i:j]] for i in range(len(piece)) for j in range(i + 1, len(piece) + 1)
             if piece[i:j] in freq}
    assert light._lexicon.subset(piece) == every


def test_cut_gives_jiebas_own_words(segmenter: Segmenter) -> None:
    segmenter.load_full()
    tk = segmenter._tokenizer  # the jieba.Tokenizer the Segmenter owns, with our user dictionary
    d = dictionary(tk.FREQ, tk.total)
    texts = [normalise(f.read_text(encoding="utf-8")) for f in sorted(SEEDS.glob("*.txt"))]
    odd = ["", " ", "a-b_c 3.5% 许昌ABC１２", "\r\n许昌\t日报\n", "𠀀㐀丽許 昌", "长葛市钧瓷文化园区于2021年3月开工"]
    for text in [*texts, *odd]:
        assert cut(text, d) == tk.lcut(text)



def test_a_truncated_lexicon_cache_is_rebuilt_with_one_line(shared_data_dir: Path, tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    Segmenter(cache_dir=shared_data_dir / "cache").tokens("预热")  # the session's lexicon exists
    cache = tmp_path / "cache"
    shutil.copytree(shared_data_dir / "cache", cache)
    words = Segmenter(cache_dir=cache)._lexicon_stem().with_suffix(".words.npy")
    words.write_bytes(words.read_bytes()[: words.stat().st_size // 2])  # a disk filled up mid-write
    with caplog.at_level(logging.WARNING, logger="retrieval.segment"):
        damaged = Segmenter(cache_dir=cache)
        assert damaged.tokens("许昌市数字化城市管理") == Segmenter(cache_dir=shared_data_dir / "cache").tokens("许昌市数字化城市管理")
    [line] = caplog.messages
    assert line.startswith(f"lexicon cache {words.name.split('.')[0]} unreadable (mmap length is greater than file size)")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="retrieval.segment"):
        again = Segmenter(cache_dir=cache)
        again.tokens("许昌")
    assert caplog.messages == [] and not again._full  # rebuilt: read from the lexicon again
