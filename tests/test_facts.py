"""Questions about the paper itself: an issue by its number, a byline, the masthead."""

from __future__ import annotations

import datetime as dt

from bot.answer import answer, more, reply
from bot.answer.bylines import byline_answer, byline_candidates
from bot.answer.facts import asked_title
from bot.answer.question import asks_report
from retrieval import Library, calendar_label, issue_label

ISSUE_9382_NEWS = [
    "重点企业全复工 力争首季“开门红”",
    "市政协党组扩大会议召开 刘保新主持会议并讲话",
    "赵文峰对污染防治攻坚和“无废城市”建设试点工作提出要求",
    "赵文峰对优化营商环境暨重点项目建设工作推进提出要求",
    "王自合出席首届“河南省新时代文明实践推动周”许昌分会场启动仪式",
]
HU_CHEN_NEWEST = [  # newest first, page order within an issue
    "000_5ebacb5347f1c782-00",  # 2021-10-13
    "003_ace193bdf1e9763c-04",  # 2021-05-15
    "003_ace193bdf1e9763c-05",
    "001_41ee50b619f939c9-10",  # 2021-03-03
    "002_934f6e8f83eb08ea-00",  # 2020-11-24
]
MASTHEAD_9382 = "[1] 《许昌日报》2021年3月3日 第9382期《许昌日报》"


def _same(a: object, b: object) -> bool:
    fields = ("answered", "kind", "short", "quote", "citations")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def test_an_issue_number_is_asked_as_its_day_is(seed_engine: Library) -> None:
    news = answer(seed_engine, "第9382期有什么新闻")
    assert news.answered and news.kind == "list"
    assert [c.headline for c in news.citations] == ISSUE_9382_NEWS  # the news, not the advertisement or notice
    assert news.short == "；".join(ISSUE_9382_NEWS)
    assert news.quote.startswith("3月1日,记者从市工信局获悉,")
    assert {(c.date, c.issue_no) for c in news.citations} == {(dt.date(2021, 3, 3), 9382)}
    assert _same(news, answer(seed_engine, "2021年3月3日有什么新闻"))
    lead = answer(seed_engine, "第9382期头条是什么")
    assert lead.short == "“i许昌”App“挑战零违法 赢千元油卡”第二期活动火热报名中!"
    assert [c.article_id for c in lead.citations] == [f"001_41ee50b619f939c9-0{n}" for n in (0, 1, 3)]  # 02: a photo
    assert _same(lead, answer(seed_engine, "2021年3月3日头条是什么"))


def test_a_numbered_issue_tells_its_day_and_its_meetings(seed_engine: Library) -> None:
    day = answer(seed_engine, "第9382期是哪天的报纸")
    assert (day.kind, day.short) == ("issue", "2021年3月3日")
    assert [str(c) for c in day.citations] == [MASTHEAD_9382]
    for question in ("第9382期许昌日报是哪天出的?", "第9382期报纸什么时候出版的"):  # asked of the issue alone
        said = answer(seed_engine, question)
        assert (said.short, [str(c) for c in said.citations]) == ("2021年3月3日", [MASTHEAD_9382]), question
    # a day asked of something the issue reports: its report answers, not the issue's date
    assert answer(seed_engine, "第9382期的重点企业复工是哪天").short == "3月1日"
    meetings = answer(seed_engine, "第9382期开了什么会")  # a kind asked: the datelined reports
    assert [c.headline for c in meetings.citations] == ["市政协党组扩大会议召开 刘保新主持会议并讲话"]
    news = answer(seed_engine, "第9315期有哪些报道")
    assert [c.article_id for c in news.citations] == [f"002_934f6e8f83eb08ea-0{n}" for n in (0, 1, 3, 4, 6)]
    unknown = answer(seed_engine, "第9999期有什么新闻")
    assert (unknown.answered, unknown.reason) == (False, "该日期无存档")


def test_which_issue_printed_a_report_is_answered_by_its_date_and_number(seed_engine: Library) -> None:
    found = answer(seed_engine, "文明创建结硕果是哪天的报纸")
    assert (found.kind, found.short) == ("issue", "2020年11月24日 第9315期")
    assert found.citations[0].headline == "文明创建结硕果 提升百姓获得感"
    assert issue_label("", dt.date(2021, 3, 3), None) == "2021年3月3日"  # no paper, no number: left out


