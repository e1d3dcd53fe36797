"""How the paper names a day and an issue in citations: `2021年3月3日`, `《许昌日报》2021年3月3日 第9382期`."""

from __future__ import annotations

import datetime as dt


def day_label(day: dt.date) -> str:
    """Return `2021年3月3日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def issue_label(paper: str, date: dt.date | None, issue_no: int | None) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期` (parts that are unknown or empty are left out)."""
    return (f"《{paper}》" if paper else "") + (day_label(date) if date else "") + (f" 第{issue_no}期" if issue_no else "")


WEEKDAYS = "一二三四五六日"  # 星期一 … 星期日, as mastheads print them
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_DIGITS = "一二三四五六七八九十"


def ganzhi(year: int) -> str:
    """Return a (lunar) year's stem and branch: 2021 → 辛丑."""
    return STEMS[(year - 4) % 10] + BRANCHES[(year - 4) % 12]


def weekday_label(day: dt.date) -> str:
    """Return `星期三`."""
    return f"星期{WEEKDAYS[day.weekday()]}"


def lunar_label(day: dt.date) -> str:
    """Return a day's lunar date as a masthead prints it: `农历辛丑年正月二十`, `农历癸卯年闰二月初一`."""
    from lunardate import LunarDate  # its tables load on the first calendar question, not at import

    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    tens, units = divmod(lunar.day, 10)
    if lunar.day <= 10:
        date = "初" + _DIGITS[lunar.day - 1]
    elif units == 0:
        date = _DIGITS[tens - 1] + "十"
    else:
        date = ("十", "廿", "三十")[tens - 1] + _DIGITS[units - 1]
    month = ("闰" if lunar.is_leap_month else "") + _MONTHS[lunar.month - 1] + "月"
    return f"农历{ganzhi(lunar.year)}年{month}{date}"


def calendar_label(day: dt.date) -> str:
    """Return how a masthead prints a day's weekday and lunar date: `星期三 农历辛丑年正月二十`."""
    return f"{weekday_label(day)} {lunar_label(day)}"
