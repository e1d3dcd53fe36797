"""Unanswerable questions made deterministically from answerable ones (fixed seed), labelled by how.

- `removed`: the question, asked against the archive without its own context (every REMOVE_EVERY-th
  context is left out of that archive).
- `near-miss`: one specific detail changed — a number, ordinal or year (digits or Chinese numerals) to
  another value, or a person, place or organisation name (jieba.posseg nr/ns/nt) to another name of the
  same kind printed elsewhere in the archive. A change is kept only when the detail it replaces is
  printed in the context, the new value or name is printed in no context of the same document, and no
  context printing it holds half of the question's other content words (so no other article answers).
"""

from __future__ import annotations

import logging
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import jieba
import jieba.posseg

from open_sets import Context, OpenQuestion

jieba.setLogLevel(logging.WARNING)
SEED = 20240601
_CN_DIGITS = "〇一二三四五六七八九"
_CN_CHARS = "〇零一二两三四五六七八九十百千"
_CN_UNITS = (r"个|位|次|名|种|届|世纪|年代|代|岁|号|章|条|项|座|部|本|场|天|日|月|年|倍|层|家|所|支|艘|架|颗|门|件|只|张"
             r"|米|公里|人|国|亿|万|千|百|期|篇|首|册|卷|集|回|轮|周|小时|吨|元")
_NUMBER = re.compile(
    rf"(?<![\d.,])(?P<digits>\d+)(?![\d]|[.,]\d)"
    rf"|(?P<ordinal>第[{_CN_CHARS}]+)"
    rf"|(?<![{_CN_CHARS}哪几多每同唯统之单某])(?P<cn>[{_CN_CHARS}]+)(?=(?:{_CN_UNITS}))"
)
_NAME_KINDS = {"nr": "person", "nrt": "person", "nrfg": "person", "ns": "place", "nt": "org"}
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,}$")
# jieba's nr/ns tags are loose (子孙 nr, 朝贡 ns): a person is taken to start with a common surname (2-4
# characters; transliterations are left out), a place to have a place suffix, three characters or more,
# or to be a document's title. Some noise stays (岳父, 大城市): the figures are reported per kind.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路"
    "游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚"
    "鄢劳谌奚皮粟冼楼蔺盖苻桓嬴慕诸欧")
_PLACE_SUFFIX = tuple("省市县区州国岛山河湖江海城镇村乡湾港洲原岭峡谷关")
_CONTENT_FLAGS = ("n", "v", "a", "j", "eng")  # the question's content words, for the "answered elsewhere" check
_YEAR_STEPS = (-9, -7, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 7, 9)
_OTHER_STEPS = (1, 2, 3, -1, -2, 10)
_DECADE_STEPS = (-30, -20, -10, 10, 20, 30)


@dataclass(frozen=True, slots=True)
class _Archive:
    """What the generator knows of an archive: contexts, their names, names by kind, documents."""

    contexts: dict[str, Context]
    tagged: dict[str, frozenset[tuple[str, str]]]  # context file -> (kind, name) tagged in it
    names: dict[str, tuple[str, ...]]  # kind -> names of the dictionary's kind tagged in 2+ contexts
    documents: dict[int, str]  # document number -> its title and contexts joined


def removed_questions(questions: Iterable[OpenQuestion], removed_files: frozenset[str]) -> list[OpenQuestion]:
    """Return the questions whose context is left out of the removed archive, labelled `removed`."""
    return [replace(q, id=f"{q.id}#removed", kind="removed", detail="context left out of the archive")
            for q in questions if q.context_file in removed_files]


def near_miss_questions(questions: Sequence[OpenQuestion], contexts: Sequence[Context]) -> list[OpenQuestion]:
    """Return one near-miss question for each answerable question where a safe change exists."""
    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    archive = _index(contexts, tagger)
    made = []
    for question in questions:
        rng = random.Random(f"{SEED}:{question.set_name}:{question.id}")
        changed = _change_one(question, tagger, archive, rng)
        if changed is not None:
            made.append(changed)
    return made


def _index(contexts: Sequence[Context], tagger: jieba.posseg.POSTokenizer) -> _Archive:
    """Tag every context once: its names, and the names of each kind printed in two contexts or more."""
    tagged = {c.file: frozenset((_NAME_KINDS[f], w) for w, f in tagger.cut(c.text) if f in _NAME_KINDS and _NAME.match(w))
              for c in contexts}
    titles = frozenset(c.title for c in contexts)
    tagged = {file: frozenset(p for p in pairs if _plausible(*p, titles)) for file, pairs in tagged.items()}
    seen = Counter(pair for names in tagged.values() for pair in names)
    names = {kind: tuple(sorted(w for (k, w), n in seen.items() if k == kind and n >= 2))
             for kind in sorted(set(_NAME_KINDS.values()))}
    documents: dict[int, list[str]] = {}
    for ctx in contexts:
        documents.setdefault(ctx.doc, [ctx.title]).append(ctx.text)
    return _Archive({c.file: c for c in contexts}, tagged, names, {d: "\n".join(t) for d, t in documents.items()})


def _plausible(kind: str, word: str, titles: frozenset[str]) -> bool:
    """Tell whether a word tagged as a name of this kind looks like one (see _SURNAMES)."""
    if kind == "person":
        return word[0] in _SURNAMES and len(word) <= 4 or "·" in word
    if kind == "place":
        return word.endswith(_PLACE_SUFFIX) or len(word) >= 3 or word in titles
    return True


