"""Digests in Telegram, end to end against the fake Bot API: commands, jobs, exactly once, 403, new issues.

Time is injected: the bot's digest clock is a `FixedClock` the test moves, and a daily run is the
job callback itself, run through the job queue a moment from now (no waiting for 08:00).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import Application, CallbackContext

from bot.telegram import digests as digest_commands, jobs
from bot.state.chats import ChatStore
from bot.digest.build import build_digest
from bot.render.digest import render_html
from bot.engine import build_engine
from retrieval import Library
from bot.state.subscriptions import Plan, open_store
from tests.conftest import SEEDS, seed_settings
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import FixedClock, bot_settings, button_labels, exchange, run, running_bot

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCT_13 = "《许昌日报》2021年10月13日 今日摘要（9篇）"


def shanghai(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2021, 10, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def digest_bot(fake: FakeBotApi, data: Path, engine: Library, store: ChatStore, clock: FixedClock, **settings: Any):
    """Run the bot with the digest extension, as `newsbot serve` builds it, on an injected clock."""
    return running_bot(fake, bot_settings(data, fake, **settings), engine, store, commands=digest_commands.COMMANDS,
                       on_start=[jobs.start_hook(clock)], extra_handlers=digest_commands.handlers())


async def run_daily_job(app: Application, chat_id: int, callback: Any = jobs.daily_job,
                        data: object = None) -> None:
    """Run the chat's daily job callback (or another) through the job queue, now instead of at its time."""
    done = asyncio.Event()

    async def job(context: CallbackContext) -> None:
        try:
            await callback(context)
        finally:
            done.set()

    app.job_queue.run_once(job, 0.01, data=data, chat_id=chat_id, name=f"test-run:{chat_id}")
    await asyncio.wait_for(done.wait(), 10)


def test_subscribe_registers_one_tz_aware_daily_job(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                    store: ChatStore, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))

    async def scenario() -> tuple[list[dict], list[tuple[str, dt.datetime]]]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock) as bot:
            said = [*await exchange(fake, lambda: fake.send_message("/subscribe"), USER_ID),
                    *await exchange(fake, lambda: fake.send_message("/subscribe 9:30"), USER_ID),
                    *await exchange(fake, lambda: fake.send_message("/subscribe 25:00"), USER_ID),
                    *await exchange(fake, lambda: fake.send_message("/subscription"), USER_ID)]
            daily = [(j.name, j.next_t) for j in bot.app.job_queue.jobs() if j.name.startswith("digest:")]
            return said, daily

    said, daily = run(scenario())
    assert [m["text"] for m in said] == [
        "已订阅：每天 08:00 (Asia/Shanghai) 推送最新一期的摘要（没有新一期时不推送）。",
        "已订阅：每天 09:30 (Asia/Shanghai) 推送最新一期的摘要（没有新一期时不推送）。",
        digest_commands.USAGE_SUBSCRIBE,
        "每天 09:30 (Asia/Shanghai) 推送最新一期的摘要。还没有推送过。",
    ]
    [(name, next_run)] = daily  # the second /subscribe replaced the first job
    assert name == f"digest:{USER_ID}" and next_run.astimezone(SHANGHAI).time() == dt.time(9, 30)
    registered = [c["command"] for c in fake.calls("setMyCommands")[-1]["params"]["commands"]]
    assert {"digest", "subscribe", "unsubscribe", "subscription", "ask"} <= set(registered)


def test_the_daily_job_sends_the_digest_once_with_buttons(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                          store: ChatStore, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))
    newest = seed_engine.newest_issue()
    expected = render_html(build_digest(newest, seed_engine.segmenter, seed_engine.archive.ranker.weights))

    async def scenario() -> tuple[list[dict], dict, int]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock) as bot:
            await exchange(fake, lambda: fake.send_message("/subscribe 08:00"), USER_ID)
            clock.now = shanghai(13, 8)
            before = len(fake.messages(USER_ID))
            await run_daily_job(bot.app, USER_ID)
            await run_daily_job(bot.app, USER_ID)  # a duplicate run the same morning
            sent = fake.messages(USER_ID)[before:]
            [article] = await exchange(fake, lambda: fake.press_button(sent[0], sent[0]["reply_markup"]
                                                                       ["inline_keyboard"][0][0]["text"]), USER_ID)
            clock.now = shanghai(14, 8)  # the next day, and still no newer issue in the archive
            assert await jobs.deliver_digest(bot.app, USER_ID) is False
            return sent, article, len(fake.messages(USER_ID))

    sent, article, total = run(scenario())
    assert [m["text"] for m in sent] == [m.html for m in expected]
    assert sent[0]["text"].startswith(f"<b>{OCT_13.split(' ')[0]}</b> 今日摘要（9篇）")
    assert button_labels(sent[0])[0] == ["1. 中心城区第三十五次城建重点项目周例会召开"]
    assert len(button_labels(sent[0])) == 9
    assert article["text"].startswith("<b>中心城区第三十五次城建重点项目周例会召开</b>")
    assert total == 1 + len(sent) + 1  # /subscribe reply, the digest, the article: nothing more
    records = open_store(tmp_path).delivered(USER_ID)
    assert records == ((newest.source, "2021-10-13", "sent"),)


