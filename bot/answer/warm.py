"""What a long-running session (the REPL, the bot) loads in the background as it starts.

A one-shot `newsbot ask` loads neither: the compiled walk of the reader's trees (numba, 0.9 s; numpy's
walk stands in) and pypinyin's dictionaries (0.35 s, needed only for a name the reports do not print).
A session's first such answers would pay for them; loaded in a thread, its answers use them once ready.
"""

from __future__ import annotations

import threading


def start_warming() -> threading.Thread:
    """Load the session's slow parts in a background thread and return it (already started)."""
    thread = threading.Thread(target=_load, name="newsbot-warm", daemon=True)
    thread.start()
    return thread


def _load() -> None:
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - the homophone and pinyin readings' dictionaries

    lazy_pinyin("许昌")
    from bot.answer import walk  # noqa: PLC0415 - numba: never imported by a one-shot answer

    walk.warm()
