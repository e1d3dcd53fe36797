"""Subscriptions and delivery records: the pure rule with injected times, and the SQLite store."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.state.subscriptions import DB_NAME, Plan, Subscription, SubscriptionStore, open_store, parse_time, plan_digest

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT = -1001234
ISSUE, NEXT = "001_41ee50b619f939c9.txt", "003_ace193bdf1e9763c.txt"


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = SHANGHAI) -> dt.datetime:
    """Return 2021-03-<day> hour:minute in zone."""
    return dt.datetime(2021, 3, day, hour, minute, tzinfo=zone)


def sub(since: dt.datetime = at(1, 12), last_run_day: dt.date | None = None) -> Subscription:
    """Return an 08:00 Shanghai subscription set at since."""
    return Subscription(CHAT, dt.time(8), "Asia/Shanghai", 42, since, last_run_day)


def test_the_daily_run_sends_a_new_issue() -> None:
    plan = plan_digest(sub(), at(3, 8), ISSUE, None)
    assert plan == Plan(True, "new issue", dt.date(2021, 3, 3), ISSUE, ISSUE)
    assert plan_digest(sub(), at(3, 8), NEXT, ISSUE).delivery_key == NEXT


def test_no_new_issue_means_no_digest_unless_the_setting_asks() -> None:
    assert plan_digest(sub(), at(3, 8), ISSUE, ISSUE) == Plan(False, "no new issue since the last digest",
                                                              dt.date(2021, 3, 3))
    again = plan_digest(sub(), at(3, 8), ISSUE, ISSUE, without_new_issue=True)
    assert again.send and again.delivery_key == f"{ISSUE}@2021-03-03"  # still at most once a day
    assert plan_digest(sub(), at(3, 8), None, None).reason == "no issue in the archive"


def test_a_slot_is_handled_once_a_day() -> None:
    handled = sub(last_run_day=dt.date(2021, 3, 3))
    assert plan_digest(handled, at(3, 8), NEXT, ISSUE).reason == "already handled today"
    assert plan_digest(handled, at(4, 8), NEXT, ISSUE).send


def test_start_up_sends_a_digest_missed_earlier_today() -> None:
    assert plan_digest(sub(), at(3, 11), ISSUE, None, at_startup=True).reason == "missed today"
    assert plan_digest(sub(), at(3, 7, 59), ISSUE, None, at_startup=True).reason == "not due yet today"
    # yesterday's slot was missed too, but it is another day now: wait for today's
    assert plan_digest(sub(last_run_day=dt.date(2021, 3, 1)), at(3, 7), ISSUE, None, at_startup=True).send is False
    # subscribed at 09:00 for 08:00: nothing was missed this morning
    late = plan_digest(sub(since=at(3, 9)), at(3, 11), ISSUE, None, at_startup=True)
    assert late.reason == "subscribed after today's time"
    assert plan_digest(sub(since=at(3, 9)), at(4, 8), ISSUE, None).send


def test_the_day_is_the_subscription_s_local_day() -> None:
    utc = ZoneInfo("UTC")
    # 2021-03-02 23:30 UTC is 07:30 on the 3rd in Shanghai: before the slot
    assert plan_digest(sub(), at(2, 23, 30, utc), ISSUE, None, at_startup=True) == Plan(
        False, "not due yet today", dt.date(2021, 3, 3))
    assert plan_digest(sub(), at(3, 0, 30, utc), ISSUE, None, at_startup=True).reason == "missed today"


def test_parse_time() -> None:
    assert parse_time("08:00") == dt.time(8) and parse_time(" 7:30 ") == dt.time(7, 30)
    assert parse_time("２１：０５") == dt.time(21, 5)
    for bad in ("8", "8:0", "25:00", "08:60", "eight", "8:00pm"):
        with pytest.raises(ValueError):
            parse_time(bad)


@pytest.fixture()
def store(tmp_path: Path) -> SubscriptionStore:
    return open_store(tmp_path)


def test_subscribe_change_and_cancel(store: SubscriptionStore) -> None:
    first = store.subscribe(CHAT, dt.time(8), "Asia/Shanghai", 42, at(3, 9))
    assert first == Subscription(CHAT, dt.time(8), "Asia/Shanghai", 42, at(3, 9).astimezone(dt.timezone.utc))
    assert first.local_time == dt.time(8, tzinfo=SHANGHAI) and first.label == "08:00 (Asia/Shanghai)"
    again = store.subscribe(CHAT, dt.time(8), "Asia/Shanghai", 7, at(3, 10))  # a second /subscribe
    assert again.since == first.since and again.created_by == 7
    moved = store.subscribe(CHAT, dt.time(7, 30), "Asia/Shanghai", 7, at(3, 11))
    assert moved.time == dt.time(7, 30) and moved.since == at(3, 11)
    assert [s.chat_id for s in store.all()] == [CHAT]
    assert store.unsubscribe(CHAT) and not store.unsubscribe(CHAT) and store.get(CHAT) is None
    with pytest.raises(ValueError):
        store.subscribe(CHAT, dt.time(8), "Mars/Olympus", 1, at(3, 9))
    with pytest.raises(ValueError):
        store.subscribe(CHAT, dt.time(8), "Asia/Shanghai", 1, dt.datetime(2021, 3, 3, 9))  # naive


def test_wal_mode(store: SubscriptionStore, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_delivery_is_claimed_once_even_after_a_restart(store: SubscriptionStore, tmp_path: Path) -> None:
    store.subscribe(CHAT, dt.time(8), "Asia/Shanghai", 42, at(1, 12))
    plan = plan_digest(store.get(CHAT), at(3, 8), ISSUE, store.last_issue(CHAT))
    assert store.claim(CHAT, plan, at(3, 8)) and not store.claim(CHAT, plan, at(3, 8, 1))
    store.confirm(CHAT, plan, at(3, 8))
    restarted = open_store(tmp_path)
    assert not restarted.claim(CHAT, plan, at(3, 9))
    assert restarted.get(CHAT).last_run_day == dt.date(2021, 3, 3) and restarted.last_issue(CHAT) == ISSUE
    assert plan_digest(restarted.get(CHAT), at(3, 9), ISSUE, ISSUE, at_startup=True).reason == "already handled today"
    assert plan_digest(restarted.get(CHAT), at(4, 8), ISSUE, ISSUE).reason == "no new issue since the last digest"
    assert restarted.delivered(CHAT) == ((ISSUE, "2021-03-03", "sent"),)


def test_concurrent_claims_let_exactly_one_through(tmp_path: Path) -> None:
    stores = [open_store(tmp_path) for _ in range(8)]  # as if eight jobs or processes raced
    plan = Plan(True, "new issue", dt.date(2021, 3, 3), ISSUE, ISSUE)
    results: list[bool] = []
    start = threading.Barrier(len(stores))

    def race(s: SubscriptionStore) -> None:
        start.wait()
        results.append(s.claim(CHAT, plan, at(3, 8)))

    threads = [threading.Thread(target=race, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]


def test_a_failed_send_releases_its_claim_and_an_unconfirmed_one_is_kept(store: SubscriptionStore) -> None:
    plan = Plan(True, "new issue", dt.date(2021, 3, 3), ISSUE, ISSUE)
    assert store.claim(CHAT, plan, at(3, 8))
    store.release(CHAT, plan)
    assert store.delivered(CHAT) == () and store.claim(CHAT, plan, at(3, 8, 5))
    # claimed, then the process died before confirming: listed, and never claimed again
    claimed_at = at(3, 8, 5).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    assert store.unconfirmed() == ((CHAT, ISSUE, claimed_at),)
    assert not store.claim(CHAT, plan, at(3, 9))
    with pytest.raises(ValueError):
        store.claim(CHAT, Plan(False, "no issue in the archive", dt.date(2021, 3, 3)), at(3, 8))


def test_repeats_are_claimed_per_day(store: SubscriptionStore) -> None:
    first = plan_digest(sub(), at(3, 8), ISSUE, None, without_new_issue=True)
    second = plan_digest(sub(), at(4, 8), ISSUE, ISSUE, without_new_issue=True)
    assert store.claim(CHAT, first, at(3, 8)) and store.claim(CHAT, second, at(4, 8))
    assert not store.claim(CHAT, plan_digest(sub(), at(4, 8), ISSUE, ISSUE, without_new_issue=True), at(4, 8, 1))
    store.mark_handled(CHAT, dt.date(2021, 3, 4))  # no subscription row: a no-op, not an error
    assert [k for k, _, _ in store.delivered(CHAT)] == [f"{ISSUE}@2021-03-03", f"{ISSUE}@2021-03-04"]
