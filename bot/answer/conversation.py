"""A conversation over the archive: new questions, follow-ups that refer back, and "更多".

The state between two messages is one small `Turn`; the REPL keeps it in memory, the Telegram
bot saves it per chat as JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from bot.answer.ask import answer, readable
from bot.answer.extremes import EXTREME
from bot.answer.matching import FUNCTION_CHARS
from bot.answer.names import PEOPLE, PLACE_SUFFIX, question_names, same_kind_name
from bot.answer.quantities import CN_NUMERALS, COUNT_WORD
from bot.answer.question import ASKING, ASKS_SIZE, ROLE, asked_of, classify, spoken_of
from bot.answer.turn import Turn
from bot.answer.values import REFUSAL, Answer
from retrieval import Article, Issue, Library, normalise, visible_chars

_MORE = re.compile(r"^/?(更多|more|下一个|下一条|还有吗|还有呢|继续|再来一个|next)$", re.IGNORECASE)
_TRIM = re.compile(r"[\s，。！？!?、…~～]+")
# "那长葛市呢？", "还有魏都区的呢": a new topic in the frame of the last question.
_ANOTHER = re.compile(r"^(?:那么?|还有|另外|再问一下)(?:其中)?(.{1,16}?)(?:的)?呢$")
# "那教育集团呢，到目前成立了几个": the new topic, then its own question
_TOPIC_THEN = re.compile(r"^(?:那么?|还有|另外)(?:其中)?(.{1,16}?)(?:的)?呢(.{2,})$")
_BARE = re.compile(r"^(.{1,8}?)(?:的)?呢$")
# "他是谁", "她在哪个单位": a pronoun standing for the last answer or topic.
_PRONOUN = re.compile(r"^(他们|她们|他|她|它|此人|这个人|该人|这家|这个|那个)")
_PERSON = re.compile(r"他|她|人")  # the pronouns that stand for a person
_THAT_DAY = re.compile(r"[那这当同]一?天|[那这该当]一?期")  # the day or issue the last question was asked of
# "会上研究了什么", "文中提到几个项目": the meeting or report the last question was about.
_BACK = re.compile(r"^(?:在|那|这)?(?:会上|会议上|次会上|次会议上|文中|报道中|报道里|篇报道里?)")
# `那次会议是哪天开的`, `这个项目总投资多少`: the event the last question named, by a demonstrative and its noun
_THAT_EVENT = re.compile(r"^(?:那|这|该)(?:次|场|个|项|届|期|些)?(会议|座谈会|发布会|推进会|例会|大会|会|活动|仪式|典礼|"
                         r"比赛|大赛|项目|工程|培训班?|报道|文章)")
# The endings that name the same kind of thing: a follow-up's topic replaces a word of its kind in the last
# question (whole endings: 社区 and 街道, not 社 of 日报社 or 道 of 大道; 中心, not 会 of 会议).
_KINDS = (
    ("省", "市", "县", "区", "镇", "乡", "村", "街道", "社区"),
    ("局", "委", "厅", "部", "办", "院", "校", "所", "站", "中心", "公司", "集团", "银行", "医院", "协会"),
)
# ... and the pieces that name the same kind of detail: an ordinal replaces an ordinal (那第二十九次呢 after
# 第三十五次…谁主持的), a year a year, a month a month, a day a day.
_DETAILS = tuple(re.compile(p) for p in (
    rf"第[{CN_NUMERALS}\d]+[次届期批个名位号轮]?",
    rf"(?:\d{{4}}|[{CN_NUMERALS}]{{4}})年(?!\d|[{CN_NUMERALS}]+月)",
    rf"(?<![\d{CN_NUMERALS}年])(?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})月份?(?![\d{CN_NUMERALS}]+[日号])",
    rf"(?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})月(?:\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})[日号]",
))
# "都有谁", "分别是哪些": who or what the count the last question asked (几位副主任出席) is made of
_MEMBERS = re.compile(r"^(?:那)?(?:都|分别|具体|各)?(?:有|是)?(?:谁|哪些人?|哪几位|哪几个)(?:呢)?$")
_COUNT = re.compile(r"(?:多少|几)(?:个|位|名|家|人|项|所)")
_HAS_QUESTION = re.compile(ASKING)
_ATTRIBUTE = re.compile(r"^(.{2,12}?)的(.{2,6})$")  # 百户重点企业的复工率: a subject and what is asked of it
_TOTAL = re.compile(r"一共|总共|共计|累计|合计|总计")  # asks for a total: how, not what, the report must print
MAX_ELLIPTIC = 10  # characters of a question short enough to lean on the last one for what it is about
# `那最后有多少人拿了个人奖`: a question opening with 那 (or 那么, 然后, 最后) leans on the last one, up to this long
_LEANING = re.compile(r"^(?:(?:那么?|然后|最后|后来|具体)(?![个次场项位些]))+")
MAX_LEANING = 20


def is_more(text: str) -> bool:
    """Tell whether a message asks for the next answers ("更多", "/more", "继续")."""
    return bool(_MORE.match(_TRIM.sub("", text)))


def reply(engine: Library, text: str, last: Turn | None) -> tuple[Answer, Turn | None]:
    """Answer a message in the light of the last turn; return the answer and the new turn.

    A refused question does not become the topic: topic follow-ups (`那襄城县呢？`) and "更多" keep
    referring to the last question that was answered, but a pronoun no longer stands for anything in
    it (`她每周几下访？` after a refusal is not merged into the older question: the reply asks who
    she is, as it does for a person's pronoun with no person asked or answered before it). A
    follow-up about a new subject (`那长葛市呢？`, `他还担任什么职务？`) is answered only from a
    quote that names it; otherwise it is refused.
    """
    text = readable(text)
    if is_more(text):
        return more(engine, last)
    # the last source's text, read only for a short question naming nothing (签了多少个项目)
    cited = _cited(engine, last) if last and _elliptic(text) else ""
    rewritten = _rewrite(text, last, engine.segmenter.words, cited, engine.synonyms.partners) if last else None
    alone = _ANOTHER.match(_TRIM.sub("", normalise(text))) if last is None else None
    if alone:  # `那长葛市呢？` with nothing before it: what is asked of 长葛市 is missing
        return Answer(text, "", False, reason=f"“{text}”是接着上一个问题问的，但还没有上一个问题："
                      f"请说出想问{alone.group(1)}的什么，例如：{alone.group(1)}的考评成绩是多少分？"), None
    who = _PRONOUN.match(_TRIM.sub("", normalise(text))) if rewritten is None else None
    if who and _PERSON.search(who.group(1)):  # `他是哪里人？` with no person asked or answered before it
        return Answer(text, "", False, reason=f"“{who.group(1)}”指的是谁？前面没有答出一个人："
                      f"请把“{who.group(1)}”换成名字再问。"), _forget_subject(last)
    if rewritten is None or last is None:
        # `那天农历是几号` after a question of 2021年3月3日: asked of that day
        result = answer(engine, text, last.date_range if last and _THAT_DAY.search(text) else None)
        return result, _next_turn(text, result, last)
    merged, subject = rewritten
    result = answer(engine, merged, last.date_range, about=subject, within=frozenset(last.sources))
    if not result.answered and merged.startswith(f"{_event(last)}，") and _elliptic(text):
        # read as the last event's (签了多少个项目) it found nothing: it may be a question of its own
        alone_result = answer(engine, text)
        return alone_result, _next_turn(text, alone_result, last)
    note = f"接着上一个问题（{last.question}），按“{merged}”回答"
    if subject and ((result.answered and result.trace is not None and not _names(result, subject, last.sources))
                    or (not result.answered and not result.reason)):  # say why: no report names the new subject
        result = Answer(text, result.kind, False, hits=result.hits, closest=result.closest,
                        reason=f"{REFUSAL}找到的报道没有说到“{subject}”。")
    result = dataclasses.replace(result, question=text, notes=(note, *result.notes))
    kept = last.subject if last.subject and last.subject in merged else ""  # 唐聚圈 stays 他 in the next question
    event = _event(last) if merged.startswith(f"{_event(last)}，") else ""
    return result, _next_turn(merged, result, last, kept, event)


def _next_turn(question: str, result: Answer, last: Turn | None, kept: str = "", event: str = "") -> Turn | None:
    """Return the conversation after an answer: its question; after a refusal the last answered one, unless the
    refusal quoted what the paper says instead (`长葛市…无考评数据`): its question is still what 那襄城县呢 follows,
    though no pronoun stands for anything in it."""
    if result.answered:
        return _turn(question, result, (), kept=kept, event=event)
    if result.citations:
        return dataclasses.replace(_turn(question, result, (), event=event), refused_since=True)
    return _forget_subject(last)


def _forget_subject(last: Turn | None) -> Turn | None:
    """Keep the last answered question after a refusal, but let no pronoun stand for it or its answer any more."""
    return dataclasses.replace(last, subject="", refused_since=True) if last is not None else None


def _names(result: Answer, subject: str, sources: tuple[str, ...] = ()) -> bool:
    """Tell whether an answer's quote or first source names the subject (長葛 for 长葛市 too), or says 他 or
    她 in the report the last answer cited (sources), which is about them."""
    shown = visible_chars(result.quote + (result.citations[0].headline if result.citations else ""))
    short = PLACE_SUFFIX.sub("", subject)
    told = bool(result.citations) and spoken_of(shown, result.citations[0].article_id, sources)
    return subject in shown or (len(short) >= 2 and short in shown) or told


def more(engine: Library, last: Turn | None) -> tuple[Answer, Turn | None]:
    """Give the next answers to the last question, skipping the articles already cited."""
    if last is None:
        return Answer("更多", "", False, reason="还没有可以继续的问题，请先提一个问题。"), None
    result = answer(engine, last.question, last.date_range, exclude=frozenset(last.shown))
    if not result.answered:
        note = f"关于“{last.question}”，存档中没有更多的回答了。"
        return dataclasses.replace(result, notes=(), reason=note, closest=(), hits=()), last
    result = dataclasses.replace(result, notes=(f"关于“{last.question}”的更多回答：", *result.notes))
    return result, _turn(last.question, result, last.shown, last.date_range, event=last.event)


def source(engine: Library, turn: Turn | None, n: int) -> tuple[Issue, Article] | None:
    """Return the article cited as [n] in the last answer, or None."""
    if turn is None or not 1 <= n <= len(turn.sources):
        return None
    return engine.article(turn.sources[n - 1])


def follow_up(text: str, last: Turn, words: Callable[[str], list[str]], cited: str = "") -> str | None:
    """Rewrite a message that refers back to the last question into a full question, else None.

    `words` segments text into words (the engine's segmenter), to find the word a topic replaces;
    `cited` is the text of the last answer's first source (a short question about what it prints is
    about the same event).
    """
    rewritten = _rewrite(text, last, words, cited)
    return rewritten[0] if rewritten else None


def _cited(engine: Library, last: Turn | None) -> str:
    """Return the text of the last answer's first source ('' when there is none)."""
    found = source(engine, last, 1)
    return visible_chars(found[1].headline + found[1].text) if found else ""


def _rewrite(text: str, last: Turn, words: Callable[[str], list[str]], cited: str = "",
             partners: Callable[[str], tuple[str, ...]] = lambda _: ()) -> tuple[str, str] | None:
    """Return the full question a follow-up stands for and the subject it is about ('' when none), or None."""
    bare = _TRIM.sub("", normalise(text))
    topic = _ANOTHER.match(bare) or (_BARE.match(bare) if not _HAS_QUESTION.search(bare) else None)
    if topic and EXTREME.fullmatch(topic.group(1)) and EXTREME.search(last.question):
        # 那最低的呢 after …得分最高: the other end of the same ranking, no new subject to quote
        return EXTREME.sub(topic.group(1), last.question, count=1), ""
    if topic:
        swapped = _swap_topic(last.question, topic.group(1), words)
        attribute = _ATTRIBUTE.match(topic.group(1))
        if swapped.startswith(f"{topic.group(1)}，") and attribute and classify(last.question).kind == "number":
            # 那百户重点企业的复工率呢 after a count: another figure, asked of its own subject
            return f"{topic.group(1)}是多少", attribute.group(1)
        return swapped, topic.group(1)
    then = _TOPIC_THEN.match(bare)
    if then:  # the topic asked in a question of its own: 教育集团到目前成立了几个
        return then.group(1) + then.group(2).lstrip(",，"), ""
    if _MEMBERS.match(bare) and _COUNT.search(last.question):  # 几位副主任出席 → 哪些副主任出席
        return _COUNT.sub("哪些", last.question, count=1), ""
    that = _THAT_EVENT.match(bare)
    if that and "些" in bare[:that.start(1)] and _COUNT.search(last.question) and that.group(1) in last.question:
        # 这些项目总投资多少 after 有多少个项目被定成…省重点项目: the counted things, the count dropped
        return f"{_COUNT.sub('', last.question).rstrip('？?')}，{bare}", ""
    if _BACK.match(bare) or (that and that.group(1)[-1] in _event(last)):
        # the last question's event without what it asked (谁主持的): 第二十九次城建周例会，会上研究了什么
        return f"{_event(last)}，{bare}", ""
    pronoun = _PRONOUN.match(bare)
    leaned = _LEANING.sub("", bare)  # 那最后, 然后, 具体: how the reader leans on it, no word the report must print
    if pronoun is None and _elliptic(bare) and _printed_in(leaned, cited, words, partners):
        # 签了多少个项目 after …签约仪式在哪举行, whose report prints 项目: of the same event
        return f"{_event(last)}，{leaned}", ""
    if pronoun is None or last.refused_since:
        return None
    if last.subject:
        return f"{last.subject}{bare[pronoun.end():]}", last.subject
    if _PERSON.match(pronoun.group(1)) and classify(last.question).kind != "person":
        # 她叫啥名字 after `…北大街社区那个支部书记,每周哪几天…`: she is the one the last question described by her
        # office; after `长葛市的考评成绩是多少分` no person was asked or answered for 她 to stand for
        described = _described(last.question)
        return (f"{described}{bare[pronoun.end():]}", "") if described else None
    return f"{last.question} {bare}", ""


def _swap_topic(question: str, topic: str, words: Callable[[str], list[str]]) -> str:
    """Put topic in place of the name, word or detail of its kind in question (鄢陵县 → 长葛市, 第三十五次 →
    第二十九次, 9月份 → 10月份), else before it."""
    named = same_kind_name(question, topic)
    if named and named in question:
        return question.replace(named, topic, 1)
    for detail in _DETAILS:
        if detail.fullmatch(topic):
            found = detail.search(question)
            if found:
                return question[:found.start()] + topic + question[found.end():]
    for suffixes in _KINDS:
        if not topic.endswith(suffixes):
            continue
        split = words(question)
        for j, word in enumerate(split):
            if not word.endswith(suffixes):
                continue
            # a name jieba splits (许昌/供电/公司) is its run of up to three words of two characters or more
            # ending there; names run to three characters or more (鄢陵县); 社区, 全市 are common nouns
            start = j
            while start > max(j - 2, 0) and len(split[start - 1]) >= 2 and not _HAS_QUESTION.search(split[start - 1]):
                start -= 1
            name = "".join(split[start:j + 1])
            if len(name) >= 3 and name != topic and name in question:
                return question.replace(name, topic, 1)
    return f"{topic}，{question}"  # a comma, not a space: normalise drops a space between Chinese characters


def _event(last: Turn) -> str:
    """Return what the last question was about without what it asked (`豫浙合作项目签约仪式` of
    `豫浙合作项目签约仪式在哪举行`), kept through the follow-ups asked of it (`…，签了多少个项目`)."""
    return last.event or asked_of(last.question)


def _printed_in(text: str, cited: str, words: Callable[[str], list[str]],
                partners: Callable[[str], tuple[str, ...]] = lambda _: ()) -> bool:
    """Tell whether the last answer's source prints every word of two characters or more of text that is
    neither an asking word nor the thing it asks (`年纪` of `多大年纪的人能报名`), as written or as a synonym
    (`项目` of `签了多少个项目`, `获得` for `拿到`, `报名`; not `火星` of `火星上有几个市长`)."""
    cut = words(text)
    asks = [bool(_HAS_QUESTION.search(w) or ASKS_SIZE.fullmatch(w)) for w in cut]
    said = [w for k, w in enumerate(cut) if len(w) > 1 and not asks[k] and not (k and asks[k - 1])
            and not FUNCTION_CHARS.search(w) and not COUNT_WORD.match(w)  # 哪两个: the count is asked, not printed
            and not _TOTAL.fullmatch(w)]
    # 签了 (jieba's glued particle) proves nothing
    return bool(cited) and all(w in cited or any(p in cited for p in partners(w)) for w in said)


def _person_named(question: str) -> str:
    """Return the one person a question names (唐聚圈 of `唐聚圈是从啥岗位上退下来的`, 柏启传 of `柏启传是什么
    职务`), whom a 他 in the next question stands for when the answer is no person; '' for none or several."""
    asked = classify(question)
    if asked.kind == "role" and asked.head:
        return asked.head
    people = question_names(question, PEOPLE)
    return people[0] if len(people) == 1 else ""


_OFFICE = re.compile(rf"[^，,。？?！!；;\s]*?{ROLE}")


def _described(question: str) -> str:
    """Return how a question describes a person by office (`襄城县北大街社区那个支部书记`), its clause up to the
    office; '' when it names none, or names a person (唐聚圈: the name is theirs, _person_named)."""
    offices = list(_OFFICE.finditer(normalise(question)))
    if not offices or question_names(question, PEOPLE):
        return ""
    return offices[-1].group(0)


def _elliptic(text: str) -> bool:
    """Tell whether a message is a short question that names nothing (`签了多少个项目`, `总投资多少`): asked
    in a conversation, it is about what the last question was about."""
    bare = _TRIM.sub("", normalise(text))
    short = len(bare) <= MAX_ELLIPTIC or (len(bare) <= MAX_LEANING and bool(_LEANING.match(bare)))
    return short and bool(_HAS_QUESTION.search(bare) or ASKS_SIZE.search(bare)) and not question_names(bare) \
        and not _PRONOUN.match(bare) and not _BACK.match(bare) and not _THAT_EVENT.match(bare)


def _turn(question: str, result: Answer, shown: tuple[str, ...], span: tuple[dt.date, dt.date] | None = None,
          kept: str = "", event: str = "") -> Turn:
    cited = tuple(c.article_id for c in result.citations)
    return Turn(
        question=question,
        date_range=result.date_range or span,
        shown=tuple(dict.fromkeys((*shown, *cited))),
        sources=cited,
        subject=result.short if result.kind == "person" and "、" not in result.short else kept or _person_named(question),
        event=event,
    )
