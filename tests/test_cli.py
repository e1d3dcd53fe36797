"""The command line as a user meets it: JSON shapes, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.render.cells import cells
from tests.conftest import ROOT, SEEDS

ARTICLE_KEYS = {"id", "headline", "subheadlines", "date", "date_source", "issue_no", "paper", "source", "byline", "sections",
                "text"}


@pytest.fixture()
def corpus_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    return corpus


def test_articles_json_shape(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 45
    assert all(ARTICLE_KEYS <= set(r) for r in records)
    first = next(r for r in records if r["id"] == "001_41ee50b619f939c9-01")
    assert first["headline"] == "重点企业全复工 力争首季“开门红”"
    assert first["date"] == "2021-03-03" and first["date_source"] == "masthead" and first["issue_no"] == 9382
    assert first["byline"] == "记者 魏东雅 通讯员 刘梦婷" and first["subheadlines"] == ["规模以上工业企业复工率超过99%"]
    assert first["text"].startswith("本报讯(记者魏东雅通讯员刘梦婷)3月1日,记者从市工信局获悉")
    assert first["sections"] == []
    continued = next(r for r in records if r["id"] == "000_5ebacb5347f1c782-02")
    assert continued["title"] == "续文：以创新驱动产业高质量发展,走好华山一…" and continued["kind"] == "continuation"
    assert continued["sections"] == ["项目加速,“以结果论英雄”"]
    assert list(continued)[-2:] == ["sections", "text"]  # a key added before the body; the others unchanged


def test_issues_lines_and_json(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["issues"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2020-08-14") and "004_51f39b9f8458e720.txt" in lines[0]
    # 期号不详 and 第9382期 have as many characters but not as many cells: columns line up on a terminal
    assert len({cells(line[: line.index("篇")]) for line in lines}) == 1
    assert len({cells(line[: line.index("许昌日报")]) for line in lines}) == 1
    assert main(["issues", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    corrected = next(r for r in records if r["issue_no"] == 9315)
    assert corrected["date"] == "2020-11-24" and corrected["date_source"] == "masthead-corrected"
    assert corrected["articles"] == 7 and corrected["paper"] == "许昌日报"


def test_bad_file_is_one_line_and_the_rest_listed(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus_env / "broken.txt").write_bytes(b"\x00\x01binary")
    assert main(["issues"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "skipped broken.txt: binary file (NUL bytes), not newspaper text\n"
    assert len(captured.out.splitlines()) == 5


def test_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSBOT_CORPUS_DIR": str(tmp_path / "missing"), "NEWSBOT_DATA_DIR": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-m", "bot.cli.main", "articles"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().endswith("no such file or folder")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("utf8_mode", ["0", "1"])  # strict stdin, and surrogate-escaping stdin (UTF-8 mode)
def test_ask_json_answers_every_line_despite_invalid_utf8(seed_engine: object, shared_data_dir: Path, utf8_mode: str) -> None:
    env = {**os.environ, "NEWSBOT_CORPUS_DIR": str(SEEDS), "NEWSBOT_DATA_DIR": str(shared_data_dir), "PYTHONUTF8": utf8_mode,
           "LC_ALL": "C.UTF-8"}
    lines = [b"\xff\xfe\xd6\xd0\xce\xc4", "唐聚圈免费救助了多少先心病孩子".encode() + b"\xd6", "5月14号城建例会谁主持的".encode()]
    result = subprocess.run([sys.executable, "-m", "bot.cli.main", "ask", "--json"], cwd=ROOT, env=env,
                            input=b"\n".join(lines) + b"\n", capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    records = [json.loads(line.decode("utf-8")) for line in result.stdout.splitlines()]  # strict: valid UTF-8
    assert [r["question"] for r in records] == ["\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd", "唐聚圈免费救助了多少先心病孩子\ufffd",
                                                "5月14号城建例会谁主持的"]
    assert "87名" in records[1]["answer"] + records[1]["quote"]


def test_ask_without_a_question_on_a_terminal_says_how_to_ask_and_quit(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()  # standard input is a terminal, as when a user types `newsbot ask`
    env = {**os.environ, "NEWSBOT_CORPUS_DIR": str(SEEDS), "NEWSBOT_DATA_DIR": str(tmp_path / "d")}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "ask"], cwd=tmp_path, env=env,
                               stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(follower)
    try:
        os.write(leader, b"\x04")  # Ctrl-D at once: end of input
        out, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    assert err.decode() == ("newsbot ask: type a question and press Enter, one per line; Ctrl-D quits "
                            "(or ask at once: newsbot ask \"有多少名党员到社区报到？\")\n")
    assert process.returncode == 0 and out == b""
