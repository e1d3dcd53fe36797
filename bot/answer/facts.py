"""Questions about the paper itself, answered from the archive's metadata rather than from a passage.

- An issue, named by its date or its number (`第9382期`): its number, its day, its weekday and lunar
  date (`那天农历是几号`), its headlines (`头条是什么`) and its news (`有什么新闻`), cited from its masthead
  or from its articles.
- A byline, and an article's author (bot.answer.bylines).
- The masthead: who the 社长 or 总编辑 is (`许昌日报社长是谁`), as the newest issue printing that
  title says; an older masthead may print the name with OCR damage (方炽 for 方焯).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from bot.answer.bylines import MAX_LISTED, author_answer, byline_answer, byline_candidates, listing, role_keywords
from bot.answer.events import events_answer
from bot.answer.values import Answer, Citation, Headline, cite
from retrieval import (
    STAFF_TITLE, Article, DateFilter, Issue, Library, calendar_label, day_label, lunar_label, normalise, weekday_label,
)

MAX_ISSUE_CITATIONS = 3
MASTHEAD_DAYS = 366  # a masthead question reads the last year of issues: the staff now, and changes within the year
NEWS_KINDS = ("news", "feature", "brief")
_ASKS_NUMBER = re.compile(r"第(?:几|多少)期|期号|哪一?期")
# the masthead's weekday and lunar date (`那天农历是几号`, `第9315期是星期几`)
_LUNAR = re.compile(r"农历|阴历|旧历")
_ASKS_CALENDAR = re.compile(rf"(?:{_LUNAR.pattern})(?:日期|是?(?:几月)?几[号日]|是?哪一?天|是?什么日子|是?多少|是?啥|是?什么)?"
                            r"|(?:是?)(?:星期|礼拜|周)几")
_ASKS_DAY = re.compile(r"哪一?天|什么时候|何时|日期|几月几[日号]")
_ASKS_LEAD = re.compile(r"头条|头版")
_ASKS_KIND = re.compile(r"会|活动")  # meetings or events: the datelined reports answer those (events.py)
_PAPER_WORD = re.compile(r"日报|报纸|[这那本该一]期|头版")
# what a question about a numbered issue's day says besides the day (`第9382期许昌日报是哪天出的`): the paper's
# name and how an issue comes out; any other word asks about something the issue reports
_ISSUE_ONLY = re.compile(r"[\u4e00-\u9fff]{0,6}日报|报纸|这一?期|那一?期|本期|该期|[那这当]一?天|[的是在了呀啊呢吗]|出版|发行|出来|出|印|刊登|发"
                         r"|[\s，,。？?！!]")

# A masthead question: a title the masthead prints, owned by the paper or by nobody, asking who.
_TITLE = re.compile(STAFF_TITLE)
_OWNER = re.compile(r"^(?:请问)?(?:[这那该本当]一?期(?:的)?)?(?P<paper>[\u4e00-\u9fff]{2,6}日报)?社?(?:你们|报社|本报|该报|贵报|这份报纸?|报纸)*的?"
                    r"(?:现任|现在|目前|如今|当时)?的?[，,\s]*$")
_ASKS_WHO = re.compile(r"谁|哪一?位|叫什么|名字|姓名|什么人")


def about_paper(engine: Library, question: str, asked: str, kind: str, day: DateFilter | None,
                exclude: frozenset[str] = frozenset()) -> Answer | None:
    """Answer a question about the paper itself (a byline, the masthead, an issue), or None for any other.

    `asked` is the question without its date words (`2020年11月社长是谁` → `社长是谁`), as searched.
    The archive's issues are read only once the question's words show it is such a question.
    """
    text = asked.replace("\n", "")  # search leaves a line break where the date was
    found: Answer | None = author_answer(engine, text, role_keywords(question)) if not exclude else None
    candidates = byline_candidates(text)
    if candidates and found is None:
        signed = engine.issues_signed_by([candidates]) if day is None else None  # the index lists each file's bylines
        found = byline_answer(text, signed if signed is not None else _issues_in(engine, day), exclude)
    if found is None and asked_title(text) is not None and not exclude:
        found = masthead_answer(text, _issues_in(engine, day) if day is not None else _recent(engine))
        if found is None and day is None:
            found = masthead_answer(text, engine.issues())  # no masthead of the last year prints it
    # 第9382期许昌日报是哪天出的: a numbered issue's own day, asked with nothing else named
    # or its weekday or lunar date (`那天农历是几号`, the day named before)
    dated_issue = day is not None and (day.issue_no is not None and _asks_only(_ASKS_DAY, text)
                                       or _asks_only(_ASKS_CALENDAR, text))
    if found is None and (kind == "issue" or dated_issue) and day is not None and day.start is not None and not exclude:
        found = issue_answer(question, kind, _issues_in(engine, day), by_number=day.issue_no is not None)
    return dataclasses.replace(found, question=question) if found is not None else None


def _asks_only(asking: re.Pattern[str], text: str) -> bool:
    """Tell whether a question asks this of an issue and names nothing but the paper besides."""
    return asking.search(text) is not None and not _ISSUE_ONLY.sub("", asking.sub("", normalise(text)))


def _issues_in(engine: Library, day: DateFilter | None) -> tuple[Issue, ...]:
    """Return the issues a date filter names (of that number, for 第9382期), or every issue."""
    if day is None:
        return engine.issues()
    issues = engine.issues_between(day.start, day.end or day.start) if day.start else engine.issues()
    return tuple(i for i in issues if day.issue_no is None or i.issue_no == day.issue_no)


def _recent(engine: Library) -> tuple[Issue, ...]:
    """Return the issues of the archive's last MASTHEAD_DAYS days (every issue when none is dated): who holds a
    masthead title now, and who did within the year, is read without opening every issue of a large archive."""
    span = engine.date_span()
    if span is None:
        return engine.issues()
    return engine.issues_between(max(span[0], span[1] - dt.timedelta(days=MASTHEAD_DAYS)), span[1])


def masthead_citation(issue: Issue) -> Citation:
    """Cite an issue's masthead: headline the paper's name, id its lead article (so 原文 opens the page)."""
    return dataclasses.replace(cite(1, issue, _headed(issue)[0]), headline=issue.paper, byline="")


def _headed(issue: Issue) -> list[Article]:
    return [a for a in issue.articles if a.headline] or list(issue.articles)


def _day(issue: Issue) -> str:
    return f"{day_label(issue.date)}《{issue.paper}》" if issue.date else f"《{issue.paper}》"


def issue_answer(question: str, kind: str, issues: Sequence[Issue], by_number: bool = False) -> Answer | None:
    """Answer a question about an issue itself (its number, its day, its headlines) from its metadata.

    The number and the day are printed in the masthead, so those answers cite the masthead; the
    headlines answer cites the leading articles themselves.
    """
    if not issues:
        return None
    issue = min(issues, key=lambda i: (i.date or dt.date.min, i.source))
    headed = _headed(issue)
    titles = "；".join(a.title for a in headed)[:300]
    day = _day(issue)
    number = f"第{issue.issue_no}期" if issue.issue_no else ""
    if _ASKS_NUMBER.search(question):
        if not number:
            return Answer(question, kind, False, closest=tuple(Headline(a.id, a.title) for a in headed[:5]),
                          reason=f"{day}的报头没有印期号。")
        return Answer(question, kind, True, short=number, quote=f"{day}{number}，要目：{titles}",
                      citations=(masthead_citation(issue),))
    if issue.date and _ASKS_CALENDAR.search(question):
        short = lunar_label(issue.date) if _LUNAR.search(question) else weekday_label(issue.date)
        return Answer(question, kind, True, short=short, quote=f"{day} {calendar_label(issue.date)} {number}".rstrip(),
                      citations=(masthead_citation(issue),))
    if by_number and issue.date and _ASKS_DAY.search(question):
        return Answer(question, kind, True, short=day_label(issue.date), quote=f"{day}{number}，要目：{titles}",
                      citations=(masthead_citation(issue),))
    citations = tuple(cite(n, issue, a) for n, a in enumerate(headed[:MAX_ISSUE_CITATIONS], 1))
    lead = headed[0].title if _ASKS_LEAD.search(question) else ""
    return Answer(question, kind, True, short=lead, quote=f"{day}要目：{titles}", citations=citations)


def day_answer(question: str, kind: str, issues: Sequence[Issue], day: DateFilter, topic: Sequence[str]) -> Answer | None:
    """Answer what happened on a day or in a numbered issue (`有什么新闻`, `开了什么会`), or None.

    A day is answered by the reports datelined that day (events.py), else by the news of that day's
    issue; a numbered issue by its own news first, since the reader named the issue itself.
    """
    if day.start is None or day.end is None:
        return None
    named = [i for i in issues if (i.issue_no == day.issue_no if day.issue_no is not None else i.date == day.start)]
    if day.issue_no is not None:
        return issue_news(question, named, topic) or events_answer(question, kind, issues, day.start, day.end, topic)
    return events_answer(question, kind, issues, day.start, day.end, topic) or issue_news(question, named, topic)


def issue_news(question: str, issues: Iterable[Issue], topic: Sequence[str]) -> Answer | None:
    """List the news an issue printed (`第9382期有什么新闻`) in page order; None for a narrower question.

    A question naming a topic (`政协`) or a kind (会, 活动) is left to the datelined reports.
    """
    if any(not _PAPER_WORD.search(w) for w in topic) or _ASKS_KIND.search(question):
        return None
    found = [(i, a) for i in sorted(issues, key=lambda i: i.source) for a in i.articles
             if a.headline and a.kind in NEWS_KINDS]
    return listing(question, found[:MAX_LISTED])


def asked_title(question: str) -> tuple[str, str] | None:
    """Return the masthead title a question asks about and the paper it names ('' for none), or None."""
    text = normalise(question)
    title = _TITLE.search(text)
    if title is None or not _ASKS_WHO.search(text[title.end():]):
        return None
    owner = _OWNER.match(text[:title.start()])
    return (title.group(0), owner.group("paper") or "") if owner else None


def masthead_answer(question: str, issues: Iterable[Issue]) -> Answer | None:
    """Answer who holds a masthead title from the newest issue that prints it, citing that masthead."""
    asked = asked_title(question)
    if asked is None:
        return None
    title, paper = asked
    printed = [(issue, name) for issue in issues if not paper or issue.paper == paper
               for held, name in issue.staff if held in (title, title + "辑")]  # 总编 is the 总编辑
    if not printed:
        return None
    issue, name = max(printed, key=lambda p: (p[0].date or dt.date.min, p[0].source))
    others = dict.fromkeys(n for _, n in printed if n != name)
    notes = tuple(f"较早的报头印作“{n}”，以最新一期为准" for n in others)
    staff = " ".join(f"{held}：{who}" for held, who in issue.staff)
    return Answer(question, "person", True, short=name, quote=f"{_day(issue)}报头：{staff}",
                  citations=(masthead_citation(issue),), notes=notes)
