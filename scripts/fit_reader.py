"""Fit the short-answer reader (bot/answer/reader.py) from the quotes the answer path chose.

A fitting question counts when its chosen quote holds a gold answer: every phrase of that quote is
a candidate, credited 1 when it is a gold answer (or, when none is, the closest to a gold answer's
length of the phrases the evaluation's rule `short_right` accepts) and LOOSE when that rule accepts
it only because it forgives a few characters too many (`检察长张桂平等`). Two scores are fitted and
summed: a conditional logit (the credited softmax share maximised, L2, L-BFGS from zero), kept at
BLEND of its size, and a forest of regression trees (LightGBM's lambdarank, deterministic) ranking the
right phrases of a quote over the others; a feature seen in fewer than MIN_SEEN questions is left out.
`shown` is the share above which the reader's phrase is shown, the one that gains most when a right
short answer counts 1 and a wrong one costs WRONG_COST (the quote beside it still shows the proof).
Also here: the table of what kind of name answers a noun a question asks about (`head_tags`), one of
the reader's features.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from open_sets import FIT_SET, nfkc_bare, read_set, short_right
import lightgbm
from scipy import sparse
from scipy.optimize import minimize

from bot.answer.forest import Forest, PhraseWeights
from bot.answer.names import asked_head, tagger_words
from bot.answer.phrases import Phrase
from bot.answer.reader import candidates, reading, reads

MIN_SEEN = 3
# The trees: LightGBM's lambdarank, a right phrase ranked over the others of its quote. 63 leaves a tree:
# 5-fold by article on DRCD dev and the tuned seeds, the right phrase first for 0.826 of the quotes (31
# leaves 0.819, 15 leaves 0.798); with BLEND of the linear score added, 0.823 against 0.813 for the trees
# alone and 0.790 for the linear score alone (three folds of session 26; README). Two threads whatever the machine, a fixed seed, deterministic: `make
# train` refits the same trees (one thread fits them alike, to 1e-15, in twice the time).
# Each tree sees half the features (session 36, 5 folds by article, the right phrase first over the quotes holding the
# answer: 0.788 → 0.792 with half, 0.790 with 0.8 and 50 phrases a leaf; golds of 17 characters or more 0.46 → 0.60):
# thousands of sparse lexical features, and trees that split on fewer of them generalise better.
FOREST = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 63, "min_data_in_leaf": 20,
          "feature_fraction": 0.5, "feature_fraction_seed": 0,
          "lambdarank_truncation_level": 10, "deterministic": True, "force_row_wise": True, "num_threads": 2,
          "seed": 0, "verbose": -1}
ROUNDS = 300
L2 = 1.0
BLEND = 0.25
WRONG_COST = 0.5
SHOWN_TIE = 0.002  # smoothed gains this close to the best (a share of it) count as alike
LOOSE = 0.25
RELEVANCE = {1.0: 2, LOOSE: 1, 0.0: 0}  # a gold phrase, one the evaluation forgives, a wrong one
DIGITS = 4
# Run to the optimum, not until a step gains little: the default stop left weights along nearly collinear
# features (number:first:q beside wh:多少:first:q) 1e-3 apart on an Intel and an AMD machine, and the saved
# model no longer matched a refit; to the optimum, two starts agree to 1e-6 (15 s where 7 s was spent).
CONVERGED = {"maxiter": 20000, "maxcor": 30, "gtol": 1e-10, "ftol": 0.0}
# An asked noun's answers name one kind (a place, a person …) when at least MIN_SHARE of MIN_ASKED or
# more answers are that kind: 哪个国家 (89 of 105 places); 哪种东西 is no kind of name.
HEAD_TAGS = frozenset({"PER", "LOC", "ORG", "TIME", "nz"})
MIN_ASKED, MIN_SHARE = 3, 0.6
CONTEXT_CHARS = 30


@dataclass(frozen=True, slots=True)
class Reading:
    """One fitting question's quote read into phrases, which of them are right, and how much it counts."""

    phrases: tuple[Phrase, ...]
    right: tuple[float, ...]  # each phrase's credit: 1 a gold answer, LOOSE one the evaluation forgives
    weight: float


def readings(rows: Sequence[tuple[str, str, str, str, tuple[str, str], tuple[str, ...], float]],
             head_tags: dict[str, str]) -> list[Reading]:
    """Read each (kind, question, quote, rule answer, sentences around, gold answers, weight) into the
    phrases the reader chooses among (the quote's and its neighbours', bot.answer.reader.candidates)."""
    found = []
    for kind, question, quote, rule, around, golds, weight in rows:
        about = reading(kind, question, head_tags)
        if not reads(kind, about):
            continue
        options = tuple(candidates(about, quote, rule, around)[0])
        tight = tightest(options, golds)
        found.append(Reading(options, tuple(1.0 if t else LOOSE if short_right(p.text, golds) else 0.0
                                            for p, t in zip(options, tight)), weight))
    return found


