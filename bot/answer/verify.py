"""Verify before answering: what the question names must be printed in the article that answers it.

A question that changes one detail of a report (another ordinal, year or number, another person or
place) finds the report all the same; the detail it changed is what the report does not print.
So the decision to answer weighs how much of the question's key words the chosen article lacks and
whether a number of the question is missing from it (compared by value: bot.answer.quantities), and
a refusal says what was not found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.answer import quantities
from bot.answer.matching import CJK_WORD, Matcher
from bot.answer.names import proper_pairs
from retrieval import Article, day_label, full_days, normalise, visible_chars


@dataclass(frozen=True, slots=True)
class Check:
    """What of the question the article does not print: key words (with their weight share) and numbers."""

    words: tuple[str, ...]  # rarest first
    share: float
    numbers: tuple[str, ...]
    rarest: float = 0.0  # the weight of the rarest missing word over the rarest word's: a swapped name
    chars: float = 0.0  # the share of the question's content characters the article does not print
    names: tuple[str, ...] = ()  # the names the question asks about that the article does not print
    # of the names it does not print, the largest share of a name's character pairs not printed either:
    # the tagger glues a character to a name (狄托于) and readers shorten one (伦大学院), a near miss
    # swaps in a name none of whose pairs is printed
    name_gap: float = 0.0

    @property
    def missing(self) -> tuple[str, ...]:
        """Return every missing piece, names and numbers first; a piece inside another (a word of a missing name,
        县长 of 副县长) is not repeated."""
        pieces = tuple(dict.fromkeys((*self.names, *self.numbers, *self.words)))
        return tuple(p for p in pieces if not any(p != other and p in other for other in pieces))


PHOTO_WORDS = "照片 图片"  # what a photo prints besides its caption


def article_text(article: Article) -> str:
    """Return everything an article prints: headlines, kicker, sub-headlines and body, without spaces; a photo
    also prints a photo (`那张照片…` asks nothing its caption must say)."""
    shown = PHOTO_WORDS if article.kind == "photo" else ""
    return visible_chars(" ".join((*article.kicker, article.headline, *article.subheadlines, article.text, shown)))


# Words that exclude one another where they stand (a level, a sector, a prize): a question about the
# 国家级 projects of a report of 省级、市级 ones, or about the 服务业 firms of one about 工业 firms, is a
# near miss that changes one detail. Curated for the paper's news language; the single characters
# (省, 市) are nearly always printed, so of that group only 国家 can be missing.
CONTRASTS = (("国家级", "省级", "市级", "县级", "区级", "乡级", "镇级", "村级"), ("国家", "省", "市", "县"),
             ("全国", "全省"), ("工业", "农业", "服务业", "建筑业"),
             ("生活", "工业", "农业", "生态"),  # what water, power or waste is for: 生活供水, 工业用电, 生态用水
             ("城市", "农村"), ("城镇", "乡村"),
             ("一等奖", "二等奖", "三等奖", "特等奖", "优秀奖"), ("金奖", "银奖", "铜奖"), ("金牌", "银牌", "铜牌"),
             ("冠军", "亚军", "季军"), ("男子", "女子"), ("小学", "初中", "高中", "大学"),
             ("省长", "市长", "县长", "区长", "镇长", "乡长", "村长"))  # 科技副县长 asked, 科技副镇长 printed
_CONTRAST_WORDS = frozenset(w for group in CONTRASTS for w in group)
SLOT_GAP = 6  # characters between the other word and the question's neighbouring ones: 省级、市级重点项目
_SLOT_SIDE = 2
_MARKS = re.compile(r"[“”‘’\"'《》「」〈〉]")
_PERIOD = re.compile(r"[上下]半年|(?:第|前)?[一二三四1-4]季度|[上中下]旬")


def check(question: str, key: Matcher, article: Article, chars: frozenset[str] = frozenset(),
          names: tuple[str, ...] = (), printed_on: dt.date | None = None,
          frame: Mapping[str, float] | None = None) -> Check:
    """Tell which of the question's key words, names, numbers and content characters the article does not
    print (a name counts where the paper's own form of it is printed: 我市 for 许昌, a partner).

    The issue's date is printed with the article: `2021年` in a question is no missing number for a
    report of an issue of 2021 that only says `2月23日`. A key word weighs less by how often such a word
    goes unprinted where the answer is (`frame`, fitted: 朝代 in `哪个朝代`, 时候): its absence says
    little, while the word a near miss swaps in weighs in full.
    """
    text = article_text(article)
    dated = text + (day_label(printed_on) if printed_on else "")
    printed = set(text)
    frame = frame or {}
    # a character of a frame word only (代 of 朝代) weighs as little as that word
    weighs = {c: 1.0 - max((frame.get(t, 0.0) for t in key.weights if c in t), default=0.0) for c in sorted(chars)}
    whole = sum(weighs.values())
    unprinted = sum(w for c, w in weighs.items() if c not in printed) / whole if whole > 0 else 0.0
    found = key.found(text)
    weights = {t: w * (1.0 - frame.get(t, 0.0)) for t, w in key.weights.items()}
    # rarest first: a refusal names what tells the reports apart (王大伟), not the frame (时候, 一种)
    words = tuple(sorted((t for t in weights if t not in found), key=lambda t: -weights[t]))
    absent = quantities.missing(normalise(question), dated) + _periods_missing(question, text) \
        + _contrasts_missing(normalise(question), text)
    top, total = max(weights.values(), default=0.0), sum(weights.values())
    rarest = max((weights[t] for t in words), default=0.0) / top if top > 0 else 0.0
    share = sum(weights[t] for t in words) / total if total > 0 else 0.0
    lost = tuple(n for n in names if not key.spans(n, text))
    gap = max((_unprinted_pairs(n, text) for n in lost), default=0.0)
    return Check(words, share, absent, rarest, unprinted, lost, gap)


_MONTH = re.compile(r"(?<![\d年])(\d{1,2}|[一二三四五六七八九十]{1,2})月份")


def _periods_missing(question: str, text: str) -> tuple[str, ...]:
    """Return the parts of the year a question asks (`下半年`, `一季度`, `10月份…考核`) that the report does not
    print: a detail like a number, a report of another part being no answer. A month must be printed as a
    month: an issue of October dates a report of 9月份's figures, and its dateline's `10月10日` is a day."""
    parts = [p for p in dict.fromkeys(_PERIOD.findall(question)) if p not in text]
    months = [f"{m}月份" for m in dict.fromkeys(_MONTH.findall(question))
              if not re.search(rf"(?<![\d年]){m}月(?:份|(?![\d一二三四五六七八九十]+[日号]))", text)]
    return tuple(parts + months)


def _contrasts_missing(question: str, text: str) -> tuple[str, ...]:
    """Return the words of CONTRASTS the question names that the report does not print, where it prints
    another of the same group in their place: beside the question's two characters after the word (or
    before it), at most SLOT_GAP characters away (`国家级重点项目` asked, `省级、市级重点项目` printed).
    A report that prints the word anywhere is not judged here: readers word its neighbours their own way
    (`建成的村级新时代文明实践站` for `建成村级实践站`)."""
    question, text = _MARKS.sub("", question), _MARKS.sub("", text)  # 全国“人民满意的…” is 全国人民满意的…
    out = []
    for group in CONTRASTS:
        for word in group:
            at = question.find(word)
            if at < 0 or word in out or word in text or any(
                    word in longer and longer in question for longer in _CONTRAST_WORDS if longer != word):
                continue  # 国家 of 国家级 is that word's; 工业 of two groups is named once
            after, before = (_slot(question[at + len(word):at + len(word) + _SLOT_SIDE]),
                             _slot(question[max(0, at - _SLOT_SIDE):at]))
            if (after or before) and any(_in_slot(other, after, before, text) for other in group if other != word):
                out.append(word)
    return tuple(out)


def _slot(neighbours: str) -> str:
    """Return the question's characters beside a word when they can mark its place (two Chinese ones), else ''."""
    return neighbours if len(neighbours) == _SLOT_SIDE and CJK_WORD.match(neighbours) else ""


