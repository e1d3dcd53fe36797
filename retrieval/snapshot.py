"""One loaded index: the searchable archive over its segments, its file table, the files' segments read so far."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus import printable_name
from retrieval.index import IndexFormatError, OkapiIndex, Ranker
from retrieval.models import Article, Issue, Passage
from retrieval.search import Archive
from retrieval.segindex import SegmentIndex
from retrieval.segstore import Segment, load_segment
from retrieval.store import DocTable, Segments, load_segments
from retrieval.synonyms import Synonyms


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One loaded index: the searchable archive, its file table, its segments, and files' segments loaded so far."""

    archive: Archive
    files: tuple[dict[str, Any], ...]
    segments_dir: Path
    parts: tuple[Segment, ...] = ()
    loaded: dict[int, tuple[Segments, dict[str, Article]]] = field(default_factory=dict)

    def segments(self, file: int) -> tuple[Segments, dict[str, Article]]:
        """Return one file's segments, loading them from the cache the first time."""
        if file not in self.loaded:
            seg = load_segments(self.segments_dir, self.files[file]["key"])
            if seg is None:
                raise IndexFormatError(f"segments of {self.files[file]['path']} missing; run `newsbot ingest`")
            self.loaded[file] = (seg, {a.id: a for a in seg.issue.articles})
        return self.loaded[file]

    def lookup(self, file: int, pos: int) -> tuple[Passage, Article, Issue]:
        """Return a passage with its article and issue."""
        seg, articles = self.segments(file)
        passage = seg.passages[pos]
        return passage, articles[passage.article_id], seg.issue


def load_snapshot(index_dir: Path, segments_dir: Path, manifest: dict[str, Any], engine: str, synonyms: Synonyms,
                  known: Mapping[str, Segment] | None = None, added: Sequence[Segments] = ()) -> Snapshot:
    """Open the manifest's segments (reusing those already verified in `known`) as one searchable archive."""
    known = known or {}
    parts = []
    for entry in manifest["segments"]:
        seg = known.get(entry["name"]) or load_segment(index_dir, entry["name"], entry["checksums"])
        if seg.num_docs != entry["docs"] or int(seg.docs.file.max(initial=-1)) >= len(entry["files"]):
            raise IndexFormatError(f"segment {entry['name']} does not match its manifest entry")
        parts.append(seg)
    files = tuple(f for entry in manifest["segments"] for f in entry["files"])
    docs = _doc_table(parts, [len(e["files"]) for e in manifest["segments"]])
    by_file = {(s.key, s.source): s for s in added}
    loaded = {i: (s, {a.id: a for a in s.issue.articles}) for i, f in enumerate(files)
              if (s := by_file.get((f["key"], printable_name(Path(f["path"]).name)))) is not None}
    # the archive's lookup is bound to its own snapshot, so a refresh never mixes two file tables
    holder: list[Snapshot] = []
    lookup: Callable[[int, int], tuple[Passage, Article, Issue]] = lambda f, p: holder[0].lookup(f, p)  # noqa: E731
    synonyms = synonyms.with_groups(manifest["aliases"])
    index = SegmentIndex.of(parts)
    ranker: Ranker = index
    if engine == "bm25s":
        ranker = index.to_index()
    elif engine == "rank-bm25":
        partial = Snapshot(Archive.of(index, docs, lookup, synonyms), files, segments_dir, tuple(parts), loaded)
        ranker = OkapiIndex([t for i in range(len(files)) for t in partial.segments(i)[0].tokens])
    snapshot = Snapshot(Archive.of(ranker, docs, lookup, synonyms), files, segments_dir, tuple(parts), loaded)
    holder.append(snapshot)
    return snapshot


def _doc_table(parts: Sequence[Segment], file_counts: Sequence[int]) -> DocTable:
    """Join the segments' passage tables, numbering files through the whole archive."""
    if not parts:
        empty = np.zeros(0, np.int32)
        return DocTable(empty, empty, empty, empty)
    if len(parts) == 1:  # the usual large archive after --optimize: its table as mapped, not copied
        return parts[0].docs
    offsets = np.cumsum([0, *file_counts[:-1]])
    file = np.concatenate([np.asarray(p.docs.file) + np.int32(o) for p, o in zip(parts, offsets)]).astype(np.int32)
    return DocTable(file, *(np.concatenate([np.asarray(getattr(p.docs, a)) for p in parts])
                            for a in ("pos", "day", "issue_no")))
