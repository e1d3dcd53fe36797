"""Wrap Chinese text for a terminal the way print does: by display cells, never breaking a citation
marker (`[1]`) or an ASCII word, and never starting a line with closing punctuation (kinsoku:
a line may not open with 。，」 or with a marker; the character before moves down with it).
"""

from __future__ import annotations

import re

from bot.render.cells import cells

_TOKEN = re.compile(r"\[\d+\]|[A-Za-z0-9][A-Za-z0-9.,:%/+_-]*|\s+|.", re.DOTALL)
_NO_LINE_START = frozenset("。，、；：？！…）》」』】〕”’,.;:?!)%")


def wrap(text: str, width: int) -> list[str]:
    """Return text's lines for a column `width` cells wide (each paragraph wrapped on its own)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, max(width, 8))
    return lines


def _starts_badly(token: str) -> bool:
    return token[0] in _NO_LINE_START or token.startswith("[")


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for token in _TOKEN.findall(text):
        size = cells(token)
        if used + size > width and lines[-1]:
            carried: list[str] = [token]
            # move tokens down until the new line starts well (keeping one on the old line)
            while _starts_badly(carried[0]) and len(lines[-1]) > 1:
                carried.insert(0, lines[-1].pop())
            if token.isspace():
                carried.pop()  # a space at a break is dropped
            lines.append(carried)
            used = sum(cells(t) for t in carried)
            continue
        lines[-1].append(token)
        used += size
    return ["".join(line).rstrip() for line in lines]
