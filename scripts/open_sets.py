"""Open-domain question sets: every reading-comprehension context becomes one issue file of an archive.

SPLIT — DRCD dev (`drcd_dev`) is for FITTING; DRCD test (`drcd_test`) and the CMRC 2018 trial set
(`cmrc_trial`) are for JUDGING ONLY: never fit, tune or look for rules on them.

Each context (paragraph) of a set is written as `<set>_<nnnnn>.txt` (nnnnn: the context's position in
the set): its document title as the headline line, a blank line, the context. DRCD is converted to
simplified characters (OpenCC t2s) first. Every file is parsed back; when the plain layout does not give
exactly one article with the title as headline and the whole context as text, the title is written as a
Markdown heading (`# title`) instead. Two archives per set: `full/` (every context) and `removed/`
(every REMOVE_EVERY-th context left out, for the `removed` unanswerables). Archives, their indexes and
the generated questions are cached under a folder keyed by a hash of the input file and of LAYOUT_VERSION.

`fit_questions()` gives the fitting set's questions (answerable and generated unanswerable) for a
training script; `open_archive()` the engine over a set's archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import opencc

from retrieval import IngestProblem, SeedFormatError, read_issue_file, visible_chars

# The one place that imports the bot package (being reorganised: `answer` moves to bot.answer).
from bot.answer import answer  # noqa: F401  (re-exported for eval_open)
from bot.engine import build_engine
from retrieval import Library as Engine  # noqa: F401  (re-exported for eval_open)
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SETS = {"drcd_dev": ("drcd_dev.json", True), "drcd_test": ("drcd_test.json", True),
        "cmrc_trial": ("cmrc2018_trial.json", False)}  # name -> (file in shared/eval, traditional)
FIT_SET = "drcd_dev"
JUDGE_SETS = ("drcd_test", "cmrc_trial")
REMOVE_EVERY = 5
LAYOUT_VERSION = "1"
QUESTIONS_VERSION = "2"  # change with the generator in open_unanswerable.py: the cached questions are then made anew
KINDS = ("answerable", "removed", "near-miss")
# question type by its question words, first match wins
_TYPES = (
    ("why", r"为什么|为何|何故|什么原因|原因"),
    ("who", r"谁"),
    ("when", r"什么时候|何时|哪一?年|哪个?朝代|哪一?天|哪个?时期|哪个?世纪|几月|几年|何年|哪段时间|年份|什么时间"),
    ("number", r"多少|几|多久|多长|多大|多高|多远|多重|多深|多宽"),
    ("where", r"哪里|哪儿|何地|何处|在哪|哪个?国家|哪个?城市|哪座|哪个?地区|哪个?省"),
    ("which", r"哪"),
    ("what", r"什么|何|啥"),
)
_LAYOUTS = ("{title}\n\n{text}\n", "# {title}\n\n{text}\n")
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Context:
    """One context of a set: its file in the archive, its document title and text, its document number."""

    file: str
    title: str
    text: str
    doc: int


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """One question to ask an archive.

    `answers` are the gold answers of the answerable question it is (or was made from): for an
    unanswerable one they are what it must NOT be answered with. `kind` is answerable, removed
    (asked against the archive without its context) or near-miss (one detail changed, see `detail`).
    """

    set_name: str
    id: str
    question: str
    answers: tuple[str, ...]
    context_file: str
    kind: str = "answerable"
    detail: str = ""

    @property
    def answerable(self) -> bool:
        """Tell whether the archive it is asked against holds its answer."""
        return self.kind == "answerable"

    @property
    def archive(self) -> str:
        """Return which archive of the set it is asked against: full or removed."""
        return "removed" if self.kind == "removed" else "full"


@dataclass(frozen=True, slots=True)
class OpenSet:
    """A built set: its contexts, answerable questions, cache folder and the contexts that parse badly."""

    name: str
    contexts: tuple[Context, ...]
    questions: tuple[OpenQuestion, ...]
    folder: Path
    plain_failed: tuple[str, ...]  # files the plain layout did not parse right (written as `# title`)
    bad: tuple[IngestProblem, ...]  # files no layout parses right (kept in the archive as they are)

    @property
    def removed_files(self) -> frozenset[str]:
        """Return the files left out of the `removed` archive."""
        return frozenset(c.file for i, c in enumerate(self.contexts) if i % REMOVE_EVERY == REMOVE_EVERY - 1)


def nfkc_bare(text: str) -> str:
    """Normalise text for answer comparisons: NFKC, no whitespace."""
    return visible_chars(unicodedata.normalize("NFKC", text))


def short_right(short: str, golds: Sequence[str]) -> bool:
    """Tell whether a short answer is right: it holds a gold answer and is at most twice its length
    plus 4 characters, or it is at least half of one (a substring of it, len(short) >= len(gold) / 2)."""
    s = nfkc_bare(short)
    if not s:
        return False
    for gold in map(nfkc_bare, golds):
        if gold and ((gold in s and len(s) <= 2 * len(gold) + 4) or (s in gold and 2 * len(s) >= len(gold))):
            return True
    return False


def source_path(name: str, shared: Path | None = None) -> Path:
    """Return the input file of a set."""
    if name not in SETS:
        raise ValueError(f"unknown set {name!r}; choose from {', '.join(SETS)}")
    return (shared or DEFAULT_SHARED) / "eval" / SETS[name][0]


def set_folder(name: str, shared: Path | None = None, cache: Path | None = None) -> Path:
    """Return the cache folder of a set: `<cache>/<set>-<hash of input file and layout version>`."""
    digest = hashlib.sha256(source_path(name, shared).read_bytes() + LAYOUT_VERSION.encode()).hexdigest()[:12]
    return (cache or Path(tempfile.gettempdir()) / "newsbot-open") / f"{name}-{digest}"


def read_set(name: str, shared: Path | None = None) -> tuple[tuple[Context, ...], tuple[OpenQuestion, ...]]:
    """Read a SQuAD-format set: contexts and answerable questions, in simplified characters."""
    data = json.loads(source_path(name, shared).read_text(encoding="utf-8"))
    convert = opencc.OpenCC("t2s").convert if SETS[name][1] else (lambda s: s)
    contexts: list[Context] = []
    questions: list[OpenQuestion] = []
    for doc_no, doc in enumerate(data["data"]):
        title = convert(doc["title"]).strip()
        for para in doc["paragraphs"]:
            ctx = Context(f"{name}_{len(contexts):05d}.txt", title, convert(para["context"]).strip(), doc_no)
            contexts.append(ctx)
            for qa in para["qas"]:
                golds = tuple(dict.fromkeys(convert(a["text"]).strip() for a in qa["answers"] if a["text"].strip()))
                questions.append(OpenQuestion(name, str(qa["id"]), convert(qa["question"]).strip(), golds, ctx.file))
    return tuple(contexts), tuple(questions)


def parse_problem(path: Path, ctx: Context) -> str | None:
    """Return why an issue file does not give exactly one article (title headline, whole context), or None."""
    try:
        issue = read_issue_file(path)
    except (SeedFormatError, OSError) as error:
        return str(error)
    if len(issue.articles) != 1:
        return f"{len(issue.articles)} articles"
    article = issue.articles[0]
    if visible_chars(article.headline) != visible_chars(ctx.title):
        return f"headline {article.headline!r}"
    if visible_chars(ctx.text) not in visible_chars(article.text):
        return "text does not hold the whole context"
    return None


def _write_context(folder: Path, ctx: Context) -> tuple[int, str | None]:
    """Write one context's file in the first layout that parses right; return (layout, last problem)."""
    path = folder / ctx.file
    problem = None
    for layout_no, layout in enumerate(_LAYOUTS):
        path.write_text(layout.format(title=ctx.title, text=ctx.text), encoding="utf-8")
        problem = parse_problem(path, ctx)
        if problem is None:
            return layout_no, None
    return len(_LAYOUTS) - 1, problem


