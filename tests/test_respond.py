"""Cited answers from the real seed archive: answers, quotes, citations, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answering import answer
from bot.commands_answer import answer_record, render_text
from bot.engine import Engine, build_engine
from bot.question import classify
from bot.settings import Settings
from tests.conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    data = tmp_path_factory.mktemp("answers")
    return build_engine(Settings(_env_file=None, corpus_dir=SEEDS, data_dir=data))


def test_number_question_gets_short_answer_quote_and_citation(engine: Engine) -> None:
    result = answer(engine, "柏启传在集中整治动员会上提了几点要求")
    assert result.answered and result.short == "三点"
    assert result.quote == "就此次集中整治工作会议,柏启传提出三点要求。"
    assert str(result.citations[0]) == (
        "[1] 《许昌日报》2020年8月14日《全市影响营商环境执法司法突出问题集中整治动员部署会召开》（记者 李娟娟）"
    )
    assert len({c.article_id for c in result.citations}) == len(result.citations)


def test_traditional_characters_give_the_same_person(engine: Engine) -> None:
    result = answer(engine, "市人民檢察院檢察長叫什麼")
    assert result.kind == "人物" and result.short == "张桂平"
    assert result.citations[0].article_id == "004_51f39b9f8458e720-02"


def test_issue_question_is_answered_from_metadata(engine: Engine) -> None:
    result = answer(engine, "3月3号那期许昌日报是第几期")
    assert result.short == "第9382期" and result.citations[0].issue_no == 9382


def test_question_outside_the_archive_is_refused_with_closest_headlines(engine: Engine) -> None:
    result = answer(engine, "许昌哪里可以打新冠疫苗")
    assert not result.answered and result.quote == "" and result.citations == ()
    assert result.closest
    assert render_text(result).startswith("存档中没有找到能回答这个问题的内容。")


def test_quote_comes_from_the_first_cited_article(engine: Engine) -> None:
    result = answer(engine, "许昌是南水北调中线出南阳后第几个受益城市")
    assert result.short == "第二个"
    first = result.citations[0]
    issue = next(i for i in engine.issues() if i.source == first.source)
    article = next(a for a in issue.articles if a.id == first.article_id)
    assert result.quote in article.text


def test_classify_question_types() -> None:
    assert classify("许昌哪年被列为全国首批水生态文明城市建设试点").kind == "time"
    assert classify("高铁许昌北站为啥考了0分").kind == "reason"
    assert classify("双拥视察组去了哪些地方").kind == "list"
    assert classify("那长葛市呢？").follow_up


def test_ask_json_reads_questions_from_stdin(tmp_path: Path) -> None:
    env = {"NEWSBOT_CORPUS_DIR": str(SEEDS), "NEWSBOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json"], cwd=ROOT, env=env, text=True,
                         input="振德华中区域总部二期用地多少亩\n\n鄢陵花博会几号开幕\n", capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["question"] for r in records] == ["振德华中区域总部二期用地多少亩", "鄢陵花博会几号开幕"]
    assert set(records[0]) == {"question", "type", "answered", "answer", "quote", "citations", "hits", "notes"}
    assert set(records[0]["citations"][0]) == {"n", "paper", "date", "issue_no", "headline", "byline", "source", "article_id"}
    assert records[0]["answered"] and not records[1]["answered"]
    assert "Traceback" not in run.stderr


def test_ingesting_only_bad_files_keeps_the_archive(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    report = engine.ingest([bad])
    assert report.passages == 0 and report.problems[0].reason.startswith("binary file")
    assert answer(engine, "柏启传在集中整治动员会上提了几点要求").short == "三点"
