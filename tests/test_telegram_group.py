"""Groups (answer only when addressed) and inline mode, end to end against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answer.ask import answer
from bot.state.chats import ChatStore
from bot.answer.conversation import Turn, reply
from retrieval import Library
from bot.telegram.replies import answer_messages
from bot.telegram.buttons import inline_answers
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import bot_settings, exchange, run, running_bot

QUESTION = "鄢陵县9月份数字化城管考核多少分"
FOLLOW_UP = "那长葛市呢"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    """Return a chat store in a fresh SQLite file."""
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def test_group_answers_mentions_replies_and_ask_only(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                    store: ChatStore, tmp_path: Path) -> None:
    fake = fake_bot_api
    first, turn = reply(seed_engine, QUESTION, None)
    follow_up, _ = reply(seed_engine, FOLLOW_UP, turn)
    asked = answer(seed_engine, "文明城市")

    async def scenario() -> tuple[list[dict], dict, dict]:
        async with running_bot(fake, bot_settings(tmp_path, fake), seed_engine, store):
            said = fake.send_group_message("大家好，今天的报纸看了吗")
            fake.send_group_message(QUESTION)  # a question, but not to the bot
            fake.send_group_message("@OtherNewsBot 文明城市")
            fake.send_group_message("/ask@OtherNewsBot 文明城市")
            fake.send_reply("看了", to=said["message"], user_id=1002)
            group = lambda act: exchange(fake, act, GROUP_ID)  # noqa: E731
            mention = {}
            [answered] = await group(lambda: mention.update(fake.send_group_message(f"@{fake.bot_username} {QUESTION}")))
            [followed] = await group(lambda: fake.send_reply(FOLLOW_UP, to=answered, user_id=1002))
            [by_command] = await group(lambda: fake.send_group_message("/ask 文明城市"))
            [empty] = await group(lambda: fake.send_group_message(f"@{fake.bot_username}"))
            await asyncio.sleep(0.2)  # time for a wrong answer to the ignored messages to show up
            return [answered, followed, by_command, empty], mention["message"], fake.messages(GROUP_ID)

    replies, mention, everything = run(scenario())
    answered, followed, by_command, empty = replies
    assert everything == replies and fake.messages(USER_ID) == []
    assert answered["text"] == answer_messages(first)[0]
    assert followed["text"] == answer_messages(follow_up)[0]
    assert followed["text"].startswith(f"<i>接着上一个问题（{QUESTION}），按“")
    assert by_command["text"] == answer_messages(asked)[0]
    assert empty["text"] == "请在 @TestNameBot 后面写上问题。"
    quoted = [c["params"].get("reply_parameters", {}).get("message_id") for c in fake.calls("sendMessage")]
    assert quoted[0] == mention["message_id"] and all(quoted)
    assert Turn.from_json(store.message_turn(GROUP_ID, answered["message_id"])) == turn


def test_inline_query_offers_answers_with_their_citations(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                          store: ChatStore, tmp_path: Path) -> None:
    offered = inline_answers(seed_engine, "文明城市")
    refused = answer(seed_engine, "量子计算机的原理")

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            for n, query in enumerate(("文明城市", "量子计算机的原理", "  "), 1):
                fake_bot_api.send_inline_query(query)
                await fake_bot_api.wait_calls("answerInlineQuery", n)
            return fake_bot_api.calls("answerInlineQuery")

    answered, refusal, empty = [call["params"] for call in run(scenario())]
    assert offered[0].answered and len({r["id"] for r in answered["results"]}) == len(offered) > 1
    for result, expected in zip(answered["results"], offered, strict=True):
        assert result["title"] == (f"答：{expected.short}" if expected.short else expected.quote)[:100]
        assert result["description"] == "\n".join(str(c) for c in expected.citations)
        content = result["input_message_content"]
        assert (content["message_text"], content["parse_mode"]) == (answer_messages(expected)[0], "HTML")
        assert str(expected.citations[0]) in content["message_text"]
    assert [r["title"] for r in refusal["results"]] == ["存档中没有找到答案"]
    assert refusal["results"][0]["input_message_content"]["message_text"] == answer_messages(refused)[0]
    assert empty["results"] == [] and answered["cache_time"] == 300


def test_an_unknown_command_in_a_group_gets_a_hint_only_when_addressed(
        fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore, tmp_path: Path) -> None:
    fake = fake_bot_api

    async def scenario() -> list[dict]:
        async with running_bot(fake, bot_settings(tmp_path, fake), seed_engine, store):
            fake.send_group_message("/foo")  # for any bot in the group: not ours to answer
            fake.send_group_message("/foo@OtherNewsBot")
            [hint] = await exchange(fake, lambda: fake.send_group_message(f"/foo@{fake.bot_username}"), GROUP_ID)
            [again] = await exchange(fake, lambda: fake.send_reply("/bar", to=hint), GROUP_ID)
            await asyncio.sleep(0.2)
            return [hint, again, *fake.messages(GROUP_ID)]

    hint, again, *everything = run(scenario())
    assert everything == [hint, again]
    assert hint["text"] == "没有 /foo 这个命令。发 /help 看我能做什么，或者直接提问。"
    assert again["text"] == "没有 /bar 这个命令。发 /help 看我能做什么，或者直接提问。"
