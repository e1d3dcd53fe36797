"""The `browse` and `onthisday` subcommands: an issue's pages and articles, and 历年今日."""

from __future__ import annotations

import argparse
import json
import sys

from bot.engine import build_engine
from bot.render.browse import issue_record, issue_text, no_issue_text, on_this_day_record, on_this_day_text
from bot.settings import Settings
from retrieval import NoSuchDay, day_label, nearest_issue_dates, on_this_day, open_issue, read_day, read_month_day


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `browse` and `onthisday` subcommands to the CLI's subparsers."""
    browse = subparsers.add_parser("browse", help="an issue's pages and articles (the newest, or of a date or number)")
    browse.add_argument("day", nargs="?", default="", help="YYYY-MM-DD, 2021年3月3日 or 第9382期 (default: the newest)")
    browse.add_argument("--json", action="store_true", help="one JSON object")
    browse.set_defaults(handler=cmd_browse)
    onthisday = subparsers.add_parser("onthisday", help="历年今日: the issues of this day in earlier years")
    onthisday.add_argument("day", nargs="?", default="", help="MM-DD or 3月3日 (default: the newest issue's day)")
    onthisday.add_argument("--json", action="store_true", help="one JSON object")
    onthisday.set_defaults(handler=cmd_onthisday)


def cmd_browse(args: argparse.Namespace, settings: Settings) -> int:
    """Print an issue's pages with their articles, and the issue dates before and after it."""
    engine = build_engine(settings)
    try:
        day, number = read_day(args.day, engine)
    except NoSuchDay as error:
        print(f"newsbot: {error}", file=sys.stderr)
        return 2
    view = open_issue(engine, day, number)
    if view is None:
        nearest = nearest_issue_dates(engine, day) if day else ()
        asked = day_label(day) if day else args.day or "存档"
        print(f"newsbot: {no_issue_text(asked, nearest)}", file=sys.stderr)
        return 1
    print(json.dumps(issue_record(view), ensure_ascii=False) if args.json else issue_text(view))
    return 0


def cmd_onthisday(args: argparse.Namespace, settings: Settings) -> int:
    """Print the issues of a month-day in earlier years, newest first (or the nearest days)."""
    engine = build_engine(settings)
    try:
        month, day = read_month_day(args.day, engine)
    except NoSuchDay as error:
        print(f"newsbot: {error}", file=sys.stderr)
        return 2
    found = on_this_day(engine, month, day)
    if args.json:
        print(json.dumps(on_this_day_record(found), ensure_ascii=False))
    elif found.issues:
        print(on_this_day_text(found))
    else:
        print(f"newsbot: {on_this_day_text(found)}", file=sys.stderr)
    return 0 if found.issues else 1
