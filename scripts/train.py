"""Fit the answer models (bot/answer/data/model.json): which sentence answers, and whether to answer.

Fitting data: DRCD dev in the open-domain way (answerable questions, and unanswerable ones made by
removing a context or changing one detail; scripts/open_sets.py), plus the seed questions tuned on (public,
dev, fresh, colloquial, dev22, dev23, colloquial23, dev23b, colloquial23b, dev24, dev24b, dev25, dev26; follow-ups left out). DRCD test, CMRC 2018 trial and the
judge seed sets (tests/data/seed_qa_honest.jsonl, seed_qa_held2.jsonl, seed_qa_held3.jsonl, seed_qa_held4.jsonl, seed_qa_held5.jsonl, seed_qa_held6.jsonl,
seed_qa_held7.jsonl … seed_qa_held11.jsonl) are never used here.

Two passes through the real answer path: the first collects every candidate sentence's features
(they do not depend on the model) and fits the sentence scorer, a candidate being right when it
quotes a gold answer from the right source; the second, with that scorer, collects the decision's
features and fits the answer model's trees (fit_answer.py), right when the chosen sentence quotes a gold
answer. The threshold is the probability that classifies the fitting questions best, each judged by trees
fitted without its fold. Deterministic: L-BFGS run to the optimum, LightGBM's deterministic mode, fixed
order, parameters rounded.

Usage: python scripts/train.py [--out PATH] [--limit N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import re
import sys
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT.parent), str(ROOT)]

from open_sets import (  # noqa: E402
    DEFAULT_SHARED, FIT_SET, archive_engine, build_set, nfkc_bare, set_questions,
)
from scipy.optimize import minimize  # noqa: E402

from fit_answer import best_threshold, fit_answer  # noqa: E402
from fit_frame import context_texts, fit_frame  # noqa: E402
from fit_reader import CONVERGED, fit_head_tags, fit_reader, readings  # noqa: E402

from bot.answer import answer  # noqa: E402
from bot.answer.model import ANSWER_FEATURES, MODEL_PATH, SENTENCE_FEATURES, AnswerModel, Linear  # noqa: E402
from bot.engine import build_engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from retrieval import Library  # noqa: E402

# The seed sets tuned on (never the judge sets named in the docstring above); a follow-up is left out, its
# question being a turn of a conversation, not a question alone.
SEED_SETS = (DEFAULT_SHARED / "eval" / "seed_qa_public.jsonl",
             *(ROOT.parent / "tests" / "data" / f"seed_qa_{name}.jsonl"
               for name in ("dev", "fresh", "colloquial", "dev22", "dev23", "colloquial23", "dev23b", "colloquial23b",
                            "dev24", "dev24b", "dev25", "dev26")))
DIGITS = 6
WORKERS = min(4, os.cpu_count() or 1)  # processes answering the fitting questions (same traces, sooner)
FOLDS = 5  # cross-fitting of the frame-word table
# The seed questions are few but of the paper itself (typed facts in lists, 我市, bylines): together
# (about 550) they weigh about half as much as the ~5900 encyclopedia questions of DRCD.
SEED_WEIGHT = 6.0
L2 = 1e-3  # on standardised features, per unit of total sample weight
# The sign each feature's weight must keep (+1: more of it, more likely right; -1: less; absent: free).
SIGNS = {
    # the sentence ranker
    "ctx": 1, "novel": 1, "own": 1, "fit": 1, "near": 1, "subject": 1, "rank": 1, "key": 1, "bm25": 1,
    "chars": 1, "bigrams": 1, "head": 1, "tfit": 1, "tnear": 1, "tsubject": 1, "hfit": 1, "aligned": 1, "other": -1,
    # (the answer model's directions: fit_answer.MONOTONE)
}


@dataclasses.dataclass(frozen=True, slots=True)
class Labelled:
    """A fitting question: the archive it is asked of, its gold answers and source (none: unanswerable)."""

    question: str
    answers: tuple[str, ...]
    source: str
    archive: str


def questions(limit: int | None, cache: Path | None) -> list[Labelled]:
    """Return the labelled fitting questions (building the open-domain archives on the first run)."""
    built = build_set(FIT_SET, None, cache)
    rows = set_questions(built)
    if limit:
        rows = [q for q in rows if int(q.id.split("-")[0]) % max(1, len(rows) // limit) == 0][:limit]
    out = [Labelled(q.question, q.answers if q.answerable else (), q.context_file, q.archive) for q in rows]
    for path in SEED_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "follows" not in row:
                out.append(Labelled(row["question"], tuple(row["answers"]), row["seed"], "seeds"))
    return out


def open_archives(cache: Path | None) -> dict[str, Library]:
    """Return the archives the fitting questions are asked of: DRCD dev whole, without its removed contexts, seeds."""
    built = build_set(FIT_SET, None, cache)
    archives = {"full": archive_engine(built), "removed": archive_engine(built, removed=True)}
    seeds = built.folder.parent / "seeds-data"  # beside the open-domain archives, reused like them
    archives["seeds"] = build_engine(Settings(_env_file=None, data_dir=seeds))
    archives["seeds"].open()
    return archives


def fold(source: str) -> int:
    """Return the cross-fitting fold of a DRCD context file (`drcd_dev_00012.txt`): by its number, so an
    article's questions, answerable and made unanswerable, share one."""
    digits = "".join(c for c in source if c.isdigit())
    return int(digits or 0) % FOLDS


