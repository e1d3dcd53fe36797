"""`newsbot ask`, `article` and `repl`: cited answers on the command line and in a session."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator

from bot.answer.ask import answer
from bot.engine import build_engine
from bot.render.records import article_record
from bot.render.answer import answer_record, article_text, render_text
from bot.cli.repl import run_repl
from bot.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ask` subcommand."""
    ask = subparsers.add_parser("ask", help="answer a question with a quote and citations")
    ask.add_argument("question", nargs="?", help="the question; without it, read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--date", type=dt.date.fromisoformat, help="only issues of this date (YYYY-MM-DD)")
    ask.add_argument("--explain", action="store_true", help="show matched terms and the chosen sentence's scores")
    ask.set_defaults(handler=cmd_ask)
    article = subparsers.add_parser("article", help="print one whole article with its citation line")
    article.add_argument("article_id", help="an article id, as cited (e.g. 001_41ee50b619f939c9-03)")
    article.add_argument("--json", action="store_true", help="print the article as JSON")
    article.set_defaults(handler=cmd_article)
    repl = subparsers.add_parser("repl", help="ask questions in an interactive session (the default without a token)")
    repl.set_defaults(handler=cmd_repl)


def cmd_article(args: argparse.Namespace, settings: Settings) -> int:
    """Print one article with its citation line."""
    found = build_engine(settings).article(args.article_id.strip())
    if found is None:
        print(f"newsbot: no article {args.article_id!r} in the archive (see `newsbot articles`)", file=sys.stderr)
        return 1
    issue, article = found
    print(json.dumps(article_record(issue, article), ensure_ascii=False) if args.json else article_text(issue, article))
    return 0


def cmd_repl(args: argparse.Namespace, settings: Settings) -> int:
    """Open the interactive session over the archive."""
    return run_repl(build_engine(settings), settings.data_dir / "repl_history")


def _stdin_lines() -> Iterator[str]:
    """Yield standard input's lines, stripped; bytes that are not UTF-8 become U+FFFD, never an error."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", "replace").strip()


def _readable(text: str) -> str:
    """Return an argument with the bytes that were not UTF-8 (surrogate-escaped in argv) as U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return text.encode("utf-8", "replace").decode("utf-8")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or every line of standard input."""
    engine = build_engine(settings)
    date_range = (args.date, args.date) if args.date else None
    if args.question is not None and not args.question.strip():
        print("newsbot: the question is empty; ask something, e.g. newsbot ask \"有多少名党员到社区报到？\"", file=sys.stderr)
        return 2
    if args.question is None and sys.stdin.isatty():  # not waiting silently for a user who expected a prompt
        print("newsbot ask: type a question and press Enter, one per line; Ctrl-D quits "
              "(or ask at once: newsbot ask \"有多少名党员到社区报到？\")", file=sys.stderr, flush=True)
    questions = [_readable(args.question)] if args.question is not None else _stdin_lines()
    for question in questions:
        if not question:
            continue
        result = answer(engine, question, date_range)
        if args.json:
            print(json.dumps(answer_record(result), ensure_ascii=False), flush=True)
        else:
            print(render_text(result, args.explain), flush=True)
    return 0
