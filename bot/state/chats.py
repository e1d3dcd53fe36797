"""Per-chat state of the Telegram bot in SQLite (WAL): conversation turns, paging, blocked chats.

Everything a chat needs to carry on after a restart lives here: the last question of each chat
(for follow-ups and 更多), the question behind each answer message (so its buttons keep working), its /settings (quiet, script),
the query and page of each /search message, short references for article ids too long for a
button's 64-byte callback data, and the chats that blocked the bot (a 403). Turns are stored as the
JSON text `bot.conversation.Turn.to_json()` makes; this module does not interpret them.

One `ChatStore` is shared by the event loop and worker threads: every statement runs under a lock
on one connection opened with `check_same_thread=False`, in autocommit mode.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

FILENAME = "chats.sqlite3"
SCHEMA_VERSION = 1
KEEP_PER_CHAT = 200  # answer and search messages remembered per chat; older buttons say "expired"
_MAX_PLAIN_REF = 40  # longer article ids get a hashed reference (callback data is ≤ 64 bytes)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    chat_id INTEGER PRIMARY KEY,
    last_turn TEXT,
    blocked_at REAL,
    blocked_reason TEXT,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS message_turns (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    turn TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS searches (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    query TEXT NOT NULL,
    page INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS prefs (
    chat_id INTEGER PRIMARY KEY,
    quiet INTEGER NOT NULL DEFAULT 0,
    script TEXT NOT NULL DEFAULT 'hans'
);
CREATE TABLE IF NOT EXISTS refs (
    ref TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
"""


SCRIPTS = ("hans", "hant")  # 简体 (as printed), 繁體 (converted on the way out)


@dataclass(frozen=True, slots=True)
class ChatPrefs:
    """A chat's /settings: deliveries without a notification sound, and the script of what it is sent."""

    quiet: bool = False
    script: str = "hans"


class ChatStoreError(RuntimeError):
    """The chat database has a schema this version of newsbot does not know."""


