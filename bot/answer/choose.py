"""Choose the sentence that answers: every sentence of the top passages, scored by named parts.

A sentence is read inside its article: terms its headline or section heading already holds count
nearly as if the sentence held them, so among an article's sentences the one holding the rest of
the question (the *novel* terms: 秘书长 in `第五十二次主任会议秘书长是谁`) stands out. The
sentence must also hold the kind of thing asked for (a number in the asked unit, a name after the
asked title …), and that piece should sit close to the question's terms. A term found only in the
sentence before or after counts half, and that sentence joins the quote when it brings key words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.answer.align import aligned
from bot.answer.extract import POINTS_BACK, Span, closeness, echoes, spans
from bot.answer.extremes import is_row
from bot.answer.matching import Found, Matcher
from bot.answer.model import SENTENCE_FEATURES, Linear
from bot.answer.quantities import another_numbered, with_bound
from bot.answer.question import ASKING, QuestionKind
from retrieval import Article, Issue, Passage, normalise, split_sentences, strip_lead, visible_chars

QUOTE_FROM_TOP = 5
STRICT_KINDS = ("number", "time", "person")  # kinds whose pieces are found reliably
NEIGHBOUR = 0.5  # credit for a term found only in the sentence before or after
# A sentence that goes on from the one before it (extract.POINTS_BACK: 他是…, 同年3月…) is read with
# that one: it names who, when or what (on DRCD dev, 40% of the right articles' wrong quotes had the answer
# there). A sentence that only says who spoke (`禹州市委老干部局局长刘金创说。`) closes the quoted words before it.
HEADING = 0.8  # credit for a term found only in the headline or section heading
_MAX_PAIR = 160  # characters: a two-sentence quote stays readable
_CLAUSE_BETWEEN = re.compile(r"[,，;；。]")
_SAME_CLAUSE = 0.4  # nearness of a subject at most about a dozen characters from the answer
# What is no content of a question: its asking words, particles, punctuation and spaces.
_NOT_CONTENT = re.compile(rf"{ASKING}|[的了是在有和与吗呢吧啊么呀？?！!，,。、\s]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible quote with its score, the hit it comes from and the score's parts."""

    score: float
    hit_index: int
    quote: str
    short: str
    key_cover: float
    fit: float
    parts: str
    features: tuple[float, ...] = ()  # in the order of SENTENCE_FEATURES
    around: tuple[str, str] = ("", "")  # the passage's sentences just before and after the quote


class HitLike(Protocol):
    """What the responder needs of a search hit (see retrieval.search.Hit)."""

    passage: Passage
    article: Article
    issue: Issue
    score: float


def sentences(passage: Passage) -> list[str]:
    """Split a passage into sentences: each line (a list item is a line) on 。！？；."""
    found: list[str] = []
    for line in passage.text.split("\n"):
        for piece in split_sentences(line) or [line]:
            if found and _open_question(found[-1]):
                found[-1] += piece  # `围绕“什么是电商?网红咋培养?”等方面内容`: a question quoted ends no sentence
            else:
                found.append(piece)
    return [s for s in (strip_lead(visible_chars(x)) for x in found) if len(s) >= 4]


def _open_question(piece: str) -> bool:
    """Tell whether a piece ends in a question mark inside a quotation not yet closed."""
    return piece.rstrip().endswith(("?", "？")) and piece.count("“") > piece.count("”")


def heading(hit: HitLike) -> str:
    """Return the text that sets a passage's topic: headline, subheadlines and section heading."""
    return visible_chars(" ".join((hit.article.headline, *hit.article.subheadlines, hit.passage.context)))


@dataclass(frozen=True, slots=True)
class Asked:
    """What a sentence is judged against: the question's kind, terms, key words, characters, and the model."""

    kind: QuestionKind
    sides: tuple[str, str] | None  # the question's words around its asking word (bot.answer.align.frame)
    terms: Matcher
    key: Matcher
    chars: frozenset[str]
    bigrams: frozenset[str]
    model: Linear
    words: tuple[str, ...] = ()  # the terms and key words: a piece made of them only repeats the question
    names: tuple[str, ...] = ()  # the people, places and bodies it names: its subject is the first of them
    numbered: tuple[tuple[float, str], ...] = ()  # which ones of numbered series it names (二期, 第五十二次)


