"""One Digest, three shapes: plain text for a terminal, Telegram HTML messages split between articles, JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bot.digest import Digest, DigestItem
from bot.render.html_split import TELEGRAM_LIMIT
from retrieval import clip, day_label

TITLE = "今日摘要"
# characters, far below any message: OCR can glue a page into one headline
MAX_HEADLINE, MAX_BYLINE, MAX_KEYWORDS = 200, 100, 200
MIN_LIMIT = 1000  # the header and one item always fit in a message this long


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """One Telegram message of a digest: its HTML and the numbers (1-based) of the items it holds."""

    html: str
    items: tuple[int, ...]


def masthead(digest: Digest) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期` (unknown parts are left out)."""
    date = day_label(digest.date) if digest.date else "日期不详"
    number = f" 第{digest.issue_no}期" if digest.issue_no else ""
    return f"《{digest.paper}》{date}{number}"


def digest_record(digest: Digest) -> dict[str, Any]:
    """Return the stable JSON shape of a digest (documented in the README)."""
    return {
        "paper": digest.paper,
        "date": digest.date.isoformat() if digest.date else None,
        "issue_no": digest.issue_no,
        "source": digest.source,
        "keywords": list(digest.keywords),
        "items": [
            {"n": n, "article_id": i.article_id, "headline": i.headline, "summary": i.summary, "byline": i.byline}
            for n, i in enumerate(digest.items, 1)
        ],
    }


def render_text(digest: Digest) -> str:
    """Render a digest as plain text for a terminal."""
    lines = [f"{masthead(digest)} {TITLE}（{len(digest.items)}篇）"]
    if digest.keywords:
        lines.append("关键词：" + " · ".join(digest.keywords))
    for n, item in enumerate(digest.items, 1):
        byline = f"（{item.byline}）" if item.byline else ""
        lines += ["", f"{n}. {item.headline}{byline}"]
        if item.summary:
            lines.append(f"   {item.summary}")
    return "\n".join(lines)


def render_html(digest: Digest, limit: int = TELEGRAM_LIMIT) -> tuple[DigestMessage, ...]:
    """Render a digest as Telegram HTML messages of at most limit UTF-16 units, split only between items."""
    if limit < MIN_LIMIT:
        raise ValueError(f"message limit {limit} is below {MIN_LIMIT}")
    header = f"<b>{escape(masthead(digest))}</b> {TITLE}（{len(digest.items)}篇）"
    if digest.keywords:
        header += "\n<i>关键词：" + escape(clip(" · ".join(digest.keywords), MAX_KEYWORDS)) + "</i>"
    blocks = [_item_html(n, item, limit) for n, item in enumerate(digest.items, 1)]
    return tuple(DigestMessage(text, numbers) for text, numbers in pack_items(header, blocks, limit))


def pack_items(header: str, blocks: Sequence[str], limit: int, most: int | None = None,
               ) -> list[tuple[str, tuple[int, ...]]]:
    """Pack numbered blocks after a header into messages of at most limit UTF-16 units (and at most
    `most` blocks), split only between blocks; return each message with the numbers (1-based) it holds."""
    messages: list[tuple[str, tuple[int, ...]]] = []
    text, numbers = header, []
    for n, block in enumerate(blocks, 1):
        joined = f"{text}\n\n{block}"
        if telegram_length(joined) <= limit and (most is None or len(numbers) < most):
            text, numbers = joined, [*numbers, n]
            continue
        messages.append((text, tuple(numbers)))
        text, numbers = block, [n]
    messages.append((text, tuple(numbers)))
    return messages


def telegram_length(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _item_html(n: int, item: DigestItem, limit: int) -> str:
    """Return one item's HTML; a summary too long for a message alone is shortened (with …)."""
    head = f"<b>{n}. {escape(clip(item.headline, MAX_HEADLINE))}</b>"
    byline = f" <i>（{escape(clip(item.byline, MAX_BYLINE))}）</i>" if item.byline else ""
    summary = item.summary
    block = f"{head}\n{escape(summary)}{byline}" if summary else f"{head}{byline}"
    while telegram_length(block) > limit and summary:
        summary = summary[: len(summary) - max(telegram_length(block) - limit, 1) - 1]
        block = f"{head}\n{escape(summary)}…{byline}"
    return block
