"""The Telegram application: one function builds it from settings, the engine and the chat store.

`build_application(settings, engine, store)` returns a python-telegram-bot `Application` with the
rate limiter on (a 429 is retried after its retry_after), every handler of the bot, the command
list registered at start-up, and one error handler that logs and apologises. It does not start it:
`bot.commands_serve.serve` runs it (polling or webhook), the tests run it against a fake Bot API.

Shared objects live in one frozen `BotServices` (bot/telegram/services.py) in
`application.bot_data[SERVICES]`; a handler or job gets them with `services(context)`. Library
work goes through `await services(context).run(fn, ..., cost=len(question))`, which runs it in a worker
thread, two calls at a time, the cheapest waiting one next (bot/telegram/gate.py), so the event loop
keeps serving other chats and a quick question is not held behind long ones.

Adding to the bot (the daily digests do this):
- Handlers: write `async def cmd(update, context)` in a module of its own and add it to the
  application that `build_application` returned, before it starts:
  `app.add_handler(CommandHandler("subscribe", cmd))`. Commands also go into `COMMANDS`' list
  by passing `commands=` to `build_application`, so setMyCommands shows them.
- Start-up work: pass `on_start=[async def f(app)]` to `build_application`; each runs in post_init,
  after setMyCommands, before updates arrive (e.g. re-register jobs from the database).
- Jobs: `app.job_queue.run_daily(callback, time, name=f"digest:{chat_id}", chat_id=chat_id)`;
  `send_html` from `bot.telegram.replies` sends and records a 403 as a blocked chat.
"""

from __future__ import annotations

import logging
import sys
from typing import Any
from collections.abc import Callable, Sequence

from telegram import BotCommand, Update
from telegram.error import Forbidden, InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.telegram import alert_jobs, alerts, browse, buttons, digests, handlers, settings_menu
from bot.telegram.jobs import start_hook
from bot.answer.warm import start_warming
from bot.state.chats import ChatStore
from retrieval import Library
from bot.settings import Settings
from bot.telegram.services import SERVICES, BotServices, StartHook, services
from bot.telegram.webhook import run_webhook

log = logging.getLogger(__name__)
MAX_RETRIES = 3  # a 429 is retried this many times, each after the retry_after Telegram sent
CONCURRENT_UPDATES = 64  # updates handled at once; a chat's lock keeps its questions and /source in order
# Update kinds asked of Telegram; a module that handles another kind adds it here.
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]
WEBHOOK_SECRET = "<webhook secret>"  # what the log prints instead of TELEGRAM_WEBHOOK_SECRET
APOLOGY = "抱歉，处理这条消息时出了点问题，请稍后再试。"
COMMANDS = (
    BotCommand("ask", "提问，例如 /ask 鄢陵县数字城管考核多少分"),
    BotCommand("today", "最新一期的要闻"),
    BotCommand("search", "找报道：关键词，或 作者:胡晨 类型:评论 2021-03..2021-05 等条件"),
    *(BotCommand(name, description) for name, description in browse.COMMANDS),
    BotCommand("source", "查看上一个回答引用的原文，例如 /source 1"),
    BotCommand("about", "存档有多少期、覆盖哪些日期"),
    BotCommand("help", "使用说明"),
    BotCommand("start", "开始"),
)
EXTENSION_COMMANDS = (*digests.COMMANDS, *alerts.COMMANDS, *settings_menu.COMMANDS)


