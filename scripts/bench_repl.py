"""The REPL's answer path over a synthetic archive of any size: the real search over its segments, answers from seed pages.

The engine benchmark's synthetic archives hold terms, not text. Here each of their files (one issue
of 300 passages, one a day) is given a seed page's parsed issue to read passages from, dated as the
file and its passages repeated up to 300, and `bot.cli.repl.handle` — what the REPL runs for a line:
reading the question, searching every passage of the archive, building the answer — answers the
benchmark's questions. Files stay in memory once read, as in a running REPL: the figure leaves out
a first read of each file from the per-file cache.
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.cli.repl import handle
from retrieval import Library, Segmenter, SegmentIndex, Segments, segment_files
from retrieval.models import Article, Issue, Passage
from retrieval.search import Archive
from retrieval.snapshot import Snapshot
from retrieval.store import from_day

ROOT = Path(__file__).resolve().parent.parent
PAPER = "许昌日报"


class _Pages(dict):  # type: ignore[type-arg]
    """Each synthetic file's issue, made when first read: seed page file % 5, dated as the file."""

    def __init__(self, seeds: Sequence[Segments], days: Callable[[int], int], per_file: int) -> None:
        super().__init__()
        self.seeds, self.days, self.per_file = seeds, days, per_file

    def __contains__(self, file: object) -> bool:
        return True

    def __missing__(self, file: int) -> tuple[Segments, dict[str, Article]]:
        seed = self.seeds[file % len(self.seeds)]
        issue = dataclasses.replace(seed.issue, date=from_day(self.days(file)))
        passages = tuple(seed.passages[i % len(seed.passages)] for i in range(self.per_file))
        self[file] = (dataclasses.replace(seed, issue=issue, passages=passages), {a.id: a for a in issue.articles})
        return self[file]


def repl_times(index: SegmentIndex, docs: Any, per_file: int, questions: Sequence[str]) -> list[float]:
    """Return the wall time of the REPL's handling of each question over the archive of index (docs: its table)."""
    with tempfile.TemporaryDirectory() as tmp:
        segmenter = Segmenter(cache_dir=Path(tmp))
        seeds = segment_files(sorted((ROOT / "seeds").glob("*.txt")), PAPER, segmenter, Path(tmp) / "segments").files
        library = Library(Path(tmp) / "corpus", Path(tmp), segmenter, PAPER)
        files = tuple({"path": f"/synthetic/{f:06d}.txt", "key": ""} for f in range(int(docs.file.max()) + 1))
        holder: list[Snapshot] = []
        lookup: Callable[[int, int], tuple[Passage, Article, Issue]] = lambda f, p: holder[0].lookup(f, p)  # noqa: E731
        pages = _Pages(seeds, lambda f: int(docs.day[f * per_file]), per_file)
        snapshot = Snapshot(Archive.of(index, docs, lookup, library.synonyms), files, Path(tmp), tuple(index.segments),
                            pages)
        holder.append(snapshot)
        library._snapshot = snapshot  # noqa: SLF001 - the archive is made here, not opened from a data folder
        for question in questions[:5]:  # the first answers load the tagger and the answer model
            handle(library, question, None)
        times = []
        for question in questions:
            start = time.perf_counter()
            handle(library, question, None)
            times.append(time.perf_counter() - start)
    return times


def summary(times: Sequence[float]) -> str:
    """Return p50 and p95 in ms."""
    ordered = sorted(times)
    return f"p50 {1000 * statistics.median(ordered):.1f} ms, p95 {1000 * ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms"
