"""Turn the lines of a page into typed units, mending OCR damage on the way.

A unit is one heading line, body paragraph, list item, byline, photo credit, signature
line or page-jump marker. Paragraphs broken across blank lines are joined again, and
paragraphs or sentences printed twice are dropped (and reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.repeats import MIN_LENGTH, SeenText
from retrieval.text import (
    CJK, JUMP_MARKER, LEAD_IN, collapse_spaces, ends_sentence, has_content, split_sentences, visible_chars,
)

_MD_HEADING = re.compile(r"^(#{1,6})\s*(.+)$")
_LIST_ITEM = re.compile(r"^(\s*)[-*•·]\s+(.+)$")
_NAMES = rf"[{CJK}]{{2,4}}(?:\s+[{CJK}]{{2,4}})*"
_CREDIT = re.compile(rf"^(?:本报记者\s*)?{_NAMES}\s*摄$")
_INLINE_CREDIT = re.compile(rf"(?<=[。！？”!?])\s*((?:本报记者\s*)?{_NAMES}\s*摄)$")
_BYLINE = re.compile(r"^(本报记者|本报评论员|本报通讯员|特约记者|记者\s|通讯员\s)")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_NEVER_INITIAL = set("的了着地得们吗呢吧啊么")


@dataclass(frozen=True, slots=True)
class Unit:
    """One typed piece of a page, in reading order."""

    kind: str  # heading, body, list, byline, credit, marker, signature
    text: str
    md: int = 0
    level: int = 0

    @property
    def is_lead(self) -> bool:
        """Tell whether this body paragraph opens a news report (本报讯 …)."""
        return self.kind == "body" and bool(LEAD_IN.match(self.text))


def is_heading_like(text: str) -> bool:
    """Tell whether a line reads as a heading: short, no sentence inside, no trailing comma."""
    bare = visible_chars(text)
    if not bare or bare[-1] in "。；;，,、：:—" or LEAD_IN.match(bare) or bare.startswith("▲"):
        return False
    if any(stop in bare[:-1] for stop in "。！？!?") or not _balanced(bare):
        return False
    commas = sum(bare.count(c) for c in ",，")
    if len(bare) <= 40:
        return commas <= 2
    # Long headlines print their parts apart; a long unbroken line is body text.
    return len(bare) <= 90 and commas <= 1 and (" " in text.strip() or bare.endswith(("通知", "决定", "决议", "公告")))


def _balanced(text: str) -> bool:
    """Tell whether quotes and brackets are closed: a heading never breaks inside them."""
    pairs = ("“”", "《》", "()", "（）", "「」")
    return all(text.count(a) == text.count(b) for a, b in pairs)


def _classify(line: str) -> list[Unit]:
    """Classify one non-empty line; a line may yield text plus a marker or a credit."""
    heading = _MD_HEADING.match(line)
    if heading:
        return [Unit("heading", collapse_spaces(heading.group(2)), md=len(heading.group(1)))]
    item = _LIST_ITEM.match(line)
    if item:
        return [Unit("list", collapse_spaces(item.group(2)), level=1 if item.group(1) else 0)]
    units: list[Unit] = []
    cursor = 0
    for marker in JUMP_MARKER.finditer(line):
        units.extend(_classify_text(line[cursor:marker.start()]))
        units.append(Unit("marker", visible_chars(marker.group(0))))
        cursor = marker.end()
    units.extend(_classify_text(line[cursor:]))
    return units


def _classify_text(text: str) -> list[Unit]:
    text = collapse_spaces(text)
    if not has_content(text):
        return [Unit("junk", text)] if text else []
    if _CREDIT.match(text) and len(text) <= 24:
        return [Unit("credit", text)]
    credit = _INLINE_CREDIT.search(text)
    if credit:
        return [Unit("body", text[: credit.start()].rstrip()), Unit("credit", credit.group(1))]
    if _BYLINE.match(text) and len(text) <= 40 and "。" not in text:
        return [Unit("byline", text)]
    if _DATE_LINE.match(text):
        return [Unit("signature", text)]
    return [Unit("heading" if is_heading_like(text) else "body", text)]


def _separator(left: str, right: str) -> str:
    """Return what joins two halves of a broken paragraph: a space only between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return " "
    return ""


