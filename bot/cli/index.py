"""The `ingest` and `search` subcommands: build the index, and query it from the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from bot.engine import build_engine
from bot.settings import Settings
from retrieval import Hit, IngestReport, SearchResult


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ingest` and `search` subcommands to the CLI's subparsers."""
    ingest = subparsers.add_parser("ingest", help="build or update the search index")
    ingest.add_argument("paths", nargs="*", type=Path,
                        help="issue files or folders to add to the archive (the corpus folder is always in it)")
    ingest.add_argument("--fresh", action="store_true",
                        help="forget files added earlier: the archive is the corpus folder, or PATHS alone")
    ingest.add_argument("--optimize", action="store_true",
                        help="merge all index segments into one (queries over a large archive get faster)")
    ingest.set_defaults(handler=cmd_ingest)
    find = subparsers.add_parser("search", help="show the passages that best match a question")
    find.add_argument("question", help="the question, in Chinese")
    find.add_argument("-k", type=_at_least_one, default=5, help="how many passages (default 5)")
    find.add_argument("--date", type=dt.date.fromisoformat, help="only issues of this day (YYYY-MM-DD)")
    find.add_argument("--json", action="store_true", help="one JSON object")
    find.add_argument("--explain", action="store_true", help="show terms, weights, date filter, matches")
    find.set_defaults(handler=cmd_search)


def _at_least_one(text: str) -> int:
    """Parse -k: a whole number of passages, 1 or more (argparse turns the error into one usage line)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Build the index over the given paths, with a progress bar on a terminal."""
    engine = build_engine(settings)
    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TimeRemainingColumn, TransferSpeedColumn  # noqa: PLC0415

        with Progress("[progress.description]{task.description}", BarColumn(), TransferSpeedColumn(),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("segmenting", total=None)
            report = engine.ingest(args.paths or None, lambda done, total: bar.update(task, completed=done, total=total),
                                   fresh=args.fresh, optimize=args.optimize)
    else:
        report = engine.ingest(args.paths or None, fresh=args.fresh, optimize=args.optimize)
    print(summary(report))
    for problem in report.problems:
        print(f"skipped {problem.source}: {problem.reason}", file=sys.stderr)
    return 0 if report.issues else 1


def summary(report: IngestReport) -> str:
    """Return the one-paragraph summary of an ingest."""
    speed = f"{report.chars_per_second / 1000:.0f}k chars/s" if report.segmented_chars else "all cached"
    return (
        f"ingested {report.files} file(s): {report.issues} issue(s), {report.articles} article(s), "
        f"{report.passages} passage(s); {len(report.problems)} skipped; "
        f"segmented {report.segmented_files} new file(s) ({speed}); {report.seconds:.1f} s"
    )


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Print the best passages for a question."""
    engine = build_engine(settings)
    span = (args.date, args.date) if args.date else None
    result = engine.search(args.question, args.k, span)
    if args.json:
        print(json.dumps(result_record(result), ensure_ascii=False))
    else:
        print(render(result, args.explain))
    return 0 if result.hits else 1


def result_record(result: SearchResult) -> dict:
    """Return the JSON shape of a search result (a public interface: keep it stable)."""
    return {
        "question": result.question,
        "status": result.status,
        "terms": list(result.terms),
        "date_filter": str(result.date_filter) if result.date_filter else None,
        "hits": [
            {"rank": h.rank, "score": h.score, "passage_id": h.passage.id, "article_id": h.article.id,
             "headline": h.article.title, "date": h.issue.date.isoformat() if h.issue.date else None,
             "issue_no": h.issue.issue_no, "source": h.issue.source, "matched": list(h.matched),
             "text": h.passage.text}
            for h in result.hits
        ],
    }


def render(result: SearchResult, explain: bool = False) -> str:
    """Return the hits as plain text, with the search's reasoning when explain is set."""
    lines = []
    if explain:
        weights = " ".join(f"{t}:{w:.2f}" for t, w in result.weights)
        lines.append(f"terms: {weights or '(none)'}")
        for e in result.expansions:
            lines.append(f"expanded: {e.word} → {' '.join(e.partners)} (weight {e.weight:.2f})")
        date = f"{result.date_filter} (from “{result.date_filter.phrase}”)" if result.date_filter else "none"
        lines.append(f"date filter: {date}")
    if not result.hits:
        lines.append(result.message)
    lines.extend(_hit_lines(h, explain) for h in result.hits)
    return "\n".join(lines)


def _hit_lines(hit: Hit, explain: bool) -> str:
    date = hit.issue.date.isoformat() if hit.issue.date else "日期不详"
    head = f"[{hit.rank}] {hit.score:.2f}  {date} 《{hit.article.title}》 {hit.passage.id}"
    body = "    " + hit.passage.text.replace("\n", " ")
    why = f"\n    matched: {' '.join(hit.matched)}" if explain else ""
    return f"{head}\n{body}{why}"
