"""The chat store: a real SQLite file in tmp_path, reopened as after a restart, shared by threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.state.chats import FILENAME, KEEP_PER_CHAT, ChatStore, ChatStoreError
from bot.answer.conversation import Turn

TURN = Turn("文明城市", None, ("004_51f39b9f8458e720-07",), ("004_51f39b9f8458e720-07",))


def test_turns_survive_reopening(tmp_path: Path) -> None:
    with ChatStore.open(tmp_path) as store:
        store.save_turn(1001, TURN.to_json(), message_id=7)
        store.save_turn(-100, None)
    with ChatStore.open(tmp_path) as store:
        assert Turn.from_json(store.last_turn(1001)) == TURN
        assert Turn.from_json(store.message_turn(1001, 7)) == TURN
        assert (store.last_turn(-100), store.last_turn(5), store.message_turn(1001, 8)) == (None, None, None)
        assert store.journal_mode() == "wal"


def test_later_turn_replaces_the_last_but_keeps_each_message_turn(tmp_path: Path) -> None:
    later = Turn("许昌的志愿者")
    with ChatStore.open(tmp_path) as store:
        store.save_turn(1001, TURN.to_json(), message_id=7)
        store.save_turn(1001, later.to_json(), message_id=9)
        assert Turn.from_json(store.last_turn(1001)) == later
        assert Turn.from_json(store.message_turn(1001, 7)) == TURN


def test_search_pages_are_kept_per_message_and_pruned(tmp_path: Path) -> None:
    with ChatStore.open(tmp_path) as store:
        for message_id in range(1, KEEP_PER_CHAT + 3):
            store.save_search(1001, message_id, f"许昌{message_id}", 0)
        store.save_search(1001, 10, "许昌10", 3)
        store.save_search(2002, 1, "别的群", 1)
    with ChatStore.open(tmp_path) as store:
        assert store.saved_search(1001, 10) == ("许昌10", 3)
        assert (store.saved_search(1001, 1), store.saved_search(1001, 2)) == (None, None)  # the oldest two went
        assert store.saved_search(1001, KEEP_PER_CHAT + 2) == (f"许昌{KEEP_PER_CHAT + 2}", 0)
        assert store.saved_search(2002, 1) == ("别的群", 1)


def test_refs_fit_callback_data_and_resolve_after_reopening(tmp_path: Path) -> None:
    long_id = "2021-10-13_许昌日报_第九版_专题报道_整版-07"
    with ChatStore.open(tmp_path) as store:
        short = store.ref("000_5ebacb5347f1c782-08")
        hashed = store.ref(long_id)
    assert short == "000_5ebacb5347f1c782-08"
    assert hashed.startswith("#") and len(f"p:99:{hashed}".encode()) <= 64
    with ChatStore.open(tmp_path) as store:
        assert store.article_id(hashed) == long_id
        assert store.article_id(short) == short
        assert store.article_id("#0000") is None


def test_blocked_chats_are_recorded_until_they_write_again(tmp_path: Path) -> None:
    with ChatStore.open(tmp_path) as store:
        store.mark_blocked(1001, "Forbidden: bot was blocked by the user")
        store.mark_blocked(-100, "Forbidden: bot was kicked from the supergroup chat")
    with ChatStore.open(tmp_path) as store:
        assert store.blocked_reason(-100) == "Forbidden: bot was kicked from the supergroup chat"
        assert store.blocked_reason(1001) == "Forbidden: bot was blocked by the user"
        assert store.blocked_reason(42) is None
        assert (store.unblock(1001), store.unblock(1001), store.unblock(42)) == (True, False, False)
        assert (store.is_blocked(1001), store.is_blocked(-100)) == (False, True)


def test_threads_share_one_store(tmp_path: Path) -> None:
    with ChatStore.open(tmp_path) as store:
        def work(chat_id: int) -> None:
            for message_id in range(20):
                store.save_turn(chat_id, Turn(f"问题{chat_id}-{message_id}").to_json(), message_id)
                assert store.last_turn(chat_id) is not None

        threads = [threading.Thread(target=work, args=(chat_id,)) for chat_id in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [Turn.from_json(store.last_turn(c)).question for c in range(8)] == [f"问题{c}-19" for c in range(8)]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(ChatStoreError, match="schema 99"):
        ChatStore.open(tmp_path)
