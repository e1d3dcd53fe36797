"""Split Telegram HTML into messages of at most 4096 characters, at sentence ends, never inside a tag."""

from __future__ import annotations

import re
from collections.abc import Sequence

TELEGRAM_LIMIT = 4096
# Tags, entities and text runs: the atoms of a message.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+")
_ENDS = "。！？!?…；;\n"
_CLOSE_QUOTES = "”’」』)）\"'"
_SENTENCE_PIECE = re.compile(rf"[^{_ENDS}]*(?:[{_ENDS}]+[{_CLOSE_QUOTES}]*|$)")
_TAG_NAME = re.compile(r"</?([a-zA-Z-]+)")


def split_html(blocks: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack HTML blocks (one per line) into messages of at most limit characters.

    Cuts fall between blocks or after a sentence; a sentence longer than a message is cut
    between characters (never inside a tag or an entity). A tag open at a cut is closed and
    reopened in the next message, so every message is valid HTML.
    """
    packer = _Packer(limit)
    for sentence in _sentences("\n".join(blocks)):
        packer.add(sentence)
    return [m for m in packer.done() if re.sub(r"<[^>]*>", "", m).strip()]


class _Packer:
    """Fill messages sentence by sentence, carrying open tags across a cut."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.messages: list[str] = []
        self.current: list[str] = []
        self.stack: list[str] = []  # tags open at the end of `current`
        self.length = 0

    def add(self, sentence: list[str]) -> None:
        """Add one sentence: whole when it fits in a message, else cut between characters."""
        after = list(self.stack)
        for token in sentence:
            _track(after, token)
        size = sum(map(len, sentence))
        closing = max(_closing(self.stack), _closing(after))
        if self.length + size + closing > self.limit and self._has_text():
            self._cut()
        if self.length + size + closing <= self.limit:
            for token in sentence:
                self._append(token)
            return
        for token in sentence:
            room = self.limit - self.length - _closing(self.stack) - len(_closer(token))
            for part in _slices(token, room, self.limit // 2):
                if self.length + len(part) + _closing(self.stack) + len(_closer(part)) > self.limit and self._has_text():
                    self._cut()
                self._append(part)

    def done(self) -> list[str]:
        """Return the messages, the last one closed."""
        if self._has_text():
            self._cut()
        return self.messages

    def _append(self, token: str) -> None:
        self.current.append(token)
        self.length += len(token)
        _track(self.stack, token)

    def _has_text(self) -> bool:
        return any(not t.startswith("<") for t in self.current)

    def _cut(self) -> None:
        closers = "".join(_closer(t) for t in reversed(self.stack))
        self.messages.append(("".join(self.current) + closers).strip("\n"))
        self.current = list(self.stack)
        self.length = sum(map(len, self.current))


def _sentences(html: str) -> list[list[str]]:
    """Split HTML into sentences, each a list of tags, entities and text runs."""
    sentences: list[list[str]] = [[]]
    for token in _TOKEN.findall(html):
        if token.startswith(("<", "&")):
            sentences[-1].append(token)
            continue
        for piece in (p for p in _SENTENCE_PIECE.findall(token) if p):
            sentences[-1].append(piece)
            if piece.rstrip(_CLOSE_QUOTES)[-1:] in tuple(_ENDS):
                sentences.append([])
    return [s for s in sentences if s]


def _slices(token: str, room: int, step: int) -> list[str]:
    """Return a tag or entity whole, and a text run in slices, the first fitting in room."""
    if token.startswith(("<", "&")) or len(token) <= max(room, 0):
        return [token]
    first = max(room, 1)
    return [token[:first]] + [token[i : i + step] for i in range(first, len(token), step)]


def _track(stack: list[str], token: str) -> None:
    """Update the open-tag stack with a token."""
    name = _TAG_NAME.match(token) if token.startswith("<") else None
    if name is None:
        return
    if token.startswith("</"):
        for i in range(len(stack) - 1, -1, -1):
            if _closer(stack[i]) == f"</{name.group(1)}>":
                del stack[i]
                break
    elif not token.endswith("/>"):
        stack.append(token)


def _closer(token: str) -> str:
    name = _TAG_NAME.match(token) if token.startswith("<") and not token.startswith("</") else None
    return f"</{name.group(1)}>" if name else ""


def _closing(stack: list[str]) -> int:
    return sum(len(_closer(t)) for t in stack)
