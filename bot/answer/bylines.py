"""Bylines: what a reporter, correspondent or photographer wrote (`记者胡晨写过哪些报道`, `魏东雅报道过什么`),
newest first, and who wrote the report a question names by its headline, by what it reports, by what its
photo shows, or by keywords ending in a role (`运粮河 护栏 照片 摄影`). A name no byline prints is no such question."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from bot.answer.events import lead_sentence
from bot.answer.names import name_pairs
from bot.answer.values import Answer, cite
from bot.answer.verify import article_text
from retrieval import Article, Byline, Issue, Library, normalise, split_sentences, visible_chars

MAX_LISTED = 5

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
_SIGNED = r"(?:作者|摄影记者|记者|通讯员|摄影|署名)"  # what a byline question asks for
_ASKS_AUTHOR = re.compile(rf"(?:是|由)?(?:谁|哪[个位]记者|哪位)(?:写|{_VERB})的[？?]?$"
                          rf"|(?:的)?(?P<role>{_SIGNED})(?:是谁|是哪位|叫什么|叫啥|有谁|都有谁|是哪几位|是什么|是啥)[？?]?$"
                          r"|署的?(?:是)?(?:什么|啥)名字?[？?]?$"
                          rf"|^(?:是)?谁(?:写|{_VERB})了?")
# keywords ending in a byline role (`运粮河 护栏 照片 摄影`): seen in the question as typed, spaces and all
_KEYWORD_ROLE = re.compile(rf"\s{_SIGNED}[？?]?\s*$")
_ROLE_AT_END = re.compile(rf"(?P<role>{_SIGNED})[？?]?$")
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


def listing(question: str, found: Sequence[tuple[Issue, Article]], notes: tuple[str, ...] = ()) -> Answer | None:
    """List articles: their titles as the short answer, the first one's lead as the quote, each cited."""
    if not found:
        return None
    return Answer(
        question, "list", True, short="；".join(a.title for _, a in found), quote=lead_sentence(found[0][1]),
        citations=tuple(cite(n, i, a) for n, (i, a) in enumerate(found, 1)), notes=notes,
    )


def role_keywords(question: str) -> bool:
    """Tell whether a question, as typed, is keywords ending in a byline role (`数字化城管 考核成绩 通讯员`)."""
    return _KEYWORD_ROLE.search(question) is not None


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
    return listing(question, shown, (note,)) or Answer(question, "list", False, notes=(note,))


def author_answer(engine: Library, question: str, keywords: bool = False) -> Answer | None:
    """Name who wrote the report a question names by its headline (`《一水相连 两地情长》是谁写的`); None
    for another question, or when no signed report's headline is nearly the one named (then the question
    is answered from the passages: `《史记》是谁写的` asks about a book). keywords: the question is keywords
    ending in a role (`数字化城管 考核成绩出炉 通讯员`)."""
    text = normalise(question)
    asks = _ASKS_AUTHOR.search(text) or (_ROLE_AT_END.search(text) if keywords else None)
    if asks is None:
        return None
    # a headline in title marks names the report alone (`…系列评论第4篇《凝聚合力 决战决胜》是谁写的`)
    titled = _IN_TITLE_MARKS.search(text[:asks.start()])
    named = _TITLE_MARKS.sub("", titled.group(1) if titled else text[:asks.start()] + text[asks.end():])
    pairs = set(name_pairs(named))
    told = set(name_pairs(_TELLING.sub("", _REPORT.sub("", text[:asks.start()]).strip("，,的 ")))) \
        if _REPORT.search(text) else pairs if keywords else set()  # keywords name the report
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
        report = article_text(hit.article) if named_report else ""  # its kicker too (…系列评论之四)
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
