"""Black box: `newsbot serve` as its own process against the fake Bot API, stopped by a signal."""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.cli.serve import serve, webhook_options, webhook_secret
from bot.settings import Settings
from retrieval import Issue, Library
from tests.conftest import ROOT, SEEDS
from tests.fake_bot_api import USER_ID, FakeBotApi
from tests.telegram_harness import free_port

QUESTION = "鄢陵县9月份数字化城管考核多少分"
CITATION = "[1] 《许昌日报》2021年10月13日《我市9月份数字化城市管理绩效考核成绩出炉》"


def _wait(what: str, found: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := found()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout}s for {what}")
        time.sleep(0.05)
    return result


def _serve(fake: FakeBotApi, tmp_path: Path, log: Path, level: str = "DEBUG", **extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.url, NEWSBOT_DATA_DIR=str(tmp_path / "data"),
               NEWSBOT_CORPUS_DIR=str(SEEDS), NEWSBOT_LOG_LEVEL=level, PYTHONPATH=str(ROOT), **extra)
    # cwd is tmp_path, so a developer's .env is not read
    return subprocess.Popen([sys.executable, "-m", "bot.cli.main", "serve"], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, stdout=log.with_suffix(".out").open("wb"),
                            stderr=log.open("wb"))


def _stop(process: subprocess.Popen[bytes], signum: int) -> int:
    try:
        process.send_signal(signum)
        return process.wait(15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _ready(fake: FakeBotApi, process: subprocess.Popen[bytes], log: Path, starts: int) -> None:
    def started() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"newsbot serve exited {process.returncode}: {log.read_text()[-2000:]}")
        return len(fake.calls("setMyCommands")) >= starts
    _wait("setMyCommands", started, 60)


@pytest.mark.slow
def test_serve_answers_with_a_citation_and_stops_cleanly(fake_bot_api: FakeBotApi, seed_issues: dict[str, Issue],
                                                         seed_engine: Library, tmp_path: Path) -> None:
    passages = seed_engine.archive.ranker.num_docs
    log = tmp_path / "serve.log"
    process = _serve(fake_bot_api, tmp_path, log)
    _ready(fake_bot_api, process, log, 1)
    fake_bot_api.send_message(QUESTION)
    [answered] = _wait("an answer", lambda: fake_bot_api.messages(USER_ID), 15)
    assert _stop(process, signal.SIGINT) == 0

    # A second process on the same data folder remembers the chat; SIGTERM stops it too. Telegram is
    # down when it starts (getUpdates answers 502 twice): one line per failed fetch, no traceback.
    fake_bot_api.fail_next("getUpdates", 2, error_code=502, description="Bad Gateway")
    process = _serve(fake_bot_api, tmp_path, tmp_path / "serve2.log", level="WARNING")
    _ready(fake_bot_api, process, tmp_path / "serve2.log", 2)
    fake_bot_api.send_message("/source 1")
    _, source = _wait("the source", lambda: fake_bot_api.messages(USER_ID)[1:] and fake_bot_api.messages(USER_ID), 20)
    assert _stop(process, signal.SIGTERM) == 0

    assert CITATION in answered["text"] and answered["text"].startswith("<b>答：</b>")
    assert source["text"].startswith("<b>我市9月份数字化城市管理绩效考核成绩出炉</b>")
    logs = log.read_text()
    assert "getUpdates" in logs and "HTTP Request" not in logs  # debug logging on; httpx's kept quiet
    assert fake_bot_api.token not in logs and "Traceback" not in logs
    assert (tmp_path / "serve2.log").read_text().splitlines() == [
        "WARNING bot.telegram.app: Telegram unreachable, retrying: Bad Gateway"] * 2
    size = f"5 issues, {sum(len(i.articles) for i in seed_issues.values())} articles, {passages} passages"
    assert log.with_suffix(".out").read_text() == (
        f"newsbot serve: @{fake_bot_api.bot_username} is up (long polling); archive: {size}; Ctrl-C stops it\n")


@pytest.mark.slow
def test_serve_by_webhook_answers_and_stops_cleanly(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                   shared_data_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(shared_data_dir, tmp_path / "data")  # the session's index: no rebuild in the process
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    log = tmp_path / "serve.log"
    process = _serve(fake_bot_api, tmp_path, log, level="WARNING", TELEGRAM_WEBHOOK_URL=url,
                     TELEGRAM_WEBHOOK_PORT=str(port), TELEGRAM_WEBHOOK_SECRET="hook-secret_2")
    _ready(fake_bot_api, process, log, 1)
    _wait("the webhook", lambda: fake_bot_api.calls("setWebhook"), 15)
    fake_bot_api.send_message(QUESTION)  # posted to the webhook, with the secret
    [answered] = _wait("an answer", lambda: fake_bot_api.messages(USER_ID), 15)
    assert _stop(process, signal.SIGTERM) == 0
    assert CITATION in answered["text"] and fake_bot_api.calls("getUpdates") == []
    assert f"is up (webhook at {url})" in log.with_suffix(".out").read_text()
    assert log.read_text() == ""


def test_serve_without_a_token_says_how_to_set_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve(Settings(_env_file=None, TELEGRAM_BOT_TOKEN=None)) == 2
    assert capsys.readouterr().err == (
        "newsbot serve: set TELEGRAM_BOT_TOKEN (from @BotFather) in the environment or .env\n")


def test_webhook_listens_at_the_path_of_its_url() -> None:
    settings = Settings(_env_file=None, TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram/hook",
                        TELEGRAM_WEBHOOK_PORT=8080)
    assert webhook_options(settings, "s") == {
        "listen": "127.0.0.1", "port": 8080, "url_path": "telegram/hook",
        "webhook_url": "https://bot.example.org/telegram/hook", "secret_token": "s"}
    made = webhook_secret(settings)
    assert made != webhook_secret(settings) and len(made) >= 32
    given = Settings(_env_file=None, TELEGRAM_WEBHOOK_SECRET="given-secret")
    assert webhook_secret(given) == "given-secret"


def test_a_rejected_token_never_reaches_the_terminal_or_the_log(tmp_path: Path) -> None:
    """Telegram's 401 quotes the token; newsbot serve says what is wrong without it."""
    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server interface
            body = b'{"ok": false, "error_code": 401, "description": "Unauthorized"}'
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    token = "999:SECRETtokenXYZ"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}",
               NEWSBOT_DATA_DIR=str(tmp_path), NEWSBOT_CORPUS_DIR=str(SEEDS), NEWSBOT_LOG_LEVEL="DEBUG")
    try:
        run = subprocess.run([sys.executable, "-m", "bot.cli.main", "serve"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert run.returncode == 1
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in run.stderr
    assert "SECRETtokenXYZ" not in run.stderr + run.stdout
