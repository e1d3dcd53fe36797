"""`newsbot digest [--date D] [--json]`: the daily digest of an issue in the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.digest import issue_digests, nearest_dates
from bot.render.digest import digest_record, render_text
from bot.engine import build_engine
from retrieval import Library
from bot.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `digest` subcommand."""
    digest = subparsers.add_parser("digest", help="the digest of the newest issue (or of --date)")
    digest.add_argument("--date", type=dt.date.fromisoformat, help="the issue of this date (YYYY-MM-DD)")
    digest.add_argument("--json", action="store_true", help="one JSON object per issue")
    digest.set_defaults(handler=cmd_digest)


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Print the digest of the newest issue, or of every issue of --date."""
    engine = build_engine(settings)
    digests = issue_digests(engine, args.date)
    if not digests:
        print(f"newsbot: {_missing(engine, args.date)}", file=sys.stderr)
        return 1
    for n, digest in enumerate(digests):
        if args.json:
            print(json.dumps(digest_record(digest), ensure_ascii=False))
        else:
            print(("\n" if n else "") + render_text(digest))
    return 0


def _missing(engine: Library, date: dt.date | None) -> str:
    """Say that no issue matched, naming the nearest dates the archive does have."""
    if date is None:
        return "the archive holds no dated issue (see `newsbot issues`)"
    dates = nearest_dates(engine, date)
    nearest = "; nearest: " + ", ".join(d.isoformat() for d in sorted(dates)) if dates else ""
    return f"no issue dated {date.isoformat()} in the archive{nearest}"
