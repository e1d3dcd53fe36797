"""A gate for engine work: a few calls at once, the cheapest waiting call next, none waiting for ever.

Answering is CPU work in Python, so threads beyond a couple add nothing but a longer wait for
each. The gate lets `size` calls run; when one ends, the waiting call with the lowest key goes next.
A call's key is when it arrived plus its cost (say a question's length) over `COST_PER_SECOND`:
a quick question overtakes a 4096-character one that arrived less than a second before it, and a
long one waits at most that long for the quick ones arriving after it.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

COST_PER_SECOND = 4096  # a cost of 4096 (the longest Telegram message) counts as arriving 1 s later


class Gate:
    """At most `size` holders at once; the waiter with the lowest (arrival + cost) key enters next."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a gate needs at least one place, got {size}")
        self._free = size
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()  # equal keys enter in arrival order

    @asynccontextmanager
    async def place(self, cost: int = 0) -> AsyncIterator[None]:
        """Hold one place for the body of the `async with`."""
        if self._free > 0 and not self._waiting:
            self._free -= 1
        else:
            loop = asyncio.get_running_loop()
            entry = loop.create_future()
            key = loop.time() + max(cost, 0) / COST_PER_SECOND
            heapq.heappush(self._waiting, (key, next(self._order), entry))
            try:
                await entry
            except asyncio.CancelledError:
                if entry.done() and not entry.cancelled():  # the place was handed over just before
                    self._release()
                raise
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        """Hand the place to the waiter with the lowest key, or free it."""
        while self._waiting:
            _, _, entry = heapq.heappop(self._waiting)
            if not entry.done():  # a waiter cancelled meanwhile has left its entry behind
                entry.set_result(None)
                return
        self._free += 1
