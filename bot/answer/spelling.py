"""A name misspelled (`焉陵` for 鄢陵, `徐昌` for 许昌) or misread by the page's OCR (`浙川` for 淅川): read as printed.

Asked as typed, a question naming what the archive does not print is refused. Then, where the reports
found for the rest of the question print a name of the same length that differs from an unprinted name
of the question in one character:
- if that character sounds the same (toneless pinyin, by pypinyin), the reader typed a homophone;
- else, if the reader's name is a word of the dictionary and the printed one is none (jieba's lexicon
  holds 淅川, not 浙川), printed more than once and holding no particle, the page was misread.
A word typed in pinyin (`教育jituan`, `许chang`) is read likewise as the characters of those reports
that sound so, those printed beside the question's own characters first (教育集团, 许昌).
The question is asked again with the printed name, and the reply says so. A different real name
(`长垣` where the reports print 长葛, both words) is no misspelling: the question stays refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.answer.matching import FUNCTION_CHARS

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}")
MIN_SEEN = 1  # times the sound-alike must be printed in the reports found
MIN_MISREAD = 2  # and a misreading: the page repeats it (浙川 five times), not one stray non-word


@dataclass(frozen=True, slots=True)
class Respelled:
    """A question with a misspelled name replaced by the one the archive prints."""

    question: str
    typed: str
    printed: str
    misread: bool = False  # the paper's text misreads a real name (OCR), rather than the reader misspelling it
    spelled: bool = False  # typed in pinyin

    @property
    def note(self) -> str:
        if self.spelled:
            return f"按拼音把“{self.typed}”读作“{self.printed}”回答"
        if self.misread:
            return f"存档中没有“{self.typed}”，报纸印作“{self.printed}”（疑为识别错误），按此回答"
        return f"存档中没有“{self.typed}”，按读音相同的“{self.printed}”回答"


def respelled(question: str, names: Sequence[str], weights: Mapping[str, float], texts: Iterable[str],
              is_word: Callable[[str], bool] = lambda _: False) -> Respelled | None:
    """Return the question with its first unprinted name read as a homophone the texts print or, where the
    name is a word of the dictionary (is_word), as a one-character variant the texts print that is none (the
    page's OCR misread: `淅川` printed `浙川`); else None."""
    unprinted = [n for n in names if _NAME.fullmatch(n) and not weights.get(n.lower(), 0.0) > 0]
    texts = list(texts) if unprinted else []  # read only where a name is no word the archive weighs
    found: list[Respelled] = []
    for name in unprinted:
        if any(name in t for t in texts):
            continue  # printed in the reports found
        # the report found first, which prints the rest of the question, spells it as the reader means
        # (鄢陵县 there, where two other reports misprint 郾陵县)
        first = _variants(name, texts[:1])
        variants = first + _variants(name, texts[1:])
        printed = _sound_alike(name, first) or _sound_alike(name, variants)
        # (not a particle read into a name: 联通 is no misreading of the 着通 of `悬挂着通信电缆`)
        misread = next((v for v, n in variants.most_common() if n >= MIN_MISREAD and not is_word(v)
                        and not FUNCTION_CHARS.search(v)), "") if is_word(name) and not printed else ""
        if printed or misread:
            found.append(Respelled(question, name, printed or misread, misread=not printed))
    # every name misspelled the same way is read as printed (`焉陵县陈华店镇`: two homophones, one question)
    alike = [r for r in found if r.misread == found[0].misread] if found else []
    if not alike:
        return None
    for r in alike:
        question = question.replace(r.typed, r.printed)
    return Respelled(question, "、".join(r.typed for r in alike), "、".join(r.printed for r in alike),
                     misread=alike[0].misread)


def _variants(name: str, texts: Sequence[str]) -> Counter[str]:
    """Count the strings of the texts that are name with one Chinese character replaced."""
    seen: Counter[str] = Counter()
    for at, typed in enumerate(name):
        if not _CJK.match(typed):
            continue
        around = re.compile(re.escape(name[:at]) + r"([\u4e00-\u9fff])" + re.escape(name[at + 1:]))
        for text in texts:
            seen.update(m.group() for m in around.finditer(text) if m.group(1) != typed)
    return seen


def _sound_alike(name: str, variants: Counter[str]) -> str:
    """Return the most printed variant whose replaced character sounds as the name's does."""
    if not variants:
        return ""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - 0.15 s of dictionaries, paid only for a stranger

    sound = lazy_pinyin(name)
    alike = [(v, n) for v, n in variants.most_common() if lazy_pinyin(v) == sound]
    return alike[0][0] if alike and alike[0][1] >= MIN_SEEN else ""


_LATIN = re.compile(r"[A-Za-z]{2,24}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MAX_SPELLED = 6  # characters a word typed in pinyin may stand for


def pinyin_spelled(question: str, weights: Mapping[str, float], texts: Iterable[str]) -> Respelled | None:
    """Return the question with its first word typed in pinyin (Latin letters the archive does not weigh:
    `jituan`) read as the characters of the texts that sound so (toneless, by pypinyin): of those, the ones
    printed beside the question's own character before or after it (`教育jituan` → 教育集团 over 技团), then
    the most printed; else None. A Latin word the archive prints (App, NAPA) is left as typed."""
    typed = [m for m in _LATIN.finditer(question) if not weights.get(m.group().lower(), 0.0) > 0]
    if not typed:
        return None
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - 0.15 s of dictionaries, paid only for such a question

    runs = [(run, lazy_pinyin(run)) for text in texts for run in _HAN_RUN.findall(text)]
    for m in typed:
        spelled, before, after = m.group().lower(), question[m.start() - 1:m.start()], question[m.end():m.end() + 1]
        seen: Counter[str] = Counter()
        beside: Counter[str] = Counter()
        for run, sounds in runs:
            for i in range(len(run)):
                joined = ""
                for j in range(i, min(i + MAX_SPELLED, len(run))):
                    joined += sounds[j]
                    if not spelled.startswith(joined):
                        break
                    if joined == spelled:
                        word = run[i:j + 1]
                        seen[word] += 1
                        beside[word] += bool(before and run[i - 1:i] == before) or bool(after and run[j + 1:j + 2] == after)
                        break
        if seen:
            word = max(seen, key=lambda w: (beside[w], seen[w]))
            return Respelled(question[:m.start()] + word + question[m.end():], m.group(), word, spelled=True)
    return None


# a measure word typed in pinyin after the asking word (`一年能产多少dun`, `几ge`): read as the character it spells
_SPELLED_MEASURE = re.compile(r"(多少|几)\s*([A-Za-z]{1,6})(?![A-Za-z])")
MEASURE_CHARS = "个名人项次家所部分亩点条年岁天位批场种件份倍成支户套台辆座元吨米届期轮季回"


def measures_spelled(question: str) -> str:
    """Return the question with a measure word typed in pinyin after 多少 or 几 as its character, where one
    measure word alone is spelled so (`dun` → 吨; `fen` could be 分 or 份 and stays)."""
    if not _SPELLED_MEASURE.search(question):
        return question
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - loaded only for such a question

    def measure(m: re.Match[str]) -> str:
        chars = [c for c in MEASURE_CHARS if lazy_pinyin(c)[0] == m.group(2).lower()]
        return m.group(1) + chars[0] if len(chars) == 1 else m.group()

    return _SPELLED_MEASURE.sub(measure, question)