def test_which_report_says_something_is_answered_by_its_title(seed_engine: Library) -> None:
    for question in ("首季开门红是哪个文章说的", "首季开门红是哪篇文章说的"):  # jieba's 篇文章 is no key word
        assert answer(seed_engine, question).short == "《重点企业全复工 力争首季“开门红”》"
    assert answer(seed_engine, "哪篇报道讲了养老护理大赛").short.startswith("《全国养老护理职业技能大赛许昌市选拔赛")
    assert asks_report("标题是什么") and not asks_report("传来什么消息") and not asks_report("哪家新闻单位")


def test_a_byline_lists_the_reporters_articles_newest_first(seed_engine: Library) -> None:
    result = answer(seed_engine, "记者胡晨写过哪些报道？")
    assert result.answered and result.kind == "list"
    assert [c.article_id for c in result.citations] == HU_CHEN_NEWEST
    assert result.short == "；".join(c.headline for c in result.citations)
    assert result.quote == "10月12日下午,我市召开中心城区第三十五次城建重点项目周例会。"
    assert str(result.citations[0]) == (
        "[1] 《许昌日报》2021年10月13日《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨）")
    assert result.notes == ("存档中署名有胡晨的报道共8篇，从新到旧列出",)
    assert _same(result, answer(seed_engine, "胡晨写了什么"))
    assert _same(result, answer(seed_engine, "胡晨的报道有哪些"))


def test_correspondents_and_photographers_are_bylines_too(seed_engine: Library) -> None:
    wei = answer(seed_engine, "魏东雅报道过什么")
    assert (wei.short, [c.article_id for c in wei.citations]) == ("重点企业全复工 力争首季“开门红”", ["001_41ee50b619f939c9-01"])
    assert [c.article_id for c in answer(seed_engine, "通讯员刘梦婷写了什么").citations] == ["001_41ee50b619f939c9-01"]
    photos = answer(seed_engine, "乔利峰拍了哪些照片")
    assert [c.article_id for c in photos.citations] == ["002_934f6e8f83eb08ea-05", "004_51f39b9f8458e720-06"]
    assert photos.quote == "11月20日,许继电气有限公司员工正在调试电力屏柜生产线上的机器人。"


def test_a_byline_keeps_the_questions_date_and_pages_with_more(seed_engine: Library) -> None:
    may = answer(seed_engine, "胡晨2021年5月写了什么")
    assert [c.article_id for c in may.citations] == HU_CHEN_NEWEST[1:3]
    first, turn = reply(seed_engine, "胡晨写了什么", None)
    rest, turn = more(seed_engine, turn)
    assert [c.article_id for c in rest.citations] == [f"004_51f39b9f8458e720-0{n}" for n in (0, 1, 5)]
    done, _ = more(seed_engine, turn)
    assert not done.answered and done.reason == "关于“胡晨写了什么”，存档中没有更多的回答了。"


def test_a_name_printed_only_in_the_text_is_no_byline_question(seed_engine: Library) -> None:
    assert byline_answer("卢希望写了什么", seed_engine.issues()) is None  # a vice-mayor, in no byline
    result = answer(seed_engine, "卢希望写了什么")
    assert result.kind != "list" and not any("署名" in n for n in result.notes)
    # a reporter named in a question about something else, or a question about who wrote a report
    assert byline_candidates("李新报道的主任会议秘书长是谁") == ()
    assert byline_answer("重点企业全复工是哪个记者写的", seed_engine.issues()) is None
    assert byline_candidates("2021年3月3日有什么新闻") == ()  # no works asked for: the issues are not read


def test_the_masthead_names_the_papers_staff(seed_engine: Library) -> None:
    chief = answer(seed_engine, "许昌日报社长是谁？")
    assert (chief.answered, chief.kind, chief.short) == (True, "person", "方焯")  # the newest masthead wins
    assert chief.quote == "2021年3月3日《许昌日报》报头：社长：方焯 总编辑：邓雷"
    assert [str(c) for c in chief.citations] == [MASTHEAD_9382]
    assert chief.citations[0].article_id == "001_41ee50b619f939c9-00"
    assert chief.notes == ("较早的报头印作“方炽”，以最新一期为准",)
    editor = answer(seed_engine, "总编辑是谁")
    assert (editor.short, editor.notes) == ("邓雷", ())
    assert answer(seed_engine, "你们报社的总编是谁").short == "邓雷"
    # the issue pointed at (那期), and a comma before the title: still the masthead's
    dated = answer(seed_engine, "2021年3月3日那期许昌日报,社长是谁?")
    assert (dated.short, [str(c) for c in dated.citations]) == ("方焯", [MASTHEAD_9382])
    older = answer(seed_engine, "2020年11月许昌日报社长是谁")  # that month's masthead, as printed
    assert older.short == "方炽" and older.citations[0].issue_no == 9315


