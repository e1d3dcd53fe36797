"""Shapes of browsing: an issue's pages and articles, and 历年今日, as plain text, JSON and Telegram HTML."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from retrieval import Article, IssueView, OnThisDay, day_label, issue_label


def issue_heading(view: IssueView) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期`."""
    return issue_label(view.paper, view.date, view.issue_no)


def _article_line(article: Article) -> str:
    byline = f"（{article.byline}）" if article.byline else ""
    return f"{article.id}  {article.title}{byline}"


def issue_text(view: IssueView) -> str:
    """Return an issue as plain text: heading, neighbours, then each page with its articles."""
    around = [f"◀ {view.previous}" if view.previous else "", f"▶ {view.next}" if view.next else ""]
    lines = [f"{issue_heading(view)} · 共 {len(view.pages)} 版", "   ".join(a for a in around if a)]
    for page in view.pages:
        lines += ["", f"{page.label}（{page.issue.source}）"]
        lines += [f"  {_article_line(a)}" for a in page.articles]
    return "\n".join(line for line in lines if line is not None)


def issue_record(view: IssueView) -> dict[str, Any]:
    """Return the JSON shape of an issue (`newsbot browse --json`)."""
    return {
        "paper": view.paper, "date": view.date.isoformat(), "issue_no": view.issue_no,
        "previous": view.previous.isoformat() if view.previous else None,
        "next": view.next.isoformat() if view.next else None,
        "pages": [{"label": p.label, "source": p.issue.source,
                   "articles": [{"id": a.id, "title": a.title, "kind": a.kind, "byline": str(a.byline)}
                                for a in p.articles]} for p in view.pages],
    }


def no_issue_text(asked: str, nearest: tuple[dt.date, ...]) -> str:
    """Return the line for a day without an issue, naming the nearest issue dates."""
    near = "、".join(day_label(d) for d in nearest)
    return f"{asked}没有报纸" + (f"；最近的几期：{near}" if near else "；存档里还没有报纸")


def issue_page_html(view: IssueView, page: int) -> str:
    """Return the heading of one page of an issue in Telegram HTML (its articles are buttons)."""
    current = view.pages[page]
    return (f"<b>{escape(issue_heading(view))}</b>\n{escape(current.label)}（共 {len(view.pages)} 版，"
            f"{len(current.articles)} 篇）：点标题看原文")


def month_day_label(month: int, day: int) -> str:
    """Return `3月3日`."""
    return f"{month}月{day}日"


def on_this_day_text(found: OnThisDay) -> str:
    """Return 历年今日 as plain text: each earlier year's issue with its articles, newest first."""
    asked = month_day_label(found.month, found.day)
    if not found.issues:
        return f"存档中往年没有{asked}的报纸" + _nearest(found.nearest)
    lines = [f"历年今日 · {asked}"]
    for view in found.issues:
        lines += ["", issue_heading(view)]
        lines += [f"  {_article_line(a)}" for page in view.pages for a in page.articles]
    return "\n".join(lines)


def _nearest(dates: tuple[dt.date, ...]) -> str:
    return "；最近的日子：" + "、".join(day_label(d) for d in dates) if dates else ""


def on_this_day_record(found: OnThisDay) -> dict[str, Any]:
    """Return the JSON shape of 历年今日 (`newsbot onthisday --json`)."""
    return {"month": found.month, "day": found.day, "issues": [issue_record(v) for v in found.issues],
            "nearest": [d.isoformat() for d in found.nearest]}


def on_this_day_html(found: OnThisDay, shown: int) -> str:
    """Return 历年今日 in Telegram HTML: each year's issue and its first `shown` headlines (buttons below)."""
    asked = month_day_label(found.month, found.day)
    if not found.issues:
        return escape(f"存档中往年没有{asked}的报纸" + _nearest(found.nearest))
    lines = [f"<b>历年今日 · {asked}</b>"]
    for view in found.issues:
        articles = [a for page in view.pages for a in page.articles]
        more = f"（共 {len(articles)} 篇）" if len(articles) > shown else ""
        lines += ["", f"<b>{escape(issue_heading(view))}</b>{more}"]
        lines += [f"· {escape(a.title)}" for a in articles[:shown]]
    return "\n".join(lines)
