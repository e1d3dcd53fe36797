"""`newsbot ask`: cited answers on the command line, one question or a stream of them."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys

from bot.answering import answer
from bot.engine import build_engine
from bot.respond import Answer
from bot.settings import Settings


def answer_record(result: Answer) -> dict:
    """Return the stable JSON shape of an answer (documented in the README)."""
    return {
        "question": result.question,
        "type": result.kind,
        "answered": result.answered,
        "answer": result.short,
        "quote": result.quote,
        "citations": [dataclasses.asdict(c) for c in result.citations],
        "hits": [{"article_id": a, "headline": h, "score": s} for a, h, s in result.hits],
        "notes": list(result.notes),
    }


def render_text(result: Answer, explain: bool = False) -> str:
    """Render an answer as plain text for a terminal."""
    lines = list(result.notes)
    if result.answered:
        if result.short:
            lines.append(f"答：{result.short}")
        lines.append(f"“{result.quote}”[1]")
        lines += [str(c) for c in result.citations]
    else:
        lines.append("存档中没有找到能回答这个问题的内容。")
        if result.closest:
            lines.append("最接近的报道：" + "；".join(f"《{h}》" for h in result.closest))
    if explain:
        lines += ["--", *result.explain]
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ask` subcommand."""
    ask = subparsers.add_parser("ask", help="answer a question with a quote and citations")
    ask.add_argument("question", nargs="?", help="the question; without it, read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--date", type=dt.date.fromisoformat, help="only issues of this date (YYYY-MM-DD)")
    ask.add_argument("--explain", action="store_true", help="show matched terms and the chosen sentence's scores")
    ask.set_defaults(handler=cmd_ask)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or every line of standard input."""
    engine = build_engine(settings)
    date_range = (args.date, args.date) if args.date else None
    questions = [args.question] if args.question else (line.strip() for line in sys.stdin)
    for question in questions:
        if not question:
            continue
        result = answer(engine, question, date_range)
        if args.json:
            print(json.dumps(answer_record(result), ensure_ascii=False), flush=True)
        else:
            print(render_text(result, args.explain), flush=True)
    return 0
