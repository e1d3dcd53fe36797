"""Measure retrieval: Recall@1/5, MRR@10 and answer-in-top-k on the public seed questions and CMRC 2018.

Usage: python scripts/evaluate.py [--shared PATH] [--variants]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import build_engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from retrieval import OkapiIndex, Segmenter, build_index, normalise, top_docs  # noqa: E402

Ranked = Callable[[str], list[tuple[str, str]]]  # question -> [(gold key, passage text)]


def _metrics(rows: list[tuple[str, list[bool], list[bool]]]) -> dict[str, dict[str, float]]:
    """Aggregate (type, relevant-at-rank, answer-at-rank) rows per type and overall."""
    groups: dict[str, list[tuple[list[bool], list[bool]]]] = defaultdict(list)
    for kind, rel, ans in rows:
        groups[kind].append((rel, ans))
        groups["ALL"].append((rel, ans))
    out = {}
    for kind, items in sorted(groups.items()):
        n = len(items)
        mrr = sum(next((1 / (i + 1) for i, r in enumerate(rel[:10]) if r), 0) for rel, _ in items) / n
        out[kind] = {"n": n, "R@1": sum(any(r[:1]) for r, _ in items) / n, "R@5": sum(any(r[:5]) for r, _ in items) / n,
                     "MRR@10": mrr, "ans@1": sum(any(a[:1]) for _, a in items) / n,
                     "ans@5": sum(any(a[:5]) for _, a in items) / n}
    return out


def _print(title: str, table: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'type':<16}{'n':>4}{'R@1':>7}{'R@5':>7}{'MRR@10':>8}{'ans@1':>7}{'ans@5':>7}")
    for kind, m in table.items():
        print(f"{kind:<16}{m['n']:>4}{m['R@1']:>7.2f}{m['R@5']:>7.2f}{m['MRR@10']:>8.2f}{m['ans@1']:>7.2f}{m['ans@5']:>7.2f}")


def eval_seeds(shared: Path, engine: str, data_dir: Path) -> dict[str, dict[str, float]]:
    """Search every answerable public seed question; relevant = a passage of the gold article."""
    settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=data_dir, NEWSBOT_ENGINE=engine)
    eng = build_engine(settings)
    rows = []
    for line in (shared / "seed_qa_public.jsonl").read_text(encoding="utf-8").splitlines():
        qa = json.loads(line)
        if not qa["answers"]:
            continue
        hits = eng.search(qa["question"], k=10).hits
        rel = [h.issue.source == qa["seed"] and qa["headline"] in (h.article.headline, h.article.title) for h in hits]
        ans = [any(normalise(a) in normalise(h.passage.indexed_text) for a in qa["answers"]) for h in hits]
        rows.append((qa["type"], rel, ans))
    return _metrics(rows)


def split_context(text: str, limit: int = 150) -> list[str]:
    """Split a context into passages of whole sentences of about limit characters, like news passages."""
    sentences = [s for s in re.split(r"(?<=[。！？!?；])", text) if s]
    passages, current = [], ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > limit:
            passages.append(current)
            current = ""
        current += sentence
    return passages + ([current] if current else [])


def _kind(question: str) -> str:
    for kind, words in (("who", "谁"), ("when", ("时候", "何时", "哪年", "哪一年")), ("number", ("多少", "几")),
                        ("where", ("哪里", "哪儿", "何地", "哪个国家", "哪座")), ("which", "哪"), ("what", ("什么", "何"))):
        if any(w in question for w in (words if isinstance(words, tuple) else (words,))):
            return kind
    return "other"


def eval_cmrc(shared: Path, segmenter: Segmenter, engine: str) -> dict[str, dict[str, float]]:
    """Index every CMRC trial context as ~150-character passages; ask every question over all of them."""
    data = json.loads((shared / "cmrc2018_trial.json").read_text(encoding="utf-8"))
    passages: list[tuple[int, str]] = []
    questions: list[tuple[int, str, list[str]]] = []
    for ctx_no, para in enumerate(p for doc in data["data"] for p in doc["paragraphs"]):
        passages.extend((ctx_no, text) for text in split_context(para["context"]))
        questions.extend((ctx_no, qa["question"], [a["text"] for a in qa["answers"]]) for qa in para["qas"])
    tokens = segmenter.tokens_many(text for _, text in passages)
    index = build_index(tokens) if engine == "bm25s" else OkapiIndex(tokens)
    rows = []
    for ctx_no, question, answers in questions:
        docs = top_docs(index.scores(segmenter.tokens(question)), 10)
        ans = [any(a in passages[d][1] for a in answers) for d in docs]
        rel = [passages[d][0] == ctx_no and a for d, a in zip(docs, ans)]
        rows.append((_kind(question), rel, ans))
    return _metrics(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    parser.add_argument("--variants", action="store_true", help="also measure rank-bm25 and words without bigrams")
    args = parser.parse_args(argv)
    eval_dir = args.shared / "eval"
    if not (eval_dir / "seed_qa_public.jsonl").is_file() or not (eval_dir / "cmrc2018_trial.json").is_file():
        print(f"evaluate: evaluation data not found in {eval_dir}; pass --shared PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        data_dir = Path(tmp)
        segmenter = Segmenter(cache_dir=data_dir / "cache")
        _print("seed questions (answerable), bm25s: relevant = passage of the gold article",
               eval_seeds(eval_dir, "bm25s", data_dir))
        _print("CMRC 2018 trial, bm25s: relevant = passage of the question's context holding the answer",
               eval_cmrc(eval_dir, segmenter, "bm25s"))
        if args.variants:
            _print("seed questions, rank-bm25", eval_seeds(eval_dir, "rank-bm25", data_dir))
            _print("CMRC 2018 trial, rank-bm25", eval_cmrc(eval_dir, segmenter, "rank-bm25"))
            words_only = Segmenter(cache_dir=data_dir / "cache", bigrams=False)
            _print("CMRC 2018 trial, bm25s, words only (no bigrams)", eval_cmrc(eval_dir, words_only, "bm25s"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
