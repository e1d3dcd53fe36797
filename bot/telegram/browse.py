"""Browsing in Telegram: /issue (an issue's pages and articles, ◀ ▶ between issues) and /onthisday (历年今日).

Callback data: `v:<YYYYMMDD>:<page>` shows a page of that day's issue (in the same message);
`a:<ref>` opens an article with its page's other articles under it, and `b:<part>:<ref>` turns
such an article's part (a long one is sent a message-full at a time) keeping them. All are checked
against the archive: a date it does not hold, a page or part it does not have, or an unknown
article is an expired button.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import escape

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.render.answer import article_html
from bot.render.browse import issue_page_html, no_issue_text, on_this_day_html
from bot.state.chats import ChatStore
from bot.telegram.replies import article_button, edit_html, pager_row, send_html, topic
from bot.telegram.services import BotServices, services
from retrieval import (Article, Issue, IssueView, Library, NoSuchDay, OnThisDay, clip, day_label, nearest_issue_dates, on_this_day,
                       open_issue, read_day, read_month_day)

COMMANDS = (("issue", "按日期或期号翻阅一期报纸，例如 /issue 2021-03-03"),
            ("onthisday", "历年今日：往年同一天的报纸，例如 /onthisday 03-03"))
EXPIRED = "这个按钮已经失效，请重新提问或搜索。"
MAX_ARTICLES = 30  # article buttons under one page
MAX_YEARS = 10  # earlier years shown by /onthisday
PER_YEAR = 3  # headlines (and buttons) per year in /onthisday
_VIEW = re.compile(r"v:([0-9]{8}):([0-9]{1,3})")
_OPEN = re.compile(r"a:(.{1,62})", re.DOTALL)  # a ref: checked by looking the article up
_PART = re.compile(r"b:([0-9]{1,4}):(.{1,56})", re.DOTALL)


def add_handlers(app: Application) -> None:
    """Add /issue, /onthisday and their buttons (before the generic button handler sees them)."""
    new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("issue", show_issue, filters=new))
    app.add_handler(CommandHandler("onthisday", show_on_this_day, filters=new))
    app.add_handler(CallbackQueryHandler(turn_issue_page, pattern=r"^v:"))
    app.add_handler(CallbackQueryHandler(open_browsed_article, pattern=r"^a:"))
    app.add_handler(CallbackQueryHandler(turn_browsed_article, pattern=r"^b:"))


async def show_issue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the first page of the issue of a date or number (the newest without one)."""
    s = services(context)
    chat_id = update.effective_chat.id
    asked = " ".join(context.args or ())
    try:
        day, number = await s.run(read_day, asked, s.engine)
    except NoSuchDay as error:
        await send_html(context, chat_id, [escape(f"{error}。用法：/issue [YYYY-MM-DD | 第N期]")], thread_id=topic(update))
        return
    view = await s.run(open_issue, s.engine, day, number)
    if view is None:
        await _no_issue(context, s, chat_id, asked, day, topic(update))
        return
    await send_html(context, chat_id, [issue_page_html(view, 0)], issue_keyboard(s.store, view, 0),
                    thread_id=topic(update))


async def _no_issue(context: ContextTypes.DEFAULT_TYPE, s: BotServices, chat_id: int, asked: str,
                    day: dt.date | None, thread_id: int | None) -> None:
    """Say the day has no issue and offer the nearest issues as buttons."""
    nearest = await s.run(_nearest, s.engine, day)
    label = day_label(day) if day else asked or "这一期"
    rows = [[InlineKeyboardButton(day_label(d), callback_data=f"v:{d:%Y%m%d}:0") for d in nearest]]
    await send_html(context, chat_id, [escape(no_issue_text(label, nearest))],
                    InlineKeyboardMarkup(rows) if nearest else None, thread_id=thread_id)


def _nearest(engine: Library, day: dt.date | None) -> tuple[dt.date, ...]:
    return nearest_issue_dates(engine, day) if day else tuple(sorted(engine.archive.dates)[-2:])


def issue_keyboard(store: ChatStore, view: IssueView, page: int) -> InlineKeyboardMarkup:
    """Return a page's article buttons, a row of its issue's pages, and ◀ ▶ to the issues around it."""
    key = f"{view.date:%Y%m%d}"
    rows = [[InlineKeyboardButton(clip(a.title, 30), callback_data=f"a:{store.ref(a.id)}")]
            for a in view.pages[page].articles[:MAX_ARTICLES]]
    if len(view.pages) > 1:
        rows.append([InlineKeyboardButton(f"·{p.label}·" if i == page else p.label, callback_data=f"v:{key}:{i}")
                     for i, p in enumerate(view.pages)])
    around = []
    if view.previous:
        around.append(InlineKeyboardButton(f"◀ {day_label(view.previous)}", callback_data=f"v:{view.previous:%Y%m%d}:0"))
    if view.next:
        around.append(InlineKeyboardButton(f"{day_label(view.next)} ▶", callback_data=f"v:{view.next:%Y%m%d}:0"))
    if around:
        rows.append(around)
    return InlineKeyboardMarkup(rows)