def item_fold(item: Labelled) -> int:
    """Return a question's fold: its context's, or for a seed question the paper does not answer, its text's."""
    return fold(item.source) if item.source else zlib.crc32(item.question.encode("utf-8")) % FOLDS


def _weight(item: Labelled) -> float:
    """Return how much a question counts: a newspaper question SEED_WEIGHT times an encyclopedia one."""
    return SEED_WEIGHT if item.archive == "seeds" else 1.0


def right(quote: str, source: str, item: Labelled) -> bool:
    """Tell whether a quote from source answers the question."""
    return bool(item.answers) and source == item.source and any(nfkc_bare(a) in nfkc_bare(quote) for a in item.answers)


def traces(cache: Path | None, asked: Sequence[tuple[Labelled, AnswerModel]]) -> list[tuple[Labelled, object]]:
    """Answer every question with the model paired with it; keep each answer's trace (None when no sentence
    was scored).

    The questions are answered in WORKERS processes, each over a contiguous part of them, and put
    back in order: the traces are those of one process, only sooner. The models go to the workers as
    JSON, each once: one pool serves every model of a pass.
    """
    models = list({id(m): m for _, m in asked}.values())
    keys = {id(m): k for k, m in enumerate(models)}
    return _in_parts(_answered, [(item, keys[id(m)]) for item, m in asked], cache, [m.to_json() for m in models])


def _in_parts(work, items: Sequence, *args) -> list:
    """Return work(part, *args) over contiguous parts of the items, one in each of WORKERS processes, joined
    in order: what one process would return, only sooner."""
    size = -(-len(items) // WORKERS) or 1
    parts = [list(items[i:i + size]) for i in range(0, len(items), size)]
    if len(parts) <= 1:
        return work(parts[0] if parts else [], *args)
    with ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("spawn")) as pool:
        return [one for part in pool.map(work, parts, *([a] * len(parts) for a in args)) for one in part]


def _answered(asked: list[tuple[Labelled, int]], cache: Path | None,
              model_json: list[dict]) -> list[tuple[Labelled, object]]:
    """Answer a part of the questions in this process, each with its model (an index into the JSON given)."""
    import bot.answer.respond as respond  # noqa: PLC0415 - the model is swapped in for fitting
    from bot.answer import walk  # noqa: PLC0415 - the compiled tree walk, as a long-running session has it

    walk.warm()
    archives = open_archives(cache)
    models = [AnswerModel.from_json(m) for m in model_json]
    saved, out = respond.default_model, []
    try:
        for item, k in asked:
            respond.default_model = lambda k=k: models[k]
            out.append((item, answer(archives[item.archive], item.question).trace))
        return out
    finally:
        respond.default_model = saved


def logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, names: Sequence[str],
             intercept: bool = True) -> tuple[np.ndarray, float]:
    """Fit a weighted, L2-regularised logistic regression whose weights keep the signs in SIGNS.

    A feature that says more of the question is in a sentence never counts against it: without that,
    collinear and noisy features take weights of the wrong sign that fit DRCD and fail on the paper.
    L-BFGS-B with bounds, from zero, run to the optimum (fit_reader.CONVERGED): deterministic.
    """
    n, d = x.shape
    w = weight / weight.sum()
    t = np.where(y, 1.0, -1.0)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta[:d] + theta[d]
        margin = t * z
        value = float(w @ np.logaddexp(0.0, -margin)) + 0.5 * L2 * float(theta[:d] @ theta[:d])
        g = -w * t / (1.0 + np.exp(margin))
        return value, np.concatenate([x.T @ g + L2 * theta[:d], [g.sum() if intercept else 0.0]])

    bounds = [(0, None) if SIGNS.get(nm, 0) > 0 else (None, 0) if SIGNS.get(nm, 0) < 0 else (None, None)
              for nm in names] + [(None, None) if intercept else (0, 0)]
    found = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                     options=CONVERGED)
    return found.x[:d], float(found.x[d])


def fit_ranking(groups: Sequence[tuple[np.ndarray, np.ndarray, float]], names: Sequence[str]) -> Linear:
    """Fit a linear ranker by logistic regression on differences: a right candidate over a wrong one of the
    same question (each question weighs its weight, shared by its pairs)."""
    pairs = [(x[r] - x[w], weight / (y.sum() * (~y).sum())) for x, y, weight in groups
             for r in np.flatnonzero(y) for w in np.flatnonzero(~y)]
    d, pw = np.array([p for p, _ in pairs]), np.array([w for _, w in pairs])
    scale = np.abs(np.concatenate([x for x, _, _ in groups])).std(axis=0)
    scale[scale == 0] = 1.0
    both = np.concatenate([d / scale, -d / scale])
    labels = np.concatenate([np.ones(len(d), bool), np.zeros(len(d), bool)])
    coef, _ = logistic(both, labels, np.concatenate([pw, pw]), names, intercept=False)
    r = lambda v: [round(float(a), DIGITS) for a in v]  # noqa: E731
    return Linear(tuple(names), tuple(r(coef)), 0.0, tuple(0.0 for _ in names), tuple(r(scale)))


