"""The reader's candidates: every phrase of a quote's tagged words, and the named features describing it.

A candidate is a run of one to MAX_WORDS of the LAC tagger's words inside a clause. Its features
say what it is (word classes crossed with the question's kind, length, digits), where it stands
(how near the question's words, how many of them its clause holds) and how its surroundings match
the question's around the asking word: `…由德国学者[陆特]开创` for `谁开创…`, matched by whole words
and, where the paper words it a little differently (`西塞罗时期和[奥古斯都]时期` for `西塞罗时期和哪一位
皇帝`), by the characters on either side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

MAX_WORDS = 6
MAX_CHARS = 24
_JOINERS = frozenset("·・-—－+＋")  # inside a name (威廉·琼斯, "1+5") a phrase may cross these
# the words that ask for a phrase (not question.ASKING: 吗 and a lone 么 ask yes or no, or nothing):
# the answer stands where they stand in the question
_ASKING = re.compile(r"谁|哪|什么|多少|几|何|啥|怎|如何|为什么|为何")
_FUNCTION_TAGS = frozenset({"p", "c", "u", "xc", "d", "w"})
_PAIRED = {"“": "”", "「": "」", "《": "》", "『": "』", '"': '"'}  # opening marks and their closing ones
# How far the characters around the asking word and around a phrase are compared: a wide view (the
# question's WIDE characters on each side against the quote's WIDE_QUOTE) and a close one (CLOSE,
# CLOSE_QUOTE). Chosen on DRCD dev, 5 folds by article: 4/6, 6/8, 8/10, 10/12 and 6/12 wide were
# within 0.5 point of each other.
WIDE, WIDE_QUOTE = 8, 10
CLOSE, CLOSE_QUOTE = 3, 4
NEAR_WORDS = 4  # the words on either side of a phrase in which the question's words are looked for


@dataclass(frozen=True, slots=True)
class Asking:
    """What the reader needs of a question: its kind, words, and the words around its asking word."""

    kind: str
    words: frozenset[str]
    chars: frozenset[str]
    before: str  # the word before the asking word ('' at the start)
    after: str  # the word after it (a measure word skipped)
    head: str  # the noun asked about (国家 in 哪个国家)
    asked: str  # the asking word itself (哪一年, 什么, 谁)
    marked: bool = False  # the question ends with a question mark (`…的首都为？` asks without an asking word)
    units: tuple[str, ...] = ()  # the units a number answering it prints (元 for 投多少钱)
    head_tag: str = ""  # the word class the fitted table says answers of that noun carry (国家 → LOC)
    words_before: frozenset[str] = frozenset()  # the question's words before the asking word
    words_after: frozenset[str] = frozenset()  # and after it
    chars_before: frozenset[str] = frozenset()  # the WIDE characters before the asking word
    chars_after: frozenset[str] = frozenset()  # the WIDE characters after it (a measure word skipped)
    close_before: frozenset[str] = frozenset()  # the CLOSE characters before it
    close_after: frozenset[str] = frozenset()  # the CLOSE characters after it


@dataclass(frozen=True, slots=True)
class Phrase:
    """A candidate short answer: where it sits in the sentence and what describes it."""

    start: int
    end: int
    text: str
    features: Mapping[str, float]


def asking(kind: str, tagged: Sequence[tuple[str, str]], head: str = "", head_tag: str = "",
           units: tuple[str, ...] = ()) -> Asking:
    """Describe a question for the reader from the tagger's words of it."""
    words = [(w, t) for w, t in tagged if t != "w"]
    at = next((i for i, (w, _) in enumerate(words) if _ASKING.search(w)), -1)
    marked = bool(tagged) and tagged[-1][0].strip()[-1:] in ("?", "？")
    if at < 0 and marked:
        at = len(words)  # `…的首都为？`: the answer stands where the question ends
    before = words[at - 1][0] if at > 0 else ""
    following = words[at + 1:] if at >= 0 else []
    while following and following[0][1] in ("q", "m"):  # 哪[一][个]国家: the noun, not the measure word
        following = following[1:]
    after = following[0][0] if following else ""
    content = frozenset(w for i, (w, _) in enumerate(words) if i != at and not _ASKING.search(w))
    chars = frozenset(c for w in content for c in w)
    asked = words[at][0] if 0 <= at < len(words) else ""
    left = "".join(w for w, _ in words[:max(at, 0)])
    right = "".join(w for w, _ in following)
    return Asking(kind, content, chars, before, after, head, asked, marked, units, head_tag,
                  frozenset(w for w, _ in words[:max(at, 0)]) & content, frozenset(w for w, _ in following) & content,
                  frozenset(left[-WIDE:]), frozenset(right[:WIDE]), frozenset(left[-CLOSE:]), frozenset(right[:CLOSE]))


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A tagged quote as the features need it: words, tags, where each word starts, which are the question's."""

    words: Sequence[str]
    tags: Sequence[str]
    starts: Sequence[int]
    text: str
    hits: Sequence[int]
    clause_start: Sequence[int]  # for each word, the first word of its clause
    clause_end: Sequence[int]  # and the word after its clause's last
    # for each boundary between words, how what lies before it and after it matches the question around
    # its asking word: computed once per boundary, not once for every phrase starting or ending there
    before: Sequence[Mapping[str, float]]
    after: Sequence[Mapping[str, float]]