def _in_slot(other: str, after: str, before: str, text: str) -> bool:
    """Tell whether text prints `other` with the question's neighbouring characters (those given) beside it."""
    for m in re.finditer(re.escape(other), text):
        if after and after in text[m.end():m.end() + SLOT_GAP + _SLOT_SIDE]:
            return True
        if before and before in text[max(0, m.start() - SLOT_GAP - _SLOT_SIDE):m.start()]:
            return True
    return False


def _unprinted_pairs(name: str, text: str) -> float:
    """Return the share of a name's character pairs (its one character, when that is all) not in text; the
    ending that says its kind (市 of 信阳市) is not counted."""
    pairs = proper_pairs(name) or [name]
    return sum(p not in text for p in pairs) / len(pairs)


def another_year(question: str, quote: str) -> tuple[str, str] | None:
    """Return the full date a question names and the one its quote prints instead, where the quote prints the
    same month and day of another year (`2018年6月29日…推进会` asked, `2020年6月29日,在…推进会上` quoted): the
    report is of another year's event. None where the quote prints the asked date or no such other one."""
    printed = full_days(visible_chars(quote))
    for asked, day in full_days(normalise(question)):
        if any(value == day for _, value in printed):
            continue
        other = next((text for text, value in printed if (value.month, value.day) == (day.month, day.day)), None)
        if other is not None:
            return asked, other
    return None
