"""Conversation: follow-ups that refer back, "更多", /source N, and the turn's JSON round trip."""

from __future__ import annotations

import datetime as dt

from bot.answer.conversation import Turn, follow_up, is_more, more, reply, source
from retrieval import Library


def test_more_words_are_recognised_and_questions_are_not() -> None:
    assert all(is_more(w) for w in ("更多", "更多！", "/more", " 继续 ", "还有吗？", "More"))
    assert not any(is_more(w) for w in ("更多的党员在哪里？", "许昌", ""))


def test_a_place_follow_up_replaces_the_place_of_the_last_question(seed_engine: Library) -> None:
    last = Turn("鄢陵县的考评成绩是多少分？")
    words = seed_engine.segmenter.words
    assert follow_up("那长葛市呢？", last, words) == "长葛市的考评成绩是多少分？"
    assert follow_up("禹州市呢", last, words) == "禹州市的考评成绩是多少分？"
    # 社区 is a common noun, not a place of the same kind: the topic goes in front
    assert follow_up("那东城区的呢？", Turn("有多少名党员到社区报到？"), words) == "东城区，有多少名党员到社区报到？"
    assert follow_up("许昌有多少党员？", last, words) is None  # a full question stands alone
    # 社 of 日报社 is no place ending: nothing of the place's kind to replace, the topic goes before
    assert follow_up("那长葛市呢？", Turn("许昌日报社长是谁？"), words) == "长葛市，许昌日报社长是谁？"


def test_a_follow_up_replaces_a_name_of_its_own_kind_as_the_tagger_reads_it(seed_engine: Library) -> None:
    words = seed_engine.segmenter.words
    # 许昌 has no place suffix, 全市 names no place: the tagger and the 全市/我市 words find them
    assert follow_up("那长葛市呢？", Turn("许昌有多少名党员到社区报到？"), words) == "长葛市有多少名党员到社区报到？"
    assert follow_up("那长葛市呢？", Turn("全市有多少名党员到社区报到？"), words) == "长葛市有多少名党员到社区报到？"
    assert follow_up("那2020年呢", Turn("2021年规模以上工业企业复工了多少家？"), words) == "2020年规模以上工业企业复工了多少家？"
    assert follow_up("那李明呢", Turn("胡晨写了哪些报道？"), words) == "李明写了哪些报道？"
    # jieba splits the body's name (许昌/供电/公司): its run of words is replaced whole
    assert follow_up("那市公安局呢", Turn("许昌供电公司城管考核多少分"), words) == "市公安局城管考核多少分"


def test_a_follow_up_replaces_the_ordinal_month_or_day_of_the_last_question(seed_engine: Library) -> None:
    words = seed_engine.segmenter.words
    assert follow_up("那第二十九次呢", Turn("中心城区第三十五次城建周例会谁主持的"), words) == "中心城区第二十九次城建周例会谁主持的"
    assert follow_up("那10月份呢", Turn("鄢陵县9月份数字化城管考核多少分"), words) == "鄢陵县10月份数字化城管考核多少分"
    assert follow_up("5月14日呢", Turn("10月12日的周例会谁主持的"), words) == "5月14日的周例会谁主持的"
    _, turn = reply(seed_engine, "中心城区第三十五次城建周例会谁主持的", None)
    follow, _ = reply(seed_engine, "那第二十九次呢", turn)
    assert follow.answered and follow.short == "卢希望" and "第二十九次" in follow.quote  # had been refused
    _, turn = reply(seed_engine, "鄢陵县9月份数字化城管考核多少分", None)
    october, _ = reply(seed_engine, "那10月份呢", turn)  # the paper has September's scores only
    assert not october.answered and october.reason.endswith("找到的报道没有说到“10月份”。")


def test_the_other_end_of_a_ranking_is_asked_without_a_new_subject(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "城管考核哪个县得分最高", None)
    assert follow_up("那最低的呢", turn, seed_engine.segmenter.words) == "城管考核哪个县得分最低"
    lowest, _ = reply(seed_engine, "那最低的呢", turn)
    assert lowest.answered and lowest.short == "鄢陵县"  # 98.45分 of the two counties' rows


