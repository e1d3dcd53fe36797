"""The search query language: words plus fields, parsed into a frozen `Query`, and an article predicate.

`作者:胡晨 类型:评论 栏目:文明 2021-03..2021-05 "全国文明城市" -高铁 排序:日期`: words are ranked by
BM25 as any question; a field keeps only the articles that meet it. Values of one field separated by
`,` `，` `、` or `|` are alternatives (`类型:评论,图片`); two tokens of one field must both hold.
A date is ISO (`2021-03`, `2021-03-01..2021-05-31`, open ends `2021-03..`) or Chinese, read by
`retrieval.dates` (`2021年3月`, `去年`, `第9382期`). Pure: no index, no I/O.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace

from retrieval.dates import DateFilter, find_date
from retrieval.models import Article, Issue
from retrieval.segment import normalise

ROLES = {"作者": "any", "署名": "any", "author": "any", "记者": "reporters", "reporter": "reporters",
         "通讯员": "correspondents", "摄影": "photographers", "photo": "photographers"}
FIELDS = {**{name: "author" for name in ROLES}, "栏目": "column", "专栏": "column", "column": "column",
          "类型": "kind", "体裁": "kind", "kind": "kind", "日期": "date", "date": "date", "排序": "sort", "sort": "sort"}
# Chinese (and English) names of Article.kind
KINDS = {"新闻": "news", "消息": "news", "news": "news", "通讯": "feature", "特写": "feature", "专题": "feature",
         "feature": "feature", "评论": "commentary", "社论": "commentary", "评论员文章": "commentary",
         "commentary": "commentary", "公告": "notice", "通知": "notice", "公示": "notice", "启事": "notice",
         "决定": "notice", "notice": "notice", "图片": "photo", "照片": "photo", "图片新闻": "photo", "photo": "photo",
         "广告": "advertisement", "advertisement": "advertisement", "简讯": "brief", "标题新闻": "brief",
         "brief": "brief", "续文": "continuation", "转版": "continuation", "continuation": "continuation"}
KIND_NAMES = {"news": "新闻", "feature": "通讯", "commentary": "评论", "notice": "公告", "photo": "图片",
              "advertisement": "广告", "brief": "简讯", "continuation": "续文"}
SORTS = {"日期": "date", "时间": "date", "最新": "date", "新": "date", "date": "date", "newest": "date",
         "最早": "oldest", "旧": "oldest", "oldest": "oldest", "相关": "relevance", "相关度": "relevance",
         "relevance": "relevance"}
EXAMPLE = '作者:胡晨 类型:评论 2021-03..2021-05 "全国文明城市" -高铁 排序:日期'

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')
_FIELD = re.compile(r"^([\u4e00-\u9fffA-Za-z]{1,5})[:](.*)$")
_ISO_DAY = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_ISO = re.compile(rf"^(?P<a>{_ISO_DAY})?(?:(?P<dots>\.\.)(?P<b>{_ISO_DAY})?)?$")
_ALTERNATIVES = re.compile(r"[,，、|]")


class QueryError(ValueError):
    """A malformed query; the message is one line that says what is wrong, with an example."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: words to rank by, and the conditions an article must meet."""

    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()  # normalised; printed verbatim in the article
    excluded: tuple[str, ...] = ()  # normalised; printed nowhere in the article
    authors: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (role, alternative names), each must hold
    columns: tuple[tuple[str, ...], ...] = ()
    kinds: tuple[tuple[str, ...], ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    issue_no: int | None = None
    date_phrase: str = ""  # the words that gave the dates (`2021年3月`, `2021-03..2021-05`)
    sort: str = "relevance"  # relevance, date (newest first) or oldest

    @property
    def ranked(self) -> str:
        """Return what is searched by BM25: the words and the phrases."""
        return " ".join((*self.words, *self.phrases))

    @property
    def dated(self) -> bool:
        """Return whether the query names dates or an issue number."""
        return self.start is not None or self.end is not None or self.issue_no is not None

    @property
    def filtering(self) -> bool:
        """Return whether the query keeps only some articles (any condition but the sort order)."""
        return bool(self.phrases or self.excluded or self.authors or self.columns or self.kinds or self.dated)

    @property
    def fielded(self) -> bool:
        """Return whether the query holds any condition beyond its words (what the query language adds)."""
        return self.filtering or self.sort != "relevance"

    @property
    def date_filter(self) -> DateFilter | None:
        """Return the dates as a DateFilter (as `search` reports its own)."""
        return DateFilter(self.start, self.end, self.issue_no, self.date_phrase) if self.dated else None

    def conditions(self) -> str:
        """Return the conditions in the query language's own words, for headers and refusals."""
        parts = [f'"{p}"' for p in self.phrases] + [f"-{w}" for w in self.excluded]
        parts += [f"{_ROLE_NAMES[role]}:{'|'.join(names)}" for role, names in self.authors]
        parts += [f"栏目:{'|'.join(c)}" for c in self.columns]
        parts += [f"类型:{'|'.join(KIND_NAMES[k] for k in kinds)}" for kinds in self.kinds]
        if self.issue_no is not None:
            parts.append(f"第{self.issue_no}期")
        elif self.dated:
            parts.append(f"日期:{self.start or ''}..{self.end or ''}")
        if self.sort != "relevance":
            parts.append("排序:" + {"date": "日期", "oldest": "最早"}[self.sort])
        return " ".join(parts)

    def accepts(self, issue: Issue, article: Article) -> bool:
        """Return whether an article meets every condition (its words are not checked: they rank)."""
        if self.dated and not self._in_dates(issue):
            return False
        if any(article.kind not in kinds for kinds in self.kinds):
            return False
        if any(not _signed(article, role, names) for role, names in self.authors):
            return False
        if any(not any(c in normalise(k).lower() for k in article.kicker for c in column) for column in self.columns):
            return False
        if self.phrases or self.excluded:
            printed = article_text(article)
            return all(p in printed for p in self.phrases) and not any(w in printed for w in self.excluded)
        return True

    def _in_dates(self, issue: Issue) -> bool:
        if self.issue_no is not None:
            return issue.issue_no == self.issue_no
        if issue.date is None:
            return False
        return (self.start is None or issue.date >= self.start) and (self.end is None or issue.date <= self.end)


_ROLE_NAMES = {"any": "作者", "reporters": "记者", "correspondents": "通讯员", "photographers": "摄影"}


def article_text(article: Article) -> str:
    """Return everything an article prints (headings and body), normalised as queries are."""
    heads = "\n".join((*article.kicker, article.title, *article.subheadlines))
    return normalise(f"{heads}\n{article.text}").lower()


def _signed(article: Article, role: str, names: tuple[str, ...]) -> bool:
    """Return whether the byline names one of names in that role (any role: other authors by substring)."""
    b = article.byline
    listed = {"reporters": b.reporters, "correspondents": b.correspondents, "photographers": b.photographers}
    people = listed[role] if role in listed else (*b.reporters, *b.correspondents, *b.photographers)
    signed = {normalise(p).lower() for p in people}
    others = [normalise(a).lower() for a in b.authors] if role == "any" else []
    return any(n in signed or any(n in a for a in others) for n in names)


def parse_query(text: str, reference: dt.date | None = None, issue_dates: Collection[dt.date] = ()) -> Query:
    """Parse a query; raise QueryError (one line, with an example) when it is malformed.

    Chinese dates are read relative to `reference` (the newest issue) as `search` reads them.
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain:
        raise QueryError(f"请输入关键词或条件，例如 {EXAMPLE}")
    phrases, rest = _phrases(plain)
    fields: dict[str, list] = {"author": [], "column": [], "kind": [], "sort": [], "date": []}
    words: list[str] = []
    excluded: list[str] = []
    for token in rest.split():
        if token.startswith("-") and len(token) > 1:
            excluded.append(_clean(token[1:]))
        elif (m := _FIELD.match(token)) is not None and (m.group(1).lower() in FIELDS or _misspelt(m.group(1))):
            _field(m.group(1), m.group(2), fields)
        elif _ISO.match(token) and any(c.isdigit() for c in token):
            fields["date"].append(token)
        else:
            words.append(token)
    query = Query(text, phrases=phrases, excluded=tuple(e for e in excluded if e),
                  authors=tuple(fields["author"]), columns=tuple(fields["column"]), kinds=tuple(fields["kind"]),
                  sort=fields["sort"][-1] if fields["sort"] else "relevance")
    query = _with_dates(query, fields["date"], words, reference, issue_dates)
    if not query.words and not query.fielded:
        raise QueryError(f"请输入关键词或条件，例如 {EXAMPLE}")
    if not (query.words or query.phrases or query.authors or query.columns or query.kinds or query.dated):
        raise QueryError(f"只有排除词或排序，还需要一个关键词或条件，例如 文明城市 -高铁 或 作者:胡晨 {query.conditions()}")
    return query


def _clean(word: str) -> str:
    return normalise(word).strip().lower()


def _phrases(text: str) -> tuple[tuple[str, ...], str]:
    """Take the quoted phrases out of text; raise QueryError on a quote left open."""
    phrases = tuple(p for p in (_clean(next(g for g in m.groups() if g is not None)) for m in _QUOTED.finditer(text)) if p)
    rest = _QUOTED.sub(" ", text)
    if any(q in rest for q in '"“”「」'):
        raise QueryError('引号没有配对，短语要用一对引号括起来，例如 "全国文明城市"')
    return phrases, rest


def _misspelt(name: str) -> str:
    """Return the field a name misspells (one character off, `作着` for 作者), or "".

    Other `name:` tokens are words: a pasted headline may hold a colon (`市政协:召开会议`).
    """
    name = name.lower()
    for field in FIELDS:
        if len(field) == len(name) and sum(a != b for a, b in zip(field, name)) == 1:
            return field
    return ""


def _field(name: str, value: str, fields: dict[str, list]) -> None:
    """Add one `name:value` token to fields; raise QueryError for an unknown field or value."""
    field = FIELDS.get(name.lower())
    if field is None:
        meant = _misspelt(name)
        raise QueryError(f"不认识的条件“{name}:”，是不是“{meant}:”？可用 作者 记者 通讯员 摄影 栏目 类型 日期 排序，"
                         f"例如 作者:胡晨")
    values = [v for v in (_clean(v) for v in _ALTERNATIVES.split(value)) if v]
    if not values:
        raise QueryError(f"“{name}:”后面缺少内容，例如 {_FIELD_EXAMPLES[field]}")
    if field == "author":
        fields["author"].append((ROLES[name.lower()], tuple(values)))
    elif field == "column":
        fields["column"].append(tuple(values))
    elif field == "kind":
        unknown = [v for v in values if v not in KINDS]
        if unknown:
            names = " ".join(dict.fromkeys(KIND_NAMES.values()))
            raise QueryError(f"不认识的类型“{unknown[0]}”；可用 {names}，例如 类型:评论")
        fields["kind"].append(tuple(dict.fromkeys(KINDS[v] for v in values)))
    elif field == "sort":
        if values[0] not in SORTS:
            raise QueryError(f"不认识的排序“{values[0]}”；可用 日期（最新在前）、最早、相关，例如 排序:日期")
        fields["sort"].append(SORTS[values[0]])
    else:
        fields["date"].append(value.strip())


_FIELD_EXAMPLES = {"author": "作者:胡晨", "column": "栏目:践行嘱托争出彩", "kind": "类型:评论", "sort": "排序:日期",
                   "date": "日期:2021-03..2021-05"}


def _with_dates(query: Query, dates: list[str], words: list[str], reference: dt.date | None,
                issue_dates: Collection[dt.date]) -> Query:
    """Give the query its dates: ISO tokens, else the Chinese date its words name (those words leave)."""
    if len(dates) > 1:
        raise QueryError(f"只能给一个日期条件，这里有 {' 和 '.join(dates)}，例如 2021-03..2021-05")
    if dates and _ISO.match(dates[0]):
        start, end = iso_span(dates[0])
        return replace(query, words=tuple(words), start=start, end=end, date_phrase=dates[0])
    if dates:  # 日期:2021年3月 reads as the words would, and must be a date through and through
        found, rest = find_date(normalise(dates[0]), reference, issue_dates)
        if found is None or rest.strip():
            raise QueryError(f"看不懂日期“{dates[0]}”，例如 日期:2021-03..2021-05 或 日期:2021年3月")
        return replace(query, words=tuple(words), start=found.start, end=found.end, issue_no=found.issue_no,
                       date_phrase=found.phrase)
    found, rest = find_date(normalise(" ".join(words)), reference, issue_dates) if words else (None, "")
    if found is None:
        return replace(query, words=tuple(words))
    kept = tuple(w for w in re.split(r"\s+", rest) if w)
    return replace(query, words=kept, start=found.start, end=found.end, issue_no=found.issue_no,
                    date_phrase=found.phrase)


def iso_span(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Return the first and last day of `2021`, `2021-03`, `2021-03-05`, or a range of them with `..`."""
    m = _ISO.match(text)
    if m is None or not (m.group("a") or m.group("b")):
        raise QueryError(f"看不懂日期“{text}”，例如 2021-03..2021-05、2021-03-03 或 2021年3月")
    first = _iso_bounds(m.group("a"), text) if m.group("a") else (None, None)
    last = _iso_bounds(m.group("b"), text) if m.group("b") else (None, None)
    if not m.group("dots"):
        return first
    start, end = first[0], last[1]
    if start is not None and end is not None and start > end:
        raise QueryError(f"日期范围颠倒了：{text}，开始要早于结束，例如 2021-03..2021-05")
    return start, end


def _iso_bounds(part: str, text: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day one ISO part names (a year, a month or a day)."""
    numbers = [int(n) for n in part.split("-")]
    try:
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
        if len(numbers) == 2:
            last = calendar.monthrange(numbers[0], numbers[1])[1]
            return dt.date(numbers[0], numbers[1], 1), dt.date(numbers[0], numbers[1], last)
        day = dt.date(*numbers)
        return day, day
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(f"日期“{text}”不存在，例如 2021-03..2021-05 或 2021-03-03") from None
