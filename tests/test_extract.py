"""Answer pieces found in real seed sentences: numbers in units, names after titles, places, lists."""

from __future__ import annotations

from bot.answer.extract import Span, closeness, echoes, holds_role, spans
from bot.answer.runs import day_run, enumeration


def fittest(kind: str, sentence: str, units: tuple[str, ...] = (), head: str = "") -> str:
    """Return the piece of the asked kind that fits best (the first of equals)."""
    found = spans(kind, sentence, units, head)
    return max(found, key=lambda s: (s.fit, -s.start)).text if found else ""


def test_numbers_fit_the_asked_unit_and_skip_years() -> None:
    sentence = "经过全市上下的共同努力,2017年4月,许昌以92.5分的高分顺利通过水利部和省政府的联合验收"
    assert [(s.text, s.fit) for s in spans("number", sentence, ("分",))] == [("92.5分", 1.0)]
    found = spans("number", "全市1009所学校、3.8万名教职工参与了“校聘”", (), "教职")
    assert [(s.text, s.fit) for s in found] == [("1009所", 0.7), ("3.8万名", 1.0)]


def test_a_bare_count_of_ten_thousands_fits_the_unit_named_before_it() -> None:
    sentence = "通水7年来,已累计为我市供水10.15亿立方米,供水区域335平方公里,受益人口达227万。"
    assert fittest("number", sentence, ("人", "名", "位")) == "227万"
    assert [s.text for s in spans("number", "受益人口达227万;", ("元",))] == ["227万"]  # a number, not in 元


def test_a_count_in_the_asked_counting_word_fits_before_one_in_another() -> None:
    sentence = "该局成立了4个复工复产协调服务组;1522家规模以上工业企业已复工复产1513家"
    assert fittest("number", sentence, ("家", "个")) == "1522家"
    # 个 counts anything: a count asked in it takes 名 as well as 个
    found = spans("number", "评出51名优秀志愿者、10个优秀志愿服务项目", ("个", "名"))
    assert [(s.text, s.fit) for s in found] == [("51名", 1.0), ("10个", 1.0)]


def test_a_rough_number_fits_less_than_an_exact_one() -> None:
    found = spans("number", "襄城县、鄢陵县、禹州市考评成绩均在98分以上", ("分",))
    assert [(s.text, round(s.fit, 2)) for s in found] == [("98分", 0.7)]


def test_names_follow_titles_and_fit_the_asked_role() -> None:
    sentence = "市人大常委会副主任王文杰、韩国全、周为民,秘书长李光亚出席会议。"
    assert [(s.text, s.fit) for s in spans("person", sentence, (), "秘书长")] == [
        ("王文杰、韩国全、周为民", 0.3), ("李光亚", 1.0)]
    assert fittest("person", "许昌军分区副司令员杨鸿章参加。", (), "副司令员") == "杨鸿章"


def test_a_name_after_a_dash_or_a_title_held_then_or_before_the_office_given_it_holds_it() -> None:
    sentence = "由时任市长的江泽民担任组长"
    assert [(s.text, s.fit) for s in spans("person", sentence, (), "市长")] == [("江泽民", 1.0)]
    assert fittest("person", "第一任局长－赵文峰带领大家", (), "局长") == "赵文峰"
    assert fittest("person", "蒋新同志担任市委副秘书长。", (), "副秘书长") == "蒋新"
    assert [(s.text, s.fit) for s in spans("person", "蒋新同志担任市委副秘书长。", (), "市长")] == [("蒋新", 0.3)]
    # 的 after a title not held at the time is no name: 局长的任务
    assert spans("person", "局长的任务是抓好落实。", (), "局长") == []


def test_a_title_holds_the_role_unless_it_is_the_deputy() -> None:
    assert holds_role("市长", "市长") and holds_role("秘书长", "秘书长") and holds_role("社区党支部书记", "党支部书记")
    assert not holds_role("副市长", "市长") and not holds_role("局长", "副局长")
    # a party body's title is its own: the 市委书记 is not the 开发区党组书记 asked for
    assert not holds_role("市委书记", "党组书记") and not holds_role("书记", "党支部书记")


def test_names_listed_without_a_title_and_places_are_not_names() -> None:
    sentence = "由韩萍萍、杨俊丽两位具有丰富家政服务经验的下岗人员创立。"
    assert [s.text for s in spans("person", sentence)] == ["韩萍萍、杨俊丽"]
    assert spans("person", "襄城县、鄢陵县、禹州市考评成绩均在98分以上") == []


def test_an_organisation_answers_who_when_no_title_is_asked() -> None:
    sentence = "全国养老护理职业技能大赛由民政部和人社部联合发起"
    assert fittest("person", sentence) == "民政部和人社部"
    assert fittest("organisation", "工商银行许昌分行诚邀您下载“i许昌”App", (), "银行") == "工商银行许昌分行"


def test_places_after_at_and_cut_at_the_asked_level() -> None:
    held = "发布活动在鹤壁成功举办。"
    assert fittest("place", held) == "鹤壁"
    sentence = "近日,在禹州市钧台街道办事处燕井小学三年级的课堂上"
    assert fittest("place", sentence, (), "街道") == "禹州市钧台街道办事处"


