"""Run the fake Telegram Bot API (tests/fake_bot_api/launcher.mjs) and act as its users.

`FakeBotApi` starts the Node launcher, which serves telegram-test-api on 127.0.0.1 with the gaps
python-telegram-bot needs filled. Point the bot at `base_url` / `base_file_url`; inject what users
do with `send_message`, `send_group_message`, `send_reply`, `press_button`, `send_inline_query`
(each returns the Update the bot will receive, as JSON); say who administers a group with
`set_member_status` (what getChatMember answers; anyone else is a plain member); read what the
bot did with `messages` (each with its forum topic's `message_thread_id` and `disable_notification`)
and `calls`, or, while the bot runs in the same event loop, the async
`wait_messages` and `wait_calls`. `fail_next` makes the next calls of a method answer 429 or 403.
"""

from __future__ import annotations

import asyncio
import json
import re
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = Path(__file__).resolve().parent / "fake_bot_api" / "launcher.mjs"
USER_ID = 1001  # the default reader; a private chat's id is its user's id
GROUP_ID = -1001234567890  # the default supergroup


class FakeBotApiError(RuntimeError):
    """The fake server could not be started or refused a request."""


def _utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _entities(text: str) -> list[dict[str, Any]]:
    """Return the bot_command and mention entities Telegram would attach to `text`."""
    found = []
    command = re.match(r"/\S+", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16_len(command.group())})
    start = command.end() if command else 0
    for m in re.finditer(r"@[A-Za-z0-9_]{5,32}", text[start:]):
        offset = _utf16_len(text[: start + m.start()])
        found.append({"type": "mention", "offset": offset, "length": _utf16_len(m.group())})
    return found


