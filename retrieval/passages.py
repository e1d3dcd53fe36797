"""Split an article into passages: a few whole sentences each, with their heading context."""

from __future__ import annotations

import re

from retrieval.models import Article, Paragraph, Passage, section_headings
from retrieval.text import split_sentences

TARGET_CHARS = 160
_CLAUSE = re.compile(r"[^，,：:]*[，,：:]?")


def _bounded_pieces(sentence: str, limit: int = TARGET_CHARS) -> list[str]:
    """Cut an overlong sentence at commas so no piece exceeds `limit` (unless a clause does)."""
    if len(sentence) <= limit:
        return [sentence]
    pieces, piece = [], ""
    for clause in (m.group(0) for m in _CLAUSE.finditer(sentence) if m.group(0)):
        if piece and len(piece) + len(clause) > limit:
            pieces.append(piece)
            piece = ""
        piece += clause
    return pieces + [piece] if piece else pieces


class _Packer:
    """Pack sentences into passages that never mix two contexts or two sections."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.passages: list[Passage] = []
        self.lines: list[str] = []
        self.context = ""
        self.section = ""

    def flush(self) -> None:
        text = "\n".join(self.lines).strip()
        if text:
            position = len(self.passages)
            self.passages.append(Passage(
                id=f"{self.article.id}-p{position:02d}", article_id=self.article.id,
                position=position, text=text, context=self.context, section=self.section,
            ))
        self.lines = []

    def set_context(self, context: str, section: str = "") -> None:
        if context != self.context or section != self.section:
            self.flush()
            self.context, self.section = context, section

    def add(self, piece: str, new_line: bool) -> None:
        size = sum(len(line) for line in self.lines)
        if self.lines and size + len(piece) > TARGET_CHARS:
            self.flush()
        if new_line or not self.lines:
            self.lines.append(piece)
        else:
            self.lines[-1] += piece


def _list_context(caption: str, headings: list[Paragraph]) -> str:
    return " ".join([caption] + [h.text for h in headings]).strip()


def split_passages(article: Article) -> tuple[Passage, ...]:
    """Split an article into passages; list items carry their list's headings as context.

    Each passage also knows the section heading it sits under (`Passage.section`).
    """
    packer = _Packer(article)
    headline = article.headline
    packer.set_context(headline)
    section, caption = "", ""
    list_headings: list[Paragraph] = []
    for paragraph, heading in zip(article.paragraphs, section_headings(article.paragraphs)):
        if paragraph.kind == "section":
            section = paragraph.text
            packer.set_context(f"{headline} {section}".strip(), heading)
        elif paragraph.kind == "list-heading":
            if not list_headings and paragraph.level == 0 and not re.match(r"^[一二三四五六七八九十\d]", paragraph.text):
                caption, list_headings = paragraph.text, []
                continue
            list_headings = [h for h in list_headings if h.level < paragraph.level] + [paragraph]
            packer.set_context(_list_context(caption, list_headings), heading)
        elif paragraph.kind == "list-item":
            packer.set_context(_list_context(caption, list_headings), heading)
            packer.add(paragraph.text, new_line=True)
        else:
            packer.set_context(f"{headline} {section}".strip(), heading)
            for i, sentence in enumerate(split_sentences(paragraph.text)):
                for j, piece in enumerate(_bounded_pieces(sentence)):
                    packer.add(piece, new_line=(i == 0 and j == 0))
    if not article.paragraphs and article.headline:
        packer.set_context("")
        packer.add(article.headline, new_line=True)
    packer.flush()
    return tuple(packer.passages)
