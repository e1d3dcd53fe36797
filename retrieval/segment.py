"""Normalise Chinese text and turn it into ranked terms: jieba words plus character bigrams."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import opencc

from retrieval.cut import Dictionary, cut, dictionary

with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore", UserWarning)
    import jieba
jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary load at DEBUG on its own logger

log = logging.getLogger(__name__)
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_USERDICT = DATA_DIR / "userdict.txt"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_IS_CJK = re.compile(f"^[{_CJK}]+$")
_IS_TERM = re.compile(r"\w", re.UNICODE)
_LEXICON_FORMAT = 1
_TERM_CACHE = 300_000  # distinct words remembered per Segmenter (about 60 MB at most)
_BIGRAM = re.compile(r"(?=([^\n]{2}))")  # every overlapping pair inside a line: the bigrams of all runs
_LONE = re.compile(r"(?<![^\n])[^\n](?![^\n])")  # a run of one character
# An asking word with the measure word or noun after it (哪一门语言, 哪国, 几月, 何年, 何人) and the old
# form 甚么: how a reader asks, never what the archive says. jieba cuts 一门 off 哪 as a word of its own,
# and keeps 何年 or 哪国 whole; either way such a word was a rare term (门语 a bigram), which no passage
# answering the question prints.
_ASKING_MEASURE = re.compile(r"(?:哪一?|几)(?:部分|月份|[个条座位种家所支部本项门类名间届场队份句派颗艘套方年天次国边月号])?"
                             r"|何(?:年|月|日|人|种|物|事|时|地|处)|甚么|什麽|有何")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    lines = (DATA_DIR / "traditional_chars.txt").read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


def normalise(text: str) -> str:
    """Return text in NFKC, simplified characters, with OCR spaces inside CJK runs removed."""
    if not unicodedata.is_normalized("NFKC", text):  # the check is 50 times faster than normalize
        text = unicodedata.normalize("NFKC", text)
    if " " in text or "\t" in text:  # NFKC has turned U+3000 into a space
        text = _CJK_GAP.sub("", text)
    # OpenCC is most of the cost: text without a character it changes on its own stays as it is
    return text if _traditional().isdisjoint(text) else _t2s().convert(text)


def read_word_list(path: Path) -> frozenset[str]:
    """Read one word a line, skipping blank lines and '#' comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.split()[0] for w in lines if w.strip() and not w.lstrip().startswith("#"))


def read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Read a jieba user dictionary (word [freq] [tag]) that may hold '#' comments."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((normalise(parts[0]), freq, tag))
    return entries


@dataclass(frozen=True, slots=True)
class Lexicon:
    """jieba's prefix dictionary as sorted arrays: answers lookups without building a dict."""

    words: np.ndarray
    freqs: np.ndarray
    total: int

    def subset(self, text: str) -> dict[str, int]:
        """Return the entries for every substring of text that the dictionary holds."""
        # Every prefix of a word is an entry too (jieba's frequency 0), so substrings are looked up
        # one length at a time, extending only those found: all of them up to the longest word
        # would be 4096 × 20 probes for the longest question.
        width = self.words.dtype.itemsize // 4
        entries: dict[str, int] = {}
        starts = range(len(text))
        for size in range(1, width + 1):
            grams = sorted({text[i : i + size] for i in starts if i + size <= len(text)})
            if not grams:
                break
            probe = np.asarray(grams, dtype=self.words.dtype)
            at = np.minimum(np.searchsorted(self.words, probe), len(self.words) - 1)
            found = self.words[at] == probe
            hits = dict(zip(probe[found].tolist(), self.freqs[at[found]].tolist()))
            entries.update(hits)
            starts = [i for i in starts if text[i : i + size] in hits]
        return {g: int(f) for g, f in entries.items()}