def _sentence(tagged: Sequence[tuple[str, str]], question: Asking) -> _Sentence:
    words = [w for w, _ in tagged]
    tags = [t for _, t in tagged]
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w))
    breaks = [t == "w" and w not in _JOINERS for w, t in zip(words, tags)]
    first, begin = [], 0
    for i, brk in enumerate(breaks):
        first.append(begin)
        if brk:
            begin = i + 1
    after, end = [0] * len(words), len(words)
    for i in range(len(words) - 1, -1, -1):
        if breaks[i]:
            end = i
        after[i] = end
    text = "".join(words)
    return _Sentence(words, tags, starts, text, [i for i, w in enumerate(words) if w in question.words],
                     first, after, [_before(words, text, starts, b, question) for b in range(len(words) + 1)],
                     [_after(words, text, starts, b, question) for b in range(len(words) + 1)])


def _before(words: Sequence[str], text: str, starts: Sequence[int], b: int, q: Asking) -> dict[str, float]:
    """Describe what lies before boundary b: the question's words before and after its asking word among the
    NEAR_WORDS words there (the order kept, or not), and the characters around the asking word."""
    near, at = set(words[max(0, b - NEAR_WORDS):b]), starts[b]
    seen = set(text[max(0, at - WIDE_QUOTE):at])
    return {"left_before": min(len(near & q.words_before), 3) / 3, "left_after": min(len(near & q.words_after), 3) / 3,
            "chars_ll": _share(seen, q.chars_before), "chars_rl": _share(seen, q.chars_after),
            "close_ll": _share(set(text[max(0, at - CLOSE_QUOTE):at]), q.close_before)}


def _after(words: Sequence[str], text: str, starts: Sequence[int], b: int, q: Asking) -> dict[str, float]:
    """Describe what lies after boundary b, as `_before` does what lies before it."""
    near, at = set(words[b:b + NEAR_WORDS]), starts[b]
    seen = set(text[at:at + WIDE_QUOTE])
    return {"right_after": min(len(near & q.words_after), 3) / 3, "right_before": min(len(near & q.words_before), 3) / 3,
            "chars_rr": _share(seen, q.chars_after), "chars_lr": _share(seen, q.chars_before),
            "close_rr": _share(set(text[at:at + CLOSE_QUOTE]), q.close_after)}


