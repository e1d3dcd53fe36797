"""newsbot's core: newspaper files in, dated articles and passages out, ranked by BM25.

Pure library code: no Telegram, no settings, no environment. Callers import from here.
"""

from retrieval.corpus import decode_issue_bytes, issue_files, load_corpus, read_issue_file
from retrieval.models import Article, Byline, Issue, IngestProblem, Paragraph, Passage
from retrieval.parse import SeedFormatError, parse_issue
from retrieval.passages import split_passages

__all__ = [
    "Article",
    "Byline",
    "IngestProblem",
    "Issue",
    "Paragraph",
    "Passage",
    "SeedFormatError",
    "decode_issue_bytes",
    "issue_files",
    "load_corpus",
    "parse_issue",
    "read_issue_file",
    "split_passages",
]
