"""What a conversation remembers between two messages: one small `Turn`, kept in memory by the REPL and
saved per chat as JSON by the Telegram bot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Turn:
    """What a conversation remembers after an answer."""

    question: str  # the full question last answered, follow-ups merged in
    date_range: tuple[dt.date, dt.date] | None = None
    shown: tuple[str, ...] = ()  # article ids cited so far for this question ("更多" skips them)
    sources: tuple[str, ...] = ()  # article ids of the last answer's citations: [1], [2] …
    subject: str = ""  # the last short answer, which a pronoun may stand for
    refused_since: bool = False  # a question after this one was refused: a pronoun stands for nothing in it
    event: str = ""  # what a follow-up of the event (会上…, 签了多少个项目) was asked of, for the next one

    def to_json(self) -> str:
        """Return the turn as JSON, for the chat store."""
        data = dataclasses.asdict(self)
        data["date_range"] = [d.isoformat() for d in self.date_range] if self.date_range else None
        return json.dumps(data, ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> Turn:
        """Read a turn written by `to_json`."""
        data = json.loads(text)
        span = data.get("date_range")
        return Turn(
            question=data["question"],
            date_range=(dt.date.fromisoformat(span[0]), dt.date.fromisoformat(span[1])) if span else None,
            shown=tuple(data.get("shown", ())),
            sources=tuple(data.get("sources", ())),
            subject=data.get("subject", ""),
            refused_since=bool(data.get("refused_since", False)),
            event=data.get("event", ""),
        )
