"""The bot in a private chat, end to end: the real Application over HTTP against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from bot.answer.ask import answer
from bot.state.chats import ChatStore
from bot.answer.conversation import more, reply
from retrieval import Library, issue_label
from bot.render.answer import REFUSAL, article_html, citation_line
from bot.render.finds import count_chart
from bot.telegram.replies import answer_messages
from bot.telegram.app import COMMANDS
from bot.telegram.handlers import archive_summary
from bot.telegram.replies import PER_PAGE, search_articles
from tests.fake_bot_api import GROUP_ID, USER_ID, FakeBotApi
from tests.telegram_harness import bot_settings, button_labels, exchange, run, running_bot

QUESTION = "鄢陵县9月份数字化城管考核多少分"
HEADLINE = "我市9月份数字化城市管理绩效考核成绩出炉"
REFUSED = "量子计算机的原理"
TWO_SOURCES = "文明城市"  # answered from two articles, and 更多 finds two others


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    """Return a chat store in a fresh SQLite file."""
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def _cut(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def test_question_gets_the_cited_answer_with_buttons(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                     store: ChatStore, tmp_path: Path) -> None:
    expected = answer_messages(answer(seed_engine, QUESTION))

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            return await exchange(fake_bot_api, lambda: fake_bot_api.send_message(QUESTION), USER_ID)

    [message] = run(scenario())
    assert [message["text"]] == expected
    assert f"[1] 《许昌日报》2021年10月13日《{HEADLINE}》" in message["text"]
    assert (message["parse_mode"], button_labels(message)) == ("HTML", [["原文", "更多"]])
    [call] = fake_bot_api.calls("setMyCommands")
    assert call["params"]["commands"] == [{"command": c.command, "description": c.description} for c in COMMANDS]
    assert {c.command for c in COMMANDS} >= {"start", "help", "ask", "today", "search", "source", "about"}


def test_refusal_offers_the_closest_headlines_as_buttons(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                         store: ChatStore, tmp_path: Path) -> None:
    refusal = answer(seed_engine, REFUSED)
    closest_id = refusal.closest[0].article_id

    async def scenario() -> tuple[dict, dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            [message] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message(REFUSED), USER_ID)
            label = button_labels(message)[0][0]
            [opened] = await exchange(fake_bot_api, lambda: fake_bot_api.press_button(message, label), USER_ID)
            return message, opened

    message, opened = run(scenario())
    assert not refusal.answered and refusal.closest
    assert [message["text"]] == answer_messages(refusal) and message["text"].startswith(REFUSAL)
    assert "最接近的报道" not in message["text"]  # the closest headlines are the buttons, not listed twice
    assert button_labels(message) == [[_cut(h.title)] for h in refusal.closest]
    assert opened["text"] == article_html(*seed_engine.article(closest_id))[0]


def test_source_and_more_buttons_then_typed_more_and_source_command(
        fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore, tmp_path: Path) -> None:
    first, turn = reply(seed_engine, TWO_SOURCES, None)
    second, turn = more(seed_engine, turn)
    third, turn = more(seed_engine, turn)

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            talk = lambda act: exchange(fake_bot_api, act, USER_ID)  # noqa: E731
            [answered] = await talk(lambda: fake_bot_api.send_message(TWO_SOURCES))
            [source] = await talk(lambda: fake_bot_api.press_button(answered, "原文[2]"))
            [next_one] = await talk(lambda: fake_bot_api.press_button(answered, "更多"))
            [typed] = await talk(lambda: fake_bot_api.send_message("更多"))
            [cited] = await talk(lambda: fake_bot_api.send_message("/source 1"))
            [missing] = await talk(lambda: fake_bot_api.send_message("/source 9"))
            return [answered, source, next_one, typed, cited, missing]

    answered, source, next_one, typed, cited, missing = run(scenario())
    assert button_labels(answered) == [["原文[1]", "原文[2]", "更多"]]
    assert source["text"] == article_html(*seed_engine.article(first.citations[1].article_id))[0]
    assert next_one["text"] == answer_messages(second)[0]
    assert next_one["text"].startswith(f"<i>关于“{TWO_SOURCES}”的更多回答：</i>")
    assert typed["text"] == answer_messages(third)[0]
    assert cited["text"] == article_html(*seed_engine.article(turn.sources[0]))[0]
    assert missing["text"] == "上一个回答里没有第 9 条引文。"


def test_search_lists_five_headlines_a_page_with_arrows(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                        store: ChatStore, tmp_path: Path) -> None:
    findings = search_articles(seed_engine, "许昌")
    found = [(f.issue, f.article) for f in findings.found]
    lines = [f"{n}. {escape(citation_line(issue, article))}" for n, (issue, article) in enumerate(found, 1)]
    chart = "<pre>" + escape("\n".join(count_chart(findings.months))) + "</pre>"

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            [listed] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/search 许昌"), USER_ID)
            pages = [listed]
            for arrow, edits in (("▶", 1), ("▶", 2), ("◀", 3)):
                fake_bot_api.press_button(pages[-1], arrow)
                await fake_bot_api.wait_calls("editMessageText", edits)
                pages.append(fake_bot_api.messages(USER_ID)[-1])
            return pages

    first, second, third, back = run(scenario())
    assert len(found) > 3 * PER_PAGE
    header = f"<b>“许昌”相关报道</b>（共 {len(found)} 篇）\n{chart}"
    assert first["text"] == "\n".join([header, *lines[:5]])
    assert second["text"] == "\n".join([header, *lines[5:10]])
    assert third["text"] == "\n".join([header, *lines[10:15]])
    assert "2021-10 ████████████████████ 7" in chart  # the count by month: the busiest month has the longest bar
    assert back == {**second, "edit_date": back["edit_date"]}
    pages = -(-len(found) // PER_PAGE)
    assert button_labels(first)[-1] == ["1/" + str(pages), "▶"]
    assert button_labels(second)[-1] == ["◀", f"2/{pages}", "▶"]
    assert button_labels(first)[:-1] == [[_cut(f"{n}. {a.title}")] for n, (_, a) in enumerate(found[:5], 1)]
    assert store.saved_search(USER_ID, first["message_id"]) == ("许昌", 1)


def test_today_about_and_help(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                              tmp_path: Path) -> None:
    newest = seed_engine.newest_issue()

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            return [(await exchange(fake_bot_api, lambda c=c: fake_bot_api.send_message(c), USER_ID))[0]
                    for c in ("/today", "/about", "/start", "/help")]

    today, about, start, help_ = run(scenario())
    assert today["text"] == f"<b>{issue_label(newest.paper, newest.date, newest.issue_no)}</b> 要闻（点标题看原文）："
    assert button_labels(today) == [[_cut(a.title)] for a in newest.articles if a.kind != "advertisement"]
    assert about["text"] == archive_summary(seed_engine) == \
        "存档收有《许昌日报》共 5 期、45 篇报道，日期从 2020年8月14日 到 2021年10月13日。"
    assert start["text"] == help_["text"] and "@TestNameBot 问题" in start["text"]
    assert all(f"/{c}" in start["text"] for c in ("ask", "today", "search", "source", "about"))


def test_commands_without_arguments_explain_their_use(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                      store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> list[str]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            return [(await exchange(fake_bot_api, lambda c=c: fake_bot_api.send_message(c), USER_ID))[0]["text"]
                    for c in ("/ask", "/search", "/source", "/source x", "/search 火星探测器着陆")]

    ask, search, source, source_x, nothing = run(scenario())
    assert ask.startswith("用法：/ask 问题") and search.startswith("用法：/search 关键词")
    assert source == source_x and source.startswith("用法：/source N")
    assert nothing == "没有找到与“火星探测器着陆”相关的报道。"


def test_search_with_a_very_long_query_clips_the_echo(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                      store: ChatStore, tmp_path: Path) -> None:
    query = "许昌" * 2044  # 4088 characters: with "/search " the longest message Telegram delivers

    async def scenario() -> dict:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            [listed] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/search " + query), USER_ID)
            return listed

    listed = run(scenario())
    header = listed["text"].split("\n")[0]
    assert header.startswith("<b>“" + "许昌" * 10) and "…”相关报道</b>" in header and len(header) < 100
    assert store.saved_search(USER_ID, listed["message_id"]) == (query, 0)  # the pages search the whole query


@pytest.mark.parametrize("data", ["p:²:x", "p:١:x", "s:²", "s:١", "s:-1"])
def test_a_forged_page_number_is_an_expired_button(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                   store: ChatStore, tmp_path: Path, data: str) -> None:
    async def scenario() -> None:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            [listed] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/search 许昌"), USER_ID)
            fake_bot_api.clear_calls()
            fake_bot_api.send_callback_query(listed, data)
            await fake_bot_api.wait_calls("answerCallbackQuery")

    run(scenario())
    [answered] = fake_bot_api.calls("answerCallbackQuery")
    assert answered["params"]["text"] == "这个按钮已经失效，请重新提问或搜索。"


def test_an_unknown_command_gets_a_one_line_hint(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                 store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            sent = [(await exchange(fake_bot_api, lambda c=c: fake_bot_api.send_message(c), USER_ID))[0]
                    for c in ("/foo", f"/foo@{fake_bot_api.bot_username} bar", "/<b>", "/about")]
            await asyncio.sleep(0.2)  # time for a hint after /about, which must not come
            return [*sent, *fake_bot_api.messages(USER_ID)[len(sent):]]

    messages = run(scenario())
    assert [m["text"] for m in messages[:3]] == [
        "没有 /foo 这个命令。发 /help 看我能做什么，或者直接提问。",
        "没有 /foo 这个命令。发 /help 看我能做什么，或者直接提问。",
        "没有 /&lt;b&gt; 这个命令。发 /help 看我能做什么，或者直接提问。"]  # HTML, escaped
    assert len(messages) == 4 and messages[3]["text"].startswith("存档收有")


def test_a_photo_whose_caption_is_a_question_gets_the_answer(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                             store: ChatStore, tmp_path: Path) -> None:
    group = {"id": GROUP_ID, "type": "supergroup", "title": "读报群"}

    async def scenario() -> tuple[list[dict], list[dict], list[dict]]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            private = await exchange(fake_bot_api, lambda: fake_bot_api.send_photo(QUESTION), USER_ID)
            asked = await exchange(fake_bot_api, lambda: fake_bot_api.send_photo(
                f"@{fake_bot_api.bot_username} {QUESTION}", chat=group), GROUP_ID)
            fake_bot_api.send_photo("没有提到机器人的照片", chat=group)
            await asyncio.sleep(0.3)  # a reply to the photo nobody addressed would be here by now
            return private, asked, fake_bot_api.messages(GROUP_ID)

    private, asked, group_messages = run(scenario())
    expected = answer_messages(answer(seed_engine, QUESTION))
    assert [m["text"] for m in private] == expected[:1] and [m["text"] for m in asked] == expected[:1]
    assert len(group_messages) == 1
