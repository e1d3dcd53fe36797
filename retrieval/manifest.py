"""What an index's manifest records: the files it was built from, library versions, and the ingest's report."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from retrieval.corpus import printable_name
from retrieval.models import IngestProblem

LIBRARIES = ("numpy", "bm25s", "rank-bm25", "jieba", "OpenCC")


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did: counts, skipped files with reasons, time and throughput."""

    files: int
    issues: int
    articles: int
    passages: int
    segmented_files: int
    segmented_chars: int
    seconds: float
    segment_seconds: float
    problems: tuple[IngestProblem, ...]

    @property
    def chars_per_second(self) -> float:
        """Return the segmentation throughput over newly segmented files (0 when all were cached)."""
        return self.segmented_chars / self.segment_seconds if self.segment_seconds > 0 else 0.0


def versions() -> dict[str, str]:
    """Return the versions of Python and of the libraries that shape the index."""
    return {"python": platform.python_version(), **{name: metadata.version(name) for name in LIBRARIES}}


def unique_names(files: Sequence[Path]) -> tuple[list[Path], list[IngestProblem]]:
    """Keep one file per name: article ids derive from it, so a second one would clash."""
    kept: dict[str, Path] = {}
    clashes = []
    for path in files:
        first = kept.setdefault(printable_name(path.name), path)  # the issue's source: two alike would clash
        if first.resolve() != path.resolve():
            clashes.append(IngestProblem(printable_name(str(path)),
                                         f"same file name as {printable_name(str(first))}, already in the archive"))
    return list(kept.values()), clashes


def file_entry(path: Path, key: str) -> dict[str, Any]:
    """Return what the manifest records of a file: its path, size, modification time and cache key."""
    stat = path.stat()
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "key": key}
