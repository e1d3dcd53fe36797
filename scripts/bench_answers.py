"""Time answers at the seeds' size: a cold one-shot `newsbot ask`, and one answer inside the REPL.

Targets (issue 4): cold `newsbot ask` ≤ 1.2 s, an answer in the REPL ≤ 50 ms. Prints medians of one run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answer.warm import start_warming  # noqa: E402
from bot.engine import build_engine  # noqa: E402
from bot.cli.repl import handle  # noqa: E402
from bot.settings import Settings  # noqa: E402

PUBLIC = ROOT.parent / "shared" / "eval" / "seed_qa_public.jsonl"
COLD_RUNS = 7


def _questions(engine_issues: tuple) -> list[str]:
    """Return the public questions when present, else questions made from the seed headlines."""
    if PUBLIC.exists():
        return [json.loads(line)["question"] for line in PUBLIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f"{a.title}是怎么回事？" for issue in engine_issues for a in issue.articles if a.headline]


def _cold_ask(data_dir: Path) -> list[float]:
    """Time whole `newsbot ask` processes over an index that is already built."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(NEWSBOT_DATA_DIR=str(data_dir), NEWSBOT_CORPUS_DIR=str(ROOT / "seeds"))
    newsbot = [str(Path(sys.executable).parent / "newsbot"), "ask", "有多少名党员到社区报到？"]
    subprocess.run(newsbot, env=env, capture_output=True, check=True)  # builds the index and caches
    times = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        subprocess.run(newsbot, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print cold-start and in-session answer times."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        cold = _cold_ask(data_dir)
        engine = build_engine(Settings(_env_file=None, NEWSBOT_DATA_DIR=data_dir, NEWSBOT_CORPUS_DIR=ROOT / "seeds"))
        engine.open()
        questions = _questions(engine.issues())
        start_warming().join()  # as a session does at its start (in the background there)
        handle(engine, questions[0], None)  # first answer loads the part-of-speech tables
        times = []
        for question in questions:
            start = time.perf_counter()
            handle(engine, question, None)
            times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"cold `newsbot ask` ({COLD_RUNS} runs): median {statistics.median(cold):.2f} s, "
          f"min {min(cold):.2f} s, max {max(cold):.2f} s (target <= 1.2 s)")
    print(f"REPL answer ({len(times)} questions): median {1000 * statistics.median(times):.1f} ms, "
          f"p95 {1000 * p95:.1f} ms (target: p50 <= 20 ms, p95 <= 60 ms)")


if __name__ == "__main__":
    main()
