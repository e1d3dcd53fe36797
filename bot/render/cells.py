"""Terminal widths: a CJK or full-width character takes two cells, so columns pad by cells, not characters."""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    """Return how many terminal cells text takes: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """Return text left-aligned in a column `width` cells wide (never cut)."""
    return text + " " * max(0, width - cells(text))