def test_who_they_are_after_a_count_asks_for_the_names_counted(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "第五十二次主任会议有几位副主任出席", None)
    assert follow_up("都有谁", turn, seed_engine.segmenter.words) == "第五十二次主任会议有哪些副主任出席"
    names, _ = reply(seed_engine, "都有谁", turn)
    assert names.short == "王文杰、韩国全、周为民、王宏伟、唐群喜、张书杰"
    assert "哪些" not in (follow_up("都有谁", Turn("谁主持的会议"), seed_engine.segmenter.words) or "")  # no count


def test_a_short_question_naming_nothing_is_asked_of_the_last_event(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "豫浙合作项目签约仪式在哪举行", None)
    count, turn = reply(seed_engine, "签了多少个项目", turn)  # not 71个 of another report
    # the ceremony's 31个 or, from `其中,我市签约1个项目` quoted with it, the city's 1个: a near tie for the reader
    assert count.short in ("31个", "1个") and "共有31个项目" in count.quote and turn.event == "豫浙合作项目签约仪式"
    cited = "".join(seed_engine.article(turn.sources[0])[1].text)
    assert follow_up("总投资多少", turn, seed_engine.segmenter.words, cited) == "豫浙合作项目签约仪式，总投资多少"
    assert follow_up("火星上有几个市长", turn, seed_engine.segmenter.words, cited) is None  # 火星: not of that report
    assert Turn.from_json(turn.to_json()) == turn
    # read as the event's, 市长是谁 finds nothing: it is answered as a question of its own (refused here)
    alone, _ = reply(seed_engine, "魏都区城管考核多少分", turn)
    assert alone.short == "83.43分" and not any(n.startswith("接着上一个问题") for n in alone.notes)


def test_a_short_question_whose_words_the_last_report_prints_leans_on_it(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "佰强物业搞的免费家电维修培训，一共招多少人？", None)
    ages, _ = reply(seed_engine, "多大年纪的人能报名？", turn)  # 报名 printed; 多大 asks 年纪, which need not be
    assert ages.short == "18岁至55岁" and ages.notes[0].startswith("接着上一个问题")


def test_he_in_the_report_about_the_person_answers_a_follow_up_about_them(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "2020年评上“全国关心下一代工作先进工作者”的市关工委原主任是哪位？", None)
    talks, _ = reply(seed_engine, "他还带着宣讲团给青少年做过多少场报告？", turn)
    assert talks.short == "500余场次" and "他带领" in talks.quote


def test_why_after_a_score_is_answered_by_the_sentence_giving_a_reason(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "9月份全市数字化城管考核，高铁许昌北站考了多少分？", None)
    why, _ = reply(seed_engine, "为啥这么低？", turn)  # not the report's opening sentence, a near tie
    assert "当月全部案件未完成" in why.short


def test_of_which_asks_the_part_printed_in_its_own_clause(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "南水北调通水这几年，一共给许昌供了多少水？", None)
    part, _ = reply(seed_engine, "其中生活用水有多少？", turn)
    assert part.short == "4.86亿立方米"  # `其中生活供水4.86亿立方米`, not the whole's 10.15亿立方米 before `,其中生活`


def test_another_subjects_own_figure_is_asked_of_that_subject(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "今年春节后到3月1号，全市规模以上工业企业复工了多少家？", None)
    rate, _ = reply(seed_engine, "那百户重点企业的复工率呢？", turn)  # not 多少家 of the 百户重点企业
    assert rate.short == "100%" and "百户重点企业复工率100%" in rate.quote


def test_the_person_of_a_follow_up_stays_the_pronouns(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "许昌市关工委原主任是谁", None)
    _, turn = reply(seed_engine, "他在关工委干了多少年", turn)  # answers 16年: no person, but 唐聚圈 was asked of
    assert turn.subject == "唐聚圈"
    assert follow_up("他退休前是什么职务", turn, seed_engine.segmenter.words) == "唐聚圈退休前是什么职务"


