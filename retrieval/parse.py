"""Parse one page file of the paper into an `Issue`: masthead, date, articles."""

from __future__ import annotations

import re
from pathlib import PurePath

from retrieval.assemble import assemble
from retrieval.issuedate import date_from_datelines, date_from_masthead
from retrieval.models import Issue
from retrieval.units import page_units


class SeedFormatError(ValueError):
    """A file that holds no recognisable issue of the paper."""


_MASTHEAD = re.compile(
    r"^[\u4e00-\u9fff]{2,6}日报$|^[A-Z][A-Z ]+DAILY$|^\d{4}\s*年\s*\d{1,2}\s*月|星期[一二三四五六日天]|农历"
    r"|机关报|一级报纸|社长|总编辑|出版|第\s*\d+\s*期|刊号"
)
_PAPER = re.compile(r"([\u4e00-\u9fff]{2,6}日报)")
_ISSUE_NO = re.compile(r"第\s*(\d{3,6})\s*期")
_MASTHEAD_SCAN = 30
# a page label printed on a line of its own near the top: 第二版, 02版, A3版, 第2版：要闻, 要闻 第二版
_PAGE_NO = r"第\s*[0-9一二三四五六七八九十]{1,3}\s*版|[A-Z]?\d{1,2}\s*版"
_PAGE_LINE = re.compile(rf"^(?:[\u4e00-\u9fff]{{2,6}}\s*[·・:：|]?\s*)?(?:{_PAGE_NO})(?:\s*[·・:：|]?\s*[\u4e00-\u9fff]{{2,6}})?$")
_PAGE_IN_MASTHEAD = re.compile(rf"(?<![(（转接见])(?:{_PAGE_NO})(?:\s*[·・:：|]?\s*[\u4e00-\u9fff]{{2,6}})?")
_PAGE_SCAN = 12  # non-empty lines at the top of a page where its label may stand
# the titles a masthead prints before a name: 社长：方焯 总编辑：邓雷
STAFF_TITLE = r"(?:副|执行)?(?:社长|总编辑|总编|主编|总经理)"
# a name runs to the next space, punctuation or title (社长:方炽总编辑:邓雷 → 方炽)
_STAFF = re.compile(rf"({STAFF_TITLE})\s*[:：]\s*([\u4e00-\u9fff]{{2,3}}?)(?=[^\u4e00-\u9fff]|$|{STAFF_TITLE})")


def split_masthead(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the masthead lines at the top of a page (if any) and the remaining lines."""
    end, matched = 0, 0
    for i, line in enumerate(lines[:_MASTHEAD_SCAN]):
        text = line.strip()
        if not text:
            continue
        if len(text) > 60 or not _MASTHEAD.search(text):
            break
        end, matched = i + 1, matched + 1
    if matched < 2:
        return [], lines
    return [l.strip() for l in lines[:end] if l.strip()], lines[end:]


def page_label(lines: list[str]) -> tuple[str, list[str]]:
    """Return the page label printed on a line of its own near the top (or ""), and the lines without it."""
    seen = 0
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if _PAGE_LINE.match(text) and not re.search(r"[见转接]\s*(?:第|\d|[A-Z])", text):  # 详见第二版 points elsewhere
            return re.sub(r"\s+", " ", text), lines[:i] + lines[i + 1:]
        seen += 1
        if seen >= _PAGE_SCAN:
            break
    return "", lines


def _paper_name(masthead: list[str], default: str) -> str:
    for line in masthead:
        match = _PAPER.search(line)
        if match:
            return match.group(1)
    return default


def masthead_staff(masthead: str) -> tuple[tuple[str, str], ...]:
    """Return the (title, name) pairs a masthead prints, in order: `社长：方焯 总编辑：邓雷`."""
    return tuple((m.group(1), m.group(2)) for m in _STAFF.finditer(masthead))


def parse_issue(text: str, source: str, paper: str = "许昌日报") -> Issue:
    """Parse the text of one page file; raise SeedFormatError when it holds no article."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    page, lines = page_label(lines)
    masthead, body = split_masthead(lines)
    if not page:  # a page header: 2021年3月3日 星期三 第二版 要闻
        page = next((m.group(0) for m in map(_PAGE_IN_MASTHEAD.search, masthead) if m), "")
    units, removed = page_units(body)
    stem = PurePath(source).stem
    articles = assemble(units, source, stem)
    if not any(a.paragraphs for a in articles):
        raise SeedFormatError("no recognisable article (no headline followed by body text)")
    joined = "\n".join(masthead)
    issue_no = _ISSUE_NO.search(joined)
    resolved = date_from_masthead(joined) if masthead else None
    if resolved is None:
        datelines = [a.dateline for a in articles if a.dateline]
        resolved = date_from_datelines(datelines, text)
    return Issue(
        paper=_paper_name(masthead, paper),
        date=resolved.date,
        date_source=resolved.source,
        issue_no=int(issue_no.group(1)) if issue_no else None,
        source=source,
        articles=articles,
        date_note=resolved.note,
        removed=tuple(masthead) + tuple(removed),
        staff=masthead_staff(joined),
        page=page,
    )
