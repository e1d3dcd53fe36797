"""The template responder: turn ranked hits into a short answer, a quote and citations.

It only formats the hits it is given; it never reaches back into the index.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.answer.matching import Matcher, paper_city
from bot.answer.question import QuestionKind
from bot.answer.values import Answer, Headline, cite
from bot.answer.choose import QUOTE_FROM_TOP, Candidate, HitLike, choose, heading

MAX_CITATIONS = 3
# Share of the question's key-word weight the best passage (with its headings) must hold to answer.
COVERAGE_TO_ANSWER = 0.45
# Kinds whose pieces are found reliably enough that a quote without one is no answer.
STRICT_KINDS = ("number", "time", "person")
# Share of the key-word weight the quote with its headings must hold: a number in an unrelated sentence proves nothing.
KEY_IN_QUOTE = 0.3
FIT_TO_ANSWER = 0.5


def _citations(hits: Sequence[HitLike], first: int) -> tuple[Citation, ...]:
    order = [first] + [i for i in range(len(hits)) if i != first]
    seen: list[str] = []
    cites = []
    floor = 0.5 * max(float(h.score) for h in hits)
    for i in order:
        article = hits[i].article
        if article.id in seen or (i != first and float(hits[i].score) < floor):
            continue  # weak hits are not sources
        seen.append(article.id)
        cites.append(cite(len(cites) + 1, hits[i].issue, article))
        if len(cites) == MAX_CITATIONS:
            break
    return tuple(cites)


# A sentence holding (nearly) all key words is "on topic"; a typed one holding this much less is not.
ON_TOPIC = 0.99
OFF_TOPIC_GAP = 0.5


def _dropped(kind: QuestionKind, candidate: Candidate) -> str:
    """Say why a candidate cannot answer ('' when it can)."""
    if candidate.key_cover < KEY_IN_QUOTE:
        return f" dropped (key<{KEY_IN_QUOTE})"
    if kind.kind in STRICT_KINDS and candidate.fit < FIT_TO_ANSWER:
        # a number, a date, a name with the asked title: without one, the archive does not answer
        return f" dropped (fit<{FIT_TO_ANSWER})"
    return ""


def respond(
    question: str, kind: QuestionKind, hits: Sequence[HitLike], weights: dict[str, float],
    notes: Sequence[str] = (), key_words: dict[str, float] | None = None,
) -> Answer:
    """Answer from the hits, or refuse plainly and list the closest headlines.

    `key_words` are the question's own words with weights (unknown words weigh most): when the
    best passages do not hold enough of them, the archive does not answer the question.
    """
    summary = tuple((h.article.id, h.article.title, round(float(h.score), 4)) for h in hits)
    by_title: dict[str, Headline] = {}
    for h in hits:
        by_title.setdefault(h.article.title, Headline(h.article.id, h.article.title))
    closest = tuple(by_title.values())[:5]
    city = paper_city(hits[0].issue.paper) if hits else ""
    terms, key = Matcher(weights, city), Matcher(key_words or weights, city)
    best_passage_cov = max((key.coverage(heading(h) + h.passage.text) for h in hits[:QUOTE_FROM_TOP]), default=0.0)
    every = choose(kind, hits, terms, key)
    candidates = [c for c in every if not _dropped(kind, c)]
    explain = [f"terms: {', '.join(f'{t}={w:.2f}' for t, w in weights.items())}",
               f"key words: {', '.join(f'{t}={w:.2f}' for t, w in key.weights.items())}",
               f"asked: {kind.label}" + (f" in {'/'.join(kind.units)}" if kind.units else "")
               + (f", {kind.head}" if kind.head else ""),
               f"best passage coverage: {best_passage_cov:.2f} (answer needs {COVERAGE_TO_ANSWER})"]
    explain += [f"candidate {c.parts} score={c.score:.2f}{_dropped(kind, c)}: {c.quote[:40]}" for c in every[:3]]
    if not candidates or best_passage_cov < COVERAGE_TO_ANSWER:
        return Answer(question, kind.kind, False, hits=summary, closest=closest, notes=tuple(notes), explain=tuple(explain))
    best = candidates[0]
    on_topic = max(every, key=lambda c: (c.key_cover, c.score))
    if on_topic.key_cover >= ON_TOPIC and best.key_cover <= on_topic.key_cover - OFF_TOPIC_GAP:
        # The sentence about exactly what was asked holds no answer of the asked kind (长葛市: "无考评数据"),
        # and the typed one is about something else (高州市's score): quote what the paper says instead.
        best = dataclasses.replace(on_topic, short="")
        explain.append("the typed candidate is off the question's subject: quoting the on-topic sentence")
    if best not in every[:3]:
        explain.append(f"chosen {best.parts} score={best.score:.2f}: {best.quote[:40]}")
    return Answer(
        question, kind.kind, True, short=best.short if best.short != best.quote else "", quote=best.quote,
        citations=_citations(hits, best.hit_index), hits=summary, closest=closest,
        notes=tuple(notes), explain=tuple(explain),
    )
