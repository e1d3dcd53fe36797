"""Messages and commands: questions in private chats and groups, /start /help /ask /today /search
/source /about (/issue and /onthisday live in bot/telegram/browse.py).

In a private chat any text is a question. In a group the bot answers only when it is addressed:
an @mention, a reply to one of its messages, or /ask (all of which Telegram delivers even with
privacy mode on); every other group message is ignored.
"""

from __future__ import annotations

import re
from html import escape

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, TypeHandler, filters

from bot.state.chats import ChatStore
from bot.answer.conversation import Turn, reply, source
from retrieval import Library, QueryError, day_label, issue_label
from bot.telegram.replies import (MAX_TODAY, article_button, article_page, search_articles, search_page,
                                  send_answer, send_html, topic)
from bot.telegram.services import services

UNKNOWN_GROUP = 1  # handler group of the unknown-command hint: after every module's commands (group 0)
NEW_MESSAGE = filters.UpdateType.MESSAGE  # edited messages are not questions again
HELP = """<b>《许昌日报》问答</b>
把问题发给我，我从报纸存档里找答案，并注明出处（哪天哪期哪篇）。

/ask 问题 — 提问（在群里用它、@我，或回复我的消息）
/today — 最新一期的要闻
/search 关键词或条件 — 找报道，每页 5 篇；条件如 作者:胡晨 类型:评论 栏目:… 2021-03..2021-05 "短语" -排除词 排序:日期
/issue [日期|第N期] — 翻阅一期报纸：各版、各篇，◀ ▶ 前后一期
/onthisday [MM-DD] — 历年今日：往年同一天的报纸
/source N — 上一个回答引用的第 N 篇原文
/about — 存档有多少期、哪些日期
/digest [日期] — 一期报纸的摘要（默认最新一期）
/subscribe [HH:MM] — 每天定时推送摘要（默认 08:00；群里仅管理员）
/unsubscribe、/subscription — 取消或查看每日摘要
/alert 关键词 — 关注：新一期有报道写到这些词时提醒（群里仅管理员）
/alerts、/unalert N — 查看或取消关注
/settings — 摘要时间、静音推送、简体/繁體（群里仅管理员）

回答下面：「原文」看引用的报道，「更多」看下一个回答（也可以直接发“更多”）。
在任何聊天里输入 @{bot} 问题，可以把带出处的回答发到那里。"""


def add_handlers(app: Application) -> None:
    """Add the message and command handlers to the application."""
    app.add_handler(TypeHandler(Update, note_chat), group=-1)
    for name, callback in (("start", start), ("help", start), ("ask", ask), ("today", today),
                           ("search", search), ("source", show_source), ("about", about)):
        app.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
    # a photo's caption asks as text does (a screenshot of a report with 这是哪天的?)
    text = ((filters.TEXT & ~filters.COMMAND) | (filters.CAPTION & ~filters.CaptionRegex(r"^/"))) & NEW_MESSAGE
    app.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, private_text))
    addressed = (filters.Entity(MessageEntity.MENTION) | filters.Entity(MessageEntity.TEXT_MENTION) | filters.REPLY
                 | filters.CaptionEntity(MessageEntity.MENTION) | filters.CaptionEntity(MessageEntity.TEXT_MENTION))
    app.add_handler(MessageHandler(text & filters.ChatType.GROUPS & addressed, group_text))
    # a later group: it sees every command, known ones too, whichever module registered them
    app.add_handler(MessageHandler(filters.COMMAND & NEW_MESSAGE, unknown_command), group=UNKNOWN_GROUP)


async def note_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget a recorded block when a chat writes to the bot again."""
    if update.effective_chat is not None and (update.message or update.callback_query):
        services(context).store.unblock(update.effective_chat.id)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a command the bot does not know with a one-line hint (in a group, only when addressed)."""
    message = update.effective_message
    word = (message.text or "").split(maxsplit=1)[0][1:]
    name, _, to = word.partition("@")
    if to and to.lower() != context.bot.username.lower():
        return  # another bot's command
    if name.lower() in _known_commands(context.application):
        return
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id
    if message.chat.type != ChatType.PRIVATE and not to and not to_bot:
        return  # a group's command for someone else
    hint = f"没有 /{escape(name[:32])} 这个命令。发 /help 看我能做什么，或者直接提问。"
    await send_html(context, update.effective_chat.id, [hint],
                    reply_to=message if message.chat.type != ChatType.PRIVATE else None)


