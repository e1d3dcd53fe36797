"""Numbers as a question names them and as a report prints them, compared by value.

A question may write a number as the report does not: 9000 where it prints 九千, 20世纪 for 二十世纪,
第8 for 第八, 第一位 for 首位, 50,000 for 5万. A near miss changes a count written in Chinese
(三个南部省份 → 十三个南部省份): such a count is a number of the question too, when a counting word
follows it (个, 种, 次 …) and it is not the article-like 一 (一种, 一个) or part of 哪一, 这两.
Chinese numerals are read by cn2an (imported on first use: 0.1 s).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"  # the characters of a Chinese numeral, written once
COUNTED = "个种次位代年月日座条名届项件家所支本部场人倍岁天周架艘辆层期章节元国省县队论连点"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# what a question names: an Arabic number, an ordinal, or a Chinese count before a counting word
_ASKED = re.compile(rf"(?P<arabic>{_ARABIC})|第(?P<ordinal>[{CN_NUMERALS}]+|\d+)"
                    rf"|(?<![\d.哪这那每某任唯统同第万几数{CN_NUMERALS}])(?P<count>[{CN_NUMERALS}]+)(?=[{COUNTED}])")
# what a report prints: every number, with the character after it
_PRINTED = re.compile(rf"(?P<first>第)?(?:(?P<arabic>{_ARABIC})(?P<big>[万亿])?|(?P<cn>[{CN_NUMERALS}]+))(?P<next>.?)")

# a count before these names which one, as an ordinal does (一期 the first phase, 十三届 the 13th session, 三论 the
# third commentary of a series, 四连冠 the fourth title in a row),
# unless a word before it points at one (上一期, 下一届: the one before, whatever its number)
NAMING = "期届论连"  # 三论: the third of a series of commentaries; 四连冠, 三连胜: the run's length
_POINTING = "上下前后近本末"
# what a figure holds: a digit or a Chinese numeral (满分, 首款 count too: 100分, the first)
NUMERAL = re.compile(rf"\d|[{CN_NUMERALS}半几数满首全]")
_FIRST = re.compile(r"首[个位任次届座部批家名只架艘场]")  # 首位, 首任: the first


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number of the question: as written, its value, whether an ordinal, and the word counted after it."""

    text: str
    value: float | None
    ordinal: bool = False
    counted: str = ""
    # a round number a reader gives roughly (70来个, 1300多人): any printed value from it up to its next round one
    rough: bool = False


@functools.cache
def _cn2an():
    import cn2an  # noqa: PLC0415 - 0.1 s, only for questions that hold a number

    return cn2an


@functools.lru_cache(maxsize=4096)
def value(text: str) -> float | None:
    """Return the value of 12, 50,000, 98.45, 十二, 两, 十六万 or 一九五二 (None when it reads as none)."""
    text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    if text in ("一", "万", "亿") or not text:
        return 1.0 if text == "一" else None
    try:
        return float(_cn2an().cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):  # OverflowError: 第一一一…(3000)期
        return None


def asked(question: str) -> tuple[Quantity, ...]:
    """Return the numbers, ordinals and Chinese counts a question names, each once."""
    found: dict[str, Quantity] = {}
    for m in _ASKED.finditer(question):
        if m["arabic"]:  # 前8个月: the 8 of a count of 个, not any 8 the report prints (8月, 18)
            marker = question[m.end():m.end() + 1]
            rough = bool(marker) and marker in _ROUGHLY and m["arabic"].endswith("0")
            after = question[m.end() + rough:m.end() + rough + 1]
            q = Quantity(m["arabic"] + (marker if rough else ""), value(m["arabic"]),
                         counted=after if after and after in COUNTED else "", rough=rough)
        elif m["ordinal"]:
            q = Quantity(m.group(0), value(m["ordinal"]), ordinal=True)
        elif _names_one(question, m.start(), question[m.end()]):
            q = Quantity(m["count"] + question[m.end()], value(m["count"]), ordinal=True, counted=question[m.end()])
        elif m["count"] == "一":
            continue  # 一个, 一种: an article, not a count
        else:
            q = Quantity(m["count"], value(m["count"]), counted=question[m.end()])
        found.setdefault(q.text, q)
    return tuple(found.values())


