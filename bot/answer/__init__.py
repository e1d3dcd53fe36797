"""Pure answering: a question (and the last turn of a conversation) in, a frozen `Answer` out.

Imports only `retrieval`; the CLI, the REPL and the Telegram bot call the same `answer` and `reply`.
"""

from bot.answer.ask import answer
from bot.answer.conversation import Turn, follow_up, is_more, more, reply, source
from bot.answer.question import TYPE_NAMES, QuestionKind, classify
from bot.answer.values import Answer, Citation, Headline, cite

__all__ = ["TYPE_NAMES", "Answer", "Citation", "Headline", "QuestionKind", "Turn", "answer", "cite", "classify",
           "follow_up", "is_more", "more", "reply", "source"]
