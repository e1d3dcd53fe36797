"""Find date expressions in a question and turn them into a range of issue dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateFilter:
    """Issues whose date lies in [start, end] (or with this number), and the words that said so."""

    start: dt.date | None = None
    end: dt.date | None = None
    issue_no: int | None = None
    phrase: str = ""

    def __str__(self) -> str:
        if self.issue_no is not None:
            return f"第{self.issue_no}期"
        if self.start == self.end:
            return f"{self.start}"
        return f"{self.start} 至 {self.end}"


def _event_day(day: dt.date, phrase: str) -> DateFilter:
    # a daily paper reports yesterday's events: a day's news is in that day's or the next issue
    return DateFilter(day, day + ONE_DAY, None, phrase)


def _latest_year(month: int, day: int, reference: dt.date, covered: Callable[[dt.date], bool]) -> dt.date | None:
    """Return the latest month/day not after reference that the archive covers, else the latest one."""
    candidates = []
    for year in range(reference.year, reference.year - 30, -1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 2月30日, or 2月29日 outside a leap year
            continue
    candidates = [c for c in candidates if c <= reference]
    return next((c for c in candidates if covered(c)), candidates[0] if candidates else None)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, nxt - ONE_DAY


_DAY_AFTER = r"(?![线楼院文令路门口机车馆位台栋座桥站])"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), kind)
    for p, kind in (
        (r"第\s*(\d{3,6})\s*期", "issue_no"),
        (r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", "ymd"),
        (r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:份)?", "ym"),
        (r"(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]" + _DAY_AFTER, "md"),
        (r"(?<![\d.月])(\d{1,2})\s*[日号]" + _DAY_AFTER + r"(?=那|的|报|开|召|举|发|出|有|$|\s|[,，?？])", "d"),
        (r"今天|今日", "today"),
        (r"昨天|昨日", "yesterday"),
        (r"前天", "before-yesterday"),
        (r"本周|这周|这个星期|本星期|这星期", "this-week"),
        (r"上周|上个星期|上星期", "last-week"),
        (r"这个月|本月|这月", "this-month"),
        (r"上个月|上月", "last-month"),
        (r"去年", "last-year"),
    )
)


def find_date(
    question: str, reference: dt.date | None, issue_dates: Sequence[dt.date] = ()
) -> tuple[DateFilter | None, str]:
    """Return the question's date filter (relative to reference) and the question without its date words."""
    for pattern, kind in _RULES:
        m = pattern.search(question)
        if m is None:
            continue
        found = _resolve(kind, m, reference, issue_dates)
        if found is not None:
            return found, question[: m.start()] + " " + question[m.end() :]
    return None, question


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None, issue_dates: Sequence[dt.date]) -> DateFilter | None:
    """Turn one matched expression into a DateFilter; None when it names no real date."""
    g = [int(x) for x in m.groups()]
    phrase = m.group(0)
    if kind == "issue_no":
        return DateFilter(issue_no=g[0], phrase=phrase)
    try:
        if kind == "ymd":
            return _event_day(dt.date(g[0], g[1], g[2]), phrase)
        if kind == "ym":
            return DateFilter(*_month_range(g[0], g[1]), None, phrase)
    except ValueError:
        return None
    if ref is None:
        return None
    if kind in ("md", "d"):
        return _month_day(kind, g, ref, issue_dates, phrase)
    return _relative(kind, ref, phrase)


def _month_day(kind: str, g: list[int], ref: dt.date, issue_dates: Sequence[dt.date], phrase: str) -> DateFilter | None:
    """Resolve 3月3日 (latest year) or 3号 (latest month) to the latest such day the archive covers."""
    dates = set(issue_dates)

    def covered(day: dt.date) -> bool:
        return day in dates or day + ONE_DAY in dates

    if kind == "md":
        if not (1 <= g[0] <= 12 and 1 <= g[1] <= 31):
            return None
        day = _latest_year(g[0], g[1], ref, covered)
    else:
        months = [divmod(ref.year * 12 + ref.month - 1 - i, 12) for i in range(24)]
        days = [d for d in (_safe_date(y, m0 + 1, g[0]) for y, m0 in months) if d is not None and d <= ref]
        day = next((d for d in days if covered(d)), days[0] if days else None)
    return _event_day(day, phrase) if day else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _relative(kind: str, ref: dt.date, phrase: str) -> DateFilter:
    """Resolve 今天, 昨天, 前天, 本周, 上周, 这个月, 上个月, 去年 against the reference date."""
    monday = ref - dt.timedelta(days=ref.weekday())
    spans = {
        "today": (ref, ref),
        "yesterday": (ref - ONE_DAY, ref),
        "before-yesterday": (ref - 2 * ONE_DAY, ref - ONE_DAY),
        "this-week": (monday, monday + 6 * ONE_DAY),
        "last-week": (monday - 7 * ONE_DAY, monday - ONE_DAY),
        "this-month": _month_range(ref.year, ref.month),
        "last-month": _month_range(ref.year - (ref.month == 1), (ref.month - 2) % 12 + 1),
        "last-year": (dt.date(ref.year - 1, 1, 1), dt.date(ref.year - 1, 12, 31)),
    }
    start, end = spans[kind]
    return DateFilter(start, end, None, phrase)
