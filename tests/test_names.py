"""The names a question asks about, found by the LAC tagger."""

from __future__ import annotations

from bot.answer import answer
from bot.answer.extract import holds_role
from bot.answer.names import listed_after, question_names, titled_name
from bot.answer.subjects import about_others, only_listed, own_city_first, own_part
from retrieval import Library


def test_people_places_and_organisations_are_names_and_common_words_are_not() -> None:
    assert question_names("张三在北京市工作吗") == ("张三", "北京市")
    assert question_names("郑州市9月份数字化城管考核多少分") == ("郑州市",)
    assert question_names("有多少名党员到社区报到？") == ()


def test_an_empty_or_huge_question_is_tagged_safely() -> None:
    assert question_names("   ") == ()
    assert question_names("张三" + "的" * 10_000) == ("张三",)


def test_the_noun_an_asking_word_governs_is_its_head() -> None:
    from bot.answer.names import asked_head

    assert asked_head("陆特和汉斯雷顿开创了哪一地区对梵语的学术研究？") == "地区"
    assert asked_head("哪位皇帝下令修建的？") == "皇帝"  # past the measure word
    assert asked_head("最早发明它的是哪一个人？") == "人"
    assert asked_head("他信奉什么宗教？") == "宗教"
    assert asked_head("文件是哪几个部门发的") == "部门"  # 哪几个: past the count as well
    assert asked_head("这次会议是哪位主持的？") == "位"  # nothing follows: the measure word says who
    assert asked_head("哪些人参加了会议？") == asked_head("在哪里出生？") == asked_head("多少人") == ""


def test_a_quoted_title_is_a_name_but_a_quoted_sentence_is_not() -> None:
    assert "交易所" in question_names("《交易所》在被谁收购后，风格日趋保守?")
    assert "文明城市" in question_names("许昌哪年获得“文明城市”称号")
    assert all("平祸乱" not in n for n in question_names("「刘裕之平祸乱，司马德宗之苏军也。」此句出自谁?"))



def test_the_people_listed_after_a_title_are_counted(seed_engine: Library) -> None:
    sentence = "市人大常委会副主任王文杰、韩国全、周为民、王宏伟、唐群喜、张书杰,秘书长李光亚出席会议。"
    assert listed_after(sentence, "副主") == ("王文杰", "韩国全", "周为民", "王宏伟", "唐群喜", "张书杰")
    # 常务副市长 is a 副市长 too; the list ends before the verb glued to the last name
    assert listed_after("常务副市长赵文峰,副市长赵淑红、卢希望、汤超出席会议", "副市") == ("赵文峰", "赵淑红", "卢希望", "汤超")
    assert listed_after("副市长汤超出席会议", "副市") == ()  # one name is no list: the paper may name only some
    assert listed_after(sentence, "秘书") == ()
    found = answer(seed_engine, "第五十二次主任会议有几位副主任出席")
    assert found.short == "6位" and "张书杰" in found.quote
    assert not answer(seed_engine, "第五十三次主任会议有几位副主任出席").answered  # the 53rd is not reported
    everyone = answer(seed_engine, "哪些副市长出席了市政府全会")  # every name listed, not the reader's one
    assert everyone.short == "赵文峰、赵淑红、卢希望、汤超"


def test_a_quote_about_sibling_places_is_not_about_the_one_asked() -> None:
    counties = "当月,在县(市)组中,襄城县、鄢陵县、禹州市考评成绩均在98分以上,成绩优秀。"
    assert about_others(counties, ("长葛市",), "", "许昌")  # 98分以上 is theirs, not 长葛市's
    assert not about_others(counties, ("鄢陵县",), "", "许昌")
    assert not about_others("长葛因系统升级,无考评数据", ("长葛市",), "", "许昌")  # printed without its 市
    # the paper's city is 我市; a body is printed without the city (市城管局); a misread name is the name
    assert not about_others("我市共接收移民,涉及长葛市、禹州市", ("许昌市",), "", "许昌")
    assert not about_others("市城管局(81.7分)、市公安局成绩优秀", ("许昌市城管局",), "", "许昌")
    assert not about_others("我市共接收安置浙川县移民,涉及长葛市、襄城县", ("淅川县",), "", "许昌")


def test_a_figure_of_a_list_of_places_or_of_the_whole_city_is_not_one_countys() -> None:
    listed = "年供水量2.26亿立方米,通过4座分水口门向许昌市区、长葛市、襄城县、鄢陵县、禹州市及神垕镇的8座水厂供水"
    assert only_listed(listed, ("南水北调", "鄢陵县")) and not only_listed(listed, ("南水北调",))
    assert not only_listed("襄城县、鄢陵县、禹州市考评成绩均在98分以上", ("鄢陵县",))  # 均: each one's figure
    assert not only_listed("鄢陵县98.45分、长葛市无数据", ("鄢陵县",))
    whole = "通水7年来,该工程已累计为我市供水10.15亿立方米,其中生活供水4.86亿立方米"
    assert about_others(whole, ("鄢陵县",), "", "许昌") and not about_others(whole, ("许昌市",), "", "许昌")
    # a county's figure ranked in the whole city is its own; the city's own districts are the city's
    assert not about_others("社会消费品零售总额10.3亿元,居全市第1位", ("鄢陵县",), "", "许昌")
    assert not about_others("我市市区地下水位持续下降", ("许昌市区",), "", "许昌")


