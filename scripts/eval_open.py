"""Measure answers open-domain: every DRCD / CMRC 2018 question asked against a whole archive of contexts.

SPLIT — DRCD dev (`drcd_dev`) is for FITTING; DRCD test (`drcd_test`) and the CMRC 2018 trial set
(`cmrc_trial`) are for JUDGING ONLY: look at their figures, never fit or tune anything on them.

Each context is one article (headline: its document title) in an issue file of its own (see
open_sets.py); every question goes through the real path, `answer(engine, question)`. Unanswerable
questions are made from answerable ones (see open_unanswerable.py): `removed` (asked against the archive
without its context) and `near-miss` (one number or name changed). Per set and question type it prints:
gold answer in the quote, gold answer in the short answer, first citation right, answered share,
answerable and unanswerable refused shares, quote length and milliseconds per question.

Usage: python scripts/eval_open.py [--sets drcd_dev,drcd_test,cmrc_trial] [--limit N] [--shared PATH]
                                   [--cache DIR] [--json PATH] [--quiet]
"""

from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message="pkg_resources is deprecated")  # jieba imports pkg_resources

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from bot.answer import walk  # noqa: E402
from open_sets import (  # noqa: E402
    DEFAULT_SHARED, SETS, Engine, OpenQuestion, OpenSet, answer, archive_engine, build_set, nfkc_bare, question_kind,
    set_questions, short_right,
)

TYPES = ("who", "when", "number", "where", "which", "what", "why", "other")
PROGRESS_EVERY = 250


@dataclass(frozen=True, slots=True)
class Record:
    """One question asked and what came back, with the correctness flags."""

    set_name: str
    id: str
    question: str
    type: str
    kind: str
    detail: str
    answers: tuple[str, ...]
    context_file: str
    answered: bool
    short: str
    quote: str
    cited_file: str
    gold_in_quote: bool
    short_right: bool
    cite_right: bool
    ms: float
    reason: str


def ask(question: OpenQuestion, engine: Engine) -> Record:
    """Ask one question through the real answer path and score what comes back."""
    start = time.perf_counter()
    result = answer(engine, question.question)
    ms = (time.perf_counter() - start) * 1000
    first = result.citations[0] if result.citations else None
    cited = first.source if first else ""
    stem = question.context_file.rsplit(".", 1)[0]
    cite_right = first is not None and (cited == question.context_file or first.article_id.rsplit("-", 1)[0] == stem)
    quote = nfkc_bare(result.quote)
    return Record(
        question.set_name, question.id, question.question, question_kind(question.question), question.kind,
        question.detail, question.answers, question.context_file, result.answered, result.short, result.quote,
        cited, any(g and g in quote for g in map(nfkc_bare, question.answers)) if result.answered else False,
        short_right(result.short, question.answers) if result.answered else False, cite_right, ms,
        result.reason or ("refused" if not result.answered else ""),
    )


def select(questions: list[OpenQuestion], limit: int | None) -> list[OpenQuestion]:
    """Keep the first `limit` answerable questions and the unanswerable ones made from them."""
    if limit is None:
        return questions
    kept = set([q.id for q in questions if q.answerable][:limit])
    return [q for q in questions if q.id.split("#", 1)[0] in kept]


def ask_all(built: OpenSet, questions: list[OpenQuestion], say: Callable[[str], None]) -> list[Record]:
    """Ask every question against its archive (full, or removed), printing progress."""
    engines = {"full": archive_engine(built), "removed": archive_engine(built, removed=True)}
    say(f"{built.name}: indexes ready; asking {len(questions)} questions")
    records, start = [], time.perf_counter()
    for n, question in enumerate(questions, 1):
        records.append(ask(question, engines[question.archive]))
        if n % PROGRESS_EVERY == 0 or n == len(questions):
            answered = sum(r.answered for r in records) / n
            say(f"{built.name}: {n}/{len(questions)} asked, {answered:.0%} answered, {time.perf_counter() - start:.0f} s")
    return records


def _groups(records: list[Record]) -> list[tuple[str, list[Record]]]:
    """Split records into table rows: answerable by type, then the unanswerable kinds."""
    answerable = [r for r in records if r.kind == "answerable"]
    rows = [(t, [r for r in answerable if r.type == t]) for t in TYPES]
    rows = [(name, group) for name, group in rows if group]
    rows.append(("ANSWERABLE", answerable))
    removed = [r for r in records if r.kind == "removed"]
    near = [r for r in records if r.kind == "near-miss"]
    rows += [("removed", removed), ("near-miss", near)]
    for sub in ("number", "person", "place", "org"):
        rows.append((f"  near-miss {sub}", [r for r in near if r.detail.startswith(sub + ":")]))
    rows.append(("UNANSWERABLE", removed + near))
    return [(name, group) for name, group in rows if group]


