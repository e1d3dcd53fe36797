"""Saved searches: matching one issue on the seeds, grouping per chat and topic, the store, rendering, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.alerts import SavedSearch, issue_alerts, match_issue
from bot.cli.main import main
from bot.render.alerts import MAX_ITEMS, render_html, render_text
from bot.state.alerts import MAX_PER_CHAT, AlertError, open_alerts
from bot.state.deliveries import ALERT, DB_NAME
from bot.state.subscriptions import open_store
from retrieval import Issue, Library
from tests.conftest import SEEDS

NOW = dt.datetime(2021, 10, 14, 8, tzinfo=dt.timezone.utc)
CITY = "000_5ebacb5347f1c782-08"  # 《我市9月份数字化城市管理绩效考核成绩出炉》


def issue(engine: Library, prefix: str) -> Issue:
    return next(i for i in engine.issues() if i.source.startswith(prefix))


@pytest.mark.parametrize(("query", "prefix", "found"), [
    ("数字化城管", "000", (CITY,)),  # printed as 数字化城市管理: its characters in order, in one clause
    ("周例会", "000", ("000_5ebacb5347f1c782-00",)),  # not every article printing 例会
    ("鄢陵县 考核", "000", (CITY,)),
    ("咱们市 项目", "002", ("002_934f6e8f83eb08ea-03", "002_934f6e8f83eb08ea-04")),  # 咱们市: the paper's 我市
    ("全国文明城市", "002", ("002_934f6e8f83eb08ea-03",)),
    ("数字化城管", "002", ()),  # another issue's article is never found
    ("量子计算机", "000", ()),
    ("  ", "000", ()),
    # the query language of /search: fields, phrases and exclusions are checked on each article
    ("作者:胡晨", "000", ("000_5ebacb5347f1c782-00",)),
    ("作者:胡晨 数字化城管", "000", ()),
    ('"周例会"', "000", ("000_5ebacb5347f1c782-00",)),
    ("数字化城管 -鄢陵县", "000", ()),
    ("作者:", "000", ()),  # malformed: finds nothing (and /alert never saves it)
])
def test_a_saved_search_finds_the_articles_of_one_issue_that_print_it(
        seed_engine: Library, query: str, prefix: str, found: tuple[str, ...]) -> None:
    assert match_issue(seed_engine, issue(seed_engine, prefix), query) == found


def test_alerts_are_grouped_per_chat_and_topic_with_every_search_that_found_an_article(seed_engine: Library) -> None:
    searches = (SavedSearch(1, 5, "数字化城管"), SavedSearch(2, 5, "鄢陵县 考核"), SavedSearch(3, 5, "周例会", 7),
                SavedSearch(4, 6, "数字化城管"), SavedSearch(5, 6, "量子计算机"))
    alerts = issue_alerts(seed_engine, issue(seed_engine, "000"), searches)
    assert [(a.chat_id, a.thread_id, [(i.article.id, [s.id for s in i.searches]) for i in a.items]) for a in alerts] == [
        (5, None, [(CITY, [1, 2])]), (5, 7, [("000_5ebacb5347f1c782-00", [3])]), (6, None, [(CITY, [4])])]
    assert alerts[0].items[0].keys == (f"alert:1:{CITY}", f"alert:2:{CITY}")
    assert render_text(alerts[0], [True]) == (
        "chat 5: 关注提醒：《许昌日报》2021年10月13日 有 1 篇报道\n"
        "  1. 《许昌日报》2021年10月13日《我市9月份数字化城市管理绩效考核成绩出炉》（通讯员 李原 鹿帅）\n"
        "     关注：“数字化城管”、“鄢陵县 考核”\n"
        f"     {CITY}  (sent)")


def test_a_long_alert_is_split_between_items(seed_engine: Library) -> None:
    everything = issue(seed_engine, "001")
    searches = [SavedSearch(1, 5, "我市")]
    [alert] = issue_alerts(seed_engine, everything, searches)
    many = type(alert)(alert.chat_id, None, alert.issue, alert.items * 8)
    messages = render_html(many, limit=1000)
    assert len(messages) > 1 and [n for m in messages for n in m.items] == list(range(1, len(many.items) + 1))
    assert all(len(m.html) <= 1000 and len(m.items) <= MAX_ITEMS for m in messages)
    assert messages[0].html.startswith(f"<b>关注提醒：《许昌日报》2021年3月3日 第9382期 有 {len(many.items)} 篇报道</b>")


def test_the_store_numbers_limits_and_removes_saved_searches(tmp_path: Path) -> None:
    store = open_alerts(tmp_path)
    first = store.add(5, " 数字化城管 ", None, 42, NOW)
    assert first == SavedSearch(first.id, 5, "数字化城管")
    second = store.add(5, "周例会", 7, 42, NOW)
    with pytest.raises(AlertError, match="已经在关注“数字化城管”了"):
        store.add(5, "数字化城管", None, 42, NOW)
    with pytest.raises(AlertError, match="查询是空的"):
        store.add(5, "   ", None, 42, NOW)
    with pytest.raises(AlertError, match="查询太长了"):
        store.add(5, "字" * 201, None, 42, NOW)
    assert store.remove(5, 1) == first and store.remove(5, 2) is None
    assert store.of_chat(5) == (second,)
    again = store.add(5, "数字化城管", None, 42, NOW)
    assert again.id > second.id  # a search saved again is a new search: ids are never reused
    for n in range(MAX_PER_CHAT - 2):
        store.add(5, f"项目{n}", None, 42, NOW)
    with pytest.raises(AlertError, match=f"最多保存 {MAX_PER_CHAT} 个"):
        store.add(5, "高铁", None, 42, NOW)
    store.add(6, "高铁", None, 1, NOW)  # another chat has its own twenty
    assert store.remove_chat(5) == MAX_PER_CHAT and store.of_chat(5) == () and len(store.all()) == 1


def test_the_first_check_records_the_archive_and_later_issues_are_new(tmp_path: Path) -> None:
    store = open_alerts(tmp_path)
    assert store.unchecked(["a.txt", "b.txt"]) == ()  # nothing checked yet: a first check finds nothing new
    store.mark_checked(["a.txt", "b.txt"], NOW)
    assert open_alerts(tmp_path).unchecked(["a.txt", "c.txt", "b.txt", "d.txt"]) == ("c.txt", "d.txt")
    empty = open_alerts(tmp_path / "empty")
    empty.mark_checked([], NOW)  # an empty archive's first check still counts
    assert empty.unchecked(["a.txt"]) == ("a.txt",)


def test_a_ledger_written_before_alerts_gains_its_kind_column(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DB_NAME) as db:  # the schema of the digest-only version
        db.executescript("""
            CREATE TABLE subscriptions (chat_id INTEGER PRIMARY KEY, time TEXT NOT NULL, timezone TEXT NOT NULL,
                created_by INTEGER, since TEXT NOT NULL, last_run_day TEXT);
            CREATE TABLE deliveries (chat_id INTEGER NOT NULL, delivery_key TEXT NOT NULL, issue_key TEXT NOT NULL,
                day TEXT NOT NULL, state TEXT NOT NULL, claimed_at TEXT NOT NULL, sent_at TEXT,
                PRIMARY KEY (chat_id, delivery_key));
            INSERT INTO subscriptions VALUES (5, '08:00', 'Asia/Shanghai', 1, '2021-10-01T00:00:00+00:00', NULL);
            INSERT INTO deliveries VALUES (5, 'a.txt', 'a.txt', '2021-10-13', 'sent', '2021-10-13T00:00:00+00:00', NULL);
        """)
    subs, alerts = open_store(tmp_path), open_alerts(tmp_path)
    assert subs.get(5).thread_id is None and subs.delivered(5) == (("a.txt", "2021-10-13", "sent"),)
    assert alerts.ledger.claim(5, ALERT, ["alert:1:x", "alert:1:x"], "a.txt", dt.date(2021, 10, 13), NOW) == ("alert:1:x",)
    assert subs.delivered(5) == (("a.txt", "2021-10-13", "sent"),) and subs.last_issue(5) == "a.txt"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data_dir: Path) -> Path:
    data = tmp_path / "data"
    for part in ("cache", "segments"):
        shutil.copytree(shared_data_dir / part, data / part)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(SEEDS))
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(data))
    return data


def test_cli_alerts_and_alert_check(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "add", "--chat", "5", "数字化城管"]) == 0
    assert main(["alerts", "add", "--chat", "5", "--topic", "7", "周例会"]) == 0
    assert main(["alerts", "add", "--chat", "5", "周例会"]) == 1
    assert main(["alerts", "add", "--chat", "5", "作者:"]) == 1
    out, err = capsys.readouterr()
    assert out == "chat 5  1. 数字化城管\nchat 5  2. 周例会\n"
    assert err.splitlines()[0] == "newsbot alerts add: 已经在关注“周例会”了。" and len(err.splitlines()) == 2
    assert main(["alerts"]) == 0
    assert capsys.readouterr().out == "chat 5  1. 数字化城管\nchat 5  2. 周例会  (topic 7)\n"
    [first, _] = open_alerts(cli_env).of_chat(5)
    open_alerts(cli_env).ledger.claim(5, ALERT, [first.key(CITY)], "000_5ebacb5347f1c782.txt", dt.date(2021, 10, 13), NOW)
    open_alerts(cli_env).ledger.confirm(5, [first.key(CITY)], NOW)
    assert main(["alert-check", "--json"]) == 0  # the newest issue: 2021-10-13
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["thread_id"], [(i["article_id"], i["sent"]) for i in r["items"]]) for r in records] == [
        (None, [(CITY, True)]), (7, [("000_5ebacb5347f1c782-00", False)])]
    assert main(["alert-check", "--date", "2021-03-03", "--query", "量子计算机"]) == 0
    assert capsys.readouterr().err == "no saved search finds an article in 001_41ee50b619f939c9.txt\n"
    assert main(["alert-check", "--issue", "nope.txt"]) == 1
    assert main(["alerts", "remove", "--chat", "5", "x"]) == 2
    assert main(["alerts", "remove", "--chat", "5", "3"]) == 1
    assert main(["alerts", "remove", "--chat", "5", "1"]) == 0
    out, err = capsys.readouterr()
    assert out == "removed: chat 5  数字化城管\n" and err.splitlines() == [
        "newsbot alert-check: no such issue in the archive (see `newsbot issues`)",
        "newsbot alerts remove: 'x' is not a number (see `newsbot alerts list`)",
        "newsbot alerts remove: chat 5 has no saved search 3"]