class FakeBotApi:
    """A running fake Bot API server for one bot token; use as a context manager."""

    def __init__(self, token: str = "123:TEST", *, port: int = 0, startup_timeout: float = 10.0):
        self.token = token
        self.port = port
        self.bot_id = 0
        self.bot_username = ""
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()
        self._client: httpx.Client | None = None

    # --- life cycle ----------------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        """Start the launcher and wait for the port it reports."""
        node = shutil.which("node")
        if node is None:
            raise FakeBotApiError("node is not on PATH: install Node.js 18+ to run these tests")
        if not (ROOT / "node_modules" / "telegram-test-api").is_dir():
            raise FakeBotApiError("telegram-test-api is not installed: run `make install` (npm ci)")
        self._process = subprocess.Popen(
            [node, str(LAUNCHER), str(self.port)],
            cwd=ROOT,
            stdin=subprocess.PIPE,  # the launcher exits when this closes, even if we crash
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        try:
            ready = json.loads(self._read_ready_line())
        except BaseException:
            self.stop()
            raise
        self.port, self.bot_id = ready["port"], ready["bot"]["id"]
        self.bot_username = ready["bot"]["username"]
        self._client = httpx.Client(base_url=self.url, timeout=5.0)
        return self

    def _read_ready_line(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        deadline = time.monotonic() + self._startup_timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if selector.select(timeout=deadline - time.monotonic()):
                    line = self._process.stdout.readline().decode()
                    if line:
                        return line
                    break  # EOF: the launcher died
        raise FakeBotApiError(f"fake Bot API did not start: {self._stderr_tail()}")

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")[-2000:] or "(no output)"

    def stop(self) -> None:
        """Stop the launcher: close its stdin (it exits on that), kill it if it lingers."""
        if self._client is not None:
            self._client.close()
            self._client = None
        process, self._process = self._process, None
        if process is not None:
            process.stdin.close()  # type: ignore[union-attr]
            try:
                process.wait(3.0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(2.0)
            process.stdout.close()  # type: ignore[union-attr]
        self._stderr.close()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- addresses -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Return the server's root URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Return the value for PTB's `base_url` (`TELEGRAM_BASE_URL`)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the value for PTB's `base_file_url` (the fake stores no files: 404)."""
        return f"{self.url}/file/bot"

    # --- what users do -------------------------------------------------------------------------

    @staticmethod
    def user(user_id: int = USER_ID, first_name: str = "读者") -> dict[str, Any]:
        """Return a Telegram User for a human reader."""
        return {"id": user_id, "is_bot": False, "first_name": first_name,
                "username": f"reader{user_id}", "language_code": "zh-hans"}

    def send_message(self, text: str, *, user_id: int = USER_ID) -> dict[str, Any]:
        """Send `text` to the bot in the user's private chat; return the Update as JSON."""
        user = self.user(user_id)
        chat = {"id": user_id, "type": "private", "first_name": user["first_name"],
                "username": user["username"]}
        return self._send_text(text, user, chat)

    def send_group_message(self, text: str, *, chat_id: int = GROUP_ID, user_id: int = USER_ID,
                           title: str = "读报群", topic: int | None = None) -> dict[str, Any]:
        """Send `text` to a supergroup the bot is in; @mentions and /commands get entities.

        With `topic`, the group is a forum and the message is sent inside that topic (its
        message_thread_id), as Telegram marks a forum topic's messages.
        """
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        if topic is None:
            return self._send_text(text, self.user(user_id), chat)
        return self._send_text(text, self.user(user_id), {**chat, "is_forum": True},
                               message_thread_id=topic, is_topic_message=True)

    def send_reply(self, text: str, to: dict[str, Any], *,
                   user_id: int = USER_ID) -> dict[str, Any]:
        """Reply with `text` to `to`, a message from `messages()`, in that message's chat."""
        keys = ("message_id", "date", "chat", "from", "text", "reply_markup")
        replied = {key: to[key] for key in keys if key in to}
        return self._send_text(text, self.user(user_id), to["chat"], reply_to_message=replied)

    def _send_text(self, text: str, user: dict[str, Any], chat: dict[str, Any],
                   **extra: Any) -> dict[str, Any]:
        message = {"botToken": self.token, "from": user, "chat": chat, "date": int(time.time()),
                   "text": text, **extra}
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        # The library's client API has a separate route for commands (it insists on entities).
        return self._post("/sendCommand" if text.startswith("/") else "/sendMessage", message)

    def send_photo(self, caption: str, *, user_id: int = USER_ID, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a photo with `caption` to the bot (in the user's private chat, or in `chat`)."""
        user = self.user(user_id)
        chat = chat or {"id": user_id, "type": "private", "first_name": user["first_name"],
                        "username": user["username"]}
        message = {"botToken": self.token, "from": user, "chat": chat, "date": int(time.time()), "caption": caption,
                   "photo": [{"file_id": "photo-1", "file_unique_id": "p1", "width": 640, "height": 480}]}
        entities = _entities(caption)
        if entities:
            message["caption_entities"] = entities
        return self._post("/sendMessage", message)

    def press_button(self, message: dict[str, Any], text: str, *,
                     user_id: int | None = None) -> dict[str, Any]:
        """Press the inline button labelled `text` under `message` (from `messages()`)."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in (button for row in rows for button in row):
            if button["text"] == text and "callback_data" in button:
                return self.send_callback_query(message, button["callback_data"], user_id=user_id)
        raise LookupError(f"no callback button {text!r} under message {message['message_id']}")

    def send_callback_query(self, message: dict[str, Any], data: str, *,
                            user_id: int | None = None) -> dict[str, Any]:
        """Send a callback query with `data` from a button under `message`."""
        chat = message["chat"]
        if user_id is None:
            user_id = chat["id"] if chat["type"] == "private" else USER_ID
        # The launcher replaces this stub with the message as currently stored.
        stub = {"message_id": message["message_id"], "chat": chat}
        return self._post("/sendCallback", {"botToken": self.token, "from": self.user(user_id),
                                     "message": stub, "data": data})

    def send_inline_query(self, query: str, *, user_id: int = USER_ID, offset: str = "",
                          chat_type: str = "private") -> dict[str, Any]:
        """Type `@bot query` in some chat: the bot receives an inline query."""
        return self._post("/sendInlineQuery", {"botToken": self.token, "from": self.user(user_id),
                                        "query": query, "offset": offset, "chat_type": chat_type})

    def set_member_status(self, status: str, *, chat_id: int = GROUP_ID, user_id: int = USER_ID) -> None:
        """Make getChatMember answer `status` (creator, administrator, member, left…) for the user."""
        self._post("/_fake/chat_member", {"chat_id": chat_id, "user_id": user_id, "status": status})

    # --- what the bot did ----------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Return the bot's messages in a chat, oldest first, edits applied (text is as sent)."""
        return self._get("/_fake/messages", chat_id=chat_id)

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Return the Bot API calls received, each {method, params, status, time}."""
        calls = self._get("/_fake/calls")
        return [c for c in calls if method is None or c["method"].lower() == method.lower()]

    def clear_calls(self) -> None:
        """Forget the calls received so far."""
        self._request("DELETE", "/_fake/calls")

    def reset(self) -> None:
        """Forget all updates, messages, calls, queued failures, webhooks and commands."""
        self._post("/_fake/reset", {})

    async def wait_messages(self, chat_id: int, count: int = 1,
                            timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages to the chat; return them."""
        return await self._wait(lambda: self.messages(chat_id), count, timeout,
                                f"{count} bot message(s) in chat {chat_id}")

    async def wait_calls(self, method: str, count: int = 1,
                         timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until `method` was called at least `count` times and answered; return the calls."""
        def answered() -> list[dict[str, Any]]:
            return [c for c in self.calls(method) if c["status"] is not None]
        return await self._wait(answered, count, timeout, f"{count} {method} call(s)")

    @staticmethod
    async def _wait(fetch: Any, count: int, timeout: float, what: str) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            found = fetch()  # a blocking request to 127.0.0.1: about a millisecond
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s for {what}; have {len(found)}")
            await asyncio.sleep(0.01)

    # --- failures ------------------------------------------------------------------------------

    def fail_next(self, method: str, count: int = 1, *, error_code: int = 429,
                  retry_after: int = 1, chat_id: int | None = None,
                  description: str | None = None) -> None:
        """Make the next `count` calls of `method` (to `chat_id`, if given) fail.

        429 answers "Too Many Requests" with `retry_after`; 403 answers "Forbidden: bot was
        blocked by the user"; other codes answer `description`.
        """
        body: dict[str, Any] = {"method": method, "count": count, "error_code": error_code,
                                "retry_after": retry_after}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if description is not None:
            body["description"] = description
        self._post("/_fake/fail", body)

    # --- HTTP ----------------------------------------------------------------------------------

    def _get(self, path: str, **params: Any) -> Any:
        return self._request("GET", path, params=params)

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._request("POST", path, json=body)

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self._client is None:
            raise FakeBotApiError("the fake Bot API is not running")
        response = self._client.request(method, path, **kwargs)
        payload = response.json()
        if response.status_code != 200 or not payload.get("ok"):
            raise FakeBotApiError(f"{method} {path}: HTTP {response.status_code} {payload}")
        return payload["result"]


@pytest.fixture(scope="session")
def fake_bot_api_server() -> Iterator[FakeBotApi]:
    """Yield one fake Bot API server for the whole session (Node takes ~0.5 s to start)."""
    with FakeBotApi() as fake:
        yield fake


@pytest.fixture
def fake_bot_api(fake_bot_api_server: FakeBotApi) -> FakeBotApi:
    """Return the session's fake Bot API server, emptied for this test; token 123:TEST."""
    fake_bot_api_server.reset()
    return fake_bot_api_server
