"""Questions about the paper itself, answered from the archive's metadata rather than from a passage.

- An issue, named by its date or its number (`第9382期`): its number, its day, its headlines
  (`头条是什么`) and its news (`有什么新闻`), cited from its masthead or from its articles.
- A byline: what a reporter, correspondent or photographer wrote (`记者胡晨写过哪些报道`,
  `魏东雅报道过什么`), newest first. A name no byline prints is no such question.
- An article's author: who wrote the report a question names by its headline (`一水相连两地情长是谁写的`),
  from its byline.
- The masthead: who the 社长 or 总编辑 is (`许昌日报社长是谁`), as the newest issue printing that
  title says; an older masthead may print the name with OCR damage (方炽 for 方焯).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence

from bot.answer.events import events_answer, lead_sentence
from bot.answer.names import name_pairs
from bot.answer.values import Answer, Citation, Headline, cite
from retrieval import (
    STAFF_TITLE, Article, Byline, DateFilter, Issue, Library, day_label, normalise, split_sentences, visible_chars,
)

MAX_LISTED = 5
MAX_ISSUE_CITATIONS = 3
MASTHEAD_DAYS = 366  # a masthead question reads the last year of issues: the staff now, and changes within the year
NEWS_KINDS = ("news", "feature", "brief")
_ASKS_NUMBER = re.compile(r"第几期|期号|哪一?期")
_ASKS_DAY = re.compile(r"哪一?天|什么时候|何时|日期|几月几[日号]")
_ASKS_LEAD = re.compile(r"头条|头版")
_ASKS_KIND = re.compile(r"会|活动")  # meetings or events: the datelined reports answer those (events.py)
_PAPER_WORD = re.compile(r"日报|报纸|[这那本该一]期|头版")
# what a question about a numbered issue's day says besides the day (`第9382期许昌日报是哪天出的`): the paper's
# name and how an issue comes out; any other word asks about something the issue reports
_ISSUE_ONLY = re.compile(r"[\u4e00-\u9fff]{0,6}日报|报纸|这一?期|那一?期|本期|该期|[的是在了呀啊呢吗]|出版|发行|出来|出|印|刊登|发"
                         r"|[\s，,。？?！!]")

# A byline question: a name after its role (记者胡晨), or before a writing verb (胡晨写, 胡晨记者拍) or its
# works (胡晨的报道), in a question that asks for those works (写了什么, 哪些报道).
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ROLE = r"(?:摄影记者|记者|通讯员|摄影|作者)"
_VERB = r"(?:采写|撰写|写|报道|拍摄|拍|发表)"
_WORKS = r"(?:报道|文章|稿件?|新闻|作品|照片|图片|消息)"
_WHAT = r"(?:什么|哪些|啥|几篇|多少篇|哪几篇)"
_NAME_AFTER = re.compile(_ROLE)
_NAME_BEFORE = re.compile(rf"{_ROLE}?(?:都|曾经?|还|也|一共|共|最近|近期|主要)?{_VERB}|的{_WORKS}|有{_WHAT}")
_ASKS_WORKS = re.compile(rf"{_VERB}[了过的些]*{_WHAT}|{_WHAT}{_WORKS}|{_WORKS}(?:有|是){_WHAT}")

# An author question: who wrote (or photographed) the report the rest of the question names by its headline.
_ASKS_AUTHOR = re.compile(rf"(?:是|由)?(?:谁|哪[个位]记者|哪位)(?:写|{_VERB})的[？?]?$"
                          rf"|(?:的)?(?P<role>作者|摄影记者|记者|通讯员|摄影|署名)(?:是谁|是哪位|叫什么|叫啥|有谁|都有谁|是哪几位|是什么|是啥)[？?]?$"
                          r"|署的?(?:是)?(?:什么|啥)名字?[？?]?$"
                          rf"|^(?:是)?谁(?:写|{_VERB})了?")
_IN_TITLE_MARKS = re.compile(r"《([^《》]{2,40})》")
_TITLE_MARKS = re.compile(r"[《》「」“”\"'‘’\s，,。？?！!、:：这篇那篇报道文章]")
# The question must name a headline nearly whole: most of its character pairs in the headline, and most of
# the headline's in it (`红楼梦是谁写的` names no report headed 《红楼梦》的魅力, but asks about the book).
AUTHOR_TITLE_SHARE = 0.8
HEADLINE_NAMED_SHARE = 0.6
_ASIDE = re.compile(r"[(（][^)）]*[)）]")  # 不文明现象(行为)曝光台 is named without its aside
# Or by what it reports, where the question says it asks of a report (`…廉政工作会议那篇报道是哪位记者写的`,
# `写唐聚圈…事迹的那篇稿子，署名是谁`): most of what it names printed in the best hit's report.
_REPORT = re.compile(r"[这那该此]篇|报道|稿子|稿件|文章|新闻")
# 写…事迹的, 关于…的: how the report is named, not what it prints
_TELLING = re.compile(r"^(?:写|讲|说|关于|有关)|(?:事迹|情况|内容|事儿?)?的?$")
REPORT_NAMED_SHARE, REPORT_PAIRS = 0.7, 4
# A photo is named by what it shows (`员工组装设备的那张照片是谁拍的`): half the question's pairs in its caption,
# and CAPTION_PAIRS of them at least (`许继电气员工的那张图片` could be either photo of 许继).
_PHOTO = re.compile(r"照片|图片|相片|图")
# where and how a reader points at a photo (`头版那张…的照片`): no words of what it shows
_POINTING = re.compile(r"头版|[这那]张|报纸?上|照片|图片|相片|的")
CAPTION_NAMED_SHARE, CAPTION_PAIRS = 0.5, 6

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
    found: Answer | None = author_answer(engine, text) if not exclude else None
    candidates = byline_candidates(text)
    if candidates and found is None:
        signed = engine.issues_signed_by([candidates]) if day is None else None  # the index lists each file's bylines
        found = byline_answer(text, signed if signed is not None else _issues_in(engine, day), exclude)
    if found is None and asked_title(text) is not None and not exclude:
        found = masthead_answer(text, _issues_in(engine, day) if day is not None else _recent(engine))
        if found is None and day is None:
            found = masthead_answer(text, engine.issues())  # no masthead of the last year prints it
    # 第9382期许昌日报是哪天出的: a numbered issue's own day, asked with nothing else named
    dated_issue = day is not None and day.issue_no is not None and _ASKS_DAY.search(text) is not None \
        and not _ISSUE_ONLY.sub("", _ASKS_DAY.sub("", normalise(text)))
    if found is None and (kind == "issue" or dated_issue) and day is not None and day.start is not None and not exclude:
        found = issue_answer(question, kind, _issues_in(engine, day), by_number=day.issue_no is not None)
    return dataclasses.replace(found, question=question) if found is not None else None


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
    return _listing(question, found[:MAX_LISTED])


def _listing(question: str, found: Sequence[tuple[Issue, Article]], notes: tuple[str, ...] = ()) -> Answer | None:
    """List articles: their titles as the short answer, the first one's lead as the quote, each cited."""
    if not found:
        return None
    return Answer(
        question, "list", True, short="；".join(a.title for _, a in found), quote=lead_sentence(found[0][1]),
        citations=tuple(cite(n, i, a) for n, (i, a) in enumerate(found, 1)), notes=notes,
    )


