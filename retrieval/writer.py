"""Bring an archive's segments up to date with its files: one writer at a time, the manifest switched last.

Unchanged files stay in their segments untouched. A changed or removed file is dropped from its
segment by rewriting that segment without it (streamed); new and changed files are segmented (from
the cache when their bytes were seen before) into new segments of at most SEGMENT_BYTES of issue
text, so memory stays bounded whatever the archive's size. Segments then merge, ten of a size into
one (`optimize`: all into one). Every folder a manifest names is complete before the manifest is
replaced; folders no manifest names are leftovers of a killed writer and are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus import printable_name
from retrieval.manifest import file_entry
from retrieval.models import IngestProblem, Issue
from retrieval.segstore import Segment, load_segment, merge_segments, write_segment
from retrieval.store import DocTable, Segments
from retrieval.synonyms import defined_names
from retrieval.terms import Terms

log = logging.getLogger(__name__)
SEGMENT_BYTES = 32_000_000  # issue text per new segment: ~100k passages, ~0.5 GB while it is built
MERGE_FACTOR = 10  # this many segments of one size (a power of ten of passages) merge into one
SegmentFiles = Callable[[Sequence[Path]], Any]  # segment_files bound to paper, segmenter and cache


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on lock_file; a second writer waits here (saying so) until the first is done."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another ingest is writing the index; waiting for it (%s)", lock_file)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock, also when the process is killed


@dataclass(frozen=True, slots=True)
class Update:
    """What bringing the segments up to date did."""

    segments: tuple[dict[str, Any], ...]
    added: tuple[Segments, ...]  # the files segmented (or loaded from the cache) now, when few
    problems: tuple[IngestProblem, ...]
    segmented_files: int
    segmented_chars: int
    seconds: float


def update(index_dir: Path, saved: Sequence[dict[str, Any]], files: Sequence[Path], segment: SegmentFiles,
           optimize: bool = False) -> Update:
    """Return the segments holding exactly files: saved ones kept or rewritten, new ones written, merged."""
    now = {str(p.resolve()): file_entry(p, "") for p in files if p.exists()}
    kept: list[dict[str, Any]] = []
    unchanged: set[str] = set()
    for entry in saved:
        keep = np.array([_same(f, now) for f in entry["files"]], bool)
        unchanged.update(f["path"] for f, k in zip(entry["files"], keep) if k)
        if keep.all():
            kept.append(entry)
        elif keep.any():
            kept.append(_rewrite(index_dir, entry, keep))
    todo = [p for p in files if str(p.resolve()) not in unchanged]
    added, problems, segmented, chars, seconds = [], [], 0, 0, 0.0
    for batch in _batches(todo):
        result = segment(batch)
        problems.extend(result.problems)
        segmented, chars, seconds = segmented + result.segmented_files, chars + result.segmented_chars, seconds + result.seconds
        if result.files:
            kept.append(_write(index_dir, batch, result.files))
            added = [*added, *result.files] if len(todo) <= MERGE_FACTOR else []
    merged = merge_policy(index_dir, kept, optimize)
    return Update(tuple(merged), tuple(added), tuple(problems), segmented, chars, seconds)


def _same(saved: dict[str, Any], now: dict[str, dict[str, Any]]) -> bool:
    current = now.get(saved["path"])
    return current is not None and (current["size"], current["mtime_ns"]) == (saved["size"], saved["mtime_ns"])


def _batches(files: Sequence[Path]) -> Iterator[list[Path]]:
    """Yield runs of files holding about SEGMENT_BYTES together, in order."""
    batch: list[Path] = []
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # segmenting reports it
        batch.append(path)
        if size >= SEGMENT_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def signed_names(issue: Issue) -> list[str]:
    """Return everyone an issue's bylines name (reporters, correspondents, photographers, authors), sorted: a
    question about someone's works opens only the issues that list them."""
    return sorted({n for a in issue.articles for n in (*a.byline.reporters, *a.byline.correspondents,
                                                         *a.byline.photographers, *a.byline.authors)})


def _write(index_dir: Path, batch: Sequence[Path], segmented: Sequence[Segments]) -> dict[str, Any]:
    """Write one segment of freshly segmented files; return its manifest entry."""
    terms = Terms.join([f.terms for f in segmented])
    name, checksums = write_segment(index_dir, terms, DocTable.from_segments(segmented))
    by_source = {printable_name(path.name): path for path in batch}
    entries = [{**file_entry(by_source[s.source], s.key), "articles": len(s.issue.articles),
                "passages": len(s.passages), "defines": [list(d) for d in defined_names([s.issue])],
                "signed": signed_names(s.issue)}
               for s in segmented]
    return {"name": name, "docs": len(terms), "checksums": checksums, "files": entries}


def _load(index_dir: Path, entry: dict[str, Any]) -> Segment:
    return load_segment(index_dir, entry["name"], entry["checksums"])


def _rewrite(index_dir: Path, entry: dict[str, Any], keep: np.ndarray) -> dict[str, Any]:
    """Rewrite a segment without the files keep leaves out."""
    name, checksums = merge_segments(index_dir, [(_load(index_dir, entry), keep)])
    files = [f for f, k in zip(entry["files"], keep.tolist()) if k]
    return {"name": name, "docs": sum(f["passages"] for f in files), "checksums": checksums, "files": files}


def merge_policy(index_dir: Path, segments: list[dict[str, Any]], optimize: bool = False) -> list[dict[str, Any]]:
    """Merge the newest MERGE_FACTOR segments of one size into one, repeatedly (all into one with optimize)."""
    segments = list(segments)
    while True:
        if optimize and len(segments) > 1:
            run = len(segments)
        else:
            levels = [_level(s["docs"]) for s in segments]
            run = 0
            while run < len(levels) and levels[-1 - run] == levels[-1]:
                run += 1
            if run < MERGE_FACTOR:
                return segments
        parts = segments[-run:]
        log.info("merging %d segments (%d passages)", len(parts), sum(s["docs"] for s in parts))
        name, checksums = merge_segments(index_dir, [(_load(index_dir, s), None) for s in parts])
        merged = {"name": name, "docs": sum(s["docs"] for s in parts), "checksums": checksums,
                  "files": [f for s in parts for f in s["files"]]}
        segments = [*segments[:-run], merged]


def _level(docs: int) -> int:
    return int(math.log10(max(docs, 1)))


def remove_unlisted(index_dir: Path, segments: Sequence[dict[str, Any]]) -> None:
    """Remove segment folders no manifest names (a killed writer's, or merged away) and older formats."""
    names = {s["name"] for s in segments}
    for folder in [*index_dir.glob("seg-*"), *index_dir.glob("gen-*")]:
        if folder.name not in names:
            shutil.rmtree(folder, ignore_errors=True)
