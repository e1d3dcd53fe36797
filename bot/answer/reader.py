"""The short answer read out of the quote: every phrase of the tagger's words, scored by a fitted model.

The rule finders of bot.answer.extract know numbers, dates and titled names; most questions ask for
something else (哪一门语言, 什么原因, 被称为什么). Here every run of one to MAX_WORDS of the LAC
tagger's words inside a clause is a candidate, described by named features — its word classes
crossed with the question's kind, whether the words around it are the words around the asking word
in the question (`…由德国学者[陆特]开创` for `谁开创…`), how much of it the question already says,
its distance to the question's words — and scored by a linear model fitted by `make train` on DRCD
dev (scripts/train.py): softmax over a quote's candidates, the candidate holding the gold answer
being the right one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.answer.model import AnswerModel
from bot.answer.names import asked_head, tagger_words
from bot.answer.question import asked_units

MAX_WORDS = 6
MAX_CHARS = 24
_JOINERS = frozenset("·・-—－+＋")  # inside a name (威廉·琼斯, "1+5") a phrase may cross these
# the words that ask for a phrase (not question.ASKING: 吗 and a lone 么 ask yes or no, or nothing):
# the answer stands where they stand in the question
_ASKING = re.compile(r"谁|哪|什么|多少|几|何|啥|怎|如何|为什么|为何")
NEIGHBOUR_COST = 2.0  # how much more a phrase beside the quote must score (chosen on DRCD dev: 1, 2, 3)
MAX_QUOTE = 200  # characters a quote may grow to with its neighbour
UNREAD = frozenset({"yesno", "issue"})  # kinds no phrase answers
_FUNCTION_TAGS = frozenset({"p", "c", "u", "xc", "d", "w"})


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
    after = next((w for w, t in words[at + 1:] if t not in ("q", "m")), "") if at >= 0 else ""
    content = frozenset(w for i, (w, _) in enumerate(words) if i != at and not _ASKING.search(w))
    chars = frozenset(c for w in content for c in w)
    asked = words[at][0] if 0 <= at < len(words) else ""
    return Asking(kind, content, chars, before, after, head, asked, marked, units, head_tag)


def phrases(tagged: Sequence[tuple[str, str]], question: Asking, rule: str = "") -> list[Phrase]:
    """Return every candidate phrase of a tagged sentence with its features (`rule`: the rule finders' answer)."""
    words = [w for w, _ in tagged]
    tags = [t for _, t in tagged]
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w))
    hits = [i for i, w in enumerate(words) if w in question.words]
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
            if words[j - 1] not in question.words:
                found.append(Phrase(starts[i], starts[j], text, _features(words, tags, i, j, text, hits, question, rule)))
    if rule and rule not in {p.text for p in found}:
        found += _unaligned(words, tags, starts, rule, hits, question)
    return found


def _unaligned(words: Sequence[str], tags: Sequence[str], starts: Sequence[int], rule: str, hits: Sequence[int],
               question: Asking) -> list[Phrase]:
    """Return the rule finders' answer as a phrase where the tagger's words do not end where it does
    (`张桂平等` read as one name): described by the words it lies in."""
    at = "".join(words).find(rule)
    if at < 0:
        return []
    i = max(k for k in range(len(words)) if starts[k] <= at)
    j = min(k for k in range(1, len(words) + 1) if starts[k] >= at + len(rule))
    return [Phrase(at, at + len(rule), rule, _features(words, tags, i, j, rule, hits, question, rule))]


def _bucket(n: int, edges: Sequence[int]) -> int:
    return next((k for k, e in enumerate(edges) if n <= e), len(edges))