def byline_candidates(question: str) -> tuple[str, ...]:
    """Return the strings that may name the person a byline question asks about, longest first.

    Empty when the question does not ask for someone's works (`写了什么`, `哪些报道`) at all.
    """
    text = normalise(question)
    if not _ASKS_WORKS.search(text):
        return ()
    found = [text[m.end():m.end() + k] for m in _NAME_AFTER.finditer(text) for k in (4, 3, 2)]
    found += [text[m.start() - k:m.start()] for m in _NAME_BEFORE.finditer(text) for k in (4, 3, 2) if m.start() >= k]
    return tuple(sorted(dict.fromkeys(c for c in found if _NAME.fullmatch(c)), key=len, reverse=True))


def byline_names(byline: Byline) -> tuple[str, ...]:
    """Return the people a byline names: reporters, correspondents, photographers, named authors."""
    authors = tuple(a for a in byline.authors if _NAME.fullmatch(a) and not a.startswith("本报"))
    return (*byline.reporters, *byline.correspondents, *byline.photographers, *authors)


def byline_answer(question: str, issues: Iterable[Issue], exclude: frozenset[str] = frozenset()) -> Answer | None:
    """List what the person a question names wrote, newest first; None when no byline names them.

    One pass over the issues gathers the articles of every candidate name; the longest name found
    wins (`李新华` over `李新`). Articles in `exclude` were given already (更多 asks for the next ones).
    """
    candidates = byline_candidates(question)
    wanted = set(candidates)
    by_name: dict[str, list[tuple[Issue, Article]]] = {}
    for issue in issues:
        for article in issue.articles:
            for name in wanted.intersection(byline_names(article.byline)):
                by_name.setdefault(name, []).append((issue, article))
    name = next((n for n in candidates if n in by_name), None)
    if name is None:
        return None
    written = sorted(by_name[name], key=lambda p: (p[0].source, p[1].position))
    written.sort(key=lambda p: p[0].date or dt.date.min, reverse=True)  # stable: page order within a day
    shown = [p for p in written if p[1].id not in exclude][:MAX_LISTED]
    note = f"存档中署名有{name}的报道共{len(written)}篇" + ("，从新到旧列出" if len(written) > 1 else "")
    return _listing(question, shown, (note,)) or Answer(question, "list", False, notes=(note,))


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


