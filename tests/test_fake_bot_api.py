"""A real python-telegram-bot Application, over real HTTP, against the fake Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from telegram import (BotCommand, InlineKeyboardButton, InlineKeyboardMarkup,
                      InlineQueryResultArticle, InputTextMessageContent, MessageEntity, Update)
from telegram.error import BadRequest, Forbidden
from telegram.ext import (AIORateLimiter, Application, BaseHandler, CallbackQueryHandler,
                          ContextTypes, InlineQueryHandler, MessageHandler, TypeHandler, filters)

from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi

TEST_TIMEOUT = 10.0  # seconds for a whole scenario; every wait inside has its own, shorter one
COMMANDS = [BotCommand("ask", "提问")]


def run(scenario: Awaitable[None]) -> None:
    """Run an async scenario with a hard time limit (pytest-asyncio is not used here)."""
    asyncio.run(asyncio.wait_for(scenario, TEST_TIMEOUT))


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo a text with one inline button."""
    button = InlineKeyboardButton("再说一遍", callback_data="again")
    await update.message.reply_text(update.message.text,
                                    reply_markup=InlineKeyboardMarkup([[button]]))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press and edit the message it came from."""
    await update.callback_query.answer("好")
    await update.callback_query.edit_message_text(f"按了 {update.callback_query.data}")


async def set_commands(app: Application) -> None:
    """Register the command list, as the bot does at start-up."""
    await app.bot.set_my_commands(COMMANDS)


@contextlib.asynccontextmanager
async def running(fake: FakeBotApi, *handlers: BaseHandler,
                  post_init: Callable[[Application], Awaitable[None]] | None = None,
                  ) -> AsyncIterator[Application]:
    """Start an Application against `fake` the manual way; fail if any handler raised."""
    builder = (Application.builder().token(fake.token).base_url(fake.base_url)
               .base_file_url(fake.base_file_url).rate_limiter(AIORateLimiter(max_retries=2)))
    if post_init is not None:
        builder = builder.post_init(post_init)
    app = builder.build()
    app.add_handlers(handlers)
    errors: list[object] = []

    async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)  # PTB would otherwise only log it

    app.add_error_handler(record_error)
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(poll_interval=0.02)
        await app.start()
        yield app
    finally:  # undo only what was started, so a failed start-up shows its own error
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
    if errors:
        raise AssertionError(f"a handler raised: {errors!r}") from errors[0]  # type: ignore[misc]


def test_private_message_gets_echo_and_commands_are_registered(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        async with running(fake_bot_api, MessageHandler(filters.TEXT, echo),
                           post_init=set_commands) as app:
            fake_bot_api.send_message("许昌的新闻")
            [reply] = await fake_bot_api.wait_messages(USER_ID)
            assert await app.bot.get_my_commands() == tuple(COMMANDS)
        assert reply["text"] == "许昌的新闻"
        assert reply["from"]["username"] == fake_bot_api.bot_username == app.bot.username
        [call] = fake_bot_api.calls("setMyCommands")
        assert (call["status"], call["params"]["commands"]) == (
            200, [{"command": "ask", "description": "提问"}])

    run(scenario())


def test_button_press_reaches_callback_handler_and_edits(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        async with running(fake_bot_api, MessageHandler(filters.TEXT, echo),
                           CallbackQueryHandler(on_button)):
            fake_bot_api.send_message("你好")
            [message] = await fake_bot_api.wait_messages(USER_ID)
            fake_bot_api.press_button(message, "再说一遍")
            await fake_bot_api.wait_calls("editMessageText")
        [edited] = fake_bot_api.messages(USER_ID)
        assert (edited["message_id"], edited["text"]) == (message["message_id"], "按了 again")
        assert "reply_markup" not in edited  # an edit without markup drops the keyboard
        [answer] = fake_bot_api.calls("answerCallbackQuery")
        assert (answer["status"], answer["params"]["text"]) == (200, "好")

    run(scenario())


def test_group_mention_reply_and_inline_query_arrive(fake_bot_api: FakeBotApi) -> None:
    updates: asyncio.Queue[Update] = asyncio.Queue()

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await updates.put(update)

    async def answer_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await updates.put(update)
        content = InputTextMessageContent(update.inline_query.query)
        await update.inline_query.answer([InlineQueryResultArticle("1", "答案", content)])

    async def scenario() -> None:
        # The first matching handler of a group wins: the inline handler goes first.
        async with running(fake_bot_api, InlineQueryHandler(answer_inline),
                           TypeHandler(Update, record)) as app:
            next_update = lambda: asyncio.wait_for(updates.get(), 5)  # noqa: E731
            sent_mention = fake_bot_api.send_group_message(f"@{fake_bot_api.bot_username} 新闻")
            mention = (await next_update()).message
            bot_message = await app.bot.send_message(GROUP_ID, "回答")
            [sent] = fake_bot_api.messages(GROUP_ID)
            fake_bot_api.send_reply("还有吗", to=sent)
            reply = (await next_update()).message
            sent_inline = fake_bot_api.send_inline_query("水利")
            inline = (await next_update()).inline_query
            await fake_bot_api.wait_calls("answerInlineQuery")
        assert mention.message_id == sent_mention["message"]["message_id"]
        assert mention.chat.type == "supergroup"
        assert mention.parse_entities([MessageEntity.MENTION]).popitem()[1] == "@TestNameBot"
        assert reply.reply_to_message.message_id == bot_message.message_id == sent["message_id"]
        assert reply.reply_to_message.from_user.id == app.bot.id
        assert (inline.id, inline.query) == (sent_inline["inline_query"]["id"], "水利")
        [call] = fake_bot_api.calls("answerInlineQuery")
        assert (call["status"], call["params"]["results"][0]["title"]) == (200, "答案")

    run(scenario())


def test_webhook_mode_gets_updates_with_the_secret_token(fake_bot_api: FakeBotApi) -> None:
    with socket.socket() as probe:  # a free port for PTB's webhook server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario() -> None:
        app = (Application.builder().token(fake_bot_api.token).base_url(fake_bot_api.base_url)
               .base_file_url(fake_bot_api.base_file_url).build())
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                            webhook_url=f"http://127.0.0.1:{port}/hook",
                                            secret_token="s3cret")
            await app.start()
            try:
                fake_bot_api.send_message("用网钩")
                [reply] = await fake_bot_api.wait_messages(USER_ID)
            finally:
                await app.updater.stop()
                await app.stop()
        assert reply["text"] == "用网钩"
        [hook] = fake_bot_api.calls("setWebhook")
        assert hook["params"]["secret_token"] == "s3cret"

    run(scenario())


def test_429_is_retried_after_retry_after(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        async with running(fake_bot_api, MessageHandler(filters.TEXT, echo)):
            fake_bot_api.fail_next("sendMessage", error_code=429, retry_after=1)
            fake_bot_api.send_message("慢一点")
            [reply] = await fake_bot_api.wait_messages(USER_ID)
        assert reply["text"] == "慢一点"
        first, second = fake_bot_api.calls("sendMessage")
        assert (first["status"], second["status"]) == (429, 200)
        assert second["time"] - first["time"] >= 1.0

    run(scenario())


def test_403_raises_forbidden(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        async with running(fake_bot_api) as app:
            fake_bot_api.fail_next("sendMessage", error_code=403, chat_id=USER_ID)
            with pytest.raises(Forbidden, match="bot was blocked by the user"):
                await app.bot.send_message(USER_ID, "在吗")
            await app.bot.send_message(USER_ID, "在吗")  # only one failure was queued
        assert [c["status"] for c in fake_bot_api.calls("sendMessage")] == [403, 200]

    run(scenario())


def test_text_is_checked_like_telegram(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        async with running(fake_bot_api) as app:
            with pytest.raises(BadRequest, match="(?i)can't parse entities"):
                await app.bot.send_message(USER_ID, "<b>未闭合", parse_mode="HTML")
            with pytest.raises(BadRequest, match="(?i)message is too long"):
                await app.bot.send_message(USER_ID, "长" * 4097)
            # Tags do not count towards the 4096 characters.
            await app.bot.send_message(USER_ID, "<b>" + "长" * 4096 + "</b>", parse_mode="HTML")

    run(scenario())


def test_get_updates_long_polls_and_honours_offset(fake_bot_api: FakeBotApi) -> None:
    async def scenario() -> None:
        url = f"{fake_bot_api.base_url}{fake_bot_api.token}/getUpdates"
        async with httpx.AsyncClient(timeout=5) as client:
            poll = asyncio.create_task(client.post(url, data={"timeout": "3"}))
            await asyncio.sleep(0.1)
            assert not poll.done()  # nothing to deliver yet: the request waits
            fake_bot_api.send_message("醒醒")
            [update] = (await asyncio.wait_for(poll, 1)).json()["result"]
            again = await client.post(url, data={"offset": str(update["update_id"] + 1)})
        assert update["message"]["text"] == "醒醒"
        assert again.json() == {"ok": True, "result": []}

    run(scenario())


def test_a_handler_exception_fails_the_test(fake_bot_api: FakeBotApi) -> None:
    reached = asyncio.Event()

    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reached.set()
        raise ValueError("boom")

    async def scenario() -> None:
        async with running(fake_bot_api, MessageHandler(filters.TEXT, broken)):
            fake_bot_api.send_message("你好")
            await asyncio.wait_for(reached.wait(), 5)  # app.stop() lets the handler finish

    with pytest.raises(AssertionError, match="a handler raised") as raised:
        run(scenario())
    assert isinstance(raised.value.__cause__, ValueError)


def test_port_zero_gives_another_free_port(fake_bot_api: FakeBotApi) -> None:
    with FakeBotApi() as other:
        assert other.port not in (0, fake_bot_api.port)
