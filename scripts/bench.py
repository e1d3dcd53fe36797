"""Benchmark segmentation, then the engines on synthetic archives (10k and 100k passages; 100k, 1M and 10M with --full).

Segmentation: the Segmenter's whole pipeline against jieba.lcut alone on the same passages, in the
same run, per core (CPU time) and with both cores (wall time, forked workers as ingest uses them).
Passages are sampled from the seeds and CMRC 2018 text with a fixed random seed, segmented once;
the engines (scripts/bench_engines.py) are built, loaded, queried and given one new issue, each step
in a forked child so its peak memory is its own.
Usage: python scripts/bench.py [--full] [--sizes 100k,1m,10m] [--engines segments,tantivy] [--work DIR [--keep]]
       [--shared PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import Segmenter, load_corpus, split_passages  # noqa: E402  (imports jieba quietly)
from scripts.evaluate import split_context  # noqa: E402

import jieba  # noqa: E402  (already imported by retrieval.segment, without its warning)
from scripts import bench_engines  # noqa: E402

ENGINES_ORDER = ("segments", "bm25s", "rank-bm25", "tantivy")

SEED = 20211013
QUERIES = 200
ROUNDS = 3


def _texts(shared: Path) -> tuple[list[str], list[str]]:
    """Return the passage texts of the seeds and CMRC contexts, and questions to ask."""
    issues, _ = load_corpus([ROOT / "seeds"])
    texts = [p.indexed_text for i in issues for a in i.articles for p in split_passages(a)]
    questions = [json.loads(line)["question"] for line in (shared / "eval/seed_qa_public.jsonl").open(encoding="utf-8")]
    data = json.loads((shared / "eval/cmrc2018_trial.json").read_text(encoding="utf-8"))
    for para in (p for doc in data["data"] for p in doc["paragraphs"]):
        texts.extend(split_context(para["context"]))
        questions.extend(qa["question"] for qa in para["qas"])
    return texts, questions


SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def _sizes(text: str) -> list[int]:
    try:
        return [SIZES[s.strip().lower()] if s.strip().lower() in SIZES else int(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes like 100k,1m,10m, got {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="sizes 100k, 1M and 10M (the 10M step takes ~an hour)")
    parser.add_argument("--sizes", type=_sizes, help="archive sizes, e.g. 100k,1m,10m (default 10k,100k)")
    parser.add_argument("--engines", default=",".join(ENGINES_ORDER), help="engines to compare, comma-separated")
    parser.add_argument("--work", type=Path, help="folder for the indexes built (default: a temporary one)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the segments archives built in --work and reuse them on the next run (no rebuild)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval/cmrc2018_trial.json").is_file():
        print(f"bench: {args.shared / 'eval'} not found; pass --shared PATH", file=sys.stderr)
        return 2
    sizes = args.sizes or ([100_000, 1_000_000, 10_000_000] if args.full else [10_000, 100_000])
    texts, questions = _texts(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        segmenter = Segmenter(cache_dir=Path(tmp))
        segmenter.load_full()
        pool = _segmentation(segmenter, texts, Path(tmp))
        rng = random.Random(SEED)
        asked = rng.sample(questions, QUERIES)
        queries = [segmenter.tokens(q) for q in asked]
    print(f"seed size: {len(pool)} passages; {len(queries)} questions; one issue = {bench_engines.ISSUE} passages")
    if args.keep and args.work is None:
        print("bench: --keep needs --work FOLDER", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        work = args.work if args.keep else Path(stack.enter_context(tempfile.TemporaryDirectory(dir=args.work)))
        for n in sizes:
            results = {}
            for engine in args.engines.split(","):
                why = bench_engines.skip_reason(engine, n)
                results[engine] = why or bench_engines.run_size(engine, n, pool, queries, work, asked, args.keep)
            bench_engines.report(n, results, queries)
            sys.stdout.flush()
    return 0


def _segmentation(segmenter: Segmenter, texts: list[str], cache: Path) -> list[list[str]]:
    """Print segmentation throughput next to jieba's alone; return the passages' terms."""
    chars = sum(map(len, texts))
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache)
    tk.initialize()
    jieba_cpu, ours_cpu = [], []
    for _ in range(ROUNDS):  # alternate, so a busy moment of the machine hits both alike
        start = time.process_time()
        for text in texts:
            tk.lcut(text)
        jieba_cpu.append(time.process_time() - start)
        start = time.process_time()
        pool = segmenter.tokens_many(texts)
        ours_cpu.append(time.process_time() - start)
    wall, worker_cpu = _two_processes(segmenter, texts)
    jieba_speed, ours_speed, cold = chars / min(jieba_cpu), chars / min(ours_cpu), chars / ours_cpu[0]
    print(f"segmentation of {len(texts):,} passages ({chars:,} chars), chars/s per core (CPU time, best of {ROUNDS}):")
    print(f"  jieba.lcut alone               {jieba_speed / 1000:>5.0f}k")
    print(f"  Segmenter.tokens, 1 process    {ours_speed / 1000:>5.0f}k  = {ours_speed / jieba_speed:.2f}x jieba "
          f"(first pass, caches cold: {cold / 1000:.0f}k)")
    print(f"  Segmenter.tokens, 2 processes  {chars / worker_cpu / 1000:>5.0f}k  "
          f"({chars / wall / 1000:.0f}k chars/s wall for both; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores)")
    return pool


_FORKED: dict[str, Segmenter] = {}  # the segmenter forked workers inherit


def _tokens_of(texts: list[str]) -> tuple[list[list[str]], float]:
    start = time.process_time()
    return _FORKED["segmenter"].tokens_many(texts), time.process_time() - start


def _two_processes(segmenter: Segmenter, texts: list[str]) -> tuple[float, float]:
    """Segment texts in two forked workers (as ingest does): best wall time, and the workers' CPU time then."""
    _FORKED["segmenter"] = segmenter
    chunks = [texts[i : i + 50] for i in range(0, len(texts), 50)]
    rounds = []
    with multiprocessing.get_context("fork").Pool(2) as workers:
        for _ in range(ROUNDS):
            start = time.perf_counter()
            done = workers.map(_tokens_of, chunks, chunksize=1)
            rounds.append((time.perf_counter() - start, sum(cpu for _, cpu in done)))
    return min(rounds)


if __name__ == "__main__":
    raise SystemExit(main())
