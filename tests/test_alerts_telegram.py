"""Saved searches that alert, end to end against the fake Bot API: commands, new issues, topics, exactly once.

A new issue is a seed page copied into the bot's own corpus folder with its datelines moved a day on
(10月12日 → 10月13日, so the issue is dated 2021-10-14); the bot's corpus check finds it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application

from bot.engine import build_engine
from bot.state.alerts import MAX_PER_CHAT, open_alerts
from bot.state.chats import ChatStore
from bot.state.deliveries import ALERT
from bot.state.subscriptions import open_store
from bot.telegram import alert_jobs, alerts as alert_commands, jobs, settings_menu
from bot.telegram import digests as digest_commands
from bot.telegram.app import EXTENSION_COMMANDS
from retrieval import Library
from tests.conftest import SEEDS, seed_settings
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import bot_settings, button_labels, exchange, run, running_bot

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_FILE = "005_new.txt"
CITY = "《许昌日报》2021年10月14日《我市9月份数字化城市管理绩效考核成绩出炉》（通讯员 李原 鹿帅）"
MEETING = "《许昌日报》2021年10月14日《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨）"


class FixedClock:
    """The bot's clock for deliveries, set by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


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
    return engine and Archive(corpus, data, engine)


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


def test_alert_commands_and_an_alert_when_a_new_issue_arrives(fake_bot_api: FakeBotApi, archive: Archive,
                                                                tmp_path: Path) -> None:
    fake = fake_bot_api

    async def scenario() -> tuple[list[str], list[dict], dict, int]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                said = []
                for text in ("/alert", "/alert 数字化城管", "/alert 周例会", "/alert 量子计算机", "/alert 数字化城管",
                             "/alerts", "/unalert 3", "/unalert x", "/unalert 9", "/alerts"):
                    said += [m["text"] for m in await exchange(fake, lambda: fake.send_message(text), USER_ID)]
                before = len(fake.messages(USER_ID))
                archive.add_issue()  # found by the corpus check within a second or two
                [alert] = (await fake.wait_messages(USER_ID, before + 1, timeout=20))[before:]
                [article] = await exchange(fake, lambda: fake.press_button(alert, button_labels(alert)[1][0]), USER_ID)
                again = await alert_jobs.check_new_issues(bot.app)  # nothing new: nothing sent
                await asyncio.sleep(0.2)
                return said, alert, article, again + len(fake.messages(USER_ID)) - before - 2

    said, alert, article, extra = run(scenario(), timeout=60)
    assert said == [
        alert_commands.USAGE_ALERT,
        f"已关注“数字化城管”（第 1 个，最多 {MAX_PER_CHAT} 个）。新一期里有报道写到这些词时，会在这里提醒。",
        f"已关注“周例会”（第 2 个，最多 {MAX_PER_CHAT} 个）。新一期里有报道写到这些词时，会在这里提醒。",
        f"已关注“量子计算机”（第 3 个，最多 {MAX_PER_CHAT} 个）。新一期里有报道写到这些词时，会在这里提醒。",
        "已经在关注“数字化城管”了。",
        f"<b>关注的关键词</b>（3/{MAX_PER_CHAT}，/unalert N 取消）：\n1. 数字化城管\n2. 周例会\n3. 量子计算机",
        "已取消关注“量子计算机”。",
        alert_commands.USAGE_UNALERT,
        "没有第 9 个关注。发 /alerts 看编号。",
        f"<b>关注的关键词</b>（2/{MAX_PER_CHAT}，/unalert N 取消）：\n1. 数字化城管\n2. 周例会",
    ]
    assert alert["text"] == (f"<b>关注提醒：《许昌日报》2021年10月14日 有 2 篇报道</b>\n\n1. {MEETING}\n<i>关注：“周例会”</i>"
                             f"\n\n2. {CITY}\n<i>关注：“数字化城管”</i>")
    assert button_labels(alert) == [["原文 1. 中心城区第三十五次城建重点项目周例会召开"],
                                    ["原文 2. 我市9月份数字化城市管理绩效考核成绩出炉"]]
    assert alert["disable_notification"] is False and "message_thread_id" not in alert
    assert article["text"].startswith(f"<b>{CITY.split('《')[2].split('》')[0]}</b>")
    assert extra == 0
    records = open_alerts(archive.data).ledger.records(USER_ID, ALERT)
    assert sorted(records) == [(f"alert:1:005_new-08", "2021-10-14", "sent"), (f"alert:2:005_new-00", "2021-10-14", "sent")]
    registered = [c["command"] for c in fake.calls("setMyCommands")[-1]["params"]["commands"]]
    assert {"alert", "alerts", "unalert", "settings", "subscribe"} <= set(registered)


def test_at_most_twenty_saved_searches_per_chat(fake_bot_api: FakeBotApi, archive: Archive) -> None:
    fake = fake_bot_api

    async def scenario() -> list[str]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()):
                for n in range(MAX_PER_CHAT):
                    await exchange(fake, lambda: fake.send_message(f"/alert 项目{n}"), USER_ID)
                return [m["text"] for m in await exchange(fake, lambda: fake.send_message("/alert 高铁"), USER_ID)]

    assert run(scenario(), timeout=60) == [f"每个聊天最多保存 {MAX_PER_CHAT} 个关注，请先用 /unalert N 删掉一个。"]
    assert len(open_alerts(archive.data).of_chat(USER_ID)) == MAX_PER_CHAT
