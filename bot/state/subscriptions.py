"""Digest subscriptions in SQLite (WAL), and the pure rule for what a chat gets now.

Exactly once: a digest is claimed in the delivery ledger shared with alerts (bot/state/deliveries.py)
before it is sent, confirmed after. A claim never confirmed is not sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.state.deliveries import DB_NAME, DIGEST, Ledger, prepare, transaction, utc

log = logging.getLogger(__name__)
_COLUMNS = "chat_id, time, timezone, created_by, since, last_run_day, thread_id"
DEFAULT_TIME = dt.time(8, 0)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id      INTEGER PRIMARY KEY,
    time         TEXT NOT NULL,     -- HH:MM, local to timezone
    timezone     TEXT NOT NULL,     -- IANA name, e.g. Asia/Shanghai
    created_by   INTEGER,           -- Telegram user id of whoever subscribed or changed the time
    since        TEXT NOT NULL,     -- when this time was set (UTC ISO): no catch-up for earlier slots
    last_run_day TEXT,              -- the local day whose slot was last handled (sent or skipped)
    thread_id    INTEGER            -- the forum topic the digest goes to (NULL: the chat itself)
);
"""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One chat's daily digest: local time, time zone, who set it and since when."""

    chat_id: int
    time: dt.time
    timezone: str
    created_by: int | None
    since: dt.datetime
    last_run_day: dt.date | None = None
    thread_id: int | None = None  # the forum topic the digest goes to

    @property
    def local_time(self) -> dt.time:
        """Return the delivery time with its time zone attached (what run_daily wants)."""
        return self.time.replace(tzinfo=ZoneInfo(self.timezone))

    @property
    def label(self) -> str:
        """Return `08:00 (Asia/Shanghai)`."""
        return f"{self.time:%H:%M} ({self.timezone})"


@dataclass(frozen=True, slots=True)
class Plan:
    """What a chat should get now: send (which issue, under which delivery key) or skip, and why."""

    send: bool
    reason: str
    day: dt.date
    issue_key: str | None = None
    delivery_key: str | None = None


def parse_time(text: str) -> dt.time:
    """Parse `HH:MM` (also `H:MM`, full-width colon) into a time; raise ValueError otherwise."""
    hours, sep, minutes = text.strip().replace("：", ":").partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"not a time of day: {text!r} (use HH:MM)")
    return dt.time(int(hours), int(minutes))


def plan_digest(
    sub: Subscription, now: dt.datetime, newest_issue: str | None, last_issue: str | None,
    without_new_issue: bool = False, at_startup: bool = False,
) -> Plan:
    """Decide what sub's chat gets at now (aware): the newest issue's digest, or nothing and why.

    At start-up only a slot missed today counts: its time has passed, it was not handled yet today,
    and the subscription already had this time then. A chat that already got newest_issue gets it
    again only when without_new_issue is set (once a day: the day is part of the delivery key).
    """
    local = now.astimezone(ZoneInfo(sub.timezone))
    day = local.date()
    slot = dt.datetime.combine(day, sub.time, tzinfo=ZoneInfo(sub.timezone))
    if sub.last_run_day == day:
        return Plan(False, "already handled today", day)
    if at_startup and local < slot:
        return Plan(False, "not due yet today", day)
    if at_startup and sub.since > slot:
        return Plan(False, "subscribed after today's time", day)
    if newest_issue is None:
        return Plan(False, "no issue in the archive", day)
    if newest_issue == last_issue:
        if not without_new_issue:
            return Plan(False, "no new issue since the last digest", day)
        return Plan(True, "same issue again (repeats allowed)", day, newest_issue, f"{newest_issue}@{day}")
    key = f"{newest_issue}@{day}" if without_new_issue else newest_issue
    return Plan(True, "missed today" if at_startup else "new issue", day, newest_issue, key)


