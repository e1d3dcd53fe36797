"""Benchmark the Telegram bot through the fake Bot API: message → reply latency, and 50 chats at once.

The real application (rate limiter on, polling every 0.02 s as in the tests) answers the seed
questions over HTTP on 127.0.0.1. Latency runs one question at a time in one chat: from the moment
the user's message is stored by the fake server to the moment the bot's reply is there. Then 50
readers ask at once, each in their own chat; every chat must get exactly one reply. Last, the slow
chat: ten chats ask 4096-character questions and one more a quick one, whose latency is printed.
Usage: python scripts/bench_telegram.py [--questions N] [--chats N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.state.chats import ChatStore  # noqa: E402
from bot.engine import build_engine  # noqa: E402
from tests.conftest import SEEDS, SHARED_EVAL, long_question, seed_settings  # noqa: E402
from tests.fake_bot_api import FakeBotApi  # noqa: E402
from tests.telegram_harness import bot_settings, running_bot  # noqa: E402


def _questions() -> list[str]:
    path = SHARED_EVAL / "seed_qa_public.jsonl"
    return [json.loads(line)["question"] for line in path.open(encoding="utf-8")]


async def _reply_time(fake: FakeBotApi, chat_id: int, before: int, deadline: float) -> float:
    """Wait until the chat has more than `before` bot messages; return when it was seen."""
    while len(fake.messages(chat_id)) <= before:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no reply in chat {chat_id}")
        await asyncio.sleep(0.002)
    return time.perf_counter()


async def _latency(fake: FakeBotApi, questions: list[str]) -> list[float]:
    """Ask the questions one after another in one chat; return each reply's latency in seconds."""
    return await _latency_in(fake, questions, 5000)


async def _latency_in(fake: FakeBotApi, questions: list[str], chat_id: int) -> list[float]:
    """Ask the questions one after another in chat_id; return each reply's latency in seconds."""
    times = []
    for n, question in enumerate(questions):
        start = time.perf_counter()
        fake.send_message(question, user_id=chat_id)
        times.append(await _reply_time(fake, chat_id, n, start + 10) - start)
    return times


async def _burst(fake: FakeBotApi, questions: list[str], chats: int) -> tuple[float, dict[int, int]]:
    """Let `chats` readers ask at once; return the time until the last reply and replies per chat."""
    ids = [6000 + n for n in range(chats)]
    start = time.perf_counter()
    for n, chat_id in enumerate(ids):
        fake.send_message(questions[n % len(questions)], user_id=chat_id)
    deadline = start + 60
    while sum(1 for c in ids if fake.messages(c)) < chats and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.5)  # a duplicate reply would show up by now
    return elapsed, {c: len(fake.messages(c)) for c in ids}


async def _slow_chat(fake: FakeBotApi, question: str, long: str, others: int) -> tuple[float, float]:
    """Ask `others` long questions in other chats, then a quick one; return its latency and the last long reply's."""
    ids = [7000 + n for n in range(others)]
    start = time.perf_counter()
    for n, chat_id in enumerate(ids):
        fake.send_message(long[n * 7:], user_id=chat_id)  # each a little different
    fake.send_message(question, user_id=7999)
    quick = await _reply_time(fake, 7999, 0, start + 60) - start
    slowest = max([await _reply_time(fake, c, 0, start + 60) for c in ids])
    return quick, slowest - start


async def _bench(args: argparse.Namespace, data: Path) -> int:
    questions = _questions()[: args.questions]
    engine = build_engine(seed_settings(data / "engine", corpus_dir=SEEDS))
    engine.open()
    with FakeBotApi() as fake, ChatStore.open(data / "chats") as store:
        async with running_bot(fake, bot_settings(data / "chats", fake), engine, store):
            await _latency(fake, questions[:3])  # warm up: first jieba and HTTP connections
            fake.reset()
            times = sorted(await _latency(fake, questions))
            elapsed, replies = await _burst(fake, questions, args.chats)
            alone = statistics.median(await _latency_in(fake, questions[:5], 7998))
            quick, slowest = await _slow_chat(fake, questions[0], long_question(), 10)
    p50, p95 = statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    answered = sum(1 for n in replies.values() if n >= 1)
    duplicated = sum(1 for n in replies.values() if n > 1)
    print(f"telegram: message → reply over {len(times)} questions: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"telegram: {args.chats} chats at once: {answered}/{args.chats} answered, "
          f"{args.chats - answered} lost, {duplicated} answered twice, last reply after {elapsed:.2f} s")
    print(f"telegram: slow chat: a quick question while 10 chats ask 4096-character ones: answered after "
          f"{quick * 1000:.0f} ms (alone {alone * 1000:.0f} ms; the last long one after {slowest:.2f} s)")
    return 0 if answered == args.chats and not duplicated else 1


def main() -> int:
    """Run the benchmark; exit non-zero when a chat was not answered exactly once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60, help="questions for the latency run")
    parser.add_argument("--chats", type=int, default=50, help="chats asking at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-telegram-") as data:
        return asyncio.run(_bench(args, Path(data)))


if __name__ == "__main__":
    sys.exit(main())