def tightest(candidates: Sequence[Phrase], golds: Sequence[str]) -> tuple[bool, ...]:
    """Mark the phrases that are a gold answer; where none is, the right ones closest to a gold's length.

    The evaluation's rule forgives a few characters too many (`检察长张桂平等` for 张桂平): learning from
    it as it is would teach the reader loose phrases.
    """
    bare = {nfkc_bare(g) for g in golds}
    exact = tuple(nfkc_bare(p.text) in bare for p in candidates)
    if any(exact):
        return exact
    off = [min(abs(len(p.text) - len(g)) for g in bare) if short_right(p.text, golds) else None for p in candidates]
    least = min((o for o in off if o is not None), default=None)
    return tuple(o is not None and o == least for o in off)


def fit_reader(found: Sequence[Reading], say=print) -> tuple[Forest, float]:
    """Return the reader's phrase scorer (LightGBM lambdarank trees plus a linear score) and its `shown` share."""
    usable = [r for r in found if any(r.right)]
    seen = Counter(n for r in usable for n in {n for p in r.phrases for n in p.features})
    names = sorted(n for n, c in seen.items() if c >= MIN_SEEN)
    x = _matrix(found, names)
    held = np.repeat([any(r.right) for r in found], [len(r.phrases) for r in found])  # the quotes it learns from
    credit = np.array([c for r in found for c in r.right])[held]
    sizes = [len(r.phrases) for r in usable]
    weight = np.array([r.weight for r in usable])
    linear = fit_linear(x[held], credit, sizes, weight)
    say(f"reader's linear score: {len(names)} features")
    data = lightgbm.Dataset(x[held], np.array([RELEVANCE[c] for c in credit]), group=sizes,
                            weight=np.repeat(weight, sizes), params={"verbose": -1, "feature_pre_filter": False})
    booster = lightgbm.train(FOREST, data, num_boost_round=ROUNDS)
    base = PhraseWeights({n: round(float(BLEND * w), DIGITS) for n, w in zip(names, linear) if round(float(BLEND * w), DIGITS)})
    forest = forest_of(booster.dump_model(), names, base)
    # every phrase's score: LightGBM's own walk of the same trees (five times faster than the answer path's,
    # which scores one quote at a time) plus the linear part
    shown = best_share(found, booster.predict(x) + x @ np.array([base.weights.get(n, 0.0) for n in names]))
    say(f"reader: {len(usable)} quotes holding a right phrase, of {len(found)}; {len(base.weights)} linear weights "
        f"and a forest of {len(forest.roots)} trees over {len(forest.features)} of {len(names)} features; "
        f"shown at share ≥ {shown}")
    return forest, shown


def _matrix(found: Sequence[Reading], names: Sequence[str]) -> sparse.csr_matrix:
    """Return every quote's phrases (a row each, in order) by the named features."""
    index = {n: i for i, n in enumerate(names)}
    rows, cols, values = [], [], []
    count = 0
    for quote in found:
        for phrase in quote.phrases:
            for name, value in phrase.features.items():
                if name in index:
                    rows.append(count)
                    cols.append(index[name])
                    values.append(value)
            count += 1
    return sparse.csr_matrix((values, (rows, cols)), shape=(count, len(names)))


def fit_linear(x: sparse.csr_matrix, credit: np.ndarray, sizes: Sequence[int], weight: np.ndarray) -> np.ndarray:
    """Return the weights of a conditional logit: a softmax over each quote's phrases, the right ones' share
    (by their credit) maximised, with L2."""
    gid = np.repeat(np.arange(len(sizes)), sizes)
    count = len(sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        with np.errstate(divide="ignore", invalid="ignore"):  # a wild line-search step: inf, and L-BFGS steps back
            s = x @ w
            top = np.full(count, -np.inf)
            np.maximum.at(top, gid, s)
            e = np.exp(s - top[gid])
            every, right = np.bincount(gid, e, count), np.bincount(gid, e * credit, count)
            value = -float(weight @ np.log(right / every)) + 0.5 * L2 * float(w @ w)
            grad = x.T @ (weight[gid] * (e / every[gid] - e * credit / right[gid])) + L2 * w
            return value, grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options=CONVERGED).x


