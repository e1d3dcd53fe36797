"""Question analysis: answer type, the unit a number is asked in, the asked role or category."""

from __future__ import annotations

from bot.answer.question import (
    TIME_NOUN, YEAR_WORD, QuestionKind, asked_of, asked_roles, asks_statement, asks_year, classify, scene_setting, standard_asking,
    titled_people,
)
from bot.answer.units import asks_share


def test_classify_question_types() -> None:
    assert classify("许昌哪年被列为全国首批水生态文明城市建设试点").kind == "time"
    assert classify("高铁许昌北站为啥考了0分").kind == "reason"
    assert classify("考核里长葛没分数，这是咋回事？").kind == "reason" == classify("怎么回事").kind
    assert classify("3月3日那期许昌日报上说，复工了多少家？").kind == "number" and classify("那期头条是什么").kind == "issue"
    # a streak is counted as the paper counts one (三连冠), not in 场 or 次
    assert classify("全国文明城市这是连着拿了几回了?").units == ("连冠",) and classify("开了几回").units[0] == "次"
    assert classify("双拥视察组去了哪些地方").kind == "list"
    assert classify("5月15日的报纸头条是什么").kind == "issue"
    # a series' instalment is an ordinal the report prints; the paper's issue is asked without one
    assert classify("千元油卡活动是第几期").kind == classify("这是第几期培训班").kind == "number"
    assert classify("豫浙合作签约的新闻在第几期").kind == "issue"
    # the series named anywhere before the asked instalment, with no paper named after it
    assert classify("i许昌上那个零违法赢油卡的活动,现在报名的是第几期啊?").kind == "number"
    assert classify("刊登零违法活动的那期报纸是第几期").kind == classify("2021年3月3日的许昌日报是第多少期?").kind == "issue"
    assert classify("开发区前7个月地区生产总值").kind == "number"


def test_number_questions_say_their_unit_and_what_they_count() -> None:
    assert classify("鄢陵县9月份数字化城管考核多少分") == QuestionKind("number", units=("分",))
    assert classify("9月份数字城管考核,经济技术开发区考得咋样") == QuestionKind("number", units=("分",))  # by its score
    # keywords ending in a measure word and 数 ask that count (电商培训班 期数 → 3期)
    assert classify("褚河镇 农村电商培训班 期数") == QuestionKind("number", units=("期",))
    assert classify("报名人数是多少").units == ("人", "名", "位")
    # 多大 asks a size, but 多大比例 a share
    assert classify("全市“五好”关工委占到多大比例了?").units[0] == classify("占多大比重").units[0] == "%"
    assert classify("这个湖有多大").units[0] == "平方"
    # whose office: the subject of the clause that asks it, not the scene before it, nor a pronoun
    assert classify("全市集中整治动员部署会上,柏启传是什么职务?").head == "柏启传"
    assert classify("我想问一下,卢希望担任什么职务").head == "卢希望" and classify("他是什么职务").head == ""


def test_a_name_right_after_a_title_is_a_person() -> None:
    assert titled_people("第五十二次主任会议上,副主任韩国全对普通高中教育质量提升提了哪些要求?") == ("韩国全",)
    assert titled_people("市长史根治在推进会上提了哪些要求") == ("史根治",)
    assert titled_people("市委办公室主任是谁？") == () and titled_people("秘书长是谁") == ()
    assert classify("多大岁数的人能报名").units == classify("参赛选手年龄是多少").units == ("岁",)
    assert classify("全市管校聘改革有多少教职工参与") == QuestionKind("number", head="教职")
    assert classify("唐聚圈资助了多少名贫困家庭高中生") == QuestionKind("number", units=("名", "人", "位"), head="贫困")
    assert classify("许昌在杭州签约的项目投资多少").units == ("元",)
    assert classify("南水北调中线总干渠许昌段有多长").units == ("公里", "千米", "米")
    assert "%" not in classify("全市建了多少个基层关工委组织").units
    # money by another name: a prize, a price, a wage is counted in 元 (no sum in 元 printed: no answer)
    assert classify("养老护理技能大赛的冠军奖金是多少").units == classify("花博会门票价格是多少").units == ("元",)


def test_person_questions_name_the_role_asked_for() -> None:
    assert classify("第五十二次主任会议秘书长是谁") == QuestionKind("person", head="秘书长")
    assert classify("许昌免费邮寄证照是哪个副局长介绍的情况").head == "副局长"
    assert classify("许昌军分区副司令员叫啥") == QuestionKind("person", head="副司令员")
    assert classify("全国养老护理职业技能大赛是谁发起的") == QuestionKind("person")


