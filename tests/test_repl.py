"""The REPL: commands, questions and follow-ups, piped plain output, and `newsbot` with no arguments."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from retrieval import Library
from bot.answer.ask import answer
from bot.cli.repl import HELP, handle, rich_answer, run_repl
from bot.cli.wrap import cells, wrap
from tests.conftest import ROOT, SEEDS


def _session(engine: Library, lines: list[str], tmp_path: Path) -> str:
    out = io.StringIO()
    code = run_repl(engine, tmp_path / "history", lines, Console(file=out, force_terminal=False, width=60))
    assert code == 0
    return out.getvalue()


def test_commands_and_questions_in_one_session(seed_engine: Library, tmp_path: Path) -> None:
    out = _session(seed_engine, ["/help", "", "有多少名党员到社区报到？", "/source 1", "/source x", "/today", "/nope", "/quit", "不会回答"], tmp_path)
    assert out.startswith(HELP)
    assert "9795名党员到社区报到,认领服务岗位6027个,参加公益志愿服务活动并为民办实事1323件;”[1]\n" in out  # piped: not wrapped
    assert "[1] 《许昌日报》2020年11月24日 第9315期《优化城市治理的\"许昌样板\"》（记者 胡晨 通讯员 李彦宾）" in out
    assert "优化城市治理的\"许昌样板\"\n——看我市如何以高质量城市基层党建推进城市高质量发展" in out  # the whole article
    assert "用法：/source N" in out
    assert "最新一期：《许昌日报》2021年10月13日\n1. 中心城区第三十五次城建重点项目周例会召开" in out
    assert "未知命令 /nope" in out
    assert "不会回答" not in out  # /quit stopped the session


def test_follow_up_and_more_keep_the_conversation(seed_engine: Library) -> None:
    output, turn = handle(seed_engine, "鄢陵县的考评成绩是多少分？", None)
    assert output.answer is not None and turn is not None
    follow, turn = handle(seed_engine, "那襄城县呢？", turn)
    assert follow.answer is not None and follow.answer.notes[0].startswith("接着上一个问题（鄢陵县的考评成绩是多少分？）")
    assert turn is not None and turn.question == "襄城县的考评成绩是多少分？"
    nxt, _ = handle(seed_engine, "/more", turn)
    assert nxt.answer is not None
    assert not {c.article_id for c in nxt.answer.citations} & set(turn.sources)


def test_typing_a_word_to_leave_quits_like_the_command(seed_engine: Library) -> None:
    for word in ("退出", "再见", "quit", " EXIT "):
        assert handle(seed_engine, word, None)[0].quit
    assert not handle(seed_engine, "退出机制是什么", None)[0].quit  # only the whole line


def test_source_before_any_question_says_to_ask_first(seed_engine: Library) -> None:
    output, turn = handle(seed_engine, "/source 1", None)
    assert output.text == "没有第 1 条出处。请先提问。" and turn is None


def test_newsbot_without_arguments_opens_the_repl_when_no_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(NEWSBOT_DATA_DIR=str(tmp_path), NEWSBOT_CORPUS_DIR=str(SEEDS))
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli.main"], input="/today\n/quit\n", capture_output=True, text=True,
        env=env, cwd=tmp_path, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("最新一期：《许昌日报》2021年10月13日")


def test_newsbot_article_prints_one_article(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(NEWSBOT_DATA_DIR=str(tmp_path), NEWSBOT_CORPUS_DIR=str(SEEDS), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "bot.cli.main", "article", "nope-01"], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 1 and "no article 'nope-01'" in run.stderr


def _panel_lines(engine: Library, question: str, width: int) -> list[str]:
    """Return the text inside the quote panel of the answer as a colour terminal `width` cells wide shows it."""
    console = Console(width=width, file=io.StringIO(), force_terminal=True, color_system=None)
    console.print(rich_answer(answer(engine, question), width))
    rows = console.file.getvalue().splitlines()
    return [row.strip().strip("│").strip() for row in rows if row.strip().startswith("│")]


def test_the_quote_never_splits_its_marker_nor_opens_a_line_with_punctuation(seed_engine: Library) -> None:
    questions = [json.loads(line)["question"] for line in (ROOT / "tests/data/seed_qa_dev.jsonl").open(encoding="utf-8")]
    checked = 0
    for width in (60, 80):
        for question in questions[:40]:
            lines = _panel_lines(seed_engine, question, width)
            if not lines:
                continue  # refused: no quote
            checked += 1
            assert lines[-1].endswith("[1]"), (width, question, lines)
            assert not any(line[0] in "。，、；：？！”）》[" or line.startswith("1]") for line in lines), (width, lines)
            assert all(cells(line) <= width - 4 for line in lines)
    assert checked >= 40


def test_wrap_keeps_the_character_before_a_closing_stop_and_marker() -> None:
    text = "一二三四五六七八九十。[1]"
    assert wrap(text, 20) == ["一二三四五六七八九", "十。[1]"]
    assert wrap("甲乙丙丁戊己庚辛壬癸，子丑", 20) == ["甲乙丙丁戊己庚辛壬", "癸，子丑"]