def test_a_pronoun_stands_for_the_one_person_the_last_question_named(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "许昌市关工委原主任唐聚圈是从啥岗位上退下来的", None)
    assert first.short == "市政协主席" and turn.subject == "唐聚圈"  # the answer is an office, not a person
    follow, _ = reply(seed_engine, "他在关工委主任的岗位上干了多少年", turn)
    assert follow.short == "16年"
    _, turn = reply(seed_engine, "王宏伟和杨鸿章参加了什么会议", None)
    assert turn is None or turn.subject == ""  # two people named: 他 stands for neither


def test_a_pronoun_stands_for_the_office_holder_the_last_question_described(seed_engine: Library) -> None:
    words = seed_engine.segmenter.words
    first, turn = reply(seed_engine, "襄城县北大街社区那个支部书记,每周哪几天带社区干部下访?", None)
    assert first.answered and "李晓燕" in first.quote
    assert follow_up("她叫啥名字?", turn, words) == "襄城县北大街社区那个支部书记叫啥名字"
    follow, _ = reply(seed_engine, "她叫啥名字?", turn)
    assert follow.answered and follow.short == "李晓燕"
    # an office only where the last question describes someone by it, and no one by name
    assert follow_up("他是谁", Turn("长葛市的考评成绩是多少分？"), words) is None
    # a person named (唐聚圈, whom the turn keeps as its subject in a conversation): not the office he left
    assert follow_up("他还担任什么职务", Turn("唐聚圈从市政协主席岗位退下来后干了几年"), words) is None


def test_at_the_meeting_refers_to_the_event_of_the_last_question(seed_engine: Library) -> None:
    words = seed_engine.segmenter.words
    last = Turn("中心城区第二十九次城建周例会谁主持的")
    assert follow_up("会上研究了什么", last, words) == "中心城区第二十九次城建周例会，会上研究了什么"
    assert follow_up("文中提到签约了几个项目", Turn("豫浙合作项目签约仪式在哪举行"), words) == "豫浙合作项目签约仪式，文中提到签约了几个项目"
    assert follow_up("会上还说了什么", Turn("胡五岳去开发区调研说了啥"), words) == "胡五岳去开发区调研，会上还说了什么"
    # a demonstrative and the event's noun: 那次会议 is the meeting just asked about
    assert follow_up("那次会议是哪天开的", Turn("第五十二次主任会议是谁主持的"), words) == "第五十二次主任会议，那次会议是哪天开的"
    assert follow_up("这个项目总投资多少", Turn("中德产业园项目在哪"), words) == "中德产业园项目，这个项目总投资多少"
    # these, after a count of them: the counted things, the count dropped
    assert follow_up("这些项目总投资是多少？", Turn("今年有多少个项目被定成单列的省重点项目？"), words) \
        == "今年有项目被定成单列的省重点项目，这些项目总投资是多少"
    _, turn = reply(seed_engine, "中心城区第二十九次城建周例会谁主持的", None)
    follow, _ = reply(seed_engine, "会上研究了什么", turn)
    assert follow.answered and "第二十九次" in follow.quote  # asked alone, it had been refused


def test_a_city_wide_figure_is_not_given_for_a_county_the_paper_does_not_count(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "许昌有多少名党员到社区报到？", None)
    assert first.answered and first.short == "9795名"
    second, _ = reply(seed_engine, "那长葛市呢？", turn)
    assert not second.answered and "9795" not in second.quote


def test_a_pronoun_stands_for_the_last_person_answered(seed_engine: Library) -> None:
    words = seed_engine.segmenter.words
    assert follow_up("他是哪个单位的？", Turn("市政协秘书长是谁？", subject="蔚钟声"), words) == "蔚钟声是哪个单位的"
    assert follow_up("他是谁", Turn("谁主持了会议"), words) == "谁主持了会议 他是谁"
    # no person asked or answered: 她 stands for nothing in a question about a score
    assert follow_up("她是谁", Turn("长葛市的考评成绩是多少分？"), words) is None
    assert follow_up("这个项目投资多少", Turn("开发区有几个重点项目"), words) == "开发区有几个重点项目 这个项目投资多少"