def test_place_organisation_and_list_questions_name_their_category() -> None:
    assert classify("燕井小学在禹州哪个街道") == QuestionKind("place", head="街道")
    assert classify("i许昌 App 零违法活动 是哪家银行邀请大家下载的") == QuestionKind("organisation", head="银行")
    assert classify("河南好人榜上许昌有哪些人") == QuestionKind("list", head="人")



def test_a_measure_word_inside_a_name_or_beside_another_asking_word_does_not_make_a_number_question() -> None:
    assert classify("第五次围剿战争是于西元几年的事情？").kind == "time"  # which year, not how many
    assert classify("这项工程用了几年？").kind == "number"
    assert classify("多伦多大学的主要校区是哪个校区？").kind != "number"  # 多大 of 多伦多大学
    assert classify("许多高校于1969年迁出北京的原因是什么？").kind != "number"  # 多高 of 许多高校
    assert classify("稻米的黏性与哪一种淀粉的比例有关？").kind != "number"  # asks which starch
    assert classify("鄢陵县人口占全市的比例？") == QuestionKind("number", ("%", "％", "成", "分之"))
    assert classify("新建的水库有多大？").units == ("平方", "亩", "公顷")


def test_spoken_asking_words_ask_as_their_written_forms() -> None:
    assert classify("精神文明建设指导委员会的通知啥时候发的").kind == "time"  # 啥时候 = 什么时候
    assert classify("救助站在啥地方").kind == "place"
    assert classify("刘保新强调了哪几点").kind == "list"  # which points, not how many
    assert classify("刘保新强调了几点").kind == "number"


def test_written_and_mistyped_asking_words_for_a_time_ask_a_time() -> None:
    # 何年, 几时, 哪个世纪 ask a time as 哪一年 does (82 DRCD dev questions say 何年); 时后 / 时侯 typed for 时候
    for question in ("团结工会于何年开始执政", "新商场几时开业", "这座城建于哪一个世纪", "宋词兴于什么年代"):
        assert classify(question).kind == "time", question
    assert standard_asking("许昌北站什么时后通车") == "许昌北站什么时候通车" == standard_asking("许昌北站什么时侯通车")
    assert classify(standard_asking("啥时后开始报名")).kind == "time"
    assert classify("唐朝时这里有几个县").kind == "number"  # 唐朝时 is no asking word


def test_a_question_about_what_was_said_or_done_asks_for_no_phrase() -> None:
    for question in ("胡五岳去开发区调研说了啥", "赵文峰对无废城市提了什么要求", "科技副镇长都干了些啥？",
                     "第五十二次主任会议研究了哪些事", "市政府全会有哪些要求"):
        assert asks_statement(question), question
    for question in ("市政协党组扩大会议谁讲话了", "柏启传提了几点要求", "双拥视察组去了哪些地方",
                     "他提出了什么理论", "摇滚乐在东德被视为什么"):
        assert not asks_statement(question), question


def test_a_share_is_asked_in_any_share_word_and_counts_no_thing() -> None:
    # 多少百分比 asks a share: 百分 is no hundred 分, and 比例 is no thing printed beside the number
    assert classify("全市多少百分比的学校参加了").units[0] == "%"
    assert classify("其中汉族约占多少比例?") == QuestionKind("number", units=("%", "％", "成", "分之"))
    # a share of a sum (多少百分比的产值) is a share, not the sum
    assert classify("工业占了全市多少百分比的产值").units[0] == "%"
    assert asks_share("占比是多少") and not asks_share("投资了多少亿元")


def test_a_sum_of_money_is_asked_across_a_short_verb_but_not_a_count_or_a_change() -> None:
    assert classify("困难群众救助资金发了多少").units == ("元",)
    assert classify("补贴发放了多少").units == ("元",)
    assert classify("投资了多少个项目").units != ("元",)
    assert classify("收入增长了多少").units == ()


def test_a_question_asking_every_holder_of_a_title() -> None:
    assert asked_roles("第五十二次主任会议出席的副主任都有谁") == "副主任"
    assert asked_roles("哪些副市长出席了会议") == "副市长" and asked_roles("秘书长分别是谁") == "秘书长"
    assert asked_roles("出席会议的副市长是谁") == "" and asked_roles("会上有哪些人讲话") == ""


def test_a_day_printed_before_qijian_asks_no_date() -> None:
    assert classify("会员国数曾于1934年9月28日至1935年2月23日期间达到多少个?").kind == "number"
    assert classify("开会的日期是哪天").kind == "time"


