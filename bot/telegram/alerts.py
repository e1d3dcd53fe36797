"""Saved searches in Telegram: /alert 查询, /alerts (numbered), /unalert N.

In groups only administrators save or remove them (anyone may list them). A search saved inside a
forum topic alerts into that topic. The job that runs them on new issues is bot/telegram/alert_jobs.py.
"""

from __future__ import annotations

from html import escape

from telegram import BotCommand, Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.state.alerts import MAX_PER_CHAT, AlertError
from bot.telegram.admins import may_manage
from bot.telegram.alert_jobs import alerts
from bot.telegram.replies import send_html, topic
from retrieval import QueryError, parse_query

COMMANDS = (
    BotCommand("alert", "关注关键词：新一期有相关报道时提醒，例如 /alert 数字化城管"),
    BotCommand("alerts", "查看关注的关键词（带编号）"),
    BotCommand("unalert", "取消一个关注，例如 /unalert 1"),
)
ADMINS_ONLY = "在群里只有管理员可以添加或取消关注。"
USAGE_ALERT = "用法：/alert 关键词或条件（同 /search），例如 /alert 数字化城管 或 /alert 作者:胡晨（新一期有符合的报道时提醒）"
USAGE_UNALERT = "用法：/unalert N，N 是 /alerts 列出的编号，例如 /unalert 1"
NONE_SAVED = "这里还没有关注。用 /alert 关键词 添加，例如 /alert 数字化城管"


def handlers() -> list[BaseHandler]:
    """Return the saved-search command handlers."""
    new = filters.UpdateType.MESSAGE
    return [CommandHandler("alert", alert_command, filters=new),
            CommandHandler("alerts", alerts_command, filters=new),
            CommandHandler("unalert", unalert_command, filters=new)]


async def alert_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Save the words after /alert as a search run against every new issue."""
    chat_id, thread_id = update.effective_chat.id, topic(update)
    query = _rest(update)
    if not query:
        await send_html(context, chat_id, [USAGE_ALERT], thread_id=thread_id)
        return
    if not await may_manage(update, context):
        await send_html(context, chat_id, [ADMINS_ONLY], thread_id=thread_id)
        return
    try:
        parse_query(query)
    except QueryError as error:  # the same language as /search: a malformed query is never saved
        await send_html(context, chat_id, [escape(f"查询有误：{error}")], thread_id=thread_id)
        return
    a, user = alerts(context), update.effective_user
    try:
        saved = a.store.add(chat_id, query, thread_id, user.id if user else None, a.clock())
    except AlertError as error:
        await send_html(context, chat_id, [escape(str(error))], thread_id=thread_id)
        return
    count = len(a.store.of_chat(chat_id))
    where = "这个话题" if thread_id is not None else "这里"
    await send_html(context, chat_id, [f"已关注“{escape(saved.query)}”（第 {count} 个，最多 {MAX_PER_CHAT} 个）。"
                                       f"新一期里有报道写到这些词时，会在{where}提醒。"], thread_id=thread_id)


async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's saved searches with their numbers."""
    chat_id = update.effective_chat.id
    saved = alerts(context).store.of_chat(chat_id)
    if not saved:
        await send_html(context, chat_id, [NONE_SAVED], thread_id=topic(update))
        return
    lines = [f"<b>关注的关键词</b>（{len(saved)}/{MAX_PER_CHAT}，/unalert N 取消）："]
    lines += [f"{n}. {escape(s.query)}" + (f"（话题 {s.thread_id}）" if s.thread_id is not None else "")
              for n, s in enumerate(saved, 1)]
    await send_html(context, chat_id, ["\n".join(lines)], thread_id=topic(update))


async def unalert_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove the chat's saved search number N (as /alerts lists them)."""
    chat_id, thread_id = update.effective_chat.id, topic(update)
    try:
        number = int(context.args[0])
    except (IndexError, ValueError):
        await send_html(context, chat_id, [USAGE_UNALERT], thread_id=thread_id)
        return
    if not await may_manage(update, context):
        await send_html(context, chat_id, [ADMINS_ONLY], thread_id=thread_id)
        return
    gone = alerts(context).store.remove(chat_id, number)
    text = f"已取消关注“{escape(gone.query)}”。" if gone else f"没有第 {number} 个关注。发 /alerts 看编号。"
    await send_html(context, chat_id, [text], thread_id=thread_id)


def _rest(update: Update) -> str:
    """Return the text after the command, trimmed."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