def _features(words: Sequence[str], tags: Sequence[str], i: int, j: int, text: str, hits: Sequence[int],
              q: Asking, rule: str) -> dict[str, float]:
    k = q.kind
    first, last = tags[i], tags[j - 1]
    left = words[i - 1] if i > 0 else ""
    right = words[j] if j < len(words) else ""
    left_tag = tags[i - 1] if i > 0 else "^"
    right_tag = tags[j] if j < len(words) else "$"
    outside = [h for h in hits if h < i or h >= j]
    gap = min((i - h if h < i else h - j + 1 for h in outside), default=99)
    inside = sum(1 for h in hits if i <= h < j)
    echo = sum(c in q.chars for c in text) / len(text)
    feats = {
        f"{k}:first:{first}": 1.0, f"{k}:last:{last}": 1.0, f"first:{first}": 1.0, f"last:{last}": 1.0,
        f"{k}:words:{min(j - i, MAX_WORDS)}": 1.0, f"{k}:chars:{_bucket(len(text), (1, 2, 3, 4, 6, 9, 14))}": 1.0,
        f"left:{left_tag}": 1.0, f"right:{right_tag}": 1.0, f"{k}:right:{right_tag}": 1.0,
        "echo": echo, "echo_all": float(echo == 1.0), "inside": min(inside, 3) / 3,
        "near": 1.0 / (1.0 + gap) if gap < 99 else 0.0,
        "left_q": float(left in q.words), "right_q": float(right in q.words),
        "window": min(sum(1 for h in outside if i - 3 <= h < i or j <= h < j + 3), 4) / 4,
        "before_wh": float(bool(q.before) and left == q.before),
        "after_wh": float(bool(q.after) and right == q.after),
        "open_left": float(left_tag in ("^", "w")), "open_right": float(right_tag in ("$", "w")),
        "fn_edge": float(first in _FUNCTION_TAGS or last in _FUNCTION_TAGS),
        "ends_de": float(text.endswith("的")),
        "digit": float(any(c.isdigit() for c in text)), f"{k}:digit": float(any(c.isdigit() for c in text)),
        "head_in": float(bool(q.head) and q.head in text),
        "head_after": float(bool(q.head) and right.startswith(q.head)),
        "rule": float(bool(rule) and text == rule),
        "rule_part": float(bool(rule) and text != rule and (rule in text or text in rule)),
        "position": i / max(len(words), 1),
        f"wh:{q.asked}:last:{last}": 1.0, f"wh:{q.asked}:first:{first}": 1.0,
        "left2_q": float(i > 1 and words[i - 2] in q.words and left in q.words),
        "right2_q": float(j + 1 < len(words) and right in q.words and words[j + 1] in q.words),
        "head_tag": float(bool(q.head_tag) and last == q.head_tag),
        "unit": float(bool(q.units) and any(u in text for u in q.units)),
        "no_unit": float(bool(q.units) and not any(u in text for u in q.units)),
        "clause": float(left_tag in ("^", "w") and right_tag in ("$", "w")),
    }
    if len(left) == 1:
        feats[f"{k}:leftw:{left}"] = 1.0
    if len(right) == 1:
        feats[f"{k}:rightw:{right}"] = 1.0
    return {n: v for n, v in feats.items() if v}


@dataclass(frozen=True, slots=True)
class Read:
    """What the reader made of a quote: the short answer, the quote (with a neighbour sentence where the
    answer sits there) and a line for `--explain`."""

    short: str
    quote: str
    explain: str = ""


def short_answer(kind: str, question: str, quote: str, rule: str, model: AnswerModel,
                 around: tuple[str, str] = ("", "")) -> Read:
    """Read the short answer out of the quote (else the rule finders' answer, or '').

    The reader's best phrase is shown when its share of the softmax reaches the fitted `shown`; a
    question without an asking word (keywords) or of a kind in UNREAD keeps the rule finders' answer.
    The sentences just before and after the quote (`around`) are read too: where one holds a phrase
    scoring NEIGHBOUR_COST more than the quote's best, it answers and joins the quote (`难以为继的大公报
    …停刊` is quoted after the sentence giving the reason).
    """
    if not model.reader or not quote:
        return Read(rule, quote)
    about = reading(kind, question, model.head_tags)
    if not reads(kind, about):
        return Read(rule, quote, "reader: no asking word or a yes/no question: the rule finders' piece stands")
    weights = model.reader
    found = phrases(tagger_words(quote), about, rule)
    best, share = read(found, weights)
    if best is None:
        return Read(rule, quote, "reader: no phrase in the quote")
    top, joined, side = score(best.features, weights), quote, ""
    for where, text in zip(("before", "after"), around):
        if not text or len(text) + len(quote) > MAX_QUOTE:
            continue
        near, near_share = read(phrases(tagger_words(text), about), weights)
        if near is not None and near_share >= model.shown and score(near.features, weights) - NEIGHBOUR_COST > top:
            best, share, top, side = near, near_share, score(near.features, weights), where
            joined = text + quote if where == "before" else quote + text
    shown = share >= model.shown
    features = sorted(best.features, key=lambda n: -abs(weights.get(n, 0.0) * best.features[n]))[:6]
    line = (f"reader: 「{best.text}」{f' in the sentence {side} the quote' if side else ''} share={share:.2f} "
            f"({'shown' if shown else 'not shown'}, at {model.shown:.2f}) of {len(found)} phrases; "
            + " ".join(f"{n}={weights.get(n, 0.0) * best.features[n]:+.2f}" for n in features))
    return Read(best.text if shown else rule, joined, line)


def reading(kind: str, question: str, head_tags: Mapping[str, str]) -> Asking:
    """Describe a question for the reader: its tagged words, the noun it asks about and the units it asks in."""
    head = asked_head(question)
    units = asked_units(question) if kind == "number" else ()
    return asking(kind, tagger_words(question), head, head_tags.get(head, ""), units)


def reads(kind: str, about: Asking) -> bool:
    """Tell whether the reader answers a question: keywords (`文明城市`) and yes/no questions it leaves alone."""
    return (bool(about.asked) or about.marked) and kind not in UNREAD


def score(features: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Return a phrase's score: the sum of its features' weights times their values."""
    return sum(weights.get(n, 0.0) * v for n, v in features.items())


def read(candidates: Sequence[Phrase], weights: Mapping[str, float]) -> tuple[Phrase | None, float]:
    """Return the best phrase and its share of the softmax over all candidates (None when there are none)."""
    if not candidates:
        return None, 0.0
    scores = [score(p.features, weights) for p in candidates]
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    best = scores.index(top)
    return candidates[best], 1.0 / total
