"""One IssueAlert, three shapes: Telegram HTML messages (with the item numbers each holds), text, JSON.

An alert is one message per issue: a header naming the issue, then each matching article's citation
and the saved searches that found it. Only a very long alert is split, between items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bot.alerts import IssueAlert
from bot.render.answer import citation_line
from bot.render.digest import pack_items
from bot.render.html_split import TELEGRAM_LIMIT
from retrieval import clip, issue_label

TITLE = "关注提醒"
MAX_QUERIES = 120  # characters of the queries listed under an item
MAX_ITEMS = 30  # per message: a button each, and a message a reader can take in


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """One Telegram message of an alert: its HTML and the numbers (1-based) of the items it holds."""

    html: str
    items: tuple[int, ...]


def header(alert: IssueAlert) -> str:
    """Return `关注提醒：《许昌日报》2021年3月3日 第9382期 有 2 篇报道` as plain text."""
    issue = alert.issue
    return f"{TITLE}：{issue_label(issue.paper, issue.date, issue.issue_no)} 有 {len(alert.items)} 篇报道"


def _queries(alert: IssueAlert, n: int) -> str:
    return clip("、".join(f"“{s.query}”" for s in alert.items[n - 1].searches), MAX_QUERIES)


def render_html(alert: IssueAlert, limit: int = TELEGRAM_LIMIT) -> tuple[AlertMessage, ...]:
    """Render an alert as HTML messages of at most limit UTF-16 units and MAX_ITEMS items, split between items."""
    blocks = [f"{n}. {escape(clip(citation_line(alert.issue, item.article), 600))}\n"
              f"<i>关注：{escape(_queries(alert, n))}</i>" for n, item in enumerate(alert.items, 1)]
    packed = pack_items(f"<b>{escape(header(alert))}</b>", blocks, limit, MAX_ITEMS)
    return tuple(AlertMessage(text, numbers) for text, numbers in packed)


def render_text(alert: IssueAlert, sent: Sequence[bool] = ()) -> str:
    """Render an alert as plain text for a terminal (`newsbot alert-check`); items sent already say `(sent)`."""
    lines = [f"chat {alert.chat_id}" + (f" topic {alert.thread_id}" if alert.thread_id else "") + f": {header(alert)}"]
    for n, item in enumerate(alert.items, 1):
        done = "  (sent)" if n <= len(sent) and sent[n - 1] else ""
        lines += [f"  {n}. {citation_line(alert.issue, item.article)}", f"     关注：{_queries(alert, n)}",
                  f"     {item.article.id}{done}"]
    return "\n".join(lines)


def alert_record(alert: IssueAlert) -> dict[str, Any]:
    """Return the stable JSON shape of an alert (documented in the README)."""
    issue = alert.issue
    return {
        "chat_id": alert.chat_id, "thread_id": alert.thread_id, "source": issue.source,
        "date": issue.date.isoformat() if issue.date else None, "issue_no": issue.issue_no,
        "items": [{"n": n, "article_id": i.article.id, "citation": citation_line(issue, i.article),
                   "searches": [{"id": s.id, "query": s.query} for s in i.searches]}
                  for n, i in enumerate(alert.items, 1)],
    }