class Segmenter:
    """Turn passages and questions into the same ranked terms; owns its own jieba.Tokenizer."""

    def __init__(
        self,
        userdicts: Sequence[Path] = (DEFAULT_USERDICT,),
        cache_dir: Path | None = None,
        stopwords: frozenset[str] | None = None,
        question_words: frozenset[str] | None = None,
        bigrams: bool = True,
    ) -> None:
        self.userdicts = tuple(Path(p) for p in userdicts)
        self.cache_dir = cache_dir
        self.stopwords = read_word_list(DATA_DIR / "stopwords.txt") if stopwords is None else stopwords
        self.question_words = (
            read_word_list(DATA_DIR / "question_words.txt") if question_words is None else question_words
        )
        self.bigrams = bigrams
        self._dropped = self.stopwords | self.question_words
        self._tokenizer = jieba.Tokenizer()
        self._full = False
        self._dictionary: Dictionary | None = None  # the full one, once loaded
        self._lexicon: Lexicon | None = None
        # per word seen: its listed term ("" for none) and its piece of a CJK run ("\n" ends a run)
        self._known: tuple[dict[str, str], dict[str, str]] = ({}, {})

    @property
    def fingerprint(self) -> str:
        """Return a hash of everything that decides the terms: dictionaries, word lists, options."""
        h = hashlib.sha256(f"jieba {jieba.__version__} bigrams={self.bigrams} {_ASKING_MEASURE.pattern}".encode())
        for p in self.userdicts:
            h.update(p.read_bytes())
        h.update("\n".join(sorted(self.stopwords | {"|"} | self.question_words)).encode())
        return h.hexdigest()[:16]

    def words(self, text: str) -> list[str]:
        """Return jieba's words of the normalised text (accurate mode, HMM on)."""
        text = normalise(text)
        words = cut(text, self._dictionary_for(text))
        return _asking_joined(words) if "哪" in text or "几" in text else words

    def is_word(self, word: str) -> bool:
        """Tell whether jieba's dictionary (with the user dictionaries) holds word as a word, not only as the
        start of longer ones: 淅川 is one, the OCR's 浙川 is none."""
        logp = self._dictionary_for(word).logp.get(word)
        return logp is not None and logp > float("-inf")

    def tokens(self, text: str) -> list[str]:
        """Return the ranked terms of text: words and CJK bigrams, without punctuation and stopwords."""
        return self._ranked_terms(self.words(text))

    def tokens_many(self, texts: Iterable[str]) -> list[list[str]]:
        """Return the ranked terms of many texts, loading jieba's full dictionary once."""
        self.load_full()
        return [self.tokens(t) for t in texts]

    def _ranked_terms(self, words: Sequence[str]) -> list[str]:
        """Return the kept words (lower-cased), then the character bigrams inside runs of kept CJK words."""
        # Each word is classified once per Segmenter; then whole lists go through C-level map and join.
        if len(self._known[0]) > _TERM_CACHE:
            self._known = ({}, {})  # replaced, not cleared: a thread still using the old pair keeps it
        listed_of, piece_of = self._known
        for word in set(words).difference(listed_of):
            term, piece = _classify(word, self._dropped, self.bigrams)
            piece_of[word] = piece  # first: another thread takes a word in listed_of as fully known
            listed_of[word] = term
        listed = list(filter(None, map(listed_of.__getitem__, words)))
        if not self.bigrams:
            return listed
        runs = "".join(map(piece_of.__getitem__, words))
        return listed + _BIGRAM.findall(runs) + _LONE.findall(runs)

    def load_full(self) -> None:
        """Load jieba's whole dictionary and the user dictionaries (fast for bulk segmentation)."""
        if self._full:
            return
        tk = self._tokenizer = jieba.Tokenizer()
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tk.tmp_dir = str(self.cache_dir)
        tk.initialize()
        for path in self.userdicts:
            for word, freq, tag in read_userdict(path):
                tk.add_word(word, freq, tag)
        self._dictionary = dictionary(tk.FREQ, tk.total)
        self._full = True
        if self.cache_dir is not None and not self._lexicon_stem().with_suffix(".json").exists():
            _save_lexicon(self._lexicon_stem(), tk.FREQ, tk.total)  # so the next cold start skips this load

    def _lexicon_stem(self) -> Path:
        assert self.cache_dir is not None  # callers check
        return self.cache_dir / f"lexicon-{_LEXICON_FORMAT}-{self.fingerprint}"

    def _dictionary_for(self, text: str) -> Dictionary:
        """Return the full dictionary once loaded, else the saved lexicon's entries for text."""
        # A question needs only its own substrings' entries: load them from the saved
        # lexicon instead of building jieba's 500k-entry dict (about a second here).
        if not self._full and self._lexicon is None:
            self._lexicon = self._load_or_save_lexicon()
        if self._full or self._lexicon is None:
            assert self._dictionary is not None  # load_full() has set it
            return self._dictionary
        return dictionary(self._lexicon.subset(text), self._lexicon.total)

    def _load_or_save_lexicon(self) -> Lexicon | None:
        if self.cache_dir is None:
            self.load_full()
            return None
        stem = self._lexicon_stem()
        meta = stem.with_suffix(".json")
        if not meta.exists():  # none saved yet (or not completely)
            self.load_full()  # and saves the lexicon for next time
            return None
        try:
            return _read_lexicon(stem)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # a damaged cache would otherwise cost every process jieba's full load, silently
            log.warning("lexicon cache %s unreadable (%s); rebuilding it", stem.name, exc)
            meta.unlink(missing_ok=True)  # no meta means no lexicon: load_full saves a new one
            self.load_full()
            return None


