"""Button presses (原文, 更多, ◀ ▶) and inline mode (`@bot 问题` in any chat)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, InlineQueryHandler

from bot.answer.ask import answer
from bot.answer.conversation import Turn, more
from retrieval import Library
from bot.answer.values import Answer
from bot.telegram.replies import (NO_PREVIEW, answer_messages, article_page, edit_html, search_articles,
                                  search_page, send_answer, send_html, topic)
from bot.telegram.services import BotServices, services
from retrieval import Article, Issue

INLINE_RESULTS = 3  # answers offered for one inline query, each from other articles
INLINE_CACHE_SECONDS = 300
_PAGE = re.compile(r"[0-9]{1,6}")
EXPIRED = "这个按钮已经失效，请重新提问或搜索。"
Button = Callable[[Update, ContextTypes.DEFAULT_TYPE, str], Awaitable[None]]


EXTRA_BUTTONS = "buttons"  # bot_data key of the buttons other modules add: {kind: Button}


def add_handlers(app: Application) -> None:
    """Add the button and inline-query handlers to the application."""
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(inline_query))


def add_button(app: Application, kind: str, button: Button) -> None:
    """Route presses of buttons whose data starts with `kind:` to button (for other modules: /settings)."""
    if kind in _BUTTONS:
        raise ValueError(f"button kind {kind!r} is taken")
    app.bot_data.setdefault(EXTRA_BUTTONS, {})[kind] = button


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a button press by the kind before the first colon of its data."""
    query = update.callback_query
    kind, _, rest = (query.data or "").partition(":")
    button = _BUTTONS.get(kind) or context.bot_data.get(EXTRA_BUTTONS, {}).get(kind)
    if button is None or query.message is None:
        await query.answer(EXPIRED)
        return
    await button(update, context, rest)


async def more_answers(update: Update, context: ContextTypes.DEFAULT_TYPE, _: str) -> None:
    """Send the next answers to the question behind the pressed message."""
    s = services(context)
    message = update.callback_query.message
    await update.callback_query.answer()
    async with s.chat_lock(message.chat.id):
        saved = s.store.message_turn(message.chat.id, message.message_id) or s.store.last_turn(message.chat.id)
        result, turn = await s.run(more, s.engine, Turn.from_json(saved) if saved else None)
        await send_answer(context, s.store, message.chat.id, result, turn, thread_id=topic(message))


async def open_article(update: Update, context: ContextTypes.DEFAULT_TYPE, ref: str) -> None:
    """Send the first page of an article."""
    s = services(context)
    found = await _article(s, ref)
    if found is None:
        await update.callback_query.answer("找不到这篇报道了。")
        return
    await update.callback_query.answer()
    text, markup = article_page(s.store, *found, 0)
    await send_html(context, update.callback_query.message.chat.id, [text], markup,
                    thread_id=topic(update.callback_query.message))


async def turn_article_page(update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str) -> None:
    """Show another page of an article in the same message."""
    s = services(context)
    text, _, ref = rest.partition(":")
    page = _page_number(text)
    found = await _article(s, ref) if page is not None else None
    if found is None or page is None:
        await update.callback_query.answer(EXPIRED)
        return
    await update.callback_query.answer()
    await _edit(update, s, *article_page(s.store, *found, page))


async def turn_search_page(update: Update, context: ContextTypes.DEFAULT_TYPE, page: str) -> None:
    """Show another page of /search results in the same message."""
    s = services(context)
    message = update.callback_query.message
    saved = s.store.saved_search(message.chat.id, message.message_id)
    number = _page_number(page)
    if saved is None or number is None:
        await update.callback_query.answer(EXPIRED)
        return
    await update.callback_query.answer()
    found = await s.run(search_articles, s.engine, saved[0], cost=len(saved[0]))  # saved only once it found something
    await _edit(update, s, *search_page(s.store, saved[0], found, number))
    s.store.save_search(message.chat.id, message.message_id, saved[0], number)


def _page_number(text: str) -> int | None:
    """Return the page number our buttons write (ASCII digits), or None for anything else.

    str.isdigit() also accepts ² and ١ (a forged button's data), which int() rejects or reads as 1.
    """
    return int(text) if _PAGE.fullmatch(text) else None


async def ignore(update: Update, context: ContextTypes.DEFAULT_TYPE, _: str) -> None:
    """Answer a press on a label (the page number) with nothing."""
    await update.callback_query.answer()


_BUTTONS: dict[str, Button] = {"m": more_answers, "o": open_article, "p": turn_article_page,
                               "s": turn_search_page, "n": ignore}


async def _article(s: BotServices, ref: str) -> tuple[Issue, Article] | None:
    article_id = s.store.article_id(ref) if ref else None
    return await s.run(s.engine.article, article_id) if article_id else None


async def _edit(update: Update, s: BotServices, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message in place, in the chat's script."""
    await edit_html(update.callback_query, text, markup, s.store.prefs(update.callback_query.message.chat.id).script)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer cited answers to `@bot question` as inline results."""
    s = services(context)
    question = update.inline_query.query.strip()
    found = await s.run(inline_answers, s.engine, question, cost=len(question)) if question else []
    results = [inline_result(result) for result in found]
    await update.inline_query.answer(results, cache_time=INLINE_CACHE_SECONDS)


def inline_answers(engine: Library, question: str) -> list[Answer]:
    """Return up to INLINE_RESULTS answers from different articles (or the one refusal)."""
    found = [answer(engine, question)]
    shown = {c.article_id for c in found[0].citations}
    while found[-1].answered and len(found) < INLINE_RESULTS:
        result = answer(engine, question, found[0].date_range, exclude=frozenset(shown))
        if not result.answered:
            break
        found.append(result)
        shown |= {c.article_id for c in result.citations}
    return found


def inline_result(result: Answer) -> InlineQueryResultArticle:
    """Return an inline result: the answer and its citation, sent as the rendered answer."""
    if result.answered:
        title = f"答：{result.short}" if result.short else result.quote
        description = "\n".join(str(c) for c in result.citations)
    else:
        title = "存档中没有找到答案"
        description = "最接近的报道：" + "；".join(f"《{h.title}》" for h in result.closest) if result.closest else ""
    key = "|".join([result.question, *(c.article_id for c in result.citations)])
    content = InputTextMessageContent(answer_messages(result)[0], parse_mode=ParseMode.HTML,
                                      link_preview_options=NO_PREVIEW)
    return InlineQueryResultArticle(hashlib.blake2b(key.encode(), digest_size=16).hexdigest(), title[:100],
                                    content, description=description[:300] or None)
