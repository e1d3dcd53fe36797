"""Numbers of a question against the numbers a report prints, by value."""

from __future__ import annotations

from bot.answer.quantities import another_numbered, asked, missing, numbered, shares, value, with_bound
from bot.answer.verify import check
from bot.answer.matching import Matcher
from retrieval import Library


def test_values_of_arabic_and_chinese_numerals() -> None:
    assert [value(t) for t in ("12", "50,000", "98.45", "十二", "两", "十六万", "一九五二")] == \
        [12, 50000, 98.45, 12, 2, 160000, 1952]


def test_a_numeral_too_long_for_a_float_reads_as_none_and_a_question_of_it_is_answered(seed_engine: Library) -> None:
    from bot.answer import answer  # noqa: PLC0415

    huge = "一" * 3000
    assert value(huge) is None and numbered(f"第{huge}期") == ()
    refused = answer(seed_engine, f"第{huge}期")
    assert not refused.answered and len(refused.reason) < 200


def test_a_question_names_counts_before_a_counting_word_but_not_the_article_like_one() -> None:
    assert [q.text for q in asked("大南被迫将十三个南部省份割让给法国")] == ["十三"]
    assert asked("哪一种语言在这两个国家通用") == ()  # 哪一, 这两, and 一种 count nothing
    assert [(q.text, q.ordinal) for q in asked("第8名和第三十六次")] == [("第8", True), ("第三十六", True)]


def test_a_number_printed_in_another_script_is_printed() -> None:
    assert missing("人口在什么时候为约9000人", "当时的人口只有九千") == ()
    assert missing("根据什么被分成4级", "分为四个等级") == ()
    assert missing("第一位有黑人血统的总统", "成为首位有黑人血统的总统") == ()
    assert missing("排名第8", "居第八位") == ()
    assert missing("多约50,000人", "比射击节多约5万人") == ()


def test_a_changed_count_is_missing_even_where_its_digits_appear() -> None:
    assert missing("被迫将十三个南部省份割让", "被迫将三个南部省份割让") == ("十三",)
    assert missing("明、清十二代的最高长官", "明、清两代的最高长官") == ("十二",)
    assert missing("三个国家", "三国") == ()  # printed as written, counted otherwise: a paraphrase
    assert missing("第三十六次主任会议", "第三十五次主任会议") == ("第三十六",)


def test_the_check_names_a_changed_count_of_a_seed_report(seed_engine: Library) -> None:
    article = next(a for issue in seed_engine.issues() for a in issue.articles if "一水相连" in a.headline)
    key = Matcher({"移民安置点": 3.0})
    assert check("移民安置点达13个吗", key, article).numbers == ()
    assert check("移民安置点达十三个吗", key, article).numbers == ()
    assert check("移民安置点达十五个吗", key, article).numbers == ("十五",)


def test_a_number_answer_keeps_the_bound_its_quote_prints() -> None:
    quote = "当月,在县(市)组中,襄城县、鄢陵县、禹州市考评成绩均在98分以上,成绩优秀。"
    assert with_bound("98分", quote) == "98分以上"  # 98分 alone would say what the quote does not
    assert with_bound("1000人", "超过1000人参加了活动") == "超过1000人"
    assert with_bound("三点", "柏启传提出三点要求。") == "三点"
    assert with_bound("", "以上") == "" and with_bound("李晓燕", "近李晓燕以上") == "李晓燕"
    # an end of a printed range is answered as the range, with or without the first end's unit
    quote = "本次家电维修技术免费培训名额为50人,男女不限,18岁至55岁的城乡居民,均可报名参加。"
    assert with_bound("55岁", quote) == with_bound("18岁", quote) == "18岁至55岁"
    assert with_bound("55岁", "18至55岁的居民") == "18至55岁"
    assert with_bound("5个", "由3个增加到5个") == "5个"  # a change, not a range


def test_a_number_counting_something_is_missing_where_only_another_count_prints_it() -> None:
    quote = "今年前7个月,开发区地区生产总值达35.2亿元,8月份完成投资"
    assert missing("开发区今年前8个月地区生产总值是多少", quote) == ("8",)  # 8月份 is no 8个月
    assert missing("开发区今年前7个月地区生产总值是多少", quote) == ()
    assert missing("人口在什么时候为约9000人", "当时的人口只有九千") == ()  # printed without a count word


def test_a_round_number_given_roughly_reaches_its_next_round_one() -> None:
    assert missing("有70来个项目进了省重点", "我市71个项目被确定为省重点项目") == ()
    assert missing("有70来个项目进了省重点", "我市81个项目被确定为省重点项目") == ("70来",)
    assert missing("有1300多人", "护理人员1350人") == () and missing("有70个项目", "71个项目") == ("70",)


