"""The responder: turn ranked hits into a short answer, a quote and citations, or refuse.

It only formats the hits it is given; it never reaches back into the index. Which sentence answers
and whether to answer at all are decided by the fitted models of bot.answer.model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from bot.answer.align import frame
from bot.answer.citing import citations
from bot.answer.choose import (
    QUOTE_FROM_TOP, Asked, Candidate, HitLike, choose, heading, precise_figure, question_text,
)
from bot.answer.decision import archived, decision_features, strangers
from bot.answer.matching import Matcher, in_paper_words, paper_city
from bot.answer.model import ANSWER_FEATURES, AnswerModel, default_model
from bot.answer.runs import day_run, enumeration
from bot.answer.extremes import EXTREME, Extreme, asks_extreme, extreme, extreme_of, rows
from bot.answer.names import PEOPLE, asked_head, names_holder, question_names
from bot.answer.reader import NAMED_KINDS, as_asked, short_answer
from bot.answer.rescue import PIECE_FIT, rescued
from bot.answer.subjects import of_a_kind, of_subject, own_city_first, own_part
from bot.answer.quantities import numbered
from bot.answer.question import (
    DAY_WORD, TIME_NOUN, YEAR_WORD, QuestionKind, asked_report, asked_roles, asks_day, asks_several, asks_statement,
    asks_year, spoken_of, titled_people,
)
from bot.answer.values import REFUSAL, Answer, Headline, Trace, cite
from bot.answer.verify import Check, another_year, check
from retrieval import issue_label, normalise
from retrieval.search import MESSAGES

# sorts of place or body whose every answer prints the sort (东城区永昌街道办事处), or ends as its short name
# does (南加大, 黄埔军校): not 企业 or 公司 (仰韶集团 is a 企业)
PRINTED_SORTS = {"街道": "街道", "社区": "社区", "银行": "银行", "医院": "院", "学校": "校", "大学": "大", "学院": "院",
                 "中学": "中", "小学": "小"}
TRACED = 20  # candidates kept in an answer's trace
REASON_MARGIN = 0.5  # how far below the best a sentence giving a reason may score and still go first
EXPLAINED = 2  # candidates `--explain` prints: the chosen one and the runner-up
MISSING_CHARS = 20  # the longest piece a refusal names as not mentioned
FRAME_WORD = 0.5  # from this share unprinted beside its answer a question word is frame (DRCD dev: 0 refused fewer removed-context questions)
PRECISE_FROM = 5  # the best candidates among which a bound's sentence looks for the asked name's own figure


# A sentence holding (nearly) all key words is "on topic"; a typed one holding this much less is not.
ON_TOPIC = 0.99
OFF_TOPIC_GAP = 0.5


def _framed(key_words: Mapping[str, float], weights: Mapping[str, float], frame: Mapping[str, float]) -> dict[str, float]:
    """Return the key words' weights with the unknown frame words lightened.

    A word the archive never prints weighs as the rarest: a name it lacks. A word mostly of the question's
    frame (担任, 职务 in `卢希望担任什么职务`; at least FRAME_WORD in the fitted table) says little of the report
    when a small archive never prints it: it weighs as often as such a word is printed beside its answer.
    """
    return {w: v if weights.get(w.lower()) or frame.get(w, 0.0) < FRAME_WORD else v * (1.0 - frame[w])
            for w, v in key_words.items()}


def _compared(kind: str, ranked: Extreme, hit: HitLike, refusal: Answer, explain: list[str]) -> Answer:
    """Answer a superlative from a printed ranking: the names (or, asked how much, the figure) of its
    extreme rows, quoting them, and a note of how many rows were compared."""
    short = ranked.figure if kind == "number" else "、".join(ranked.names)
    word = "最高" if ranked.highest else "最低"
    note = f"比较了《{hit.article.title}》所列{ranked.compared}项的数字：{ranked.figure}{word}"
    return dataclasses.replace(
        refusal, answered=True, short=short, quote="；".join(r.text for r in ranked.rows),
        citations=(cite(1, hit.issue, hit.article, hit.passage),), notes=(*refusal.notes, note), explain=tuple(explain))


def _not_printed(hit: HitLike, checked: Check) -> str:
    """Say what the nearest report is and what of the question it does not mention ('' when nothing is missing)."""
    # a piece is shortened as a headline is (a hostile question's 3000-character numeral stays one line)
    missing = [m if len(m) <= MISSING_CHARS else m[:MISSING_CHARS - 1] + "…"
               for m in checked.missing if len(m) > 1 or m.isdigit()][:3]
    return _reported(hit, f"没有提到{'、'.join(missing)}。") if missing else ""


def _reported(hit: HitLike, said: str) -> str:
    """Say which report is nearest, named as a citation names it (a continuation by its stand-in and the
    section heading the passage is under), and what of the question it does not say."""
    return f"{REFUSAL}报纸报道的是《{cite(1, hit.issue, hit.article, hit.passage).title}》，{said}"


def respond(
    question: str, kind: QuestionKind, hits: Sequence[HitLike], weights: dict[str, float],
    notes: Sequence[str] = (), key_words: dict[str, float] | None = None, model: AnswerModel | None = None,
    searched: str = "", about: str = "", partners: Mapping[str, tuple[str, ...]] | None = None,
    within: frozenset[str] = frozenset(),
) -> Answer:
    """Answer from the hits, or refuse plainly and list the closest headlines.

    `key_words` are the question's own words with weights (unknown words weigh most); `searched` is
    the question as searched (date words taken out). A refusal whose nearest article lacks a number
    or key word of the question says what the paper reports and what it does not mention.
    """
    # each article once, at its best passage's score (hits come best first): an answer's hits name articles
    best_of: dict[str, tuple[str, str, float]] = {}
    for h in hits:
        best_of.setdefault(h.article.id, (h.article.id, h.article.title, round(float(h.score), 4)))
    summary = tuple(best_of.values())
    by_title: dict[str, Headline] = {}
    for h in hits:
        by_title.setdefault(h.article.title, Headline(h.article.id, h.article.title))
    closest = tuple(by_title.values())[:5]
    model = model or default_model()
    city = paper_city(hits[0].issue.paper) if hits else ""
    key_words = _framed(key_words or weights, weights, model.frame)
    report = asked_report(searched or question)  # 哪篇文章: jieba's 篇文章 is how it asks, not what a report prints
    key_words = {w: v for w, v in key_words.items() if not (report and w in report)} or key_words
    terms, key = Matcher(weights, city, partners or {}), Matcher(key_words, city, partners or {})
    coverage = max((key.coverage(heading(h) + h.passage.text) for h in hits[:QUOTE_FROM_TOP]), default=0.0)
    chars, bigrams = question_text(searched or question)
    # keywords keep their spaces for the tagger (`许昌 教育集团`: two names, not one body nothing prints)
    typed_apart = question if " " in question.strip() else searched or question
    named = question_names(typed_apart)
    # `…，其中生活用水有多少`: the part asked of is the subject the piece sits nearest
    part = (searched or question).rpartition("其中")[2] if "其中" in (searched or question) else ""
    subject = min((w for w in key.weights if w in part), key=part.find, default="")
    asked = Asked(kind, frame(searched or question), terms, key, chars, bigrams, model.sentence,
                  (*terms.weights, *key.weights), (subject, *named) if subject else named,
                  numbered(normalise(searched or question)))
    if not key.weights or (len(key.weights) == 1 and set(key.weights) <= {asked_head(searched or question)}):
        # `哪个国家`: the only word is the noun asked about (or no word at all, `???`): nothing says which report
        said = f"问题里只有要问的“{next(iter(key.weights))}”，没有说是哪件事" if key.weights else MESSAGES["no-terms"]
        return Answer(question, kind.kind, False, hits=summary, closest=closest, notes=tuple(notes),
                      reason=f"{REFUSAL}{said}，请加上人名、地名或事情，例如：许昌在杭州签约的项目投资多少")
    every = choose(asked, hits)
    explain = [f"terms: {', '.join(f'{t}={w:.2f}' for t, w in weights.items())}",
               f"key words: {', '.join(f'{t}={w:.2f}' for t, w in key.weights.items())}",
               f"asked: {kind.label}" + (f" in {'/'.join(kind.units)}" if kind.units else "")
               + (f", {kind.head}" if kind.head else "")]
    explain += [f"candidate {c.parts} score={c.score:.2f}: {c.quote[:40]}" for c in every[:EXPLAINED]]
    refusal = Answer(question, kind.kind, False, hits=summary, closest=closest, notes=tuple(notes))
    # verified: where a kind's pieces are found reliably (numbers, dates, a name after the asked title, a
    # place or body of the asked sort),
    # only a sentence holding one of the asked kind can answer; names without a title are found less
    # reliably (transliterated names, bodies), so there the decision weighs the fit instead
    checks_piece = kind.kind == "number" or (kind.kind == "person" and bool(kind.head))
    # 哪所大学: a 大学, or a name shortened to end as one does (南加大, 黄埔军校)
    sort = kind.head if kind.kind in ("place", "organisation") and kind.head in PRINTED_SORTS else ""
    if about:  # a follow-up's new subject: only a sentence naming it can answer (or, in the report the last
        # answer cited, saying 他 or 她 of them: `多年来,他带领…宣讲团` in the report on 唐聚圈)
        every = [c for c in every if about in c.quote or spoken_of(c.quote, hits[c.hit_index].article.id, within)]
    roles = asked_roles(searched or question) if kind.kind in ("person", "list") else ""  # 副主任都有谁
    every = rescued(kind, roles, every, model)
    highest = asks_extreme(searched or question)
    years = kind.kind == "time" and asks_year(searched or question)  # 哪一年: not a quote printing no year
    days = kind.kind == "time" and asks_day(searched or question)  # 哪天开幕: not 3月份
    eligible = [c for c in every if not (checks_piece and c.fit < PIECE_FIT)
                and not (years and not YEAR_WORD.search(c.quote)) and not (days and not DAY_WORD.search(c.quote))
                and not (sort and sort not in c.short and not c.short.endswith(PRINTED_SORTS[sort]))]
    if kind.kind == "reason":  # a sentence giving a reason (由于…) before a near tie that gives none
        given = next((c for c in eligible if c.fit >= 1.0 and c.score >= eligible[0].score - REASON_MARGIN), None)
        eligible = [given, *(c for c in eligible if c is not given)] if given else eligible
    # whose words are asked (`副主任韩国全…提了哪些要求`): the people named, after their titles too
    people = question_names(typed_apart, PEOPLE)
    speakers = tuple(dict.fromkeys((*people, *titled_people(typed_apart)))) if asks_statement(searched or question) else ()
    own = eligible if highest is not None else of_subject(eligible, named, hits, city, speakers,
                                                           () if speakers or kind.kind == "person" else people,
                                                           kind.kind == "number",
                                                           frozenset(n for n in named if archived(n, weights)))
    # a person's office is asked of the person, not of the city the question sets it in (`全市…会上,柏启传是什么职务`)
    first = own_city_first([c.quote for c in own], [hits[c.hit_index].article.id for c in own],
                           [c.key_cover for c in own], searched or question, city) if kind.kind != "role" else 0
    own = [own[first], *own[:first], *own[first + 1:]] if first else own
    if not about and own != eligible:  # what the report of the others' figures says of the asked name
        within = frozenset(hits[c.hit_index].article.id for c in eligible if c not in own)
        # a place or body asked of first (鄢陵县 of `南水北调给鄢陵县供了多少水`): the others' figure is not its
        about = next((n for n in sorted(named, key=lambda n: not of_a_kind(n)) if any(n in c.quote for c in every)), "")
    said = next((c for c in every if (not within or hits[c.hit_index].article.id in within) and about in c.quote), None)
    eligible = own
    if about and said is not None and not eligible:
        # the report says something of the subject, but not of the asked kind (长葛市: 无考评数据): quote it;
        # (of a follow-up: the report the last answer cited) another's figure answers nothing asked
        explain.append(f"nothing of the asked kind about {about}: quoting what the paper says of it")
        # it answers nothing of the asked kind: a refusal that says what the paper does say, cited (no other
        # report backs it); the score a reader asked for is not there, so nothing is "answered"
        source = hits[said.hit_index]
        return Answer(question, kind.kind, False, quote=said.quote,
                      citations=(cite(1, source.issue, source.article, source.passage),),
                      hits=summary, closest=closest, notes=tuple(notes), explain=tuple(explain),
                      reason=f"{REFUSAL}报纸没有给出{about}的{kind.label}，"
                             f"关于{about}只说：“{said.quote}”[1]")
    if not eligible:
        reason = f"{REFUSAL}最接近的报道里没有问到的{kind.label}。" if every else ""
        return dataclasses.replace(refusal, explain=(*explain, "no sentence holds a piece of the asked kind"),
                                   reason=reason)
    chosen = hits[eligible[0].hit_index]
    named_of = extreme_of(searched or question)  # 得分最高的街道: names of 街道 answer, not the figure
    ranked = extreme(rows(chosen.article), highest, kind.head or named_of, kind.units) if highest is not None else None
    # a ranking's rows answer 最低 by comparison: the word is not what the report must print
    compared = key if ranked is None else Matcher({w: v for w, v in key.weights.items() if not EXTREME.search(w)},
                                                  city, partners or {})
    checked = check(searched or question, compared, chosen.article, chars, named,
                    chosen.issue.date, model.frame)
    features = decision_features(kind, eligible, hits, coverage, weights, key_words, checked, people,
                                 searched or question)
    chance = model.answer_probability(features)
    traced = lambda c: (c.features, c.quote, hits[c.hit_index].article.source)  # noqa: E731
    worded = in_paper_words(searched or question, partners or {}, eligible[0].quote)  # as the reader will read it
    trace = Trace(tuple(features.items()), tuple(map(traced, every[:TRACED])), traced(eligible[0]),
                  (kind.kind, worded, eligible[0].short, *_beside(kind, eligible[0])), tuple(key.weights), chance)
    refusal = dataclasses.replace(refusal, trace=trace)
    explain.append("answer model: " + " ".join(f"{n}={features[n]:.2f}" for n in ANSWER_FEATURES)
                   + f" → p={chance:.2f} (answers at {model.threshold:.2f})")
    if chance < model.threshold or strangers(checked.names, weights, chosen.article):
        return dataclasses.replace(refusal, explain=tuple(explain),
                                   reason=_not_printed(hits[eligible[0].hit_index], checked))
    dated = another_year(searched or question, eligible[0].quote)
    if dated is not None:  # the quote is of that day in another year: another year's event
        explain.append(f"the quote prints {dated[1]} where the question asks of {dated[0]}")
        return dataclasses.replace(refusal, explain=tuple(explain),
                                   reason=_reported(chosen, f"说的是{dated[1]}，没有提到{dated[0]}。"))
    best = eligible[0]
    if ranked is not None:  # 哪家单位垫底: the chosen report prints a ranking; its rows are compared
        explain.append(f"compared the figures of {ranked.compared} printed rows: "
                       f"{'the highest' if highest else 'the lowest'} is {ranked.figure}")
        return _compared("" if named_of else kind.kind, ranked, hits[best.hit_index], refusal, explain)
    if kind.kind == "number":
        best = precise_figure(best, eligible[1:PRECISE_FROM], hits)
        if best is not eligible[0]:  # its line ties the name to the figure: the next line is another name's
            best = dataclasses.replace(best, around=("", ""))
            explain.append("the best sentence prints a bound for several names: quoting the asked one's own figure")
    on_topic = max(every, key=lambda c: (c.key_cover, c.score))
    if on_topic.key_cover >= ON_TOPIC and best.key_cover <= on_topic.key_cover - OFF_TOPIC_GAP:
        # The sentence about exactly what was asked holds no answer of the asked kind (长葛市: "无考评数据"),
        # and the typed one is about something else (高州市's score): quote what the paper says instead.
        best = dataclasses.replace(on_topic, short="")
        explain.append("the typed candidate is off the question's subject: quoting the on-topic sentence")
    elif roles and "、" in best.short:
        explain.append(f"every {roles} the quote lists answers: no phrase of it is read")
    elif report:  # 首季开门红是哪篇文章说的: the quoted report's title answers
        hit = hits[best.hit_index]
        best = dataclasses.replace(best, short=f"《{cite(1, hit.issue, hit.article, hit.passage).title}》")
        explain.append("a question about which report: the quoted report's title answers it")
    elif kind.kind == "issue":  # 文明创建结硕果是哪天的报纸: the quoted report's issue answers
        issue = hits[best.hit_index].issue
        best = dataclasses.replace(best, short=issue_label("", issue.date, issue.issue_no).strip())
        explain.append("a question about which issue: the quoted report's date and number answer it")
    elif kind.kind in ("overview", "list") and asks_statement(searched or question):
        best = dataclasses.replace(best, short="")  # 说了什么, 提了什么要求: the quote says it, no phrase of it
        explain.append("a question about what was said or done: the quote answers it, without a short answer")
    else:  # the fitted reader picks the short answer from the quote's phrases, the rule finders' one among them
        # of a list of people's deeds, the asked one's (who is asked may be in another: `谁与陈高志所著`)
        part = own_part(best.quote, people) if kind.kind not in ("person", "list") else best.quote
        if part != best.quote:
            best = dataclasses.replace(best, quote=part, around=("", ""))
            explain.append("the quote lists others' deeds too: reading the asked one's part")
        # the reader aligns the question's words with the quote's: it reads them in the paper's words
        worded = in_paper_words(searched or question, partners or {}, best.quote)
        read = short_answer(kind.kind, worded, best.quote, best.short, model, _beside(kind, best))
        timed = bool(TIME_NOUN.search(searched or question))
        short = as_asked(kind.kind, years, read.short, read.quote, best, timed, kind.head)
        if kind.kind in NAMED_KINDS and asks_several(searched or question):  # 哪几个部门: all that are listed
            short = enumeration(read.quote, short)
        elif asks_several(searched or question):  # 每周哪几天: every day listed with the one read
            short = day_run(read.quote, short)
        best = dataclasses.replace(best, short=short, quote=read.quote)
        explain += [read.explain] if read.explain else []
    return Answer(
        question, kind.kind, True, short=best.short if best.short != best.quote else "", quote=best.quote,
        citations=citations(hits, best.hit_index, key, best.quote, best.short), hits=summary, closest=closest,
        notes=tuple(notes), explain=tuple(explain), trace=trace,
    )


def _beside(kind: QuestionKind, best: Candidate) -> tuple[str, str]:
    """Return the sentences the reader reads beside the quote: none where the quote names the asked
    title's holder (`市委书记胡五岳`: the next sentence's names are others')."""
    return ("", "") if kind.kind == "person" and names_holder(kind.head, best.short, best.quote) else best.around
