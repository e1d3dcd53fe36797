"""Fuzzing with hypothesis: odd questions through the answer the CLI and the bot give, odd pages through
the parser. Nothing raises, and the time taken is bounded per character.

`make test` runs the short `ci` profile; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) the long one: 2000+
questions, 200+ pages, 4096-character questions each answered within a second.
"""

from __future__ import annotations

import json
import os
import time

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer.ask import answer
from bot.answer.conversation import Turn, reply
from bot.render.answer import answer_record, render_text
from bot.telegram.replies import answer_messages
from retrieval import Library, decode_issue_bytes, parse_issue
from retrieval.parse import SeedFormatError
from tests.conftest import SEEDS

SEED_TEXT = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SEED_LINES = [line for line in SEED_TEXT.splitlines() if line.strip()]
TRADITIONAL = opencc.OpenCC("s2tw").convert(SEED_TEXT[:20_000])
# CPU seconds: a fixed part plus a part per character (process time: a loaded machine does not count)
QUESTION_BASE, QUESTION_PER_CHAR = 1.0, 40e-6
PAGE_BASE, PAGE_PER_CHAR = 0.5, 40e-6

PROFILES = {"ci": (100, 40, 10, 2), "fuzz": (2000, 200, 200, 20)}  # questions, pages, 4096 and 100 KB questions
for name, (questions, *_) in PROFILES.items():
    settings.register_profile(
        name, max_examples=questions, deadline=None, database=None, derandomize=name == "ci",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
_, PAGES, LONG, HUGE = PROFILES[PROFILE]


def _slice(text: str, longest: int, shortest: int = 1) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, len(text) - 1), st.integers(shortest, longest)).map(
        lambda p: _repeat(text[p[0]:], p[1]))


def _repeat(text: str, size: int) -> str:
    return (text * (size // max(len(text), 1) + 1))[:size]


PIECES = st.one_of(
    st.text(max_size=30),  # any code point but surrogates: controls, emoji, combining marks
    st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape")),  # lone surrogates, as from argv
    st.text(alphabet=".*+?()[]{}|\\^$#&;<>\"'`%", max_size=12),  # regex and HTML metacharacters
    st.sampled_from(["9999年12月31日", "0001年1月1日", "9999年12月", "0年0月0日", "2021年2月30日", "第0期",
                     "第99999999999999999999期", "上周三", "去年今天", "10月32日", "前天", "公元前1年"]),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=6),  # emoji
    st.text(alphabet=st.characters(max_codepoint=31), max_size=6),  # control characters, NUL included
    _slice(SEED_TEXT, 60), _slice(TRADITIONAL, 40),  # the archive's own words, simplified and traditional
    st.sampled_from(["？", "是多少", "哪天", "谁", "更多", "/more", "那长葛市呢", "   ", "\u3000", "\ufeff"]),
)
QUESTIONS = st.one_of(st.lists(PIECES, max_size=6).map("".join), _slice(SEED_TEXT, 400))


def _sized(size: int) -> st.SearchStrategy[str]:
    """Questions of exactly size characters: archive text, or any piece said again and again."""
    return _slice(SEED_TEXT, size, size) | _slice(TRADITIONAL, size, size) | PIECES.map(lambda p: _repeat(p or "许", size))


def _timed(fn, *args):  # noqa: ANN001, ANN202 - a test helper for any call
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


@pytest.fixture(scope="module")
def turn(seed_engine: Library) -> Turn:
    """Return an answered turn (and load every model once, so no example pays for a first load)."""
    result, last = reply(seed_engine, "鄢陵县9月份数字化城管考核多少分", None)
    answer(seed_engine, "谁主持了城建周例会")  # the names tagger
    assert result.answered and last is not None
    return last


def _check(engine: Library, question: str) -> float:
    """Answer question as the CLI does; check every way the answer leaves is valid UTF-8; return CPU seconds."""
    result, seconds = _timed(answer, engine, question)
    for shown in (render_text(result, explain=True), json.dumps(answer_record(result), ensure_ascii=False),
                  *answer_messages(result)):
        shown.encode("utf-8")
    return seconds


@given(question=QUESTIONS)
def test_any_question_is_answered_in_time_bounded_by_its_length(seed_engine: Library, turn: Turn, question: str) -> None:
    seconds = _check(seed_engine, question)
    assert seconds <= QUESTION_BASE + QUESTION_PER_CHAR * len(question), (len(question), seconds)
    reply(seed_engine, question, turn)  # the bot's way in, as a follow-up to an answered question


@settings(max_examples=LONG)
@given(question=_sized(4096))
def test_a_4096_character_question_is_answered_within_a_second(seed_engine: Library, turn: Turn, question: str) -> None:
    assert _check(seed_engine, question) < 1.0  # the longest message Telegram delivers


@settings(max_examples=HUGE)
@given(question=_sized(100_000))
def test_a_100kb_question_is_answered_in_time_bounded_by_its_length(seed_engine: Library, turn: Turn,
                                                                     question: str) -> None:
    assert _check(seed_engine, question) <= QUESTION_BASE + QUESTION_PER_CHAR * len(question)


LINES = st.one_of(
    st.sampled_from(SEED_LINES), _slice(SEED_TEXT, 300), st.text(max_size=80),
    st.sampled_from(["", " ", "#", "# 标题", "- ", "▲", "(下转第二版)", "（上接第一版）", "本报讯", "本报记者 张三 摄",
                     "2021年13月45日", "许昌日报", "第9382期", "——", "。。。", "\t\u3000"]),
    st.tuples(st.sampled_from(SEED_LINES), st.integers(1, 40)).map(lambda p: p[0] * p[1]),  # a line printed again and again
)
PAGES_TEXT = st.one_of(
    st.lists(LINES, max_size=200).map("\n".join),
    st.tuples(_slice(SEED_TEXT, 30_000), st.sampled_from(["\n", "\r\n", "\r", "\n\n", ""])).map(
        lambda p: p[1].join(p[0].splitlines())),
)


@settings(max_examples=PAGES)
@given(page=PAGES_TEXT)
def test_any_page_parses_or_is_refused_in_time_bounded_by_its_length(page: str) -> None:
    try:
        _, seconds = _timed(parse_issue, page, "fuzz.txt")
    except SeedFormatError:
        return
    assert seconds <= PAGE_BASE + PAGE_PER_CHAR * len(page), (len(page), seconds)


@settings(max_examples=PAGES, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=2000) | st.sampled_from(SEED_LINES).map(lambda s: s.encode("gb18030")))
def test_any_bytes_decode_or_are_refused_in_one_line(data: bytes) -> None:
    try:
        text = decode_issue_bytes(data)
    except SeedFormatError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(text, str) and text.strip()