def test_a_byline_question_opens_only_the_issues_whose_bylines_name_the_person(seed_engine: Library, monkeypatch) -> None:
    def every_issue() -> None:
        raise AssertionError("a byline question read every issue of the archive")

    with monkeypatch.context() as patched:
        patched.setattr(seed_engine, "issues", every_issue)
        works = answer(seed_engine, "记者胡晨写过哪些报道？")
        assert works.answered and works.notes[0] == "存档中署名有胡晨的报道共8篇，从新到旧列出"
        assert [i.source for i in seed_engine.issues_signed_by([("魏东雅",)])] == ["001_41ee50b619f939c9.txt"]
    # an index written before the byline lists: every issue is read, as before
    files = seed_engine._current().files  # noqa: SLF001 - the manifest's file entries, as loaded
    monkeypatch.setattr(seed_engine, "_current", lambda: type("Old", (), {"files": [
        {k: v for k, v in f.items() if k != "signed"} for f in files]})())
    assert seed_engine.issues_signed_by([("胡晨",)]) is None


def test_a_masthead_question_reads_the_last_year_not_every_issue(seed_engine: Library, monkeypatch) -> None:
    def every_issue() -> None:
        raise AssertionError("a masthead question read every issue of the archive")

    monkeypatch.setattr(seed_engine, "issues", every_issue)
    chief = answer(seed_engine, "许昌日报社长是谁？")  # the seeds' last year holds both mastheads
    assert chief.short == "方焯" and chief.notes == ("较早的报头印作“方炽”，以最新一期为准",)


def test_only_the_papers_own_titles_are_masthead_questions(seed_engine: Library) -> None:
    assert asked_title("許昌日報總編輯是誰") == ("总编辑", "许昌日报")
    assert asked_title("新华社社长是谁") is None and asked_title("社长在会上说了什么") is None
    assert answer(seed_engine, "许昌日报副社长是谁").short != "方焯"  # no masthead prints a 副社长


def test_who_wrote_a_report_named_by_its_headline_is_its_byline(seed_engine: Library) -> None:
    for question, names in (("一水相连两地情长是谁写的", "王金伟"), ("《奔向文明幸福新高地》是哪个记者写的", "付家宝"),
                            ("不文明现象曝光台是谁拍的", "乔利峰、孔刚刚"),
                            # the headline in title marks, among other words (a typo's among them)
                            ("决战决胜脱贫攻坚系列评伦第4篇《凝聚合力 决战决胜》是谁写的？", "许言")):
        result = answer(seed_engine, question)
        assert result.answered and result.short == names, question
        assert result.citations[0].byline.endswith(names.split("、")[-1] + (" 摄" if "拍" in question else ""))


def test_a_photo_named_by_what_it_shows_is_credited_to_its_photographer(seed_engine: Library) -> None:
    result = answer(seed_engine, "许继智能继电器车间里员工组装设备的那张照片是谁拍的?")
    assert result.short == "牛书培" and result.quote.startswith("近日,许继智能继电器股份有限公司生产车间")
    # where the reader saw it (头版那张…的照片) is no part of what it shows
    assert answer(seed_engine, "头版那张许继智能继电器车间里工人组装设备的照片，是哪位记者拍的？").short == "牛书培"
    # too little of the caption named (许继电气…员工, 11月20日's photo): no photo is taken for it
    assert not answer(seed_engine, "许继电气员工的那张图片是谁拍的").quote.endswith("摄")


def test_a_name_inside_a_longer_headline_is_no_question_about_its_author(seed_engine: Library) -> None:
    # 文明城市 is printed in headlines, but names none of them: the passages answer (or refuse) as for any question
    result = answer(seed_engine, "文明城市是谁写的")
    assert not (result.answered and result.quote.startswith("《"))