def test_follow_up_reuses_the_topic_and_date_filter_and_says_so(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "10月12日许昌开了什么会？", None)
    assert turn is not None and turn.date_range == (dt.date(2021, 10, 12), dt.date(2021, 10, 13))
    second, turn2 = reply(seed_engine, "那东城区呢？", turn)
    assert second.notes[0].startswith("接着上一个问题（10月12日许昌开了什么会？）")
    assert second.question == "那东城区呢？"
    assert turn2 is not None and turn2.date_range == turn.date_range
    assert all(c.date in (dt.date(2021, 10, 12), dt.date(2021, 10, 13)) for c in second.citations)


def test_more_gives_new_articles_until_there_are_none(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "有多少名党员到社区报到？", None)
    assert first.answered and "9795名党员" in first.quote
    seen = {c.article_id for c in first.citations}
    for _ in range(6):
        nxt, turn = more(seed_engine, turn)
        new = {c.article_id for c in nxt.citations}
        assert not new & seen  # never the same article again
        seen |= new
        if not nxt.answered:
            assert nxt.reason == "关于“有多少名党员到社区报到？”，存档中没有更多的回答了。" and nxt.notes == ()
            break
    else:
        raise AssertionError("更多 never ran out")


def test_more_without_a_question_asks_for_one(seed_engine: Library) -> None:
    result, turn = reply(seed_engine, "更多", None)
    assert not result.answered and turn is None and "请先提一个问题" in result.reason


def test_source_n_opens_the_cited_article(seed_engine: Library) -> None:
    result, turn = reply(seed_engine, "有多少名党员到社区报到？", None)
    issue, article = source(seed_engine, turn, 1)  # type: ignore[misc]
    assert article.id == result.citations[0].article_id and "9795名党员" in article.text
    assert source(seed_engine, turn, 0) is None and source(seed_engine, turn, 99) is None
    assert source(seed_engine, None, 1) is None


def test_turn_round_trips_through_json() -> None:
    turn = Turn("问", (dt.date(2021, 3, 3), dt.date(2021, 3, 4)), ("a-01", "b-02"), ("b-02",), "李四")
    assert Turn.from_json(turn.to_json()) == turn
    assert Turn.from_json(Turn("问").to_json()) == Turn("问")


def test_a_refused_question_does_not_become_the_topic(seed_engine: Library) -> None:
    refused, turn = reply(seed_engine, "他是谁", None)
    assert not refused.answered and turn is None
    first, turn = reply(seed_engine, "鄢陵县的考评成绩是多少分？", None)
    nothing, kept = reply(seed_engine, "？？？", turn)
    assert not nothing.answered and kept is not None and kept.question == turn.question and kept.refused_since
    follow, _ = reply(seed_engine, "那襄城县呢？", kept)
    assert follow.notes[0].startswith("接着上一个问题（鄢陵县的考评成绩是多少分？），按“襄城县的考评成绩是多少分？”回答")
    assert follow.answered and "襄城县" in follow.quote


def test_a_follow_up_quotes_what_the_paper_says_of_its_new_subject(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "鄢陵县的考评成绩是多少分？", None)
    second, turn = reply(seed_engine, "那长葛市呢？", turn)
    # the paper gives 长葛市 no score: refused, quoting its own sentence, not another county's score
    assert not second.answered and second.short == "" and second.quote == "长葛市因系统升级,造成当月无考评数据。"
    assert "“长葛市因系统升级,造成当月无考评数据。”" in second.reason
    # a refusal that quotes what the paper says instead: 那襄城县呢 follows it, no pronoun stands for it
    assert turn is not None and turn.question == "长葛市的考评成绩是多少分？" and turn.refused_since
    assert reply(seed_engine, "那襄城县呢？", turn)[0].short == "99.07分"


def test_a_pronoun_asks_the_office_of_the_person_just_answered(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "市委办公室主任是谁？", None)
    assert first.short == "蒋新" and turn is not None and turn.subject == "蒋新"
    second, _ = reply(seed_engine, "他还担任什么职务？", turn)
    assert second.kind == "role" and second.short == "市委副秘书长、市委办公室主任"


