"""Mine user-dictionary candidates from the corpus: reporters from bylines, places and bodies from headlines.

Prints candidates that jieba splits today and that are not yet in retrieval/data/userdict.txt, one a
line in jieba's format (word frequency tag) with how often they occur; review them, then append the
good ones to the user dictionary. Usage: python scripts/mine_userdict.py [PATH ...] [--min-count N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import DEFAULT_USERDICT, Issue, Segmenter, load_corpus, read_userdict  # noqa: E402

# A name ends in a place or body suffix: 钧台街道办事处, 陈化店镇, 市数字化城管中心, 市城管局
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:街道办事处|街道|社区|镇|乡|村|区|县)(?![\u4e00-\u9fff]{0,1}(?:长|委))")
_BODY = re.compile(r"市[\u4e00-\u9fff]{1,8}?(?:局|委员会|中心|办公室|集团|公司|医院|学校)")


def candidates(issues: Iterable[Issue]) -> Counter[tuple[str, str]]:
    """Count (word, tag) candidates: people from bylines (nr), places (ns) and bodies (nt) from text."""
    found: Counter[tuple[str, str]] = Counter()
    for issue in issues:
        for article in issue.articles:
            byline = article.byline
            for name in (*byline.reporters, *byline.correspondents, *byline.photographers):
                found[(name, "nr")] += 1
            text = " ".join((article.headline, *article.subheadlines, article.text))
            found.update((m, "ns") for m in _PLACE.findall(text))
            found.update((m, "nt") for m in _BODY.findall(text))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Print the candidates that jieba does not already keep whole."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seeds"], help="files or folders")
    parser.add_argument("--min-count", type=int, default=2, help="keep candidates seen this often (default 2)")
    args = parser.parse_args(argv)
    issues, problems = load_corpus(args.paths)
    for problem in problems:
        print(f"skipped {problem.source}: {problem.reason}", file=sys.stderr)
    known = {word for word, _, _ in read_userdict(DEFAULT_USERDICT)}
    segmenter = Segmenter()
    segmenter.load_full()
    for (word, tag), count in candidates(issues).most_common():
        if count >= args.min_count and word not in known and segmenter.words(word) != [word]:
            print(f"{word} {max(count * 10, 100)} {tag}\t# seen {count}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