def test_a_quote_about_another_person_with_an_office_is_not_about_the_one_asked() -> None:
    quote = "襄城县汾陈镇科技副镇长宋伟涛积极开展招商引资工作,引进投资1000万元的许昌市海源建材有限公司落地该镇;"
    assert about_others(quote, (), "", "许昌", titled=("付一凡",))  # what 宋伟涛 did, not 付一凡
    assert not about_others(quote, (), "", "许昌", titled=("宋伟涛",))
    # said of him, or another person printed without an office: it may be about the one asked after all
    assert not about_others("他引进投资1000万元的海源建材有限公司", (), "", "许昌", titled=("付一凡",))
    assert not about_others("付一凡的同事宋伟涛引进投资1000万元", (), "", "许昌", titled=("付一凡",))


def test_a_body_named_short_is_the_body_printed_in_full() -> None:
    quote = "我们要让孩子们在灿烂的阳光下快乐成长!”禹州市委老干部局局长刘金创说。"
    assert not about_others(quote, ("禹州老干部局",), "", "许昌")


def test_a_deputy_is_not_the_title_asked() -> None:
    sentence = "市人大常委会副主任王宏伟,许昌军分区副司令员杨鸿章参加。"
    assert titled_name(sentence, "司令员", holds_role) == ""  # the tagger reads 副/司令员 apart
    assert titled_name(sentence, "副司令员", holds_role) == "杨鸿章"


def test_keywords_are_tagged_apart() -> None:
    assert "许昌教育集团" not in question_names("许昌 教育集团 成立 数量")  # 许昌 and 教育集团, not one body


def test_the_tagger_reads_a_name_after_a_dash_or_before_the_office_given_it() -> None:
    assert titled_name("印度独立后的第一任司法部长－宾劳·安贝卡博士带领很多人", "部长", holds_role) == "宾劳"
    assert titled_name("南汉宸被任命为中国人民银行总经理，副总经理为胡景沄。", "总经理", holds_role) == "南汉宸"
    assert titled_name("南汉宸被任命为中国人民银行副总经理。", "总经理", holds_role) == ""


def test_a_title_read_in_parts_by_the_tagger_keeps_its_party_body() -> None:
    sentence = "5月14日上午,市委书记胡五岳到国家许昌经济技术开发区调研项目建设"
    assert titled_name(sentence, "党组书记", holds_role) == ""  # the 市委书记 is not the 党组书记
    assert titled_name("社区党支部书记李晓燕既是班子的带头人", "党支部书记", holds_role) == "李晓燕"


def test_the_own_citys_figure_comes_before_the_wholes() -> None:
    quotes = ["最终决定对79名2021年上半年“河南好人榜”上榜人物进行通报表扬", "我市的孙海洋等11人上榜"]
    assert own_city_first(quotes, ["a", "a"], [1.0, 1.0], "许昌有多少人上榜", "许昌") == 1
    assert own_city_first(quotes, ["a", "b"], [1.0, 1.0], "许昌有多少人上榜", "许昌") == 0  # another report
    assert own_city_first(quotes, ["a", "a"], [1.0, 0.5], "许昌有多少人上榜", "许昌") == 0  # holds less of it
    assert own_city_first(quotes, ["a", "a"], [1.0, 1.0], "河南有多少人上榜", "许昌") == 0  # not asked of the city


def test_of_a_list_of_peoples_deeds_the_asked_ones_part_is_read(seed_engine: Library) -> None:
    deeds = ("长葛市石固镇科技副镇长牛银霞积极对接服务新型经营主体,提出化肥减量增效的合理建议;"
             "长葛市石象镇科技副镇长马会江围绕种业小镇建设,依托长葛期优职业培训学校对全镇村组干部开展免费技术培训;")
    first, second = deeds.split(";")[0] + ";", deeds.split(";")[1] + ";"
    assert own_part(deeds, ("牛银霞",)) == first and own_part(deeds, ("马会江",)) == second
    assert own_part(deeds, ()) == deeds and own_part(deeds, ("牛银霞", "马会江")) == deeds  # no part told apart
    # a part naming nobody else may go on about the asked one (她…): the quote stays whole
    assert own_part("科技副镇长牛银霞对接服务新型经营主体;她还提出化肥减量增效的合理建议", ("牛银霞",)).endswith("建议")
    asked = answer(seed_engine, "长葛市石象镇科技副镇长马会江依托哪个学校培训村组干部?")
    assert asked.short == "长葛期优职业培训学校" and asked.quote.startswith("长葛市石象镇科技副镇长马会江")
    # 马会江's school is not what 牛银霞's part says (this near miss is still answered, from her own part)
    assert "马会江" not in answer(seed_engine, "长葛市石固镇科技副镇长牛银霞原来是哪个单位的?").quote