def test_after_a_refusal_a_pronoun_no_longer_stands_for_the_older_answer(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "市委办公室主任是谁？", None)
    refused, turn = reply(seed_engine, "火星上有几个市长？", turn)
    assert not refused.answered and turn is not None and turn.subject == ""
    assert turn.question == "市委办公室主任是谁？"  # 更多 and topic follow-ups still refer to it
    # nor does a pronoun stand for anything in it: asked alone, not merged into the older question
    assert follow_up("他是哪里人", turn, seed_engine.segmenter.words) is None
    assert follow_up("那市委副秘书长呢", turn, seed_engine.segmenter.words) is not None
    again, kept = reply(seed_engine, "她每周几下访？", turn)
    assert not again.answered and "“她”指的是谁" in again.reason  # not the older question again
    assert kept is not None and kept.question == turn.question
    assert Turn.from_json(turn.to_json()) == turn


def test_a_follow_up_is_quoted_from_the_report_the_last_answer_cited(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "鄢陵县得了多少分", None)
    assert first.short == "98.45分"
    second, _ = reply(seed_engine, "那长葛市呢", turn)
    # not the party-building meeting that also names 长葛市: the score table's own line, cited alone
    assert not second.answered and "无考评数据" in second.quote and second.short == ""
    assert [c.article_id for c in second.citations] == [first.citations[0].article_id]


def test_a_follow_up_with_no_question_before_it_asks_for_the_whole_question(seed_engine: Library) -> None:
    result, turn = reply(seed_engine, "那长葛市呢？", None)
    assert not result.answered and turn is None
    assert "还没有上一个问题" in result.reason and "想问长葛市的什么" in result.reason
    alone, _ = reply(seed_engine, "长葛市呢", None)  # no 那 or 还有: a bare topic is still searched
    assert alone.question == "长葛市呢"


def test_a_question_opening_with_na_leans_on_the_last_event(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "全国养老护理职业技能大赛许昌市选拔赛一共有多少名选手参赛?", None)
    follow, _ = reply(seed_engine, "那最后有多少人拿了个人奖?", turn)
    assert follow.short == "12名"  # asked alone it had been refused
    # the person whose office was asked is the next question's 他
    _, turn = reply(seed_engine, "柏启传是什么职务?", None)
    follow, _ = reply(seed_engine, "他出席的那次会上,市人民检察院检察长是谁?", turn)
    assert follow.short == "张桂平"


def test_a_leaning_follow_up_in_a_readers_verb_is_asked_of_the_last_event(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "全国养老护理职业技能大赛许昌市选拔赛一共有多少名选手参赛?", None)
    follow, _ = reply(seed_engine, "那最后有几支队拿到了团体奖？", turn)  # the report prints 获得, not 拿到
    assert follow.notes and follow.notes[0].startswith("接着上一个问题") and follow.short == "6支"


def test_follow_ups_asking_specifically_or_of_a_topic_with_its_own_question(seed_engine: Library) -> None:
    _, turn = reply(seed_engine, "2021年3月那次市政协党组扩大会议是谁主持的?", None)
    assert reply(seed_engine, "具体是哪天开的?", turn)[0].short == "3月2日上午"
    _, turn = reply(seed_engine, "2021年许昌市教育工作会议提到,新一轮教育三年攻坚已经开工建设了多少所中小学?", None)
    assert reply(seed_engine, "那教育集团呢,到目前成立了几个?", turn)[0].short == "170个"
    _, turn = reply(seed_engine, "南水北调通水7年,累计给许昌供了多少水?", None)
    follow, _ = reply(seed_engine, "那其中生态供水呢?", turn)  # 其中 is how it leans, not the topic
    assert "按“生态供水，" in follow.notes[0] and "5.29亿立方米" in follow.quote


def test_that_day_after_a_dated_question_is_the_day_it_asked_of(seed_engine: Library) -> None:
    first, turn = reply(seed_engine, "2021年3月3日的许昌日报是第多少期?", None)
    assert first.short == "第9382期"
    lunar, turn = reply(seed_engine, "那天农历是几号?", turn)
    assert (lunar.answered, lunar.short) == (True, "农历辛丑年正月二十")
    assert reply(seed_engine, "那天是星期几", turn)[0].short == "星期三"
    # with no day asked before, 那天 names none: not answered from some issue's masthead
    assert reply(seed_engine, "那天农历是几号?", None)[0].short != "农历辛丑年正月二十"
