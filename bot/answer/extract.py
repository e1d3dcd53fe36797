"""Find the pieces of a sentence that can answer a question of a given type (数量, 人物 …).

No language model and no part-of-speech tagger at answer time: importing jieba.posseg loads its HMM
tables (about 1.3 s), more than the whole budget of a cold `newsbot ask`. The patterns below stand
for the tags that matter here: m (a number with its unit), t (a date), nr (a name after a title or
before a reporting verb), ns (a place after 在/到 or with a place suffix), nt (an organisation suffix).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.question import PARTY_BODY, ROLE, office_given
from bot.answer.units import PHONE

_UNITS = (r"平方公里|平方米|平方英里|立方米|公里|千米|千瓦|公顷|英亩|个百分点|个月|人次|场次|小时|分钟|连冠|"
          r"公分|厘米|毫米|英尺|英寸|英里|海里|公斤|千克|公吨|克|摄氏度|度|米|亩|吨|%|％|"
          r"(?:美|日|港|欧|澳|加|新台币|台币|人民币)?元|英镑|卢布|法郎|马克|比索|卢比|韩元|"
          r"分|名|人|个|项|家|所|部|件|次|场|批|条|座|户|套|台|辆|倍|年|天|岁|点|支|份|册|处|宗|栋|间|张|级|届|"
          r"期|位|篇|本|株|棵|头|只|成|周|种|艘|架|颗|匹|枚|口|层|集|首|幅")
_CN_NUM = r"[零一二两三四五六七八九十百千万亿]+"
_AMOUNT = rf"(?:\d+(?:[.,]\d+)*|{_CN_NUM})"
# The patterns with large character classes stay strings: `re` compiles each on first use and
# caches it, so a cold `newsbot ask` pays only for the kinds its question needs. A number prints a
# unit (1513家, 29亿美元), or is a share (三分之一, 百分之九十五), an ordinal (第13) or a count of ten
# thousands ending its clause (人口达227万;).
NUMBER = re.compile(rf"(?:百|千|万)分之{_AMOUNT}|{_AMOUNT}分之{_AMOUNT}"
                    rf"|(?:第)?{_AMOUNT}(?:多|余)?(?:[万亿千百]+)?(?:多|余)?(?:{_UNITS})|第{_AMOUNT}"
                    rf"|{_AMOUNT}(?:多|余)?[万亿]+(?:多|余)?(?![\d\u4e00-\u9fff])")  # bare: 受益人口达227万;
# Dates as a paper or an encyclopedia prints them: 2021年3月3日, 3月3日下午, 公元前221年, 1990年代,
# 19世纪, and a reign year (光绪31年, 元嘉二十七年: a two-character era name before the year).
DATE = re.compile(
    r"\d{3,4}年代(?:[初中末]期|中后期|前期|后期)?|\d{1,2}世纪(?:[初中末]叶|[初中末]期|\d{2}年代)?"
    r"|(?:公元前?)?\d{1,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?|\d{1,2}月(?!\d)"
    r"|[\u4e00-\u9fff]{2}(?:元|[一二三四五六七八九十]{2,3}|\d{1,2})年(?!来|间|前|后|内)"
)
_YEAR = re.compile(r"\d{4}年$")
_CLAUSE_BREAK = re.compile(r"[,，。;；:：、!！?？]")
_ROUGH = re.compile(r"^(?:以上|以下|左右|以内|上下)")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
            "莫孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
            "凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍喻祁蒲房滕屈饶解牟艾尤阳穆司卓古吉缪简车项连芦麦"
            "褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查苑迟"
            "邝鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚粟冼蔺闻厉伊仝郜阚帅屠豆朴盖禹井祖漆巴卿狄索宣晁芮扈鹿邸雍辜"
            "蔚亓裘邰赫杭逯茹付")
_NAME = rf"[{SURNAMES}][\u4e00-\u9fff]{{1,2}}?"
_AFTER_NAME = (r"(?=[,，。、;；:：!！?？“”\"()（）\s]|$|等|和|与|及|说|表示|介绍|指出|强调|告诉|认为|主持|出席|参加|列席|"
               r"陪同|讲话|提出|要求|也|在|对|为|到|是|就|先后|同志|带领|率|一行|结合|积极|围绕|把|从|作|获|当选|担任|出任|兼任|"
               r"被|向|将|已|还|都|的|坚持|牵头|负责|分别|共同|现场|深入|主动|带头|称|透露|坦言|推动|听取|充分|给予|"
               r"两位|二人|三位|几位|多次|再次|亲自|专门|随后|首先)")
_TITLE = rf"(?:{ROLE}|记者|通讯员|讲师|老师|教授|专家|医生|志愿者|居民|市民|村民|党员|代表|女士|先生|同志|员工)"
# a name right after its title (`市长史根治`), after a dash (`司法部长－宾劳`), or after 的 where the title is one
# held at the time (`时任市长的江泽民`, `代理校长的刘秉麟`: not `局长的任务`)
_TITLED = rf"({_TITLE})[－—-]?((?:{_NAME}{_AFTER_NAME}、?)+)"
_TITLED_THEN = rf"(?:时任|现任|曾任|原任|代理|前任)[^，,。；;的]{{0,12}}?({_TITLE})的((?:{_NAME}{_AFTER_NAME}、?)+)"
# a name before the office it was given (`南汉宸被任命为中国人民银行总经理`, `蒋新同志担任市委副秘书长`)
_APPOINTED = rf"({_NAME}){office_given(_TITLE)}"
_LISTED = rf"(?:^|(?<=[由和与及有,，:：“]))((?:{_NAME}、)+{_NAME}){_AFTER_NAME}"
_NOT_NAME = re.compile(r"[省市县区镇乡村局部委办院所站社馆园]$")
_SAYS = rf"(?:^|(?<=[,，。;；:：“\"、]))({_NAME})(?=指出|强调|表示|介绍|说|告诉|认为|主持|出席|讲话|提出|要求|就)"
LEADING = re.compile(r"^(?:在|到|于|从|由|的|和|与|及|暨|是|为|对|将|把|向|联合|以及|该|其)+")
_NAME_CHAR = r"(?:(?![与和及的在是对把被向从到为了由等个])[\u4e00-\u9fff])"
_PLACE_AT = (r"(?:在|到|赴|于|位于|落户|落地)([\u4e00-\u9fff]{2,12}?)"
             r"(?=举行|举办|召开|成功|开展|挂职|调研|考察|建设|投资|[,，。的])")
_PLACE_UNIT = r"(?:省|市|县|区|镇|乡|村|街道办事处|街道|社区|大道|路)(?![长委])"
_SITE = r"(?:小学|中学|学校|卫生室|卫生院|医院|站|园|馆|中心)"
_PLACE = rf"(?:{_NAME_CHAR}{{1,6}}?{_PLACE_UNIT})+(?:{_NAME_CHAR}{{1,8}}?{_SITE})?"
_ORG = (rf"[“”]?{_NAME_CHAR}{{1,16}}?(?:公司|集团|银行|分行|支行|局|委员会|委|部|中心|协会|学校|学院|医院|"
        r"卫生室|办公室|办|厅|院|所|站|基金会|社区|联合会|商会)(?![长署分])")  # not 局长, 部署, 部分
_REASON = re.compile(r"(?:由于|因为|因)([^,，。;；]+)")
_ITEM = r"[\u4e00-\u9fff“”()（）·A-Za-z0-9\"]{2,30}"
_PLACES_CUE = re.compile(r"等地")
_LIST_LEAD = re.compile(r".*(?:了|有|是|为|出|括|往|到|在|：|:)")
_LIST = rf"{_ITEM}(?:、{_ITEM}){{1,}}(?:(?:和|及|与){_ITEM})?"


# A sentence that points back to the one before it, for what it names: it opens on 他, 该, 同年 … or only
# says who spoke (`…，他说。`). Such a sentence is quoted with the one before it (bot.answer.choose).
POINTS_BACK = re.compile(r"^(?:他|她|它|牠|这|此|该|其|同年|当年|次年|翌年|之后|随后|后来)"
                         r"|^[^，,。；;“”\"]{2,30}(?:说|表示|指出|介绍|坦言|感慨|告诉记者)[。！!]?$")
# A weaker cue that a sentence goes on from the one before: it opens on a link (但, 于是, 使得, 两人) or names
# a time relative to an earlier one near its start (`在…拉拢下，同年12月9日`, `当月,…`). Papers open many a
# sentence so (当月 after a dateline): the reader weighs it as a feature (bot.answer.reader), nothing joins on it.
GOES_ON = re.compile(r"^[“「(（]?(?:两人|二人|双方|前者|后者|此后|其后|于是|因此|因而|所以|但|然而|而|并|同时|使得|以致|从此|"
                     r"由此|不过)|^[^。；;!！?？]{0,24}?(?:同年|当年|该年|次年|翌年|同月|当月|次月|同日|当日|当天|次日|翌日|"
                     r"当时|此时|这时)")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a sentence that may answer the question, and how well it fits what was asked."""

    start: int
    end: int
    text: str
    fit: float = 1.0


