"""The daily digest of one issue: articles in page order, a one-sentence summary each, the day's keywords.

Pure: an Issue and a Segmenter in, a frozen Digest out. Summaries are extractive — TextRank over an
article's sentences, with BM25 similarity between sentences computed on the Segmenter's terms.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval import JUMP_MARKER, Article, Issue, Segmenter, bm25_scores, idf, split_sentences, strip_lead, visible_chars
from retrieval.text import ends_sentence

KEYWORDS = 8
SKIPPED_KINDS = frozenset({"advertisement"})
MIN_SUMMARY_CHARS = 12  # letters, digits and CJK characters; shorter fragments say too little
LONG_SUMMARY = 120  # characters; longer sentences are scored down in proportion
HEADLINE_FLOOR = 0.2  # every sentence gets this much of the jump prior before the headline's echo
HEADLINE_TF = 2  # a word in an article's headline counts like this many paragraphs holding it
MIN_KEYWORD_TF = 2
DAMPING = 0.5
_PROSE = frozenset({"text", "section"})  # list items repeat their labels (分, 等次) row after row
Weights = Callable[[Sequence[str]], Mapping[str, float]]  # term -> idf over the whole archive

_CREDIT = re.compile(
    r"^(?:本报)?(?:特约)?(?:记者|通讯员|实习生|评论员|摄影)[\s\u4e00-\u9fff]{0,30}$|^[\s\u4e00-\u9fff]{2,20}摄$"
    r"|^(?:文/|图/|文图/|图文/)"
)
_DATELINE_ONLY = re.compile(
    r"^(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:近日|日前|昨日|昨天|今天|当日|当天)?"
    r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上|晚|\d{1,2}时许?)?$"
)
_ATTRIBUTION = re.compile(r"^[^，,。“”]{2,30}(?:说|表示|介绍|介绍道|告诉记者|说道)[。！!]$")
_NEEDS_CONTEXT = re.compile(
    r"^(?:此外|其中|另外|同时|对此|但|而|且|并|还|也|因此|所以|不仅如此)|^(?:[^，,“]{1,12}[，,])?(?:这|该|此|他|她|它|其)"
)
_CONTENT = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_DIGITS = re.compile(r"^[\d.,%]+$")
_NUMBER = re.compile(r"^[\d.,%]+$|^第?[\d一二三四五六七八九十百千万亿两几]+[年月日号个项名位次家期条届种些点件批类]?$")


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One article of the digest: its id (for 原文 buttons), headline, one-sentence summary, byline."""

    article_id: str
    headline: str
    summary: str
    byline: str


@dataclass(frozen=True, slots=True)
class Digest:
    """The digest of one issue: masthead facts, the items in page order, the day's keywords."""

    paper: str
    date: dt.date | None
    issue_no: int | None
    source: str
    items: tuple[DigestItem, ...]
    keywords: tuple[str, ...]


def build_digest(issue: Issue, segmenter: Segmenter, weights: Weights | None = None) -> Digest:
    """Summarise every article of issue and find its keywords (idf from weights, else from the issue)."""
    articles = [a for a in issue.articles if a.kind not in SKIPPED_KINDS]
    items = tuple(
        DigestItem(a.id, a.title, summarise(a, segmenter), str(a.byline)) for a in articles
    )
    return Digest(issue.paper, issue.date, issue.issue_no, issue.source, items,
                  keywords(articles, segmenter, weights))


def summarise(article: Article, segmenter: Segmenter) -> str:
    """Return the one sentence that best sums up the article ("" for a headline-only brief)."""
    sentences = candidate_sentences(article)
    complete = [s for s in sentences if ends_sentence(s)]
    # Prefer whole sentences that stand on their own; then whole ones; truncated OCR lines last.
    pool = [s for s in complete if not _NEEDS_CONTEXT.match(s)] or complete or sentences
    if not pool:
        return ""
    best = pool[0]
    if len(pool) > 1:
        heading = segmenter.tokens(" ".join((article.headline, *article.subheadlines)))
        scores = rank_sentences([segmenter.tokens(s) for s in pool], heading)
        scores *= [min(1.0, LONG_SUMMARY / len(visible_chars(s))) for s in pool]
        best = pool[int(np.argmax(scores))]  # argmax keeps the earliest of equal scores
    if best.endswith(("；", ";")) or not ends_sentence(best):
        return best.rstrip("；;，,、：:—— ") + "…"
    return best


def candidate_sentences(article: Article) -> list[str]:
    """Return the body sentences fit to stand alone: no byline, credit, jump marker or dateline stub."""
    credits = {visible_chars(c) for c in (*article.credits, str(article.byline)) if c}
    out: list[str] = []
    for paragraph in article.paragraphs:
        if paragraph.kind == "text":
            out += [s for s in map(_clean, _quoted_sentences(paragraph.text)) if _fit(s, credits)]
    return out


