"""Save and load the index manifest and segmented files: JSON and numpy arrays, never pickle, atomically; the passage table."""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import json
import logging
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
from retrieval.index import IndexFormatError
from retrieval.models import Issue, Passage
from retrieval.terms import Terms

log = logging.getLogger(__name__)

FORMAT = 2  # of the per-file segment cache (2: a folder of JSON metadata and term numbers; 1 was one JSON file)
INDEX_FORMAT = 4  # of the index: segments named by the manifest (3: with block bounds; 4: files list their bylines)
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Segments:
    """One source file, parsed and segmented: the unit the cache stores and ingest reuses."""

    source: str
    key: str
    issue: Issue
    passages: tuple[Passage, ...]
    terms: Terms
    chars: int = 0

    @property
    def tokens(self) -> tuple[tuple[str, ...], ...]:
        """Return each passage's terms as strings."""
        return self.terms.passages()


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
    """Save one file's segments as a folder named by its key: JSON metadata with the file's distinct terms and each
    passage's count, and the term numbers as one numpy array (two bytes each when the file has under 65536 terms).

    The folder is written under a temporary name and renamed into place, so a reader finds it whole or not at all.
    """
    meta = {"format": FORMAT, "source": seg.source, "key": seg.key, "chars": seg.chars,
            "issue": to_json(seg.issue), "passages": [to_json(p) for p in seg.passages],
            "vocab": seg.terms.vocab.tolist(), "lengths": seg.terms.lengths.tolist()}
    ids = seg.terms.ids.astype(np.uint16 if len(seg.terms.vocab) <= 1 << 16 else np.uint32)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder, prefix=f".{seg.key}."))
    try:
        (tmp / "meta.json").write_bytes(json.dumps(meta, ensure_ascii=False).encode())
        np.save(tmp / "ids.npy", ids, allow_pickle=False)
        target = folder / seg.key
        if target.exists():  # an older format's or a damaged folder: moved aside, then removed
            old = Path(tempfile.mkdtemp(dir=folder, prefix=f".{seg.key}.old."))
            os.replace(target, old / "x")
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _json_bytes(value: object, indent: int | None = None) -> bytes:
    """Return JSON as UTF-8; \\u escapes keep any str, even a path's surrogate-escaped bytes, exactly."""
    return json.dumps(value, indent=indent).encode("ascii")


