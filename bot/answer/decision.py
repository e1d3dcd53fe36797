"""What the decision to answer is judged by: the best candidate and its margin, the question's words, and
what of the question the chosen article does not print (bot.answer.verify). The fitted answer model of
bot.answer.model weighs these features; the old hand thresholds are hinge features among them."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from bot.answer.align import ASKING, BREAK
from bot.answer.choose import Candidate, HitLike, typed
from bot.answer.matching import CJK_WORD, Matcher
from bot.answer.names import name_pairs
from bot.answer.question import QuestionKind
from bot.answer.quantities import CN_NUMERALS
from bot.answer.verify import Check, article_text
from retrieval import Article, normalise

MAX_KEY_WORDS = 6  # the count of key words is a feature up to this many
FEATURE_DIGITS = 9
THIN_COVERAGE, THIN_KEY = 0.45, 0.3  # where the hinge features of the decision start (and PIECE_FIT)
SWAP_SIDE = 2  # characters of the question on each side of an unprinted word, found around it in the quote
SWAP_EXTRA = 3  # the quote's word there may be this many characters longer than the question's


def decision_features(kind: QuestionKind, every: Sequence[Candidate], hits: Sequence[HitLike], coverage: float,
                      weights: Mapping[str, float], key_words: Mapping[str, float], checked: Check,
                      people: tuple[str, ...] = (), question: str = "") -> dict[str, float]:
    """Return what the decision to answer is judged by: the best candidate, its margin, the question's words,
    and what of the question the chosen article does not print (question: the text searched)."""
    best = every[0]
    runner = next((c for c in every[1:] if c.quote != best.quote), None)
    total = sum(key_words.values()) or 1.0
    unknown = sum(w for t, w in key_words.items() if not weights.get(t.lower())) / total
    features = {"best": best.score, "margin": best.score - runner.score if runner else 5.0, "coverage": coverage,
            "key": best.key_cover, "fit": best.fit, "typed": float(typed(kind)),
            "bm25": math.log1p(max(float(hits[0].score), 0.0)), "unknown": unknown,
            "terms": min(len(key_words), MAX_KEY_WORDS) / MAX_KEY_WORDS, "absent": checked.share,
            "rarest": checked.rarest, "unprinted": checked.chars,
            "numbers": float(bool(checked.numbers)), "names": float(bool(checked.names)), "name_gap": checked.name_gap,
            # a name the article lacks that other reports print: the question is about another one of them
            "elsewhere": float(any(archived(n, weights) for n in checked.names)),
            "person": float(any(n in people for n in checked.names)),  # a person the article never names
            # the old hand rules, as features whose weight is fitted: too little of the question in the
            # best passages or in the quote, or no piece of the asked kind where that kind is found reliably
            "thin": max(0.0, THIN_COVERAGE - coverage) / THIN_COVERAGE,
            "off": max(0.0, THIN_KEY - best.key_cover) / THIN_KEY,
            "unnamed": float(bool(kind.head or kind.units) and best.fit < 1.0),
            # the quote prints another word where the question has one the quote lacks
            "swapped": swapped(question, [w for w in key_words if w not in best.quote], best.quote)}
    # a sum's last bit can depend on the order of a set: the trees split between values that close, and a refit
    # in another process would move a split and the threshold
    return {n: round(v, FEATURE_DIGITS) for n, v in features.items()}


# a count asked right before the word (`由几位大学毕业生创立`): the quote's number in the same counting word stands
# where the asking word does, and what it counts may carry a longer description (`两位具有…经验的下岗人员创立`)
_ASKED_COUNT = re.compile(r"(?:几|多少)([位名个人家项所座条种件批户])$")
COUNTED_GAP = 16


def _counted_swap(before: str, word: str, right: str, quote: str) -> float:
    """Return the share of a counted word's characters missing from what the quote's count of the same
    counting word counts, before the question's next words (0 where the question asks no count before it)."""
    asked = _ASKED_COUNT.search(before)
    if asked is None:
        return 0.0
    most = 0.0
    for m in re.finditer(rf"(?:\d+|[{CN_NUMERALS}]+){asked.group(1)}", quote):
        k = quote.find(right, m.end(), m.end() + len(word) + COUNTED_GAP)
        gap = quote[m.end():k] if k >= 0 else ""
        if gap and not BREAK.search(gap):
            most = max(most, sum(c not in gap for c in word) / len(word))
    return most