def phrases(tagged: Sequence[tuple[str, str]], question: Asking, rule: str = "",
            outside: tuple[int, int] | None = None) -> list[Phrase]:
    """Return every candidate phrase of a tagged sentence with its features (`rule`: the rule finders' answer);
    with `outside` (a start and end in the text), only those lying wholly before or wholly after it."""
    s = _sentence(tagged, question)
    words, tags = s.words, s.tags
    kept = (lambda a, b: True) if outside is None else (lambda a, b: b <= outside[0] or a >= outside[1])
    found = []
    for i in range(len(words)):
        if (tags[i] == "w" and words[i] not in _JOINERS) or words[i] in question.words:
            continue  # an answer adds to the question: it neither starts nor ends with the question's words
        for j in range(i + 1, min(i + MAX_WORDS, len(words)) + 1):
            if tags[j - 1] == "w" and words[j - 1] not in _JOINERS:
                break
            text = "".join(words[i:j])
            if len(text) > MAX_CHARS:
                break
            if words[j - 1] not in question.words and kept(s.starts[i], s.starts[j]):
                found.append(Phrase(s.starts[i], s.starts[j], text, _features(s, i, j, text, question, rule)))
    found = _with_quoted(found, s, question, rule, kept)
    if rule and rule not in {p.text for p in found}:
        found += _unaligned(s, rule, question)
    return found


def _with_quoted(found: list[Phrase], s: _Sentence, question: Asking, rule: str,
                 kept: Callable[[int, int], bool]) -> list[Phrase]:
    """Add what the quote prints between paired quotation marks or title marks (`许昌市“优秀志愿服务项目”`,
    `《1965年移民及国籍法案》`) as one phrase however many words or marks it holds, marked `quoted`."""
    at = {(p.start, p.end): k for k, p in enumerate(found)}
    for i, word in enumerate(s.words):
        close = _PAIRED.get(word)
        end = next((k for k in range(i + 2, min(i + 2 + 2 * MAX_WORDS, len(s.words))) if s.words[k] == close),
                   None) if close else None
        if end is None:
            continue
        span = (s.starts[i + 1], s.starts[end])
        if span in at:
            old = found[at[span]]
            found[at[span]] = Phrase(old.start, old.end, old.text, {**old.features, "quoted": 1.0})
        elif (span[1] - span[0] <= 2 * MAX_CHARS and not {s.words[i + 1], s.words[end - 1]} & question.words
              and kept(*span)):
            text = s.text[span[0]:span[1]]
            found.append(Phrase(*span, text, {**_features(s, i + 1, end, text, question, rule), "quoted": 1.0}))
    return found


def _unaligned(s: _Sentence, rule: str, question: Asking) -> list[Phrase]:
    """Return the rule finders' answer as a phrase where the tagger's words do not end where it does
    (`张桂平等` read as one name): described by the words it lies in."""
    at = s.text.find(rule)
    if at < 0:
        return []
    i = max(k for k in range(len(s.words)) if s.starts[k] <= at)
    j = min(k for k in range(1, len(s.words) + 1) if s.starts[k] >= at + len(rule))
    return [Phrase(at, at + len(rule), rule, _features(s, i, j, rule, question, rule))]


def _bucket(n: int, edges: Sequence[int]) -> int:
    return next((k for k, e in enumerate(edges) if n <= e), len(edges))


def _share(found: frozenset[str] | set[str], wanted: frozenset[str]) -> float:
    return len(found & wanted) / len(wanted) if wanted else 0.0


