"""Who may change a chat's deliveries (/subscribe, /alert, /settings): anyone in private, admins in groups."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

_ADMIN = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell whether the sender (or the presser of a button) may change what the chat gets."""
    chat, message, user = update.effective_chat, update.message, update.effective_user
    if chat.type == ChatType.PRIVATE:
        return True
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous administrator writes as the group itself
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in _ADMIN
