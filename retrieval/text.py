"""Small text helpers shared by the parser and passage splitter: spacing, sentences."""

from __future__ import annotations

import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Punctuation that may sit next to CJK text without a space.
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026,.;:!?()%、"
_SPACE_INSIDE = re.compile(
    rf"(?<=[{CJK}{_CJK_PUNCT}\d])[ \t\u3000\xa0]+(?=[{CJK}{_CJK_PUNCT}])"
    rf"|(?<=[{CJK}{_CJK_PUNCT}])[ \t\u3000\xa0]+(?=\d)"
)
_MULTI_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_SENTENCE_END = "。！？!?…"
_CLOSERS = "”’」』)）\"'"
_SENTENCE = re.compile(rf"[^{_SENTENCE_END}；;]*(?:[{_SENTENCE_END}；;]+[{_CLOSERS}]*|$)")


def tidy_spaces(text: str) -> str:
    """Drop OCR spaces inside CJK text (`高 标准` → `高标准`) and collapse the rest."""
    text = _SPACE_INSIDE.sub("", text)
    return _MULTI_SPACE.sub(" ", text).strip()


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces but keep them: headlines use spaces as separators."""
    return _MULTI_SPACE.sub(" ", text).strip()


def ends_sentence(text: str) -> bool:
    """Tell whether text ends a sentence (closing quotes after the stop are allowed)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END + "；;"


def split_sentences(text: str) -> list[str]:
    """Split text after 。！？…；, keeping the stop and any closing quote with its sentence."""
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]


def visible_chars(text: str) -> str:
    """Return text without any whitespace, for comparisons that ignore layout."""
    return re.sub(r"\s+", "", text)


def has_content(text: str) -> bool:
    """Tell whether text holds any letter, digit or CJK character."""
    return bool(re.search(rf"[{CJK}A-Za-z0-9]", text))