def test_a_phase_or_session_is_a_number_even_the_first_and_is_printed_only_as_itself() -> None:
    assert [(q.text, q.ordinal) for q in asked("项目一期用地多少亩")] == [("一期", True)]
    assert [q.text for q in asked("十三届全国人大代表")] == ["十三届"]
    assert asked("上一期报纸说了什么") == () and asked("那一期有什么新闻") == ()  # pointing at one, not naming it
    assert missing("项目一期用地多少亩", "二期用地约600亩,三期用地960亩") == ("一期",)
    assert missing("项目二期用地多少亩", "十二期用地约600亩") == ("二期",)
    for printed in ("一期用地约600亩", "第一期用地", "1期用地", "首期用地"):
        assert missing("项目一期用地多少亩", printed) == (), printed
    assert missing("十三届全国人大代表", "第十二届全国人民代表大会") == ("十三届",)
    # a series of commentaries: 四论 asked of the paper's 三论
    assert missing("四论贯彻落实全市领导干部会议精神讲的是什么", "——三论贯彻落实全市领导干部会议精神") == ("四论",)
    assert missing("三论贯彻落实全市领导干部会议精神讲的是什么", "——三论贯彻落实全市领导干部会议精神") == ()
    # a run's length: 四连冠 asked of a report that says 蝉联 (and lists 一是…四是) names another run
    assert missing("许昌是哪一年实现全国文明城市创建“四连冠”的?", "2017年11月,许昌蝉联全国文明城市称号;四是…") == ("四连",)
    assert missing("许昌是哪一年实现全国文明城市创建“四连冠”的?", "许昌实现全国文明城市“4连冠”") == ()
    assert missing("一连串的问题怎么办", "问题") == ()  # 一连: in a row, no run


def test_a_changed_phase_of_a_seed_report_is_refused(seed_engine: Library) -> None:
    from bot.answer import answer  # noqa: PLC0415

    refused = answer(seed_engine, "振德集团华中区域总部项目一期用地多少亩?")
    assert not refused.answered and "一期" in refused.reason
    assert "600亩" in answer(seed_engine, "振德集团华中区域总部项目二期用地多少亩?").short


def test_a_sentence_numbering_another_one_of_a_series_the_question_names() -> None:
    asked_here = numbered("市七届人大常委会第五十二次主任会议是谁主持的")
    assert asked_here == ((7.0, "届"), (52.0, "次"))
    assert another_numbered(asked_here, "市七届人大常委会第五十三次主任会议召开")  # the 53rd, though the 7th too
    assert not another_numbered(asked_here, "市七届人大常委会第五十二次主任会议召开")
    assert not another_numbered(asked_here, "会议听取了有关报告")  # numbering nothing: no other one
    phase = numbered("振德集团项目二期用地多少亩")
    assert another_numbered(phase, "三期用地960亩") and not another_numbered(phase, "二期用地约600亩,三期用地960亩")
    assert numbered("上一期报纸说了什么") == () and numbered("一共多少个项目") == ()


def test_a_share_written_another_way_is_printed_and_another_share_is_missing() -> None:
    # 百分之75 of 四分之三, 9成 of 90%, 两成 of 20%, 三成五 of 35％: one share, however written
    assert shares("约百分之75的面积") == {"百分之75": 0.75} and shares("四分之三") == {"四分之三": 0.75}
    assert shares("三成五的稻米，千分之16点五") == {"三成五": 0.35, "千分之16点五": 0.0165}
    assert shares("成为一座城市") == {}
    assert missing("下萨克森有约百分之75的面积为什么地形", "占邦内总面积四分之三的东北部属于北德低地") == ()
    assert missing("米的哪一部分持有9成以上的营养", "含有人体必须营养素中90%的营养") == ()
    # a near miss's changed share is still missing
    assert missing("下萨克森有约百分之80的面积为什么地形", "占邦内总面积四分之三的东北部属于北德低地") == ("80",)
    assert missing("复工率达到9成", "复工率达到80%") == ("9",)


def test_a_magnitude_after_arabic_digits_is_no_count_and_a_point_of_a_list_is_one() -> None:
    # 2.6亿元: 亿 is the magnitude of 2.6, not a count of 元 the report must print apart
    assert missing("累计投入2.6亿元打造了多少个规范化社区?", "累计投入2.6亿元打造规范化社区175个") == ()
    assert [q.text for q in asked("投资5万元建了三个站")] == ["5", "三"]
    # 五点要求 counts the points: a report of 三点要求 does not print it
    assert missing("柏启传提出的五点要求是什么", "就此次集中整治工作会议,柏启传提出三点要求。") == ("五",)
    assert missing("柏启传提出的三点要求是什么", "就此次集中整治工作会议,柏启传提出三点要求。") == ()