class SubscriptionStore:
    """Subscriptions in the shared SQLite file (WAL), their deliveries in its ledger; thread- and process-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        prepare(path, _SCHEMA)
        with transaction(path) as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(subscriptions)")}
            if "thread_id" not in columns:  # written before forum topics were known
                db.execute("ALTER TABLE subscriptions ADD COLUMN thread_id INTEGER")
        self.ledger = Ledger(path)

    def subscribe(self, chat_id: int, at: dt.time, timezone: str, created_by: int | None,
                  now: dt.datetime, thread_id: int | None = None) -> Subscription:
        """Create or change a chat's subscription (one per chat: a second /subscribe replaces the first).

        thread_id is the forum topic the digest goes to (None: the chat itself).
        """
        zone(timezone)  # an unknown zone fails here, before anything is stored
        with transaction(self.path) as db:
            row = db.execute("SELECT time, last_run_day FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
            if row is not None and row[0] == f"{at:%H:%M}":
                db.execute("UPDATE subscriptions SET timezone = ?, created_by = ?, thread_id = ? WHERE chat_id = ?",
                           (timezone, created_by, thread_id, chat_id))
            else:
                db.execute(
                    f"INSERT OR REPLACE INTO subscriptions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (chat_id, f"{at:%H:%M}", timezone, created_by, utc(now), row[1] if row else None, thread_id),
                )
        found = self.get(chat_id)
        assert found is not None  # just written
        return found

    def unsubscribe(self, chat_id: int) -> bool:
        """Cancel a chat's subscription; return whether there was one. Delivery records are kept."""
        with transaction(self.path) as db:
            return db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount > 0

    def get(self, chat_id: int) -> Subscription | None:
        """Return a chat's subscription, or None."""
        with transaction(self.path) as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()
        return _subscription(row) if row else None

    def all(self) -> tuple[Subscription, ...]:
        """Return every subscription, by chat id."""
        with transaction(self.path) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM subscriptions ORDER BY chat_id").fetchall()
        return tuple(_subscription(r) for r in rows)

    def last_issue(self, chat_id: int) -> str | None:
        """Return the issue key of the chat's latest claimed or sent digest, or None."""
        with transaction(self.path) as db:
            row = db.execute(
                "SELECT issue_key FROM deliveries WHERE chat_id = ? AND kind = ? ORDER BY claimed_at DESC, rowid DESC"
                " LIMIT 1", (chat_id, DIGEST),
            ).fetchone()
        return row[0] if row else None

    def claim(self, chat_id: int, plan: Plan, now: dt.datetime) -> bool:
        """Claim plan's delivery before sending; False when it was claimed already (never send then)."""
        if not plan.send or plan.delivery_key is None or plan.issue_key is None:
            raise ValueError(f"nothing to claim: {plan}")
        return bool(self.ledger.claim(chat_id, DIGEST, [plan.delivery_key], plan.issue_key, plan.day, now))

    def confirm(self, chat_id: int, plan: Plan, now: dt.datetime) -> None:
        """Record that the claimed digest was sent, and that today's slot is handled."""
        if plan.delivery_key is not None:
            self.ledger.confirm(chat_id, [plan.delivery_key], now)
        self.mark_handled(chat_id, plan.day)

    def release(self, chat_id: int, plan: Plan) -> None:
        """Drop an unsent claim after a failed send, so a later run may try again."""
        if plan.delivery_key is not None:
            self.ledger.release(chat_id, [plan.delivery_key])

    def mark_handled(self, chat_id: int, day: dt.date) -> None:
        """Record that the chat's slot of day was handled without sending (nothing new, already claimed)."""
        with transaction(self.path) as db:
            db.execute("UPDATE subscriptions SET last_run_day = ? WHERE chat_id = ?", (day.isoformat(), chat_id))

    def unconfirmed(self) -> tuple[tuple[int, str, str], ...]:
        """Return (chat_id, delivery_key, claimed_at) of digest claims never confirmed: maybe sent, maybe not."""
        return self.ledger.unconfirmed(DIGEST)

    def delivered(self, chat_id: int) -> tuple[tuple[str, str, str], ...]:
        """Return the chat's digest delivery records as (delivery_key, day, state), oldest first."""
        return self.ledger.records(chat_id, DIGEST)


def zone(name: str) -> ZoneInfo:
    """Return the time zone called name; raise ValueError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError) as exc:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"unknown time zone {name!r}") from exc


def open_store(data_dir: Path) -> SubscriptionStore:
    """Open (or create) the subscription store in the data folder."""
    return SubscriptionStore(data_dir / DB_NAME)


def _subscription(row: tuple) -> Subscription:
    chat_id, time, timezone, created_by, since, last_run_day, thread_id = row
    return Subscription(int(chat_id), dt.time.fromisoformat(time), str(timezone), created_by,
                        dt.datetime.fromisoformat(since),
                        dt.date.fromisoformat(last_run_day) if last_run_day else None, thread_id)
