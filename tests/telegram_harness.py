"""Run newsbot's real Telegram application against the fake Bot API server (for any bot test).

    settings = bot_settings(tmp_path, fake)
    async with running_bot(fake, settings, seed_engine, store) as bot:
        fake.send_message("问题")
        [reply] = await fake.wait_messages(USER_ID)

`running_bot` builds the application with `bot.telegram_app.build_application` (pass `commands`,
`on_start` or `extra_handlers` to add to it, as the digests do), starts it the manual way (initialize,
post_init, polling every 0.02 s or a webhook, start) and stops it on exit. PTB swallows handler
exceptions: an extra error handler records them, and the block fails when one was raised, unless
its type is in `allowed_errors` (then the test checks `bot.errors` itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, BaseHandler, ContextTypes

from bot.state.chats import ChatStore
from bot.cli.serve import webhook_options, webhook_secret
from retrieval import Library
from bot.settings import Settings
from bot.telegram.app import ALLOWED_UPDATES, StartHook, build_application
from bot.telegram.webhook import webhook_server
from tests.conftest import seed_settings
from tests.fake_bot_api import FakeBotApi

TEST_TIMEOUT = 20.0  # seconds for a whole scenario; the waits inside have shorter ones
WEBHOOK_SECRET = "hook-secret_1"


def run(scenario: Awaitable[Any], timeout: float = TEST_TIMEOUT) -> Any:
    """Run an async scenario with a hard time limit (pytest-asyncio is not used)."""
    return asyncio.run(asyncio.wait_for(scenario, timeout))


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_settings(data_dir: Path, fake: FakeBotApi, **extra: Any) -> Settings:
    """Return settings for a bot talking to `fake`, keeping its chat state in data_dir."""
    return seed_settings(data_dir, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.url, **extra)


def webhook_settings(data_dir: Path, fake: FakeBotApi, port: int, **extra: Any) -> Settings:
    """Return settings for webhook mode on 127.0.0.1:port, with the secret WEBHOOK_SECRET."""
    return bot_settings(data_dir, fake, TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/hook",
                        TELEGRAM_WEBHOOK_PORT=port, TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, **extra)


@dataclass
class RunningBot:
    """A started application and the exceptions its handlers raised."""

    app: Application
    errors: list[BaseException] = field(default_factory=list)


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeBotApi, settings: Settings, engine: Library, store: ChatStore, *,
    commands: Sequence[BotCommand] = (), on_start: Sequence[StartHook] = (),
    extra_handlers: Sequence[BaseHandler] = (), allowed_errors: tuple[type[BaseException], ...] = (),
) -> AsyncIterator[RunningBot]:
    """Run the bot against `fake` by polling (or by webhook when settings name a webhook URL)."""
    app = build_application(settings, engine, store, commands=commands, on_start=on_start)
    app.add_handlers(list(extra_handlers))
    bot = RunningBot(app)

    async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot.errors.append(context.error)  # type: ignore[arg-type]

    app.add_error_handler(record_error)
    await app.initialize()
    try:
        async with contextlib.AsyncExitStack() as webhook:
            if app.post_init:
                await app.post_init(app)
            if settings.telegram_webhook_url:  # the server `newsbot serve` runs
                options = webhook_options(settings, webhook_secret(settings))
                await webhook.enter_async_context(webhook_server(app, options, ALLOWED_UPDATES))
            else:
                await app.updater.start_polling(poll_interval=0.02, allowed_updates=ALLOWED_UPDATES)
            await app.start()
            yield bot
    finally:  # undo only what was started, so a failed start-up shows its own error
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
    unexpected = [e for e in bot.errors if not isinstance(e, allowed_errors)]
    if unexpected:
        raise AssertionError(f"a handler raised: {unexpected!r}") from unexpected[0]


def button_labels(message: dict[str, Any]) -> list[list[str]]:
    """Return the labels of a message's inline keyboard, row by row."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [[button["text"] for button in row] for row in rows]


async def exchange(fake: FakeBotApi, send: Callable[[], Any], chat_id: int, count: int = 1,
                   timeout: float = 5.0) -> list[dict[str, Any]]:
    """Do `send` (a user action on the fake) and return the next `count` bot messages in chat_id."""
    before = len(fake.messages(chat_id))
    send()
    return (await fake.wait_messages(chat_id, before + count, timeout))[before:]


class FixedClock:
    """The bot's clock for digests and alerts: what time it is for the bot, set by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now
