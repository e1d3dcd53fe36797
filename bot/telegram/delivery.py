"""Pushing to a chat, one mechanism for digests and alerts alike: claim, send, confirm, retry, 403.

The caller claims in the delivery ledger (bot/state/deliveries.py) before anything is sent and
hands `push` the messages with a `Receipt` (how to confirm or release that claim) and a `Retry`.
`push` sends them into the chat's forum topic when it has one, silently when the chat chose quiet
delivery, in the chat's script (简体/繁體). Then:
- all sent: the claim is confirmed;
- 403 (the bot was blocked, kicked or the chat is gone): the claim is released, the chat's digest
  subscription and saved searches are removed, its daily job unscheduled, the chat marked blocked;
- timed out: the message may have arrived, so the claim is kept (never twice), as after a crash;
- another error before anything arrived: the claim is released and a retry job scheduled after
  RETRY_SECONDS[attempt]; after the last one, the delivery waits for the next run;
- another error after some messages arrived: the claim is confirmed (the rest is not resent).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes, JobQueue

from bot.state.alerts import open_alerts
from bot.state.subscriptions import open_store
from bot.telegram.replies import NO_PREVIEW, in_chat_script
from bot.telegram.services import services

log = logging.getLogger(__name__)
RETRY_SECONDS = (60, 600, 3600)  # after a failed send (not 403): try again this much later


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to push: its HTML and its buttons."""

    html: str
    markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """How to settle a claim: confirm it once sent, release it when nothing arrived."""

    confirm: Callable[[], None]
    release: Callable[[], None]


@dataclass(frozen=True, slots=True)
class Retry:
    """The job that tries a failed delivery again: its callback, its name, its data for attempt n."""

    callback: Callable[[ContextTypes.DEFAULT_TYPE], Awaitable[None]]
    name: str
    data: Callable[[int], object]


async def push(app: Application, chat_id: int, thread_id: int | None, messages: Sequence[Outgoing],
               receipt: Receipt, what: str, retry: Retry, attempt: int = 0) -> bool:
    """Send claimed messages and settle the claim (see the module docstring); return whether they were sent."""
    sent = 0
    try:
        for message in messages:
            await send_pushed(app, chat_id, thread_id, message)
            sent += 1
    except Forbidden as error:
        receipt.release()
        forget_chat(app, chat_id, what, error.message)
        return False
    except TimedOut:
        log.warning("%s for chat %s timed out after %d message(s); it may have arrived: not sent again", what,
                    chat_id, sent)
        return False
    except TelegramError as error:
        if sent == 0:  # nothing arrived: release the claim and try again a little later
            receipt.release()
            schedule_retry(app.job_queue, chat_id, retry, attempt, what, error)
            return False
        log.warning("%s for chat %s sent in part (%d message(s)): %s", what, chat_id, sent, error)
    receipt.confirm()
    return True


async def send_pushed(app: Application, chat_id: int, thread_id: int | None, message: Outgoing) -> None:
    """Send one pushed message into the chat's topic, quietly if the chat asked, in its script."""
    prefs = services(app).store.prefs(chat_id)
    html, markup = in_chat_script(prefs.script, message.html, message.markup)
    await app.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup,
                               link_preview_options=NO_PREVIEW, message_thread_id=thread_id,
                               disable_notification=prefs.quiet)


def schedule_retry(jobs: JobQueue, chat_id: int, retry: Retry, attempt: int, what: str, error: TelegramError) -> None:
    """Schedule the next try of a failed delivery, or give up until the next run after the last one."""
    if attempt >= len(RETRY_SECONDS):
        log.warning("%s for chat %s failed %d times, giving up until the next run: %s", what, chat_id, attempt + 1,
                    error)
        return
    log.warning("%s for chat %s failed, trying again in %d s: %s", what, chat_id, RETRY_SECONDS[attempt], error)
    jobs.run_once(retry.callback, RETRY_SECONDS[attempt], data=retry.data(attempt + 1), chat_id=chat_id,
                  name=retry.name)


def unschedule_digest(jobs: JobQueue, chat_id: int) -> None:
    """Remove the chat's daily digest job `digest:<chat_id>`, if any."""
    for job in jobs.get_jobs_by_name(f"digest:{chat_id}"):
        job.schedule_removal()


def forget_chat(app: Application, chat_id: int, what: str, reason: str) -> None:
    """Forget a chat that removed or blocked the bot (403): its subscription, saved searches and job."""
    s = services(app)
    open_store(s.settings.data_dir).unsubscribe(chat_id)
    removed = open_alerts(s.settings.data_dir).remove_chat(chat_id)
    s.store.mark_blocked(chat_id, reason)
    unschedule_digest(app.job_queue, chat_id)
    log.warning("chat %s refused the %s (%s): unsubscribed", chat_id, what, reason)
    if removed:
        log.warning("chat %s: its %d saved search(es) removed", chat_id, removed)
