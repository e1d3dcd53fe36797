"""Long replies: an article longer than a message is paged with ◀ ▶, a long reply is split in order.

The archive here is one seed issue in which an article's sentence was made 5,000 characters long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import CallbackContext

from bot.answer.ask import answer
from bot.state.chats import ChatStore
from bot.engine import build_engine
from retrieval import Library
from bot.render.answer import TELEGRAM_LIMIT, article_html, split_html
from bot.telegram.replies import send_html
from tests.conftest import SEEDS, seed_settings
from tests.fake_bot_api import USER_ID, FakeBotApi
from tests.telegram_harness import bot_settings, button_labels, exchange, run, running_bot

SEED = "000_5ebacb5347f1c782.txt"
SENTENCE = "当月,在县(市)组中,襄城县、鄢陵县、禹州市考评成绩均在98分以上,成绩优秀。"
FILLER = "".join(f",第{i}项指标城市道路、园林绿化、市容环境卫生、违法建设治理均达标" for i in range(1, 130))


@pytest.fixture(scope="module")
def long_engine(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Return an engine over one seed issue with one very long article."""
    corpus = tmp_path_factory.mktemp("long-corpus")
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    assert SENTENCE in text
    (corpus / SEED).write_text(text.replace(SENTENCE, SENTENCE[:-1] + FILLER + "。"), encoding="utf-8")
    engine = build_engine(seed_settings(tmp_path_factory.mktemp("long-data"), corpus_dir=corpus))
    engine.open()
    return engine


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ChatStore]:
    """Return a chat store in a fresh SQLite file."""
    with ChatStore.open(tmp_path) as chat_store:
        yield chat_store


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&quot;", '"').replace("&amp;", "&")


def test_a_long_article_is_paged_within_one_message(fake_bot_api: FakeBotApi, long_engine: Library,
                                                    store: ChatStore, tmp_path: Path) -> None:
    question = "鄢陵县9月份数字化城管考核多少分"
    cited = answer(long_engine, question).citations[0].article_id
    pages = article_html(*long_engine.article(cited))

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), long_engine, store):
            [answered] = await exchange(fake_bot_api, lambda: fake_bot_api.send_message(question), USER_ID)
            [shown] = await exchange(fake_bot_api, lambda: fake_bot_api.press_button(answered, "原文"), USER_ID)
            seen = [shown]
            for arrow, edits in (("▶", 1), ("▶", 2), ("◀", 3)):
                fake_bot_api.press_button(seen[-1], arrow)
                await fake_bot_api.wait_calls("editMessageText", edits)
                seen.append(fake_bot_api.messages(USER_ID)[-1])
            return seen

    first, second, third, back = run(scenario())
    assert len(pages) == 3 and FILLER[-20:] in _plain("".join(pages))
    assert all(len(_plain(p)) <= TELEGRAM_LIMIT for p in pages)
    assert [first["text"], second["text"], third["text"], back["text"]] == [*pages, pages[1]]
    assert [button_labels(m) for m in (first, second, third)] == [
        [["1/3", "▶"]], [["◀", "2/3", "▶"]], [["◀", "3/3"]]]
    assert len({first["message_id"], second["message_id"], third["message_id"]}) == 1


def test_a_long_reply_is_sent_in_order_with_buttons_under_the_last(fake_bot_api: FakeBotApi, long_engine: Library,
                                                                   store: ChatStore, tmp_path: Path) -> None:
    sentences = [f"第{i}句：许昌市城市管理考核“优秀”，成绩{i}分。" for i in range(400)]
    messages = split_html([f"<b>{escape(s)}</b>" if i % 50 == 0 else escape(s) for i, s in enumerate(sentences)])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多", callback_data="m")]])

    async def scenario() -> list[dict]:
        async with running_bot(fake_bot_api, bot_settings(tmp_path, fake_bot_api), long_engine, store) as bot:
            await send_html(CallbackContext(bot.app), USER_ID, messages, markup)
        return fake_bot_api.messages(USER_ID)

    sent = run(scenario())
    assert len(messages) > 2 and [m["text"] for m in sent] == messages
    assert all(m.endswith(("。", "。</b>")) for m in messages[:-1])  # cut at sentence ends only
    assert [button_labels(m) for m in sent] == [[]] * (len(sent) - 1) + [[["更多"]]]
