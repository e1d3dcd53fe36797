"""Saved searches at work: each new issue is matched against every chat's saved searches, once.

At start-up (issues ingested while the bot was down, or by `newsbot ingest` in another process) and
after each corpus check that found new issue files, `check_new_issues` takes the issues not yet
checked (bot/state/alerts.py), runs the saved searches against each issue alone
(`bot.alerts.issue_alerts`) and pushes one message per (chat, topic, issue). Each (chat, search,
article) is claimed in the delivery ledger before sending, so it is sent at most once even across
restarts; the sending, confirming, retrying and the 403 are the digests' (bot/telegram/delivery.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from telegram import InlineKeyboardMarkup
from telegram.ext import Application, ContextTypes

from bot.alerts import AlertItem, IssueAlert, issue_alerts
from bot.render.alerts import render_html
from bot.state.alerts import AlertStore, open_alerts
from bot.state.deliveries import ALERT
from bot.telegram.delivery import Outgoing, Receipt, Retry, push
from bot.telegram.replies import article_button
from bot.telegram.services import StartHook, services
from retrieval import Issue

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
ALERTS = "alerts"  # the key of AlertServices in application.bot_data


@dataclass(frozen=True, slots=True)
class AlertServices:
    """The saved searches, the clock (injected in tests), and a lock: one check of new issues at a time."""

    store: AlertStore
    clock: Clock
    checking: asyncio.Lock = field(default_factory=asyncio.Lock)


def alerts(app_or_context: Application | ContextTypes.DEFAULT_TYPE) -> AlertServices:
    """Return the alert services of the application."""
    app = app_or_context if isinstance(app_or_context, Application) else app_or_context.application
    return app.bot_data[ALERTS]


def start_hook(clock: Clock | None = None) -> StartHook:
    """Return the start-up work: open the saved searches, report lost claims, check for new issues."""
    async def start(app: Application) -> None:
        store = open_alerts(services(app).settings.data_dir)
        app.bot_data[ALERTS] = AlertServices(store, clock or (lambda: dt.datetime.now(dt.timezone.utc)))
        for chat_id, key, claimed_at in store.ledger.unconfirmed(ALERT):
            log.warning("alert %s for chat %s claimed at %s was never confirmed: not sent again", key, chat_id,
                        claimed_at)
        app.job_queue.run_once(check_job, 0, name="alert-check")
    return start


async def check_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Run the saved searches against the issues not checked yet (the start-up job)."""
    await check_new_issues(context.application)


async def check_new_issues(app: Application) -> int:
    """Match every saved search against each issue not checked yet; return the alert messages' chats served.

    A no-op when the bot runs without alerts. The first check of an archive only records its issues.
    """
    if ALERTS not in app.bot_data:
        return 0
    s, a = services(app), alerts(app)
    async with a.checking:
        issues = {i.source: i for i in await s.run(s.engine.issues)}
        fresh = sorted((issues[k] for k in a.store.unchecked(issues)), key=lambda i: (i.date or dt.date.min, i.source))
        searches = a.store.all()
        served = 0
        for issue in fresh:
            found = await s.run(issue_alerts, s.engine, issue, searches) if searches else ()
            log.info("new issue %s: %d chat(s) to alert", issue.source, len(found))
            for alert in found:
                served += await deliver_alert(app, alert)
            a.store.mark_checked([issue.source], a.clock())
        a.store.mark_checked(issues, a.clock())  # the first check: every issue is old
        return served


async def retry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Try again to send a chat's alert about an issue, whose sending failed (not with 403)."""
    issue_key, thread_id, attempt = context.job.data
    s, chat_id = services(context), context.job.chat_id
    issue = issue_by_key(await s.run(s.engine.issues), issue_key)
    searches = [x for x in alerts(context).store.of_chat(chat_id) if x.thread_id == thread_id]
    if issue is None or not searches:
        log.info("alert about %s for chat %s not retried: the issue or the searches are gone", issue_key, chat_id)
        return
    for alert in await s.run(issue_alerts, s.engine, issue, searches):
        await deliver_alert(context.application, alert, attempt)


async def deliver_alert(app: Application, alert: IssueAlert, attempt: int = 0) -> bool:
    """Claim each (search, article) of the alert not claimed before, then push what is left; return whether sent."""
    s, a = services(app), alerts(app)
    chat_id, issue = alert.chat_id, alert.issue
    if s.store.is_blocked(chat_id):
        log.info("alert for chat %s not sent: the chat blocked the bot and has not written since", chat_id)
        return False
    keys = [k for item in alert.items for k in item.keys]
    now = a.clock()
    claimed = set(a.store.ledger.claim(chat_id, ALERT, keys, issue.source, issue.date or now.date(), now))
    alert = _only_claimed(alert, claimed)
    if not alert.items:
        log.info("alert about %s for chat %s was claimed already: not sent twice", issue.source, chat_id)
        return False
    receipt = Receipt(lambda: a.store.ledger.confirm(chat_id, claimed, a.clock()),
                      lambda: a.store.ledger.release(chat_id, claimed))
    retry = Retry(retry_job, f"alert-retry:{chat_id}:{issue.source}", lambda n: (issue.source, alert.thread_id, n))
    sent = await push(app, chat_id, alert.thread_id, alert_outgoing(app, alert), receipt, "alert", retry, attempt)
    if sent:
        log.info("alert about %s sent to chat %s: %d article(s)", issue.source, chat_id, len(alert.items))
    return sent


def _only_claimed(alert: IssueAlert, claimed: set[str]) -> IssueAlert:
    """Keep, of each item, the searches whose (search, article) was claimed now; drop items left with none."""
    items = []
    for item in alert.items:
        searches = tuple(x for x in item.searches if x.key(item.article.id) in claimed)
        if searches:
            items.append(AlertItem(item.article, searches))
    return replace(alert, items=tuple(items))


def alert_outgoing(app: Application, alert: IssueAlert) -> list[Outgoing]:
    """Return the alert's messages, a 原文 button under each for every article it names."""
    store = services(app).store
    out = []
    for message in render_html(alert):
        rows = [[article_button(store, f"原文 {n}. {alert.items[n - 1].article.title}", alert.items[n - 1].article.id)]
                for n in message.items]
        out.append(Outgoing(message.html, InlineKeyboardMarkup(rows) if rows else None))
    return out


def issue_by_key(issues: tuple[Issue, ...], key: str) -> Issue | None:
    """Return the issue whose file is key, or None."""
    return next((i for i in issues if i.source == key), None)
