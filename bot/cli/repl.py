"""The terminal REPL: ask the archive questions, with /more, /source N, /today, /help and /quit.

`handle` does the work of one line and returns what to show; `run_repl` is the thin loop around
it: prompt_toolkit line editing and history on a terminal, plain lines when piped.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.answer.conversation import Turn, more, reply, source
from bot.answer.warm import start_warming
from retrieval import Library, issue_label
from bot.render.answer import REFUSAL, article_text, render_text
from bot.answer.values import Answer
from bot.cli.wrap import wrap

log = logging.getLogger(__name__)
_PANEL_FRAME = 4  # a panel's borders and padding take two cells a side
HELP = """直接输入问题即可，例如：许昌市有多少名党员到社区报到？
  /more 或 更多   上一个问题的更多回答
  /source N       查看第 N 条出处的全文
  /today          最新一期的标题
  /help           本帮助
  /quit           退出（也可输入“退出”或按 Ctrl-D）
追问可以接着上一个问题，例如：“那长葛市呢？”"""


@dataclass(frozen=True, slots=True)
class Output:
    """What one line produced: an answer or plain text, and whether the REPL should stop."""

    text: str = ""
    answer: Answer | None = None
    quit: bool = False


# a whole line a reader types to leave, without the slash of /quit
QUIT_WORDS = frozenset({"退出", "结束", "再见", "quit", "exit"})


def handle(engine: Library, line: str, turn: Turn | None) -> tuple[Output, Turn | None]:
    """Do what one input line asks; return what to show and the conversation's new turn."""
    text = line.strip()
    if not text:
        return Output(), turn
    if text.lower() in QUIT_WORDS:
        return Output(quit=True), turn
    if not text.startswith("/"):
        answer, turn = reply(engine, text, turn)
        return Output(answer=answer), turn
    command, _, argument = text[1:].partition(" ")
    command = command.lower()
    if command in ("quit", "exit", "q"):
        return Output(quit=True), turn
    if command in ("help", "h", "start"):
        return Output(HELP), turn
    if command == "more":
        answer, turn = more(engine, turn)
        return Output(answer=answer), turn
    if command == "today":
        return Output(_today(engine)), turn
    if command == "source":
        return Output(_source(engine, turn, argument.strip())), turn
    return Output(f"未知命令 /{command}，输入 /help 查看帮助。"), turn


def _today(engine: Library) -> str:
    issue = engine.newest_issue()
    if issue is None:
        return "存档是空的。"
    lines = [f"最新一期：{issue_label(issue.paper, issue.date, issue.issue_no)}"]
    lines += [f"{n}. {a.title}" for n, a in enumerate((a for a in issue.articles if a.headline), 1)]
    return "\n".join(lines)


def _source(engine: Library, turn: Turn | None, argument: str) -> str:
    if not argument.isdigit():
        return "用法：/source N（N 是回答里出处的编号，如 /source 1）"
    found = source(engine, turn, int(argument))
    if found is None:
        have = len(turn.sources) if turn else 0
        return f"没有第 {argument} 条出处。" + (f"上一个回答有 {have} 条。" if have else "请先提问。")
    return article_text(*found)


def rich_answer(answer: Answer, width: int = 80) -> RenderableType:
    """Lay an answer out for a colour terminal `width` cells wide: notes, short answer, quote panel, citations."""
    parts: list[RenderableType] = [Text(note, style="italic dim") for note in answer.notes]
    if answer.answered:
        if answer.short:
            parts.append(Text.assemble(("答：", "bold"), (answer.short, "bold green")))
        # wrapped here, not by rich: it would split [1] or start a line with 。[1]
        quote = "\n".join(wrap(f"{answer.quote}[1]", width - _PANEL_FRAME))
        parts.append(Panel(Text(quote), border_style="cyan", expand=False))
        parts += [Text(str(c), style="blue") for c in answer.citations]
    else:
        parts.append(Text(answer.reason or REFUSAL, style="yellow"))
        if answer.closest:
            parts.append(Text("最接近的报道：" + "；".join(f"《{h.title}》" for h in answer.closest), style="dim"))
    return Group(*parts)


def show(console: Console, output: Output) -> None:
    """Print an output: rich layout on a terminal, plain text when piped."""
    if output.answer is not None:
        if console.is_terminal:
            console.print(rich_answer(output.answer, console.width))
        else:
            console.print(render_text(output.answer), markup=False, highlight=False, soft_wrap=True)
    elif output.text:
        console.print(output.text, markup=False, highlight=False, soft_wrap=not console.is_terminal)


def run_repl(engine: Library, history_file: Path, lines: Iterable[str] | None = None, console: Console | None = None) -> int:
    """Run the REPL until /quit or end of input; return the exit code."""
    console = console or Console(highlight=False)
    interactive = lines is None and sys.stdin.isatty() and sys.stdout.isatty()
    if interactive:
        console.print(f"newsbot：向《{engine.paper}》存档提问。/help 查看帮助，Ctrl-D 退出。", style="bold")
    engine.open()  # build or load the index before the first prompt, not inside the first answer
    start_warming()  # the compiled tree walk and pypinyin, loaded in the background
    turn: Turn | None = None
    for line in _prompt_lines(history_file) if interactive else (lines if lines is not None else sys.stdin):
        try:
            output, turn = handle(engine, line, turn)
        except Exception:  # a strange question must never end the session
            log.exception("failed to answer %r", line)
            output = Output("出错了，这个问题没能回答。请换个说法再试。")
        show(console, output)
        if output.quit:
            break
    return 0


def _prompt_lines(history_file: Path) -> Iterable[str]:
    """Yield lines typed at a prompt with editing and history; Ctrl-C clears the line, Ctrl-D ends."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    history_file.parent.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(history=FileHistory(str(history_file)))
    while True:
        try:
            yield session.prompt("问> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
