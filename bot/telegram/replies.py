"""What the bot sends: answers with their buttons, article pages, search pages, and safe sending.

Callback data (at most 64 bytes; article ids pass through `ChatStore.ref`):
`m` 更多 for the question behind the message · `o:<ref>` open an article · `p:<page>:<ref>` turn
an article's page · `s:<page>` turn a /search message's page · `n` a label that does nothing ·
`v:<YYYYMMDD>:<page>`, `a:<ref>` and `b:<part>:<ref>` browse an issue (bot/telegram/browse.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from html import escape

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram import ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from bot.state.chats import ChatStore
from bot.answer.conversation import Turn
from bot.render.answer import REFUSAL, article_html, citation_line, render_html
from bot.render.finds import count_chart
from bot.render.script import SIMPLIFIED, in_script
from bot.answer.values import Answer
from bot.telegram.services import services
from retrieval import Findings, Library, clip, find, parse_query
from retrieval import Article, Issue

log = logging.getLogger(__name__)
PER_PAGE = 5  # /search results per page
BUTTON_CHARS = 30  # a headline on a button is cut to this many characters
ECHO_CHARS = 30  # of a /search query, repeated in its header (a query may be 4088 characters)
MAX_TODAY = 30  # headlines of the newest issue offered as buttons


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # answers cite the paper, not web pages


def _reply(to: Message | None) -> ReplyParameters | None:
    return ReplyParameters(to.message_id, allow_sending_without_reply=True) if to is not None else None


def topic(update: Update | Message | None) -> int | None:
    """Return the forum topic (message_thread_id) an update's message is in, else None."""
    message = update.effective_message if isinstance(update, Update) else update
    return message.message_thread_id if message is not None and message.is_topic_message else None


