"""Helpers for the alert and /settings tests: an archive a test adds issues to, the bot as `serve` builds it.

A new issue is a seed page copied into the bot's own corpus folder with its datelines moved a day on
(10月12日 → 10月13日, so the issue is dated 2021-10-14); the bot's corpus check finds it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.engine import build_engine
from bot.state.chats import ChatStore
from bot.telegram import alert_jobs, alerts as alert_commands, jobs, settings_menu
from bot.telegram import digests as digest_commands
from bot.telegram.app import EXTENSION_COMMANDS
from retrieval import Library
from tests.conftest import SEEDS, seed_settings
from tests.fake_bot_api import FakeBotApi
from tests.telegram_harness import FixedClock, bot_settings, running_bot

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_FILE = "005_new.txt"
CITY = "《许昌日报》2021年10月14日《我市9月份数字化城市管理绩效考核成绩出炉》（通讯员 李原 鹿帅）"
MEETING = "《许昌日报》2021年10月14日《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨）"


@dataclass
class Archive:
    """A corpus folder the test may add issues to, its data folder and an engine over both."""

    corpus: Path
    data: Path
    engine: Library

    def add_issue(self) -> None:
        """Write the synthetic issue of 2021-10-14 into the corpus (as a scanner would)."""
        text = (SEEDS / "000_5ebacb5347f1c782.txt").read_text(encoding="utf-8").replace("10月12日", "10月13日")
        (self.corpus / NEW_FILE).write_text(text, encoding="utf-8")


@pytest.fixture
def archive(shared_data_dir: Path, seed_engine: Library, tmp_path: Path) -> Archive:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(SEEDS, corpus)
    for part in ("cache", "segments"):
        shutil.copytree(shared_data_dir / part, data / part)
    engine = build_engine(seed_settings(data, corpus))
    engine.open()
    return Archive(corpus, data, engine)


def alert_bot(fake: FakeBotApi, archive: Archive, store: ChatStore, clock: FixedClock, **settings: Any):
    """Run the bot as `newsbot serve` builds it (digests, alerts, /settings), checking the corpus every second."""
    handlers = [*digest_commands.handlers(), *alert_commands.handlers(), *settings_menu.handlers()]
    return running_bot(fake, bot_settings(archive.data, fake, corpus_dir=archive.corpus,
                                          NEWSBOT_CORPUS_CHECK_SECONDS=1, **settings), archive.engine, store,
                       commands=EXTENSION_COMMANDS, extra_handlers=handlers,
                       on_start=[jobs.start_hook(clock), alert_jobs.start_hook(clock), settings_menu.start_hook()])


async def settled(app: Application) -> None:
    """Wait until the start-up check of new issues has run (the first check records the archive)."""
    for _ in range(400):
        if not app.job_queue.get_jobs_by_name("alert-check") and not alert_jobs.alerts(app).checking.locked():
            return
        await asyncio.sleep(0.025)
    raise TimeoutError("the start-up alert check did not finish")


def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 10, 14, 7, 0, tzinfo=SHANGHAI))


async def run_job(app: Application, callback: Any, chat_id: int, data: object = None) -> None:
    """Run a job callback through the job queue now (a retry, say, instead of a minute from now)."""
    done = asyncio.Event()

    async def job(context: Any) -> None:
        try:
            await callback(context)
        finally:
            done.set()

    app.job_queue.run_once(job, 0.01, data=data, chat_id=chat_id, name=f"test-run:{chat_id}")
    await asyncio.wait_for(done.wait(), 10)
