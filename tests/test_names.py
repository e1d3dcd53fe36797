"""The names a question asks about, found by the LAC tagger."""

from __future__ import annotations

from bot.answer.names import named_answer, question_names


def test_people_places_and_organisations_are_names_and_common_words_are_not() -> None:
    assert question_names("张三在北京市工作吗") == ("张三", "北京市")
    assert question_names("郑州市9月份数字化城管考核多少分") == ("郑州市",)
    assert question_names("有多少名党员到社区报到？") == ()


def test_an_empty_or_huge_question_is_tagged_safely() -> None:
    assert question_names("   ") == ()
    assert question_names("张三" + "的" * 10_000) == ("张三",)


def test_the_name_of_the_asked_kind_nearest_the_questions_words_answers() -> None:
    sentence = "公元12年，王莽强行将高句丽人编入辽西郡进攻匈奴等民族。"
    assert named_answer("person", sentence, "高句丽人被谁编进辽西郡进攻匈奴等民族？", [(9, 13)]) == "王莽"
    held = "5月14日,许昌市统筹县级融媒体中心建设工作推进会在长葛市召开。"
    at = held.index("召开")
    assert named_answer("place", held, "推进会在哪里召开", [(at, at + 2)]) == "长葛市"
    assert named_answer("place", held, "推进会在哪里召开", []) == "许昌市"  # no anchor: the first one


def test_kinds_without_a_kind_of_name_get_none() -> None:
    assert named_answer("overview", "许昌市的市花是月季花。", "市花是什么", []) == ""
    assert named_answer("person", "许昌市的市花是月季花。", "许昌市的市花是谁定的", []) == ""  # 许昌市 is asked


def test_the_noun_an_asking_word_governs_is_its_head() -> None:
    from bot.answer.names import asked_head

    assert asked_head("陆特和汉斯雷顿开创了哪一地区对梵语的学术研究？") == "地区"
    assert asked_head("哪位皇帝下令修建的？") == "皇帝"  # past the measure word
    assert asked_head("最早发明它的是哪一个人？") == "人"
    assert asked_head("他信奉什么宗教？") == "宗教"
    assert asked_head("这次会议是哪位主持的？") == "位"  # nothing follows: the measure word says who
    assert asked_head("哪些人参加了会议？") == asked_head("在哪里出生？") == asked_head("多少人") == ""


def test_a_head_whose_answers_are_places_gets_the_place_the_sentence_names() -> None:
    sentence = "在欧洲，梵语的学术研究，由德国学者陆特和汉斯雷顿开创。"
    question = "陆特和汉斯雷顿开创了哪一地区对梵语的学术研究？"
    at = sentence.index("梵语")
    assert named_answer("overview", sentence, question, [(at, at + 2)], {"地区": "LOC"}) == "欧洲"
    assert named_answer("overview", sentence, question, [(at, at + 2)], {"宗教": "ORG"}) == ""
    assert named_answer("overview", sentence, question, [(at, at + 2)]) == ""  # no fitted heads: no guess


def test_the_shipped_model_knows_what_names_answer_common_heads() -> None:
    from bot.answer.model import load_model

    tags = dict(load_model().head_tags)
    assert tags.get("国家") == "LOC" and tags.get("皇帝") == "PER" and tags.get("朝代") == "TIME"


def test_a_name_the_patterns_cannot_end_is_read_after_its_title_by_the_tagger() -> None:
    from bot.answer.extract import holds_role
    from bot.answer.names import titled_name

    sentence = "许昌市关工委原主任唐聚圈自2004年4月从市政协主席岗位退下来后,在许昌市关工委主任的岗位上工作了16年。"
    assert titled_name(sentence, "主任", holds_role) == "唐聚圈"
    assert titled_name(sentence, "副主任", holds_role) == ""  # the printed title is not the asked role


def test_the_tagger_runs_on_one_thread_without_spinning() -> None:
    from bot.answer.names import _tagger

    options = _tagger()._session.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert question_names("张三在北京市工作吗") == ("张三", "北京市")  # and tags as before