def _share(hits: int, n: int) -> str:
    return f"{hits / n:.3f}" if n else "-"


def table(name: str, records: list[Record]) -> list[str]:
    """Return the figures of one set as the lines of a table."""
    head = (f"{'row':<20}{'n':>6}{'quote':>7}{'short':>7}{'cite':>7}{'answ':>7}{'a-ref':>7}{'u-ref':>7}"
            f"{'qlen':>7}{'qmax':>6}{'ms-med':>8}{'ms-mean':>8}")
    lines = [f"== {name}", head]
    for label, group in _groups(records):
        n = len(group)
        quotes = [len(nfkc_bare(r.quote)) for r in group if r.answered]
        times = [r.ms for r in group]
        answerable = group[0].kind == "answerable"
        refused = sum(not r.answered for r in group)
        cells = [_share(sum(r.gold_in_quote for r in group), n), _share(sum(r.short_right for r in group), n),
                 _share(sum(r.cite_right for r in group), n)] if answerable else ["-", "-", "-"]
        cells += [_share(n - refused, n), _share(refused, n) if answerable else "-",
                  "-" if answerable else _share(refused, n)]
        qlen = f"{statistics.fmean(quotes):>7.1f}{max(quotes):>6}" if quotes else f"{'-':>7}{'-':>6}"
        lines.append(f"{label:<20}{n:>6}" + "".join(f"{c:>7}" for c in cells) + qlen
                     + f"{statistics.median(times):>8.1f}{statistics.fmean(times):>8.1f}")
    return lines


def notes(built: OpenSet, records: list[Record], seconds: float) -> list[str]:
    """Return the set's side figures: contexts, parse failures, refusal reasons, old answers, time taken."""
    reasons = Counter((r.kind == "answerable", r.reason) for r in records if not r.answered and r.reason != "refused")
    said = ", ".join(f"{'answerable' if ok else 'unanswerable'} {reason}: {n}"
                     for (ok, reason), n in sorted(reasons.items(), key=lambda kv: (not kv[0][0], kv[0][1]))) or "none"
    stale = Counter(r.kind for r in records if r.kind != "answerable" and r.gold_in_quote)
    made = Counter(r.kind for r in records if r.kind != "answerable")
    old = ", ".join(f"{kind} {stale[kind]}/{n}" for kind, n in sorted(made.items())) or "none"
    return [
        f"{built.name}: {len(built.contexts)} contexts; plain layout parsed wrong for {len(built.plain_failed)} "
        f"(written as `# title` instead); {len(built.bad)} parse badly in every layout",
        f"{built.name}: refusals with a particular reason: {said}",
        f"{built.name}: unanswerable answered with the source question's gold answer in the quote: {old}",
        f"{built.name}: {len(records)} questions in {seconds:.0f} s (building or reusing, indexing and asking)",
    ]


def run_set(name: str, args: argparse.Namespace, say: Callable[[str], None]) -> tuple[list[Record], list[str]]:
    """Build (or reuse) one set's archives and questions, ask them all, return records and printed lines."""
    start = time.perf_counter()
    built = build_set(name, args.shared, args.cache, say)
    questions = select(set_questions(built, say), args.limit)
    records = ask_all(built, questions, say)
    return records, table(name, records) + notes(built, records, time.perf_counter() - start)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the open-domain evaluation over the chosen sets and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: drcd_dev, drcd_test, cmrc_trial")
    parser.add_argument("--limit", type=int, default=None, help="only the first N answerable questions per set")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (../shared)")
    parser.add_argument("--cache", type=Path, default=None, help="where archives are written (default: temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="write one JSON record per question (JSON Lines)")
    parser.add_argument("--quiet", action="store_true", help="print only the tables")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    missing = [str(args.shared / "eval" / SETS[s][0]) for s in names if s in SETS and not (args.shared / "eval" / SETS[s][0]).is_file()]
    if unknown or missing:
        print(f"eval_open: unknown set(s) {unknown} or missing file(s) {missing}; pass --sets / --shared", file=sys.stderr)
        return 2
    say = (lambda _: None) if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    walk.warm()  # the compiled tree walk, as a long-running session has it (ms per question is a session's)
    records, lines = [], []
    for name in names:
        got, printed = run_set(name, args, say)
        records += got
        lines += printed + [""]
    if args.json:
        args.json.write_text("".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print("columns: quote/short = gold answer in the quote / short answer; cite = first citation is the context;")
    print("answ = answered; a-ref / u-ref = answerable / unanswerable refused; qlen, qmax = quote length (answered)\n")
    print("\n".join(lines).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
