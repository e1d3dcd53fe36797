"""Measure cited answers on seed questions: answer found, citation right, refusals.

Two sets: the public one in ../shared/eval/ (the issue's targets) and our own held-out dev set in
tests/data/, written over the same five seed files with other facts and wordings, so that a change
tuned on the public questions shows whether it generalises.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bot.answer.ask import answer
from bot.engine import build_engine
from retrieval import Library
from bot.settings import Settings
from retrieval import visible_chars

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "public": ROOT.parent / "shared" / "eval" / "seed_qa_public.jsonl",
    "dev": ROOT / "tests" / "data" / "seed_qa_dev.jsonl",
}


def evaluate(engine: Library, rows: list[dict], verbose: bool) -> Counter[str]:
    """Answer every row and count answers found, gold first citations and refusals."""
    tally: Counter[str] = Counter()
    for row in rows:
        result = answer(engine, row["question"])
        shown = visible_chars(result.short + result.quote)
        if not row["answers"]:
            tally["unanswerable"] += 1
            tally["refused_right"] += not result.answered
            status = "refused" if not result.answered else f"ANSWERED {result.quote[:30]}"
        else:
            tally["answerable"] += 1
            found = any(visible_chars(a) in shown for a in row["answers"])
            cited = bool(result.citations) and result.citations[0].headline == row["headline"]
            tally["found"] += found
            tally["short"] += any(visible_chars(a) in visible_chars(result.short) for a in row["answers"])
            tally["cited"] += cited
            tally["refused_wrong"] += not result.answered
            status = f"{'ok ' if found else 'MISS'} {'cite' if cited else 'CITE?'} {result.short} | {result.quote[:40]}"
        if verbose:
            print(f"{row['id']} {row['type'][:12]:12} {status}")
    return tally


def summary(name: str, tally: Counter[str]) -> list[str]:
    """Return the four figures of one set, with the issue's targets."""
    a, u = tally["answerable"], tally["unanswerable"]
    return [
        f"{name}: answer in answer/quote: {tally['found']}/{a} = {tally['found'] / a:.2f} (target ≥ 0.90)",
        f"{name}: first citation is gold:  {tally['cited']}/{a} = {tally['cited'] / a:.2f} (target ≥ 0.95)",
        f"{name}: unanswerable refused:    {tally['refused_right']}/{u} = {tally['refused_right'] / u:.2f} (target ≥ 0.90)",
        f"{name}: answerable refused:      {tally['refused_wrong']}/{a} = {tally['refused_wrong'] / a:.2f} (target ≤ 0.05)",
        f"{name}: gold in short answer:    {tally['short']}/{a} = {tally['short'] / a:.2f} (no target)",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print only the figures")
    args = parser.parse_args()
    missing = [str(p) for p in SETS.values() if not p.exists()]
    if missing:
        print(f"missing {', '.join(missing)}: put the shared folder beside the repository", file=sys.stderr)
        return 1
    lines = []
    with tempfile.TemporaryDirectory() as data:
        engine = build_engine(Settings(_env_file=None, data_dir=Path(data)))
        for name, path in SETS.items():
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            if not args.quiet:
                print(f"== {name} ({path.name})")
            lines += summary(name, evaluate(engine, rows, not args.quiet))
    print("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