def train(cache: Path | None, items: list[Labelled], start: AnswerModel, say=print) -> AnswerModel:
    """Fit the sentence scorer, then the answer model and the short-answer reader, from the fitting questions."""
    first = traces(cache, [(item, start) for item in items])
    groups = []
    for item, trace in first:
        if trace is not None and item.answers:
            y = np.array([right(quote, source, item) for _, quote, source in trace.candidates])
            if y.any() and not y.all():
                groups.append((np.array([f for f, _, _ in trace.candidates]), y, _weight(item)))
    say(f"sentence model: {len(groups)} questions with right and wrong candidates, of {len(first)}")
    sentence = fit_ranking(groups, SENTENCE_FEATURES)
    texts = context_texts(build_set(FIT_SET, None, cache).contexts)
    asked = [(fold(item.source), trace.words, texts[item.source]) for item, trace in first
             if trace is not None and item.answers and item.source in texts]
    frame = fit_frame((words, text) for _, words, text in asked)
    say(f"frame words: {len(frame)} question words that go unprinted beside the answer now and then")
    staged = dataclasses.replace(start, sentence=sentence, frame=frame)
    # cross-fitted: a DRCD question is checked with the table counted without its article's fold, as an
    # unseen question will be (counted on its own words, the table would flatter the answerable questions
    # and the threshold); the seed questions, not counted in it, with the whole table
    say("second pass: the decision's features with the fitted sentence model")
    unseen = [dataclasses.replace(staged, frame=fit_frame((words, text) for f, words, text in asked if f != k))
              for k in range(FOLDS)]
    second = traces(cache, [(i, staged) for i in items if i.archive == "seeds"]
                    + [(i, unseen[k]) for k in range(FOLDS) for i in items if i.archive != "seeds" and fold(i.source) == k])
    rows, labels, answerable, weights, read, folds = [], [], [], [], [], []
    for item, trace in second:
        if trace is not None:
            folds.append(item_fold(item))
            decision = dict(trace.decision)
            rows.append([decision[n] for n in ANSWER_FEATURES])
            _, quote, source = trace.chosen
            labels.append(right(quote, source, item))
            kind, question, rule, *around = trace.reading
            # the reader learns from quotes that hold the answer, or whose sentence before or after does
            if labels[-1] or right("\n".join(around), source, item):
                read.append((kind, question, quote, rule, tuple(around), item.answers, _weight(item)))
            answerable.append(bool(item.answers))
            weights.append(_weight(item))
    x, y, a, w = np.array(rows), np.array(labels), np.array(answerable), np.array(weights)
    decide, p = fit_answer(x, y, a, w, np.array(folds), ANSWER_FEATURES)  # p: each fitted without its fold
    threshold = best_threshold(p, y, a)
    for t in (0.2, 0.3, 0.4, threshold, 0.5, 0.6):
        say(f"  at p ≥ {t:.2f}: right answers refused {np.mean(p[y] < t):.3f}, unanswerable refused "
            f"{np.mean(p[~a] < t):.3f}, wrong answers given {np.mean((p >= t) & ~y):.3f}")
    say(f"answer model: {len(rows)} questions, {int(y.sum())} answered right by the best sentence; threshold {threshold}")
    # the quotes are read into phrases (a tagger pass each) in WORKERS processes too
    phrases = _in_parts(readings, read, dict(start.head_tags))
    say(f"read {len(phrases)} quotes into phrases")
    reader, shown = fit_reader(phrases, say)
    return AnswerModel(sentence, decide, threshold,
                       f"{FIT_SET} (open-domain, with removed and near-miss) + the tuned seed sets",
                       start.head_tags, reader, shown, frame)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit and save the models."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    parser.add_argument("--limit", type=int, help="fit on about N DRCD questions (quick runs)")
    parser.add_argument("--cache", type=Path, help="cache of the open-domain archives (see eval_open.py)")
    args = parser.parse_args(argv)
    items = questions(args.limit, args.cache)
    open_archives(args.cache)  # built here on the first run, not by every worker at once
    # from the hand weights, answering everything (p = 0.5 at threshold 0.5): what is fitted never
    # depends on the model saved before
    head_tags = fit_head_tags()
    print(f"head tags: {len(head_tags)} asked nouns whose answers are names of one kind")
    started = time.monotonic()
    stamped = lambda text: print(f"[{time.monotonic() - started:5.0f} s] {text}", flush=True)  # noqa: E731
    model = train(args.cache, items, dataclasses.replace(AnswerModel.from_json(json.loads(BOOTSTRAP)), head_tags=head_tags),
                  stamped)
    args.out.write_text(model_json(model), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def model_json(model: AnswerModel) -> str:
    """Return the model as JSON text: one key a line, a list of numbers (the forest's arrays) on one line."""
    text = json.dumps(model.to_json(), ensure_ascii=False, indent=1)
    return _NUMBERS.sub(lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text) + "\n"


_NUMBERS = re.compile(r"\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]")


# The hand weights the sentence scorer had before fitting: the first pass ranks candidates with them.
# The answer part is empty: every question is answered while the features are collected.
BOOTSTRAP = json.dumps({
    "format": 1, "threshold": 0.5,
    "sentence": {"names": list(SENTENCE_FEATURES),
                 "weights": [{"ctx": 0.6, "novel": 0.4, "own": 0.1, "fit": 0.3, "near": 0.3, "subject": 0.3,
                              "rank": 0.15}.get(n, 0.0) for n in SENTENCE_FEATURES],
                 "bias": 0.0, "mean": [0.0] * len(SENTENCE_FEATURES), "scale": [1.0] * len(SENTENCE_FEATURES)},
    "answer": {"names": list(ANSWER_FEATURES), "weights": [0.0] * len(ANSWER_FEATURES), "bias": 0.0,
               "mean": [0.0] * len(ANSWER_FEATURES), "scale": [1.0] * len(ANSWER_FEATURES)},
})


if __name__ == "__main__":
    sys.exit(main())
