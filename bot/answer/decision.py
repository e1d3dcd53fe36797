"""What the decision to answer is judged by: the best candidate and its margin, the question's words, and
what of the question the chosen article does not print (bot.answer.verify). The fitted answer model of
bot.answer.model weighs these features; the old hand thresholds are hinge features among them."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from bot.answer.choose import Candidate, HitLike, typed
from bot.answer.matching import Matcher
from bot.answer.names import name_pairs
from bot.answer.question import QuestionKind
from bot.answer.verify import Check, article_text
from retrieval import Article

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
MAX_KEY_WORDS = 6  # the count of key words is a feature up to this many
FEATURE_DIGITS = 9
THIN_COVERAGE, THIN_KEY = 0.45, 0.3  # where the hinge features of the decision start (and PIECE_FIT)


def decision_features(kind: QuestionKind, every: Sequence[Candidate], hits: Sequence[HitLike], coverage: float,
                      weights: Mapping[str, float], key_words: Mapping[str, float], checked: Check,
                      people: tuple[str, ...] = ()) -> dict[str, float]:
    """Return what the decision to answer is judged by: the best candidate, its margin, the question's words,
    and what of the question the chosen article does not print."""
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
            "elsewhere": float(any(_archived(n, weights) for n in checked.names)),
            "person": float(any(n in people for n in checked.names)),  # a person the article never names
            # the old hand rules, as features whose weight is fitted: too little of the question in the
            # best passages or in the quote, or no piece of the asked kind where that kind is found reliably
            "thin": max(0.0, THIN_COVERAGE - coverage) / THIN_COVERAGE,
            "off": max(0.0, THIN_KEY - best.key_cover) / THIN_KEY,
            "unnamed": float(bool(kind.head or kind.units) and best.fit < 1.0)}
    # a sum's last bit can depend on the order of a set: the trees split between values that close, and a refit
    # in another process would move a split and the threshold
    return {n: round(v, FEATURE_DIGITS) for n, v in features.items()}


def _archived(name: str, weights: Mapping[str, float]) -> bool:
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
    return bool(_CJK.match(name) and pairs and all(p in weights and weights[p] <= 0 for p in pairs)
                and not weights.get(name.lower(), 0.0))
