"""Saved searches that alert, end to end against the fake Bot API: commands, a new issue, forum topics.

The new issue is tests/alert_harness.py's: seed 000 dated a day later (2021-10-14).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from bot.state.alerts import MAX_PER_CHAT, open_alerts
from bot.state.chats import ChatStore
from bot.state.deliveries import ALERT
from bot.state.subscriptions import open_store
from bot.telegram import alert_jobs, alerts as alert_commands, jobs
from tests.alert_harness import CITY, MEETING, SHANGHAI, Archive, alert_bot, archive, clock, settled  # noqa: F401
from tests.conftest import ROOT, SEEDS
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import button_labels, exchange, run

def test_alert_commands_and_an_alert_when_a_new_issue_arrives(fake_bot_api: FakeBotApi, archive: Archive,
                                                                tmp_path: Path) -> None:
    fake = fake_bot_api

    async def scenario() -> tuple[list[str], list[dict], dict, int]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                said = []
                for text in ("/alert", "/alert 数字化城管", "/alert 周例会", "/alert 量子计算机", "/alert 数字化城管",
                             "/alert 作者:", "/alerts", "/unalert 3", "/unalert x", "/unalert 9", "/alerts"):
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
        "查询有误：“作者:”后面缺少内容，例如 作者:胡晨",
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
    assert sorted(records) == [("alert:1:005_new-08", "2021-10-14", "sent"), ("alert:2:005_new-00", "2021-10-14", "sent")]
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


def test_forum_topics_get_their_answers_alerts_and_digests(fake_bot_api: FakeBotApi, archive: Archive) -> None:
    fake, admin, member = fake_bot_api, 3003, USER_ID
    fake.set_member_status("administrator", user_id=admin)
    the_clock = clock()

    async def scenario() -> tuple[list[dict], list[dict], dict, list[dict]]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, the_clock) as bot:
                await settled(bot.app)
                said = []
                for user, topic, text in ((member, 7, "/alert 数字化城管"), (admin, 7, "/alert 数字化城管"),
                                          (admin, 9, "/subscribe 08:00"), (member, 7, "/search 数字化城管"),
                                          (member, 7, "/alerts"), (member, 5, f"@{fake.bot_username} 鄢陵县数字城管考核多少分"),
                                          (member, 5, "/help")):
                    said += await exchange(fake, lambda: fake.send_group_message(text, user_id=user, topic=topic),
                                           GROUP_ID)
                the_clock.now = dt.datetime(2021, 10, 14, 8, 0, tzinfo=SHANGHAI)
                before = len(fake.messages(GROUP_ID))
                await jobs.deliver_digest(bot.app, GROUP_ID)  # the daily job's work, now
                archive.add_issue()
                pushed = (await fake.wait_messages(GROUP_ID, before + 2, timeout=20))[before:]
                alert = next(m for m in pushed if m["text"].startswith("<b>关注提醒"))
                [article] = await exchange(fake, lambda: fake.press_button(alert, button_labels(alert)[0][0]),
                                           GROUP_ID)
                return said, pushed, article, fake.messages(GROUP_ID)

    said, pushed, article, everything = run(scenario(), timeout=60)
    assert [(m["text"], m.get("message_thread_id")) for m in said[:3]] == [
        (alert_commands.ADMINS_ONLY, 7),
        (f"已关注“数字化城管”（第 1 个，最多 {MAX_PER_CHAT} 个）。新一期里有报道写到这些词时，会在这个话题提醒。", 7),
        ("已订阅：每天 08:00 (Asia/Shanghai) 推送最新一期的摘要（没有新一期时不推送）。", 9),
    ]
    assert said[3]["text"].startswith("<b>“数字化城管”相关报道</b>") and said[3]["message_thread_id"] == 7
    assert said[4]["text"].endswith("1. 数字化城管（话题 7）") and said[4]["message_thread_id"] == 7
    assert said[5]["text"].startswith("<b>答：</b>98.45分") and said[5]["message_thread_id"] == 5  # a question asked in topic 5
    assert "/alert 关键词" in said[6]["text"] and "/settings" in said[6]["text"] and said[6]["message_thread_id"] == 5
    by_kind = {m["text"].startswith("<b>关注提醒"): m.get("message_thread_id") for m in pushed}
    assert by_kind == {False: 9, True: 7}  # the digest into topic 9, the alert into topic 7
    assert article["message_thread_id"] == 7 and article["text"].startswith("<b>我市9月份数字化城市管理绩效考核成绩出炉</b>")
    assert all(m.get("is_topic_message") for m in everything)
    assert open_store(archive.data).get(GROUP_ID).thread_id == 9


def test_an_issue_ingested_by_another_process_alerts_the_running_bot(fake_bot_api: FakeBotApi, archive: Archive,
                                                                      tmp_path: Path) -> None:
    fake = fake_bot_api
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = (SEEDS / "000_5ebacb5347f1c782.txt").read_text(encoding="utf-8").replace("10月12日", "10月13日")
    (inbox / "2021-10-14.txt").write_text(text, encoding="utf-8")  # outside the corpus folder
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(NEWSBOT_DATA_DIR=str(archive.data), NEWSBOT_CORPUS_DIR=str(archive.corpus), PYTHONPATH=str(ROOT))

    async def scenario() -> tuple[dict, int]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                await exchange(fake, lambda: fake.send_message("/alert 数字化城管"), USER_ID)
                ingest = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.cli.main", "ingest", str(inbox / "2021-10-14.txt"), cwd=tmp_path,
                    env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
                code = await ingest.wait()
                [alert] = (await fake.wait_messages(USER_ID, 2, timeout=30))[1:]
                return alert, code

    alert, code = run(scenario(), timeout=90)
    assert code == 0
    assert alert["text"] == f"<b>关注提醒：《许昌日报》2021年10月14日 有 1 篇报道</b>\n\n1. {CITY}\n<i>关注：“数字化城管”</i>"
    assert open_alerts(archive.data).ledger.records(USER_ID, ALERT) == (
        ("alert:1:2021-10-14-08", "2021-10-14", "sent"),)