def _is_plain_fragment(text: str) -> bool:
    """Tell whether a heading-like line is really the start of a broken paragraph.

    Section headings of twelve characters or more nearly always have two parts (a space,
    quotes, 、 or a dash); a long line with none of these is the head of a broken sentence.
    """
    bare = visible_chars(text)
    return len(bare) >= 12 and not re.search(r"[\s“”‘’\"'、—？?!！:：《]", text.strip())


def _merge_broken(units: list[Unit]) -> list[Unit]:
    """Join paragraphs split across blank lines and mark signatures (organ + date line)."""
    merged: list[Unit] = []
    # The lines of each merged unit, joined at the end: joining as they come copied a long
    # paragraph once per line. Meanwhile a body unit holds only its last line (all the checks need).
    pieces: list[list[str]] = []
    for i, unit in enumerate(units):
        prev = merged[-1] if merged else None
        if unit.kind == "signature" and prev and prev.kind == "heading" and not prev.md:
            merged[-1] = replace(prev, kind="signature")
        if prev and not unit.md and unit.kind in ("body", "heading") and _continues(prev, unit):
            pieces[-1] += [_separator(prev.text, unit.text), unit.text]
            whole = "".join(pieces[-1]) if prev.kind == "heading" else ""  # a heading is short
            kind = prev.kind if prev.kind == "body" or is_heading_like(whole) else "body"
            merged[-1] = replace(prev, text=whole if kind == "heading" else unit.text, kind=kind)
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (unit.kind == "heading" and not unit.md and prev and prev.kind in ("body", "heading") and nxt
                and nxt.kind == "body" and not nxt.is_lead and _is_plain_fragment(unit.text)):
            unit = replace(unit, kind="body")
        merged.append(unit)
        pieces.append([unit.text])
    return [replace(u, text="".join(p)) if len(p) > 1 else u for u, p in zip(merged, pieces)]


def _continues(prev: Unit, unit: Unit) -> bool:
    """Tell whether `unit` carries on the sentence `prev` left open."""
    if ends_sentence(prev.text):
        return False
    if prev.kind == "body":
        return True
    # Only a word that can never open a sentence proves a broken heading line.
    return prev.kind == "heading" and not prev.md and unit.text[:1] in _NEVER_INITIAL


def _dedupe(units: list[Unit]) -> tuple[list[Unit], list[str]]:
    """Drop paragraphs printed twice (keep the later copy) and sentences already printed."""
    removed: list[str] = []
    last_copy = {visible_chars(u.text): i for i, u in enumerate(units) if u.kind == "body"}
    kept: list[Unit] = []
    for i, unit in enumerate(units):
        if unit.kind == "body" and last_copy[visible_chars(unit.text)] != i:
            removed.append(unit.text)
            continue
        kept.append(unit)
    seen = SeenText()  # the kept paragraphs; a scan of each for every sentence was quadratic
    result: list[Unit] = []
    for unit in kept:
        if unit.kind != "body":
            result.append(unit)
            continue
        sentences = []
        for sentence in split_sentences(unit.text):
            bare = visible_chars(sentence)
            if len(bare) >= MIN_LENGTH and seen.holds(bare):
                removed.append(sentence)
            else:
                sentences.append(sentence)
        text = "".join(sentences)
        seen.add(visible_chars(text))
        if has_content(text):
            result.append(replace(unit, text=text))
        elif text:
            removed.append(text)
    return result, removed


def page_units(lines: list[str]) -> tuple[list[Unit], list[str]]:
    """Return the units of a page (masthead already removed) and the text dropped as damage."""
    raw: list[Unit] = []
    for line in lines:
        if line.strip():
            raw.extend(_classify(line.rstrip()))
    removed = [u.text for u in raw if u.kind == "junk"]
    units = _merge_broken([u for u in raw if u.kind != "junk"])
    units, dropped = _dedupe(units)
    return units, removed + dropped
