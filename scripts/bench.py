"""Benchmark segmentation, then the engines on synthetic archives of 10k and 100k passages (1M with --full).

Segmentation: the Segmenter's whole pipeline against jieba.lcut alone on the same passages, in the
same run, per core (CPU time) and with both cores (wall time, forked workers as ingest uses them).
Passages are sampled from the seeds and CMRC 2018 text with a fixed random seed, segmented once;
each (engine, size) step runs in a forked child so its peak memory is its own.
Usage: python scripts/bench.py [--full] [--shared PATH]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import (  # noqa: E402  (imports jieba quietly)
    DocTable, OkapiIndex, Segmenter, build_index, load_corpus, load_index, read_manifest, save_index, split_passages,
    top_docs,
)
from scripts.evaluate import split_context  # noqa: E402

import jieba  # noqa: E402  (already imported by retrieval.segment, without its warning)

SEED = 20211013
QUERIES = 200
ROUNDS = 3
OKAPI_QUERIES = {10_000: 100, 100_000: 20, 1_000_000: 3}  # rank-bm25 takes ~2 s a query at 1M


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


def synthesise(pool: Sequence[Sequence[str]], n: int, rng: random.Random) -> list[list[str]]:
    """Return n passages, each the tail of one pooled passage joined to the head of another."""
    out = []
    for _ in range(n):
        a, b = pool[rng.randrange(len(pool))], pool[rng.randrange(len(pool))]
        out.append([*a[rng.randrange(len(a) // 2 + 1) :], *b[: rng.randrange(len(b) // 2 + 1)]])
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(engine: str, corpus: list[list[str]], queries: list[list[str]], out: multiprocessing.Queue) -> None:
    """Build, save/load (bm25s) and query one engine; report timings through the queue."""
    base = _rss_mb()
    start = time.perf_counter()
    index = build_index(corpus) if engine == "bm25s" else OkapiIndex(corpus)
    build = time.perf_counter() - start
    load = build  # rank-bm25 has no saved form: loading it means building it again
    if engine == "bm25s":
        with tempfile.TemporaryDirectory() as tmp:
            save_index(Path(tmp), index, _docs(len(corpus)), {})
            start = time.perf_counter()
            index, _ = load_index(Path(tmp), read_manifest(Path(tmp)))
            load = time.perf_counter() - start
            times = _query_times(index, queries)
    else:
        times = _query_times(index, queries[: OKAPI_QUERIES.get(len(corpus), 10)])
    out.put({"build": build, "load": load, "peak_mb": _rss_mb() - base, "p50": statistics.median(times),
             "p95": sorted(times)[int(0.95 * (len(times) - 1))], "queries": len(times)})


def _docs(n: int) -> DocTable:
    import numpy as np  # noqa: PLC0415

    zeros = np.zeros(n, np.int32)
    return DocTable(zeros, np.arange(n, dtype=np.int32), zeros, zeros - 1)


def _query_times(index: object, queries: list[list[str]]) -> list[float]:
    times = []
    for terms in queries:
        start = time.perf_counter()
        top_docs(index.scores(terms), 10, None, index.holding(terms))  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    return times


def _run(engine: str, corpus: list[list[str]], queries: list[list[str]]) -> dict[str, float]:
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_step, args=(engine, corpus, queries, out))
    child.start()
    result = out.get()
    child.join()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add the 1M-passage step (several minutes)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval/cmrc2018_trial.json").is_file():
        print(f"bench: {args.shared / 'eval'} not found; pass --shared PATH", file=sys.stderr)
        return 2
    texts, questions = _texts(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        segmenter = Segmenter(cache_dir=Path(tmp))
        segmenter.load_full()
        pool = _segmentation(segmenter, texts, Path(tmp))
        rng = random.Random(SEED)
        queries = [segmenter.tokens(q) for q in rng.sample(questions, QUERIES)]
    print(f"seed size: {len(pool)} passages")
    _report(len(pool), {e: _run(e, pool, queries) for e in ("bm25s", "rank-bm25")})
    for n in (10_000, 100_000, 1_000_000) if args.full else (10_000, 100_000):
        corpus = synthesise(pool, n, random.Random(SEED + n))
        _report(n, {e: _run(e, corpus, queries) for e in ("bm25s", "rank-bm25")})
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


def _report(n: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\n{n:>9,} passages  {'build s':>8} {'load s':>7} {'peak MB':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}")
    for engine, r in results.items():
        print(f"{engine:>19} {r['build']:>8.2f} {r['load']:>7.3f} {r['peak_mb']:>8.0f} "
              f"{1000 * r['p50']:>8.3f} {1000 * r['p95']:>8.3f} {r['queries']:>7}")
    ratio = results["rank-bm25"]["p50"] / max(results["bm25s"]["p50"], 1e-9)
    print(f"{'p50 ratio':>19} rank-bm25 / bm25s = {ratio:,.0f}x")


if __name__ == "__main__":
    raise SystemExit(main())
