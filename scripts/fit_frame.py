"""Fit the frame-word table: how often a word of an answerable question is not printed where its answer is.

`哪个朝代`, `什么时候`, `什么原因`: such words frame a question and are seldom printed beside its answer
(the article says 元朝, not 朝代). A near miss swaps a detail (a name, a number) for one the article
does not print; what tells it apart is the missing subject, not a missing frame word. The table lets
the check before answering (bot.answer.verify) weigh a missing word by how often such a word goes
missing when the answer is there after all.

Counted on DRCD dev's answerable questions (the fitting set), each against its own context: a word's
rate is its misses over its questions plus PRIOR (a word seen rarely counts as subject, rate near 0);
words of fewer than MIN_SEEN questions are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from bot.answer.matching import Matcher
from retrieval import visible_chars

MIN_SEEN = 3
PRIOR = 2.0
DIGITS = 3


def fit_frame(asked: Iterable[tuple[tuple[str, ...], str]]) -> tuple[tuple[str, float], ...]:
    """Return (word, rate) for the words of (key words, the text that answers) pairs, sorted by word."""
    seen, missed = Counter(), Counter()
    for words, text in asked:
        found = Matcher(dict.fromkeys(words, 1.0)).found(visible_chars(text))
        for word in dict.fromkeys(words):
            seen[word] += 1
            missed[word] += word not in found
    return tuple(sorted((w, round(missed[w] / (n + PRIOR), DIGITS)) for w, n in seen.items()
                        if n >= MIN_SEEN and missed[w]))


def context_texts(contexts: Iterable[object]) -> Mapping[str, str]:
    """Return each context file's printed text: its title and its text."""
    return {c.file: f"{c.title}\n{c.text}" for c in contexts}
