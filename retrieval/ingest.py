"""Parse and segment issue files, reusing each unchanged file's cached segments; build the index."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import decode_issue_bytes, printable_name
from retrieval.index import Index, build_index
from retrieval.models import IngestProblem
from retrieval.parse import SeedFormatError, parse_issue
from retrieval.passages import split_passages
from retrieval.segment import DATA_DIR, Segmenter
from retrieval.store import DocTable, Segments, content_key, load_segments, save_segments
from retrieval.terms import Terms

PARALLEL_BYTES = 4_000_000  # below this, starting a second process costs more than it saves
_NOT_SEGMENTING = {"browse.py", "find.py", "query.py", "archive.py", "labels.py", "segstore.py", "segindex.py", "writer.py", "snapshot.py", "manifest.py", "blockmax.py", "terms.py", "search.py", "dates.py", "store.py", "index.py", "ingest.py", "__init__.py",
                   "synonyms.py", "synonyms.txt"}  # synonyms are searched, not segmented: changing them re-segments nothing
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Segmented:
    """The outcome of segmenting files: their segments, skipped files, and how much was new work."""

    files: tuple[Segments, ...]
    problems: tuple[IngestProblem, ...]
    segmented_files: int
    segmented_chars: int
    seconds: float = 0.0  # spent parsing and segmenting new files, jieba's dictionary load aside


def fingerprint(segmenter: Segmenter) -> str:
    """Return a hash of the code and data that decide passages and terms (parser, splitter, segmenter)."""
    h = hashlib.sha256(segmenter.fingerprint.encode())
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *(p for p in DATA_DIR.glob("*") if p.is_file())]):
        if path.name not in _NOT_SEGMENTING:
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:12]


def segment_file(path: Path, content: bytes, key: str, paper: str, segmenter: Segmenter) -> Segments:
    """Parse one file and segment every passage of every article."""
    source = printable_name(path.name)
    issue = parse_issue(decode_issue_bytes(content), source, paper)
    passages = tuple(p for article in issue.articles for p in split_passages(article))
    terms = Terms.of(segmenter.tokens_many([p.indexed_text for p in passages]))
    return Segments(source, key, issue, passages, terms, sum(len(p.indexed_text) for p in passages))


def segment_files(
    files: Sequence[Path], paper: str, segmenter: Segmenter, cache: Path, workers: int = 2,
    progress: Progress | None = None, parallel_bytes: int = PARALLEL_BYTES,
) -> Segmented:
    """Segment files (cached ones are loaded, not segmented); one bad file never stops the others."""
    fp = fingerprint(segmenter)
    done: dict[Path, Segments] = {}
    todo: list[tuple[Path, bytes, str]] = []
    problems: list[IngestProblem] = []
    for path in files:
        try:
            content = path.read_bytes()
        except OSError as exc:
            problems.append(IngestProblem(printable_name(path.name), exc.strerror or type(exc).__name__))
            continue
        key = content_key(content, fp)
        cached = load_segments(cache, key)
        if cached is not None and cached.source == printable_name(path.name):
            done[path] = cached
            _tick(progress, len(content))
        else:
            todo.append((path, content, key))
    procs = workers if sum(len(content) for _, content, _ in todo) >= parallel_bytes else 1
    if todo:
        segmenter.load_full()  # once in the parent, before the clock: forked workers inherit it
    started = time.perf_counter()
    for path, outcome in _run(todo, paper, segmenter, procs, progress):
        if isinstance(outcome, Segments):
            save_segments(cache, outcome)
            done[path] = outcome
        else:
            problems.append(IngestProblem(printable_name(path.name), outcome))
    new = [done[p] for p, _, _ in todo if p in done]
    ordered = tuple(done[p] for p in files if p in done)
    return Segmented(ordered, tuple(problems), len(new), sum(s.chars for s in new), time.perf_counter() - started)


def _tick(progress: Progress | None, size: int) -> None:
    if progress is not None:
        progress(size)


_WORKER: dict[str, object] = {}  # the forked worker's segmenter, inherited from the parent


def _segment_task(task: tuple[Path, bytes, str, str]) -> tuple[Path, Segments | str]:
    path, content, key, paper = task
    segmenter = typing.cast(Segmenter, _WORKER["segmenter"])  # set by _run before forking
    try:
        return path, segment_file(path, content, key, paper, segmenter)
    except (SeedFormatError, OSError, UnicodeDecodeError) as exc:
        return path, str(exc) or type(exc).__name__


def _run(
    todo: list[tuple[Path, bytes, str]], paper: str, segmenter: Segmenter, workers: int, progress: Progress | None
) -> typing.Iterator[tuple[Path, Segments | str]]:
    """Yield (path, Segments or reason) for each file, in forked workers when more than one."""
    if not todo:
        return
    segmenter.load_full()  # segment_files has loaded it, so forked workers inherit it
    _WORKER["segmenter"] = segmenter
    tasks = [(path, content, key, paper) for path, content, key in todo]
    sizes = {path: len(content) for path, content, _ in todo}
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for path, outcome in pool.imap_unordered(_segment_task, tasks, chunksize=4):
                _tick(progress, sizes[path])
                yield path, outcome
        return
    for task in tasks:
        path, outcome = _segment_task(task)
        _tick(progress, sizes[path])
        yield path, outcome


def build_from_segments(files: Sequence[Segments]) -> tuple[Index, DocTable]:
    """Build the bm25s index and the passage table over files' passages, in order."""
    tokens = [t for f in files for t in f.tokens]
    return build_index(tokens), DocTable.from_segments(files)
