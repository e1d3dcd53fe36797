"""Which issues a digest is of: the newest, or those of a date; the nearest dates when there is none."""

from __future__ import annotations

import datetime as dt

from bot.digest.build import Digest, build_digest
from retrieval import Issue, Library


def issues_of(library: Library, date: dt.date | None = None) -> list[Issue]:
    """Return the newest issue, or every issue dated date in file order (empty when there is none)."""
    if date is None:
        newest = library.newest_issue()
        return [newest] if newest else []
    return sorted(library.issues_between(date, date), key=lambda i: i.source)


def nearest_dates(library: Library, date: dt.date, n: int = 3) -> list[dt.date]:
    """Return the n issue dates of the archive nearest to date, in date order."""
    return sorted(sorted(library.archive.dates, key=lambda d: (abs((d - date).days), d))[:n])


def issue_digest(library: Library, issue: Issue) -> Digest:
    """Build an issue's digest, weighing its keywords by the archive's term weights."""
    return build_digest(issue, library.segmenter, library.weights)


def issue_digests(library: Library, date: dt.date | None = None) -> tuple[Digest, ...]:
    """Return the digest of the newest issue, or of every issue dated date (empty when there is none)."""
    return tuple(issue_digest(library, i) for i in issues_of(library, date))


def issue_key(issue: Issue | Digest) -> str:
    """Return what identifies an issue in delivery records: its source file name."""
    return issue.source
