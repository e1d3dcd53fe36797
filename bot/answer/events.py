"""What happened on a day ("10月12日许昌开了什么会", "昨天有什么新闻"), answered from the headlines.

A daily paper reports a day's events in the next morning's issue, and each report's dateline
(`10月12日下午`) says which day it happened. So such a question is answered by the headlines of the
reports datelined that day, kept to the kind asked for (会 → meetings, 活动 → events), each cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from bot.answer.values import Answer, cite
from retrieval import Article, Issue, split_sentences, strip_lead

MAX_EVENTS = 5
# Words of such a question that name no topic: the city itself and the asking.
NOT_TOPIC = frozenset("许昌 许昌市 我市 全市 本市 会 会议 活动 新闻 事情 大事 报道 召开 举行 举办 开 开会 发生 重要".split())
_ASKS_EVENTS = re.compile(
    r"(开|召开|举行|举办|有)了?(什么|哪些|啥|几个)(重要)?(会议?|活动|新闻|事情?|大事|报道)"
    r"|发生了?(什么|哪些|啥)|(什么|哪些|啥)(会议?|活动)(召开|举行|举办)"
)
# The kind asked for, and how a headline names it.
_KINDS = (
    (re.compile(r"会"), re.compile(r"会议|[大全例座谈推进部署主任]会|会(召开|举行)")),
    (re.compile(r"活动"), re.compile(r"活动|仪式|典礼|大赛|启动|视察|调研|签约")),
)
_DATELINE_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日")


def asks_events(question: str) -> bool:
    """Tell whether a question asks what happened (meetings, events, news) rather than a fact."""
    return bool(_ASKS_EVENTS.search(question))


def events_answer(
    question: str, kind: str, issues: Iterable[Issue], start: dt.date, end: dt.date, topic: Sequence[str],
) -> Answer | None:
    """Answer from the reports datelined `start` (printed up to `end`), or None when none fits.

    `topic` holds the question's own words (政协, 城建): a report must name one of them when given.
    """
    day_issues = [i for i in issues if i.date and start <= i.date <= end]
    # "今天" names an issue, whose reports happened that day or the day before
    days = {start, start - dt.timedelta(days=1)} if start == end else {start}
    found = [(issue, a) for issue in sorted(day_issues, key=lambda i: i.date) for a in issue.articles
             if a.headline and a.kind in ("news", "feature", "photo") and _datelined(a, days)]
    for asked, names in _KINDS:
        if asked.search(question):
            found = [(i, a) for i, a in found if names.search(a.headline)]
            break
    if topic:
        found = [(i, a) for i, a in found if any(w in f"{a.headline}{a.text[:200]}" for w in topic)]
    if not found:
        return None
    found = found[:MAX_EVENTS]
    short = "；".join(a.headline for _, a in found)
    issue, first = found[0]
    return Answer(
        question, kind, True, short=short, quote=lead_sentence(first),
        citations=tuple(cite(n, i, a) for n, (i, a) in enumerate(found, 1)),
    )


def _datelined(article: Article, days: set[dt.date]) -> bool:
    match = _DATELINE_DAY.match(article.dateline or "")
    return bool(match) and (int(match.group(1)), int(match.group(2))) in {(d.month, d.day) for d in days}


def lead_sentence(article: Article) -> str:
    """Return the report's first sentence, without its 本报讯 lead-in."""
    for paragraph in article.paragraphs:
        if paragraph.kind == "text":
            sentences = split_sentences(paragraph.text)
            if sentences:
                return strip_lead(sentences[0])
    return article.headline
