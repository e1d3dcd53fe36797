"""The short answer read out of the quote: every phrase of the tagger's words, scored by a fitted model.

The rule finders of bot.answer.extract know numbers, dates and titled names; most questions ask for
something else (哪一门语言, 什么原因, 被称为什么). Here every phrase of the quote (bot.answer.phrases:
runs of the LAC tagger's words inside a clause, described by named features) is scored by a linear
model fitted by `make train` on DRCD dev (scripts/train.py): softmax over a quote's candidates, the
candidate holding the gold answer being the right one. `as_asked` then makes the phrase what was asked
(a number with its printed bound, a year for 哪一年, no date for a place).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.answer.choose import Candidate
from bot.answer.extract import GOES_ON, POINTS_BACK, spans
from bot.answer.forest import PhraseScorer
from bot.answer.model import AnswerModel
from bot.answer.names import NAME_TAGS, asked_head, tagger_words
from bot.answer.phrases import Asking, Phrase, asking, phrases
from bot.answer.quantities import NUMERAL, with_bound
from bot.answer.question import YEAR_WORD
from bot.answer.units import asked_units

MAX_QUOTE = 200  # characters a quote may grow to with its neighbour
# kinds no phrase answers; and 职务: the titles printed before the name answer it (市委书记胡五岳), and the
# fitting set holds 3 such questions, too few for the reader to learn them (it had read 「…调研项目建设」)
UNREAD = frozenset({"yesno", "issue", "role"})
_DAY = re.compile(r"\d月|\d日|[月日]$")  # a date with its month or day: no count
NAMED_KINDS = frozenset({"place", "person", "organisation"})  # kinds a date never answers


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
    The sentences just before and after the quote (`around`) are read in the same softmax, their
    phrases marked as lying beside it (a fitted weight says how much less likely that is): where one
    of them is shown, its sentence joins the quote (`难以为继的大公报…停刊` is quoted after the
    sentence giving the reason).
    """
    if not model.reader or not quote:
        return Read(rule, quote)
    about = reading(kind, question, model.head_tags)
    if not reads(kind, about):
        return Read(rule, quote, "reader: no asking word or a yes/no question: the rule finders' piece stands")
    found, sides = candidates(about, quote, rule, around)
    best, share = read(found, model.reader)
    if best is None:
        return Read(rule, quote, "reader: no phrase in the quote")
    side = sides[found.index(best)]
    shown = share >= model.shown
    joined = quote
    if shown and side:
        text = around[0] if side == "before" else around[1]
        joined = text + quote if side == "before" else quote + text
    line = (f"reader: 「{best.text}」{f' in the sentence {side} the quote' if side else ''} share={share:.2f} "
            f"({'shown' if shown else 'not shown'}, at {model.shown:.2f}) of {len(found)} phrases; "
            + model.reader.parts(best.features))
    return Read(best.text if shown else rule, joined, line)


def candidates(about: Asking, quote: str, rule: str, around: tuple[str, str] = ("", "")
               ) -> tuple[list[Phrase], list[str]]:
    """Return the phrases the reader chooses among, and for each where it lies: '' in the quote, or
    'before' / 'after' in the sentence beside it.

    The neighbours are read with the quote between them as one text, so a phrase's nearness to the
    question's words crosses the sentence end (the answer closing the sentence before, the question's
    words opening the quote); their phrases carry `beside` features (one for the side, one for the
    question's kind), whose fitted weights say how much less likely an answer is there.
    """
    found = phrases(tagger_words(quote), about, rule)
    sides = [""] * len(found)
    before, after = (text if text and len(text) + len(quote) <= MAX_QUOTE else "" for text in around)
    if before or after:
        start, end = len(before), len(before) + len(quote)
        refers_back = POINTS_BACK.search(quote) is not None or GOES_ON.search(quote) is not None
        for p in phrases(tagger_words(before + quote + after), about, outside=(start, end)):
            side = "before" if p.end <= start else "after"
            beside = {f"beside:{side}": 1.0, f"{about.kind}:beside": 1.0}
            if side == "before" and refers_back:
                beside["beside:before:refers"] = 1.0
            found.append(Phrase(p.start, p.end, p.text, {**p.features, **beside}))
            sides.append(side)
    return found, sides


def reading(kind: str, question: str, head_tags: Mapping[str, str]) -> Asking:
    """Describe a question for the reader: its tagged words, the noun it asks about and the units it asks in."""
    head = asked_head(question)
    units = asked_units(question) if kind == "number" else ()
    return asking(kind, tagger_words(question), head, head_tags.get(head, ""), units)


def reads(kind: str, about: Asking) -> bool:
    """Tell whether the reader answers a question: keywords (`文明城市`) and yes/no questions it leaves alone."""
    return (bool(about.asked) or about.marked) and kind not in UNREAD


def read(candidates: Sequence[Phrase], scorer: PhraseScorer) -> tuple[Phrase | None, float]:
    """Return the best phrase and its share of the softmax over all candidates (None when there are none)."""
    if not candidates:
        return None, 0.0
    scores = scorer.scores([p.features for p in candidates])
    top = max(scores)
    total = sum(math.exp(s - top) for s in scores)
    best = scores.index(top)
    return candidates[best], 1.0 / total


def as_asked(kind: str, years: bool, short: str, quote: str, rule: Candidate, timed: bool = False,
             counted: str = "") -> str:
    """Return the reader's short answer as what was asked: a number with its printed bound (or the rule
    finders' figure where the phrase holds none, or is a day: 几个人 is not 「身边好人」, 多少个 not 1935年2月23日,
    or where only the finders' figure is printed before the thing counted: 几个县 → 3个 of `3个县`),
    a year or nothing for 哪一年 (not 近日), every title before the name for an office (`市政协党组书记、主席`,
    not one of them), a person for 谁 where the phrase names no one, and no date for a place, a person or a
    body unless the question also asks a time (`timed`: 在哪一个世纪, 在哪次的世界杯)."""
    if kind == "number":
        if counted and rule.short and f"{rule.short}{counted}" in quote and f"{short}{counted}" not in quote:
            short = rule.short
        counts = NUMERAL.search(short) and not (_DAY.search(short) and _is_date(short))
        short = with_bound(short, quote) if counts or not short else with_bound(rule.short, rule.quote)
    if years and not YEAR_WORD.search(short):
        return ""
    if kind == "role" and short and short != rule.short and short in rule.short:
        return rule.short
    if kind == "person" and rule.short and short != rule.short and _tags(rule.short) == {"PER"} \
            and not _tags(short) & (NAME_TAGS - {"LOC"}):
        # `谁颁的奖` read 「选拔赛」, `哪个市领导去了` 「许昌市」: no one is named in it, the finders' 汤超 is a person
        return rule.short
    if kind in NAMED_KINDS and not timed and _is_date(short):
        return ""  # `座谈会在哪开的` quoting `8月12日,我市召开…座谈会`: a date is no place, nor a person
    return short


def _is_date(text: str) -> bool:
    """Tell whether text is a date, whole (8月12日, 1935年2月23日, 2021年)."""
    return any(s.text == text for s in spans("time", text))


def _tags(text: str) -> set[str]:
    """Return the tagger's word classes in text (PER, ORG, n …)."""
    return {t for _, t in tagger_words(text)}