def _run(text: str, at: int, missing: Sequence[str]) -> str:
    """Return the missing words printed one after another in the question from `at`."""
    end = at
    while (word := next((w for w in missing if w and text.startswith(w, end)), "")):
        end += len(word)
    return text[at:end]


def swapped(question: str, missing: Sequence[str], quote: str) -> float:
    """Tell how plainly the quote prints another word where the question has one it lacks, between words both
    print (`规模以上服务业企业` asked, `规模以上工业企业` printed: a near miss swapping one detail): the share
    of the question's word's characters the quote's word lacks, the most of any such word (0: none).

    A reader's paraphrase keeps characters (第一座 for 第一批, 投考 for 报考, 大多 for 大部分: measured on
    DRCD dev, where a swap without shared characters is several times likelier in a near miss)."""
    text = normalise(question)
    most = 0.0
    for word in missing:
        at = text.find(word)
        if at < 0 or not CJK_WORD.match(word) or ASKING.fullmatch(word):  # the asking word sits where the answer does
            continue
        left = BREAK.split(text[:at])[-1][-SWAP_SIDE:]
        right = BREAK.split(text[at + len(word):])[0][:SWAP_SIDE]
        phrase = _run(text, at, missing)  # 大学毕业生 of the missing 大学 and 毕业生
        after = BREAK.split(text[at + len(phrase):])[0][:SWAP_SIDE]
        if len(after) == SWAP_SIDE and not ASKING.search(after):
            most = max(most, _counted_swap(text[:at], phrase, after, quote))
        if len(left) < SWAP_SIDE or len(right) < SWAP_SIDE or ASKING.search(left) or ASKING.search(right):
            continue
        start = quote.find(left)
        while start >= 0:
            end = start + len(left)
            k = quote.find(right, end, end + len(word) + SWAP_EXTRA + len(right))
            gap = quote[end:k] if k >= 0 else ""
            if gap and not BREAK.search(gap):
                most = max(most, sum(c not in gap for c in word) / len(word))
            start = quote.find(left, start + 1)
    return most


def archived(name: str, weights: Mapping[str, float]) -> bool:
    """Tell whether the archive prints a name of the question, as a term or every two characters of it."""
    if weights.get(name.lower(), 0.0) > 0:
        return True
    pairs = name_pairs(name.lower())
    return bool(pairs) and all(weights.get(p, 0.0) > 0 for p in pairs)


def strangers(names: Sequence[str], weights: Mapping[str, float], article: Article) -> tuple[str, ...]:
    """Return the names of the question the whole archive never prints (`is_stranger`) that the chosen
    article does not print as a variant either (医联体: 医疗联合体); its text is read only for such a name."""
    unprinted = [n for n in names if is_stranger(n, weights)]
    text = article_text(article) if unprinted else ""
    return tuple(n for n in unprinted if not Matcher({n: 1.0}).spans(n, text))


def is_stranger(name: str, weights: Mapping[str, float]) -> bool:
    """Tell whether the whole archive never prints a name, not even two characters of it (`平顶山段` where the
    paper reports only 许昌段): a question about it is about something the archive lacks, however well the
    rest of it matches. A pair the search did not weigh leaves a name undecided; a word in Latin letters
    (km) is no name."""
    pairs = name_pairs(name.lower())
    return bool(CJK_WORD.match(name) and pairs and all(p in weights and weights[p] <= 0 for p in pairs)
                and not weights.get(name.lower(), 0.0))
