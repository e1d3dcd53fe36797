"""Read issue files from disk: decoding, bad-file reporting, whole folders."""

from __future__ import annotations

import errno
import stat
from collections.abc import Iterable
from pathlib import Path

from retrieval.decode import decode_issue_bytes
from retrieval.models import Issue, IngestProblem
from retrieval.parse import SeedFormatError, parse_issue

__all__ = ["decode_issue_bytes", "issue_files", "load_corpus", "printable_name", "read_issue_file"]


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
    """Expand files and folders into the .txt files to ingest, sorted; report every other one with why.

    A folder's entry named *.txt that is no regular file (a folder, a FIFO, a broken or looping
    symbolic link) is reported, never opened: reading a FIFO would wait for ever.
    """
    files: list[Path] = []
    problems: list[IngestProblem] = []
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            for entry in sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt"):
                why = _kind(entry)
                if why == "file":
                    files.append(entry)
                else:
                    problems.append(IngestProblem(printable_name(entry.name), _WHY.get(why, why)))
        elif kind == "file":
            files.append(path)
        else:
            problems.append(IngestProblem(printable_name(str(path)), _WHY.get(kind, kind)))
    return files, problems


_WHY = {
    "folder": "a folder, not an issue file",
    "missing": "no such file or folder",
    "dangling": "broken symbolic link (its target is gone)",
    "loop": "symbolic link loop",
    "fifo": "not a regular file (a FIFO)",
    "socket": "not a regular file (a socket)",
    "device": "not a regular file (a device)",
}


def _kind(path: Path) -> str:
    """Return what path is: file, folder, missing, dangling, loop, fifo, socket, device, or an OS error's words."""
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except FileNotFoundError:
        return "dangling" if path.is_symlink() else "missing"
    except OSError as exc:
        return "loop" if exc.errno == errno.ELOOP else (exc.strerror or type(exc).__name__)
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    return "socket" if stat.S_ISSOCK(mode) else "device"


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
