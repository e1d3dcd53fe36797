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
# A report's lead-in: 本报讯, optionally with its reporters in brackets (本报讯(记者 胡晨)), or 本报(记者 …).
LEAD_IN = re.compile(r"^本报(?:讯\s*|\s*(?=[（(]))(?:[（(]([^（()）]{0,40})[)）])?\s*")
_PHOTO_ARROW = re.compile(r"^[▲△■□●◆]+\s*")
# Page-jump markers: (下转第二版), （上接第一版）, (详见第三版), ▶▶2版.
JUMP_MARKER = re.compile(
    r"[（(]\s*(?:(?:上接|下转|接|转)\s*第?\s*[一二三四五六七八九十\d]+\s*版|[^()（）]{0,8}详见\s*第?\s*[一二三四五六七八九十\d]+\s*版)\s*[)）]"
    r"|▶+\s*\d+\s*版"
)
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


def strip_lead(sentence: str) -> str:
    """Drop a report's lead-in (`本报讯(记者 李新)`) or a photo caption's arrow (`▲`) from a sentence."""
    return _PHOTO_ARROW.sub("", LEAD_IN.sub("", sentence)).strip()


def clip(text: str, size: int) -> str:
    """Return text cut to size characters, ending in … when cut."""
    return text if len(text) <= size else text[: size - 1] + "…"
