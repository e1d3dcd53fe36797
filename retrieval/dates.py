"""Find date expressions in a question and turn them into a range of issue dates.

Digits or Chinese numerals (3月3日, 三月三号, 二〇二一年三月), relative words (今天, 上周, 今年, 上个月),
parts of a month (3月底, 上月初, 五月中旬) and issue numbers (第9382期). A date without a year is the
latest such date, not after the reference, that the archive covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


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


_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"  # a month or a day
_YEAR = r"(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年|(?P<ry>今年|去年|前年))"
_PART = r"(?P<part>初|底|末|上旬|中旬|下旬)"
_DAY_AFTER = r"(?![线楼院文令路门口机车馆位台栋座桥站])"  # 3号线, 1号文件 are no dates
_REL_MONTH = r"(?P<rm>上个月|上月|本月|这个月|这月)"
_RULES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"第\s*(?P<n>\d{3,6})\s*期",
        _YEAR + rf"\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]",
        _YEAR + rf"\s*(?P<m>{_NUM})\s*月(?:份)?\s*{_PART}",
        _YEAR + rf"\s*(?P<m>{_NUM})\s*月(?:份)?",
        rf"(?<![\d.十])(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]" + _DAY_AFTER,
        rf"(?<![\d.十])(?P<m>{_NUM})\s*月(?:份)?\s*{_PART}",
        rf"(?<![\d.月十])(?P<d>{_NUM})\s*[日号]" + _DAY_AFTER + r"(?=那|的|报|开|召|举|发|出|有|$|\s|[,，?？])",
        _REL_MONTH + _PART,
        r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年(?![\d一二三四五六七八九十]+\s*月)",
        r"(?P<rel>今天|今日|昨天|昨日|前天|本周|这周|这个星期|本星期|这星期|上周|上个星期|上星期)",
        _REL_MONTH,
        r"(?P<ry>今年|去年|前年)",
    )
)
# a whole date as a report prints it (`2020年6月29日`, `二〇一八年六月二十九日`)
_FULL_DAY = re.compile(rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]")
_WEEKS = {"本周": 0, "这周": 0, "这个星期": 0, "本星期": 0, "这星期": 0, "上周": 1, "上个星期": 1, "上星期": 1}
_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_YEARS_BACK = {"今年": 0, "去年": 1, "前年": 2}


def find_date(
    question: str, reference: dt.date | None, issue_dates: Collection[dt.date] = ()
) -> tuple[DateFilter | None, str]:
    """Return the question's date filter (relative to reference) and the question without its date words."""
    for pattern in _RULES:
        m = pattern.search(question)
        if m is None:
            continue
        found = _resolve(m, reference, issue_dates)
        if found is not None:
            # a line break, not a space: normalise drops spaces between CJK characters, which
            # would join the words on either side of the date into a false bigram (许昌3月3日召开 → 昌召)
            return found, question[: m.start()] + "\n" + question[m.end() :]
    return None, question


def full_days(text: str) -> list[tuple[str, dt.date]]:
    """Return the whole dates (year, month and day) a text prints, each as written and as a date; a day that
    does not exist (2月30日) is left out."""
    found = []
    for m in _FULL_DAY.finditer(text):
        y, mo, d = (_number(m[k]) for k in ("y", "m", "d"))
        day = _safe_date(y, mo, d) if None not in (y, mo, d) else None
        if day is not None:
            found.append((m.group(0), day))
    return found


