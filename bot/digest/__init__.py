"""The daily digest: an issue in, a frozen `Digest` out (summaries and keywords, the archive's BM25)."""

from bot.digest.build import Digest, DigestItem, build_digest, keywords, summarise
from bot.digest.issues import issue_digest, issue_digests, issue_key, issues_of, nearest_dates

__all__ = ["Digest", "DigestItem", "build_digest", "issue_digest", "issue_digests", "issue_key", "issues_of",
           "keywords", "nearest_dates", "summarise"]
