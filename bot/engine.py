"""The search engine of newsbot: builds, persists and reloads the index described by Settings."""

from __future__ import annotations

import datetime as dt
import math
import logging
import platform
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from bot.settings import Settings
from retrieval import (
    DEFAULT_USERDICT, ENGINES, Archive, Article, IndexFormatError, IngestProblem, Issue, OkapiIndex, Passage, Ranker,
    SearchResult, Segmenter, Segments, build_from_segments, fingerprint, issue_files, load_index, load_segments,
    read_manifest, save_index, search, segment_files, to_day,
)

log = logging.getLogger(__name__)
LIBRARIES = ("numpy", "bm25s", "rank-bm25", "jieba", "OpenCC")
Progress = Callable[[int, int], None]  # (bytes done, bytes in total)


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


class Engine:
    """Search over the persisted index; rebuilds it from the corpus when missing or stale."""

    def __init__(self, settings: Settings, segmenter: Segmenter) -> None:
        self.settings = settings
        self.segmenter = segmenter
        self.index_dir = settings.data_dir / "index"
        self.segments_dir = settings.data_dir / "segments"
        self.archive: Archive | None = None
        self._files: list[dict[str, Any]] = []
        self._loaded: dict[int, tuple[Segments, dict[str, Article]]] = {}

    def search(
        self, question: str, k: int = 5, date_range: tuple[dt.date, dt.date] | None = None,
        reference: dt.date | None = None,
    ) -> SearchResult:
        """Return the k best passages for question (see retrieval.search.search)."""
        if self.archive is None:
            self.open()
        assert self.archive is not None  # open() either sets it or raises
        return search(self.archive, self.segmenter, question, k, date_range, reference)

    def open(self) -> None:
        """Load the saved index, rebuilding it (and logging why) when missing, stale or unreadable."""
        try:
            manifest = read_manifest(self.index_dir)
            reason = self._stale_reason(manifest)
            if reason is None:
                self._load(manifest)
                return
        except IndexFormatError as exc:
            reason = str(exc)
        log.log(logging.INFO if reason == "no index yet" else logging.WARNING, "rebuilding the index: %s", reason)
        report = self.ingest()
        if self.archive is None:  # nothing readable, and no saved archive to fall back on
            skipped = "; ".join(f"{p.source}: {p.reason}" for p in report.problems[:3])
            raise IndexFormatError(f"no readable issue file in {self.settings.corpus_dir}"
                                   + (f" ({skipped})" if skipped else "") + "; add .txt issue files, then run newsbot ingest")

    def ingest(
        self, paths: Sequence[Path] | None = None, progress: Progress | None = None, fresh: bool = False,
    ) -> IngestReport:
        """Build the index over the corpus folder, the paths added before, and `paths` (added now).

        Cached segments are reused, so only new or changed files are segmented. `fresh` forgets
        the paths added before: the archive is then the corpus folder, or `paths` alone.
        """
        start = time.perf_counter()
        roots = self._roots(paths, fresh)
        found, problems = issue_files(roots)
        files, clashes = _unique_names(found)
        total = sum(p.stat().st_size for p in files)
        done = [0]

        def tick(size: int) -> None:
            done[0] += size
            if progress is not None:
                progress(done[0], total)

        segmented = segment_files(files, self.settings.paper, self.segmenter, self.segments_dir, 2, tick)
        seg_seconds = segmented.seconds  # segmenting alone: the throughput in the summary leaves out loading
        problems = [*problems, *clashes, *segmented.problems]
        if not segmented.files:
            # Nothing readable: keep the saved archive rather than replace it with an empty one.
            return IngestReport(len(files), 0, 0, 0, 0, 0, time.perf_counter() - start, seg_seconds, tuple(problems))
        index, docs = build_from_segments(segmented.files)
        by_name = {p.name: p for p in files}
        entries = [_file_entry(by_name[s.source], s.key) for s in segmented.files]
        read = {s.source for s in segmented.files}
        # unreadable files are remembered too, or every check would find the corpus "changed"
        skipped = [_file_entry(p, "") for p in found if p.name not in read and p.exists()]
        manifest = {"fingerprint": fingerprint(self.segmenter), "versions": versions(),
                    "roots": [str(r) for r in roots], "files": entries, "skipped": skipped}
        save_index(self.index_dir, index, docs, manifest)
        self._load(read_manifest(self.index_dir), segmented.files)
        return IngestReport(
            len(files), len(segmented.files), sum(len(s.issue.articles) for s in segmented.files), index.num_docs,
            segmented.segmented_files, segmented.segmented_chars, time.perf_counter() - start, seg_seconds,
            tuple(problems),
        )

    def _roots(self, paths: Sequence[Path] | None, fresh: bool) -> list[Path]:
        """Return the folders and files the archive covers: corpus folder, earlier additions, paths."""
        base = self.settings.corpus_dir.resolve()
        added = [Path(p).resolve() for p in paths or ()]
        if fresh:
            return added or [base]
        try:
            saved = [Path(r) for r in read_manifest(self.index_dir).get("roots", [])]
        except IndexFormatError:
            saved = []
        if not saved or saved[0] != base:  # no archive yet, or another corpus folder: start from this one
            saved = [base]
        for gone in (r for r in saved[1:] if not r.exists()):
            log.warning("%s is gone; it leaves the archive", gone)
        kept = [r for r in saved if r == base or r.exists()]
        return list(dict.fromkeys([*kept, *added]))

    def _stale_reason(self, manifest: dict[str, Any]) -> str | None:
        """Return why the saved index cannot be used as it is, or None."""
        if manifest.get("fingerprint") != fingerprint(self.segmenter):
            return "the parser, segmenter or dictionaries changed"
        if manifest.get("versions") != versions():
            return f"library versions changed (index built with {manifest.get('versions')})"
        files, _ = issue_files([Path(r) for r in manifest.get("roots", [])])
        now = {(e["path"], e["size"], e["mtime_ns"]) for e in (_file_entry(p, "") for p in files)}
        saved = {(e["path"], e["size"], e["mtime_ns"]) for e in [*manifest.get("files", []), *manifest.get("skipped", [])]}
        if now != saved:
            return f"corpus changed: {len(now - saved)} new or changed file(s), {len(saved - now)} gone"
        return None

    def _load(self, manifest: dict[str, Any], segments: Sequence[Segments] = ()) -> None:
        """Open the index arrays, and build the rank-bm25 model when that engine is chosen."""
        index, docs = load_index(self.index_dir, manifest)
        self._files = list(manifest["files"])
        self._loaded = {i: (s, {a.id: a for a in s.issue.articles}) for i, s in enumerate(segments)}
        ranker: Ranker = index
        if self.settings.engine == "rank-bm25":
            ranker = OkapiIndex([t for i in range(len(self._files)) for t in self._segments(i)[0].tokens])
        elif self.settings.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.settings.engine!r}; choose one of {', '.join(ENGINES)}")
        self.archive = Archive.of(ranker, docs, self._lookup)

    def _segments(self, file: int) -> tuple[Segments, dict[str, Article]]:
        """Return one file's segments, loading them from the cache the first time."""
        if file not in self._loaded:
            seg = load_segments(self.segments_dir, self._files[file]["key"])
            if seg is None:
                raise IndexFormatError(f"segments of {self._files[file]['path']} missing; run `newsbot ingest`")
            self._loaded[file] = (seg, {a.id: a for a in seg.issue.articles})
        return self._loaded[file]

    def _lookup(self, file: int, pos: int) -> tuple[Passage, Article, Issue]:
        seg, articles = self._segments(file)
        passage = seg.passages[pos]
        return passage, articles[passage.article_id], seg.issue

    def rarest_weight(self) -> float:
        """Return the idf a term printed in no passage would have: the weight of the unknown."""
        if self.archive is None:
            self.open()
        return math.log(1.0 + (self.archive.ranker.num_docs + 0.5) / 0.5)

    def article(self, article_id: str) -> tuple[Issue, Article] | None:
        """Return the article with this id and its issue, or None when the archive has no such article."""
        if self.archive is None:
            self.open()
        stem = article_id.rsplit("-", 1)[0]
        for i, entry in enumerate(self._files):
            if Path(entry["path"]).stem == stem:
                seg, articles = self._segments(i)
                if article_id in articles:
                    return seg.issue, articles[article_id]
        return None

    def newest_issue(self) -> Issue | None:
        """Return the issue with the latest date (None for an empty archive)."""
        span = self.date_span()
        dated = self.issues_between(span[1], span[1]) if span else ()
        return max(dated, key=lambda i: (i.date, i.source)) if dated else None

    def date_span(self) -> tuple[dt.date, dt.date] | None:
        """Return the first and last issue dates of the archive (None when no issue is dated)."""
        if self.archive is None:
            self.open()
        dates = self.archive.dates
        return (min(dates), max(dates)) if dates else None

    def issues_between(self, start: dt.date, end: dt.date) -> tuple[Issue, ...]:
        """Return the issues dated start..end, loading only their files' segments."""
        if self.archive is None:
            self.open()
        docs = self.archive.docs
        inside = (docs.day >= to_day(start)) & (docs.day <= to_day(end))
        return tuple(self._segments(int(f))[0].issue for f in np.unique(docs.file[inside]))

    def issues(self) -> tuple[Issue, ...]:
        """Return every indexed issue, in index order."""
        if self.archive is None:
            self.open()
        return tuple(self._segments(i)[0].issue for i in range(len(self._files)))

    def refresh(self, lock: AbstractContextManager[object] | None = None) -> bool:
        """Pick up new issues (a changed corpus, or an index saved elsewhere); return True if some arrived.

        The new archive is built (or loaded) aside, by an engine and segmenter of its own (cached
        files are loaded, only new or changed ones segmented), then swapped in at once — under lock
        when one is given — so a concurrent search sees the old archive or the new one, never a mix.
        """
        try:
            manifest = read_manifest(self.index_dir)
            reason = self._stale_reason(manifest)
        except IndexFormatError as exc:
            manifest, reason = {}, str(exc)
        if reason is None and self.archive is not None and manifest.get("files") == self._files:
            return False
        seg = self.segmenter
        fresh = Engine(self.settings, Segmenter(seg.userdicts, seg.cache_dir, seg.stopwords, seg.question_words,
                                                seg.bigrams))
        segmented = 0
        try:
            if reason is None:  # current, but not the one loaded: `newsbot ingest` ran elsewhere
                log.info("loading the index saved by another process")
                fresh._load(manifest)
            else:
                log.info("refreshing the index: %s", reason)
                segmented = fresh.ingest([Path(r) for r in manifest.get("roots", [])] or None).segmented_files
        except IndexFormatError as exc:  # replaced again meanwhile: the next check catches up
            log.warning("index refresh postponed: %s", exc)
            return False
        if fresh.archive is None:  # nothing readable: keep what we have
            return False
        before = {e["path"] for e in (self._files if self.archive is not None else manifest.get("files", []))}
        retired = (self.archive, self._files, self._loaded)  # freed after the swap, never during it
        with lock or nullcontext():
            # one dict update: the archive, its file table and loaded segments change together
            self.__dict__.update(archive=fresh.archive, _files=fresh._files, _loaded=fresh._loaded)
        del retired
        new = [Path(e["path"]).name for e in fresh._files if e["path"] not in before]
        log.info("index refreshed: %d new issue file(s) %s; segmented %d file(s)", len(new), new, segmented)
        return bool(new)


def _unique_names(files: Sequence[Path]) -> tuple[list[Path], list[IngestProblem]]:
    """Keep one file per name: article ids derive from it, so a second one would clash."""
    kept: dict[str, Path] = {}
    clashes = []
    for path in files:
        first = kept.setdefault(path.name, path)
        if first.resolve() != path.resolve():
            clashes.append(IngestProblem(str(path), f"same file name as {first}, already in the archive"))
    return list(kept.values()), clashes


def _file_entry(path: Path, key: str) -> dict[str, Any]:
    stat = path.stat()
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "key": key}


def build_segmenter(settings: Settings) -> Segmenter:
    """Build the Segmenter: bundled user dictionary plus the optional extra one from settings."""
    userdicts = (DEFAULT_USERDICT, settings.userdict) if settings.userdict else (DEFAULT_USERDICT,)
    return Segmenter(userdicts, cache_dir=settings.data_dir / "cache")


def build_engine(settings: Settings) -> Engine:
    """Build the engine from settings; the index is opened (or rebuilt) on first use."""
    return Engine(settings, build_segmenter(settings))
