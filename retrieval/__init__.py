"""newsbot's core: newspaper files in, dated articles and passages out, ranked by BM25.

Pure library code: no Telegram, no settings, no environment. Callers import from here.
"""

from retrieval.archive import Library
from retrieval.browse import (IssueView, NoSuchDay, OnThisDay, Page, nearest_issue_dates, on_this_day, open_issue,
                              page_number, read_day, read_month_day)
from retrieval.find import Findings, Found, find
from retrieval.query import Query, QueryError, parse_query
from retrieval.corpus import decode_issue_bytes, issue_files, load_corpus, read_issue_file
from retrieval.dates import DateFilter, find_date, full_days
from retrieval.index import ENGINES, Index, IndexFormatError, OkapiIndex, Ranker, bm25_scores, build_index, idf, top_docs
from retrieval.ingest import Segmented, build_from_segments, fingerprint, segment_files
from retrieval.models import Article, Byline, Issue, IngestProblem, Paragraph, Passage
from retrieval.parse import STAFF_TITLE, SeedFormatError, masthead_staff, parse_issue
from retrieval.passages import split_passages
from retrieval.search import Archive, Expansion, Hit, SearchResult, search
from retrieval.segment import DEFAULT_USERDICT, Segmenter, normalise, read_userdict
from retrieval.synonyms import DEFAULT_SYNONYMS, Synonyms, find_abbreviations, read_synonyms
from retrieval.store import DocTable, Segments, load_segments, read_manifest, to_day
from retrieval.segindex import SegmentIndex
from retrieval.segstore import Segment, load_segment, merge_segments, write_segment
from retrieval.writer import merge_policy, remove_unlisted
from retrieval.terms import Terms
from retrieval.manifest import IngestReport
from retrieval.labels import calendar_label, day_label, issue_label, lunar_label, weekday_label
from retrieval.text import JUMP_MARKER, clip, split_sentences, strip_lead, visible_chars

__all__ = [
    "Findings",
    "Found",
    "IssueView",
    "NoSuchDay",
    "OnThisDay",
    "Page",
    "Query",
    "QueryError",
    "find",
    "nearest_issue_dates",
    "on_this_day",
    "open_issue",
    "page_number",
    "parse_query",
    "read_day",
    "read_month_day",
    "JUMP_MARKER",
    "STAFF_TITLE",
    "masthead_staff",
    "clip",
    "calendar_label",
    "day_label",
    "issue_label",
    "lunar_label",
    "strip_lead",
    "to_day",
    "weekday_label",
    "DEFAULT_SYNONYMS",
    "DEFAULT_USERDICT",
    "ENGINES",
    "Archive",
    "Article",
    "Byline",
    "DateFilter",
    "DocTable",
    "Expansion",
    "Hit",
    "Index",
    "IndexFormatError",
    "IngestProblem",
    "IngestReport",
    "Library",
    "Issue",
    "OkapiIndex",
    "Paragraph",
    "Passage",
    "Ranker",
    "SearchResult",
    "SeedFormatError",
    "Segmented",
    "Segmenter",
    "Segments",
    "Synonyms",
    "build_from_segments",
    "bm25_scores",
    "build_index",
    "idf",
    "decode_issue_bytes",
    "find_abbreviations",
    "find_date",
    "full_days",
    "fingerprint",
    "issue_files",
    "load_corpus",
    "load_segment",
    "merge_policy",
    "remove_unlisted",
    "merge_segments",
    "Segment",
    "SegmentIndex",
    "write_segment",
    "load_segments",
    "Terms",
    "normalise",
    "parse_issue",
    "read_issue_file",
    "read_manifest",
    "read_synonyms",
    "read_userdict",
    "search",
    "segment_files",
    "split_passages",
    "split_sentences",
    "top_docs",
    "visible_chars",
]