def forest_of(dumped: dict, names: Sequence[str], base: PhraseWeights | None = None) -> Forest:
    """Flatten LightGBM's dumped trees into a Forest over the features they read (values rounded), plus the
    linear score `base`."""
    used = sorted({node["split_feature"] for tree in dumped["tree_info"] for node in _splits(tree["tree_structure"])})
    column = {f: i for i, f in enumerate(used)}
    roots, feature, threshold, left, right, value = [], [], [], [], [], []

    def flat(node: dict) -> int:
        if "leaf_value" in node:
            value.append(round(float(node["leaf_value"]), DIGITS + 2))
            return ~(len(value) - 1)
        if node["decision_type"] != "<=" or node["missing_type"] not in ("None", "NaN"):
            raise ValueError(f"a split the reader's forest cannot evaluate: {node['decision_type']} {node['missing_type']}")
        at = len(feature)
        feature.append(column[node["split_feature"]])
        threshold.append(float(f"{float(node['threshold']):.9g}"))
        left.append(0)
        right.append(0)
        left[at] = flat(node["left_child"])
        right[at] = flat(node["right_child"])
        return at

    for tree in dumped["tree_info"]:
        roots.append(flat(tree["tree_structure"]))
    return Forest(tuple(names[f] for f in used), np.array(roots, dtype=np.int64), np.array(feature, dtype=np.int64),
                  np.array(threshold), np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), np.array(value),
                  base or PhraseWeights())


def _splits(node: dict) -> list[dict]:
    """Return a dumped tree's split nodes."""
    if "leaf_value" in node:
        return []
    return [node, *_splits(node["left_child"]), *_splits(node["right_child"])]


def best_share(found: Sequence[Reading], scores: np.ndarray) -> float:
    """Return the softmax share from which showing the reader's phrase gains most (see WRONG_COST); under
    it the rule finders' piece is shown, which gains or costs alike when there is one. `scores`: every
    quote's phrases' scores, in order."""
    picks = []
    at = 0
    for quote in found:
        mine = scores[at:at + len(quote.phrases)]
        at += len(quote.phrases)
        best = int(np.argmax(mine)) if len(mine) else -1  # the first of the best, as the reader takes it
        share = float(1.0 / np.exp(mine - mine[best]).sum()) if len(mine) else 0.0
        rule = next((r for p, r in zip(quote.phrases, quote.right) if p.features.get("rule")), None)
        picks.append((share, _gain(best >= 0 and quote.right[best] > 0), 0.0 if rule is None else _gain(rule > 0),
                      quote.weight))
    grid = np.round(np.arange(0.0, 0.91, 0.05), 2)
    gain = np.array([sum(w * (shown if share >= t else kept) for share, shown, kept, w in picks) for t in grid])
    # the curve is flat near its top (0.15, 0.20 and 0.25 gained alike): each share is judged with its
    # neighbours, so a refit moves the pick to the middle of the plateau, not from one edge to the other
    smooth = np.convolve(np.pad(gain, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    # and where shares gain alike (within SHOWN_TIE of the best), the lowest is taken: a right short answer is
    # what a reader wants, the quote beside it proves it, and a refit no longer flips between 0.15 and 0.20
    return float(grid[int(np.argmax(smooth >= smooth.max() - SHOWN_TIE * abs(smooth.max())))])


def _gain(right: bool) -> float:
    return 1.0 if right else -WRONG_COST


def fit_head_tags(shared: Path | None = None) -> tuple[tuple[str, str], ...]:
    """Return, for each noun a which-question asks about (国家 in 哪个国家), the tag its answers carry.

    Counted over the fitting set's answerable questions whose gold answer the tagger reads as one
    word; kept where a noun was asked often enough and one kind of name answers it mostly.
    """
    contexts, rows = read_set(FIT_SET, shared)
    texts = {c.file: c.text for c in contexts}
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        head = asked_head(row.question)
        if head:
            seen[head][gold_tag(texts[row.context_file], row.answers[0])] += 1
    kept = []
    for head, tags in sorted(seen.items()):
        tag, count = tags.most_common(1)[0]
        if tag in HEAD_TAGS and sum(tags.values()) >= MIN_ASKED and count >= MIN_SHARE * sum(tags.values()):
            kept.append((head, tag))
    return tuple(kept)


def gold_tag(context: str, gold: str) -> str:
    """Return the tag of the gold answer as the tagger reads it in its sentence, '' unless it is one word."""
    at = context.find(gold)
    if at < 0:
        return ""
    start = max(context.rfind("。", 0, at) + 1, at - CONTEXT_CHARS)  # a few words either side suffice
    offset = start
    for word, tag in tagger_words(context[start:at + len(gold) + CONTEXT_CHARS]):
        if offset == at:
            return tag if word == gold else ""
        offset += len(word)
        if offset > at:
            return ""
    return ""
