"""The `newsbot` command line: one Settings object, subcommands, one-line errors."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from bot.cli import alerts as commands_alerts, answer as commands_answer, digest as commands_digest
from bot.cli import browse as commands_browse, index as commands_index, serve as commands_serve
from bot.render.records import article_line, article_record, issue_line, issue_record
from bot.settings import Settings
from retrieval import IndexFormatError, IngestProblem, Issue, load_corpus

Handler = Callable[[argparse.Namespace, Settings], int]


def _report_problems(problems: Sequence[IngestProblem]) -> None:
    for problem in problems:
        print(f"skipped {problem.source}: {problem.reason}", file=sys.stderr)


def _corpus(settings: Settings) -> tuple[Issue, ...]:
    issues, problems = load_corpus([settings.corpus_dir], settings.paper)
    _report_problems(problems)
    return tuple(sorted(issues, key=lambda i: (i.date is None, i.date, i.source)))


def _emit(record: dict, as_json: bool, line: str) -> None:
    print(json.dumps(record, ensure_ascii=False) if as_json else line)


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    """Print every parsed article of the corpus."""
    issues = _corpus(settings)
    for issue in issues:
        for article in issue.articles:
            _emit(article_record(issue, article), args.json, article_line(issue, article))
    return 0 if issues else 1


def cmd_issues(args: argparse.Namespace, settings: Settings) -> int:
    """Print one line per issue of the corpus."""
    issues = _corpus(settings)
    for issue in issues:
        _emit(issue_record(issue), args.json, issue_line(issue))
    return 0 if issues else 1


def _default(args: argparse.Namespace, settings: Settings) -> int:
    """Without a subcommand: the Telegram bot when a token is configured, else the REPL."""
    if settings.telegram_bot_token is not None:
        from bot.cli.serve import serve  # noqa: PLC0415 - only the bot needs telegram's imports

        return serve(settings)
    return commands_answer.cmd_repl(args, settings)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="newsbot", description="Questions and answers over 《许昌日报》.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    articles = sub.add_parser("articles", help="list every parsed article")
    articles.add_argument("--json", action="store_true", help="one JSON object per line")
    articles.set_defaults(handler=cmd_articles)
    issues = sub.add_parser("issues", help="list the issues of the archive")
    issues.add_argument("--json", action="store_true", help="one JSON object per line")
    issues.set_defaults(handler=cmd_issues)
    commands_index.register(sub)
    commands_answer.register(sub)
    commands_serve.register(sub)
    commands_digest.register(sub)
    commands_browse.register(sub)
    commands_alerts.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run newsbot; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValueError as error:
        print(f"newsbot: bad setting: {error}".splitlines()[0], file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    handler: Handler = getattr(args, "handler", None) or _default
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except IndexFormatError as error:
        print(f"newsbot: index unusable: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"newsbot: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
