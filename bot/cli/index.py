"""The `ingest` and `search` subcommands: build the index, and query it from the terminal."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from bot.engine import build_engine
from bot.render.finds import findings_record, findings_text
from bot.settings import Settings
from retrieval import Findings, IngestReport, QueryError, find, parse_query


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
    find = subparsers.add_parser("search", help="find articles: words and fields (作者:胡晨 类型:评论 2021-03..2021-05)")
    find.add_argument("question", help='words or a query, e.g. 作者:胡晨 "文明城市" -高铁 排序:日期')
    find.add_argument("-k", type=_at_least_one, default=5, help="how many articles to list (default 5)")
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
    """Print the articles a query finds (best passage each), and their count by month when there are more."""
    engine = build_engine(settings)
    try:
        query = parse_query(args.question, engine.archive.newest, engine.archive.dates)
    except QueryError as error:
        print(f"newsbot: 查询有误：{error}", file=sys.stderr)
        return 2
    if args.date:
        query = dataclasses.replace(query, start=args.date, end=args.date, issue_no=None, date_phrase=str(args.date))
    findings = find(engine, query)
    if args.json:
        print(json.dumps(findings_record(findings, args.k), ensure_ascii=False))
    else:
        print(render(findings, args.k, args.explain))
    return 0 if findings.found else 1


def render(findings: Findings, limit: int, explain: bool = False) -> str:
    """Return the findings as plain text, with the search's reasoning when explain is set."""
    lines = []
    result = findings.result
    if explain:
        weights = " ".join(f"{t}:{w:.2f}" for t, w in result.weights) if result else ""
        lines.append(f"terms: {weights or '(none)'}")
        for e in result.expansions if result else ():
            lines.append(f"expanded: {e.word} → {' '.join(e.partners)} (weight {e.weight:.2f})")
        dates = findings.query.date_filter
        lines.append(f"date filter: {f'{dates} (from “{dates.phrase}”)' if dates else 'none'}")
    lines.append(findings_text(findings, limit, explain))
    return "\n".join(lines)
