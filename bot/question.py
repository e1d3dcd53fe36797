"""Question analysis without a language model: what kind of answer is wanted."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Checked in order: the first type whose pattern matches wins.
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("issue", re.compile(r"第几期|哪一?期|期号|那期|这期|哪天的报纸|报纸上.*(头条|标题|有哪些)")),
    ("reason", re.compile(r"为什么|为何|为啥|原因|怎么会|咋会")),
    ("person", re.compile(r"谁|哪位|什么人|叫什么名字|[长记任席理](是|叫)什么|姓名|哪个(副?[局市镇乡区县部处科]长|书记|主任|主席|记者)")),
    ("time", re.compile(r"什么时候|何时|哪年|哪一年|几月|哪天|哪一天|日期|几号|什么时间")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|哪个(地方|县|市|区|镇|乡|街道|社区|村|省|城市)|哪座")),
    ("organisation", re.compile(r"哪家|哪个(单位|部门|机构|公司|银行|企业|学校|医院|集团)|什么(单位|部门|机构)|哪些(单位|部门)")),
    ("number", re.compile(r"多少|几[个名人项次家所部分亩点条年岁天位批场种件份倍成]|第几|多大|多长|多高|多远|多久|比例|百分之|得分|总投资")),
    ("list", re.compile(r"哪些|有什么|有啥|都有|包括什么|分别是")),
    ("yesno", re.compile(r"是不是|是否|有没有|能不能|吗[？?]?$")),
)
TYPE_NAMES = {
    "issue": "哪天的报纸", "reason": "原因", "person": "人物", "time": "时间", "place": "地点",
    "organisation": "机构", "number": "数量", "list": "列举", "yesno": "是非", "overview": "定义/概况",
}
_FOLLOW_UP = re.compile(r"^(那|那么|还有|另外)?(.{1,16}?)(呢|的呢)[？?]?$")
_PRONOUN = re.compile(r"^(他|她|它|他们|她们|这个人|此人|该)")


@dataclass(frozen=True, slots=True)
class QuestionKind:
    """The answer type a question asks for, and whether it leans on the previous question."""

    kind: str
    follow_up: bool = False

    @property
    def label(self) -> str:
        """Return the Chinese name of the answer type."""
        return TYPE_NAMES[self.kind]


def classify(question: str) -> QuestionKind:
    """Tell what kind of answer a question wants (数量, 人物, 时间 …)."""
    text = question.strip()
    kind = next((name for name, pattern in _TYPES if pattern.search(text)), "overview")
    follow_up = bool(_FOLLOW_UP.match(text)) or bool(_PRONOUN.match(text))
    return QuestionKind(kind, follow_up)


def merge_follow_up(question: str, previous: str) -> str:
    """Rewrite a follow-up (`那长葛市呢？`, `他是谁`) into a full question using the previous one."""
    text = question.strip()
    short = _FOLLOW_UP.match(text)
    if short:
        return f"{short.group(2)} {previous}"
    return f"{previous} {text}"
