"""Question analysis without a language model: what kind of answer is wanted, in what unit, for what role."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.answer.quantities import CN_NUMERALS
from bot.answer.spelling import measures_spelled
from bot.answer.units import (
    COUNT_NOUN, HOW, HOW_SCORED, MAGNITUDE, MEASURE_ONLY, MEASURE_WORDS, RANKED, SHARE_WORD, asked_units,
    ends_measured,
)
from retrieval import normalise

# The words that make a sentence a question (谁, 多少 …): a piece holding one is no fact of the paper.
ASKING = r"[哪几啥谁吗么怎何]|多少|什么"
# 甚么 (Taiwan and Hong Kong; 甚麼 once simplified) and 什麽 are 什么: every pattern below reads 什么.
_WHAT_VARIANTS = re.compile(r"甚[么麼麽]|什麽")
# 时候 typed as its homophones (什么时后, 啥时侯): the asking word as the patterns read it
_WHEN_TYPOS = re.compile(r"(?<=[么啥哪])时[后侯]")


# spoken numerals holding their measure word: 仨月 is 三个月, 他俩 两个 (not the 俩 of 伎俩)
_SPOKEN_NUMERALS = re.compile(r"仨|(?<!伎)俩")
# 几 that counts loosely, asking nothing (前几天开的会, 这几年, 好几个, 十几个): read as 些 or 数
_SOME = re.compile(r"(?<=[前这那近过好])几(?=[天年日个次回])|(?<=十)几|几(?=十)")


def standard_asking(question: str) -> str:
    """Return the question with regional spellings of its asking word as the patterns read them (为甚么 → 为什么),
    spoken numerals as the paper counts (连着仨月 → 连着三个月), a loose count as no asking word (前几天 →
    前些天, 十几个 → 十数个) and a measure word typed in pinyin as its character (多少dun → 多少吨)."""
    question = _SPOKEN_NUMERALS.sub(lambda m: "三个" if m.group() == "仨" else "两个", question)
    question = _SOME.sub(lambda m: "数" if "十" in question[max(m.start() - 1, 0):m.end() + 1] else "些", question)
    return measures_spelled(_WHEN_TYPOS.sub("时候", _WHAT_VARIANTS.sub("什么", question)))


_SIZE = rf"{HOW}[大长高远久]"
ASKS_SIZE = re.compile(_SIZE)  # 多大年纪, 多久: an asking word, as 多少 is
_HE_OR_SHE = re.compile(r"[他她]")


def spoken_of(text: str, article_id: str, within: Collection[str]) -> bool:
    """Tell whether text says 他 or 她 in a report the last answer cited (within): there it is the person
    that answer was about (`多年来,他带领…宣讲团` in the report on 唐聚圈)."""
    return article_id in within and _HE_OR_SHE.search(text) is not None
# Checked in order: the first type whose pattern matches wins.
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (`那期许昌日报上说，…复工多少家`: the issue names where it was printed, the question follows the comma)
    ("issue", re.compile(r"第(?:几|多少)期|哪一?期|期号|[那这]期(?![^，,。？?]*[，,])|哪天的报纸|(报纸|头版).{0,3}(头条|标题|要目|有哪些|有什么)|头条是什么")),
    ("reason", re.compile(r"为什么|为何|为啥|原因|怎么会|咋会|[怎咋]么?回事")),
    ("role", re.compile(r"(什么|哪些|啥|哪个)(职务|职位|官职|头衔|身份)|担任(了)?(什么|哪些|啥)|任(什么|啥)职|是干什么的")),
    ("person", re.compile(r"谁|哪位|什么人|叫什么名字|[长记任席理员](是|叫)(什么|啥)|姓名|"
                          r"哪个(副?[局市镇乡区县部处科]长|书记|主任|主席|记者|[市县区]?领导)|什么领导")),
    # 西元几年 asks which year; a bare 几年 asks how many (a 数量)
    # (`…2月23日期间达到多少个` prints a day before 期间: no 日期 asked)
    ("time", re.compile(rf"什么时候|何时|哪年|哪一年|几月|哪天|哪一天|(?<![\d{CN_NUMERALS}])日期|几号|什么时间|"
                        r"(?:西元|公元|民国)几年|几几年|何年|何月|何日|几时|哪时候|"
                        r"(?:几|什么|哪[一个]{0,2})(?:世纪|年代)")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|哪个(地方|县|市|区|镇|乡|街道|社区|村|省|城市)|哪座")),
    ("organisation", re.compile(r"哪家|哪所|哪个(单位|部门|机构|公司|银行|企业|工厂|厂子?|学校|大学|学院|医院|集团)|什么(单位|部门|机构)|"
                                r"哪些(单位|部门)|哪几个部门")),
    # 多大 asks a size, not inside 多伦多大学 or 许多高校; a word naming a measure (比例, 得分) asks for a
    # number only when nothing else asks (哪一种淀粉的比例 asks which starch)
    ("number", re.compile(rf"{RANKED}|多少|(?<!哪)几[个名人项次家所部分亩点条年岁天位批场种件份倍成支连期届轮季回]|第几|{_SIZE}|{HOW_SCORED}|"
                          rf"^(?!.*(?:哪|什么|谁))(?:.*(?:比例|百分之|得分|总投资)|.*(?:总值|总额|总量|{COUNT_NOUN}|数量|金额|产值|面积)[？?]?$)")),
    ("list", re.compile(r"哪些|哪几|有什么|有啥|都有|包括什么|分别是")),  # 哪几点 asks which points, not how many
    ("yesno", re.compile(r"是不是|是否|有没有|能不能|吗[？?]?$")),
)
TYPE_NAMES = {
    "issue": "哪天的报纸", "role": "职务", "reason": "原因", "person": "人物", "time": "时间", "place": "地点",
    "organisation": "机构", "number": "数量", "list": "列举", "yesno": "是非", "overview": "定义/概况",
}

# A role the question names (秘书长, 副司令员, 党组书记, 党委副书记 …: a party body's title is not the office's): the answer is the name printed after it.
PARTY_BODY = r"(?:党组|党委|党工委|党总支|党支部|总支|支部|纪委|工会)"
ROLE = (rf"(?:{PARTY_BODY}?副?(?:秘书长|检察长|司令员|书记|主任|主席|市长|县长|区长|镇长|乡长|局长|部长|厅长|院长|校长|所长|站长|会长|"
        r"社长|行长|处长|科长|村长|组长|队长|团长|指挥长|政委|总经理|经理|董事长|总裁|理事长|负责人|总编辑|厂长)|党组成员|常委|委员)")
# the words giving someone an office, printed between the name and its title (`南汉宸被任命为…总经理`)
APPOINTED = r"(?:同志)?(?:被任命为|被任命|被选为|担任|出任|接任|升任|就任|继任|兼任|调任|当选为?)"


def office_given(office: str) -> str:
    """Return the pattern of an office given to someone named just before it (`被任命为中国人民银行总经理`): the
    words giving it, a few words on, the office (its group), ending its clause or called 一职, 职务."""
    return rf"{APPOINTED}[^，,。；;、！!？?]{{0,15}}?({office})(?=[，,。；;、]|一职|职务|$)"


_ASKED_ROLE = re.compile(rf"(?:哪个|哪位)?({ROLE})(?:是谁|是哪位|叫什么|叫啥|姓名|是什么人)|(?:哪个|哪位)({ROLE})")
# A person named right after a title (`副主任韩国全对…`, `市长史根治在…`): the tagger reads some such names as places
_TITLED = re.compile(rf"{ROLE}([\u4e00-\u9fff]{{2,3}}?)(?=[在对说的是就给和与提讲指强要还也出到去]|[，,。？?！!、\s]|$)")
_NOT_IN_NAME = frozenset("是谁的了在会议上下中什么哪几多少这那个们说")


def titled_people(question: str) -> tuple[str, ...]:
    """Return the names printed right after a title in a question (韩国全 of `副主任韩国全对…提了哪些要求`)."""
    return tuple(dict.fromkeys(m.group(1) for m in _TITLED.finditer(normalise(question))
                               if not _NOT_IN_NAME.intersection(m.group(1))))


# Whose office a 职务 question asks (蒋新 in 蒋新还担任什么职务).
_PRONOUN = re.compile(r"^(?:他|她|它|其|该|此)")
_ROLE_OF = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:同志)?(?:还|又|现在|目前|曾|都)?(?:担任|任|是|的)")
# What a 数量 question counts (多少教职工 → 教职): the answer is the number printed before it.
# (one character where the question ends there: 涉及几个县 counts 县)
_COUNTED = re.compile(rf"(?:多少|几){MAGNITUDE}({MEASURE_WORDS})?([\u4e00-\u9fff]{{2}}|[\u4e00-\u9fff](?=[？?]?$))")
# ... or before a counting word (安置点一共几个, 复工了多少家); a unit of measure (分, 元) says enough itself.
_COUNTED_BEFORE = re.compile(
    r"([\u4e00-\u9fff]{2})(?:了|的|有|一共|总共|共|总计|合计|达到|达)*(?:多少|几)(?:万|亿|千|百)?"
    r"[个家所项座条支批种件户套台辆名人位次场处部]?[？?]?$")
_ASPECT = "了过着的"  # after a verb: the character before it is no thing counted
_FUNCTION = re.compile(r"[了的是在有和与被把就也都还要会能上下个]")
_ASKED_CATEGORY = {
    "place": re.compile(r"哪个(县|市|区|镇|乡|街道|社区|村|省)"),
    "organisation": re.compile(r"哪[家个所](银行|公司|医院|学校|大学|学院|中学|小学|集团|企业)"),
    "list": re.compile(r"哪些(人|地方)"),
}


# What someone said, did or asked for (胡五岳调研说了啥, 赵文峰提了什么要求, 主任会议研究了哪些事): the
# answer is what the quote says, clauses that no phrase of it stands for.
_STATEMENT = re.compile(
    r"(?:说|讲|谈|做|干|搞|提|提出|强调|要求|指出|表示|部署|研究|安排|布置|汇报|介绍|透露|号召|呼吁|承诺)(?:了|过|的)?"
    r"(?:些|一些)?(?:什么|哪些|哪几件|哪几点|哪几个方面|哪几方面)(?:话|事|事情|要求|工作|内容|意见|措施|举措|部署|东西|问题|方面)?呢?[？?。]?$"
    r"|有(?:什么|哪些)(?:要求|部署|措施|举措|安排)呢?[？?。]?$")


@dataclass(frozen=True, slots=True)
class QuestionKind:
    """The answer type a question asks for (follow-ups are told apart in bot.answer.conversation).

    `units` are the units a 数量 answer should print (('分',) for 多少分). `head` is what the question
    names as the kind of its answer: the title of a 人物 (秘书长 in 秘书长是谁: the answer is a name
    printed after it), the level of a 地点 (街道), the sort of 机构 (银行), 人 for 哪些人, what a
    数量 counts (教职 in 多少教职工: the answer is the number printed before it).
    """

    kind: str
    units: tuple[str, ...] = ()
    head: str = ""

    @property
    def label(self) -> str:
        """Return the Chinese name of the answer type."""
        return TYPE_NAMES[self.kind]


# a series' instalment (千元油卡活动是第几期, 第几期培训班) asks an ordinal the report prints, not the paper's issue
# (the series named anywhere before, with no paper between: `那个零违法赢油卡的活动,现在报名的是第几期`)
_SERIES = r"(?:活动|培训班?|节目|讲座|比赛|课程?)"
_INSTALMENT = re.compile(rf"{_SERIES}(?:(?!日报|报纸).)*(?:第(?:几|多少)|哪一?)期|(?:第几|哪一?)期的?{_SERIES}")


def classify(question: str) -> QuestionKind:
    """Tell what kind of answer a question wants (数量, 人物, 时间 …), in what unit, for what role."""
    spoken = _asking_sentence(_spoken(question))
    instalment = bool(_INSTALMENT.search(spoken))
    kind = next((name for name, pattern in _TYPES if pattern.search(spoken) and not (instalment and name == "issue")),
                "overview")
    if kind == "overview" and ends_measured(spoken):
        kind = "number"  # keywords ending in what is measured (`…免费培训 报名年龄`, `许昌段 全长`) ask its figure
    return QuestionKind(kind, asked_units(spoken) if kind == "number" else (), asked_head(kind, spoken))


_ASKS_YEAR = re.compile(r"哪一?年|几几年|(?:西元|公元|民国)几年|何年")
# what answers a year: a number or a year word (1991年, 二〇二〇年, 同年, 次年, 乾隆三年); 342 DRCD dev questions ask
# a year and every gold answer holds one
YEAR_WORD = re.compile(rf"(?:\d+\s*|[{CN_NUMERALS}]+|[同次当翌前去今元该本上明后早末初子丑寅卯辰巳午未申酉戌亥])年(?!级|龄|纪|轻|幼|老|长)"
                       r"|(?<!\d)\d{3,4}(?![\d.,%])")


# a time the asking word governs (在哪一个世纪, 哪次的世界杯, 哪个朝代): a question read as a place's may ask it
TIME_NOUN = re.compile(r"哪[一个]?(?:次|届|个?世纪|个?年代|年|个?时期|个?朝代?|天|个?月)|什么时[候期代间]|何时")


_ASKS_DAY = re.compile(r"哪一?天|几号|几月几[日号]|哪一?日")
# what answers a day: a day of the month, or a day named by its relation (当天, 次日)
DAY_WORD = re.compile(r"\d{1,2}\s*[日号]|[初一二三四五六七八九十廿]{1,3}[日号]|[今昨明前后当次翌同]天|[当次翌同]日")


def asks_day(question: str) -> bool:
    """Tell whether a question asks which day (`哪天开幕`, `几号`): only a quote printing a day answers it."""
    return _ASKS_DAY.search(question) is not None


def asks_year(question: str) -> bool:
    """Tell whether a question asks which year (`哪一年`, `西元几年`, `何年`): only a quote printing a year answers it."""
    return _ASKS_YEAR.search(question) is not None


def asks_statement(question: str) -> bool:
    """Tell whether a question asks what someone said, did or asked for: the quote answers it, not a phrase."""
    return _STATEMENT.search(_spoken(question)) is not None


def asked_of(question: str) -> str:
    """Return what a question asks about: the question up to its asking word, or up to the verb of saying or
    doing it asks about (`第二十九次城建周例会` of `…周例会谁主持的`, `胡五岳去开发区调研` of `…调研说了啥`);
    the whole question when that leaves under four characters. A loose count (这几年) asks nothing."""
    text = _spoken(standard_asking(question))
    found = _STATEMENT.search(text) or re.search(ASKING, text)
    event = text[:found.start()].rstrip("，,的在是了") if found else text
    # how much was asked is no part of the event (`…选拔赛一共有多少名选手参赛`: 一共有 would ask the next
    # question for a total too)
    event = re.sub(r"(?:一共|总共|共计|合计|累计|总计|共)?有$", "", event) if len(event) > 5 else event
    return event if len(event) >= 4 else text


_PARTICLES = re.compile(r"[啊呀吧嘛哦呗啦哈]+(?=[？?！!。.]*$)")  # a spoken question's last particle (…多少个人啊)


_SENTENCE_END = re.compile(r"(?<=[。！!；;])")


# a reader telling of themselves before asking (`我亲戚在振德上班，说他们厂在鄢陵好多年了，…哪年落户鄢陵的`)
_OWN_SCENE = re.compile(r"^(?:我|俺)[^，,。？?！!；;]*[，,]")


def scene_setting(question: str) -> str:
    """Return what a question says before its asking sentence or, in it, the clauses of a reader's own
    situation before the asking one (the scene a reader sets), or ""."""
    asking = _asking_sentence(question)
    before = question[:question.rfind(asking)] if asking != question else ""
    own = _OWN_SCENE.match(asking)
    told = own.group() if own and not re.search(ASKING, _SOME.sub("些", own.group())) else ""
    return before + told


def _asking_sentence(question: str) -> str:
    """Return the last sentence of a question that asks something: a reader sets the scene first (`…没过几天EMS
    就把证送到家门口了。…一共寄了多少份?`), and an asking word there (几天) is not what is asked."""
    asking = [s for s in _SENTENCE_END.split(question) if re.search(ASKING, s)]
    return asking[-1] if asking else question


def _spoken(question: str) -> str:
    """Return the question with 啥 read as 什么 (啥时候, 说了啥 ask as 什么时候, 说了什么 do) and without a spoken
    particle at its end (…几个人啊)."""
    return _PARTICLES.sub("", question.strip()).replace("啥", "什么")


# a question asking for everyone holding a title (副主任都有谁, 哪些副市长出席了, 出席的秘书长有哪几位)
_ASKED_ROLES = re.compile(rf"(?:哪些|哪几位|哪几个)({ROLE})|({ROLE})(?:都|分别|一共)?(?:有|是)?(?:谁|哪些人|哪几位|哪些)")
_PLURAL = re.compile(r"哪些|哪几|都有|都是|分别")


# which report says something (哪篇文章, 哪条新闻, 标题是什么): its headline answers
# (什么消息 asks what the news is: only 哪 asks which one)
_WHICH_REPORT = re.compile(r"哪一?(?:篇|个|条|则)?(?:文章|报道|新闻|稿件|稿子|消息)|什么(?:文章|报道)|(?:标题|题目)(?:是|叫)(?:什么|啥)")


def asked_report(question: str) -> str:
    """Return the words asking which report says something (`哪篇文章` of `首季开门红是哪篇文章说的`), or ''."""
    found = _WHICH_REPORT.search(question)
    return found.group(0) if found else ""


def asks_report(question: str) -> bool:
    """Tell whether a question asks which report says something (`首季开门红是哪篇文章说的`)."""
    return bool(asked_report(question))


def asks_several(question: str) -> bool:
    """Tell whether a question asks for several things (哪几个部门, 哪些县, 都有谁, 分别是)."""
    return bool(_PLURAL.search(question))


def asked_roles(question: str) -> str:
    """Return the title whose every holder a question asks for (`副主任` of `…副主任都有谁`), or ''."""
    found = _ASKED_ROLES.search(question)
    return (found.group(1) or found.group(2)) if found and asks_several(question) else ""


def asked_head(kind: str, question: str) -> str:
    """Return what a question names as the kind of its answer (`秘书长` in `秘书长是谁`, `街道`), or ''."""
    if kind == "number":
        if re.search(RANKED, question):
            return ""  # 排第几: a place, not a count of something
        counted = _COUNTED.search(question)
        measure, noun = (counted.group(1) or "", counted.group(2)) if counted else ("", "")
        if len(noun) == 2 and _FUNCTION.fullmatch(noun[1]) and noun[1] not in _ASPECT and measure in ("", "个"):
            # 几个组下去: the 组 counted, not 组下 (but 多少人拿了: 拿 is done, not counted; and after 人, 名 …
            # the measure word names what is counted: 多少人喝上 counts people)
            noun = noun[0]
        if SHARE_WORD.fullmatch(noun):
            return ""
        if noun and not _FUNCTION.search(noun) and not MEASURE_ONLY.fullmatch(noun):
            return noun
        # nothing counted after the number asked (安置点一共几个, 复工了多少家): what comes before it
        before = _COUNTED_BEFORE.search(question.strip())
        return before.group(1) if before and not _FUNCTION.search(before.group(1)) else ""
    if kind == "role":  # whose office: the subject of the last clause naming one (`…部署会上,柏启传是什么职务`);
        # a pronoun names no one here (`他是什么职务`: the conversation puts the name in its place first)
        clauses = re.split(r"[，,。；;！!]", question.strip(" ？?"))
        found = (m for c in reversed(clauses) for m in [_ROLE_OF.search(c)] if m and not _PRONOUN.match(m.group(1)))
        return next((m.group(1) for m in found), "")
    if kind == "person":
        found = _ASKED_ROLE.search(question)
        return (found.group(1) or found.group(2)) if found else ""
    pattern = _ASKED_CATEGORY.get(kind)
    found = pattern.search(question) if pattern else None
    return found.group(1) if found else ""

