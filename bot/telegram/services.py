"""What the bot's handlers and jobs share: `BotServices`, kept in `application.bot_data`."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext

from bot.state.chats import ChatStore
from bot.telegram.gate import Gate
from retrieval import Library
from bot.settings import Settings

T = TypeVar("T")
SERVICES = "services"  # the key of BotServices in application.bot_data
ENGINE_WORKERS = 2  # engine calls at once: Python answers on one core at a time, so more only share it
StartHook = Callable[[Application], Awaitable[None]]  # start-up work, run before updates arrive


@dataclass(frozen=True, slots=True)
class BotServices:
    """Settings, the engine and the chat store, shared by every handler and job."""

    settings: Settings
    engine: Library
    store: ChatStore
    gate: Gate = field(default_factory=lambda: Gate(ENGINE_WORKERS))
    _chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary)

    async def run(self, fn: Callable[..., T], *args: Any, cost: int = 0) -> T:
        """Run engine work in a worker thread, off the event loop; `cost` (a question's length) orders the waiting.

        The engine is safe to call from several threads: a loaded archive is an immutable snapshot
        that a refresh replaces whole, and its caches only ever gain the same values.
        """
        async with self.gate.place(cost):
            return await asyncio.to_thread(fn, *args)

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """Return the lock that keeps one chat's questions in order (others run meanwhile)."""
        lock = self._chat_locks.get(chat_id)
        if lock is None:
            lock = self._chat_locks[chat_id] = asyncio.Lock()
        return lock


def services(context: CallbackContext | Application) -> BotServices:
    """Return the shared services from a handler's or job's context, or from the application."""
    app = context if isinstance(context, Application) else context.application
    return app.bot_data[SERVICES]