def build_application(
    settings: Settings, engine: Library, store: ChatStore, *,
    commands: Sequence[BotCommand] = (), on_start: Sequence[StartHook] = (),
) -> Application:
    """Build the bot's Application (not started): rate limiter, handlers, commands, error handler."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    _keep_token_out_of_logs(settings.telegram_bot_token.get_secret_value())
    if settings.telegram_webhook_secret is not None:  # setWebhook's parameters are logged at DEBUG
        _keep_token_out_of_logs(settings.telegram_webhook_secret.get_secret_value(), WEBHOOK_SECRET)
    base = settings.telegram_base_url.rstrip("/")
    all_commands = (*COMMANDS, *commands)

    async def post_init(app: Application) -> None:
        start_warming()  # the compiled tree walk and pypinyin, loaded in the background
        await app.bot.set_my_commands(all_commands)
        for hook in on_start:
            await hook(app)

    app = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=MAX_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .build()
    )
    app.bot_data[SERVICES] = BotServices(settings, engine, store)
    handlers.add_handlers(app)
    browse.add_handlers(app)  # before buttons: its own kinds of button data (v:, a:) first
    buttons.add_handlers(app)
    app.add_error_handler(on_error)
    return app


def build_bot(settings: Settings, engine: Library, store: ChatStore, on_start: Sequence[StartHook] = ()) -> Application:
    """Build the whole bot: questions, buttons, inline answers, digests, saved-search alerts, /settings."""
    app = build_application(settings, engine, store, commands=EXTENSION_COMMANDS,
                            on_start=[start_hook(), alert_jobs.start_hook(), settings_menu.start_hook(), *on_start])
    app.add_handlers([*digests.handlers(), *alerts.handlers(), *settings_menu.handlers()])
    return app


def run_bot(settings: Settings, engine: Library, store: ChatStore, webhook: dict[str, Any] | None,
            on_ready: Callable[[str], None] | None = None) -> int:
    """Serve the bot by webhook (given its options) or long polling until stopped; return the exit code.

    `on_ready` is called with the bot's username once Telegram has accepted the token and the
    start-up work is done, just before updates are taken in.
    """
    async def ready(app: Application) -> None:
        if on_ready is not None:
            on_ready(app.bot.username)

    app = build_bot(settings, engine, store, on_start=[ready])
    try:
        if webhook is not None:
            _keep_token_out_of_logs(webhook["secret_token"], WEBHOOK_SECRET)  # also a secret made for this run
            log.info("serving by webhook at %s", settings.telegram_webhook_url)
            run_webhook(app, webhook, ALLOWED_UPDATES)
        else:
            log.info("serving by long polling")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("newsbot serve: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather", file=sys.stderr)
        return 1
    except TelegramError as error:
        token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
        message = error.message.replace(token, "<token>") if token else error.message
        print(f"newsbot serve: Telegram refused: {message}", file=sys.stderr)
        return 1
    return 0


class _RedactToken(logging.Filter):
    """Replace a secret (the bot token, the webhook secret) in a log record's message and traceback
    (PTB logs its API calls with their parameters at DEBUG, and its errors quote the token)."""

    def __init__(self, token: str, placeholder: str = "<token>") -> None:
        super().__init__()
        self.token = token
        self.placeholder = placeholder

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, self.placeholder), None
        if record.exc_info:
            trace = logging.Formatter().formatException(record.exc_info)
            if self.token in trace:  # the formatter prints exc_text when exc_info is gone: the redacted one
                record.exc_text, record.exc_info = trace.replace(self.token, self.placeholder), None
        elif record.exc_text and self.token in record.exc_text:  # redacted already, of another secret
            record.exc_text = record.exc_text.replace(self.token, self.placeholder)
        return True


def _keep_token_out_of_logs(token: str, placeholder: str = "<token>") -> None:
    """Quiet httpx (it logs request URLs, token included, at INFO) and redact a secret in PTB's own lines."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if not token:  # nothing to hide (an empty secret would match everywhere)
        return
    # a handler's filters see every record it writes, whichever logger made it
    loggers = (logging.getLogger("telegram.Bot"), logging.getLogger("telegram.ext.ExtBot"))
    for filtered in (*logging.getLogger().handlers, *loggers):
        if not any(isinstance(f, _RedactToken) and f.token == token for f in filtered.filters):
            filtered.addFilter(_RedactToken(token, placeholder))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception and send the user a short apology (never the traceback)."""
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(context.error, Forbidden) and chat is not None:
        services(context).store.mark_blocked(chat.id, context.error.message)
        log.warning("chat %s refused the bot: %s", chat.id, context.error.message)
        return
    if update is None and context.job is None and isinstance(context.error, TelegramError):
        # Fetching updates failed (Telegram or the network is down): PTB retries with growing
        # pauses, so an outage is one line per retry; the traceback says nothing more.
        log.warning("Telegram unreachable, retrying: %s", context.error)
        log.debug("the failed fetch of updates", exc_info=context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(APOLOGY)
        elif chat is not None:
            await context.bot.send_message(chat.id, APOLOGY)
    except TelegramError as error:
        log.warning("could not apologise in chat %s: %s", chat.id if chat else "-", error)
