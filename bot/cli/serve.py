"""`newsbot serve`: run the Telegram bot until SIGINT or SIGTERM, by long polling or by webhook.

Long polling is the default. With TELEGRAM_WEBHOOK_URL set the bot registers that URL with
Telegram and listens on TELEGRAM_WEBHOOK_LISTEN:TELEGRAM_WEBHOOK_PORT (behind a reverse proxy
that terminates HTTPS) at the URL's path; requests without the secret token header
(TELEGRAM_WEBHOOK_SECRET, or a random one made for this run) are refused with 403.
Telegram's modules are imported only when the bot runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
from typing import Any
from urllib.parse import urlsplit

from bot.settings import Settings
from retrieval import Library

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand."""
    serve_parser = subparsers.add_parser("serve", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    serve_parser.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot (the `serve` subcommand)."""
    return serve(settings)


def webhook_options(settings: Settings, secret: str) -> dict[str, Any]:
    """Return the keyword arguments of `run_webhook`/`start_webhook` for these settings."""
    url = settings.telegram_webhook_url or ""
    return {
        "listen": settings.telegram_webhook_listen,
        "port": settings.telegram_webhook_port,
        "url_path": urlsplit(url).path.strip("/"),
        "webhook_url": url,
        "secret_token": secret,
    }


def webhook_secret(settings: Settings) -> str:
    """Return TELEGRAM_WEBHOOK_SECRET, or a random secret for this run when it is not set."""
    if settings.telegram_webhook_secret is not None:
        return settings.telegram_webhook_secret.get_secret_value()
    log.info("TELEGRAM_WEBHOOK_SECRET is not set: using a random secret for this run")
    return secrets.token_urlsafe(32)


def serve(settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; return the exit code (0 after a clean stop)."""
    if settings.telegram_bot_token is None:
        print("newsbot serve: set TELEGRAM_BOT_TOKEN (from @BotFather) in the environment or .env",
              file=sys.stderr)
        return 2
    from bot.engine import build_engine  # noqa: PLC0415 - see the module docstring
    from bot.state.chats import ChatStore  # noqa: PLC0415
    from bot.telegram.app import run_bot  # noqa: PLC0415 - the bot with its daily digests

    engine = build_engine(settings)
    engine.open()  # load or build the index before the first question arrives
    webhook = webhook_options(settings, webhook_secret(settings)) if settings.telegram_webhook_url else None
    mode = f"webhook at {settings.telegram_webhook_url}" if webhook is not None else "long polling"

    def ready(username: str) -> None:
        print(f"newsbot serve: @{username} is up ({mode}); {archive_size(engine)}; Ctrl-C stops it", flush=True)

    with ChatStore.open(settings.data_dir) as store:
        return run_bot(settings, engine, store, webhook, on_ready=ready)


def archive_size(engine: Library) -> str:
    """Return the archive's size in words: `5 issues, 45 articles, 312 passages`."""
    issues = engine.issues()
    articles = sum(len(issue.articles) for issue in issues)
    return f"archive: {len(issues)} issues, {articles} articles, {engine.archive.ranker.num_docs} passages"
