"""The webhook server: Telegram's POSTs in, updates onto the application's queue.

PTB's own server answers the right secret with a body that is not JSON by HTTP 500 (its handler
lets the decoding error out, with a traceback in the log). This one, on tornado like PTB's, refuses
a request without the secret token with 403 and a body that holds no update with 400, one log line
each, and queues every other update as PTB's does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _Updates(tornado.web.RequestHandler):
    """Take one update from Telegram: 403 without the secret, 400 for a body that holds no update."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, app: Application, secret: str) -> None:
        self.app, self.secret = app, secret  # tornado passes handler arguments here

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook: refused a request without the right secret token (403)")
            raise tornado.web.HTTPError(403)
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # not UTF-8, not JSON, not an update
            log.warning("webhook: refused a body that holds no update (400): %s", str(exc)[:200])
            raise tornado.web.HTTPError(400) from None
        self.app.bot.insert_callback_data(update)
        await self.app.update_queue.put(update)


class _Server(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Log nothing per request: the handler logs what went wrong, once."""


@asynccontextmanager
async def webhook_server(app: Application, options: dict[str, Any], allowed_updates: Sequence[str]) -> AsyncIterator[None]:
    """Register the webhook with Telegram and serve it (options as `bot.cli.serve.webhook_options` makes them)."""
    routes = [(rf"/{re.escape(options['url_path'])}/?", _Updates, {"app": app, "secret": options["secret_token"]})]
    server = tornado.httpserver.HTTPServer(_Server(routes))
    server.listen(options["port"], address=options["listen"])
    try:
        await app.bot.set_webhook(options["webhook_url"], allowed_updates=list(allowed_updates),
                                  secret_token=options["secret_token"])
        yield
    finally:
        server.stop()
        await server.close_all_connections()


def run_webhook(app: Application, options: dict[str, Any], allowed_updates: Sequence[str]) -> None:
    """Run the application behind the webhook server until SIGINT or SIGTERM (what PTB's run_webhook does)."""
    asyncio.run(_serve(app, options, allowed_updates))


async def _serve(app: Application, options: dict[str, Any], allowed_updates: Sequence[str]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with app:  # initialize, and shut down at the end
        if app.post_init:
            await app.post_init(app)
        async with webhook_server(app, options, allowed_updates):
            await app.start()
            try:
                await stop.wait()
            finally:
                await app.stop()
