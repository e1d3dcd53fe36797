"""An archive on disk: build, open and refresh its index; look up its issues and articles.

A `Library` is given its folders and a Segmenter (no settings): the corpus folder, the data folder
holding `index/` and `segments/`, the paper's name for pages that print none, the ranking engine
and the synonym lists. It opens the saved index on first use and rebuilds it, saying why in the
log, when it is missing, stale or unreadable. What is loaded lives in one frozen snapshot, so a refresh swaps the
whole archive at once: a search running meanwhile sees the old archive or the new one, never a mix.
The abbreviations the articles define (`(以下简称…)`) are collected at ingest, saved in the manifest,
and searched as synonyms alongside the lists.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus import issue_files, printable_name
from retrieval.index import ENGINES, IndexFormatError, OkapiIndex, Ranker, idf
from retrieval.ingest import build_from_segments, fingerprint, segment_files
from retrieval.manifest import IngestReport, file_entry, unique_names, versions
from retrieval.models import Article, Issue, Passage
from retrieval.search import Archive, SearchResult, search
from retrieval.segment import Segmenter
from retrieval.store import Segments, load_index, load_segments, read_manifest, save_index, to_day
from retrieval.synonyms import DEFAULT_SYNONYMS, find_abbreviations, read_synonyms

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (bytes done, bytes in total)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """One loaded index: the searchable archive, its file table, and the files' segments loaded so far."""

    archive: Archive
    files: tuple[dict[str, Any], ...]
    segments_dir: Path
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