def _names(words: list[tuple[str, str]], tagged: frozenset[tuple[str, str]]) -> list[tuple[str, int, int, str]]:
    """Return the whole names of a question tagged alike in its context: (kind, start, end, name).

    A name next to another noun or a `·` is taken for a piece of a longer name (史|特拉斯|堡), and skipped.
    """
    found, start = [], 0
    for i, (word, flag) in enumerate(words):
        end = start + len(word)
        kind = _NAME_KINDS.get(flag, "")
        near = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
        glued = any(f.startswith("n") or w in "·‧•・" for w, f in near)
        if kind and _NAME.match(word) and (kind, word) in tagged and not glued:
            found.append((kind, start, end, word))
        start = end
    return found


def _change_one(question: OpenQuestion, tagger: jieba.posseg.POSTokenizer, archive: _Archive,
                rng: random.Random) -> OpenQuestion | None:
    """Change one detail of a question (tried in seeded random order); None when no change is safe."""
    ctx = archive.contexts[question.context_file]
    words = [(w, f) for w, f in tagger.cut(question.question)]  # pair objects -> tuples
    details = [("number", m.start(), m.end(), m.group(0)) for m in _NUMBER.finditer(question.question)]
    details += _names(words, archive.tagged[ctx.file])
    rng.shuffle(details)
    for kind, start, end, old in details:
        content = [w for w, f in words if len(w) >= 2 and f.startswith(_CONTENT_FLAGS) and w not in old and old not in w]
        if kind == "number":
            new = _new_number(old, question.question[end:end + 2], ctx, archive, content, rng)
        else:
            new = _new_name(kind, old, question.question, ctx, archive, content, rng)
        if new is not None:
            text = question.question[:start] + new + question.question[end:]
            return replace(question, id=f"{question.id}#near-miss", question=text, kind="near-miss",
                           detail=f"{kind}: {old} → {new}")
    return None


def _new_name(kind: str, old: str, question: str, ctx: Context, archive: _Archive,
              content: list[str], rng: random.Random) -> str | None:
    """Return another name of the same kind, printed elsewhere and answering nothing, or None."""
    document = archive.documents[ctx.doc]
    pool = [n for n in archive.names[kind]
            if abs(len(n) - len(old)) <= 1 and n not in question and old not in n and n not in old]
    for name in rng.sample(pool, min(20, len(pool))):
        if name in document:
            continue
        if not _answered_elsewhere(lambda text, name=name: name in text, content, archive):
            return name
    return None


def _new_number(old: str, after: str, ctx: Context, archive: _Archive,
                content: list[str], rng: random.Random) -> str | None:
    """Return the number written anew with another value, answering nothing, or None."""
    ordinal = old.startswith("第")
    body = old[1:] if ordinal else old
    value = int(body) if body.isdigit() else cn_to_int(body)
    if value is None or (value == 1 and not ordinal) or not _printed(value, ctx.text):
        return None
    for new in _candidates(value, after, rng):
        if _printed(new, archive.documents[ctx.doc]):
            continue
        if _answered_elsewhere(lambda text, new=new: _printed(new, text), content, archive):
            continue
        text = str(new) if body.isdigit() else int_to_cn(new, by_digit=value >= 1000 and not any(u in body for u in "十百千"))
        if not body.isdigit() and new == 2 and not ordinal:
            text = "两"
        return ("第" if ordinal else "") + text
    return None


def _candidates(value: int, after: str, rng: random.Random) -> list[int]:
    """Return other values for a number, in seeded random order: years ±1–9, decades ±10–30, valid days."""
    is_year = after[:1] == "年" or (1000 <= value <= 2100 and not re.match(r"[\u4e00-\u9fff]", after))
    steps = _DECADE_STEPS if after == "年代" else _YEAR_STEPS if is_year else _OTHER_STEPS
    values = [value + s for s in steps]
    top = {"月": 12, "日": 28, "号": 28}.get(after[:1], 10**9)
    values = [v for v in values if 0 < v <= top and v != value]
    rng.shuffle(values)
    return values


def _answered_elsewhere(holds: Callable[[str], bool], content: list[str], archive: _Archive) -> bool:
    """Tell whether some context prints the new detail together with half the question's content words."""
    if not content:
        return True
    for ctx in archive.contexts.values():
        if 2 * sum(w in ctx.text for w in content) >= len(content) and holds(ctx.text):
            return True
    return False


def _printed(value: int, text: str) -> bool:
    """Tell whether a value is printed in text as a whole number, in digits or Chinese numerals."""
    forms = {str(value), int_to_cn(value), int_to_cn(value, by_digit=True)}
    if value >= 1000:
        forms.add(f"{value:,}")
    if value == 2:
        forms.add("两")
    for form in forms:
        edge = r"\d" if form[0].isdigit() else f"[{_CN_CHARS}]"
        if re.search(rf"(?<!{edge}){re.escape(form)}(?!{edge})", text):
            return True
    return False


def cn_to_int(text: str) -> int | None:
    """Read Chinese numerals (`二十五`, `一百零五`, `二〇〇三`) as an integer; None when unreadable."""
    text = text.replace("零", "〇").replace("两", "二")
    if text and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS.index(c)) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS.index(char)
        elif char in "十百千":
            total += (1 if digit is None else digit) * 10 ** ("十百千".index(char) + 1)
            digit = None
        else:
            return None
    total += digit or 0
    return total if total > 0 else None


def int_to_cn(value: int, by_digit: bool = False) -> str:
    """Write an integer in Chinese numerals: `二十五`, `十二`, or digit by digit (`二〇〇三`)."""
    if by_digit or value >= 10000:
        return "".join(_CN_DIGITS[int(d)] for d in str(value))
    parts, zero = [], False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // power % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(("" if digit == 1 and unit == "十" and not parts else _CN_DIGITS[digit]) + unit)
    return "".join(parts) or "〇"
