"""Candidates given the piece the patterns missed: the tagger reads what a title is followed by.

The rule finders end a name at punctuation or a verb of saying, and count only printed numbers. Among
the best candidates, a sentence may still hold the answer after the asked title: one person
(`原主任唐聚圈自2004年…`), a list of names the paper does not count (`副主任王文杰、韩国全、…` for
`几位副主任出席`), or the whole list asked for (`副主任都有谁`). Such a candidate is scored again as
holding a piece of the asked kind (bot.answer.choose.with_name), so it can rank above the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.answer.choose import Candidate, with_name
from bot.answer.extract import holds_role
from bot.answer.model import AnswerModel
from bot.answer.names import listed_after, titled_name
from bot.answer.question import QuestionKind

RESCUED = 3  # the best candidates whose asked title the tagger reads when the patterns find no piece
PIECE_FIT = 0.5  # below this fit a candidate holds no piece of the asked kind
PEOPLE_UNITS = frozenset("位名人")  # a count of people: a list of names after the asked title counts them


def rescued(kind: QuestionKind, roles: str, every: Sequence[Candidate], model: AnswerModel) -> list[Candidate]:
    """Return the candidates, best first, the RESCUED best given what the tagger reads after the asked title:
    a person (`…是谁`), every name listed (`roles`: `副主任都有谁`), or the count of those listed (`几位副主任`)."""
    if roles:  # no list: "" (nothing read)
        return _again(every, lambda c: "、".join(listed_after(c.quote, roles)), model, only_unfit=False)
    if kind.kind == "person" and kind.head:
        return _again(every, lambda c: titled_name(c.quote, kind.head, holds_role), model)
    if kind.kind == "number" and kind.head and set(kind.units) & PEOPLE_UNITS:
        return _again(every, lambda c: _count(listed_after(c.quote, kind.head), kind.units[0]), model)
    return list(every)


def _count(names: tuple[str, ...], unit: str) -> str:
    """Return how many names a list holds in the asked unit (`6位`), '' for no list."""
    return f"{len(names)}{unit}" if names else ""


def _again(every: Sequence[Candidate], piece: Callable[[Candidate], str], model: AnswerModel,
           only_unfit: bool = True) -> list[Candidate]:
    """Score the RESCUED best candidates again with the piece read in them (those holding none, or every one)."""
    def read(c: Candidate) -> Candidate:
        found = piece(c)
        return with_name(c, found, model.sentence) if found else c

    return sorted((read(c) if i < RESCUED and (not only_unfit or c.fit < PIECE_FIT) else c for i, c in enumerate(every)),
                  key=lambda c: (-c.score, c.hit_index))
