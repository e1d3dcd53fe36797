"""How the paper names a day and an issue in citations: `2021年3月3日`, `《许昌日报》2021年3月3日 第9382期`."""

from __future__ import annotations

import datetime as dt


def day_label(day: dt.date) -> str:
    """Return `2021年3月3日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def issue_label(paper: str, date: dt.date | None, issue_no: int | None) -> str:
    """Return `《许昌日报》2021年3月3日 第9382期` (parts that are unknown or empty are left out)."""
    return (f"《{paper}》" if paper else "") + (day_label(date) if date else "") + (f" 第{issue_no}期" if issue_no else "")
