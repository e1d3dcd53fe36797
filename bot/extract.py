"""Find the piece of a sentence that answers a question of a given type (数量, 人物 …)."""

from __future__ import annotations

import re

_UNITS = (r"万亿元|亿元|万元|千元|元|平方公里|平方米|万平方米|立方米|亿立方米|公里|千米|米|亩|吨|%|％|个百分点|"
          r"分|名|人次|万人|人|个|项|家|所|部|件|次|场次|场|批|条|座|户|套|台|辆|倍|年|天|岁|点|支|份|册|处|宗|栋|间|张")
_CN_NUM = r"[零一二两三四五六七八九十百千万]+"
NUMBER = re.compile(rf"(?:第)?(?:\d+(?:\.\d+)?|{_CN_NUM})(?:多|余)?(?:{_UNITS})")
DATE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日(?:上午|下午|晚)?|\d{4}年")
_TITLE_NAME = re.compile(r"(?:局长|书记|主任|主席|市长|县长|区长|镇长|乡长|部长|秘书长|检察长|院长|经理|总经理|委员|"
                         r"副主席|常委|专家|负责人|局长|老师|女士|先生|同志|记者)([\u4e00-\u9fff]{2,3}?)(?=[,，。、说表介指告主出参（(等和与]|$)")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:省|市|县|区|镇|乡|村|街道办事处|街道|社区|路|站|小学|中学|园|馆|中心)")
_ORG = re.compile(r"[\u4e00-\u9fff“”]{2,24}?(?:公司|集团|银行|分行|局|委员会|委|部|中心|协会|学校|学院|医院|办公室|办|厅|院|所|站|基金会)")
_REASON = re.compile(r"(?:由于|因为|因)([^,，。;；]+)")
_LIST = re.compile(r"[\u4e00-\u9fff“”()（）·]{2,30}(?:[、][\u4e00-\u9fff“”()（）·]{2,30}){1,}(?:(?:和|及|与)[\u4e00-\u9fff“”()（）·]{2,30})?")


def _nearest(matches: list[re.Match[str]], anchors: list[int]) -> str:
    """Pick the match closest to any anchor position (a matched question term)."""
    if not matches:
        return ""
    if not anchors:
        return matches[0].group(0)
    return min(matches, key=lambda m: min(abs(m.start() - a) for a in anchors)).group(0)


def anchors_in(sentence: str, terms: list[str]) -> list[int]:
    """Return the positions in sentence where question terms occur."""
    return [m.start() for t in terms if t for m in re.finditer(re.escape(t), sentence)]


def has_kind(kind: str, sentence: str) -> bool:
    """Tell whether a sentence holds the kind of thing the question asks for."""
    return bool(short_answer(kind, sentence, [])) if kind in _EXTRACTORS else True


def short_answer(kind: str, sentence: str, terms: list[str]) -> str:
    """Return the short answer of the given kind found in the sentence, or ''."""
    extractor = _EXTRACTORS.get(kind)
    return extractor(sentence, anchors_in(sentence, terms)) if extractor else ""


def _number(sentence: str, anchors: list[int]) -> str:
    return _nearest(list(NUMBER.finditer(sentence)), [a + 4 for a in anchors])


def _date(sentence: str, anchors: list[int]) -> str:
    return _nearest(list(DATE.finditer(sentence)), anchors)


def _person(sentence: str, anchors: list[int]) -> str:
    matches = list(_TITLE_NAME.finditer(sentence))
    if not matches:
        return ""
    best = min(matches, key=lambda m: min((abs(m.start() - a) for a in anchors), default=0))
    return best.group(1)


def _reason(sentence: str, anchors: list[int]) -> str:
    match = _REASON.search(sentence)
    return match.group(0) if match else ""


def _list(sentence: str, anchors: list[int]) -> str:
    return _nearest(list(_LIST.finditer(sentence)), anchors)


def _place(sentence: str, anchors: list[int]) -> str:
    return _nearest(list(_PLACE.finditer(sentence)), anchors)


def _org(sentence: str, anchors: list[int]) -> str:
    return _nearest(list(_ORG.finditer(sentence)), anchors)


_EXTRACTORS = {
    "number": _number, "time": _date, "person": _person, "reason": _reason,
    "list": _list, "place": _place, "organisation": _org,
}