def printed(text: str) -> tuple[frozenset[float], frozenset[float], frozenset[tuple[float, str]]]:
    """Return the values a text prints: every number, the ordinals (首 is the first), and (value, counted word)."""
    values, ordinals, counted = set(), set(), set()
    for m in _PRINTED.finditer(text):
        raw = m["arabic"] or m["cn"]
        v = value(raw)
        if v is None:
            continue
        if m["big"]:
            v *= 1e4 if m["big"] == "万" else 1e8
        values.add(v)
        if m["first"] == "第":
            ordinals.add(v)
        if m["next"]:
            counted.add((v, m["next"]))
    if _FIRST.search(text):
        ordinals.add(1.0)
    return frozenset(values), frozenset(ordinals), frozenset(counted)


# a share, however it is written: 百分之七十五, 75%, 七成五, 四分之三, 千分之五 (a reader's 两成 of the paper's 20%);
# each number is read from its first digit only, so a long run of digits is scanned once
_DIGITS = rf"[\d.{CN_NUMERALS}点]+"
_SHARE = re.compile(rf"百分之(?P<percent>{_DIGITS})|(?<![\d.,])(?P<sign>{_ARABIC})\s*[%％]|千分之(?P<permille>{_DIGITS})"
                    rf"|(?<![\d{CN_NUMERALS}])(?P<whole>[\d{CN_NUMERALS}]+)分之(?P<part>{_DIGITS})"
                    r"|(?<![\d一二三四五六七八九十两])(?P<tenths>10|\d|[一二三四五六七八九十两])成(?P<more>[一二三四五六七八九]|\d(?!\d))?")


def shares(text: str) -> dict[str, float]:
    """Return the shares a text writes (`百分之75`, `75%`, `两成`, `四分之三`), each as written with its fraction."""
    found = {}
    for m in _SHARE.finditer(text):
        if m["percent"] or m["sign"] or m["permille"]:
            v = value(m["percent"] or m["sign"] or m["permille"])
            share = v / (1000.0 if m["permille"] else 100.0) if v is not None else None
        elif m["whole"]:
            whole, part = value(m["whole"]), value(m["part"])
            share = part / whole if whole and part is not None else None
        else:
            tenths, more = value(m["tenths"]), value(m["more"]) if m["more"] else 0.0
            share = (tenths + more / 10) / 10 if tenths is not None and more is not None else None
        if share is not None:
            found[m.group(0)] = round(share, 9)
    return found


def missing(question: str, text: str) -> tuple[str, ...]:
    """Return the numbers of the question the text does not print, as written or by value (a number of a
    share the text prints in another form, `百分之75` of `四分之三`, is printed)."""
    asked_here = asked(question)
    if not asked_here:
        return ()
    values, ordinals, counted = printed(text)
    asked_shares = shares(question)
    printed_shares = set(shares(text).values()) if asked_shares else set()
    same = [written for written, share in asked_shares.items() if share in printed_shares]
    out = []
    for q in asked_here:
        if any(q.text in written for written in same):
            continue
        if q.rough and q.value is not None:
            if not any(q.value <= v < q.value + _step(q.value) for v in values):
                out.append(q.text)
            continue
        if q.ordinal and q.counted:  # 二期 is printed as 二期, 第二期, 2期 or (the first) 首期, not as 十二期
            if not _names(q, text):
                out.append(q.text)
            continue
        written = q.text + q.counted if q.text[:1].isdigit() else q.text  # 8个 of 前8个月, not the 8 of 8月
        if re.search(rf"(?<![\d.]){re.escape(written)}(?![\d.])", text):
            continue
        if q.value is None:
            out.append(q.text)
        elif q.ordinal:
            if q.value not in ordinals:
                out.append(q.text)
        elif q.counted:  # missing where the value is printed only counting something else (8月, not 8个月)
            others = {n for v, n in counted if v == q.value}
            if q.value not in values or ((q.value, q.counted) not in counted and others and others <= set(COUNTED)):
                out.append(q.text)
        elif q.value not in values:
            out.append(q.text)
    return tuple(out)


