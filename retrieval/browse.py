"""Browse the archive as a reader leafs through the paper: issue → page → article, and 历年今日.

An issue is every file dated that day: one page per file, labelled by the page label the file
prints (`第二版`), else by its place (`第1版`). Pages with a printed number come in that order, a
page with the masthead first among the others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from retrieval.archive import Library
from retrieval.dates import find_date
from retrieval.models import Article, Issue
from retrieval.segment import normalise
from retrieval.store import from_day

NEAREST = 2  # dates offered when a day holds no issue
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_PAGE_NUMBER = re.compile(r"([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*版")
_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})|(\d{1,2})月(\d{1,2})[日号]?")


class NoSuchDay(ValueError):
    """A day or issue reference that cannot be read; the message is one line with an example."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page (版) of an issue: its label and the file it was read from."""

    label: str
    issue: Issue

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the page's articles a reader browses (advertisements left out)."""
        return tuple(a for a in self.issue.articles if a.kind != "advertisement")


@dataclass(frozen=True, slots=True)
class IssueView:
    """One day's issue: its pages, and the issue dates before and after it."""

    paper: str
    date: dt.date
    issue_no: int | None
    pages: tuple[Page, ...]
    previous: dt.date | None
    next: dt.date | None

    def page_of(self, article_id: str) -> Page | None:
        """Return the page that prints an article."""
        return next((p for p in self.pages if any(a.id == article_id for a in p.issue.articles)), None)


@dataclass(frozen=True, slots=True)
class OnThisDay:
    """历年今日: the issues of one month and day in earlier years, newest first, or the nearest days."""

    month: int
    day: int
    issues: tuple[IssueView, ...]
    nearest: tuple[dt.date, ...] = ()  # when no earlier year holds that day: the closest month-days


def page_number(label: str) -> int | None:
    """Return the number of a page label (`第二版` → 2, `A3版` → 3), or None."""
    m = _PAGE_NUMBER.search(label)
    if m is None:
        return None
    text = m.group(1)
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN.get(text)
    return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)


def read_day(text: str, library: Library) -> tuple[dt.date | None, int | None]:
    """Read `2021-03-03`, `2021年3月3日`, `3月3日` or `第9382期` as (date, issue number); "" is the newest.

    Raise NoSuchDay for anything else.
    """
    text = normalise(text.strip())
    if not text:
        return library.archive.newest, None
    if _ISO_DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat("-".join(f"{int(p):02d}" for p in text.split("-"))), None
        except ValueError:
            raise NoSuchDay(f"日期“{text}”不存在，例如 2021-03-03") from None
    found, rest = find_date(text, library.archive.newest, library.archive.dates)
    if found is None or rest.strip() or (found.issue_no is None and found.start is None):
        raise NoSuchDay(f"看不懂“{text}”，请写日期或期号，例如 2021-03-03、2021年3月3日 或 第9382期")
    if found.issue_no is not None:
        return None, found.issue_no
    if found.end is not None and (found.end - found.start).days > 1:  # a month or a year: its first issue
        inside = [d for d in library.archive.dates if found.start <= d <= found.end]
        return (min(inside) if inside else found.start), None
    return found.start, None


def open_issue(library: Library, day: dt.date | None = None, issue_no: int | None = None) -> IssueView | None:
    """Return the issue of a day (or of a number), or None when the archive holds none."""
    if issue_no is not None:
        docs = library.archive.docs
        days = docs.day[(docs.issue_no == issue_no) & (docs.day >= 0)]
        day = from_day(int(days.min())) if len(days) else None
    if day is None or day not in library.archive.dates:
        return None
    files = library.issues_between(day, day)
    dates = sorted(library.archive.dates)
    at = dates.index(day)
    return IssueView(files[0].paper if files else library.paper, day,
                     next((f.issue_no for f in files if f.issue_no is not None), None), _pages(files),
                     dates[at - 1] if at > 0 else None, dates[at + 1] if at + 1 < len(dates) else None)


def _pages(files: tuple[Issue, ...]) -> tuple[Page, ...]:
    """Order an issue's files as pages and label each one."""
    def order(issue: Issue) -> tuple[int, str]:
        number = page_number(issue.page)
        if number is None:  # unlabelled: the masthead's page is the front page, the others go last
            number = 1 if issue.issue_no is not None or issue.date_source.startswith("masthead") else 1000
        return number, issue.source

    ordered = sorted(files, key=order)
    return tuple(Page(f.page or f"第{n}版", f) for n, f in enumerate(ordered, 1))


def nearest_issue_dates(library: Library, day: dt.date, count: int = NEAREST) -> tuple[dt.date, ...]:
    """Return the issue dates closest to day (before or after), in date order."""
    dates = sorted(library.archive.dates, key=lambda d: (abs((d - day).days), d))[:count]
    return tuple(sorted(dates))


def read_month_day(text: str, library: Library) -> tuple[int, int]:
    """Read `MM-DD` or `3月3日` (empty: the newest issue's); raise NoSuchDay for anything else."""
    text = normalise(text.strip())
    if not text:
        newest = library.archive.newest
        if newest is None:
            raise NoSuchDay("存档里还没有报纸")
        return newest.month, newest.day
    m = _MONTH_DAY.fullmatch(text)
    if m is None:
        raise NoSuchDay(f"看不懂“{text}”，请写月和日，例如 03-03 或 3月3日")
    month, day = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
    try:
        dt.date(2000, month, day)  # a leap year: 02-29 is a day
    except ValueError:
        raise NoSuchDay(f"没有 {month}月{day}日 这一天，例如 03-03") from None
    return month, day


def on_this_day(library: Library, month: int, day: int) -> OnThisDay:
    """Return the issues dated month-day in years before the newest issue's, newest first (or the nearest days).

    The newest issue's year is "this year": 历年今日 looks back from it.
    """
    dates = sorted((d for d in _earlier_years(library) if (d.month, d.day) == (month, day)), reverse=True)
    views = tuple(v for v in (open_issue(library, d) for d in dates) if v is not None)
    if views:
        return OnThisDay(month, day, views)
    return OnThisDay(month, day, (), _nearest_month_days(library, month, day))


def _earlier_years(library: Library) -> list[dt.date]:
    newest = library.archive.newest
    return [d for d in library.archive.dates if newest is not None and d.year < newest.year]


def _nearest_month_days(library: Library, month: int, day: int) -> tuple[dt.date, ...]:
    """Return the earlier issue dates whose month-day is nearest (the year round), for the two nearest month-days."""
    earlier = _earlier_years(library)
    asked = dt.date(2000, month, day).timetuple().tm_yday

    def distance(d: dt.date) -> int:
        gap = abs(dt.date(2000, d.month, d.day).timetuple().tm_yday - asked)
        return min(gap, 366 - gap)

    days = sorted({(d.month, d.day) for d in earlier}, key=lambda md: (distance(dt.date(2000, *md)), md))[:NEAREST]
    return tuple(sorted((d for d in earlier if (d.month, d.day) in days), reverse=True))
