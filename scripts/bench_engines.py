"""The engines side by side on synthetic archives: build, add one issue, load, query, size on disk.

Each (engine, size, step) runs in a forked child, so its peak memory is its own; the archive is
generated in batches inside the child (the same passages for every engine), so a 10M-passage
archive never sits in memory as Python lists unless an engine needs it so (bm25s, rank-bm25).
"""

from __future__ import annotations

import json
import math
import multiprocessing
import random
import resource
import shutil
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import Progress

from retrieval import (
    DocTable, Index, OkapiIndex, SegmentIndex, Terms, build_index, load_segment, merge_policy, remove_unlisted, write_segment,
)

SEED = 20211013
ISSUE = 300  # passages in one synthetic issue: a day of an eight-page city daily
BATCH = 100_000  # passages generated (and written as one segment) at a time
MAX_BM25S, MAX_OKAPI = 2_000_000, 100_000
BUCKETS = ((1, 4), (5, 9), (10, 19), (20, 10**6))
console = Console(stderr=True)


def synthesise(pool: Sequence[Sequence[str]], n: int, rng: random.Random) -> list[list[str]]:
    """Return n passages, each the tail of one pooled passage joined to the head of another."""
    out = []
    for _ in range(n):
        a, b = pool[rng.randrange(len(pool))], pool[rng.randrange(len(pool))]
        out.append([*a[rng.randrange(len(a) // 2 + 1) :], *b[: rng.randrange(len(b) // 2 + 1)]])
    return out


def synthesise_terms(pool: Terms, n: int, rng: random.Random) -> Terms:
    """Return the passages `synthesise` gives (the same random draws), as term numbers: no string per term."""
    sizes = pool.lengths
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    picks = np.empty((n, 4), np.int64)
    count = len(sizes)
    for i in range(n):
        a, b = rng.randrange(count), rng.randrange(count)
        picks[i] = a, rng.randrange(int(sizes[a]) // 2 + 1), b, rng.randrange(int(sizes[b]) // 2 + 1)
    a, cut_a, b, cut_b = picks.T
    # each passage is two runs of the pool's numbers: a's tail, b's head
    run_start = np.stack([starts[a] + cut_a, starts[b]], axis=1).ravel()
    run_size = np.stack([sizes[a] - cut_a, cut_b], axis=1).ravel()
    at = np.repeat(run_start - (np.cumsum(run_size) - run_size), run_size) + np.arange(int(run_size.sum()))
    return Terms(pool.vocab, pool.ids[at], run_size.reshape(n, 2).sum(axis=1))


def term_batches(pool: Sequence[Sequence[str]], n: int) -> Iterator[tuple[int, Terms]]:
    """Yield (first passage number, passages) of the archive of n passages, as `batches`, in term numbers."""
    encoded = Terms.of(pool)
    for start in range(0, n, BATCH):
        yield start, synthesise_terms(encoded, min(BATCH, n - start), random.Random(SEED * 1000 + start // BATCH))


def batches(pool: Sequence[Sequence[str]], n: int) -> Iterator[tuple[int, list[list[str]]]]:
    """Yield (first passage number, passages) of the archive of n passages, BATCH at a time."""
    for start in range(0, n, BATCH):
        yield start, synthesise(pool, min(BATCH, n - start), random.Random(SEED * 1000 + start // BATCH))


def table(start: int, count: int) -> DocTable:
    """Return the passage table of passages start..start+count: ISSUE a day, one file per issue."""
    ids = np.arange(start, start + count)
    day = (ids // ISSUE).astype(np.int32)
    return DocTable((day - day[0]).astype(np.int32) if count else day, (ids % ISSUE).astype(np.int32), day,
                    np.full(count, -1, np.int32))


def _rss_mb() -> float:
    """Return this process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    """Return this process's resident memory now (a forked child starts from it)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---- the engines: build(folder, pool, n), open(folder) -> searcher, add(folder, searcher, issue) -> searcher


def _seg_build(folder: Path, pool: Sequence[Sequence[str]], n: int, tick: Callable[[int], None]) -> None:
    entries: list[dict[str, Any]] = []
    for start, passages in term_batches(pool, n):
        name, checksums = write_segment(folder, passages, table(start, len(passages)))
        entries = merge_policy(folder, [*entries, {"name": name, "docs": len(passages), "checksums": checksums, "files": []}])
        remove_unlisted(folder, entries)
        tick(len(passages))
    (folder / "bench.json").write_text(json.dumps(entries))


def _seg_open(folder: Path) -> SegmentIndex:
    entries = json.loads((folder / "bench.json").read_text())
    return SegmentIndex.of([load_segment(folder, e["name"], e["checksums"]) for e in entries])


def _seg_add(folder: Path, index: SegmentIndex, issue: list[list[str]]) -> SegmentIndex:
    entries = json.loads((folder / "bench.json").read_text())
    name, checksums = write_segment(folder, Terms.of(issue), table(index.num_docs, len(issue)))
    entries = merge_policy(folder, [*entries, {"name": name, "docs": len(issue), "checksums": checksums, "files": []}])
    remove_unlisted(folder, entries)
    (folder / "bench.json").write_text(json.dumps(entries))
    known = {s.name: s for s in index.segments}  # a running bot keeps the segments it has verified
    return SegmentIndex.of([known.get(e["name"]) or load_segment(folder, e["name"], e["checksums"]) for e in entries])


def _bm25s_build(folder: Path, pool: Sequence[Sequence[str]], n: int, tick: Callable[[int], None]) -> None:
    corpus = [p for _, b in batches(pool, n) for p in b]
    tick(n)
    _bm25s_save(folder, build_index(corpus))


def _bm25s_save(folder: Path, index: Index) -> None:
    for name in ("vocab", "data", "rows", "indptr"):
        np.save(folder / f"{name}.npy", getattr(index, name), allow_pickle=False)
    (folder / "n.json").write_text(str(index.num_docs))


def _bm25s_open(folder: Path) -> Index:
    arrays = {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in ("vocab", "data", "rows", "indptr")}
    return Index(**arrays, doc_count=int((folder / "n.json").read_text()))


def _bm25s_add(folder: Path, index: Index, issue: list[list[str]], pool: Sequence[Sequence[str]]) -> Index:
    corpus = [p for _, b in batches(pool, index.num_docs) for p in b]  # as ingest reads every passage back
    rebuilt = build_index([*corpus, *issue])
    _bm25s_save(folder, rebuilt)
    return rebuilt


def _tantivy_schema() -> Any:
    import tantivy  # noqa: PLC0415

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("day", stored=False, indexed=True, fast=True)
    return builder.build()


def _tantivy_build(folder: Path, pool: Sequence[Sequence[str]], n: int, tick: Callable[[int], None]) -> None:
    import tantivy  # noqa: PLC0415

    index = tantivy.Index(_tantivy_schema(), path=str(folder))
    writer = index.writer(heap_size=500_000_000, num_threads=2)
    for start, passages in batches(pool, n):
        _tantivy_write(writer, start, passages)
        tick(len(passages))
    writer.wait_merging_threads()


def _tantivy_write(writer: Any, start: int, passages: list[list[str]]) -> None:
    import tantivy  # noqa: PLC0415

    days = table(start, len(passages)).day.tolist()
    for terms, day in zip(passages, days):
        writer.add_document(tantivy.Document(text=" ".join(terms), day=day))
    writer.commit()


def _tantivy_open(folder: Path) -> Any:
    import tantivy  # noqa: PLC0415

    index = tantivy.Index.open(str(folder))
    index.reload()
    return index


def _tantivy_add(folder: Path, index: Any, issue: list[list[str]]) -> Any:
    writer = index.writer(heap_size=100_000_000, num_threads=1)
    _tantivy_write(writer, index.searcher().num_docs, issue)
    writer.wait_merging_threads()
    index.reload()
    return index


def _query(engine: str, searcher: Any, terms: list[str], day: int | None, days: np.ndarray | None = None) -> list[int]:
    """Return the top 10 passages (their ids; tantivy: none, its ids are its own); days: each passage's, for a date."""
    if engine == "tantivy":
        import tantivy  # noqa: PLC0415

        schema = _tantivy_schema()
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(schema, "text", t))
                                             for t in dict.fromkeys(terms)])
        if day is not None:
            dated = tantivy.Query.range_query(schema, "day", tantivy.FieldType.Integer, day, 2**31)
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, dated)])
        searcher.searcher().search(query, 10)
        return []
    where = None
    if day is not None:
        days = np.arange(searcher.num_docs) // ISSUE if days is None else days
        where = lambda ids: days[ids] >= day  # noqa: E731
    return [d for d, _ in searcher.top(terms, 10, where)]


ENGINES: dict[str, tuple[Callable[..., Any], Callable[[Path], Any], Callable[..., Any]]] = {
    "segments": (_seg_build, _seg_open, _seg_add),
    "bm25s": (_bm25s_build, _bm25s_open, _bm25s_add),
    "tantivy": (_tantivy_build, _tantivy_open, _tantivy_add),
}


def skip_reason(engine: str, n: int) -> str:
    """Return why an engine does not run at size n ("" when it runs)."""
    if engine == "bm25s" and n > MAX_BM25S:
        return f"whole-archive build in memory, ~{3.55 * n / 1e6:.0f} GB at this size (3.55 GB at 1M); adding an issue rebuilds all"
    if engine == "rank-bm25" and n > MAX_OKAPI:
        return "Python lists of every passage, ~2 s a query at 1M: the reference at small sizes only"
    if engine == "tantivy":
        try:
            import tantivy  # noqa: F401, PLC0415
        except ImportError:
            return "tantivy not installed"
    return ""


def _in_child(step: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run one step in a forked child; return what it reports, its peak RSS above the parent's included."""
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    base = _current_rss_mb()

    def body() -> None:
        result = step(*args)
        out.put({**result, "peak_mb": _rss_mb() - base})

    child = ctx.Process(target=body)
    child.start()
    result = out.get()
    child.join()
    return result


def _build_step(engine: str, folder: Path, pool: Sequence[Sequence[str]], n: int) -> dict[str, Any]:
    start = time.perf_counter()
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"{engine}: building {n:,} passages", total=n)
        ENGINES[engine][0](folder, pool, n, lambda k: bar.advance(task, k))
    return {"build": time.perf_counter() - start}


def _query_step(engine: str, folder: Path, queries: list[list[str]], n: int) -> dict[str, Any]:
    start = time.perf_counter()
    searcher = ENGINES[engine][1](folder)
    load = time.perf_counter() - start
    # First every question once, timed as the postings are found (after other work, partly on disk), then
    # the figures: a running bot's postings of the words asked are in memory; both are printed.
    first = []
    for terms in queries:
        start = time.perf_counter()
        _query(engine, searcher, terms, None)
        first.append(time.perf_counter() - start)
    times, dated, tops = [], [], []
    last_day = n // ISSUE
    days = np.arange(n) // ISSUE if engine != "tantivy" else None  # the table's days, read once as a fast field is
    for terms in queries:
        start = time.perf_counter()
        tops.append(_query(engine, searcher, terms, None))
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        _query(engine, searcher, terms, last_day - max(last_day // 10, 1), days)  # the newest tenth of the archive
        dated.append(time.perf_counter() - start)
    return {"load": load, "times": times, "dated": dated, "tops": tops, "first": first}


def _add_step(engine: str, folder: Path, pool: Sequence[Sequence[str]], issue: list[list[str]]) -> dict[str, Any]:
    opened = ENGINES[engine][1](folder)
    start = time.perf_counter()
    add = ENGINES[engine][2]
    searcher = add(folder, opened, issue, pool) if engine == "bm25s" else add(folder, opened, issue)
    _query(engine, searcher, issue[0][:3], None)  # searchable: the first query over the new issue
    return {"add": time.perf_counter() - start}


_COLD = """
import sys
from pathlib import Path
import bot.cli.main  # everything `newsbot ask` imports
sys.path.insert(0, {root!r})
from scripts import bench_engines
index = bench_engines._seg_open(Path({folder!r}))
index.top({terms!r}, 10)
"""


def _cold(engine: str, folder: Path, terms: list[str]) -> float:
    """Return the wall time of a fresh interpreter importing newsbot's CLI, opening the index, asking once."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = _COLD.format(root=str(Path(__file__).resolve().parent.parent), folder=str(folder), terms=terms)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return time.perf_counter() - start  # the interpreter's own start included


def _okapi_step(pool: Sequence[Sequence[str]], n: int, queries: list[list[str]]) -> dict[str, Any]:
    corpus = [p for _, b in batches(pool, n) for p in b]
    start = time.perf_counter()
    index = OkapiIndex(corpus)
    build = time.perf_counter() - start
    times, tops = [], []
    for terms in queries[: max(3, 2_000_000 // max(n, 1))]:
        start = time.perf_counter()
        tops.append([d for d, _ in index.top(terms, 10)])
        times.append(time.perf_counter() - start)
    return {"build": build, "load": build, "add": build, "times": times, "dated": [], "tops": tops}


def _repl_step(folder: Path, questions: Sequence[str]) -> dict[str, Any]:
    from scripts import bench_repl  # noqa: PLC0415 - imports the bot: only this step needs it

    index = _seg_open(folder)
    return {"repl": bench_repl.repl_times(index, table(0, index.num_docs), ISSUE, questions)}


def run_size(engine: str, n: int, pool: Sequence[Sequence[str]], queries: list[list[str]], work: Path,
             questions: Sequence[str] = (), keep: bool = False) -> dict[str, Any]:
    """Measure one engine at one size: build, load and query (and answer in the REPL), add one issue, size on disk.

    With keep, a segments archive already built in work is reused (its build not measured again: nan)
    and left there, the added issue taken out again.
    """
    if engine == "rank-bm25":
        return {**_in_child(_okapi_step, pool, n, queries), "add_peak_mb": math.nan, "disk_mb": math.nan,
                "cold": math.nan}
    folder = work / f"{engine}-{n}"
    reuse = keep and engine == "segments" and (folder / "bench.json").is_file()
    if reuse:
        result = {"build": math.nan, "peak_mb": math.nan}
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        result = _in_child(_build_step, engine, folder, pool, n)
    result["disk_mb"] = _size_mb(folder)
    queried = _in_child(_query_step, engine, folder, queries, n)
    result["cold"] = _cold(engine, folder, queries[0]) if engine == "segments" else math.nan
    if engine == "segments" and questions:
        result["repl"] = _in_child(_repl_step, folder, questions)["repl"]
    issue = synthesise(pool, ISSUE, random.Random(SEED - 1))
    built = (folder / "bench.json").read_text() if engine == "segments" else ""
    added = _in_child(_add_step, engine, folder, pool, issue)
    if keep and engine == "segments" and all((folder / e["name"]).is_dir() for e in json.loads(built)):
        (folder / "bench.json").write_text(built)  # the archive as built, the issue's segment removed
        remove_unlisted(folder, json.loads(built))
    else:  # (an add that merged built segments away: the next run builds again)
        shutil.rmtree(folder, ignore_errors=True)
    return {**result, **{k: v for k, v in queried.items() if k != "peak_mb"}, "query_peak_mb": queried["peak_mb"],
            "add": added["add"], "add_peak_mb": added["peak_mb"]}


def _ms(values: Sequence[float], q: float) -> str:
    if not values:
        return "—"
    return f"{1000 * sorted(values)[int(q * (len(values) - 1))]:.3f}" if q != 0.5 else f"{1000 * statistics.median(values):.3f}"


def report(n: int, results: dict[str, dict[str, Any] | str], queries: list[list[str]]) -> None:
    """Print one size's table: every engine's figures, or why it was skipped."""
    print(f"\n{n:>10,} passages  {'build s':>8} {'peak MB':>8} {'add s':>7} {'add MB':>7} {'load s':>7} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'dated p50':>9} {'disk MB':>8} {'cold s':>7}")
    for engine, r in results.items():
        if isinstance(r, str):
            print(f"{engine:>20} skipped: {r}")
            continue
        print(f"{engine:>20} {r['build']:>8.1f} {r['peak_mb']:>8.0f} {r['add']:>7.2f} {r['add_peak_mb']:>7.0f} "
              f"{r['load']:>7.3f} {_ms(r['times'], 0.5):>8} {_ms(r['times'], 0.95):>8} {_ms(r['dated'], 0.5):>9} "
              f"{r['disk_mb']:>8.0f} {r.get('cold', math.nan):>7.2f}")
    for engine, r in results.items():
        if not isinstance(r, str) and r.get("first"):
            print(f"{engine:>20} first pass (postings as the page cache held them): p50 {_ms(r['first'], 0.5)} ms, "
                  f"p95 {_ms(r['first'], 0.95)} ms")
    for engine, r in results.items():
        if not isinstance(r, str) and r.get("repl"):
            from scripts.bench_repl import summary  # noqa: PLC0415

            print(f"{engine:>20} REPL answers (bot.cli.repl.handle, {len(r['repl'])} questions, answers read from seed pages): "
                  f"{summary(r['repl'])}")
    sizes = [len(set(q)) for q in queries]
    for lo, hi in BUCKETS:
        picked = [i for i, s in enumerate(sizes) if lo <= s <= hi]
        cells = []
        for engine, r in results.items():
            if not isinstance(r, str):
                times = [r["times"][i] for i in picked if i < len(r["times"])]
                cells.append(f"{engine} {_ms(times, 0.5)}/{_ms(times, 0.95)}")
        print(f"{'':>20} {lo}-{hi if hi < 10**6 else '…'} terms ({len(picked)} queries), p50/p95 ms: " + ", ".join(cells))
    ours, ref = results.get("segments"), results.get("bm25s")
    if isinstance(ours, dict) and isinstance(ref, dict):
        same = sum(a == b for a, b in zip(ours["tops"], ref["tops"]))
        print(f"{'':>20} segments' top 10 = bm25s' top 10 (same passages, same order): {same}/{len(ref['tops'])} queries")
