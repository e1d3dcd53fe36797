"""The engine's gate: a few calls at once, the cheapest waiting one next, cancelled waiters forgotten."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.gate import Gate


def test_the_cheapest_waiter_enters_next_and_a_cancelled_one_frees_nothing() -> None:
    async def scenario() -> list[str]:
        gate, order = Gate(1), []
        release = asyncio.Event()

        async def job(name: str, cost: int) -> None:
            async with gate.place(cost):
                order.append(name)
                if name == "first":
                    await release.wait()

        first = asyncio.create_task(job("first", 0))
        await asyncio.sleep(0)
        waiters = [asyncio.create_task(job(name, cost)) for name, cost in
                   (("long", 4096), ("gone", 0), ("quick", 10), ("long2", 4000))]
        await asyncio.sleep(0)
        waiters[1].cancel()  # the cheapest, but it left
        release.set()
        await asyncio.gather(first, *waiters, return_exceptions=True)
        return order

    assert asyncio.run(scenario()) == ["first", "quick", "long2", "long"]


def test_a_gate_holds_at_most_its_size() -> None:
    async def scenario() -> int:
        gate, running, most = Gate(2), [0], [0]

        async def job() -> None:
            async with gate.place():
                running[0] += 1
                most[0] = max(most[0], running[0])
                await asyncio.sleep(0.01)
                running[0] -= 1

        await asyncio.gather(*(job() for _ in range(7)))
        return most[0]

    assert asyncio.run(scenario()) == 2
    with pytest.raises(ValueError):
        Gate(0)