def _known_commands(app: Application) -> set[str]:
    """Return the commands the application's handlers answer, whichever module added them."""
    return {c.lower() for handlers in app.handlers.values() for h in handlers
            if isinstance(h, CommandHandler) for c in h.commands}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot does and list its commands."""
    await send_html(context, update.effective_chat.id, [HELP.format(bot=escape(context.bot.username))],
                    thread_id=topic(update))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question after /ask."""
    question = _rest(update.effective_message)
    if not question:
        await send_html(context, update.effective_chat.id, ["用法：/ask 问题，例如 /ask 鄢陵县数字城管考核多少分"],
                        thread_id=topic(update))
        return
    await answer_question(update, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer any text in a private chat."""
    message = update.effective_message
    await answer_question(update, context, message.text or message.caption)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a group message that mentions the bot or replies to it; ignore the rest."""
    question = addressed_question(update.effective_message, context.bot.id, context.bot.username)
    if question == "":
        await send_html(context, update.effective_chat.id, [f"请在 @{escape(context.bot.username)} 后面写上问题。"],
                        reply_to=update.effective_message)
    elif question is not None:
        await answer_question(update, context, question)


def addressed_question(message: Message, bot_id: int, bot_username: str) -> str | None:
    """Return the question of a group message meant for the bot (mention removed), else None."""
    text = message.text or message.caption or ""
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    mentions = message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    for entity, value in mentions.items():
        if value.lower() == f"@{bot_username}".lower() or (entity.user is not None and entity.user.id == bot_id):
            return re.sub(r"\s+", " ", text.replace(value, " ")).strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text.strip()
    return None


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Answer a question in the light of the chat's last one; quote the question in groups."""
    s = services(context)
    message = update.effective_message
    async with s.chat_lock(message.chat_id):
        last = _last_turn(s.store, message, context.bot.id)
        result, turn = await s.run(reply, s.engine, question, last, cost=len(question))
        quote = message if message.chat.type != ChatType.PRIVATE else None
        await send_answer(context, s.store, message.chat_id, result, turn, reply_to=quote)


def _last_turn(store: ChatStore, message: Message, bot_id: int) -> Turn | None:
    """Return the turn behind the bot message this one replies to, else the chat's last turn."""
    replied = message.reply_to_message
    text = None
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        text = store.message_turn(message.chat_id, replied.message_id)
    text = text or store.last_turn(message.chat_id)
    return Turn.from_json(text) if text else None


async def today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the newest issue's headlines as buttons."""
    s = services(context)
    issue = await s.run(s.engine.newest_issue)
    if issue is None:
        await send_html(context, update.effective_chat.id, ["存档里还没有报纸。"], thread_id=topic(update))
        return
    articles = [a for a in issue.articles if a.kind != "advertisement"][:MAX_TODAY]
    rows = [[article_button(s.store, a.title, a.id)] for a in articles]
    text = f"<b>{escape(issue_label(issue.paper, issue.date, issue.issue_no))}</b> 要闻（点标题看原文）："
    await send_html(context, update.effective_chat.id, [text], InlineKeyboardMarkup(rows), thread_id=topic(update))


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the articles matching the words after /search, five per page."""
    s = services(context)
    query = _rest(update.effective_message)
    if not query:
        await send_html(context, update.effective_chat.id, ["用法：/search 关键词，例如 /search 数字化城市管理"],
                        thread_id=topic(update))
        return
    try:
        found = await s.run(search_articles, s.engine, query, cost=len(query))
    except QueryError as error:
        await send_html(context, update.effective_chat.id, [escape(f"查询有误：{error}")], thread_id=topic(update))
        return
    text, markup = search_page(s.store, query, found, 0)
    sent = await send_html(context, update.effective_chat.id, [text], markup, thread_id=topic(update))
    if sent is not None and found.found:
        s.store.save_search(sent.chat_id, sent.message_id, query, 0)


async def show_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show article [N] of the last answer."""
    s = services(context)
    chat_id = update.effective_chat.id
    try:
        n = int(context.args[0])
    except (IndexError, ValueError):
        await send_html(context, chat_id, ["用法：/source N，N 是上一个回答里的引文编号，例如 /source 1"],
                        thread_id=topic(update))
        return
    async with s.chat_lock(chat_id):  # after the answer to a question sent just before it
        saved = s.store.last_turn(chat_id)
        found = await s.run(source, s.engine, Turn.from_json(saved) if saved else None, n)
        if found is None:
            await send_html(context, chat_id, [f"上一个回答里没有第 {n} 条引文。"], thread_id=topic(update))
            return
        text, markup = article_page(s.store, *found, 0)
        await send_html(context, chat_id, [text], markup, thread_id=topic(update))


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell how many issues and articles the archive holds, and which dates."""
    s = services(context)
    await send_html(context, update.effective_chat.id, [await s.run(archive_summary, s.engine)],
                    thread_id=topic(update))


def archive_summary(engine: Library) -> str:
    """Return the archive's size and date range as one HTML line."""
    issues = engine.issues()
    articles = sum(len(i.articles) for i in issues)
    dates = sorted(i.date for i in issues if i.date)
    span = f"，日期从 {day_label(dates[0])} 到 {day_label(dates[-1])}" if dates else ""
    papers = "、".join(dict.fromkeys(f"《{escape(i.paper)}》" for i in issues)) or "报纸"
    return f"存档收有{papers}共 {len(issues)} 期、{articles} 篇报道{span}。"


def _rest(message: Message) -> str:
    """Return the text after a message's command, trimmed."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