def _read_lexicon(stem: Path) -> Lexicon:
    """Open a saved lexicon; raise ValueError (or OSError, KeyError) when it is damaged."""
    meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    words = np.load(stem.with_suffix(".words.npy"), mmap_mode="r", allow_pickle=False)
    freqs = np.load(stem.with_suffix(".freqs.npy"), mmap_mode="r", allow_pickle=False)
    if meta["format"] != _LEXICON_FORMAT or words.ndim != 1 or words.shape != freqs.shape or not len(words):
        raise ValueError(f"{len(words)} words, {len(freqs)} frequencies, format {meta['format']}")
    return Lexicon(words, freqs, int(meta["total"]))


def _save_lexicon(stem: Path, freq: dict[str, int], total: int) -> None:
    """Write the prefix dictionary as sorted arrays, each atomically."""
    words = sorted(freq)
    arrays = {".words.npy": np.asarray(words), ".freqs.npy": np.asarray([freq[w] for w in words], dtype=np.int64)}
    for suffix, array in arrays.items():
        fd, tmp = tempfile.mkstemp(dir=stem.parent, suffix=".npy")
        with os.fdopen(fd, "wb") as f:
            np.save(f, array, allow_pickle=False)
        os.replace(tmp, stem.with_suffix(suffix))
    meta = json.dumps({"format": _LEXICON_FORMAT, "total": total, "jieba": jieba.__version__})
    fd, tmp = tempfile.mkstemp(dir=stem.parent, suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(meta)
    os.replace(tmp, stem.with_suffix(".json"))  # the meta last: its presence means complete


def _asking_joined(words: list[str]) -> list[str]:
    """Return the words with 哪 or 几 and the measure word after it as one (哪 + 一门 → 哪一门, 几 + 月)."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].startswith(("哪", "几")) and _ASKING_MEASURE.fullmatch(joined[-1] + word):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _classify(word: str, dropped: frozenset[str], bigrams: bool) -> tuple[str, str]:
    """Return a word's listed term and its piece of a CJK run.

    Punctuation and stopwords are neither listed nor part of a run. With bigrams, a single CJK
    character is listed only as a run of its own (its pairs with neighbours stand for it).
    """
    term = word.strip().lower()
    if not term or term in dropped or _IS_TERM.search(term) is None or _ASKING_MEASURE.fullmatch(term):
        return "", "\n"
    if _IS_CJK.match(term) is None:
        return term, "\n"
    return (term if len(term) > 1 or not bigrams else ""), term


# What a reader puts inside a word the paper prints whole (供了多少水 for 供水, 得了多少分 for 得分)
_INSIDE_SPLIT = frozenset({"了", "过", "着", "的", "多少", "几", "什么", "啥", "点", "些", "一些"})


def split_words(words: Sequence[str], known: Callable[[str], bool]) -> list[str]:
    """Return the words a question splits: two single characters with at most two particles or asking
    words between them (供/了/多少/水), joined where the archive prints them as a term (`known`)."""
    found = []
    for i, first in enumerate(words):
        if len(first) != 1 or not _IS_CJK.match(first) or first in _INSIDE_SPLIT:
            continue
        for j in range(i + 2, min(i + 4, len(words))):
            if not all(w in _INSIDE_SPLIT for w in words[i + 1:j]):
                break
            second = words[j]
            if len(second) == 1 and _IS_CJK.match(second) and second not in _INSIDE_SPLIT and known(first + second):
                found.append(first + second)
                break
    return list(dict.fromkeys(found))
