"""The units a number question asks in, and how a figure of them is asked.

A measure word (几支, 多少亩) names its unit and the words printed for it (多少人: 人, 名, 位); a phrase implies
one (多少钱: 元, 多大面积: 平方, 供了多少水: 立方, 排第几: 第); a share is printed as %, 成 or 分之 (多少比例,
多少百分比); a phone number as a run of digits. bot.answer.question reads the answer type with these patterns.
"""

from __future__ import annotations

import re

# 多大, 多高 … asking a measure: not the 多 of 许多, 很多, 多伦多
HOW = r"(?<![许很诸众伦较更最居过太好])多"
# a count named by its measure word and 数, as keywords end (人数, 期数, 个数: 电商培训班 期数)
COUNT_NOUN = r"([人个期次户家件场批项名届所])数"
# a place in a ranking (排第几, 排老几, 排名第几, 居全市第几位): answered by the ordinal printed (第1位, 第五)
RANKED = r"排(?:名|在)?(?:第几|老几)|第几名|第几位|(?:名列|位居|位列|居)\S{0,3}第几"
# how someone did in a scored assessment (考得咋样, 考核成绩怎么样): answered by the score printed
HOW_SCORED = r"(?:考|评|考核|考评|得分|成绩)[得的了]?(?:怎么样|咋样|如何|怎样)|考了个?(?:什么|啥)成绩"

# a share asked (多少比例, 多少百分比): the unit it is printed in (95%), not a thing printed beside the number
# nor a word the report must print
_SHARE_WORDS = r"比例|比重|百分比?|占比|份额|比率"
SHARE_WORD = re.compile(_SHARE_WORDS)

# Measure words a question may ask in (几支, 多少亩), and the units an answer may print for them.
MEASURE_WORDS = r"平方公里|平方米|公里|千米|人次|个百分点|个人|[个名人项次家所部分亩点条年岁天位批场种件份倍成支户套台辆座元吨米届期轮季回]"
# the magnitude a number is asked in after 多少 or 几 (多少万人); 多少百分比 asks a share: 百分 is no hundred 分
MAGNITUDE = r"(?!百分[比之])(?:万|亿|千|百)?"
_MEASURE = re.compile(rf"(?:多少|几|第几){MAGNITUDE}({MEASURE_WORDS})")
MEASURE_ONLY = re.compile(MEASURE_WORDS)  # 多少人: 人 is the unit asked in, not a thing counted
_SAME_UNIT = {"人": ("人", "名", "位"), "个人": ("人", "名", "位"), "名": ("名", "人", "位"), "位": ("位", "名", "人"),
              "个": tuple("个家所项座条支批种件户套台辆处栋间张部名人位次场"), "回": ("次", "场", "回"),
              "家": ("家", "个"), "所": ("所", "个"), "连": ("连冠",)}
_STREAK = re.compile(r"连[着续]\S{0,6}?几[回次届]")  # 连着拿了几回: a streak (三连冠), not 一场
PHONE = "电话号码"  # the unit of a phone number asked: digits printed as one (0374-5123456, 12345), no measure word
_IMPLIED_UNITS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(RANKED), ("第",)),  # 总额在全市排老几: an ordinal (第1位, 第五), not a sum
    (re.compile(r"(?:电话|热线|号码|手机号?)(?:是|为)?多少"), (PHONE,)),  # 报名电话是多少: a phone number, not 50名
    # a share (多少百分比的产值: a share of the output, not a sum)
    (re.compile(r"比例|比重|百分之|百分比|占比|[率]是?多少"), ("%", "％", "成", "分之")),
    # a sum of money asked, also across a short verb (资金发了多少, 补贴发放了多少); not a count (投资了多少个项目)
    # nor a change (收入增长了多少: a rate as often as a sum)
    (re.compile(r"多少钱|多少资金|(投资|投入|花了?|资金|金额|产值|利税|奖金|工资|薪水|收入|价格|价钱|票价|费用|成本|预算|"
                r"税收|营收|利润|存款|贷款|捐款|补贴|补助|罚款)(?:(?![增降减涨提])[^多少几，,。？?]){0,3}多少(?![个名人家项次所位条批件种户套台辆])"
                r"|总投资|总值|总额|金额|产值"), ("元",)),
    (re.compile(rf"{HOW}[长远]|全长|长度"), ("公里", "千米", "米")),
    (re.compile(rf"{HOW}大(?!年纪|岁|的?(?:{_SHARE_WORDS}))|面积"), ("平方", "亩", "公顷")),  # 多大比例: a share
    (re.compile(rf"{HOW}高"), ("米",)),
    (re.compile(r"多久|多长时间"), ("年", "个月", "天", "小时", "分钟")),
    (re.compile(rf"得分|考[了核]?(多少|几)|多少分|{HOW_SCORED}"), ("分",)),
    (re.compile(r"多大(?:岁数|年纪|年龄)|[几多少]+岁|年龄"), ("岁",)),
    (re.compile(r"几连"), ("连冠", "连")),
    # a quantity of a substance is printed in its measure (供了多少水 → 亿立方米, 用了多少电 → 千瓦时)
    (re.compile(r"多少方?水(?![平果库利费价])|[供用调输引蓄排]水量?.{0,2}多少|水量"), ("立方", "方", "吨")),
    (re.compile(r"多少度?电(?![话视脑影子商梯器网价费池站])|[用发供]电量?.{0,2}多少|电量"), ("千瓦时", "度", "瓦")),
    (re.compile(r"降[雨水雪]量?|雨量|多少雨(?!伞)|多少雪"), ("毫米", "厘米")),
    (re.compile(r"多少粮食?|粮食?产量"), ("吨", "斤", "公斤")),
)


def asks_share(question: str) -> bool:
    """Tell whether a number question asks for a share (`占全省多少比例`: 95%, 四分之三)."""
    return "%" in asked_units(question)


def asked_units(question: str) -> tuple[str, ...]:
    """Return the units a number answering the question may print (empty: any unit)."""
    if _STREAK.search(question):
        return ("连冠",)
    measure = _MEASURE.search(question)
    if measure:
        unit = measure.group(1)
        return _SAME_UNIT.get(unit, (unit,))
    implied = next((units for pattern, units in _IMPLIED_UNITS if pattern.search(question)), ())
    counted = re.search(rf"{COUNT_NOUN}(?:是|有|为)?(?:多少)?[？?]?$", question) if not implied else None
    return _SAME_UNIT.get(counted.group(1), (counted.group(1),)) if counted else implied


def ends_measured(keywords: str) -> bool:
    """Tell whether words with no asking word end in an attribute whose figure has a unit (年龄 in 岁, 面积)."""
    bare = keywords.rstrip("？?。.！! ")
    # (not the first, a ranking's `排老几`: it holds an asking word, which keywords lack)
    return any(m.end() == len(bare) for pattern, _ in _IMPLIED_UNITS[1:] for m in pattern.finditer(bare))
