"""Widen a short answer to the run of items it stands in: the days a quote lists with it (每周一、三), the
names or bodies of a list it is one of (`市民政局、市财政局、市乡村振兴局`)."""

from __future__ import annotations

import re

from bot.answer.extract import LEADING, names

_ITEM_BREAK = "、，,。；;：:（）()“”\"《》!！?？"
_MAX_ITEM = 16  # characters of an enumerated item


# a day of the week or of the month, as a run of them prints each after the first (每周一、三; 3月1日、15日)
_DAY_ITEM = re.compile(r"(?:周|星期)?[一二三四五六日天]|\d{1,2}[日号]|[一二三四五六七八九十廿]{1,3}[日号]")
_ENDS_IN_DAY = re.compile(rf"(?:{_DAY_ITEM.pattern})$")
_COUNTED = re.compile(r"[\d一二三四五六七八九十百千万亿个名人项次家所部分亩条年岁位批场种件份倍月]")


def day_run(quote: str, short: str) -> str:
    """Return the days a quote lists with the short answer's day (`每周一、三` for 每周一), or the short answer."""
    at = quote.find(short)
    if at < 0 or not _ENDS_IN_DAY.search(short):
        return short
    end = at + len(short)
    while end < len(quote) and quote[end] == "、":
        found = _DAY_ITEM.match(quote, end + 1)
        if not found or _COUNTED.match(quote, found.end()):
            break  # 、三个单位: a count, no day
        end = found.end()
    return quote[at:end]


def enumeration(quote: str, short: str) -> str:
    """Return the run of 、-joined items of the short answer's kind it stands in (`市民政局、市财政局、
    市乡村振兴局` for 市民政局: items ending as it ends; the people a list names with it: `孙海洋、陈明杰、…`),
    or the short answer alone."""
    listed = next((s.text for s in names(quote) if "、" in s.text and short in s.text.split("、")), "")
    if listed:
        return listed
    at = quote.find(short)
    if at < 0 or len(short) < 2:
        return short
    last = re.escape(short[-1])
    items, end = [short], at + len(short)
    while end < len(quote) and quote[end] == "、":  # the items after it, each cut where it ends as the answer ends
        found = re.match(rf"[^{_ITEM_BREAK}]{{0,{_MAX_ITEM - 1}}}?{last}", quote[end + 1:])
        if not found:
            break
        items.append(found.group(0))
        end += 1 + found.end()
    start = at
    while start > 0 and quote[start - 1] == "、":  # the items before it, back to the mark that opens the run
        found = re.search(rf"[^{_ITEM_BREAK}]{{1,{_MAX_ITEM}}}$", quote[:start - 1])
        if not found or not found.group(0).endswith(short[-1]):
            break
        items.insert(0, LEADING.sub("", found.group(0)))
        start = found.start()
    return "、".join(items)
