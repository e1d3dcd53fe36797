"""`newsbot alerts` (list, add, remove a chat's saved searches) and `newsbot alert-check` (what they find).

`alert-check` runs the saved searches (or one `--query`) against one issue — the newest, the issues
of `--date`, or the file `--issue` — exactly as the bot does when that issue arrives, and prints
what each chat would be sent; nothing is sent or claimed. An article already delivered to a chat
for a search is marked `(sent)`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.alerts import IssueAlert, SavedSearch, issue_alerts
from bot.digest import issues_of
from bot.engine import build_engine
from bot.render.alerts import alert_record, render_text
from bot.settings import Settings
from bot.state.alerts import AlertError, AlertStore, open_alerts
from bot.state.deliveries import ALERT
from retrieval import Issue, Library, QueryError, parse_query

CLI_USER = None  # saved from the terminal: no Telegram user


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `alerts` and `alert-check` subcommands."""
    alerts = subparsers.add_parser("alerts", help="list, add or remove a chat's saved searches")
    alerts.set_defaults(handler=cmd_alerts, chat=None)
    actions = alerts.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="the saved searches, numbered per chat (the default)")
    listing.add_argument("--chat", type=int, help="the Telegram chat id (every chat when left out)")
    add = actions.add_parser("add", help="save a search for a chat")
    add.add_argument("--chat", type=int, required=True, help="the Telegram chat id")
    add.add_argument("--topic", type=int, help="the forum topic (message_thread_id) to alert into")
    add.add_argument("value", metavar="QUERY", help="the words to look for in each new issue")
    remove = actions.add_parser("remove", help="remove a chat's saved search by its number")
    remove.add_argument("--chat", type=int, required=True, help="the Telegram chat id")
    remove.add_argument("value", metavar="N", help="its number, as `newsbot alerts list` shows it")
    check = subparsers.add_parser("alert-check", help="run the saved searches against an issue; print what they find")
    which = check.add_mutually_exclusive_group()
    which.add_argument("--date", type=dt.date.fromisoformat, help="the issues of this date (YYYY-MM-DD)")
    which.add_argument("--issue", help="the issue file name (as `newsbot issues` lists it)")
    check.add_argument("--query", help="try this query instead of the saved searches")
    check.add_argument("--json", action="store_true", help="one JSON object per chat and issue")
    check.set_defaults(handler=cmd_alert_check)


def cmd_alerts(args: argparse.Namespace, settings: Settings) -> int:
    """List, add or remove saved searches of a chat."""
    store = open_alerts(settings.data_dir)
    if args.action in (None, "list"):
        saved = store.of_chat(args.chat) if args.chat is not None else store.all()
        for chat_id in dict.fromkeys(s.chat_id for s in saved):
            mine = [s for s in saved if s.chat_id == chat_id]
            for n, s in enumerate(mine, 1):
                print(f"chat {chat_id}  {n}. {s.query}" + (f"  (topic {s.thread_id})" if s.thread_id else ""))
        return 0
    return _add(store, args) if args.action == "add" else _remove(store, args)


def _add(store: AlertStore, args: argparse.Namespace) -> int:
    try:
        parse_query(args.value)  # the same language as search: a malformed query is never saved
        saved = store.add(args.chat, args.value, args.topic, CLI_USER, dt.datetime.now(dt.timezone.utc))
    except (AlertError, QueryError) as error:
        print(f"newsbot alerts add: {error}", file=sys.stderr)
        return 1
    print(f"chat {saved.chat_id}  {len(store.of_chat(args.chat))}. {saved.query}")
    return 0


def _remove(store: AlertStore, args: argparse.Namespace) -> int:
    if not args.value.isdecimal():
        print(f"newsbot alerts remove: {args.value!r} is not a number (see `newsbot alerts list`)", file=sys.stderr)
        return 2
    gone = store.remove(args.chat, int(args.value))
    if gone is None:
        print(f"newsbot alerts remove: chat {args.chat} has no saved search {args.value}", file=sys.stderr)
        return 1
    print(f"removed: chat {gone.chat_id}  {gone.query}")
    return 0


def cmd_alert_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print what the saved searches (or --query) find in the chosen issue(s); send nothing."""
    engine = build_engine(settings)
    issues = _issues(engine, args)
    if not issues:
        print("newsbot alert-check: no such issue in the archive (see `newsbot issues`)", file=sys.stderr)
        return 1
    store = open_alerts(settings.data_dir)
    searches = (SavedSearch(0, 0, args.query),) if args.query else store.all()
    if not searches:
        print("newsbot alert-check: no saved search (add one with `newsbot alerts add --chat ID 查询`)",
              file=sys.stderr)
        return 1
    found = [a for issue in issues for a in issue_alerts(engine, issue, searches)]
    for alert in found:
        sent = _sent(store, alert)
        if args.json:
            record = alert_record(alert)
            for item, done in zip(record["items"], sent):
                item["sent"] = done
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(render_text(alert, sent))
    if not found:
        print(f"no saved search finds an article in {', '.join(i.source for i in issues)}", file=sys.stderr)
    return 0


def _issues(engine: Library, args: argparse.Namespace) -> list[Issue]:
    if args.issue:
        return [i for i in engine.issues() if i.source == args.issue]
    return issues_of(engine, args.date)


def _sent(store: AlertStore, alert: IssueAlert) -> list[bool]:
    """Tell, per item, whether the chat was sent it already for every search that finds it."""
    done = {key for key, _, state in store.ledger.records(alert.chat_id, ALERT) if state == "sent"}
    return [all(k in done for k in item.keys) for item in alert.items]