def test_who_wrote_a_report_named_by_what_it_reports_is_its_byline(seed_engine: Library) -> None:
    for question, names in (("许昌市第七届人民政府第四次全体会议暨廉政工作会议那篇报道是哪位记者写的？", "高伟山"),
                            ("写唐聚圈“全国关心下一代工作先进工作者”事迹的那篇稿子，署名是谁？", "张文哲"),
                            ("关于南水北调移民的那篇报道是谁写的", "王金伟"),
                            ("写唐聚圈先进事迹的那篇稿子，作者是谁？", "张文哲"),  # the 的 stripped with its comma
                            # the name signed, asked as readers ask it
                            ("“决战决胜脱贫攻坚系列评论之四”那篇《凝聚合力 决战决胜》署的是什么名?", "许言"),
                            ("一水相连两地情长的署名是什么", "王金伟")):
        result = answer(seed_engine, question)
        assert result.answered and result.short == names, question
        assert result.citations[0].byline.endswith(names)
    # a place alone names no one report: not answered with some report's byline
    assert not answer(seed_engine, "鄢陵县的那篇报道是谁写的").quote.startswith("《")


def test_a_role_asked_of_a_report_names_who_the_byline_prints_in_that_role(seed_engine: Library) -> None:
    helper = answer(seed_engine, "2021年上半年河南好人榜那篇报道,通讯员是谁?")  # 记者 许廷合 通讯员 闫倩
    assert (helper.answered, helper.short) == (True, "闫倩")
    assert answer(seed_engine, "重点企业全复工 力争首季开门红的记者是谁").short == "魏东雅"  # 通讯员 刘梦婷 besides
    assert answer(seed_engine, "重点企业全复工 力争首季开门红的通讯员是谁").short == "刘梦婷"
    # a role its byline does not print: not answered with another's name, but the byline said
    none = answer(seed_engine, "一水相连两地情长的通讯员是谁")
    assert (none.answered, none.short) == (False, "") and "没有通讯员" in none.reason and "王金伟" in none.reason


def test_an_issue_tells_its_number_weekday_and_lunar_date_as_its_masthead_prints_them(seed_engine: Library) -> None:
    assert answer(seed_engine, "2021年3月3日的许昌日报是第多少期?").short == "第9382期"
    for question, short in (("许昌日报 第9315期 农历日期", "农历庚子年十月初十"),  # the masthead: 农历庚子年十月初十
                            ("第9315期是农历哪天?", "农历庚子年十月初十"),
                            ("2021年3月3日那期报纸农历是几号", "农历辛丑年正月二十"),
                            ("2021年3月3日是星期几", "星期三")):
        said = answer(seed_engine, question)
        assert (said.answered, said.short) == (True, short), question
        assert said.citations[0].headline == "许昌日报" and said.citations[0].date is not None
    # a calendar word asked of something the issue reports is no question about the issue
    assert answer(seed_engine, "2021年3月3日农历正月二十的报纸上重点企业复工了多少家").short != "农历辛丑年正月二十"


def test_a_day_is_labelled_as_a_masthead_labels_it() -> None:
    assert calendar_label(dt.date(2021, 3, 3)) == "星期三 农历辛丑年正月二十"
    assert calendar_label(dt.date(2020, 11, 24)) == "星期二 农历庚子年十月初十"
    assert calendar_label(dt.date(2020, 8, 14)) == "星期五 农历庚子年六月廿五"
    assert calendar_label(dt.date(2023, 3, 22)) == "星期三 农历癸卯年闰二月初一"
    assert calendar_label(dt.date(2021, 2, 11)) == "星期四 农历庚子年腊月三十"


def test_keywords_ending_in_a_role_ask_for_the_byline_of_the_report_they_name(seed_engine: Library) -> None:
    said = answer(seed_engine, "数字化城管 9月考核成绩出炉 通讯员")
    assert (said.answered, said.short) == (True, "李原、鹿帅")
    assert answer(seed_engine, "运粮河 护栏 通信电缆 照片 摄影").short == "乔利峰、孔刚刚"
    assert answer(seed_engine, "凝聚合力 决战决胜 署名").short == "许言"
    assert answer(seed_engine, "决战决胜脱贫攻坚系列评论之四 凝聚合力 署名").short == "许言"  # its kicker names it too
    # too little named for one report, or no keywords: not answered with some report's byline
    assert not answer(seed_engine, "鄢陵县 记者").quote.startswith("《")
    assert not answer(seed_engine, "数字化城管考核成绩出炉通讯员").quote.startswith("《")
