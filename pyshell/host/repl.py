"""The interactive loop, minimal for now: read a line, ask for more while the input is
incomplete, run it, repeat. The PSReadLine-like shell on prompt_toolkit replaces the reading
part later; what stays is the rule that the loop never dies of an exception.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.host.console import ConsoleHost

__all__ = ["PROMPT", "CONTINUATION_PROMPT", "run_repl", "is_incomplete"]

PROMPT = "PS> "
CONTINUATION_PROMPT = ">> "


def is_incomplete(text: str) -> bool:
    """Whether more lines could finish `text` (an unclosed `{`, string, trailing `|`...)."""
    from pyshell.host.input_state import BufferState, buffer_state

    return buffer_state(text) == BufferState.INCOMPLETE


def run_repl(session: Any, host: ConsoleHost, *, banner: Optional[str] = None,
             read: Callable[[str], str] = input) -> int:
    """Run console input until end of input (Ctrl-D) or `exit`; return the exit code."""
    if banner:
        host.write_line(banner)
    code = 0
    pending: list[str] = []
    while True:
        try:
            line = read(CONTINUATION_PROMPT if pending else PROMPT)
        except EOFError:
            host.write_line()
            return code
        except KeyboardInterrupt:
            # Ctrl-C at the prompt abandons the input, as PSReadLine does.
            host.write_line()
            pending = []
            continue
        pending.append(line)
        text = "\n".join(pending)
        if is_incomplete(text):
            continue
        pending = []
        if not text.strip():
            continue
        try:
            code = int(session.run(text))
        except KeyboardInterrupt:
            host.write_line()
            continue
        except Exception as exc:  # a bug in pyshell: report it, keep the shell alive
            host.write_error_line(f"InternalError: {type(exc).__name__}: {exc}")
            continue
        if session.exit_requested:
            return code