def _features(s: _Sentence, i: int, j: int, text: str, q: Asking, rule: str) -> dict[str, float]:
    words, tags, hits, k = s.words, s.tags, s.hits, q.kind
    first, last = tags[i], tags[j - 1]
    left = words[i - 1] if i > 0 else ""
    right = words[j] if j < len(words) else ""
    left_tag = tags[i - 1] if i > 0 else "^"
    right_tag = tags[j] if j < len(words) else "$"
    outside, gap, inside, window = [], 99, 0, 0  # the question's words outside the phrase, the nearest, …
    for h in hits:
        if i <= h < j:
            inside += 1
            continue
        outside.append(h)
        gap = min(gap, i - h if h < i else h - j + 1)
        window += i - 3 <= h < i or j <= h < j + 3
    digit = float(any(c.isdigit() for c in text))
    unit = bool(q.units) and any(u in text for u in q.units)
    echo = sum(c in q.chars for c in text) / len(text)
    clause = {words[h] for h in outside if s.clause_start[i] <= h < s.clause_end[max(j - 1, i)]}
    count = max(len(q.words), 1)
    feats = {
        f"{k}:first:{first}": 1.0, f"{k}:last:{last}": 1.0, f"first:{first}": 1.0, f"last:{last}": 1.0,
        f"{k}:words:{min(j - i, MAX_WORDS)}": 1.0, f"{k}:chars:{_bucket(len(text), (1, 2, 3, 4, 6, 9, 14))}": 1.0,
        f"left:{left_tag}": 1.0, f"right:{right_tag}": 1.0, f"{k}:right:{right_tag}": 1.0,
        "echo": echo, "echo_all": float(echo == 1.0), "inside": min(inside, 3) / 3,
        "near": 1.0 / (1.0 + gap) if gap < 99 else 0.0,
        "left_q": float(left in q.words), "right_q": float(right in q.words),
        "window": min(window, 4) / 4,
        "before_wh": float(bool(q.before) and left == q.before),
        "after_wh": float(bool(q.after) and right == q.after),
        # the paper's word holds the question's or is held in it (德国学者 for 学者)
        "before_part": float(bool(q.before and left) and left != q.before
                             and (left.endswith(q.before) or q.before.endswith(left) or (len(left) > 1 and left in q.before))),
        "after_part": float(bool(q.after and right) and right != q.after
                            and (right.startswith(q.after) or q.after.startswith(right))),
        "open_left": float(left_tag in ("^", "w")), "open_right": float(right_tag in ("$", "w")),
        "fn_edge": float(first in _FUNCTION_TAGS or last in _FUNCTION_TAGS),
        "ends_de": float(text.endswith("的")),
        "digit": digit, f"{k}:digit": digit,
        "head_in": float(bool(q.head) and q.head in text),
        "head_after": float(bool(q.head) and right.startswith(q.head)),
        # 元宵[节] for 哪一个节日, 德[国] for 哪国
        "head_char": float(bool(q.head) and text[-1] in q.head),
        "head_end": float(bool(q.head) and text[-1] in (q.head[0], q.head[-1])),
        "rule": float(bool(rule) and text == rule),
        "rule_part": float(bool(rule) and text != rule and (rule in text or text in rule)),
        "position": i / max(len(words), 1),
        f"wh:{q.asked}:last:{last}": 1.0, f"wh:{q.asked}:first:{first}": 1.0,
        "left2_q": float(i > 1 and words[i - 2] in q.words and left in q.words),
        "right2_q": float(j + 1 < len(words) and right in q.words and words[j + 1] in q.words),
        "head_tag": float(bool(q.head_tag) and last == q.head_tag),
        "unit": float(unit), "no_unit": float(bool(q.units) and not unit),
        "clause": float(left_tag in ("^", "w") and right_tag in ("$", "w")),
        # the share of the question's words in the phrase's clause, and in the rest of the sentence
        "clause_words": len(clause) / count,
        "sentence_words": len({words[h] for h in outside} - clause) / count,
        # the question's words before and after the asking word found on the same side of the phrase (the
        # order kept) or on the other (`X是谁` answered `Y是X`), and the characters around the asking word
        **s.before[i], **s.after[j],
    }
    if len(left) == 1:
        feats[f"{k}:leftw:{left}"] = 1.0
    if len(right) == 1:
        feats[f"{k}:rightw:{right}"] = 1.0
    return {n: v for n, v in feats.items() if v}
