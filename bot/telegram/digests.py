"""Digest commands in Telegram: /digest [date], /subscribe [HH:MM], /unsubscribe, /subscription.

In groups only administrators change the subscription; the jobs that deliver it are in
bot/telegram/jobs.py.
"""

from __future__ import annotations

import datetime as dt

from telegram import BotCommand, Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.digest import issues_of, nearest_dates
from bot.render.digest import render_html
from bot.state.subscriptions import DEFAULT_TIME, parse_time
from bot.telegram.admins import may_manage
from bot.telegram.jobs import built_digest, digest_outgoing, digests, schedule, unschedule
from bot.telegram.replies import send_html, topic
from bot.telegram.services import services
from retrieval import Library

COMMANDS = (
    BotCommand("digest", "最新一期的摘要，例如 /digest 2021-03-03"),
    BotCommand("subscribe", "每天定时推送摘要，例如 /subscribe 08:00"),
    BotCommand("unsubscribe", "取消每日摘要"),
    BotCommand("subscription", "查看每日摘要的设置"),
)
ADMINS_ONLY = "在群里只有管理员可以订阅、修改或取消每日摘要。"
USAGE_DIGEST = "用法：/digest 或 /digest 2021-03-03"
USAGE_SUBSCRIBE = "用法：/subscribe 或 /subscribe 08:00（24小时制）"


def handlers() -> list[BaseHandler]:
    """Return the digest command handlers."""
    new = filters.UpdateType.MESSAGE
    return [CommandHandler("digest", digest_command, filters=new),
            CommandHandler("subscribe", subscribe_command, filters=new),
            CommandHandler("unsubscribe", unsubscribe_command, filters=new),
            CommandHandler("subscription", subscription_command, filters=new)]


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the newest issue's digest, or the digest of the date after /digest."""
    chat_id = update.effective_chat.id
    try:
        date = dt.date.fromisoformat(context.args[0].strip()) if context.args else None
    except ValueError:
        await send_html(context, chat_id, [USAGE_DIGEST], thread_id=topic(update))
        return
    s = services(context)
    issues = await s.run(issues_of, s.engine, date)
    if not issues:
        await send_html(context, chat_id, [await s.run(_no_issue, s.engine, date)], thread_id=topic(update))
        return
    for issue in issues:
        digest = await built_digest(context.application, issue)
        for message in render_html(digest):
            out = digest_outgoing(s.store, digest, message)
            await send_html(context, chat_id, [out.html], out.markup, thread_id=topic(update))


def _no_issue(engine: Library, date: dt.date | None) -> str:
    """Say that no issue matched, naming the nearest dates the archive has."""
    if date is None:
        return "存档里还没有报纸。"
    dates = nearest_dates(engine, date)
    nearest = "最近的几期：" + "、".join(d.isoformat() for d in sorted(dates)) if dates else ""
    return f"{date.isoformat()} 没有存档。{nearest}"


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe the chat to the daily digest at HH:MM (08:00 by default)."""
    chat_id = update.effective_chat.id
    try:
        at = parse_time(context.args[0]) if context.args else DEFAULT_TIME
    except ValueError:
        await send_html(context, chat_id, [USAGE_SUBSCRIBE], thread_id=topic(update))
        return
    if not await may_manage(update, context):
        await send_html(context, chat_id, [ADMINS_ONLY], thread_id=topic(update))
        return
    d, settings = digests(context), services(context).settings
    user = update.effective_user
    sub = d.store.subscribe(chat_id, at, settings.timezone, user.id if user else None, d.clock(), topic(update))
    schedule(context.job_queue, chat_id, sub.local_time)
    repeat = "没有新一期时也推送最新一期" if settings.digest_without_new_issue else "没有新一期时不推送"
    await send_html(context, chat_id, [f"已订阅：每天 {sub.label} 推送最新一期的摘要（{repeat}）。"], thread_id=topic(update))


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel the chat's daily digest."""
    chat_id = update.effective_chat.id
    if not await may_manage(update, context):
        await send_html(context, chat_id, [ADMINS_ONLY], thread_id=topic(update))
        return
    cancelled = digests(context).store.unsubscribe(chat_id)
    unschedule(context.job_queue, chat_id)
    await send_html(context, chat_id, ["已取消每日摘要。" if cancelled else "这里没有订阅每日摘要。"], thread_id=topic(update))


async def subscription_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the chat's daily digest setting and its last delivery."""
    chat_id = update.effective_chat.id
    store = digests(context).store
    sub = store.get(chat_id)
    if sub is None:
        await send_html(context, chat_id, ["这里没有订阅每日摘要。用 /subscribe 08:00 订阅。"], thread_id=topic(update))
        return
    await send_html(context, chat_id, [f"每天 {sub.label} 推送最新一期的摘要。{last_delivery(store.delivered(chat_id))}"],
                    thread_id=topic(update))


def last_delivery(records: tuple[tuple[str, str, str], ...]) -> str:
    """Say how the latest digest went, from a chat's delivery records (key, day, state), oldest first.

    A claim never confirmed means the process stopped while sending: the digest may or may not
    have arrived, and it is not sent again (exactly once means at most once here).
    """
    sent = [day for _, day, state in records if state == "sent"]
    if not records:
        return "还没有推送过。"
    _, day, state = records[-1]
    if state == "sent":
        return f"上次推送：{day}。"
    before = f"此前上次推送：{sent[-1]}。" if sent else ""
    return f"{day} 的摘要发送时中断，未确认送达；为免重复，不再补发。{before}"