async def turn_issue_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another page, or another issue, in the same message."""
    s = services(context)
    query = update.callback_query
    m = _VIEW.fullmatch(query.data or "")
    day = _date(m.group(1)) if m else None
    view = await s.run(open_issue, s.engine, day) if day else None
    page = int(m.group(2)) if m else 0
    if view is None or page >= len(view.pages) or query.message is None:
        await query.answer(EXPIRED)
        return
    await query.answer()
    await edit_html(query, issue_page_html(view, page), issue_keyboard(s.store, view, page), _script(s, query))


def _script(s: BotServices, query: CallbackQuery) -> str:
    """Return the script (/settings) of the chat a button was pressed in."""
    return s.store.prefs(query.message.chat.id).script


def _date(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


async def open_browsed_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send an article, with the other articles of its page as buttons under it."""
    s = services(context)
    query = update.callback_query
    m = _OPEN.fullmatch(query.data or "")
    found = await _browsed(s, m.group(1)) if m else None
    if found is None or query.message is None:
        await query.answer(EXPIRED)
        return
    await query.answer()
    await send_html(context, query.message.chat.id, *browsed_article(s.store, *found, 0), thread_id=topic(query.message))


async def turn_browsed_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show another part of a browsed article in the same message, its page's articles still under it."""
    s = services(context)
    query = update.callback_query
    m = _PART.fullmatch(query.data or "")
    found = await _browsed(s, m.group(2)) if m else None
    if found is None or query.message is None or int(m.group(1)) >= len(article_html(*found[2])):
        await query.answer(EXPIRED)
        return
    await query.answer()
    text, markup = browsed_article(s.store, *found, int(m.group(1)))
    await edit_html(query, text[0], markup, _script(s, query))


async def _browsed(s: BotServices, ref: str) -> tuple[IssueView, int, tuple[Issue, Article]] | None:
    article_id = s.store.article_id(ref)
    return await s.run(_article_in_issue, s.engine, article_id) if article_id else None


def browsed_article(store: ChatStore, view: IssueView, page: int, found: tuple[Issue, Article], part: int,
                    ) -> tuple[list[str], InlineKeyboardMarkup]:
    """Return one part of an article with ◀ ▶ over its parts, its page's other articles, and the way back."""
    issue, article = found
    parts = article_html(issue, article)
    ref = store.ref(article.id)
    rows = [pager_row(part, len(parts), f"b:{{}}:{ref}")] if len(parts) > 1 else []
    others = [a for a in view.pages[page].articles if a.id != article.id][:MAX_ARTICLES]
    rows += [[InlineKeyboardButton(clip("同版：" + a.title, 30), callback_data=f"a:{store.ref(a.id)}")] for a in others]
    rows.append([InlineKeyboardButton(f"返回{view.pages[page].label}", callback_data=f"v:{view.date:%Y%m%d}:{page}")])
    return [parts[part]], InlineKeyboardMarkup(rows)


def _article_in_issue(engine: Library, article_id: str) -> tuple[IssueView, int, tuple[Issue, Article]] | None:
    """Return an article with its issue view and the index of its page (None when either is gone)."""
    found = engine.article(article_id)
    if found is None or found[0].date is None:
        return None
    view = open_issue(engine, found[0].date)
    page = next((i for i, p in enumerate(view.pages) if p.issue.source == found[0].source), None) if view else None
    return (view, page, found) if view is not None and page is not None else None


async def show_on_this_day(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the issues of this month-day (or the newest issue's) in earlier years, newest first."""
    s = services(context)
    chat_id = update.effective_chat.id
    try:
        month, day = await s.run(read_month_day, " ".join(context.args or ()), s.engine)
    except NoSuchDay as error:
        await send_html(context, chat_id, [escape(f"{error}。用法：/onthisday [MM-DD]")], thread_id=topic(update))
        return
    found: OnThisDay = await s.run(on_this_day, s.engine, month, day)
    found = dataclasses.replace(found, issues=found.issues[:MAX_YEARS])
    rows = [[article_button(s.store, f"{v.date.year}年 {a.title}", a.id)]
            for v in found.issues for a in [a for p in v.pages for a in p.articles][:PER_YEAR]]
    rows += [[InlineKeyboardButton(f"翻阅 {day_label(d)}", callback_data=f"v:{d:%Y%m%d}:0")] for d in found.nearest]
    await send_html(context, chat_id, [on_this_day_html(found, PER_YEAR)], InlineKeyboardMarkup(rows) if rows else None,
                    thread_id=topic(update))
