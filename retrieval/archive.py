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
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus import issue_files
from retrieval.index import ENGINES, IndexFormatError, idf
from retrieval.ingest import fingerprint, segment_files
from retrieval.manifest import IngestReport, file_entry, unique_names, versions
from retrieval.models import Article, Issue
from retrieval.search import Archive, SearchResult, search
from retrieval.segment import Segmenter, normalise
from retrieval.segstore import Segment
from retrieval.snapshot import Snapshot, load_snapshot
from retrieval.store import Segments, drop_older_cache, read_manifest, save_manifest, to_day
from retrieval.synonyms import DEFAULT_SYNONYMS, abbreviations, read_synonyms
from retrieval.writer import exclusive, remove_unlisted, update

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (bytes done, bytes in total)


class Library:
    """Search over the persisted index of an archive; rebuilds it from the corpus when missing or stale."""

    def __init__(self, corpus_dir: Path, data_dir: Path, segmenter: Segmenter, paper: str,
                 engine: str = "segments", synonym_lists: Sequence[Path] = (DEFAULT_SYNONYMS,)) -> None:
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
        self._snapshot: Snapshot | None = None
        self._inherited: dict[str, Segment] = {}  # segments a refreshing library already verified

    def _current(self) -> Snapshot:
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
                    end: dt.date | None = None, signed_by: Sequence[tuple[str, ...]] = ()) -> np.ndarray:
        """Return a mask over the passages: those of the articles keep accepts, in issues dated start..end.

        Without dates every file is read (undated ones too); with them, only the files of those days.
        `signed_by` holds keep's author conditions (each: alternative names, normalised): only files whose
        listed byline names hold one name of every condition, whole or in part, are read.
        """
        snap = self._current()
        docs = snap.archive.docs
        mask = np.zeros(len(docs.file), bool)
        inside = np.ones(len(docs.file), bool)
        if start is not None or end is not None:
            inside = (docs.day >= max(to_day(start), 0)) & (docs.day <= to_day(end or dt.date.max))
        files = np.unique(docs.file[inside]).tolist()
        if signed_by and all("signed" in snap.files[f] for f in files):
            files = [f for f in files if _may_sign(snap.files[f]["signed"], signed_by)]
        for file in files:
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
        reason, damaged = self._open_saved()
        if reason is None:
            return
        log.log(logging.INFO if reason == "no index yet" else logging.WARNING, "rebuilding the index: %s", reason)
        with exclusive(self.lock_file):
            report = self._ingest(None, None, False, False, rebuild=damaged)  # a damaged segment is not reused
        if self._snapshot is None:  # nothing readable, and no saved archive to fall back on
            skipped = "; ".join(f"{p.source}: {p.reason}" for p in report.problems[:3])
            raise IndexFormatError(f"no readable issue file in {self.corpus_dir}"
                                   + (f" ({skipped})" if skipped else "") + "; add .txt issue files, then run newsbot ingest")

    def _open_saved(self) -> tuple[str | None, bool]:
        """Load the saved index when current; else return why not, and whether its segments are damaged.

        An ingest replacing the index while it is being opened removes the old segments: then the
        new manifest is opened instead (a few times at most).
        """
        reason = "no index yet"
        for _ in range(3):
            try:
                manifest = read_manifest(self.index_dir)
            except IndexFormatError as exc:
                return str(exc), False
            stale = self._stale_reason(manifest)
            if stale is not None:
                return stale, False
            try:
                self._snapshot = self._load(manifest)
                return None, False
            except IndexFormatError as exc:
                reason = str(exc)
            try:
                if read_manifest(self.index_dir) == manifest:
                    return reason, True
            except IndexFormatError:
                return reason, True
        return reason, True

    @property
    def lock_file(self) -> Path:
        """Return the file whose lock one writer of the index holds at a time."""
        return self.index_dir.parent / "ingest.lock"

    def ingest(
        self, paths: Sequence[Path] | None = None, progress: Progress | None = None, fresh: bool = False,
        optimize: bool = False,
    ) -> IngestReport:
        """Bring the index up to date with the corpus folder, the paths added before, and `paths` (added now).

        Only new or changed files are read (and segmented, unless cached): unchanged files keep their
        segments. `fresh` forgets the paths added before: the archive is then the corpus folder, or
        `paths` alone. `optimize` merges all segments into one. A second writer waits for the first.
        """
        with exclusive(self.lock_file):
            return self._ingest(paths, progress, fresh, optimize, False)

    def _ingest(self, paths: Sequence[Path] | None, progress: Progress | None, fresh: bool, optimize: bool,
                rebuild: bool) -> IngestReport:
        start = time.perf_counter()
        roots = self._roots(paths, fresh)
        found, problems = issue_files(roots)
        files, clashes = unique_names(found)
        saved = [] if rebuild else self._saved_segments()
        drop_older_cache(self.segments_dir)
        known = {f["path"]: (f["size"], f["mtime_ns"]) for s in saved for f in s["files"]}
        entries_now = {p: file_entry(p, "") for p in files if p.exists()}
        total = sum(e["size"] for e in entries_now.values())
        done = [sum(e["size"] for e in entries_now.values() if known.get(e["path"]) == (e["size"], e["mtime_ns"]))]

        def tick(size: int) -> None:
            done[0] += size
            if progress is not None:
                progress(done[0], total)

        up = update(self.index_dir, saved, files, lambda batch: segment_files(
            batch, self.paper, self.segmenter, self.segments_dir, 2, tick), optimize)
        problems = [*problems, *clashes, *up.problems]
        entries = [f for s in up.segments for f in s["files"]]
        if not entries:
            # Nothing readable: keep the saved archive rather than replace it with an empty one.
            return IngestReport(len(files), 0, 0, 0, 0, 0, time.perf_counter() - start, up.seconds, tuple(problems))
        read = {f["path"] for f in entries}
        # unreadable files are remembered too, or every check would find the corpus "changed"
        found_now = [file_entry(p, "") for p in found if p.exists()]  # clashing names too, not only unreadable files
        skipped = [{k: e[k] for k in ("path", "size", "mtime_ns")} for e in found_now if e["path"] not in read]
        aliases = abbreviations(tuple(d) for f in entries for d in f["defines"])
        manifest = {"fingerprint": fingerprint(self.segmenter), "versions": versions(),
                    "corpus": str(self.corpus_dir.resolve()), "paper": self.paper,
                    "roots": [str(r) for r in roots], "segments": list(up.segments), "skipped": skipped,
                    "aliases": [list(pair) for pair in aliases]}
        save_manifest(self.index_dir, manifest)  # the switch: before it the old archive, after it the new one
        remove_unlisted(self.index_dir, up.segments)
        self._snapshot = self._load(read_manifest(self.index_dir), up.added)  # segments open already are reused
        return IngestReport(
            len(files), len(entries), sum(f["articles"] for f in entries), sum(f["passages"] for f in entries),
            up.segmented_files, up.segmented_chars, time.perf_counter() - start, up.seconds, tuple(problems),
        )

    def _saved_segments(self) -> list[dict[str, Any]]:
        """Return the saved segments an update may keep: none when the manifest is unreadable or built otherwise."""
        try:
            manifest = read_manifest(self.index_dir)
        except IndexFormatError:
            return []
        if self._built_otherwise(manifest):
            return []
        return list(manifest["segments"])

    def _roots(self, paths: Sequence[Path] | None, fresh: bool) -> list[Path]:
        """Return the folders and files the archive covers: corpus folder, earlier additions, paths."""
        base = self.corpus_dir.resolve()
        added = [Path(p).resolve() for p in paths or ()]
        if fresh:
            return added or [base]
        try:
            saved = [Path(r) for r in read_manifest(self.index_dir)["roots"]]
        except IndexFormatError:
            saved = []
        if not saved or saved[0] != base:  # no archive yet, or another corpus folder: start from this one
            saved = [base]
        for gone in (r for r in saved[1:] if not r.exists()):
            log.warning("%s is gone; it leaves the archive", gone)
        kept = [r for r in saved if r == base or r.exists()]
        return list(dict.fromkeys([*kept, *added]))

    def _built_otherwise(self, manifest: dict[str, Any]) -> str | None:
        """Return why the saved segments cannot serve this library at all (another parser, corpus, paper), or None."""
        if manifest["fingerprint"] != fingerprint(self.segmenter):
            return "the parser, segmenter or dictionaries changed"
        if manifest["versions"] != versions():
            return f"library versions changed (index built with {manifest['versions']})"
        if manifest["corpus"] != str(self.corpus_dir.resolve()):
            return f"the corpus folder changed from {manifest['corpus']} to {self.corpus_dir.resolve()}"
        if manifest["paper"] != self.paper:
            return f"the paper's name changed from {manifest['paper']} to {self.paper}"
        return None

    def _stale_reason(self, manifest: dict[str, Any]) -> str | None:
        """Return why the saved index cannot be used as it is, or None."""
        otherwise = self._built_otherwise(manifest)
        if otherwise:
            return otherwise
        files, _ = issue_files([Path(r) for r in manifest["roots"]])
        now = {(e["path"], e["size"], e["mtime_ns"]) for e in (file_entry(p, "") for p in files if p.exists())}
        listed = [*(f for s in manifest["segments"] for f in s["files"]), *manifest["skipped"]]
        saved = {(e["path"], e["size"], e["mtime_ns"]) for e in listed}
        if now != saved:
            return f"corpus changed: {len(now - saved)} new or changed file(s), {len(saved - now)} gone"
        return None

    def _load(self, manifest: dict[str, Any], added: Sequence[Segments] = ()) -> Snapshot:
        """Open the manifest's segments, reusing the ones already open, with the engine chosen."""
        known = {s.name: s for s in self._snapshot.parts} if self._snapshot is not None else self._inherited
        return load_snapshot(self.index_dir, self.segments_dir, manifest, self.engine, self.synonyms, known, added)

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

    def issues_signed_by(self, groups: Sequence[tuple[str, ...]]) -> tuple[Issue, ...] | None:
        """Return the issues whose byline names may meet every group (one of its names, whole or in part),
        loading only those files; None when the index predates the byline lists (read every issue then)."""
        snap = self._current()
        if any("signed" not in f for f in snap.files):
            return None
        return tuple(snap.segments(i)[0].issue for i, f in enumerate(snap.files) if _may_sign(f["signed"], groups))

    def issues(self) -> tuple[Issue, ...]:
        """Return every indexed issue, in index order."""
        snap = self._current()
        return tuple(snap.segments(i)[0].issue for i in range(len(snap.files)))

    def refresh(self) -> bool:
        """Pick up new issues (a changed corpus, or an index saved elsewhere); return True if some arrived.

        The new archive is built (or loaded) aside, by a library and segmenter of its own (only new or
        changed files are segmented, into a new segment; the segments already open are reused), then
        swapped in by one assignment.
        """
        try:
            manifest = read_manifest(self.index_dir)
            reason = self._stale_reason(manifest)
        except IndexFormatError as exc:
            manifest, reason = {}, str(exc)
        old = self._snapshot
        listed = [f for s in manifest.get("segments", []) for f in s["files"]]
        if reason is None and old is not None and listed == list(old.files):
            return False
        seg = self.segmenter
        aside = Library(self.corpus_dir, self.index_dir.parent, Segmenter(
            seg.userdicts, seg.cache_dir, seg.stopwords, seg.question_words, seg.bigrams), self.paper, self.engine,
            self.synonym_lists)
        aside._inherited = {s.name: s for s in old.parts} if old is not None else {}
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
        before = {e["path"] for e in (old.files if old is not None else listed)}
        self._snapshot = aside._snapshot  # one assignment: archive, file table and segments change together
        new = [Path(e["path"]).name for e in aside._snapshot.files if e["path"] not in before]
        log.info("index refreshed: %d new issue file(s) %s; segmented %d file(s)", len(new), new, segmented)
        return bool(new)


def _may_sign(signed: Sequence[str], groups: Sequence[tuple[str, ...]]) -> bool:
    """Tell whether a file's byline names may meet every author condition: each holds one of its names,
    whole or as a part (an author's condition matches part of a name)."""
    names = [normalise(s).lower() for s in signed]
    return all(any(n in s for s in names for n in group) for group in groups)
