"""One question in, one `Answer` out: search, then respond. The CLI and the bot share this."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from bot.answer.events import NOT_TOPIC, asks_events
from bot.answer.facts import about_paper, day_answer
from bot.answer.matching import FUNCTION_CHARS
from bot.answer.names import question_names
from bot.answer.quantities import COUNT_WORD
from bot.answer.question import ASKING, QuestionKind, classify, scene_setting, standard_asking
from bot.answer.respond import respond
from bot.answer.spelling import pinyin_spelled, respelled
from bot.answer.units import SHARE_WORD, asks_share
from bot.answer.values import REFUSAL, Answer
from retrieval import DateFilter, Library, SearchResult, day_label, normalise, visible_chars

HITS_PER_ANSWER = 8
SCENE = 0.5  # the weight left to a key word only the scene before the asking sentence holds
LONG_PERIOD = 28  # days: a month or a year in the question, not a day
WIDER_MARGIN = 0.05  # the whole archive's answer replaces the period's (or the newest issues') when this much likelier
# a reader asking for the latest (`最近一次周例会`, `这回是第几次`) is answered from the newest issues first: the
# last month, quarter and year of the archive, then the whole
RECENT_DAYS = (31, 92, 366)
# not 最近 of distance (`离许昌最近的县`): the clause before it holds no 离 or 距
_LATEST = re.compile(r"(?:^|[，,。？?！!；;\s])([^，,。？?！!；;\s]*?)(?:最近|最新|近期|近来|这回|这次)")
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z]+$")
_QUESTION_CHARS = re.compile(rf"{ASKING}|[呢\d]")  # 呢 and digits prove nothing either
_UNPAIRED = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """Return text with each lone surrogate as U+FFFD: Telegram's JSON may carry one (`\\udc80`), and no
    answer that echoes it could be printed or sent as UTF-8."""
    return _UNPAIRED.sub("\ufffd", text)


def answer(
    engine: Library, question: str, date_range: tuple[dt.date, dt.date] | None = None,
    exclude: frozenset[str] = frozenset(), about: str = "", within: frozenset[str] = frozenset(),
    *, respell: bool = True,
) -> Answer:
    """Answer a question from the archive, or refuse honestly.

    `exclude` holds article ids already given to the reader: "更多" asks again without them. `about`
    keeps only passages that print it (the new subject of a follow-up: 长葛市 in 那长葛市呢); `within`
    holds the articles the last answer cited, the only ones a follow-up's subject is quoted from when
    nothing of the asked kind is said of it. A date
    in the question (`2020年资助…`, `1895年签订的条约`) often dates the event, which a later issue
    reports (a year's review comes out the next spring) or no issue of that day does: when the issues
    of that period do not answer, the whole archive is asked with the date as words, and the reply
    says so. A question about an issue itself or about what happened on a day keeps its date.
    """
    # searched and read in the standard spelling and without a reader's guess, shown as typed
    asked, question = question, _without_guesses(standard_asking(readable(question)))
    if question != readable(asked):
        found = answer(engine, question, date_range, exclude, about, within, respell=respell)
        return dataclasses.replace(found, question=readable(asked))
    kind = classify(normalise(question))
    k = HITS_PER_ANSWER + 4 * len(exclude) + (4 * HITS_PER_ANSWER if about else 0)
    result = engine.search(question, k, date_range)
    found = _answer_from(engine, question, kind, result, exclude, about, within)
    if not found.answered and respell:  # a name misspelled (焉陵) or misread (浙川): asked again, once, as printed
        texts = [visible_chars(h.article.headline + h.article.text) for h in result.hits]
        weights = dict(result.weights)
        fixed = (respelled(question, question_names(question), weights, texts, engine.segmenter.is_word)
                 or pinyin_spelled(question, weights, texts))
        again = answer(engine, fixed.question, date_range, exclude, about, within, respell=False) if fixed else None
        if again is not None and again.answered:
            return dataclasses.replace(again, question=readable(asked), notes=(fixed.note, *again.notes))
    period = result.date_filter
    if date_range is None and period is None and not (about or within or exclude) and asks_latest(question):
        # the newest issues' answer, unless the whole archive's is clearly likelier (`这回又评上全国文明城市`
        # of a report older than a year)
        newest = _from_newest(engine, question, kind, k) if kind.kind != "issue" else None
        if newest is not None and not (found.answered and _likelihood(found) > _likelihood(newest) + WIDER_MARGIN):
            return newest
        return found
    if date_range is not None or period is None or period.issue_no is not None:
        return found
    if kind.kind == "issue" or (asks_events(question) and not _unprinted_day_topic(engine, result)):
        return found
    # a year or a month (`去年评了一批…`) dates the event more often than the issue: the whole archive is
    # asked too, and the likelier answer given (a day's issue keeps its answer)
    spans_days = period.start is not None and period.end is not None and (period.end - period.start).days >= LONG_PERIOD
    if found.answered and not spans_days:
        return found
    wider = _answer_from(engine, question, kind, engine.search(question, k, read_dates=False), exclude, about,
                         within)
    if found.answered:
        if not (wider.answered and _better_dated(engine, wider, found, period)):
            return found
        note = f"把“{period.phrase or period}”当作事情发生的时间，以下答案来自全部存档"
        return dataclasses.replace(wider, notes=(note,), date_range=None)
    if not wider.answered:  # say that the whole archive was asked too, and what it lacks
        if found.reason and not found.reason.startswith(REFUSAL):
            lacks = (wider.reason or "").removeprefix(REFUSAL)  # 报纸报道的是《…》，没有提到1990。
            return dataclasses.replace(found, reason=f"{found.reason}；全部存档中也没有找到能回答这个问题的内容"
                                                     + (f"：{lacks}" if lacks else "。"))
        return found
    where = "无存档" if result.status == "no-archive" else "的报纸里没有找到"  # no issue that day, or none answers
    note = f"{period.phrase or period}{where}，以下答案来自全部存档"
    return dataclasses.replace(wider, notes=(note,), date_range=None)


def _unprinted_day_topic(engine: Library, result: SearchResult) -> bool:
    """Tell whether a question asking what happened on a day no issue is dated names a topic beyond the
    day (`1949年9月2日重庆发生了什么事`): the date is then the event's, and the whole archive is asked."""
    return result.status == "no-archive" and any(w not in NOT_TOPIC for w in _key_words(engine, result))


def asks_latest(question: str) -> bool:
    """Tell whether a question asks about the latest of something (`最近一次`, `最新`, `这回`)."""
    return any(not re.search("[离距]", m.group(1)) for m in _LATEST.finditer(question))


def _from_newest(engine: Library, question: str, kind: QuestionKind, k: int) -> Answer | None:
    """Answer from the newest issues: the last RECENT_DAYS of the archive in turn, the first window that
    answers (None when none does, or the archive spans no more than a window)."""
    span = engine.date_span()
    for days in RECENT_DAYS:
        if span is None or span[1] - span[0] <= dt.timedelta(days=days):
            return None
        start = span[1] - dt.timedelta(days=days)
        found = _answer_from(engine, question, kind, engine.search(question, k, (start, span[1])), frozenset())
        if found.answered:
            note = f"问的是最近的：答案来自{day_label(start)}以来的报纸"
            return dataclasses.replace(found, notes=(note,))
    return None


def _answer_from(engine: Library, question: str, kind: QuestionKind, result: SearchResult, exclude: frozenset[str],
                 about: str = "", within: frozenset[str] = frozenset()) -> Answer:
    """Answer from one search: from the archive's metadata when asked about the paper itself (an issue,
    a byline, the masthead) or about a day's news, else from the hits."""
    span = _span(result)
    notes = [f"日期范围：{result.date_filter}"] if result.date_filter else []
    if result.status == "no-archive":
        return Answer(question, kind.kind, False, notes=tuple(notes), date_range=span, reason=result.message)
    fact = about_paper(engine, question, result.rest, kind.kind, result.date_filter, exclude)
    if fact is not None:
        return dataclasses.replace(fact, notes=(*notes, *fact.notes), date_range=span)
    key = _key_words(engine, result, kind.kind)
    day = result.date_filter
    if day and day.start and day.end and (day.end - day.start).days <= 1 and not exclude and asks_events(question):
        topic = [w for w in key if w not in NOT_TOPIC]
        events = day_answer(question, kind.kind, engine.issues_between(day.start, day.end), day, topic)
        if events is not None:
            return dataclasses.replace(events, notes=tuple(notes), date_range=span)
    hits = [h for h in result.hits if h.article.id not in exclude
            and (about in h.passage.text or h.article.id in within)][:HITS_PER_ANSWER]
    found = respond(question, kind, hits, dict(result.weights), notes, key,
                    searched=result.rest, about=about, within=within,
                    partners=dict(result.partners))
    return dataclasses.replace(found, date_range=span)


# a guess a reader offers before asking (`是在郑州办的还是在哪办的`, `2013年还是更早`): from the clause's start,
# or its 是/在, to 还是 and an asking word or a comparison
_GUESS = re.compile(rf"(?:^|(?<=[，,。？?！!、\s是在]))([^，,。？?！!、\s是在]{{1,12}}?)还是"
                    rf"(?=(?:在|是)?(?:{ASKING}|更|别的|其他))")


def _without_guesses(text: str) -> str:
    """Return text without the reader's guesses and their 还是 (`在新乡还是哪儿办的` → `在哪儿办的`, `2013年还是更早`
    → `更早`): what they are unsure of is no word the report must print, nor a date to search."""
    return _GUESS.sub("", text)


def _better_dated(engine: Library, wider: Answer, found: Answer, period: DateFilter) -> bool:
    """Tell whether the whole archive's answer beats the one from the period's issues: its report prints the
    period's year as the event's (`2020年许昌市…优秀志愿服务社区` in a list of 2021) and the period's does not,
    or the answer model finds it clearly likelier."""
    year = f"{period.start.year}年" if period.start is not None and period.start.year == period.end.year else ""
    if year and _prints(engine, wider, year) and not _prints(engine, found, year):
        return True
    return _likelihood(wider) > _likelihood(found) + WIDER_MARGIN


def _prints(engine: Library, found: Answer, text: str) -> bool:
    """Tell whether the report an answer cites first prints text (in its headlines or body)."""
    cited = engine.article(found.citations[0].article_id) if found.citations else None
    if cited is None:
        return False
    article = cited[1]
    return text in visible_chars(" ".join((article.headline, *article.subheadlines, article.text)))


def _likelihood(found: Answer) -> float:
    """Return the answer model's probability that an answer's quote answers its question (1 for a fact of the
    paper's metadata, which has no trace)."""
    return found.trace.chance if found.trace is not None else 1.0


def _span(result: SearchResult) -> tuple[dt.date, dt.date] | None:
    """Return the searched date span when it was a plain date range."""
    found = result.date_filter
    if found is None or found.start is None or found.end is None:
        return None
    return (found.start, found.end)


def _key_words(engine: Library, result: SearchResult, kind: str = "") -> dict[str, float]:
    """Weigh the question's own words; a word the archive never prints weighs as the rarest.

    Single characters count only when the question has fewer than two longer words: then 雪 in
    `许昌下了多少雪` is what the archive must print, but 线 in `高考一本线` is just part of a word.
    """
    weights = dict(result.weights)
    rarest = max([*weights.values(), engine.unknown_weight()])
    dropped = engine.segmenter.stopwords | engine.segmenter.question_words
    # the question without its date words, as searched: segmenting the whole question would glue a
    # date to the next word (12日开了 → 日开), and a range passed in would leave 月, 日 as key words;
    # a word search found partners for is whole (咱们市, not 咱们 + 市有) and carries them to the Matcher
    kinds = _listed_kinds(result.rest)
    share = kind == "number" and asks_share(result.rest)  # 占多少比例: the share printed (95%) stands for 比例
    words = [w for w in result.words if w not in dropped
             and not _QUESTION_CHARS.search(w) and _WORD.match(w) and not COUNT_WORD.match(w)
             and not _glued_to_date(w, result.rest) and not (share and SHARE_WORD.fullmatch(w))
             and not _LISTING.fullmatch(w) and w not in kinds]
    if sum(len(w) > 1 for w in words) >= 2:
        words = [w for w in words if len(w) > 1]
    key = {}
    for word in words:
        if weights.get(word.lower()):
            key[word] = weights[word.lower()]
        elif not FUNCTION_CHARS.search(word):
            # jieba glues particles to colloquial words (考了, 组去); such pieces prove nothing
            key[word] = rarest
    # the scene a reader sets before asking (`我前两天在市民之家办完房产证…。…一共寄了多少份?`) is told in their
    # own words, which the report need not print: its words weigh SCENE of their weight
    scene = scene_setting(result.rest)
    asked = result.rest[len(scene):]
    return {w: v * SCENE if scene and w in scene and w not in asked else v for w, v in key.items()}


# the words a question lists by (`两种方式，一是…，另一种是`, `除了英格兰，还有`): how it asks for the other item,
# not words the report prints beside it
_LISTING = re.compile(r"除了|之外|以外|还有|另[一外]?[种个项方本类名位座部条]?|[一二]是|其[一二]|之[一二]")


# the kind of the items a question lists (`两种方式`, `另一个国家`): the report prints the items, not the kind
_LISTED_KIND = re.compile(r"(?:另一|两|一)[个种项类本方名位座部条]([\u4e00-\u9fff]{2})")
_ASKS_OTHER = re.compile(r"另一|除了|一是")


def _listed_kinds(question: str) -> frozenset[str]:
    """Return the kinds of items a question asking for the other of them names (方式 of `两种方式，一是…，
    另一种方式为`), none when it asks for no other item."""
    if not _ASKS_OTHER.search(question):
        return frozenset()
    return frozenset(m.group(1) for m in _LISTED_KIND.finditer(question))


def _glued_to_date(word: str, text: str) -> bool:
    """Tell whether jieba glued a date's 年, 月 or 日 to the next word (`2021年2月18日市文明委` → 日市): the
    date searched as words (the whole archive asked) leaves such pieces, which no report prints."""
    return word[0] in "年月日号" and re.search(rf"\d{re.escape(word)}", text) is not None