def _write_archives(folder: Path, contexts: tuple[Context, ...], log: Log) -> dict:
    """Write the full and removed archives of a set; return the manifest (layout failures, bad files)."""
    full, removed = folder / "full", folder / "removed"
    full.mkdir(parents=True, exist_ok=True)
    removed.mkdir(parents=True, exist_ok=True)
    plain_failed, bad = [], []
    for i, ctx in enumerate(contexts):
        layout, problem = _write_context(full, ctx)
        if layout:
            plain_failed.append(ctx.file)
        if problem:
            bad.append({"source": ctx.file, "reason": problem})
        if i % REMOVE_EVERY != REMOVE_EVERY - 1:
            (removed / ctx.file).write_bytes((full / ctx.file).read_bytes())
    log(f"{folder.name}: wrote {len(contexts)} context files; plain layout failed for {len(plain_failed)}, "
        f"written as `# title`; {len(bad)} parse badly in every layout")
    return {"version": LAYOUT_VERSION, "contexts": len(contexts), "plain_failed": plain_failed, "bad": bad}


def write_json(path: Path, value: object) -> None:
    """Write JSON through a temporary file and os.replace, so a crash leaves no half-written file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def build_set(name: str, shared: Path | None = None, cache: Path | None = None, log: Log = lambda _: None) -> OpenSet:
    """Read a set and write its archives, or reuse them when the cache folder already holds them."""
    contexts, questions = read_set(name, shared)
    folder = set_folder(name, shared, cache)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    if manifest.get("version") != LAYOUT_VERSION or manifest.get("contexts") != len(contexts):
        manifest = _write_archives(folder, contexts, log)
        write_json(manifest_path, manifest)
    else:
        log(f"{name}: reusing the archives in {folder}")
    bad = tuple(IngestProblem(b["source"], b["reason"]) for b in manifest["bad"])
    return OpenSet(name, contexts, questions, folder, tuple(manifest["plain_failed"]), bad)


def archive_engine(built: OpenSet, removed: bool = False) -> Engine:
    """Return the engine over one archive of a built set, its index opened (built on the first run)."""
    which = "removed" if removed else "full"
    engine = build_engine(Settings(_env_file=None, corpus_dir=built.folder / which,
                                   data_dir=built.folder / f"data-{which}"))
    engine.open()
    return engine


def open_archive(set_name: str, shared: Path | None = None, cache: Path | None = None, removed: bool = False) -> Engine:
    """Return the engine over a set's archive (all contexts, or without every REMOVE_EVERY-th one)."""
    return archive_engine(build_set(set_name, shared, cache), removed)


