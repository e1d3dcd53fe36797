"""Measure cited answers on the public seed questions: answer found, citation right, refusals."""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bot.answering import answer
from bot.engine import build_engine
from bot.settings import Settings
from retrieval.text import visible_chars

ROOT = Path(__file__).resolve().parent.parent
QA = ROOT.parent / "shared" / "eval" / "seed_qa_public.jsonl"


def main() -> int:
    if not QA.exists():
        print(f"missing {QA}: put the shared folder beside the repository", file=sys.stderr)
        return 1
    rows = [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as data:
        engine = build_engine(Settings(_env_file=None, data_dir=Path(data)))
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
                tally["cited"] += cited
                tally["refused_wrong"] += not result.answered
                status = f"{'ok ' if found else 'MISS'} {'cite' if cited else 'CITE?'} {result.short} | {result.quote[:40]}"
            print(f"{row['id']} {row['type'][:12]:12} {status}")
    a, u = tally["answerable"], tally["unanswerable"]
    print(f"\nanswer in answer/quote: {tally['found']}/{a} = {tally['found'] / a:.2f} (target ≥ 0.90)")
    print(f"first citation is gold:  {tally['cited']}/{a} = {tally['cited'] / a:.2f} (target ≥ 0.95)")
    print(f"unanswerable refused:    {tally['refused_right']}/{u} = {tally['refused_right'] / u:.2f} (target ≥ 0.90)")
    print(f"answerable refused:      {tally['refused_wrong']}/{a} = {tally['refused_wrong'] / a:.2f} (target ≤ 0.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
