"""The delivery ledger shared by digests and alerts: claim before sending, confirm after (exactly once).

One SQLite file (WAL) holds the subscriptions, the saved searches and this ledger. A delivery is a
row unique per (chat, delivery key), of a kind (`digest`, `alert`): claimed in one transaction
before anything is sent, confirmed once Telegram has answered, released (deleted) when nothing
arrived. A claim never confirmed — the process died between claiming and hearing back — is not
sent again: a chat may miss one delivery then, but never gets one twice.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

DB_NAME = "subscriptions.sqlite3"
DIGEST, ALERT = "digest", "alert"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    chat_id      INTEGER NOT NULL,
    delivery_key TEXT NOT NULL,     -- digest: the issue key (`@<day>` when repeats are allowed); alert: alert:<search>:<article>
    issue_key    TEXT NOT NULL,
    day          TEXT NOT NULL,     -- digest: the local day of the slot; alert: the issue's date
    state        TEXT NOT NULL CHECK (state IN ('claimed', 'sent')),
    claimed_at   TEXT NOT NULL,
    sent_at      TEXT,
    kind         TEXT NOT NULL DEFAULT 'digest',
    PRIMARY KEY (chat_id, delivery_key)
);
"""


def prepare(path: Path, schema: str) -> None:
    """Create the folder, switch the file to WAL and create schema's tables (and the ledger's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")  # persistent: every later connection is WAL too
        db.executescript(_SCHEMA + schema)
        columns = {row[1] for row in db.execute("PRAGMA table_info(deliveries)")}
        if "kind" not in columns:  # a ledger written before alerts existed holds digests only
            db.execute("ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest'")


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """Open a connection for one unit of work, committed on success (one per call: thread-safe)."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def utc(moment: dt.datetime) -> str:
    """Return an aware moment as UTC ISO text; a naive one is a caller's bug."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime: pass an aware one")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


class Ledger:
    """Delivery records of every kind in the shared SQLite file; safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        prepare(path, "")

    def claim(self, chat_id: int, kind: str, keys: Iterable[str], issue_key: str, day: dt.date,
              now: dt.datetime) -> tuple[str, ...]:
        """Claim keys for chat_id in one transaction; return those claimed now (not claimed before)."""
        claimed = []
        with transaction(self.path) as db:
            for key in dict.fromkeys(keys):
                cursor = db.execute(
                    "INSERT OR IGNORE INTO deliveries (chat_id, delivery_key, issue_key, day, state, claimed_at, kind)"
                    " VALUES (?, ?, ?, ?, 'claimed', ?, ?)", (chat_id, key, issue_key, day.isoformat(), utc(now), kind))
                if cursor.rowcount == 1:
                    claimed.append(key)
        return tuple(claimed)

    def confirm(self, chat_id: int, keys: Iterable[str], now: dt.datetime) -> None:
        """Record that the claimed keys were sent."""
        with transaction(self.path) as db:
            db.executemany("UPDATE deliveries SET state = 'sent', sent_at = ? WHERE chat_id = ? AND delivery_key = ?",
                           [(utc(now), chat_id, key) for key in keys])

    def release(self, chat_id: int, keys: Iterable[str]) -> None:
        """Drop unsent claims after a failed send, so a later run may try again."""
        with transaction(self.path) as db:
            db.executemany("DELETE FROM deliveries WHERE chat_id = ? AND delivery_key = ? AND state = 'claimed'",
                           [(chat_id, key) for key in keys])

    def unconfirmed(self, kind: str | None = None) -> tuple[tuple[int, str, str], ...]:
        """Return (chat_id, delivery_key, claimed_at) of claims never confirmed: maybe sent, maybe not."""
        with transaction(self.path) as db:
            rows = db.execute("SELECT chat_id, delivery_key, claimed_at FROM deliveries WHERE state = 'claimed'"
                              " AND (? IS NULL OR kind = ?) ORDER BY claimed_at, rowid", (kind, kind)).fetchall()
        return tuple((int(c), str(k), str(t)) for c, k, t in rows)

    def records(self, chat_id: int, kind: str) -> tuple[tuple[str, str, str], ...]:
        """Return the chat's delivery records of a kind as (delivery_key, day, state), oldest first."""
        with transaction(self.path) as db:
            rows = db.execute("SELECT delivery_key, day, state FROM deliveries WHERE chat_id = ? AND kind = ?"
                              " ORDER BY claimed_at, rowid", (chat_id, kind)).fetchall()
        return tuple((str(k), str(d), str(s)) for k, d, s in rows)
