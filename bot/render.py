"""One Answer, three shapes: plain text for a terminal, Telegram HTML in ≤4096-character messages, JSON."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from html import escape

from bot.formats import issue_label
from bot.respond import Answer
from retrieval import Article, Issue

TELEGRAM_LIMIT = 4096
REFUSAL = "存档中没有找到能回答这个问题的内容。"
# Tags, entities and text runs: a message may be cut between them, never inside one.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+")
_SENTENCE_PIECE = re.compile(r"[^。！？!?…；;\n]*(?:[。！？!?…；;\n]+[”’」』)）\"']*|$)")
_TAG_NAME = re.compile(r"</?([a-zA-Z-]+)")


def answer_record(result: Answer) -> dict:
    """Return the stable JSON shape of an answer (documented in the README)."""
    return {
        "question": result.question,
        "type": result.kind,
        "answered": result.answered,
        "answer": result.short,
        "quote": result.quote,
        "citations": [dataclasses.asdict(c) for c in result.citations],
        "hits": [{"article_id": a, "headline": h, "score": s} for a, h, s in result.hits],
        "notes": list(result.notes),
    }


def render_text(result: Answer, explain: bool = False) -> str:
    """Render an answer as plain text for a terminal."""
    lines = list(result.notes)
    if result.answered:
        if result.short:
            lines.append(f"答：{result.short}")
        lines.append(f"“{result.quote}”[1]")
        lines += [str(c) for c in result.citations]
    elif needs_refusal_line(result):
        lines.append(REFUSAL)
        if result.closest:
            lines.append("最接近的报道：" + "；".join(f"《{h}》" for h in result.closest))
    if explain:
        lines += ["--", *result.explain]
    return "\n".join(lines)


def render_html(result: Answer) -> list[str]:
    """Render an answer as Telegram HTML messages of at most 4096 characters each."""
    blocks = [f"<i>{escape(note)}</i>" for note in result.notes]
    if result.answered:
        if result.short:
            blocks.append(f"<b>答：</b>{escape(result.short)}")
        blocks.append(f"<blockquote>{escape(result.quote)}[1]</blockquote>")
        blocks += [escape(str(c)) for c in result.citations]
    elif needs_refusal_line(result):
        blocks.append(escape(REFUSAL))
        if result.closest:
            blocks.append("最接近的报道：")
            blocks += [f"• 《{escape(h)}》" for h in result.closest]
    return split_html(blocks)


def needs_refusal_line(result: Answer) -> bool:
    """Tell whether a refusal needs the "nothing found" line (a note like "该日期无存档" may say it)."""
    return bool(result.hits or result.closest or not result.notes)


def citation_line(issue: Issue, article: Article) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期《headline》（记者 X）` for an article."""
    byline = f"（{article.byline}）" if article.byline else ""
    return f"{issue_label(issue)}《{article.title}》{byline}"


def article_text(issue: Issue, article: Article) -> str:
    """Return a whole article as plain text, headed by its citation line."""
    lines = [citation_line(issue, article), "", article.title]
    lines += list(article.subheadlines)
    if article.byline:
        lines.append(str(article.byline))
    return "\n".join([*lines, "", article.text])


def article_html(issue: Issue, article: Article) -> list[str]:
    """Return a whole article as Telegram HTML pages of at most 4096 characters each."""
    blocks = [f"<b>{escape(article.title)}</b>"]
    blocks += [escape(sub) for sub in article.subheadlines]
    blocks.append(f"<i>{escape(citation_line(issue, article))}</i>")
    blocks += [escape(line) for line in article.text.split("\n") if line.strip()]
    return split_html(blocks)


def split_html(blocks: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack HTML blocks (one per line) into messages of at most limit characters.

    Cuts fall between blocks or after a sentence; a sentence longer than a message is cut
    between characters. A tag open at a cut is closed and reopened, so every message is valid.
    """
    messages: list[str] = []
    current: list[str] = []
    stack: list[str] = []  # open tags at the end of `current`
    length = 0
    for piece in _pieces("\n".join(blocks)):
        closing = sum(len(_closer(t)) for t in stack)
        if current and length + len(piece) + closing > limit:
            messages.append(_finish(current, stack))
            current = list(stack)
            length = sum(len(t) for t in current)
        for part in _cut(piece, limit - length - closing):
            if current and length + len(part) + closing > limit:
                messages.append(_finish(current, stack))
                current, length = list(stack), sum(len(t) for t in stack)
            current.append(part)
            length += len(part)
            _track(stack, part)
    if current:
        messages.append(_finish(current, stack))
    return [m for m in messages if _visible(m)]


def _pieces(html: str) -> list[str]:
    """Split HTML into the units a message may end after: tags, entities and sentence ends."""
    pieces: list[str] = []
    for token in _TOKEN.findall(html):
        if token.startswith(("<", "&")):
            pieces.append(token)
        else:
            pieces += [s for s in _SENTENCE_PIECE.findall(token) if s]
    return pieces


def _cut(piece: str, room: int) -> list[str]:
    """Return piece whole, or (a text run longer than a message) in slices that fit."""
    if piece.startswith(("<", "&")) or len(piece) <= max(room, 0):
        return [piece]
    step = TELEGRAM_LIMIT // 2
    first = max(room, 1)
    return [piece[:first]] + [piece[i : i + step] for i in range(first, len(piece), step)]


def _track(stack: list[str], token: str) -> None:
    if not token.startswith("<"):
        return
    name = _TAG_NAME.match(token)
    if name is None:
        return
    if token.startswith("</"):
        for i in range(len(stack) - 1, -1, -1):
            if _TAG_NAME.match(stack[i]).group(1) == name.group(1):  # type: ignore[union-attr]
                del stack[i]
                break
    elif not token.endswith("/>"):
        stack.append(token)


def _closer(tag: str) -> str:
    name = _TAG_NAME.match(tag)
    return f"</{name.group(1)}>" if name else ""


def _finish(parts: list[str], stack: list[str]) -> str:
    return ("".join(parts) + "".join(_closer(t) for t in reversed(stack))).strip("\n")


def _visible(message: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", message).strip())