def spans(kind: str, sentence: str, units: tuple[str, ...] = (), head: str = "") -> list[Span]:
    """Return the answer-kind pieces of a sentence (`units`: a 数量 answer's units; `head`: the asked role or category)."""
    finder = _FINDERS.get(kind)
    return finder(sentence, units, head) if finder else []


def closeness(span: Span, anchors: list[tuple[int, int]]) -> float:
    """Return 1 for a piece touching a question term, falling with the distance in characters."""
    gaps = [max(a - span.end, span.start - b, 0) for a, b in anchors if not (a >= span.start and b <= span.end)]
    return 1.0 / (1.0 + max(min(gaps) - 2, 0) / 6.0) if gaps else 0.2


def echoes(text: str, terms: Sequence[str]) -> bool:
    """Tell whether a piece only repeats the question (`许昌市`, `1522家` for `1522家…复工了多少家`)."""
    rest = text
    for term in sorted((t for t in terms if len(t) > 1 or t.isdigit()), key=len, reverse=True):
        rest = re.sub(rf"(?<![\d.]){re.escape(term)}(?![\d.])", "", rest) if term[0].isdigit() else rest.replace(term, "")
    return len(_NOT_WORD.sub("", rest)) < 2 and not _COUNTING.search(rest)


_NOT_WORD = re.compile(r"[^\u4e00-\u9fff0-9]")
_COUNTING = re.compile(rf"\d|{_CN_NUM}")
_PHONE = re.compile(r"\d[\d-]{6,}\d")  # 0374-5123456, 12345678: at least 8 digits and dashes
_PART_OF = re.compile(r"(?:其他|其余|另外|另有)$")  # a count of the rest, not of the whole
_BARE = re.compile(rf"^{_AMOUNT}(?:多|余)?[万亿]+(?:多|余)?$")  # a number printed without its unit (受益人口达227万)


