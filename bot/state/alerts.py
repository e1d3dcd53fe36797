"""Saved searches that alert (`/alert 查询`), and the issues already checked against them, in SQLite (WAL).

They live in the same file as the subscriptions and the delivery ledger (bot/state/deliveries.py),
which records each (chat, search, article) sent: its key is `alert:<search id>:<article id>`.
Search ids are never reused (AUTOINCREMENT), so a search removed and saved again is a new search.
`alert_issues` lists the issue files already matched against the saved searches: an issue not in
it is new. The first check of an archive only records its issues (nothing is new yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from bot.alerts import SavedSearch
from bot.state.deliveries import DB_NAME, Ledger, prepare, transaction, utc

MAX_PER_CHAT = 20  # saved searches per chat: each costs one search per new issue
MAX_QUERY_CHARS = 200
_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL,
    query       TEXT NOT NULL,
    thread_id   INTEGER,            -- the forum topic it was saved in, where its alerts go (NULL: the chat)
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    UNIQUE (chat_id, query)
);
CREATE TABLE IF NOT EXISTS alert_issues (
    issue_key   TEXT PRIMARY KEY,   -- an issue file already matched against every saved search
    checked_at  TEXT NOT NULL
);
"""


class AlertError(ValueError):
    """A saved search that cannot be saved: too many, too long, empty or already saved (a reader's message)."""


class AlertStore:
    """Saved searches per chat, and the issues already checked, in the shared SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        prepare(path, _SCHEMA)
        self.ledger = Ledger(path)

    def add(self, chat_id: int, query: str, thread_id: int | None, created_by: int | None,
            now: dt.datetime) -> SavedSearch:
        """Save a search for the chat; raise AlertError when it is empty, too long, a repeat or one too many."""
        query = " ".join(query.split())
        if not query:
            raise AlertError("查询是空的。")
        if len(query) > MAX_QUERY_CHARS:
            raise AlertError(f"查询太长了（最多 {MAX_QUERY_CHARS} 个字）。")
        with transaction(self.path) as db:
            count, = db.execute("SELECT count(*) FROM alerts WHERE chat_id = ?", (chat_id,)).fetchone()
            if db.execute("SELECT 1 FROM alerts WHERE chat_id = ? AND query = ?", (chat_id, query)).fetchone():
                raise AlertError(f"已经在关注“{query}”了。")
            if count >= MAX_PER_CHAT:
                raise AlertError(f"每个聊天最多保存 {MAX_PER_CHAT} 个关注，请先用 /unalert N 删掉一个。")
            cursor = db.execute("INSERT INTO alerts (chat_id, query, thread_id, created_by, created_at)"
                                " VALUES (?, ?, ?, ?, ?)", (chat_id, query, thread_id, created_by, utc(now)))
        return SavedSearch(int(cursor.lastrowid or 0), chat_id, query, thread_id)

    def of_chat(self, chat_id: int) -> tuple[SavedSearch, ...]:
        """Return the chat's saved searches in the order they were saved (numbered 1.. by /alerts)."""
        with transaction(self.path) as db:
            rows = db.execute("SELECT id, chat_id, query, thread_id FROM alerts WHERE chat_id = ? ORDER BY id",
                              (chat_id,)).fetchall()
        return tuple(SavedSearch(*row) for row in rows)

    def all(self) -> tuple[SavedSearch, ...]:
        """Return every saved search, by chat, then in the order saved."""
        with transaction(self.path) as db:
            rows = db.execute("SELECT id, chat_id, query, thread_id FROM alerts ORDER BY chat_id, id").fetchall()
        return tuple(SavedSearch(*row) for row in rows)

    def remove(self, chat_id: int, number: int) -> SavedSearch | None:
        """Remove the chat's search number `number` (1-based, as /alerts lists them); None when there is none."""
        searches = self.of_chat(chat_id)
        if not 1 <= number <= len(searches):
            return None
        gone = searches[number - 1]
        with transaction(self.path) as db:
            db.execute("DELETE FROM alerts WHERE id = ?", (gone.id,))
        return gone

    def remove_chat(self, chat_id: int) -> int:
        """Remove every saved search of a chat (it removed or blocked the bot); return how many."""
        with transaction(self.path) as db:
            return db.execute("DELETE FROM alerts WHERE chat_id = ?", (chat_id,)).rowcount

    def unchecked(self, issue_keys: Iterable[str]) -> tuple[str, ...]:
        """Return the issue keys not matched yet, in the order given (all of them are old on a first check)."""
        keys = tuple(dict.fromkeys(issue_keys))
        with transaction(self.path) as db:
            seen = {row[0] for row in db.execute("SELECT issue_key FROM alert_issues")}
        return tuple(k for k in keys if k not in seen) if seen else ()

    def mark_checked(self, issue_keys: Iterable[str], now: dt.datetime) -> None:
        """Record that these issues were matched against every saved search (and that a first check was made)."""
        with transaction(self.path) as db:
            db.executemany("INSERT OR IGNORE INTO alert_issues VALUES (?, ?)",
                           [(k, utc(now)) for k in ("", *issue_keys)])  # "": the first check, even of no issue


def open_alerts(data_dir: Path) -> AlertStore:
    """Open (or create) the saved searches in the data folder's shared SQLite file."""
    return AlertStore(data_dir / DB_NAME)