def test_a_quantity_of_a_substance_is_asked_in_its_measure() -> None:
    assert classify("南水北调给许昌供了多少水").units == ("立方", "方", "吨")
    assert classify("今年全市用了多少电").units == ("千瓦时", "度", "瓦")
    assert classify("许昌下了多少雪").units == ("毫米", "厘米")
    assert classify("有多少水果").units == () and classify("有多少电视台").units == ()  # things, not substances
    assert TIME_NOUN.search("伊斯兰教在哪一个世纪传入") and not TIME_NOUN.search("座谈会在哪开的")


def test_a_year_question_is_answered_only_by_a_year() -> None:
    assert asks_year("许昌哪一年第一次获评全国文明城市") and asks_year("团结工会于何年开始执政") and asks_year("西元几年")
    assert not asks_year("许昌有几年没有举办") and not asks_year("什么时候开的会")
    for printed in ("2017年11月", "二〇二〇年", "同年", "庚申年", "于1991成立"):
        assert YEAR_WORD.search(printed), printed
    for printed in ("近日", "三年级的课堂上", "刘金创", "3.5%", "年轻人"):
        assert not YEAR_WORD.search(printed), printed


def test_a_thing_of_one_character_counted_at_the_end_of_a_question_is_what_is_counted() -> None:
    assert classify("南水北调移民涉及几个县").head == "县"
    assert classify("双拥视察组去了几个村？").head == "村"
    assert classify("有多少人").head == ""  # 人 is the unit asked in


def test_a_spoken_question_is_read_without_its_last_particle() -> None:
    assert classify("2020年评优秀志愿者,咱市评上了多少个人啊?") == QuestionKind("number", units=("人", "名", "位"))
    assert classify("9月份数字城管打分,襄城县考了个啥成绩?").units == ("分",)
    assert classify("一共办了几期班").units == ("期",)


def test_a_place_in_a_ranking_and_a_count_of_times_are_asked_in_their_units() -> None:
    assert classify("开发区社会消费品零售总额在全市排老几") == QuestionKind("number", units=("第",))  # not a sum
    assert classify("在全市排名第几") == QuestionKind("number", units=("第",))
    assert classify("给娃们讲了多少回课").units == ("次", "场", "回")


def test_the_asked_sentence_follows_the_scene_a_reader_sets() -> None:
    question = "我前两天在市民之家办完房产证,没过几天EMS就把证送到家门口了。一共给企业寄了多少份?"
    assert classify(question).units == ("份",)  # not the 几天 of the scene
    assert scene_setting(question) == "我前两天在市民之家办完房产证,没过几天EMS就把证送到家门口了。"
    assert scene_setting("鄢陵县的考评成绩是多少分？") == ""
    # a reader's own situation in the first clause (`我亲戚在振德上班，`) is the scene too
    assert scene_setting("我亲戚在振德上班，振德医疗是哪年落户鄢陵的？") == "我亲戚在振德上班，"
    assert scene_setting("我想问鄢陵县得了多少分") == ""


def test_spoken_numerals_count_as_the_paper_does() -> None:
    assert standard_asking("哪个街道办连着仨月都拿了满分") == "哪个街道办连着三个月都拿了满分"
    assert standard_asking("他俩是谁") == "他两个是谁" and standard_asking("伎俩") == "伎俩"


def test_a_loose_count_asks_nothing() -> None:
    question = standard_asking("听说咱们市前几天又开了个周例会，会上说要改造多少条老旧街道？")
    assert "前些天" in question and classify(question).units == ("条",)  # not 几天
    assert standard_asking("十几个项目") == "十数个项目" and standard_asking("几十名志愿者") == "数十名志愿者"
    assert standard_asking("这几年开了几次会") == "这些年开了几次会"  # the second 几 still asks
    assert asked_of("南水北调通水这几年，一共给许昌供了多少水？") == "南水北调通水这些年，一共给许昌供"


def test_the_thing_counted_may_be_one_character_before_a_verb() -> None:
    assert classify("市工信局派了几个组下去帮企业?").head == "组"
    assert classify("咱许昌有多少人喝上丹江水了?").head == ""  # after 人 the measure word is what is counted
    assert classify("那最后有多少人拿了个人奖?").head != "拿"  # 拿 is done, not counted
    assert classify("国家许昌经济技术开发区的党组书记是谁?").head == "党组书记"


def test_keywords_ending_in_what_is_measured_ask_its_figure() -> None:
    for keywords, units in (("佰强物业 家电维修 免费培训 报名年龄", ("岁",)), ("南水北调 许昌段 全长", ("公里", "千米", "米")),
                            ("开发区 重点项目 总投资", ("元",))):
        assert (classify(keywords).kind, classify(keywords).units) == ("number", units), keywords
    # keywords naming no measure, or a measure not at their end, stay an overview
    assert classify("许昌 文明城市").kind == "overview"
    assert classify("面积 漏斗区 地下水").kind == "overview"
