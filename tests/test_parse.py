"""Golden tests: what a careful reader finds in each seed page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from retrieval import Issue, masthead_staff, parse_issue, split_passages
from retrieval.parse import SeedFormatError
from retrieval.store import from_json, to_json
from retrieval.text import split_sentences, visible_chars
from tests.conftest import SEEDS, SHARED_EVAL

HEADLINES = {
    "000": [
        "中心城区第三十五次城建重点项目周例会召开",
        "全国养老护理职业技能大赛许昌市选拔赛暨许昌市养老护理职业技能大赛颁奖典礼举行",
        "",  # continued from page one: its headline is printed there
        "真情培育千树茂 一片丹心育后人",
        "2021年上半年“河南好人榜”暨河南省防汛救灾“身边好人”名单揭晓",
        "许昌市政协关于学习贯彻中国共产党许昌市第八次代表大会精神的决议",
        "切实保障困难群众生活 巩固拓展脱贫攻坚成果",
        "从“上门取”变为“送上门” 免费邮寄让群众“最多跑一次”",
        "我市9月份数字化城市管理绩效考核成绩出炉",
    ],
    "001": [
        "“i许昌”App“挑战零违法 赢千元油卡”第二期活动火热报名中!",
        "重点企业全复工 力争首季“开门红”",
        "",  # photo
        "狠抓项目建设 淬炼发展成色",
        "市政协党组扩大会议召开 刘保新主持会议并讲话",
        "关于公布2020年许昌市“优秀志愿者、优秀志愿服务组织、优秀志愿服务项目和优秀志愿服务社区”先进典型名单的通知",
        "赵文峰对污染防治攻坚和“无废城市”建设试点工作提出要求",
        "赵文峰对优化营商环境暨重点项目建设工作推进提出要求",
        "王自合出席首届“河南省新时代文明实践推动周”许昌分会场启动仪式",
        "努力开创许昌教育高质量发展新局面",
        "让党放心 让人民满意",
    ],
    "002": [
        '优化城市治理的"许昌样板"',
        "市七届人大常委会召开 第五十二次主任会议",
        "凝聚合力 决战决胜",
        "奔向文明幸福新高地",
        "豫浙合作项目签约仪式 在杭州举行 我市签约1个项目总投资76.8亿元",
        "",  # photo
        "文明创建结硕果 提升百姓获得感",
    ],
    "003": [
        "胡五岳在国家许昌经济技术开发区调研时指出 推动“二次创业”提质增效 打造“智造之都、宜居之城”样板区",
        "市政协党组扩大会议召开",
        "市政府全会暨廉政工作会议召开并强调 坚持硬作风 决胜硬任务 奋力开创政府工作新局面",
        "全市统筹县级“两中心” 建设工作推进会召开",
        "我市召开中心城区第二十九次 城建重点项目周例会",
        "禹州市委老干部局: 当好未成年人“护花使者”",
        "",  # photo
        "一水相连 两地情长",
    ],
    "004": [
        "我市召开城市基层党建暨“两新”组织党建工作质量提升座谈会",
        "全市民营经济“两个健康”百县提升行动暨“一联三帮”保企稳业专项行动推进会召开",
        "全市影响营商环境执法司法突出问题集中整治动员部署会召开",
        "市人大常委会组织视察全国“双拥模范城”创建工作",
        "中德(许昌)产业园总体规划编制座谈会召开",
        "我市82名专家人才用科技助力脱贫攻坚和乡村振兴",
        "不文明现象(行为)曝光台",
        "有效提升城市管理水平 全力推动文明城市创建",
        "巩固提升创建成果 累并快乐着",
        "开展免费培训 助力就业创业",
    ],
}

DATES = {
    "000": (dt.date(2021, 10, 13), "dateline", None),
    "001": (dt.date(2021, 3, 3), "masthead", 9382),
    "002": (dt.date(2020, 11, 24), "masthead-corrected", 9315),
    "003": (dt.date(2021, 5, 15), "dateline", None),
    "004": (dt.date(2020, 8, 14), "dateline", None),
}


@pytest.mark.parametrize("seed", sorted(HEADLINES))
def test_headlines_in_page_order(seed_issues: dict[str, Issue], seed: str) -> None:
    assert [a.headline for a in seed_issues[seed].articles] == HEADLINES[seed]


@pytest.mark.parametrize("seed", sorted(DATES))
def test_date_and_issue_number(seed_issues: dict[str, Issue], seed: str) -> None:
    issue = seed_issues[seed]
    assert (issue.date, issue.date_source, issue.issue_no) == DATES[seed]
    assert issue.paper == "许昌日报"


def test_corrected_masthead_date_explains_itself(seed_issues: dict[str, Issue]) -> None:
    note = seed_issues["002"].date_note
    assert "2020-11-04" in note and "2020-11-24" in note and "农历庚子年十月初十" in note


def _article(seed_issues: dict[str, Issue], seed: str, headline: str):
    return next(a for a in seed_issues[seed].articles if a.headline == headline)


def test_bylines_kickers_and_subheadlines(seed_issues: dict[str, Issue]) -> None:
    first = _article(seed_issues, "001", "重点企业全复工 力争首季“开门红”")
    assert first.byline.reporters == ("魏东雅",) and first.byline.correspondents == ("刘梦婷",)
    assert first.kicker == ("奋力实现“十四五”开新局",)
    assert first.subheadlines == ("规模以上工业企业复工率超过99%",)
    assert first.dateline == "3月1日"
    experts = _article(seed_issues, "004", "我市82名专家人才用科技助力脱贫攻坚和乡村振兴")
    assert experts.byline.reporters == ("胡晨",) and experts.byline.correspondents == ("沈俊辉", "付创胜")
    assert experts.kicker == ("出彩许昌 圆梦小康", "人才下沉 科技下乡 服务“三农”")
    feature = _article(seed_issues, "002", "优化城市治理的\"许昌样板\"")
    assert feature.kicker == ("践行嘱托争出彩",)
    assert feature.subheadlines == ("——看我市如何以高质量城市基层党建推进城市高质量发展",)
    assert feature.byline.reporters == ("胡晨",) and feature.byline.correspondents == ("李彦宾",)
    assert _article(seed_issues, "002", "凝聚合力 决战决胜").byline.authors == ("许言",)
    assert _article(seed_issues, "001", "狠抓项目建设 淬炼发展成色").kind == "commentary"
    good_people = _article(seed_issues, "000", "2021年上半年“河南好人榜”暨河南省防汛救灾“身边好人”名单揭晓")
    assert good_people.kicker == ("践行社会主义核心价值观",)


def test_headline_printed_after_its_article(seed_issues: dict[str, Issue]) -> None:
    meeting = _article(seed_issues, "003", "市政府全会暨廉政工作会议召开并强调 坚持硬作风 决胜硬任务 奋力开创政府工作新局面")
    assert meeting.byline.reporters == ("高伟山",)
    assert meeting.subheadlines == ("史根治讲话 方婷赵文峰等参加",)
    photos = _article(seed_issues, "004", "不文明现象(行为)曝光台")
    assert photos.kind == "photo" and len(photos.paragraphs) == 2
    assert photos.byline.photographers == ("乔利峰", "孔刚刚")


def test_jump_markers_are_metadata_not_text(seed_issues: dict[str, Issue]) -> None:
    continued = seed_issues["000"].articles[2]
    assert continued.kind == "continuation" and continued.jumps == ("(上接第一版)",)
    assert continued.paragraphs[0].text == "以创新驱动产业高质量发展,走好华山一条路。"
    assert _article(seed_issues, "001", "让党放心 让人民满意").jumps == ("(下转第二版)",)
    for issue in seed_issues.values():
        for article in issue.articles:
            assert not re.search(r"[上下][接转]第.版", article.text)


def test_ocr_damage_is_mended(seed_issues: dict[str, Issue]) -> None:
    feature = seed_issues["002"].articles[0]
    assert "社区高标准建成\"七中心\"" in feature.text
    development = seed_issues["000"].articles[2].text
    assert "开发区有14个项目列入省级、市级重点项目" in development
    # The paragraph printed twice is kept once, in the article it belongs to.
    assert development.count("围绕产业链部署创新链") == 1
    assert "围绕产业链部署创新链" not in seed_issues["000"].articles[1].text
    cppcc = _article(seed_issues, "003", "市政协党组扩大会议召开").text
    assert cppcc.count("刘保新指出,要深入学习领会") == 1


def test_notice_keeps_its_signature(seed_issues: dict[str, Issue]) -> None:
    notice = seed_issues["001"].articles[5]
    assert notice.kind == "notice"
    assert [p.text for p in notice.paragraphs if p.kind == "signature"] == ["许昌市精神文明建设指导委员会", "2021年2月18日"]
    assert notice.jumps == ("(名单详见二版)",)


def test_list_passages_carry_their_headings(seed_issues: dict[str, Issue]) -> None:
    scores = seed_issues["000"].articles[-1]
    county = next(p for p in split_passages(scores) if "鄢陵县(98.45分" in p.text)
    assert county.context == "许昌市数字化城市管理9月份绩效考核得分情况 一、县(市)组"
    assert "襄城县(99.07分" in county.text and "东城区" not in county.text


def test_section_headings_are_listed_and_each_passage_knows_its_own(seed_issues: dict[str, Issue]) -> None:
    continued = seed_issues["000"].articles[2]
    assert continued.kind == "continuation" and continued.sections == ("项目加速,“以结果论英雄”",)
    by_section = {p.id[-3:]: p.section for p in split_passages(continued)}
    assert by_section == {**{f"p{i:02d}": "" for i in range(6)},
                          **{f"p{i:02d}": "项目加速,“以结果论英雄”" for i in range(6, 12)}}
    projects = next(p for p in split_passages(continued) if "开发区有14个项目列" in p.text)
    assert projects.id == "000_5ebacb5347f1c782-02-p06" and projects.section == "项目加速,“以结果论英雄”"
    # A heading's dash sub-line, printed on a line of its own, is part of that heading.
    water = _article(seed_issues, "003", "一水相连 两地情长")
    assert water.sections == ("南水北调工程中许昌有哪些受益——不仅吃上优质水,而且实现了兴水梦",
                              "后续工程管理许昌采取了哪些措施——创新完善各类制度,认真抓好运行管理,切实加强水质保护")
    assert [p.section for p in split_passages(water) if "总干渠许昌段全长54公里" in p.text] == [water.sections[0]]
    assert _article(seed_issues, "002", "奔向文明幸福新高地").sections == (
        '擢升文明创建的力度——秉持"工匠"精神、狠下"绣花"功夫,书写新时代城市治理新答卷',
        '感受文明创建的温度——坚持"以人民为中心",满足广大群众对美好生活的向往')
    scores = seed_issues["000"].articles[-1]
    assert scores.sections == () and {p.section for p in split_passages(scores)} == {""}


def test_passages_are_bounded_whole_sentences(seed_issues: dict[str, Issue]) -> None:
    for issue in seed_issues.values():
        for article in issue.articles:
            passages = split_passages(article)
            assert [p.position for p in passages] == list(range(len(passages)))
            for passage in passages:
                assert passage.article_id == article.id
                assert len(passage.text) <= 240


def _source_fragments(text: str) -> list[str]:
    """Split a raw page into the pieces every article must account for."""
    text = re.sub(r"[（(]\s*(上接|下转)[^)）]*[)）]|▶+\s*\d+\s*版|[（(]名单详见二版[)）]", "\n", text)
    fragments = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|-)\s*", "", line)
        for sentence in split_sentences(line):
            fragments += [visible_chars(f) for f in re.split(r"\s{1,}", sentence)]
    return [f for f in fragments if len(f) >= 6]


@pytest.mark.parametrize("seed", sorted(HEADLINES))
def test_every_sentence_lands_in_exactly_one_article(seed_issues: dict[str, Issue], seed: str) -> None:
    issue = seed_issues[seed]
    source = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    bodies = []
    for a in issue.articles:
        fields = [*a.kicker, a.headline, *a.subheadlines, *a.credits, a.text]
        bodies.append("\n".join(visible_chars(f) for f in fields))
    removed = "\n".join(visible_chars(r) for r in issue.removed)
    printed = visible_chars(source)
    for fragment in set(_source_fragments(source)):
        # An OCR "一" before a sub-headline is read as the dash it was printed as.
        dashed = "——" + fragment[1:] if fragment.startswith("一") else fragment
        kept = sum(body.count(fragment) + (body.count(dashed) if dashed != fragment else 0) for body in bodies)
        assert kept >= 1 or fragment in removed, f"lost: {fragment}"
        assert kept <= printed.count(fragment), f"doubled: {fragment}"


def test_public_gold_headlines_are_found() -> None:
    qa = SHARED_EVAL / "seed_qa_public.jsonl"
    if not qa.exists():
        pytest.skip("../shared/eval is not beside the repository")
    rows = [json.loads(line) for line in qa.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        if row["headline"] and row["type"] != "which-day-issue":
            issue = parse_issue((SEEDS / row["seed"]).read_text(encoding="utf-8"), row["seed"])
            assert row["headline"] in [a.headline for a in issue.articles], row["id"]


def test_page_without_articles_is_refused() -> None:
    with pytest.raises(SeedFormatError):
        parse_issue("许昌日报\n\n第9382期\n", "x.txt")
    with pytest.raises(SeedFormatError):
        parse_issue("短标题\n\n另一行\n", "y.txt")


def test_ids_are_stable_across_parses(seed_issues: dict[str, Issue]) -> None:
    again = parse_issue(next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8"), "001_41ee50b619f939c9.txt")
    assert [a.id for a in again.articles] == [a.id for a in seed_issues["001"].articles]
    assert again.articles[1].id == "001_41ee50b619f939c9-01"


def test_a_marked_headline_outranks_a_plain_line_in_its_group() -> None:
    text = ("# 我市召开城建重点项目周例会\n"
            "胡五岳出席会议\n\n"
            "本报讯(记者胡晨)8月12日,我市召开城建重点项目周例会。会议听取了重点项目进展情况汇报。\n")
    article = parse_issue(text, "z.txt").articles[0]
    assert article.headline == "我市召开城建重点项目周例会"


def test_masthead_staff_is_read_with_its_ocr_damage(seed_issues: dict[str, Issue]) -> None:
    assert seed_issues["001"].staff == (("社长", "方焯"), ("总编辑", "邓雷"))
    assert seed_issues["002"].staff == (("社长", "方炽"), ("总编辑", "邓雷"))  # 方焯 as the OCR read it
    assert all(seed_issues[s].staff == () for s in ("000", "003", "004"))  # no masthead printed
    assert masthead_staff("中共许昌市委主管主办社长:方炽总编辑:邓雷") == (("社长", "方炽"), ("总编辑", "邓雷"))
    assert masthead_staff("社长：王小明 副总编辑：李四") == (("社长", "王小明"), ("副总编辑", "李四"))


def test_staff_survives_the_segment_cache(seed_issues: dict[str, Issue]) -> None:
    issue = seed_issues["001"]
    assert from_json(Issue, json.loads(json.dumps(to_json(issue), ensure_ascii=False))) == issue
