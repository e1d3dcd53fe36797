"""Alerts are delivered exactly once per (chat, search, article), by the mechanism digests use: a claim
lost mid-send is never sent again, a restart sends nothing twice, a failed send is retried, a 403
removes the chat's saved searches and subscription.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3

import pytest
from telegram.ext import Application

from bot.state.alerts import open_alerts
from bot.state.chats import ChatStore
from bot.state.deliveries import ALERT, DB_NAME
from bot.state.subscriptions import open_store
from bot.telegram import alert_jobs
from tests.alert_harness import NEW_FILE, Archive, alert_bot, archive, clock, run_job, settled  # noqa: F401
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import exchange, run

OTHER = 2002  # a second reader, whose alert was claimed when the process died, before Telegram answered


def test_a_claim_lost_mid_send_is_never_sent_again_nor_anything_twice_across_restarts(
        fake_bot_api: FakeBotApi, archive: Archive, caplog: pytest.LogCaptureFixture) -> None:
    fake = fake_bot_api

    async def session(act) -> None:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                await act(bot.app)

    async def save(app: Application) -> None:
        for user, text in ((USER_ID, "/alert 数字化城管"), (OTHER, "/alert 数字化城管"), (USER_ID, "/alert 周例会")):
            await exchange(fake, lambda: fake.send_message(text, user_id=user), user)

    async def alerted(app: Application) -> None:
        await fake.wait_messages(USER_ID, 3, timeout=30)
        await alert_jobs.check_new_issues(app)

    run(session(save), timeout=40)
    archive.add_issue()  # while the bot is down
    ledger = open_alerts(archive.data).ledger
    [other_search] = open_alerts(archive.data).of_chat(OTHER)
    lost = other_search.key("005_new-08")
    assert ledger.claim(OTHER, ALERT, [lost], NEW_FILE, dt.date(2021, 10, 14), clock()()) == (lost,)
    with caplog.at_level(logging.INFO, logger="bot.telegram.alert_jobs"):
        run(session(alerted), timeout=60)
    [alert] = fake.messages(USER_ID)[2:]
    assert alert["text"].startswith("<b>关注提醒：《许昌日报》2021年10月14日 有 2 篇报道</b>")
    assert fake.messages(OTHER)[1:] == []  # its one alert was claimed before the crash: never sent
    assert f"alert {lost} for chat {OTHER} claimed at" in "\n".join(caplog.messages)
    assert any("never confirmed: not sent again" in m for m in caplog.messages)
    # a crash after sending, before the issue was marked checked: the next start checks it again
    with sqlite3.connect(archive.data / DB_NAME) as db:
        db.execute("DELETE FROM alert_issues WHERE issue_key = ?", (NEW_FILE,))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="bot.telegram.alert_jobs"):
        run(session(lambda app: alert_jobs.check_new_issues(app)), timeout=60)
    assert fake.messages(USER_ID)[2:] == [alert] and fake.messages(OTHER)[1:] == []
    assert any(f"alert about {NEW_FILE} for chat {USER_ID} was claimed already" in m for m in caplog.messages)
    assert [state for _, _, state in ledger.records(USER_ID, ALERT)] == ["sent", "sent"]
    assert ledger.records(OTHER, ALERT) == ((lost, "2021-10-14", "claimed"),)


def test_a_failed_alert_is_retried_and_a_403_removes_the_chats_alerts_and_subscription(
        fake_bot_api: FakeBotApi, archive: Archive, caplog: pytest.LogCaptureFixture) -> None:
    fake = fake_bot_api
    fake.set_member_status("creator")

    async def scenario() -> tuple[list[tuple[str, float, object]], list[str]]:
        with ChatStore.open(archive.data) as store:
            async with alert_bot(fake, archive, store, clock()) as bot:
                await settled(bot.app)
                for text in ("/alert 数字化城管", "/subscribe 08:00"):
                    await exchange(fake, lambda: fake.send_group_message(text), GROUP_ID)
                fake.fail_next("sendMessage", error_code=400, chat_id=GROUP_ID, description="Bad Request: try later")
                archive.add_issue()
                name = f"alert-retry:{GROUP_ID}:{NEW_FILE}"
                for _ in range(800):
                    if bot.app.job_queue.get_jobs_by_name(name):
                        break
                    await asyncio.sleep(0.025)
                retries = [(j.name, (j.next_t - dt.datetime.now(dt.timezone.utc)).total_seconds(), j.data)
                           for j in bot.app.job_queue.get_jobs_by_name(name)]
                fake.fail_next("sendMessage", error_code=403, chat_id=GROUP_ID,
                               description="Forbidden: bot was kicked from the supergroup chat")
                await run_job(bot.app, alert_jobs.retry_job, GROUP_ID, retries[0][2] if retries else None)
                return retries, [j.name for j in bot.app.job_queue.jobs() if j.name.startswith("digest:")]

    with caplog.at_level(logging.WARNING):
        retries, daily = run(scenario(), timeout=60)
    [(name, seconds, data)] = retries
    assert name == f"alert-retry:{GROUP_ID}:{NEW_FILE}" and 55 < seconds <= 60 and data == (NEW_FILE, None, 1)
    assert daily == []
    assert open_alerts(archive.data).of_chat(GROUP_ID) == () and open_store(archive.data).get(GROUP_ID) is None
    assert open_alerts(archive.data).ledger.records(GROUP_ID, ALERT) == ()  # both tries released their claims
    with ChatStore.open(archive.data) as store:
        assert store.is_blocked(GROUP_ID)
    assert f"chat {GROUP_ID} refused the alert (Forbidden: bot was kicked from the supergroup chat): unsubscribed" \
        in caplog.messages
    assert f"chat {GROUP_ID}: its 1 saved search(es) removed" in caplog.messages
    assert len(fake.calls("sendMessage")) == 4  # two replies and the two refused alerts