def test_no_digest_goes_to_a_chat_that_blocked_the_bot_until_it_writes_again(
        fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))

    async def scenario() -> tuple[bool, int, bool, int]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock) as bot:
            await exchange(fake, lambda: fake.send_message("/subscribe 08:00"), USER_ID)
            clock.now = shanghai(13, 8)
            store.mark_blocked(USER_ID, "Forbidden: bot was blocked by the user")
            before = len(fake.messages(USER_ID))
            blocked = await jobs.deliver_digest(bot.app, USER_ID)
            after_block = len(fake.messages(USER_ID)) - before
            await exchange(fake, lambda: fake.send_message("/subscription"), USER_ID)  # the reader is back
            before = len(fake.messages(USER_ID))
            back = await jobs.deliver_digest(bot.app, USER_ID)
            return blocked, after_block, back, len(fake.messages(USER_ID)) - before

    blocked, after_block, back, after_back = run(scenario())
    assert (blocked, after_block) == (False, 0)
    assert back is True and after_back >= 1 and not store.is_blocked(USER_ID)


def test_exactly_once_across_restarts_and_a_missed_digest_at_start_up(
        fake_bot_api: FakeBotApi, seed_engine: Library, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))
    other = 2002  # a second reader whose digest was claimed, then the bot died before confirming
    newest = seed_engine.newest_issue().source

    async def session(act: Any) -> list[str]:
        with ChatStore.open(tmp_path) as store:
            async with digest_bot(fake, tmp_path, seed_engine, store, clock) as bot:
                await act(bot.app)
                await asyncio.sleep(0.3)  # let the start-up catch-up job finish
                return sorted(j.name for j in bot.app.job_queue.jobs() if j.name.startswith("digest:"))

    async def subscribe(app: Application) -> None:
        for user in (USER_ID, other):
            await exchange(fake, lambda: fake.send_message("/subscribe 08:00", user_id=user), user)

    async def caught_up(app: Application) -> None:
        await fake.wait_messages(USER_ID, 2)

    async def daily(app: Application) -> None:
        await run_daily_job(app, USER_ID)
        for user in (USER_ID, other):
            await exchange(fake, lambda: fake.send_message("/subscription", user_id=user), user)

    run(session(subscribe))
    # 08:00 on the 13th passes while the bot is down; one chat's claim was made, never confirmed
    open_store(tmp_path).claim(other, Plan(True, "new issue", dt.date(2021, 10, 13), newest, newest), shanghai(13, 8))
    clock.now = shanghai(13, 9, 30)
    with caplog.at_level(logging.INFO, logger="bot.telegram.jobs"):
        jobs = run(session(caught_up))  # start-up: USER_ID missed this morning's digest, gets it now
    assert jobs == [f"digest:{USER_ID}", f"digest:{other}"]
    caught_up = fake.messages(USER_ID)[1:]
    assert len(caught_up) == 1 and caught_up[0]["text"].startswith(f"<b>{OCT_13.split(' ')[0]}</b>")
    assert fake.messages(other)[1:] == []
    assert any("never confirmed: not sent again" in m for m in caplog.messages)
    clock.now = shanghai(13, 10)
    run(session(daily))  # restarted again, and the job fires again: nothing twice
    assert fake.messages(USER_ID)[1:-1] == caught_up and fake.messages(other)[1:-1] == []
    assert fake.messages(USER_ID)[-1]["text"] == "每天 08:00 (Asia/Shanghai) 推送最新一期的摘要。上次推送：2021-10-13。"
    assert fake.messages(other)[-1]["text"] == ("每天 08:00 (Asia/Shanghai) 推送最新一期的摘要。"
                                                "2021-10-13 的摘要发送时中断，未确认送达；为免重复，不再补发。")
    assert open_store(tmp_path).delivered(USER_ID) == ((newest, "2021-10-13", "sent"),)


def test_only_group_administrators_manage_the_subscription(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                           store: ChatStore, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))
    admin, owner, member = 3003, 4004, USER_ID
    fake.set_member_status("administrator", user_id=admin)
    fake.set_member_status("creator", user_id=owner)

    async def scenario() -> list[str]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock):
            said = []
            for user, text in ((member, "/subscribe"), (admin, f"/subscribe@{fake.bot_username} 07:30"),
                               (member, "/unsubscribe"), (member, "/subscription"), (owner, "/unsubscribe")):
                [reply] = await exchange(fake, lambda: fake.send_group_message(text, user_id=user), GROUP_ID)
                said.append(reply["text"])
            return said

    assert run(scenario()) == [
        digest_commands.ADMINS_ONLY,
        "已订阅：每天 07:30 (Asia/Shanghai) 推送最新一期的摘要（没有新一期时不推送）。",
        digest_commands.ADMINS_ONLY,
        "每天 07:30 (Asia/Shanghai) 推送最新一期的摘要。还没有推送过。",
        "已取消每日摘要。",
    ]
    checked = {(c["params"]["chat_id"], c["params"]["user_id"]) for c in fake.calls("getChatMember")}
    assert checked == {(GROUP_ID, member), (GROUP_ID, admin), (GROUP_ID, owner)}
    assert open_store(tmp_path).get(GROUP_ID) is None