class Library:
    """Search over the persisted index of an archive; rebuilds it from the corpus when missing or stale."""

    def __init__(self, corpus_dir: Path, data_dir: Path, segmenter: Segmenter, paper: str,
                 engine: str = "bm25s", synonym_lists: Sequence[Path] = (DEFAULT_SYNONYMS,)) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.corpus_dir = corpus_dir
        self.segmenter = segmenter
        self.paper = paper
        self.engine = engine
        self.synonym_lists = tuple(synonym_lists)
        self.synonyms = read_synonyms(self.synonym_lists)
        self.index_dir = data_dir / "index"
        self.segments_dir = data_dir / "segments"
        self._snapshot: _Snapshot | None = None

    def _current(self) -> _Snapshot:
        """Return the loaded snapshot, opening (or building) the index on first use."""
        if self._snapshot is None:
            self.open()
        assert self._snapshot is not None  # open() either loads one or raises
        return self._snapshot

    @property
    def archive(self) -> Archive:
        """Return the searchable archive (ranker, passage table, dates)."""
        return self._current().archive

    def search(
        self, question: str, k: int = 5, date_range: tuple[dt.date, dt.date] | None = None,
        reference: dt.date | None = None, read_dates: bool = True, only: np.ndarray | None = None,
    ) -> SearchResult:
        """Return the k best passages for question (see retrieval.search.search)."""
        return search(self.archive, self.segmenter, question, k, date_range, reference, read_dates, only)

    def passages_of(self, keep: Callable[[Issue, Article], bool], start: dt.date | None = None,
                    end: dt.date | None = None) -> np.ndarray:
        """Return a mask over the passages: those of the articles keep accepts, in issues dated start..end.

        Without dates every file is read (undated ones too); with them, only the files of those days.
        """
        snap = self._current()
        docs = snap.archive.docs
        mask = np.zeros(len(docs.file), bool)
        inside = np.ones(len(docs.file), bool)
        if start is not None or end is not None:
            inside = (docs.day >= max(to_day(start), 0)) & (docs.day <= to_day(end or dt.date.max))
        for file in np.unique(docs.file[inside]).tolist():
            seg, articles = snap.segments(file)
            kept = {a.id for a in articles.values() if keep(seg.issue, a)}
            if kept:
                rows = np.flatnonzero(docs.file == file)
                mask[rows] = [seg.passages[p].article_id in kept for p in docs.pos[rows].tolist()]
        return mask

    def weights(self, terms: Sequence[str]) -> dict[str, float]:
        """Return each term's idf over the archive (0 for a term no passage holds)."""
        return self.archive.ranker.weights(terms)

    def unknown_weight(self) -> float:
        """Return the idf a term printed in no passage would have: the weight of the unknown."""
        return idf(self.archive.ranker.num_docs, 0)

    def open(self) -> None:
        """Load the saved index, rebuilding it (and logging why) when missing, stale or unreadable."""
        try:
            manifest = read_manifest(self.index_dir)
            reason = self._stale_reason(manifest)
            if reason is None:
                self._snapshot = self._load(manifest)
                return
        except IndexFormatError as exc:
            reason = str(exc)
        log.log(logging.INFO if reason == "no index yet" else logging.WARNING, "rebuilding the index: %s", reason)
        report = self.ingest()
        if self._snapshot is None:  # nothing readable, and no saved archive to fall back on
            skipped = "; ".join(f"{p.source}: {p.reason}" for p in report.problems[:3])
            raise IndexFormatError(f"no readable issue file in {self.corpus_dir}"
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
        files, clashes = unique_names(found)
        total = sum(p.stat().st_size for p in files)
        done = [0]

        def tick(size: int) -> None:
            done[0] += size
            if progress is not None:
                progress(done[0], total)

        segmented = segment_files(files, self.paper, self.segmenter, self.segments_dir, 2, tick)
        seg_seconds = segmented.seconds  # segmenting alone: the throughput in the summary leaves out loading
        problems = [*problems, *clashes, *segmented.problems]
        if not segmented.files:
            # Nothing readable: keep the saved archive rather than replace it with an empty one.
            return IngestReport(len(files), 0, 0, 0, 0, 0, time.perf_counter() - start, seg_seconds, tuple(problems))
        index, docs = build_from_segments(segmented.files)
        by_name = {printable_name(p.name): p for p in files}
        entries = [file_entry(by_name[s.source], s.key) for s in segmented.files]
        read = {s.source for s in segmented.files}
        # unreadable files are remembered too, or every check would find the corpus "changed"
        skipped = [file_entry(p, "") for p in found if printable_name(p.name) not in read and p.exists()]
        aliases = find_abbreviations(s.issue for s in segmented.files)
        manifest = {"fingerprint": fingerprint(self.segmenter), "versions": versions(),
                    "roots": [str(r) for r in roots], "files": entries, "skipped": skipped,
                    "aliases": [list(pair) for pair in aliases]}
        save_index(self.index_dir, index, docs, manifest)
        self._snapshot = self._load(read_manifest(self.index_dir), segmented.files)
        return IngestReport(
            len(files), len(segmented.files), sum(len(s.issue.articles) for s in segmented.files), index.num_docs,
            segmented.segmented_files, segmented.segmented_chars, time.perf_counter() - start, seg_seconds,
            tuple(problems),
        )

    def _roots(self, paths: Sequence[Path] | None, fresh: bool) -> list[Path]:
        """Return the folders and files the archive covers: corpus folder, earlier additions, paths."""
        base = self.corpus_dir.resolve()
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
        if not isinstance(manifest.get("aliases"), list):
            return "the index has no table of the abbreviations its articles define"
        if manifest.get("versions") != versions():
            return f"library versions changed (index built with {manifest.get('versions')})"
        files, _ = issue_files([Path(r) for r in manifest.get("roots", [])])
        now = {(e["path"], e["size"], e["mtime_ns"]) for e in (file_entry(p, "") for p in files)}
        saved = {(e["path"], e["size"], e["mtime_ns"]) for e in [*manifest.get("files", []), *manifest.get("skipped", [])]}
        if now != saved:
            return f"corpus changed: {len(now - saved)} new or changed file(s), {len(saved - now)} gone"
        return None

    def _load(self, manifest: dict[str, Any], segments: Sequence[Segments] = ()) -> _Snapshot:
        """Open the index arrays (and build the rank-bm25 model when that engine is chosen)."""
        index, docs = load_index(self.index_dir, manifest)
        loaded = {i: (s, {a.id: a for a in s.issue.articles}) for i, s in enumerate(segments)}
        files = tuple(manifest["files"])
        synonyms = self.synonyms.with_groups(manifest.get("aliases", []))
        # the archive's lookup is bound to its own snapshot, so a refresh never mixes two file tables
        holder: list[_Snapshot] = []
        ranker: Ranker = index
        if self.engine == "rank-bm25":
            partial = _Snapshot(Archive.of(index, docs, lambda f, p: holder[0].lookup(f, p), synonyms), files,
                                self.segments_dir, loaded)
            ranker = OkapiIndex([t for i in range(len(files)) for t in partial.segments(i)[0].tokens])
        snapshot = _Snapshot(Archive.of(ranker, docs, lambda f, p: holder[0].lookup(f, p), synonyms), files,
                             self.segments_dir, loaded)
        holder.append(snapshot)
        return snapshot

    def article(self, article_id: str) -> tuple[Issue, Article] | None:
        """Return the article with this id and its issue, or None when the archive has no such article."""
        snap = self._current()
        stem = article_id.rsplit("-", 1)[0]
        for i, entry in enumerate(snap.files):
            if Path(entry["path"]).stem == stem:
                seg, articles = snap.segments(i)
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
        dates = self.archive.dates
        return (min(dates), max(dates)) if dates else None

    def issues_between(self, start: dt.date, end: dt.date) -> tuple[Issue, ...]:
        """Return the issues dated start..end, loading only their files' segments."""
        snap = self._current()
        docs = snap.archive.docs
        inside = (docs.day >= to_day(start)) & (docs.day <= to_day(end))
        return tuple(snap.segments(int(f))[0].issue for f in np.unique(docs.file[inside]))

    def issues(self) -> tuple[Issue, ...]:
        """Return every indexed issue, in index order."""
        snap = self._current()
        return tuple(snap.segments(i)[0].issue for i in range(len(snap.files)))

    def refresh(self) -> bool:
        """Pick up new issues (a changed corpus, or an index saved elsewhere); return True if some arrived.

        The new archive is built (or loaded) aside, by a library and segmenter of its own (cached
        files are loaded, only new or changed ones segmented), then swapped in by one assignment.
        """
        try:
            manifest = read_manifest(self.index_dir)
            reason = self._stale_reason(manifest)
        except IndexFormatError as exc:
            manifest, reason = {}, str(exc)
        old = self._snapshot
        if reason is None and old is not None and list(manifest.get("files", [])) == list(old.files):
            return False
        seg = self.segmenter
        aside = Library(self.corpus_dir, self.index_dir.parent, Segmenter(
            seg.userdicts, seg.cache_dir, seg.stopwords, seg.question_words, seg.bigrams), self.paper, self.engine,
            self.synonym_lists)
        segmented = 0
        try:
            if reason is None:  # current, but not the one loaded: `newsbot ingest` ran elsewhere
                log.info("loading the index saved by another process")
                aside._snapshot = aside._load(manifest)
            else:
                log.info("refreshing the index: %s", reason)
                segmented = aside.ingest([Path(r) for r in manifest.get("roots", [])] or None).segmented_files
        except IndexFormatError as exc:  # replaced again meanwhile: the next check catches up
            log.warning("index refresh postponed: %s", exc)
            return False
        if aside._snapshot is None:  # nothing readable: keep what we have
            return False
        before = {e["path"] for e in (old.files if old is not None else manifest.get("files", []))}
        self._snapshot = aside._snapshot  # one assignment: archive, file table and segments change together
        new = [Path(e["path"]).name for e in aside._snapshot.files if e["path"] not in before]
        log.info("index refreshed: %d new issue file(s) %s; segmented %d file(s)", len(new), new, segmented)
        return bool(new)