def in_chat_script(script: str, html: str, markup: InlineKeyboardMarkup | None,
                   ) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return a message's text and button labels in the chat's script (繁體 converted, callback data kept)."""
    if script == SIMPLIFIED:
        return html, markup
    if markup is not None:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(in_script(b.text, script), callback_data=b.callback_data)
                                        for b in row] for row in markup.inline_keyboard])
    return in_script(html, script), markup


def article_button(store: ChatStore, text: str, article_id: str) -> InlineKeyboardButton:
    """Return a button that opens an article."""
    return InlineKeyboardButton(clip(text, BUTTON_CHARS), callback_data=f"o:{store.ref(article_id)}")


def pager_row(page: int, pages: int, data: str) -> list[InlineKeyboardButton]:
    """Return ◀ i/n ▶ buttons; data has `{}` where the page number goes."""
    row = [InlineKeyboardButton("◀", callback_data=data.format(page - 1))] if page > 0 else []
    row.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data="n"))
    if page + 1 < pages:
        row.append(InlineKeyboardButton("▶", callback_data=data.format(page + 1)))
    return row


def answer_keyboard(store: ChatStore, result: Answer, turn: Turn | None) -> InlineKeyboardMarkup | None:
    """Return 原文 and 更多 buttons for an answer, or the closest headlines for a refusal."""
    if result.answered:
        many = len(result.citations) > 1
        row = [InlineKeyboardButton(f"原文[{c.n}]" if many else "原文", callback_data=f"o:{store.ref(c.article_id)}")
               for c in result.citations]
        if turn is not None:
            row.append(InlineKeyboardButton("更多", callback_data="m"))
        return InlineKeyboardMarkup([row])
    rows = [[article_button(store, h.title, h.article_id)] for h in result.closest]
    return InlineKeyboardMarkup(rows) if rows else None


async def send_html(context: ContextTypes.DEFAULT_TYPE, chat_id: int, messages: Sequence[str],
                    markup: InlineKeyboardMarkup | None = None, reply_to: Message | None = None,
                    thread_id: int | None = None) -> Message | None:
    """Send HTML messages in order, buttons under the last; return it (None if the chat refused us).

    They go to the forum topic thread_id (else reply_to's topic), in the chat's script (/settings).
    A 403 (the bot was blocked or removed) is recorded in the chat store and not retried; nothing is
    sent to such a chat until it writes to the bot again.
    """
    sent: Message | None = None
    store = services(context).store
    if store.is_blocked(chat_id):
        log.info("not sending to chat %s: it blocked the bot and has not written since", chat_id)
        return None
    thread_id = thread_id if thread_id is not None else topic(reply_to)
    script = store.prefs(chat_id).script
    try:
        for i, html in enumerate(messages):
            last = i == len(messages) - 1
            text, buttons = in_chat_script(script, html, markup if last else None)
            sent = await context.bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=buttons, message_thread_id=thread_id,
                reply_parameters=_reply(reply_to) if i == 0 else None, link_preview_options=NO_PREVIEW)
    except Forbidden as error:
        store.mark_blocked(chat_id, error.message)
        log.warning("chat %s refused the bot: %s", chat_id, error.message)
        return None
    return sent


def answer_messages(result: Answer) -> list[str]:
    """Return an answer as Telegram HTML messages (never none); a refusal's closest headlines are buttons."""
    return render_html(result, closest_as_text=False) or [escape(REFUSAL)]


async def send_answer(context: ContextTypes.DEFAULT_TYPE, store: ChatStore, chat_id: int, result: Answer,
                      turn: Turn | None, reply_to: Message | None = None, thread_id: int | None = None) -> None:
    """Send a rendered answer with its buttons and remember the turn behind it."""
    messages = answer_messages(result)
    sent = await send_html(context, chat_id, messages, answer_keyboard(store, result, turn), reply_to, thread_id)
    store.save_turn(chat_id, turn.to_json() if turn else None, sent.message_id if sent else None)


def article_page(store: ChatStore, issue: Issue, article: Article, page: int,
                 ) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return one page of an article as HTML, with ◀ ▶ when it has several."""
    pages = article_html(issue, article)
    page = min(max(page, 0), len(pages) - 1)
    if len(pages) == 1:
        return pages[0], None
    return pages[page], InlineKeyboardMarkup([pager_row(page, len(pages), f"p:{{}}:{store.ref(article.id)}")])


def search_articles(engine: Library, query: str) -> Findings:
    """Return what a /search query finds (raises QueryError for a malformed query)."""
    return find(engine, parse_query(query, engine.archive.newest, engine.archive.dates))


async def edit_html(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None,
                    script: str = SIMPLIFIED) -> None:
    """Replace a button's message with new HTML in the chat's script (a double press, showing the same
    again, is no error)."""
    text, markup = in_chat_script(script, text, markup)
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                      link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def _echo(query: str) -> str:
    """Return the query as a /search header repeats it: clipped, so a long query cannot overflow the message."""
    return query if len(query) <= ECHO_CHARS else query[:ECHO_CHARS - 1] + "…"


def search_page(store: ChatStore, query: str, findings: Findings, page: int,
                ) -> tuple[str, InlineKeyboardMarkup | None]:
    """Return one page of /search results: the count by month when there are several pages, then
    numbered citation lines and a button for each."""
    found = findings.found
    if not found:
        if findings.status == "no-archive":
            near = "、".join(d.isoformat() for d in findings.nearest)
            return escape(f"“{_echo(query)}”：该日期无存档" + (f"；最近的日期：{near}" if near else "")), None
        if findings.query.fielded:
            return escape(f"“{_echo(query)}”：{findings.message}。"), None
        return f"没有找到与“{escape(_echo(query))}”相关的报道。", None
    pages = (len(found) + PER_PAGE - 1) // PER_PAGE
    page = min(max(page, 0), pages - 1)
    start = page * PER_PAGE
    order = {"date": "，按日期从新到旧", "oldest": "，按日期从旧到新"}.get(findings.query.sort, "")
    lines = [f"<b>“{escape(_echo(query))}”相关报道</b>（共 {len(found)} 篇{order}）"]
    if pages > 1:
        lines.append("<pre>" + escape("\n".join(count_chart(findings.months))) + "</pre>")
    rows = []
    for n, item in enumerate(found[start:start + PER_PAGE], start + 1):
        lines.append(f"{n}. {escape(citation_line(item.issue, item.article))}")
        rows.append([article_button(store, f"{n}. {item.article.title}", item.article.id)])
    if pages > 1:
        rows.append(pager_row(page, pages, "s:{}"))
    return "\n".join(lines), InlineKeyboardMarkup(rows)