@functools.lru_cache(maxsize=64)
def _ends_phrase(head: str) -> re.Pattern[str]:
    """The counted thing ending the phrase a number starts (`4个复工复产协调服务组,` counts 组)."""
    return re.compile(rf"[\u4e00-\u9fff]{{0,12}}?{re.escape(head)}(?=[,，、。;；:：)）]|$)")


# a count asked in one counting word is printed in another now and then (多少家 → 个), less often than in its own
_COUNTED_IN = frozenset("家所人名位户项座条支批种件套台辆处栋间张部次场回")  # not 个: any thing is counted in 个
_ALIAS = 0.9


def _numbers(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    if PHONE in units:  # a phone number asked: a long run of digits, no count or sum
        return [Span(m.start(), m.end(), m.group()) for m in _PHONE.finditer(sentence)]
    found = []
    for m in NUMBER.finditer(sentence):
        text = m.group(0)
        if _YEAR.search(text) and not (units and "年" in units and len(text) < 5):
            continue  # a year is a date, not a count
        fit = 1.0 if not units or any(text.endswith(u) or u in text for u in units) else 0.35
        if fit == 1.0 and units and units[0] in _COUNTED_IN and not text.endswith(units[0]):
            fit = _ALIAS  # 多少家: 1513家 before 4个 (a 个 counts firms too, and groups)
        clause = _CLAUSE_BREAK.split(sentence[max(0, m.start() - 8):m.start()])[-1]  # same clause only
        if fit < 1.0 and _BARE.match(text) and any(u in clause[-4:] for u in units):
            fit = 1.0  # the unit named just before a bare number: 人口达227万 counts people
        if _ROUGH.match(sentence[m.end():]):
            fit *= 0.7
        if _PART_OF.search(sentence, 0, m.start()):
            fit *= 0.7  # 刘和章和其他81名专家: the others, not all 82 of them
        # a one-character thing (县) counts only right after the number: before it, 浙川县移民4208户 is no count of 县
        if head and not sentence.startswith(head, m.end()) and (len(head) == 1 or head not in clause) \
                and not _ends_phrase(head).match(sentence, m.end()):
            fit *= 0.7  # the counted thing is printed right after the number, or just before it
        found.append(Span(m.start(), m.end(), text, fit))
    return found


def _dates(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0)) for m in DATE.finditer(sentence)]


