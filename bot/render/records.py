"""Plain-text and JSON shapes of issues and articles: the CLI's public interface."""

from __future__ import annotations

from typing import Any

from bot.render.cells import pad
from retrieval import Article, Issue

_NUMBER_CELLS = 10  # 第12345期 takes 9 cells
_PAPER_CELLS = 12  # a paper's name of up to six characters: 许昌日报 takes 8


def article_record(issue: Issue, article: Article) -> dict[str, Any]:
    """Return the stable JSON shape of one article (documented in the README)."""
    return {
        "id": article.id,
        "headline": article.headline,
        "title": article.title,
        "subheadlines": list(article.subheadlines),
        "kicker": list(article.kicker),
        "kind": article.kind,
        "date": issue.date.isoformat() if issue.date else None,
        "date_source": issue.date_source,
        "issue_no": issue.issue_no,
        "paper": issue.paper,
        "source": article.source,
        "byline": str(article.byline),
        "reporters": list(article.byline.reporters),
        "correspondents": list(article.byline.correspondents),
        "photographers": list(article.byline.photographers),
        "dateline": article.dateline,
        "jumps": list(article.jumps),
        "sections": list(article.sections),
        "text": article.text,
    }


def issue_record(issue: Issue) -> dict[str, Any]:
    """Return the stable JSON shape of one issue (documented in the README)."""
    return {
        "date": issue.date.isoformat() if issue.date else None,
        "date_source": issue.date_source,
        "date_note": issue.date_note,
        "issue_no": issue.issue_no,
        "paper": issue.paper,
        "articles": len(issue.articles),
        "source": issue.source,
    }


def article_line(issue: Issue, article: Article) -> str:
    """Return one line describing an article: date, id, headline, byline."""
    date = issue.date.isoformat() if issue.date else "----------"
    byline = f"（{article.byline}）" if article.byline else ""
    return f"{date}  {article.id}  {article.title}{byline}"


def issue_line(issue: Issue) -> str:
    """Return one line describing an issue: date, number, paper, articles, source."""
    date = issue.date.isoformat() if issue.date else "----------"
    number = f"第{issue.issue_no}期" if issue.issue_no else "期号不详"
    # padded by terminal cells: 第9382期 and 期号不详 have as many characters, not as many cells
    return (f"{date}  {pad(number, _NUMBER_CELLS)}  {pad(issue.paper, _PAPER_CELLS)}  {len(issue.articles):>3}篇"
            f"  {issue.source}  (date: {issue.date_source})")