def question_text(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return the question's content characters and character bigrams (no question words or particles)."""
    bare = _NOT_CONTENT.sub(" ", normalise(question))
    chars = frozenset(c for c in bare if not c.isspace())
    bigrams = frozenset(a + b for a, b in zip(bare, bare[1:]) if not a.isspace() and not b.isspace())
    return chars, bigrams


def choose(asked: Asked, hits: Sequence[HitLike]) -> list[Candidate]:
    """Return the candidate quotes of the top hits, best first by the fitted sentence model."""
    found = []
    top = max((float(h.score) for h in hits[:QUOTE_FROM_TOP]), default=0.0) or 1.0
    # a passage is placed as its article's best: a table's lines (魏都区(83.43分…)) are not outranked by
    # the article's other passage that repeats the asked name (魏都区丁庄街道…, 魏都区产业集聚区…)
    first: dict[str, tuple[int, float]] = {}
    for i, hit in enumerate(hits[:QUOTE_FROM_TOP]):
        first.setdefault(hit.article.id, (i, float(hit.score)))
    for i, hit in enumerate(hits[:QUOTE_FROM_TOP]):
        article_rank, article_score = first[hit.article.id]
        head = heading(hit)
        in_head = asked.terms.found(head)
        key_head = asked.key.found(head)
        lines = sentences(hit.passage)
        for j, sentence in enumerate(lines):
            before = lines[j - 1] if j > 0 else ""
            after = lines[j + 1] if j + 1 < len(lines) else ""
            place = {"rank": 1 / (1 + article_rank), "bm25": article_score / top, "position": j / max(len(lines) - 1, 1),
                     "head": asked.key.share(key_head.keys())}
            earlier = lines[j - 2] if j > 1 else ""  # before the sentence before: beside a two-sentence quote
            scored = _score(asked, i, place, sentence, (earlier, before, after), in_head, key_head)
            if j == 0 and hit.passage.position == 0 and hit.article.headline and scored.around[0] == "":
                # an article's lead is read with its headline before it: a headline often says what the
                # lead does not (`努力开创许昌教育高质量发展新局面` over `2月26日上午,…教育工作会议召开`)
                scored = dataclasses.replace(scored, around=(visible_chars(hit.article.headline) + "\n", scored.around[1]))
            found.append(scored)
    return sorted(found, key=lambda c: (-c.score, c.hit_index))


def _credit(matcher: Matcher, inside: Found, near: Found, head: Found) -> tuple[float, float, float]:
    """Return (own, in context, novel) coverage: sentence only; with neighbours and heading; terms the heading lacks.

    A word counts once with the pieces of it the question's terms also hold (丹江水 with 丹江 and 江水): its
    weight, in full where it is printed, else in the share of its pieces printed. Counted apart, a word of
    three characters would weigh three times one of two (丹江水 against 口感)."""
    groups = matcher.words
    total = sum(matcher.weights[w] for w in groups) or 1.0
    novel_total = sum(matcher.weights[w] for w, parts in groups.items() if _word_share(parts, head) < 1.0)
    own = context = novel = 0.0
    for word, parts in groups.items():
        weight = matcher.weights[word]
        printed, beside, headed = _word_share(parts, inside), _word_share(parts, near), _word_share(parts, head)
        got = max(printed, NEIGHBOUR * beside)
        own += weight * printed
        context += weight * max(got, HEADING * headed)
        if headed < 1.0:
            novel += weight * got
    return own / total, context / total, (novel / novel_total if novel_total > 0 else context / total)


def _word_share(parts: tuple[str, ...], found: Found) -> float:
    """Return 1 where the word is found, else the share of its pieces found."""
    if parts[0] in found:
        return 1.0
    return sum(p in found for p in parts[1:]) / (len(parts) - 1) if len(parts) > 1 else 0.0


def _score(asked: Asked, rank: int, place: dict[str, float], sentence: str, around: tuple[str, str, str],
           in_head: Found, key_head: Found) -> Candidate:
    """Score one sentence (rank: its hit's place; `place`: where it sits; `around`: the two sentences before
    it and the one after) by the fitted model."""
    earlier, before, after = around
    terms, key, kind = asked.terms, asked.key, asked.kind
    inside = terms.found(sentence)
    near = terms.found(before + after)
    own, context, novel = _credit(terms, inside, near, in_head)
    key_inside = key.found(sentence)
    key_before = key.found(before)
    quote = sentence
    # a table's row is quoted alone: the row before it is another name's figure (襄城县 above 鄢陵县's 98.45分)
    if before and len(before) + len(sentence) <= _MAX_PAIR and not is_row(sentence) and (
            _brings(key, key_before, key_inside, key_head) or POINTS_BACK.search(sentence)):
        quote = before + sentence
    key_cover = key.share(key.found(quote).keys() | key_head.keys())
    found = spans(kind.kind, sentence, kind.units, kind.head)
    found = [f for f in found if not echoes(f.text, asked.words)]
    best, fit, support, tie = _best_piece(kind, found, key, key_inside, asked.names, sentence)
    framed = aligned(asked.sides, sentence)
    if framed is not None and echoes(framed.text, asked.words):
        framed = None
    short = best.text if best else (framed.text if framed else "")
    values = {"ctx": context, "novel": novel, "own": own, "fit": fit, "near": support, "subject": tie,
              "key": key_cover, "length": len(quote) / 100, "pair": float(quote != sentence),
              "chars": _share(asked.chars, sentence), "bigrams": _share(asked.bigrams, sentence),
              "piece": float(best is not None), "aligned": framed.fit if framed else 0.0,
              # the quote numbers another one of a series the question names (三期 for 二期): about another
              "other": float(another_numbered(asked.numbered, quote)), **place}
    strict = float(kind.kind in STRICT_KINDS)  # a number, a date, a name: the piece decides
    named = float(bool(kind.head or kind.units))  # the question names its answer's title, unit or sort
    values.update(tfit=strict * fit, tnear=strict * support, tsubject=strict * tie, hfit=named * fit)
    parts = " ".join(f"{name}={values[name]:.2f}" for name in SENTENCE_FEATURES) + f" hit={rank + 1}"
    return Candidate(asked.model.score(values), rank, quote, short, key_cover, fit, parts,
                     tuple(values[name] for name in SENTENCE_FEATURES), (before if quote == sentence else earlier, after))


def with_name(candidate: Candidate, name: str, model: Linear) -> Candidate:
    """Return a candidate given the name the tagger found after the asked title (the patterns found
    none), scored again as holding a piece of the asked kind: it may now rank above the others."""
    values = dict(zip(SENTENCE_FEATURES, candidate.features))
    values.update(fit=1.0, piece=1.0, tfit=1.0, hfit=1.0)  # a person (a strict kind) with the asked title
    return dataclasses.replace(candidate, short=name, fit=1.0, score=model.score(values),
                               features=tuple(values[n] for n in SENTENCE_FEATURES))


def precise_figure(best: Candidate, others: Sequence[Candidate], hits: Sequence[HitLike]) -> Candidate:
    """Return the candidate whose figure answers a number question: `best`, unless its figure is a bound
    (`襄城县、鄢陵县、禹州市考评成绩均在98分以上`) and a sentence of the same article ties the asked subject to
    a figure in the same unit (`鄢陵县(98.45分优秀等次)`): a bound for several names is no figure of one."""
    subject = SENTENCE_FEATURES.index("subject")
    unit = _unit(best.short)
    if not unit or with_bound(best.short, best.quote) == best.short:
        return best
    article = hits[best.hit_index].article.id
    return next((c for c in others if hits[c.hit_index].article.id == article and c.fit >= 1.0
                 and c.features[subject] >= 1.0 > best.features[subject] and _unit(c.short) == unit
                 and with_bound(c.short, c.quote) == c.short), best)


def _unit(figure: str) -> str:
    """Return what a figure is counted in (`分` of `98.45分`), '' for no figure."""
    bare = figure.lstrip("0123456789.,")
    return bare if bare != figure else ""


def _share(pieces: frozenset[str], text: str) -> float:
    """Return the share of the pieces (characters or bigrams) that occur in text."""
    return sum(p in text for p in pieces) / len(pieces) if pieces else 0.0


def _brings(key: Matcher, before: Found, inside: Found, head: Found) -> bool:
    """Tell whether the previous sentence holds a fifth of the key weight the sentence and heading lack."""
    total = sum(key.weights.values()) or 1.0
    brought = sum(w for t, w in key.weights.items() if t in before and t not in inside and t not in head)
    return brought / total >= 0.2


def _best_piece(kind: QuestionKind, found: list[Span], key: Matcher, inside: Found,
                names: tuple[str, ...] = (), sentence: str = "") -> tuple[Span | None, float, float, float]:
    """Return the piece that answers best, how well it fits the asked kind, how near the key words sit
    to it, and how near the question's subject sits to it: the first name it asks about that is a key
    word (魏都区 in `超期未处置的案件魏都区有多少件`, printed `魏都区1271件`), else its first key word.

    Nearness counts every key word alike: the rarest word finds the article, but which number in it
    answers depends as much on a common word (许昌, printed as 我市) as on a rare one.
    """
    if not found:
        return (None, 0.0, 0.0, 0.0) if typed(kind) else (None, 1.0, 0.0, 0.0)
    words = [t for t, w in key.weights.items() if w > 0]
    lead = next((n for n in names if n in words), words[0] if words else "")
    scored = []
    for span in found:
        near = {t: closeness(span, inside[t]) if t in inside else 0.0 for t in words}
        support = sum(near.values()) / max(len(words), 1)
        # the subject in the piece's own clause (`其中生活供水4.86亿立方米`, not `…10.15亿立方米,其中生活`)
        subject = closeness(span, [a for a in inside.get(lead, []) if not _CLAUSE_BETWEEN.search(
            sentence[a[1]:span.start] if a[1] <= span.start else sentence[span.end:a[0]])]) if lead in inside else 0.0
        tie = subject if subject >= _SAME_CLAUSE else 0.0
        # the piece of exactly the asked kind (unit, title, counted thing) first, then the nearest
        scored.append((span.fit, span.fit * (1 + support + tie), -span.start, span, support, tie))
    _, _, _, span, support, tie = max(scored, key=lambda s: s[:3])
    return span, span.fit, span.fit * support, span.fit * tie


def typed(kind: QuestionKind) -> bool:
    """Tell whether the kind asks for a piece of a type (a number, a name …) the finders look for."""
    return kind.kind in ("number", "time", "person", "role", "place", "organisation", "list", "reason")
