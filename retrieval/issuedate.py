"""Dating an issue: the masthead date checked against weekday and lunar date, or datelines."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lunardate import LunarDate

from retrieval.labels import WEEKDAYS, ganzhi, weekday_label

_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_NUMERALS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}

_SOLAR = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_WEEKDAY = re.compile(r"星期\s*([一二三四五六日天])")
_LUNAR = re.compile(r"农历\s*([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])?年?\s*(闰?)([正冬腊一二三四五六七八九十]{1,2})月\s*([初十廿卅二三一四五六七八九]{2})")
_DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_ANNIVERSARY = re.compile(r"(中国共产党|建党|党的|新中国|中华人民共和国|改革开放)成立?(\d{1,3})周年")
_ANNIVERSARY_BASE = {"中国共产党": 1921, "建党": 1921, "党的": 1921, "新中国": 1949, "中华人民共和国": 1949, "改革开放": 1978}


@dataclass(frozen=True, slots=True)
class IssueDate:
    """A resolved issue date, how it was found, and a note a person can read."""

    date: dt.date | None
    source: str
    note: str


def _chinese_number(text: str) -> int | None:
    """Read a lunar day or month written in Chinese (初十, 廿一, 十一, 正)."""
    if text in _LUNAR_MONTHS:
        return _LUNAR_MONTHS[text]
    text = text.replace("初", "").replace("廿", "二十").replace("卅", "三十")
    if not text or any(c not in _NUMERALS for c in text):
        return None
    if "十" not in text:
        return _NUMERALS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def _lunar_to_solar(printed_ganzhi: str | None, month: int, day: int, leap: bool, near: int) -> list[dt.date]:
    """Return the solar dates within a year of `near` that carry this lunar date."""
    found = []
    for year in range(near - 1, near + 2):
        if printed_ganzhi and ganzhi(year) != printed_ganzhi:
            continue
        try:
            found.append(LunarDate(year, month, day, leap).to_solar_date())
        except ValueError:
            continue
    return found


def _describe(day: dt.date) -> str:
    return f"{day.isoformat()} ({weekday_label(day)})"


def date_from_masthead(masthead: str) -> IssueDate | None:
    """Read the masthead date and correct it when weekday and lunar date agree on another day."""
    solar = _SOLAR.search(masthead)
    if not solar:
        return None
    year, month, day = (int(g) for g in solar.groups())
    try:
        printed: dt.date | None = dt.date(year, month, day)
    except ValueError:
        printed = None
    weekday_match = _WEEKDAY.search(masthead)
    weekday = WEEKDAYS.index(weekday_match.group(1).replace("天", "日")) if weekday_match else None
    lunar = _LUNAR.search(masthead)
    candidates: list[dt.date] = []
    if lunar:
        lmonth, lday = _chinese_number(lunar.group(3)), _chinese_number(lunar.group(4))
        if lmonth and lday:
            candidates = _lunar_to_solar(lunar.group(1), lmonth, lday, bool(lunar.group(2)), year)
    if weekday is not None:
        candidates = [c for c in candidates if c.weekday() == weekday]
    printed_ok = printed is not None and (weekday is None or printed.weekday() == weekday)
    if printed is not None and lunar and candidates:
        printed_ok = printed_ok and printed in candidates
    if printed_ok:
        return IssueDate(printed, "masthead", f"masthead date {_describe(printed)}")
    if len(candidates) == 1:
        shown = printed.isoformat() if printed else solar.group(0)
        note = (f"masthead prints {shown}, but its weekday and lunar date "
                f"({lunar.group(0) if lunar else ''}) agree on {_describe(candidates[0])}")
        return IssueDate(candidates[0], "masthead-corrected", note)
    if printed is not None:
        return IssueDate(printed, "masthead", f"masthead date {printed.isoformat()}; weekday/lunar check inconclusive")
    return None


@cache  # read once per process, not once per issue
def _era_markers() -> tuple[tuple[str, int], ...]:
    text = resources.files("retrieval").joinpath("data/era_markers.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((phrase, int(year)) for phrase, year in rows)


def infer_year(text: str) -> tuple[int | None, str]:
    """Guess the year an issue was printed from the years, anniversaries and slogans it mentions."""
    votes: Counter[int] = Counter()
    for match in _YEAR.finditer(text):
        votes[int(match.group(1))] += 1
    for match in _ANNIVERSARY.finditer(text):
        votes[_ANNIVERSARY_BASE[match.group(1)] + int(match.group(2))] += 3
    for phrase, year in _era_markers():
        if phrase in text:
            votes[year] += 2
    if not votes:
        return None, "no year in the text"
    year, score = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
    return year, f"year {year} from the text (score {score} of {sum(votes.values())})"


def date_from_datelines(datelines: list[str], full_text: str) -> IssueDate:
    """Infer the issue date as the day after the commonest dateline; papers report yesterday."""
    days = Counter()
    for line in datelines:
        match = _DATELINE.search(line)
        if match:
            days[(int(match.group(1)), int(match.group(2)))] += 1
    year, year_note = infer_year(full_text)
    if not days or year is None:
        return IssueDate(None, "unknown", "no masthead; " + ("no datelines" if not days else year_note))
    (month, day), count = max(days.items(), key=lambda kv: (kv[1], kv[0]))
    try:
        event = dt.date(year, month, day)
    except ValueError:
        return IssueDate(None, "unknown", f"no masthead; dateline {month}月{day}日 is not a date in {year}")
    note = (f"no masthead; inferred as the day after the commonest dateline "
            f"{month}月{day}日 (×{count} of {sum(days.values())}); {year_note}")
    return IssueDate(event + dt.timedelta(days=1), "dateline", note)
