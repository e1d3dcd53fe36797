"""/issue, /onthisday and the query language in /search, end to end through the fake Bot API server,
over the seeds plus synthetic issues on other dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from bot.render.answer import article_html
from bot.render.browse import issue_page_html
from bot.state.chats import ChatStore
from bot.telegram.app import COMMANDS
from retrieval import Library, open_issue
from tests.fake_bot_api import USER_ID, FakeBotApi
from tests.telegram_harness import bot_settings, button_labels, exchange, run, running_bot
from tests.test_telegram_long import long_engine  # noqa: F401 - a fixture: one seed issue with a very long article

EXPIRED = "这个按钮已经失效，请重新提问或搜索。"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    """Return a chat store in a fresh SQLite file."""
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def _cut(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


async def _edited(fake: FakeBotApi, message: dict, label: str, edits: int) -> dict:
    """Press a button that edits its message and return the message as edited."""
    fake.press_button(message, label)
    await fake.wait_calls("editMessageText", edits)
    return next(m for m in fake.messages(USER_ID) if m["message_id"] == message["message_id"])


def test_issue_pages_arrows_and_an_article_with_its_page(fake_bot_api: FakeBotApi, synthetic_engine: Library,
                                                          store: ChatStore, tmp_path: Path) -> None:
    view = open_issue(synthetic_engine, dt.date(2021, 3, 3))
    before = open_issue(synthetic_engine, dt.date(2020, 11, 24))
    first, second = view.pages
    opened_title = second.articles[3].title

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), synthetic_engine, store):
            [shown] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/issue 第9382期"), USER_ID)
            page_two = await _edited(fake_bot_api, shown, "第二版 要闻", 1)
            [article] = await exchange(fake_bot_api, lambda: fake_bot_api.press_button(page_two, _cut(opened_title)), USER_ID)
            back = await _edited(fake_bot_api, page_two, "◀ 2020年11月24日", 2)
            return [shown, page_two, article, back]

    shown, page_two, article, back = run(scenario())
    assert shown["text"] == issue_page_html(view, 0) == \
        "<b>《许昌日报》2021年3月3日 第9382期</b>\n第1版（共 2 版，10 篇）：点标题看原文"
    assert button_labels(shown) == [*([_cut(a.title)] for a in first.articles), ["·第1版·", "第二版 要闻"],
                                    ["◀ 2020年11月24日", "2021年5月15日 ▶"]]
    assert page_two["text"] == issue_page_html(view, 1)
    assert button_labels(page_two)[-2] == ["第1版", "·第二版 要闻·"]
    issue, opened = synthetic_engine.article(second.articles[3].id)
    assert article["text"] == article_html(issue, opened)[0]
    siblings = [[_cut("同版：" + a.title)] for a in second.articles if a.id != opened.id]
    assert button_labels(article) == [*siblings, ["返回第二版 要闻"]]
    assert back["text"] == issue_page_html(before, 0) and button_labels(back)[-1] == ["◀ 2020年8月14日", "2021年3月3日 ▶"]


def test_issue_of_a_day_without_one_offers_the_nearest(fake_bot_api: FakeBotApi, synthetic_engine: Library,
                                                         store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), synthetic_engine, store):
            talk = lambda text: exchange(fake_bot_api, lambda: fake_bot_api.send_message(text), USER_ID)  # noqa: E731
            [missing] = await talk("/issue 2021-03-04")
            [chosen] = await talk("/issue")
            [bad] = await talk("/issue 明天见")
            return [missing, chosen, bad]

    missing, newest, bad = run(scenario())
    assert missing["text"] == "2021年3月4日没有报纸；最近的几期：2021年3月3日、2021年5月15日"
    assert button_labels(missing) == [["2021年3月3日", "2021年5月15日"]]
    assert newest["text"].startswith("<b>《许昌日报》2021年10月13日</b>\n第1版（共 1 版，")
    assert button_labels(newest)[-1] == ["◀ 2021年5月15日"]
    assert bad["text"] == ("看不懂“明天见”，请写日期或期号，例如 2021-03-03、2021年3月3日 或 第9382期。"
                           "用法：/issue [YYYY-MM-DD | 第N期]")


@pytest.mark.parametrize("data", ["v:20210304:0", "v:20210303:7", "v:2021033:0", "v:20211341:0", "v:２0210303:0",
                                  "a:nosuch-01", "a:#00ff", "a:"])
def test_forged_browse_buttons_are_expired(fake_bot_api: FakeBotApi, synthetic_engine: Library, store: ChatStore,
                                           tmp_path: Path, data: str) -> None:
    async def scenario() -> None:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), synthetic_engine, store):
            [shown] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/issue"), USER_ID)
            fake_bot_api.clear_calls()
            fake_bot_api.send_callback_query(shown, data)
            await fake_bot_api.wait_calls("answerCallbackQuery")

    run(scenario())
    [answered] = fake_bot_api.calls("answerCallbackQuery")
    assert answered["params"]["text"] == EXPIRED and not fake_bot_api.calls("editMessageText")


def test_on_this_day(fake_bot_api: FakeBotApi, synthetic_engine: Library, store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), synthetic_engine, store):
            talk = lambda text: exchange(fake_bot_api, lambda: fake_bot_api.send_message(text), USER_ID)  # noqa: E731
            return [(await talk(text))[0] for text in ("/onthisday 03-03", "/onthisday", "/onthisday 2-30")]

    march, today, bad = run(scenario())
    lines = march["text"].split("\n")
    assert lines[0] == "<b>历年今日 · 3月3日</b>"
    assert [line for line in lines if line.startswith("<b>《")] == [
        "<b>《许昌日报》2020年3月3日 第9020期</b>（共 10 篇）", "<b>《许昌日报》2019年3月3日 第8660期</b>（共 8 篇）"]
    assert button_labels(march)[0] == [_cut("2020年 重点企业全复工 力争首季“开门红”")] and len(button_labels(march)) == 6
    assert today["text"] == "存档中往年没有10月13日的报纸；最近的日子：2020年11月24日、2020年8月14日"
    assert button_labels(today) == [["翻阅 2020年11月24日"], ["翻阅 2020年8月14日"]]
    assert bad["text"] == "没有 2月30日 这一天，例如 03-03。用法：/onthisday [MM-DD]"


def test_search_by_reporter_lists_his_articles_with_dates(fake_bot_api: FakeBotApi, seed_engine: Library,
                                                          store: ChatStore, tmp_path: Path) -> None:
    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            talk = lambda text: exchange(fake_bot_api, lambda: fake_bot_api.send_message(text), USER_ID)  # noqa: E731
            [listed] = await talk("/search 作者:胡晨")
            second = await _edited(fake_bot_api, listed, "▶", 1)
            [bad] = await talk("/search 类型:小说")
            [none] = await talk("/search 作者:胡晨 类型:评论")
            [asked] = await talk("记者胡晨写过哪些报道？")
            return [listed, second, bad, none, asked]

    listed, second, bad, none, asked = run(scenario())
    lines = listed["text"].split("\n")
    assert lines[0] == "<b>“作者:胡晨”相关报道</b>（共 8 篇）"
    assert lines[1:6] == ["<pre>2020-08 ████████████████████ 3", "2020-11 ███████ 1", "2021-03 ███████ 1",
                          "2021-05 █████████████ 2", "2021-10 ███████ 1</pre>"]
    assert lines[6] == "1. " + escape("《许昌日报》2021年10月13日《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨）")
    assert second["text"].split("\n")[-1].startswith("8. 《许昌日报》2020年8月14日《我市82名专家人才")
    assert bad["text"] == "查询有误：不认识的类型“小说”；可用 新闻 通讯 评论 公告 图片 广告 简讯 续文，例如 类型:评论"
    assert none["text"] == "“作者:胡晨 类型:评论”：没有符合条件（作者:胡晨 类型:评论）的报道。"
    assert "2021年10月13日《中心城区第三十五次城建重点项目周例会召开》（记者 胡晨）" in asked["text"]
    assert "存档中署名有胡晨的报道共8篇" in asked["text"]


def test_new_commands_are_registered_and_in_help(fake_bot_api: FakeBotApi, seed_engine: Library, store: ChatStore,
                                                 tmp_path: Path) -> None:
    async def scenario() -> dict:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), seed_engine, store):
            return (await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/help"), USER_ID))[0]

    help_ = run(scenario())
    [call] = fake_bot_api.calls("setMyCommands")
    registered = [c["command"] for c in call["params"]["commands"]]
    assert {"issue", "onthisday", "search"} <= set(registered) and registered == [c.command for c in COMMANDS]
    assert all(f"/{c}" in help_["text"] for c in ("issue", "onthisday", "search"))
    assert "作者:胡晨" in help_["text"]


def test_a_long_browsed_article_keeps_its_page_while_paged(fake_bot_api: FakeBotApi, long_engine: Library,
                                                           store: ChatStore, tmp_path: Path) -> None:
    view = open_issue(long_engine, long_engine.archive.newest)
    [page] = view.pages
    long = next(a for a in page.articles if len(article_html(*long_engine.article(a.id))) > 1)
    parts = article_html(*long_engine.article(long.id))
    siblings = [[_cut("同版：" + a.title)] for a in page.articles if a.id != long.id]

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), long_engine, store):
            [shown] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message("/issue"), USER_ID)
            [opened] = await exchange(fake_bot_api, lambda: fake_bot_api.press_button(shown, _cut(long.title)), USER_ID)
            turned = await _edited(fake_bot_api, opened, "▶", 1)
            fake_bot_api.clear_calls()
            fake_bot_api.send_callback_query(turned, f"b:{len(parts)}:{long.id}")  # a part it does not have
            await fake_bot_api.wait_calls("answerCallbackQuery")
            return [opened, turned]

    opened, turned = run(scenario())
    assert opened["text"] == parts[0] and turned["text"] == parts[1]
    assert button_labels(opened) == [[f"1/{len(parts)}", "▶"], *siblings, ["返回第1版"]]
    assert button_labels(turned) == [["◀", f"2/{len(parts)}", *(["▶"] if len(parts) > 2 else [])], *siblings, ["返回第1版"]]
    [answered] = fake_bot_api.calls("answerCallbackQuery")
    assert answered["params"]["text"] == EXPIRED
