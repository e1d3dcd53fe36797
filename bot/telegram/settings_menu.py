"""/settings: an inline-keyboard menu of the chat's daily digest time, quiet delivery and 简体/繁體.

Only administrators open it or press its buttons in groups. A press changes one setting and edits the
menu in place. Callback data: `cfg:t:HHMM` digest time (subscribes), `cfg:t:off` no digest,
`cfg:q:1|0` quiet delivery on or off, `cfg:s:hans|hant` the script of everything sent to the chat.
Quiet delivery is for what the bot pushes (digests, alerts); answers to a question always notify.
"""

from __future__ import annotations

import dataclasses
from html import escape

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, BaseHandler, CommandHandler, ContextTypes, filters

from bot.render.script import SIMPLIFIED, TRADITIONAL
from bot.state.chats import ChatPrefs
from bot.state.subscriptions import Subscription, parse_time
from bot.telegram.admins import may_manage
from bot.telegram.buttons import add_button
from bot.telegram.jobs import digests, schedule, unschedule
from bot.telegram.replies import NO_PREVIEW, in_chat_script, send_html, topic
from bot.telegram.services import StartHook, services

COMMANDS = (BotCommand("settings", "本聊天的设置：摘要时间、静音推送、简体/繁體"),)
ADMINS_ONLY = "在群里只有管理员可以修改设置。"
TIMES = ("06:00", "07:00", "08:00", "09:00", "12:00", "18:00", "21:00")
KIND = "cfg"  # callback data prefix of the menu's buttons
SAVED = "已保存"


def handlers() -> list[BaseHandler]:
    """Return the /settings command handler."""
    return [CommandHandler("settings", settings_command, filters=filters.UpdateType.MESSAGE)]


def start_hook() -> StartHook:
    """Return the start-up work: route the menu's button presses here."""
    async def start(app: Application) -> None:
        add_button(app, KIND, on_press)
    return start


def menu(sub: Subscription | None, prefs: ChatPrefs) -> tuple[str, InlineKeyboardMarkup]:
    """Return the menu's text and buttons for the chat's current settings (✓ marks the current choice)."""
    digest = f"每天 {escape(sub.label)}" if sub else "未订阅"
    lines = ["<b>设置</b>", f"每日摘要：{digest}", f"推送：{'静音（不响铃）' if prefs.quiet else '有提示音'}",
             f"文字：{'繁體' if prefs.script == TRADITIONAL else '简体'}"]
    current = f"{sub.time:%H:%M}" if sub else None
    times = [InlineKeyboardButton(("✓" if t == current else "") + t, callback_data=f"{KIND}:t:{t.replace(':', '')}")
             for t in TIMES]
    rows = [times[:4], times[4:]]
    if sub:
        rows.append([InlineKeyboardButton("取消每日摘要", callback_data=f"{KIND}:t:off")])
    rows.append([InlineKeyboardButton("静音推送：" + ("开 ✓" if prefs.quiet else "关"),
                                      callback_data=f"{KIND}:q:{0 if prefs.quiet else 1}")])
    rows.append([InlineKeyboardButton(("✓" if prefs.script == script else "") + label, callback_data=f"{KIND}:s:{script}")
                 for script, label in ((SIMPLIFIED, "简体"), (TRADITIONAL, "繁體"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the settings menu (administrators only in groups)."""
    chat_id = update.effective_chat.id
    if not await may_manage(update, context):
        await send_html(context, chat_id, [ADMINS_ONLY], thread_id=topic(update))
        return
    text, markup = menu(digests(context).store.get(chat_id), services(context).store.prefs(chat_id))
    await send_html(context, chat_id, [text], markup, thread_id=topic(update))


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str) -> None:
    """Apply one menu choice, then show the menu again in the same message."""
    query = update.callback_query
    if not await may_manage(update, context):
        await query.answer(ADMINS_ONLY, show_alert=True)
        return
    chat_id = query.message.chat.id
    try:
        _apply(update, context, rest)
    except ValueError:  # not data our menu writes
        await query.answer("这个按钮已经失效，请重新发送 /settings。")
        return
    await query.answer(SAVED)
    s = services(context)
    text, markup = in_chat_script(s.store.prefs(chat_id).script,
                                  *menu(digests(context).store.get(chat_id), s.store.prefs(chat_id)))
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                      link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in error.message:  # the same choice pressed twice shows the same menu
            raise


def _apply(update: Update, context: ContextTypes.DEFAULT_TYPE, rest: str) -> None:
    """Store the choice a button's data names; raise ValueError for data the menu never writes."""
    what, _, value = rest.partition(":")
    chat_id, store = update.callback_query.message.chat.id, services(context).store
    prefs = store.prefs(chat_id)
    if what == "q" and value in ("0", "1"):
        store.set_prefs(chat_id, dataclasses.replace(prefs, quiet=value == "1"))
    elif what == "s":
        store.set_prefs(chat_id, dataclasses.replace(prefs, script=value))  # ValueError for an unknown one
    elif what == "t" and value == "off":
        digests(context).store.unsubscribe(chat_id)
        unschedule(context.job_queue, chat_id)
    elif what == "t" and len(value) == 4 and f"{value[:2]}:{value[2:]}" in TIMES:
        d, user = digests(context), update.effective_user
        old = d.store.get(chat_id)  # a subscription keeps its topic; a new one goes to the menu's
        thread_id = old.thread_id if old else topic(update.callback_query.message)
        sub = d.store.subscribe(chat_id, parse_time(f"{value[:2]}:{value[2:]}"), services(context).settings.timezone,
                                user.id if user else None, d.clock(), thread_id)
        schedule(context.job_queue, chat_id, sub.local_time)
    else:
        raise ValueError(f"unknown settings button {rest!r}")
