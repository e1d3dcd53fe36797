"""Find the answer where the question's asking word would sit: align the question with a sentence.

Most questions restate the sentence that answers them with the answer replaced by an asking word
(`天城文在何时成为梵语的标准书写系统` ↔ `天城文在19世纪成为梵语的标准书写系统`). The words printed just
before and just after the asking word, found in the sentence, frame the answer. Where only one side
is found, the answer runs from it to the end of the clause. No model: it works for any kind of
question, which is what the typed finders (numbers, names, places) do not.
"""

from __future__ import annotations

import re

from bot.answer.extract import Span
from retrieval import normalise

# The asking words, longest first, so 哪一年 is taken whole before 哪.
ASKING = re.compile(
    r"什么时候|什么地方|什么时间|哪一年|哪一天|哪一个|哪一位|哪一种|哪一家|为什么|怎么样|多少|什么|哪些|哪个|哪位|哪里|哪儿|"
    r"哪年|哪天|哪种|哪家|哪国|何时|何地|何人|何处|何种|何者|何年|为何|几个|几年|几次|几位|几种|谁|哪|何|几|啥"
)
BREAK = re.compile(r"[,，。;；:：!！?？、“”\"()（）《》]")
_SIDE = 6  # characters of context taken on each side of the asking word
_MIN_SIDE = 2  # a side is found when this many of its characters next to the asking word are printed
_MAX_ANSWER = 24


def frame(question: str) -> tuple[str, str] | None:
    """Return the question's text just before and just after its asking word (within the clause), or None."""
    text = normalise(question).strip().rstrip("？?。!！")
    found = ASKING.search(text)
    if found is None:
        return None
    left = BREAK.split(text[: found.start()])[-1][-_SIDE:]
    right = BREAK.split(text[found.end():])[0][:_SIDE]
    right = re.sub(r"^(?:的|是|呢|了)+", "", right)
    return left, right


def aligned(sides: tuple[str, str] | None, sentence: str) -> Span | None:
    """Return the piece of the sentence where the question's asking word sits (`sides`: its `frame`), or None."""
    if sides is None:
        return None
    left, right = sides
    after_left = _find_end(left, sentence)
    before_right = _find_start(right, sentence, after_left or 0)
    if after_left is None and before_right is None:
        return None
    start = after_left if after_left is not None else _clause_start(sentence, before_right)
    stop = before_right if before_right is not None else _clause_end(sentence, start)
    piece = sentence[start:stop].strip()
    if not piece or len(piece) > _MAX_ANSWER or BREAK.search(piece):
        return None
    both = after_left is not None and before_right is not None
    return Span(start, stop, piece, 1.0 if both else 0.6)


def _find_end(left: str, sentence: str) -> int | None:
    """Return where the longest printed tail of `left` ends in the sentence."""
    for size in range(len(left), _MIN_SIDE - 1, -1):
        at = sentence.find(left[-size:])
        if at >= 0:
            return at + size
    return None


def _find_start(right: str, sentence: str, after: int) -> int | None:
    """Return where the longest printed head of `right` begins in the sentence, at or after `after`."""
    for size in range(len(right), _MIN_SIDE - 1, -1):
        at = sentence.find(right[:size], after)
        if at >= 0:
            return at
    return None


def _clause_end(sentence: str, start: int) -> int:
    found = BREAK.search(sentence, start)
    return min(found.start() if found else len(sentence), start + _MAX_ANSWER)


def _clause_start(sentence: str, end: int) -> int:
    cut = max((m.end() for m in BREAK.finditer(sentence, 0, end)), default=0)
    return max(cut, end - _MAX_ANSWER)