def _number(text: str) -> int | None:
    """Return the value of 12, 十二, 二十三 or 二〇二一 (None for a malformed numeral)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        value = 0
        for c in text:
            value = value * 10 + _CN_DIGITS[c]
        return value
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def _resolve(m: re.Match[str], ref: dt.date | None, issue_dates: Collection[dt.date]) -> DateFilter | None:
    """Turn one matched expression into a DateFilter; None when it names no real date."""
    g = {k: v for k, v in m.groupdict().items() if v}
    if "n" in g:
        return DateFilter(issue_no=int(g["n"]), phrase=m.group(0))
    nums = {k: _number(g[k]) for k in ("y", "m", "d") if k in g}
    if None in nums.values() or (ref is None and "y" not in nums):  # only a full date needs no reference
        return None
    span = _span(g, nums, ref or dt.date.max, issue_dates)
    return DateFilter(span[0], span[1], None, m.group(0)) if span else None


def _span(
    g: dict[str, str], nums: dict[str, int | None], ref: dt.date, issue_dates: Collection[dt.date]
) -> tuple[dt.date, dt.date] | None:
    """Return the first and last issue date the expression allows."""
    if "rel" in g:
        return _relative(g["rel"], ref)
    year = nums.get("y") or (ref.year - _YEARS_BACK[g["ry"]] if "ry" in g else None)
    month, day, part = nums.get("m"), nums.get("d"), g.get("part")
    if "rm" in g:  # 上个月, 本月初
        year, month = divmod(ref.year * 12 + ref.month - 1 - (g.get("rm") in ("上个月", "上月")), 12)
        month += 1
    try:
        if year is None:
            return _latest(month, day, part, ref, issue_dates)
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is not None:
            return _event_day(dt.date(year, month, day))
        return _month_part(year, month, part) if part else _month_range(year, month)
    except ValueError:  # 2月30日, 13月
        return None


def _event_day(day: dt.date) -> tuple[dt.date, dt.date]:
    # a daily paper reports yesterday's events: a day's news is in that day's or the next issue;
    # the calendar's last day (9999-12-31) has no next day, so its span is that day alone
    return day, day + ONE_DAY if day < dt.date.max else day


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_part(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    """Return 月初/上旬 (1-10), 中旬 (11-20) or 月底/月末/下旬 (21 to the end) of a month."""
    start, end = _month_range(year, month)
    if part in ("初", "上旬"):
        return start, start.replace(day=10)
    if part == "中旬":
        return start.replace(day=11), start.replace(day=20)
    return start.replace(day=21), end


def _latest(
    month: int | None, day: int | None, part: str | None, ref: dt.date, issue_dates: Collection[dt.date]
) -> tuple[dt.date, dt.date] | None:
    """Resolve 3月3日 / 3月底 (latest year) or 3号 (latest month) to the latest span the archive covers."""
    dates = set(issue_dates)
    candidates = [s for s in _candidates(month, day, part, ref) if s[0] <= ref]

    def covered(span: tuple[dt.date, dt.date]) -> bool:
        return any(span[0] + ONE_DAY * i in dates for i in range((span[1] - span[0]).days + 1))

    return next((s for s in candidates if covered(s)), candidates[0] if candidates else None)


def _candidates(month: int | None, day: int | None, part: str | None, ref: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Return the spans a date without a year may mean, newest first."""
    if month is None:  # 3号: the latest months
        months = [divmod(ref.year * 12 + ref.month - 1 - i, 12) for i in range(24)]
        return [_event_day(d) for d in (_safe_date(y, m0 + 1, day or 0) for y, m0 in months) if d]
    if not 1 <= month <= 12:
        return []
    spans = []
    for year in range(ref.year, ref.year - 30, -1):
        if day is None:
            spans.append(_month_part(year, month, part))
        elif (d := _safe_date(year, month, day)) is not None:  # 2月29日 only in leap years
            spans.append(_event_day(d))
    return spans


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _relative(word: str, ref: dt.date) -> tuple[dt.date, dt.date]:
    """Resolve 今天, 昨天, 前天, 本周, 上周 against the reference date."""
    if word in _DAYS_BACK:
        day = ref - ONE_DAY * _DAYS_BACK[word]
        return (day, day) if day == ref else _event_day(day)
    monday = ref - dt.timedelta(days=ref.weekday() + 7 * _WEEKS[word])
    return monday, monday + 6 * ONE_DAY
