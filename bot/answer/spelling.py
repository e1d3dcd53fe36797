"""A name the reader misspells by sound (`焉陵` for 鄢陵, `徐昌` for 许昌): read as the name the archive prints.

Asked as typed, a question naming what the archive does not print is refused. Then, where the reports
found for the rest of the question print a name of the same length that differs from an unprinted name
of the question in one character, and that character sounds the same (toneless pinyin, by pypinyin),
the reader typed a homophone: the question is asked again with the printed name, and the reply says so. A different name that only
looks alike (`长垣` for 长葛) or sounds otherwise is no misspelling: the question stays refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}")
MIN_SEEN = 1  # times the sound-alike must be printed in the reports found


@dataclass(frozen=True, slots=True)
class Respelled:
    """A question with a misspelled name replaced by the one the archive prints."""

    question: str
    typed: str
    printed: str

    @property
    def note(self) -> str:
        return f"存档中没有“{self.typed}”，按读音相同的“{self.printed}”回答"


def respelled(question: str, names: Sequence[str], weights: Mapping[str, float], texts: Iterable[str]) -> Respelled | None:
    """Return the question with its first stranger name read as a homophone the texts print, or None."""
    texts = list(texts)
    for name in names:
        if not _NAME.fullmatch(name) or weights.get(name.lower(), 0.0) > 0 or any(name in t for t in texts):
            continue  # printed, as the archive's word or in the reports found
        printed = _sound_alike(name, texts)
        if printed:
            return Respelled(question.replace(name, printed), name, printed)
    return None


def _sound_alike(name: str, texts: Sequence[str]) -> str:
    """Return the most printed string of the texts that is name with one character replaced by a homophone."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - 0.15 s of dictionaries, paid only for a stranger

    sound = lazy_pinyin(name)
    seen: Counter[str] = Counter()
    for at, typed in enumerate(name):
        if not _CJK.match(typed):
            continue
        around = re.compile(re.escape(name[:at]) + r"([\u4e00-\u9fff])" + re.escape(name[at + 1:]))
        for text in texts:
            for m in around.finditer(text):
                other = m.group(1)
                if other != typed and lazy_pinyin(other) == [sound[at]]:
                    seen[m.group()] += 1
    found = seen.most_common(1)
    return found[0][0] if found and found[0][1] >= MIN_SEEN else ""


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