class ChatStore:
    """The bot's chat state in one SQLite file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._db.close()
            raise ChatStoreError(f"{path} has schema {version}; this newsbot knows up to {SCHEMA_VERSION}")
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @classmethod
    def open(cls, data_dir: Path) -> ChatStore:
        """Open (creating if needed) the chat database in data_dir."""
        return cls(Path(data_dir) / FILENAME)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ChatStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def journal_mode(self) -> str:
        """Return SQLite's journal mode ("wal")."""
        return self._run("PRAGMA journal_mode")[0][0]

    def _run(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _touch(self, chat_id: int) -> None:
        self._run("INSERT INTO chats (chat_id, updated_at) VALUES (?, ?) "
                  "ON CONFLICT (chat_id) DO UPDATE SET updated_at = excluded.updated_at", (chat_id, time.time()))

    # --- conversation turns ----------------------------------------------------------------

    def last_turn(self, chat_id: int) -> str | None:
        """Return the chat's last turn as JSON, or None."""
        rows = self._run("SELECT last_turn FROM chats WHERE chat_id = ?", (chat_id,))
        return rows[0][0] if rows else None

    def save_turn(self, chat_id: int, turn: str | None, message_id: int | None = None) -> None:
        """Make turn (JSON) the chat's last one, and remember it as the turn behind message_id."""
        self._touch(chat_id)
        self._run("UPDATE chats SET last_turn = ? WHERE chat_id = ?", (turn, chat_id))
        if turn is not None and message_id is not None:
            self._run("INSERT OR REPLACE INTO message_turns VALUES (?, ?, ?)", (chat_id, message_id, turn))
            self._prune("message_turns", chat_id)

    def message_turn(self, chat_id: int, message_id: int) -> str | None:
        """Return the turn (JSON) behind an answer message, or None when unknown or expired."""
        rows = self._run("SELECT turn FROM message_turns WHERE chat_id = ? AND message_id = ?", (chat_id, message_id))
        return rows[0][0] if rows else None

    # --- /search paging -----------------------------------------------------------------------

    def save_search(self, chat_id: int, message_id: int, query: str, page: int) -> None:
        """Remember the query and page shown by a /search message."""
        self._touch(chat_id)
        self._run("INSERT OR REPLACE INTO searches VALUES (?, ?, ?, ?)", (chat_id, message_id, query, page))
        self._prune("searches", chat_id)

    def saved_search(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """Return (query, page) of a /search message, or None when unknown or expired."""
        rows = self._run("SELECT query, page FROM searches WHERE chat_id = ? AND message_id = ?", (chat_id, message_id))
        return (rows[0][0], rows[0][1]) if rows else None

    def _prune(self, table: str, chat_id: int) -> None:
        self._run(f"DELETE FROM {table} WHERE chat_id = ? AND message_id NOT IN "  # noqa: S608 (fixed names)
                  f"(SELECT message_id FROM {table} WHERE chat_id = ? ORDER BY message_id DESC LIMIT ?)",
                  (chat_id, chat_id, KEEP_PER_CHAT))

    # --- article references for callback data ---------------------------------------------------

    def ref(self, article_id: str) -> str:
        """Return a short reference to an article id, fit for callback data."""
        if len(article_id.encode()) <= _MAX_PLAIN_REF and not article_id.startswith("#"):
            return article_id
        ref = "#" + hashlib.blake2b(article_id.encode(), digest_size=9).hexdigest()
        self._run("INSERT OR IGNORE INTO refs VALUES (?, ?)", (ref, article_id))
        return ref

    def article_id(self, ref: str) -> str | None:
        """Return the article id a reference stands for (None for an unknown hashed one)."""
        if not ref.startswith("#"):
            return ref
        rows = self._run("SELECT article_id FROM refs WHERE ref = ?", (ref,))
        return rows[0][0] if rows else None

    # --- chats that blocked the bot -----------------------------------------------------------

    def mark_blocked(self, chat_id: int, reason: str) -> None:
        """Record that the chat refused the bot (403): nothing more is sent there."""
        self._touch(chat_id)
        self._run("UPDATE chats SET blocked_at = ?, blocked_reason = ? WHERE chat_id = ?",
                  (time.time(), reason, chat_id))

    def unblock(self, chat_id: int) -> bool:
        """Forget a block because the chat wrote again; return whether it was blocked."""
        rows = self._run("UPDATE chats SET blocked_at = NULL, blocked_reason = NULL "
                         "WHERE chat_id = ? AND blocked_at IS NOT NULL RETURNING chat_id", (chat_id,))
        return bool(rows)

    def blocked_reason(self, chat_id: int) -> str | None:
        """Return why the chat refused the bot (Telegram's 403 message), or None when it did not."""
        rows = self._run("SELECT blocked_reason FROM chats WHERE chat_id = ? AND blocked_at IS NOT NULL", (chat_id,))
        return rows[0][0] if rows else None

    def is_blocked(self, chat_id: int) -> bool:
        """Return whether the chat blocked the bot and has not written since: nothing is sent there."""
        return self.blocked_reason(chat_id) is not None

    # --- /settings ------------------------------------------------------------------------------

    def prefs(self, chat_id: int) -> ChatPrefs:
        """Return the chat's settings (the defaults when it never changed them)."""
        rows = self._run("SELECT quiet, script FROM prefs WHERE chat_id = ?", (chat_id,))
        return ChatPrefs(bool(rows[0][0]), rows[0][1]) if rows else ChatPrefs()

    def set_prefs(self, chat_id: int, prefs: ChatPrefs) -> None:
        """Store the chat's settings; raise ValueError for an unknown script."""
        if prefs.script not in SCRIPTS:
            raise ValueError(f"unknown script {prefs.script!r}; choose one of {', '.join(SCRIPTS)}")
        self._run("INSERT OR REPLACE INTO prefs VALUES (?, ?, ?)", (chat_id, int(prefs.quiet), prefs.script))