def names(sentence: str, head: str = "") -> list[Span]:
    """Return the people named in a sentence, names listed with 、 as one piece.

    A name follows a title (fit 1 when it is the asked role), comes before 说/指出, or is one of
    several names listed with 、 (`由韩萍萍、杨俊丽两位…创立`).
    """
    found: dict[int, Span] = {}
    untitled = 0.3 if head else 0.8
    for m in (*re.finditer(_TITLED, sentence), *re.finditer(_TITLED_THEN, sentence)):
        title = m.group(1)
        _add_names(found, m.group(2), m.start(2), 1.0 if not head or holds_role(title, head) else 0.3)
    for m in re.finditer(_APPOINTED, sentence):
        _add_names(found, m.group(1), m.start(1), 1.0 if not head or holds_role(m.group(2), head) else 0.3)
    for m in re.finditer(_SAYS, sentence):
        _add_names(found, m.group(1), m.start(1), untitled)
    for m in re.finditer(_LISTED, sentence):
        _add_names(found, m.group(1), m.start(1), untitled)
    return _joined(sentence, sorted(found.values(), key=lambda s: s.start), "、")


def holds_role(title: str, role: str) -> bool:
    """Tell whether a printed title is the asked role (`检察长` is `市人民检察院检察长`; `副市长` is not `市长`, nor
    `市委书记` the 党组书记)."""
    if title.startswith("副") != role.startswith("副") and not title.endswith(role):
        return False
    body = re.match(PARTY_BODY, role)
    if body and body.group() not in title:
        return False
    return (title.endswith(role) and (role.startswith("副") or not title.endswith("副" + role))) or role.endswith(title)


def _add_names(found: dict[int, Span], text: str, start: int, fit: float) -> None:
    for name in re.finditer(rf"{_NAME}{_AFTER_NAME}", text):
        if not _NOT_NAME.search(name.group(0)):
            found.setdefault(start + name.start(), Span(start + name.start(), start + name.end(), name.group(0), fit))


def _people(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    people = names(sentence, head)
    if head:
        return people
    # 谁发起的 / 由谁主办: an organisation can be the answer when no title was asked for
    return people + [Span(s.start, s.end, s.text, 0.6) for s in _organisations(sentence, units, "")]


def _reasons(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0)) for m in _REASON.finditer(sentence)]


def _trimmed(m: re.Match[str], group: int = 0, fit: float = 1.0) -> Span | None:
    """Return the matched piece without a leading preposition or particle (`在鹤壁` → `鹤壁`)."""
    text = m.group(group)
    lead = LEADING.match(text)
    cut = lead.end() if lead else 0
    if len(text) - cut < 2:
        return None
    return Span(m.start(group) + cut, m.end(group), text[cut:], fit)


