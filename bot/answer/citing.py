"""An answer's citations: the quote's report first, then other reports only where they back the answer."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer.choose import HitLike, heading
from bot.answer.matching import Matcher
from bot.answer.values import Citation, cite
from retrieval import visible_chars

MAX_CITATIONS = 3
SAID_TO_CITE = 0.5  # share of the key weight a quote without a short answer must hold to cite a second report


def citations(hits: Sequence[HitLike], first: int, key: Matcher, quote: str, short: str) -> tuple[Citation, ...]:
    """Cite the quote's passage first, then other articles only where they back the answer.

    Another article is a source when its hit is not weak (half the best score at least) and its
    passage, read with its headings, says what the answer says: it prints the short answer (when one
    is shown) and holds every key word of the question that the quote and its headings hold. Without a
    short answer, those words must carry half of the question's key weight: a report that also names
    长葛市 says nothing of its 考评 score.
    """
    shown = short if short != quote else ""
    said = key.found(quote).keys() | key.found(heading(hits[first])).keys()
    cites = [cite(1, hits[first].issue, hits[first].article, hits[first].passage)]
    if not shown and key.share(said) < SAID_TO_CITE:
        return tuple(cites)  # too little of the question said to check another article against
    floor = 0.5 * max(float(h.score) for h in hits)
    for hit in hits:
        if len(cites) == MAX_CITATIONS:
            break
        if hit.article.id in {c.article_id for c in cites} or float(hit.score) < floor:
            continue  # weak hits are not sources
        text = heading(hit) + visible_chars(hit.passage.text)
        if shown in text and said <= key.found(text).keys():
            cites.append(cite(len(cites) + 1, hit.issue, hit.article, hit.passage))
    return tuple(cites)