def _quoted_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping a quotation whole together with a `…说。` that follows it."""
    out: list[str] = []
    for piece in split_sentences(text):
        if out and (out[-1].count("“") > out[-1].count("”") or _ATTRIBUTION.match(piece)):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _clean(sentence: str) -> str:
    """Drop the 本报讯(记者…) lead-in, photo arrows and jump markers; tidy the ends."""
    sentence = JUMP_MARKER.sub("", sentence)
    sentence = strip_lead(sentence)
    return sentence.strip().lstrip("，,、；;：: ")


def _fit(sentence: str, credits: set[str]) -> bool:
    """Tell whether a cleaned sentence can be a summary."""
    bare = visible_chars(sentence)
    content = "".join(_CONTENT.findall(bare))
    if len(content) < MIN_SUMMARY_CHARS or bare in credits or _CREDIT.search(bare):
        return False
    if bare.rstrip("”’\"'）)").endswith(("？", "?")) or _ATTRIBUTION.match(bare):
        return False  # a rhetorical question or a bare `…说。` says nothing by itself
    return not _DATELINE_ONLY.match(content)


def rank_sentences(sentence_terms: Sequence[Sequence[str]], heading: Sequence[str]) -> np.ndarray:
    """Return TextRank scores biased towards the lead and towards sentences that echo the headline."""
    n = len(sentence_terms)
    echo = bm25_scores(heading, sentence_terms)
    prior = (HEADLINE_FLOOR + (echo / echo.max() if echo.max() > 0 else 0)) / np.sqrt(np.arange(1, n + 1))
    return textrank(bm25_similarity(sentence_terms), prior / prior.sum())


def textrank(weights: np.ndarray, prior: np.ndarray, damping: float = DAMPING) -> np.ndarray:
    """Return the PageRank of a weighted graph whose random jumps land by prior (personalised TextRank)."""
    out_sum = weights.sum(axis=1, keepdims=True)
    # a sentence sharing no term with any other jumps by the prior instead of leaking rank
    transition = np.divide(weights, out_sum, out=np.tile(prior, (len(prior), 1)), where=out_sum > 0)
    rank = prior.copy()
    for _ in range(200):
        nxt = (1 - damping) * prior + damping * rank @ transition
        if np.abs(nxt - rank).sum() < 1e-12:
            return nxt
        rank = nxt
    return rank


def bm25_similarity(sentence_terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Return the symmetric BM25 similarity of every pair of sentences (each the query of the other)."""
    sim = np.array([bm25_scores(query, sentence_terms) for query in sentence_terms]).T
    np.fill_diagonal(sim, 0.0)
    return (sim + sim.T) / 2


def keywords(articles: Sequence[Article], segmenter: Segmenter, weights: Weights | None = None,
             k: int = KEYWORDS) -> tuple[str, ...]:
    """Return the issue's k words of highest tf-idf (tf: prose paragraphs and headlines holding the word)."""
    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    for article in articles:
        head = set(_content_words(article.headline, segmenter))  # not 副题: they list who attended
        body = [set(_content_words(p.text, segmenter)) for p in article.paragraphs if p.kind in _PROSE]
        tf.update({w: HEADLINE_TF for w in head})
        tf.update(w for paragraph in body for w in paragraph)
        df.update(head.union(*body))
    terms = sorted(t for t in tf if tf[t] >= MIN_KEYWORD_TF)  # one mention is no theme of the day
    if not terms:
        return ()
    if weights is not None:
        given = dict(weights(terms))
        rarest = max(given.values(), default=1.0)
        weight = {t: given.get(t) or rarest for t in terms}  # a word the archive never printed is the rarest
    else:  # no archive at hand: the issue's own articles are the documents
        weight = {t: float(idf(len(articles), df[t])) for t in terms}
    score = {t: (1 + math.log(tf[t])) * weight[t] for t in terms}
    chosen: list[str] = []
    for term in sorted(terms, key=lambda t: (-score[t], t)):
        if not any(term in c or c in term for c in chosen):
            chosen.append(term)
        if len(chosen) == k:
            break
    return tuple(chosen)


def _content_words(text: str, segmenter: Segmenter) -> list[str]:
    """Return the words of text that can be keywords: no stopwords, numbers, units or single characters."""
    dropped = segmenter.stopwords | segmenter.question_words
    out: list[str] = []
    previous = ""
    for word in (w.strip().lower() for w in segmenter.words(text)):
        unit = bool(_DIGITS.match(previous))  # 4.86 亿立方米, 3 名: what follows a number measures it
        if len(word) > 1 and word not in dropped and _CONTENT.search(word) and not _NUMBER.match(word) and not unit:
            out.append(word)
        previous = word
    return out
