"""Shapes of a field search's findings: plain lines, the count by month as a text bar chart, JSON."""

from __future__ import annotations

from typing import Any

from retrieval.find import Findings, Found

BAR_WIDTH = 20  # characters of the longest bar
MAX_MONTHS = 24  # beyond this many months the chart counts by year


def count_chart(months: tuple[tuple[str, int], ...]) -> list[str]:
    """Return the counts as bar lines, `2021-03 ████ 4` (by year when there are many months)."""
    counts = list(months)
    if len(counts) > MAX_MONTHS:
        years: dict[str, int] = {}
        for month, n in counts:
            years[month[:4]] = years.get(month[:4], 0) + n
        counts = list(years.items())
    if not counts:
        return []
    top = max(n for _, n in counts)
    width = max(len(label or "日期不详") for label, _ in counts)
    return [f"{(label or '日期不详').ljust(width)} {'█' * max(1, round(n * BAR_WIDTH / top))} {n}" for label, n in counts]


def found_line(found: Found) -> str:
    """Return one article as a line: date, headline, byline, id."""
    date = found.issue.date.isoformat() if found.issue.date else "日期不详"
    byline = f"（{found.article.byline}）" if found.article.byline else ""
    return f"{date} 《{found.article.title}》{byline} {found.article.id}"


def findings_text(findings: Findings, limit: int, explain: bool = False) -> str:
    """Return the first `limit` articles as plain text, with the count chart when there are more."""
    lines = []
    if findings.query.fielded:
        lines.append(f"条件：{findings.query.conditions()}" + (f"  关键词：{' '.join(findings.query.words)}"
                                                              if findings.query.words else ""))
    if not findings.found:
        nearest = "、".join(d.isoformat() for d in findings.nearest)
        lines.append(findings.message + (f"；最近的日期：{nearest}" if nearest else ""))
        return "\n".join(lines)
    lines.append(f"共 {len(findings.found)} 篇" + ("，按日期从新到旧" if findings.query.sort == "date" else
                                                  "，按日期从旧到新" if findings.query.sort == "oldest" else ""))
    for rank, found in enumerate(findings.found[:limit], 1):
        score = f"{found.score:.2f}  " if found.score is not None else ""
        lines.append(f"[{rank}] {score}{found_line(found)}")
        if found.passage is not None:
            lines.append("    " + found.passage.text.replace("\n", " "))
            if explain:
                lines.append(f"    matched: {' '.join(found.matched)}")
    if len(findings.found) > limit:
        lines += ["", "按月统计："] + count_chart(findings.months)
    return "\n".join(lines)


def findings_record(findings: Findings, limit: int) -> dict[str, Any]:
    """Return the JSON shape of a search (a public interface: `newsbot search --json`)."""
    result = findings.result
    query = findings.query
    date_filter = query.date_filter
    return {
        "question": query.text,
        "status": findings.status,
        "terms": list(result.terms) if result else [],
        "date_filter": str(date_filter) if date_filter else None,
        "conditions": query.conditions(),
        "sort": query.sort,
        "total": len(findings.found),
        "months": dict(findings.months),
        "nearest": [d.isoformat() for d in findings.nearest],
        "hits": [_hit_record(rank, f) for rank, f in enumerate(findings.found[:limit], 1)],
    }


def _hit_record(rank: int, found: Found) -> dict[str, Any]:
    return {"rank": rank, "score": found.score, "passage_id": found.passage.id if found.passage else None,
            "article_id": found.article.id, "headline": found.article.title,
            "date": found.issue.date.isoformat() if found.issue.date else None, "issue_no": found.issue.issue_no,
            "source": found.issue.source, "byline": str(found.article.byline), "kind": found.article.kind,
            "matched": list(found.matched), "text": found.passage.text if found.passage else ""}
