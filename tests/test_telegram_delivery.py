"""Delivery: 429 retried, 403 recorded, errors apologised for, state kept over a restart, webhooks,
and many chats at once, end to end against the fake Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from telegram.error import BadRequest

from bot.answer.ask import answer
from bot.state.chats import ChatStore
from bot.answer.conversation import more, reply
from retrieval import Library
from bot.render.answer import article_html
from bot.telegram.replies import answer_messages
from bot.telegram.app import APOLOGY
from bot.telegram.services import ENGINE_WORKERS, services
from tests.conftest import long_question
from tests.fake_bot_api import USER_ID, FakeBotApi
from tests.telegram_harness import (WEBHOOK_SECRET, bot_settings, exchange, free_port, run, running_bot,
                                    webhook_settings)

QUESTION = "鄢陵县9月份数字化城管考核多少分"
QUESTIONS = (QUESTION, "文明城市", "许昌的志愿者", "中德产业园", "量子计算机的原理")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    """Return a chat store in a fresh SQLite file."""
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def test_429_is_retried_after_retry_after(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                          tmp_path: Path) -> None:
    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            fake_bot_api.fail_next("sendMessage", error_code=429, retry_after=1)
            return await exchange(fake_bot_api, lambda: fake_bot_api.send_message(QUESTION), USER_ID)

    [message] = run(scenario())
    assert message["text"] == answer_messages(answer(seed_engine, QUESTION))[0]
    first, second = fake_bot_api.calls("sendMessage")
    assert (first["status"], second["status"]) == (429, 200)
    assert second["time"] - first["time"] >= 1.0


def test_403_records_the_blocked_chat_and_is_not_retried(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                         store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> tuple[list[int], str | None, list[dict]]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            fake_bot_api.fail_next("sendMessage", error_code=403, chat_id=USER_ID)
            fake_bot_api.send_message(QUESTION)
            await fake_bot_api.wait_calls("sendMessage")
            await asyncio.sleep(0.3)  # a retry or an apology would be sent by now
            statuses = [c["status"] for c in fake_bot_api.calls("sendMessage")]
            blocked = store.blocked_reason(USER_ID)
            # The reader unblocks the bot and asks again: the block is forgotten.
            again = await exchange(fake_bot_api, lambda: fake_bot_api.send_message(QUESTION), USER_ID)
            return statuses, blocked, again

    statuses, blocked, [again] = run(scenario())
    assert statuses == [403]
    assert blocked == "Forbidden: bot was blocked by the user"
    assert again["text"] == answer_messages(answer(seed_engine, QUESTION))[0]
    assert not store.is_blocked(USER_ID)


def test_an_error_is_logged_and_the_user_gets_an_apology(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                        store: ChatStore, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[list[dict], list[BaseException]]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store,
                               allowed_errors=(BadRequest,)) as bot:
            fake_bot_api.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found")
            sent = await exchange(fake_bot_api, lambda: fake_bot_api.send_message(QUESTION), USER_ID)
        return sent, bot.errors

    with caplog.at_level(logging.ERROR, logger="bot.telegram.app"):
        [apology], errors = run(scenario())
    assert apology["text"] == APOLOGY and "Traceback" not in apology["text"]
    assert [type(e) for e in errors] == [BadRequest]
    [record] = [r for r in caplog.records if r.name == "bot.telegram.app"]
    assert (record.getMessage(), record.exc_info[1]) == ("error while handling an update", errors[0])


def test_a_restart_keeps_each_chats_state(fake_bot_api: FakeBotApi, seed_engine: Library, tmp_path: Path) -> None:
    settings = bot_settings(tmp_path, fake_bot_api)
    first, turn = reply(seed_engine, "文明城市", None)
    second, turn = more(seed_engine, turn)

    async def before() -> dict:
        with ChatStore.open(tmp_path) as store:
            async with running_bot(fake_bot_api, settings, seed_engine, store):
                [answered] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("文明城市"), USER_ID)
        return answered

    async def after(answered: dict) -> list[dict]:
        with ChatStore.open(tmp_path) as store:  # a new store and a new application: a restart
            async with running_bot(fake_bot_api, settings, seed_engine, store):
                [next_one] = await exchange(fake_bot_api, lambda: fake_bot_api.press_button(answered, "更多"), USER_ID)
                [cited] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/source 2"), USER_ID)
        return [next_one, cited]

    answered = run(before())
    next_one, cited = run(after(answered))
    assert answered["text"] == answer_messages(first)[0]
    assert next_one["text"] == answer_messages(second)[0]
    assert cited["text"] == article_html(*seed_engine.article(turn.sources[1]))[0]
    assert len(fake_bot_api.messages(USER_ID)) == 3  # the first question was not answered twice


def test_webhook_mode_needs_the_secret_token(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                             tmp_path: Path) -> None:
    port = free_port()
    settings = webhook_settings(tmp_path, fake_bot_api, port)

    async def scenario() -> tuple[list[dict], list[int]]:
        async with running_bot(fake_bot_api, settings, seed_engine, store):
            update = fake_bot_api.send_message(QUESTION)  # the fake posts it with the secret header
            await fake_bot_api.wait_messages(USER_ID)  # answered before the forged updates
            forged = {**update, "update_id": update["update_id"] + 1000,
                      "message": {**update["message"], "text": "伪造的问题"}}
            right = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "Content-Type": "application/json"}
            async with httpx.AsyncClient(timeout=5) as client:
                statuses = [(await client.post(settings.telegram_webhook_url, json=forged, headers=headers)).status_code
                            for headers in ({"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {})]
                # the right secret with a body that is no update: 400, not 500 (and nothing answered)
                statuses += [(await client.post(settings.telegram_webhook_url, content=body, headers=right)).status_code
                             for body in (b"garbage", b"\xff\xfe{", b"[1, 2]", b'{"update_id": "x"}', b"")]
            await asyncio.sleep(0.2)  # a forged update, if accepted, would be answered by now
            return fake_bot_api.messages(USER_ID), statuses

    messages, statuses = run(scenario())
    assert [m["text"] for m in messages] == answer_messages(answer(seed_engine, QUESTION))
    assert statuses == [403, 403, 400, 400, 400, 400, 400]
    [hook] = fake_bot_api.calls("setWebhook")
    assert (hook["params"]["url"], hook["params"]["secret_token"]) == (settings.telegram_webhook_url, WEBHOOK_SECRET)
    assert fake_bot_api.calls("getUpdates") == []


def test_many_chats_asking_at_once_are_all_answered(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                    store: ChatStore, tmp_path: Path) -> None:
    chats = {2000 + n: QUESTIONS[n % len(QUESTIONS)] for n in range(20)}
    expected = {q: answer_messages(answer(seed_engine, q))[0] for q in QUESTIONS}

    async def scenario() -> dict[int, list[str]]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            for chat_id, question in chats.items():
                fake_bot_api.send_message(question, user_id=chat_id)
            await fake_bot_api.wait_calls("sendMessage", len(chats), timeout=10)
            await asyncio.sleep(0.2)
            return {chat_id: [m["text"] for m in fake_bot_api.messages(chat_id)] for chat_id in chats}

    assert run(scenario()) == {chat_id: [expected[q]] for chat_id, q in chats.items()}


def test_a_busy_engine_does_not_stall_other_chats(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                                  tmp_path: Path) -> None:
    async def scenario() -> tuple[list[dict], list[dict], list[dict]]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store) as bot:
            gate = services(bot.app).gate
            async with contextlib.AsyncExitStack() as busy:
                for _ in range(ENGINE_WORKERS):  # every engine worker is busy with someone's long question
                    await busy.enter_async_context(gate.place())
                fake_bot_api.send_message(QUESTION, user_id=3001)
                helped = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/help", user_id=3002), 3002)
                waiting = fake_bot_api.messages(3001)
            return helped, waiting, await fake_bot_api.wait_messages(3001)

    helped, waiting, answered = run(scenario())
    assert helped[0]["text"].startswith("<b>《许昌日报》问答</b>") and waiting == []
    assert [m["text"] for m in answered] == answer_messages(answer(seed_engine, QUESTION))


def test_a_quick_question_is_not_held_behind_long_ones(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                       store: ChatStore, tmp_path: Path) -> None:
    slow = {3100 + n: long_question()[n * 7:] for n in range(10)}  # ten different 4000-character questions
    quick = 3200

    async def scenario() -> list[int]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            for chat_id, question in slow.items():
                fake_bot_api.send_message(question, user_id=chat_id)
            fake_bot_api.send_message(QUESTION, user_id=quick)
            for chat_id in [*slow, quick]:
                await fake_bot_api.wait_messages(chat_id, timeout=15)
            return [c["params"]["chat_id"] for c in fake_bot_api.calls("sendMessage")]

    order = list(dict.fromkeys(int(chat) for chat in run(scenario(), timeout=40)))  # chats by first reply
    assert sorted(order) == sorted([*slow, quick])
    # asked last, answered among the first: only long questions already running when it arrived go
    # before it (two, when all eleven come in one getUpdates; a few more if the fetch is split)
    assert order.index(quick) < len(slow) // 2, order


def test_the_webhook_secret_never_reaches_the_log(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                                  tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    settings = webhook_settings(tmp_path, fake_bot_api, port)
    caplog.set_level(logging.DEBUG)

    async def scenario() -> None:
        async with running_bot(fake_bot_api, settings, seed_engine, store):
            fake_bot_api.send_message(QUESTION)
            await fake_bot_api.wait_messages(USER_ID)

    run(scenario())
    assert any("setWebhook" in r.getMessage() and "<webhook secret>" in r.getMessage() for r in caplog.records)
    logged = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert WEBHOOK_SECRET not in logged and fake_bot_api.token not in logged
