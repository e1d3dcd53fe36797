"""Save and load indexes and segmented files: numpy arrays and JSON, never pickle, atomically."""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval import models
from retrieval.index import Index, IndexFormatError
from retrieval.models import Issue, Passage

FORMAT = 1
_INDEX_ARRAYS = ("vocab", "data", "rows", "indptr")
_DOC_ARRAYS = ("file", "pos", "day", "issue_no")
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Segments:
    """One source file, parsed and segmented: the unit the cache stores and ingest reuses."""

    source: str
    key: str
    issue: Issue
    passages: tuple[Passage, ...]
    tokens: tuple[tuple[str, ...], ...]
    chars: int = 0


@dataclass(frozen=True, slots=True)
class DocTable:
    """Where each passage of the index comes from: file number, position, issue date and number."""

    file: np.ndarray
    pos: np.ndarray
    day: np.ndarray
    issue_no: np.ndarray

    @staticmethod
    def from_segments(files: Sequence[Segments]) -> DocTable:
        """Describe the passages of files, in order."""
        counts = [len(f.passages) for f in files]
        days = [to_day(f.issue.date) for f in files]
        numbers = [f.issue.issue_no if f.issue.issue_no is not None else -1 for f in files]
        file = np.repeat(np.arange(len(files), dtype=np.int32), counts)
        pos = np.concatenate([np.arange(c, dtype=np.int32) for c in counts]) if files else file
        return DocTable(file, pos, np.asarray(days, np.int32)[file], np.asarray(numbers, np.int32)[file])


def to_day(date: dt.date | None) -> int:
    """Return days since 1970-01-01, or -1 for an unknown date."""
    return (date - _EPOCH).days if date else -1


def from_day(day: int) -> dt.date:
    """Return the date of a day number."""
    return _EPOCH + dt.timedelta(days=int(day))


def content_key(content: bytes, fingerprint: str) -> str:
    """Return the cache key of a file: its content hash plus the code and dictionary fingerprint."""
    return hashlib.sha256(content).hexdigest()[:24] + "-" + fingerprint


def write_atomic(path: Path, write: typing.Callable[[typing.BinaryIO], None]) -> None:
    """Write a file through a temporary file in the same folder, then os.replace it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_segments(folder: Path, seg: Segments) -> None:
    """Save one file's segments as JSON under its key."""
    doc = {"format": FORMAT, "source": seg.source, "key": seg.key, "chars": seg.chars,
           "issue": to_json(seg.issue), "passages": [to_json(p) for p in seg.passages], "tokens": seg.tokens}
    write_atomic(folder / f"{seg.key}.json", lambda f: f.write(json.dumps(doc, ensure_ascii=False).encode()))


def _json_bytes(value: object, indent: int | None = None) -> bytes:
    """Return JSON as UTF-8; \\u escapes keep any str, even a path's surrogate-escaped bytes, exactly."""
    return json.dumps(value, indent=indent).encode("ascii")


def load_segments(folder: Path, key: str) -> Segments | None:
    """Load one file's segments, or None when absent or unreadable (then it is segmented again)."""
    try:
        doc = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        if doc["format"] != FORMAT or doc["key"] != key:
            return None
        passages = tuple(from_json(Passage, p) for p in doc["passages"])
        tokens = tuple(tuple(t) for t in doc["tokens"])
        return Segments(doc["source"], key, from_json(Issue, doc["issue"]), passages, tokens, doc["chars"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_index(folder: Path, index: Index, docs: DocTable, manifest: dict[str, Any]) -> None:
    """Save arrays into a fresh generation folder, then switch the manifest to it atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    gen = Path(tempfile.mkdtemp(dir=folder, prefix="gen-"))
    for name in _INDEX_ARRAYS:
        np.save(gen / f"{name}.npy", getattr(index, name), allow_pickle=False)
    for name in _DOC_ARRAYS:
        np.save(gen / f"doc_{name}.npy", getattr(docs, name), allow_pickle=False)
    manifest = {**manifest, "format": FORMAT, "generation": gen.name, "num_docs": index.num_docs}
    text = _json_bytes(manifest, indent=1)  # paths as the file system gives them, undecodable bytes and all
    write_atomic(folder / "manifest.json", lambda f: f.write(text))
    for old in folder.glob("gen-*"):
        if old.name != gen.name:
            shutil.rmtree(old, ignore_errors=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the saved manifest, raising IndexFormatError when missing or of another format."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFormatError("no index yet") from None
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"manifest unreadable: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexFormatError(f"index format {manifest.get('format')!r}, expected {FORMAT}")
    return manifest


def load_index(folder: Path, manifest: dict[str, Any]) -> tuple[Index, DocTable]:
    """Memory-map the arrays of the manifest's generation; raise IndexFormatError if damaged."""
    try:
        gen, num_docs = folder / str(manifest["generation"]), int(manifest["num_docs"])
    except (KeyError, TypeError, ValueError):
        raise IndexFormatError("manifest lacks its generation or passage count") from None
    try:
        arrays = {n: np.load(gen / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in _INDEX_ARRAYS}
        docs = DocTable(**{n: np.load(gen / f"doc_{n}.npy", allow_pickle=False) for n in _DOC_ARRAYS})
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"index arrays unreadable: {exc}") from None
    index = Index(**arrays, doc_count=num_docs)
    if not _consistent(index, docs):
        raise IndexFormatError("index arrays inconsistent with each other")
    return index, docs


def _consistent(index: Index, docs: DocTable) -> bool:
    """Check the shapes that a truncated or mixed-up file would break."""
    n, nnz = index.num_docs, len(index.data)
    return (
        len(index.indptr) == len(index.vocab) + 1 and int(index.indptr[-1]) == nnz == len(index.rows)
        and all(len(getattr(docs, a)) == n for a in _DOC_ARRAYS)
        and (nnz == 0 or 0 <= int(index.rows[-1]) < n)
    )


def to_json(value: Any) -> Any:
    """Turn a frozen dataclass value (with tuples, dates, nested dataclasses) into JSON data."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(cls: type, data: Any) -> Any:
    """Rebuild a dataclass of retrieval.models from to_json's output."""
    hints = _hints(cls)
    return cls(**{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data})


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(models))


def _decode(hint: Any, data: Any) -> Any:
    """Decode one field by its type hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if data is None:
        return None
    if origin in (typing.Union, types.UnionType):
        return _decode(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        return tuple(_decode(args[0], v) for v in data)
    if hint is dt.date:
        return dt.date.fromisoformat(data)
    if dataclasses.is_dataclass(hint):
        return from_json(hint, data)
    return data