def author_answer(engine: Library, question: str) -> Answer | None:
    """Name who wrote the report a question names by its headline (`《一水相连 两地情长》是谁写的`); None
    for another question, or when no signed report's headline is nearly the one named (then the question
    is answered from the passages: `《史记》是谁写的` asks about a book)."""
    text = normalise(question)
    asks = _ASKS_AUTHOR.search(text)
    if asks is None:
        return None
    # a headline in title marks names the report alone (`…系列评论第4篇《凝聚合力 决战决胜》是谁写的`)
    titled = _IN_TITLE_MARKS.search(text[:asks.start()])
    named = _TITLE_MARKS.sub("", titled.group(1) if titled else text[:asks.start()] + text[asks.end():])
    pairs = set(name_pairs(named))
    told = set(name_pairs(_TELLING.sub("", _REPORT.sub("", text[:asks.start()]).strip("，,的 ")))) \
        if _REPORT.search(text) else set()
    if len(pairs) < 2:
        return None
    shows = set(name_pairs(_POINTING.sub("", named)))  # what a photo is named by
    for rank, hit in enumerate(engine.search(named, MAX_LISTED).hits):
        headline = _TITLE_MARKS.sub("", _ASIDE.sub("", normalise(hit.article.headline)))
        printed = set(name_pairs(headline))
        names = byline_names(hit.article.byline)
        caption = visible_chars(hit.article.text) if hit.article.kind == "photo" and _PHOTO.search(text) else ""
        # only the best hit, and named by more than a place (`鄢陵县的那篇报道` could be many)
        named_report = rank == 0 and len(told) >= REPORT_PAIRS
        report = visible_chars(hit.article.headline + hit.article.text) if named_report else ""
        if names and ((sum(p in headline for p in pairs) / len(pairs) >= AUTHOR_TITLE_SHARE
                       and sum(p in named for p in printed) / len(printed) >= HEADLINE_NAMED_SHARE)
                      or caption and _shown(shows, caption) >= CAPTION_NAMED_SHARE
                      or report and sum(p in report for p in told) / len(told) >= REPORT_NAMED_SHARE):
            shown = f"《{hit.article.headline}》" if hit.article.headline else next(iter(split_sentences(caption)), "")
            role = asks.group("role") or ""
            of_role = _of_role(hit.article.byline, role)  # 通讯员是谁: the byline's names of that role
            if of_role == () and role in _ROLE_ONLY:  # it prints none: say whom it does print
                return Answer(question, "person", False, quote=f"{shown} {hit.article.byline}",
                              citations=(cite(1, hit.issue, hit.article),),
                              reason=f"这篇报道的署名里没有{role}，署名是：{hit.article.byline}")
            return Answer(question, "person", True, short="、".join(of_role or names),
                          quote=f"{shown} {hit.article.byline}", citations=(cite(1, hit.issue, hit.article),))
    return None


_ROLE_ONLY = ("通讯员", "摄影", "摄影记者")  # roles no other name of a byline stands in for (a 记者 may sign as author)


def _of_role(byline: Byline, role: str) -> tuple[str, ...] | None:
    """Return the names a byline prints under the role a question asks about (记者, 通讯员, 摄影); None for
    作者 or 署名, which every name of it answers."""
    if role == "通讯员":
        return byline.correspondents
    if role.startswith("摄影"):
        return byline.photographers
    return byline.reporters if role == "记者" else None


def _shown(pairs: set[str], caption: str) -> float:
    """Return the share of the pairs a photo is named by that its caption prints (0 when under CAPTION_PAIRS)."""
    printed = sum(p in caption for p in pairs)
    return printed / len(pairs) if printed >= CAPTION_PAIRS else 0.0
