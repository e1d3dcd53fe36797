"""Daily digest jobs: one job per subscribed chat, catch-up at start-up, the corpus check, delivery.

Each subscribed chat has one daily job named `digest:<chat_id>` (re-subscribing replaces it), run at
its HH:MM in its time zone and registered again at start-up from SQLite, when a digest missed earlier
today is sent too. `deliver_digest` claims the delivery before sending; the sending, confirming,
retrying and the 403 (unsubscribe) are the mechanism alerts share (bot/telegram/delivery.py), so a
chat never gets one issue twice. A chat marked blocked gets nothing until it writes again. A
repeating job asks the library every NEWSBOT_CORPUS_CHECK_SECONDS for new issue files; the next
digest uses them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup
from telegram.ext import Application, ContextTypes, JobQueue

from bot.digest import Digest, issue_digest, issue_key
from bot.render.digest import DigestMessage, render_html
from bot.state.chats import ChatStore
from bot.state.subscriptions import Plan, Subscription, SubscriptionStore, open_store, plan_digest
from bot.telegram.alert_jobs import check_new_issues
from bot.telegram.delivery import Outgoing, Receipt, Retry, push, unschedule_digest
from bot.telegram.replies import article_button
from bot.telegram.services import StartHook, services
from retrieval import Issue

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
DIGESTS = "digests"  # the key of DigestServices in application.bot_data
CORPUS_JOB = "corpus-check"
KEPT_DIGESTS = 16  # digests kept built, so a morning of subscribers builds each issue's once


@dataclass(frozen=True, slots=True)
class DigestServices:
    """The subscription store, the clock (injected in tests) and the digests built so far."""

    store: SubscriptionStore
    clock: Clock
    # one build per issue, shared by every chat asking at once (a morning's subscribers fire together)
    built: dict[Issue, asyncio.Future[Digest]] = field(default_factory=dict)


def digests(app_or_context: Application | ContextTypes.DEFAULT_TYPE) -> DigestServices:
    """Return the digest services of the application."""
    app = app_or_context if isinstance(app_or_context, Application) else app_or_context.application
    return app.bot_data[DIGESTS]


def start_hook(clock: Clock | None = None) -> StartHook:
    """Return the start-up work: open the store, register every chat's job, catch up, watch the corpus."""
    async def start(app: Application) -> None:
        settings = services(app).settings
        subs = open_store(settings.data_dir)
        app.bot_data[DIGESTS] = DigestServices(subs, clock or (lambda: dt.datetime.now(dt.timezone.utc)))
        for chat_id, key, claimed_at in subs.unconfirmed():
            log.warning("digest %s for chat %s claimed at %s was never confirmed: not sent again", key, chat_id,
                        claimed_at)
        for sub in subs.all():
            schedule(app.job_queue, sub.chat_id, sub.local_time)
        app.job_queue.run_once(catch_up_job, 0, name="digest-catch-up")
        app.job_queue.run_repeating(check_corpus_job, settings.corpus_check_seconds,
                                    first=settings.corpus_check_seconds, name=CORPUS_JOB)
        log.info("digests: %d subscription(s) scheduled", len(subs.all()))
    return start


def schedule(jobs: JobQueue, chat_id: int, at: dt.time) -> None:
    """(Re)register the chat's daily job `digest:<chat_id>` at a time-zone-aware time."""
    unschedule(jobs, chat_id)
    jobs.run_daily(daily_job, at, name=f"digest:{chat_id}", chat_id=chat_id)


def unschedule(jobs: JobQueue, chat_id: int) -> None:
    """Remove the chat's daily job, if any."""
    unschedule_digest(jobs, chat_id)


async def daily_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chat its daily digest (the job `digest:<chat_id>`)."""
    await deliver_digest(context.application, context.job.chat_id)


async def retry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Try again to send a digest whose sending failed (not with 403)."""
    await deliver_digest(context.application, context.job.chat_id, attempt=context.job.data)


async def catch_up_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send at start-up the digests missed earlier today while the bot was down."""
    for sub in digests(context).store.all():
        await deliver_digest(context.application, sub.chat_id, at_startup=True)


async def check_corpus_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Look for new issue files; the engine swaps its archive in between two searches."""
    s = services(context)
    if await asyncio.to_thread(s.engine.refresh):
        digests(context).built.clear()
        log.info("new issues in the corpus; the next digests use them")
        await check_new_issues(context.application)  # saved searches run against each new issue now


async def deliver_digest(app: Application, chat_id: int, at_startup: bool = False, attempt: int = 0) -> bool:
    """Send the chat its digest now if the rules say so (claim, send, confirm); return whether it was sent."""
    s, d = services(app), digests(app)
    sub = d.store.get(chat_id)
    if sub is None:
        return False
    if s.store.is_blocked(chat_id):
        log.info("digest for chat %s not sent: the chat blocked the bot and has not written since", chat_id)
        return False
    now = d.clock()
    newest = await s.run(s.engine.newest_issue)
    last = d.store.last_issue(chat_id)
    plan = plan_digest(sub, now, issue_key(newest) if newest else None, last, s.settings.digest_without_new_issue,
                       at_startup)
    if not plan.send or newest is None:
        if plan.reason in ("no issue in the archive", "no new issue since the last digest"):
            d.store.mark_handled(chat_id, plan.day)
        log.info("digest for chat %s not sent: %s", chat_id, plan.reason)
        return False
    digest = await built_digest(app, newest)  # before the claim: a claim is only made to be sent
    if not d.store.claim(chat_id, plan, now):
        log.info("digest %s for chat %s was claimed already: not sent twice", plan.delivery_key, chat_id)
        return False
    return await _send_claimed(app, sub, plan, digest, attempt)


async def _send_claimed(app: Application, sub: Subscription, plan: Plan, digest: Digest, attempt: int) -> bool:
    """Push a claimed digest, into the subscription's topic, by the delivery alerts share (confirm, retry, 403)."""
    d, chat_id = digests(app), sub.chat_id
    receipt = Receipt(lambda: d.store.confirm(chat_id, plan, d.clock()), lambda: d.store.release(chat_id, plan))
    retry = Retry(retry_job, f"digest-retry:{chat_id}", lambda n: n)
    messages = [digest_outgoing(services(app).store, digest, m) for m in render_html(digest)]
    sent = await push(app, chat_id, sub.thread_id, messages, receipt, "digest", retry, attempt)
    if sent:
        log.info("digest %s sent to chat %s (%s)", plan.issue_key, chat_id, plan.reason)
    return sent


async def built_digest(app: Application, issue: Issue) -> Digest:
    """Return the issue's digest, built once per issue (in the engine's worker thread)."""
    s, built = services(app), digests(app).built
    if issue not in built:
        while len(built) >= KEPT_DIGESTS:
            built.pop(next(iter(built)))  # the oldest built
        built[issue] = asyncio.ensure_future(s.run(issue_digest, s.engine, issue))
    pending = built[issue]
    try:
        return await asyncio.shield(pending)
    except Exception:
        if built.get(issue) is pending:
            del built[issue]  # a failed build is tried again next time
        raise


def digest_outgoing(store: ChatStore, digest: Digest, message: DigestMessage) -> Outgoing:
    """Return one digest message with a button opening each article it holds (the 原文 button's data)."""
    rows = [[article_button(store, f"{n}. {digest.items[n - 1].headline}", digest.items[n - 1].article_id)]
            for n in message.items]
    return Outgoing(message.html, InlineKeyboardMarkup(rows) if rows else None)