def load_segments(folder: Path, key: str) -> Segments | None:
    """Load one file's segments, or None when absent, unreadable or of another format (then it is segmented again)."""
    base = folder / key
    try:
        doc = json.loads((base / "meta.json").read_text(encoding="utf-8"))
        if doc["format"] != FORMAT or doc["key"] != key:
            return None
        ids = np.load(base / "ids.npy", allow_pickle=False)
        vocab = np.asarray(doc["vocab"], dtype=str) if doc["vocab"] else np.zeros(0, "<U1")
        terms = Terms(vocab, ids.astype(np.int32), np.asarray(doc["lengths"], np.int64).reshape(-1))
        passages = tuple(from_json(Passage, p) for p in doc["passages"])
        if not _whole(terms, ids, len(passages)):
            return None
        return Segments(doc["source"], key, from_json(Issue, doc["issue"]), passages, terms, doc["chars"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _whole(terms: Terms, ids: np.ndarray, passages: int) -> bool:
    """Check the shapes and ranges a truncated or mixed-up file would break."""
    return (ids.dtype in (np.uint16, np.uint32) and ids.ndim == 1 and len(terms.lengths) == passages
            and int(terms.lengths.sum()) == len(ids) and int(terms.lengths.min(initial=0)) >= 0
            and (not len(ids) or int(ids.max()) < len(terms.vocab)) and bool(np.all(terms.vocab[1:] > terms.vocab[:-1])))


def drop_older_cache(folder: Path) -> None:
    """Remove per-file caches of the older format (one JSON file per source file), saying so once."""
    old = list(folder.glob("*.json")) if folder.is_dir() else []
    if old:
        log.info("per-file cache of an older format: %d file(s) will be segmented again", len(old))
        for path in old:
            path.unlink(missing_ok=True)


def save_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Switch the index to manifest (whose segment folders are complete) by one atomic replace."""
    manifest = {**manifest, "format": INDEX_FORMAT, "num_docs": sum(s["docs"] for s in manifest["segments"])}
    text = _json_bytes(manifest, indent=1)  # paths as the file system gives them, undecodable bytes and all
    write_atomic(folder / "manifest.json", lambda f: f.write(text))


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the saved manifest, raising IndexFormatError when missing, damaged or of another format."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFormatError("no index yet") from None
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"manifest unreadable: {exc}") from None
    if not isinstance(manifest, dict):
        raise IndexFormatError(f"manifest damaged: {_json_type(manifest)}, not an object")
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexFormatError(f"index format {manifest.get('format')!r}, expected {INDEX_FORMAT}")
    problem = _damage(manifest)
    if problem:
        raise IndexFormatError(f"manifest damaged: {problem}")
    return manifest


_TOP = {"fingerprint": str, "versions": dict, "corpus": str, "paper": str, "roots": list, "segments": list,
        "skipped": list, "aliases": list}
_SEGMENT = {"name": str, "docs": int, "checksums": dict, "files": list}
_FILE = {"path": str, "size": int, "mtime_ns": int, "key": str, "articles": int, "passages": int, "defines": list}
_SKIPPED = {"path": str, "size": int, "mtime_ns": int}


def _damage(manifest: dict[str, Any]) -> str:
    """Return what is missing or of the wrong type in a manifest ("" when it is whole)."""
    problem = _keys(manifest, _TOP, "manifest")
    for seg in [] if problem else manifest["segments"]:
        problem = problem or _keys(seg, _SEGMENT, "segment")
        for entry in [] if problem else seg["files"]:
            problem = problem or _keys(entry, _FILE, "file entry")
        if not problem and sum(f["passages"] for f in seg["files"]) != seg["docs"]:
            problem = f"segment {seg['name']} counts {seg['docs']} passages, its files {sum(f['passages'] for f in seg['files'])}"
        if not problem and not all(isinstance(v, int) for v in seg["checksums"].values()):
            problem = f"segment {seg['name']} has a checksum that is not a number"
        if not problem and (not seg["name"].startswith("seg-") or "/" in seg["name"]):
            problem = f"segment name {seg['name']!r}"
    for entry in [] if problem else manifest["skipped"]:
        problem = problem or _keys(entry, _SKIPPED, "skipped entry")
    return problem


def _keys(value: Any, types: dict[str, type], what: str) -> str:
    if not isinstance(value, dict):
        return f"a {what} is {_json_type(value)}"
    for key, kind in types.items():
        if key not in value:
            return f"a {what} lacks {key!r}"
        if not isinstance(value[key], kind) or (kind is int and isinstance(value[key], bool)):
            return f"a {what}'s {key!r} is {_json_type(value[key])}, not {_json_type(kind())}"
    return ""


def _json_type(value: Any) -> str:
    """Name a JSON value's type as JSON does."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


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
    return cls(**{name: decode(data[name]) for name, decode in _fields(cls) if name in data})


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, typing.Callable[[Any], Any]], ...]:
    """Return each field's name and decoder, worked out once per class from its type hints."""
    hints = typing.get_type_hints(cls, vars(models))
    return tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))


def _plain(data: Any) -> Any:
    return data


@functools.lru_cache(maxsize=None)
def _decoder(hint: Any) -> typing.Callable[[Any], Any]:
    """Return the function that decodes one field of this type hint (None stays None)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _decoder(args[0])
        if item is _plain:
            return lambda data: None if data is None else tuple(data)
        return lambda data: None if data is None else tuple(map(item, data))
    if hint is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    if dataclasses.is_dataclass(hint):
        return lambda data: None if data is None else from_json(hint, data)  # type: ignore[arg-type]
    return _plain
