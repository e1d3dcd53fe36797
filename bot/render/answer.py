"""One Answer, three shapes: plain text for a terminal, Telegram HTML in ≤4096-character messages, JSON."""

from __future__ import annotations

import dataclasses
from html import escape

from bot.render.html_split import TELEGRAM_LIMIT, split_html
from bot.answer.question import TYPE_NAMES
from bot.answer.values import REFUSAL, Answer, Citation, cite
from retrieval import Article, Issue

__all__ = ["TELEGRAM_LIMIT", "answer_record", "article_html", "article_text", "citation_line",
           "render_html", "render_text", "split_html"]



def answer_record(result: Answer) -> dict:
    """Return the stable JSON shape of an answer (documented in the README)."""
    return {
        "question": result.question,
        "type": TYPE_NAMES.get(result.kind, ""),
        "answered": result.answered,
        "answer": result.short,
        "quote": result.quote,
        "citations": [citation_record(c) for c in result.citations],
        "hits": [{"article_id": a, "headline": h, "score": s} for a, h, s in result.hits],
        "notes": [*result.notes, *([result.reason] if result.reason else [])],
    }


def citation_record(citation: Citation) -> dict:
    """Return the stable JSON shape of a citation: its fields, the date as `YYYY-MM-DD`."""
    record = dataclasses.asdict(citation)
    record["date"] = citation.date.isoformat() if citation.date else None
    return record


def render_text(result: Answer, explain: bool = False) -> str:
    """Render an answer as plain text for a terminal."""
    lines = list(result.notes)
    if result.answered:
        if result.short:
            lines.append(f"答：{result.short}")
        lines.append(f"“{result.quote}”[1]")
        lines += [str(c) for c in result.citations]
    else:
        lines.append(result.reason or REFUSAL)
        lines += [str(c) for c in result.citations]  # what the paper says close to it, when the reason quotes it
        if result.closest and not result.citations:
            lines.append("最接近的报道：" + "；".join(f"《{h.title}》" for h in result.closest))
    if explain:
        lines += ["--", *result.explain]
    return "\n".join(lines)


def render_html(result: Answer, closest_as_text: bool = True) -> list[str]:
    """Render an answer as Telegram HTML messages of at most 4096 characters each.

    Without `closest_as_text`, a refusal names no closest headlines: the bot offers them as buttons.
    """
    blocks = [f"<i>{escape(note)}</i>" for note in result.notes]
    if result.answered:
        if result.short:
            blocks.append(f"<b>答：</b>{escape(result.short)}")
        blocks.append(f"<blockquote>{escape(result.quote)}[1]</blockquote>")
        blocks += [escape(str(c)) for c in result.citations]
    else:
        blocks.append(escape(result.reason or REFUSAL))
        blocks += [escape(str(c)) for c in result.citations]
        if result.closest and closest_as_text and not result.citations:
            blocks.append("最接近的报道：")
            blocks += [f"• 《{escape(h.title)}》" for h in result.closest]
    return split_html(blocks)


def citation_line(issue: Issue, article: Article) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期《headline》（记者 X）` for an article."""
    return cite(0, issue, article).line


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