# which one of a numbered series a question names: 第五十二次, 二期, 十三届 (the counting word after it)
_NUMBERED = re.compile(rf"(?:第(?P<nth>[{CN_NUMERALS}]+|\d+)|(?<![\d{CN_NUMERALS}])(?P<bare>[{CN_NUMERALS}]+|\d+)(?=[{NAMING}]))"
                       rf"(?P<counter>[{COUNTED}])")


def numbered(question: str) -> tuple[tuple[float, str], ...]:
    """Return the (value, counting word) of each one of a series the question names: 第五十二次主任会议,
    项目二期, 七届人大 (not 上一期, which points at one)."""
    out = []
    for m in _NUMBERED.finditer(question):
        if m["bare"] and not _names_one(question, m.start(), m["counter"]):
            continue
        v = value(m["nth"] or m["bare"])
        if v is not None:
            out.append((v, m["counter"]))
    return tuple(dict.fromkeys(out))


def another_numbered(asked_numbers: tuple[tuple[float, str], ...], sentence: str) -> bool:
    """Tell whether a sentence numbers another one of a series the question names, and not the one named
    (`三期用地960亩` for `二期用地多少亩`; `第五十三次主任会议` for `第五十二次`)."""
    printed_numbers = numbered(sentence) if asked_numbers else ()
    for wanted, counter in asked_numbers:
        values = {v for v, c in printed_numbers if c == counter}
        if values and wanted not in values:
            return True
    return False


def _names_one(question: str, start: int, counter: str) -> bool:
    """Tell whether a bare count at `start` names one of a series (二期, 十三届), not pointed at (上一期)."""
    if counter == "连" and question[start] == "一":
        return False  # 一连串, 一连几天: in a row, no run's length
    return counter in NAMING and not (start and question[start - 1] in _POINTING)


def _names(q: Quantity, text: str) -> bool:
    """Tell whether text prints the phase or session a question names (`二期`), in words or digits."""
    if re.search(rf"(?<![\d{CN_NUMERALS}]){re.escape(q.text)}", text):
        return True
    number = f"{q.value:g}" if q.value is not None else ""
    return bool(number and re.search(rf"(?<![\d.]){number}{q.counted}", text)) or (q.value == 1.0 and f"首{q.counted}" in text)


# a count in words (七个 of 头七个月, 两个, 三个) or a round number's 来个 (70来个): no word a report must print,
# the number being checked by value (not 二期 or 三届: a phase or a session names which one)
COUNT_WORD = re.compile(rf"^(?:[{CN_NUMERALS}]+|[来多余])[个名家人位项座条件所户批种]?$")
_ROUGHLY = "来多余"  # after a round number: about that many (70来个, 1300多人, 20余家)


def _step(value: float) -> float:
    """Return the unit of a round number's last non-zero digit (70 → 10, 1300 → 100): how far rough reaches."""
    step = 1.0
    while value and value % (step * 10) == 0:
        step *= 10
    return step


_BOUND_AFTER = re.compile(r"^(?:以上|以下|左右|以内|上下|多|余)")
_BOUND_BEFORE = re.compile(r"(?:超过|将近|接近|大约|不到|不足|近|约|逾)$")


_TO = r"(?:至|到|~|～|-|－|—)"  # between the two ends of a range
_END = rf"[\d.{CN_NUMERALS}]+"


def with_bound(short: str, quote: str) -> str:
    """Return a number answer with the bound its quote prints around it (`98分` of `均在98分以上` is
    `98分以上`), or the whole range it is an end of (`55岁` of `18岁至55岁`, `18至55岁`): without it the
    short answer would state what the quote does not."""
    numeric = bool(short) and (short[0].isdigit() or short[0] in CN_NUMERALS)
    at = quote.find(short) if numeric else -1
    if at < 0:
        return short
    unit = re.escape(short.lstrip("0123456789." + CN_NUMERALS))
    if unit:
        lower = re.search(rf"{_END}(?:{unit})?{_TO}$", quote[:at])
        upper = re.match(rf"{_TO}{_END}{unit}", quote[at + len(short):])
        if lower or upper:
            return (lower.group(0) if lower else "") + short + (upper.group(0) if upper else "")
    before = _BOUND_BEFORE.search(quote[:at])
    after = _BOUND_AFTER.match(quote[at + len(short):])
    return (before.group(0) if before else "") + short + (after.group(0) if after else "")