# the names a category is printed as at their end: 哪家企业 is answered by 振德医疗用品股份有限公司
_PRINTED_AS = {"企业": ("公司", "集团", "厂"), "单位": ("局", "委", "院", "中心", "公司"), "机构": ("局", "委", "院", "中心"),
               "部门": ("局", "委", "办", "部", "厅")}


def _with_head(found: list[Span | None], head: str) -> list[Span]:
    """Keep the pieces; those without the asked category (银行, 街道), or ending as its names do, fit less."""
    return [s if not head or head in s.text or s.text.endswith(_PRINTED_AS.get(head, ()))
            else Span(s.start, s.end, s.text, s.fit * 0.4) for s in found if s]


def _places(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    found = [_trimmed(m, 1) for m in re.finditer(_PLACE_AT, sentence)]
    found += [_up_to(head, _trimmed(m, 0, 0.8)) for m in re.finditer(_PLACE, sentence)]
    return _with_head(found, head)


def _up_to(head: str, span: Span | None) -> Span | None:
    """Cut a place after the asked level (`禹州市钧台街道办事处燕井小学` → `…街道办事处` for 哪个街道)."""
    if span is None or not head or head not in span.text:
        return span
    at = span.text.index(head)
    level = re.match(_PLACE_UNIT, span.text[at:])
    end = at + (level.end() if level else len(head))
    return Span(span.start, span.start + end, span.text[:end], span.fit)


def _organisations(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    found = [s for s in (_trimmed(m) for m in re.finditer(_ORG, sentence)) if s and len(s.text) > 2]
    return _with_head(_joined(sentence, found, "和|与|及|、"), head)


def _joined(sentence: str, found: list[Span], links: str) -> list[Span]:
    """Join pieces that touch or are linked (`工商银行`+`许昌分行`, `民政部和人社部`, `王堃、丁同民`)."""
    merged: list[Span] = []
    for span in found:
        last = merged[-1] if merged else None
        if last and last.end <= span.start and re.fullmatch(f"(?:{links})?", sentence[last.end:span.start]):
            merged[-1] = Span(last.start, span.end, sentence[last.start:span.end], max(last.fit, span.fit))
        else:
            merged.append(span)
    return merged


def _lists(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    found = []
    for m in re.finditer(_LIST, sentence):
        start, end = m.start(), m.end()
        lead = _LIST_LEAD.match(m.group(0).split("、")[0])
        if lead and len(m.group(0).split("、")[0]) - lead.end() >= 2:
            start += lead.end()
        tail = sentence.find("等", sentence.rfind("、", start, end), end)
        end = tail if tail >= 0 else end
        items = sentence[start:end].split("、")
        fit = 1.0
        if head == "人":
            fit = 0.4 + 0.6 * sum(bool(re.fullmatch(_NAME, i)) for i in items) / len(items)
        elif head == "地方" and not _PLACES_CUE.match(sentence[end:]):
            fit = 0.4 + 0.6 * sum(bool(re.search(f"(?:{_PLACE_UNIT}|{_SITE})$", i)) for i in items) / len(items)
        found.append(Span(start, end, sentence[start:end], fit))
    return found


def _roles(sentence: str, units: tuple[str, ...], head: str) -> list[Span]:
    """Return the titles printed just before a name (`市委副秘书长、市委办公室主任蒋新`); `head` is the asked person."""
    who = re.escape(head) if head else _NAME
    found = []
    for m in re.finditer(rf"((?:[\u4e00-\u9fff]{{0,14}}?{ROLE}、?)+)(?={who})", sentence):
        titles = LEADING.sub("", m.group(1)).rstrip("、")
        start = m.end(1) - len(m.group(1).rstrip("、")) + (len(m.group(1).rstrip("、")) - len(titles))
        found.append(Span(start, start + len(titles), titles, 1.0 if head else 0.5))
    return found


_FINDERS = {
    "role": _roles,
    "number": _numbers, "time": _dates, "person": _people, "reason": _reasons,
    "list": _lists, "place": _places, "organisation": _organisations,
}
