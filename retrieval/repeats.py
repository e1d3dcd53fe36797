"""Text seen so far on a page, asked "does this string occur in it?" in time linear in the string.

Every `GRAM`-th position of each stored text is indexed by the `GRAM` characters that start there.
A string of `MIN_LENGTH` (2 × GRAM − 1) characters or more that occurs in a stored text covers at least
one indexed position, and that position lies within its first GRAM characters; so looking up its first
GRAM windows and checking each candidate in place finds every occurrence. A gram indexed more than
`_SLOTS` times (a page repeating itself) keeps only its first positions, which bounds the work on
hostile pages at the cost of missing some repeats there.
"""

from __future__ import annotations

GRAM = 8
MIN_LENGTH = 2 * GRAM - 1
_SLOTS = 32


class SeenText:
    """A growing collection of texts that answers substring queries without scanning them all."""

    __slots__ = ("_texts", "_grams")

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._grams: dict[str, list[tuple[int, int]]] = {}

    def add(self, text: str) -> None:
        """Store text, indexing every GRAM-th position."""
        number = len(self._texts)
        self._texts.append(text)
        for start in range(0, len(text) - GRAM + 1, GRAM):
            slots = self._grams.setdefault(text[start : start + GRAM], [])
            if len(slots) < _SLOTS:
                slots.append((number, start))

    def holds(self, needle: str) -> bool:
        """Tell whether needle (at least MIN_LENGTH characters) occurs inside one stored text."""
        if len(needle) < MIN_LENGTH:
            raise ValueError(f"needle shorter than {MIN_LENGTH} characters")
        for offset in range(GRAM):
            for number, start in self._grams.get(needle[offset : offset + GRAM], ()):
                if start >= offset and self._texts[number].startswith(needle, start - offset):
                    return True
        return False
