"""Read issue files from disk: decoding, bad-file reporting, whole folders."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from retrieval.models import Issue, IngestProblem
from retrieval.parse import SeedFormatError, parse_issue

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_issue_bytes(data: bytes) -> str:
    """Decode a page file: UTF-8 first, then GB18030; raise SeedFormatError otherwise."""
    if not data.strip():
        raise SeedFormatError("empty file")
    if b"\x00" in data[:4096]:
        raise SeedFormatError("binary file (NUL bytes), not newspaper text")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
        if controls > 8:
            raise SeedFormatError("binary file (control characters), not newspaper text")
        return text
    raise SeedFormatError("neither UTF-8 nor GB18030 text")


def printable_name(name: str) -> str:
    """Return a file name fit for one line of text: undecodable bytes as \\xNN, control characters escaped.

    On Linux a name that is not UTF-8 (zips made on Chinese Windows write GB18030 names) reaches Python
    with each bad byte as a lone surrogate, which no UTF-8 output can encode: it is the issue's source,
    article ids derive from it, and it is printed, saved and sent, so it is made printable once, here.
    """
    out = []
    for c in name:
        if "\udc80" <= c <= "\udcff":  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c.isprintable() or c == " ":
            out.append(c)
        else:
            out.append(c.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def read_issue_file(path: Path, paper: str = "许昌日报") -> Issue:
    """Read and parse one page file; raise SeedFormatError (or OSError) with the reason."""
    return parse_issue(decode_issue_bytes(path.read_bytes()), printable_name(path.name), paper)


def issue_files(paths: Iterable[Path]) -> tuple[list[Path], list[IngestProblem]]:
    """Expand files and folders into the .txt files to ingest, sorted; report missing paths."""
    files: list[Path] = []
    problems: list[IngestProblem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(IngestProblem(printable_name(str(path)), "no such file or folder"))
    return files, problems


def load_corpus(paths: Iterable[Path], paper: str = "许昌日报") -> tuple[tuple[Issue, ...], tuple[IngestProblem, ...]]:
    """Parse every issue file under `paths`; a bad file is reported and skipped, never fatal."""
    files, problems = issue_files(paths)
    issues: list[Issue] = []
    for path in files:
        try:
            issues.append(read_issue_file(path, paper))
        except (SeedFormatError, OSError) as error:
            problems.append(IngestProblem(printable_name(path.name), str(error) or type(error).__name__))
    return tuple(issues), tuple(problems)