def test_lists_drop_their_lead_in_and_the_tail_after_deng() -> None:
    sentence = "我市普通高中教育呈现出重视程度提升、教育规模扩张、队伍素质强化等主要特点"
    assert [s.text for s in spans("list", sentence)] == ["重视程度提升、教育规模扩张、队伍素质强化"]
    found = spans("list", "承接振德集团在淮南、苏州、杭州等地内迁产能,建设学校、医院、蓝领公寓等配套设施", (), "地方")
    assert [(s.text, s.fit) for s in found] == [("淮南、苏州、杭州", 1.0), ("建设学校、医院、蓝领公寓", 0.8)]


def test_closeness_and_echoes() -> None:
    assert closeness(Span(10, 14, "600亩"), [(0, 2), (6, 8)]) == 1.0
    assert closeness(Span(40, 44, "960亩"), [(0, 2)]) == 1.0 / (1.0 + 36 / 6)
    assert echoes("许昌市", ["许昌市", "城管"]) and echoes("1522家", ["1522", "家"])
    assert not echoes("98.45分", ["9", "月份", "分"]) and not echoes("三连冠", ["连冠"])


def test_numbers_in_currencies_measures_shares_and_ordinals() -> None:
    texts = lambda sentence, units=(): [s.text for s in spans("number", sentence, units)]  # noqa: E731
    assert texts("当时募款金额约29亿美元，另有5,000,000日元。", ("元",)) == ["29亿美元", "5,000,000日元"]
    assert texts("境内的鸟类共有41种，年平均降雪133公分。") == ["41种", "133公分"]
    assert texts("大瘟疫消灭了帝国三分之一的人口，百分之九十五的人信教。") == ["三分之一", "百分之九十五"]
    assert texts("阿拉巴马州是美国面积第13大的州。") == ["第13"]
    from bot.answer.units import asked_units

    assert "分之" in asked_units("消灭了帝国多少比例的人口")
    assert [s.fit for s in spans("number", "消灭了三分之一的人口", asked_units("消灭了多少比例的人口"))] == [1.0]


def test_every_title_before_a_name_is_its_office_a_bare_one_too() -> None:
    found = spans("role", "市政协党组书记、主席刘保新主持会议并讲话。", (), "刘保新")
    assert [s.text for s in found] == ["市政协党组书记、主席"]  # 主席 has nothing before it of its own
    assert [s.text for s in spans("role", "市委副秘书长、市委办公室主任蒋新说", (), "蒋新")] == [
        "市委副秘书长、市委办公室主任"]


def test_a_plural_answer_is_the_whole_run_of_items_of_its_kind() -> None:
    quote = "近日,市民政局、市财政局、市乡村振兴局联合印发《关于巩固拓展脱贫攻坚兜底保障成果…》"
    for one in ("市民政局", "市财政局", "市乡村振兴局"):  # cut where an item ends as the answer ends: 局, not 局联合印发
        assert enumeration(quote, one) == "市民政局、市财政局、市乡村振兴局"
    assert enumeration("由民政部和人社部联合发起", "民政部") == "民政部"  # no 、: one item
    listed = "其中,我市入选2021年上半年“河南好人榜”的有孙海洋、陈明杰、苗原野、蒋红伦、杨书芬、张喜荣,入选"
    assert enumeration(listed, "陈明杰") == "孙海洋、陈明杰、苗原野、蒋红伦、杨书芬、张喜荣"  # the people listed
    assert enumeration("襄城县、鄢陵县、禹州市考评成绩均在98分以上", "鄢陵县") == "襄城县、鄢陵县"  # 禹州市 ends otherwise


def test_a_counted_thing_ending_the_numbers_phrase_is_what_it_counts() -> None:
    found = spans("number", "该局成立了4个复工复产协调服务组,走遍各县", ("个",), "组")
    assert [(s.text, s.fit) for s in found] == [("4个", 1.0)]
    assert spans("number", "该局成立了4个服务中心,走遍各县", ("个",), "组")[0].fit < 1.0  # no 组 counted


def test_a_count_of_the_others_fits_less_than_a_whole_count() -> None:
    # 刘和章和其他81名专家人才: 81 others, not the 82 sent
    rest = spans("number", "刘和章和其他81名专家人才一样,被组织选派到乡镇挂职。", ("名",), "")
    whole = spans("number", "82名科技副乡、镇长到岗后,迅速开展调研摸底。", ("名",), "")
    assert rest[0].fit < whole[0].fit == 1.0


def test_a_body_of_the_asked_category_fits_by_how_such_names_end() -> None:
    sentence = "此次我市签约的项目是振德医疗用品股份有限公司在鄢陵县投资的振德集团华中区域总部建设项目。"
    found = {s.text: s.fit for s in spans("organisation", sentence, (), "企业")}
    assert found["振德医疗用品股份有限公司"] > found.get("振德集团华中区域总部", 0.0)  # a 企业 is printed as a 公司
    sentence = "近日,市民政局、市财政局联合印发《实施意见》,对民政兜底保障工作进一步部署。"
    found = {s.text: s.fit for s in spans("organisation", sentence, (), "部门")}
    assert found["市民政局、市财政局"] == 1.0 and not any(t.endswith("进一步部") for t in found)  # 部署 is no body


def test_a_day_listed_with_others_is_read_with_them() -> None:
    assert day_run("每周一、三带领社区干部\"下访\"是她雷打不动的一项工作", "每周一") == "每周一、三"
    assert day_run("分别于3月1日、15日、28日举行", "3月1日") == "3月1日、15日、28日"
    # a count after the mark is no day; an answer that is no day is left as it is
    assert day_run("每周一、三个单位轮流值班", "每周一") == "每周一"
    assert day_run("孙海洋、陈明杰", "孙海洋") == "孙海洋"