def test_a_chat_that_removed_the_bot_is_unsubscribed(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                                     tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))
    fake.set_member_status("creator")

    async def scenario() -> tuple[bool, list[tuple[str, float, object]], list[str]]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock) as bot:
            await exchange(fake, lambda: fake.send_group_message("/subscribe"), GROUP_ID)
            clock.now = shanghai(13, 8)
            fake.fail_next("sendMessage", error_code=400, chat_id=GROUP_ID, description="Bad Request: try later")
            failed = await jobs.deliver_digest(bot.app, GROUP_ID)  # released, and retried later
            retries = [(j.name, (j.next_t - dt.datetime.now(dt.timezone.utc)).total_seconds(), j.data)
                       for j in bot.app.job_queue.get_jobs_by_name(f"digest-retry:{GROUP_ID}")]
            fake.fail_next("sendMessage", error_code=403, chat_id=GROUP_ID,
                           description="Forbidden: bot was kicked from the supergroup chat")
            await run_daily_job(bot.app, GROUP_ID, jobs.retry_job, data=1)  # the retry, run now
            return failed, retries, [j.name for j in bot.app.job_queue.jobs() if j.name.startswith("digest:")]

    with caplog.at_level(logging.WARNING, logger="bot.telegram.jobs"):
        failed, retries, left = run(scenario())
    assert failed is False and left == []
    [(name, seconds, attempt)] = retries
    assert name == f"digest-retry:{GROUP_ID}" and 55 < seconds <= 60 and attempt == 1
    subs = open_store(tmp_path)
    assert subs.get(GROUP_ID) is None and subs.delivered(GROUP_ID) == ()
    assert store.is_blocked(GROUP_ID)
    assert f"chat {GROUP_ID} refused the digest (Forbidden: bot was kicked from the supergroup chat): unsubscribed" \
           in caplog.messages
    assert len(fake.calls("sendMessage")) == 3  # the /subscribe reply and the two refused digests


def test_digest_command(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))

    async def scenario() -> list[dict]:
        async with digest_bot(fake, tmp_path, seed_engine, store, clock):
            said = []
            for text in ("/digest 2021-03-03", "/digest 2021-03-04", "/digest yesterday"):
                said += await exchange(fake, lambda: fake.send_group_message(text), GROUP_ID)
            return said

    march, missing, usage = run(scenario())
    assert march["text"].startswith("<b>《许昌日报》2021年3月3日 第9382期</b> 今日摘要（10篇）")
    assert button_labels(march)[4] == ["5. 关于公布2020年许昌市“优秀志愿者、优秀志愿服务组…"]
    assert missing["text"] == "2021-03-04 没有存档。最近的几期：2020-11-24、2021-03-03、2021-05-15"
    assert usage["text"] == digest_commands.USAGE_DIGEST


def test_a_new_issue_file_reaches_the_next_digest(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                  shared_data_dir: Path, tmp_path: Path) -> None:
    fake, clock = fake_bot_api, FixedClock(shanghai(12, 20))
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(SEEDS, corpus)
    for part in ("cache", "segments"):
        shutil.copytree(shared_data_dir / part, data / part)
    engine = build_engine(seed_settings(data, corpus))
    engine.open()
    text = (SEEDS / "000_5ebacb5347f1c782.txt").read_text(encoding="utf-8").replace("10月12日", "10月13日")

    async def scenario() -> tuple[list[dict], list[dict], str]:
        with ChatStore.open(data) as store:
            async with digest_bot(fake, data, engine, store, clock, corpus_dir=corpus,
                                  NEWSBOT_CORPUS_CHECK_SECONDS=1) as bot:
                await exchange(fake, lambda: fake.send_message("/subscribe"), USER_ID)
                clock.now = shanghai(13, 8)
                await run_daily_job(bot.app, USER_ID)
                first = fake.messages(USER_ID)[1:]
                (corpus / "005_new.txt").write_text(text, encoding="utf-8")  # `newsbot ingest` not needed
                for _ in range(400):  # the corpus check runs every second
                    if engine.newest_issue().source == "005_new.txt":
                        break
                    await asyncio.sleep(0.025)
                clock.now = shanghai(14, 8)
                await run_daily_job(bot.app, USER_ID)
                return first, fake.messages(USER_ID)[1 + len(first):], engine.newest_issue().source

    first, second, newest = run(scenario(), timeout=40)
    assert newest == "005_new.txt"
    assert first[0]["text"].startswith("<b>《许昌日报》2021年10月13日</b>")
    assert second[0]["text"].startswith("<b>《许昌日报》2021年10月14日</b> 今日摘要（9篇）")
    assert "10月13日下午,我市召开中心城区第三十五次城建重点项目周例会。" in second[0]["text"]