def set_questions(built: OpenSet, log: Log = lambda _: None) -> list[OpenQuestion]:
    """Return a set's questions: answerable ones, then removed and near-miss ones (cached as JSON)."""
    from open_unanswerable import near_miss_questions, removed_questions  # heavy: jieba.posseg

    path = built.folder / "questions.json"
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if saved.get("version") == QUESTIONS_VERSION:
        return [OpenQuestion(**{**row, "answers": tuple(row["answers"])}) for row in saved["questions"]]
    log(f"{built.name}: generating unanswerable questions (jieba.posseg over every context)")
    made = [*built.questions, *removed_questions(built.questions, built.removed_files),
            *near_miss_questions(built.questions, built.contexts)]
    write_json(path, {"version": QUESTIONS_VERSION, "questions": [asdict(q) for q in made]})
    return made


def open_questions(set_name: str, shared: Path | None = None, cache: Path | None = None) -> list[OpenQuestion]:
    """Return every question of a set, answerable and generated unanswerable, building what is missing."""
    return set_questions(build_set(set_name, shared, cache))


def fit_questions(cache: Path | None = None, shared: Path | None = None) -> list[OpenQuestion]:
    """Return the FITTING set's questions (DRCD dev): answerable, removed and near-miss, with context files."""
    return open_questions(FIT_SET, shared, cache)


def question_kind(question: str) -> str:
    """Return the question type from its question words: who, when, number, where, which, why, what, other."""
    for kind, pattern in _TYPES:
        if re.search(pattern, question):
            return kind
    return "other"
