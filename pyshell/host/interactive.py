"""The interactive shell: the read-run loop on the PSReadLine-like line editor.

The loop never dies: an exception from the line editor, a completer, the lexer or a command is
reported and the next prompt comes. Ctrl-C at the prompt abandons the line; Ctrl-C while a
command runs asks the session to stop (the pipeline ends at its next object or loop
iteration, `finally` blocks run, the session stays usable); a second Ctrl-C forces it.
`Write-Progress` is drawn as a bar on the terminal while the command runs and erased after.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import Any, Callable, Optional, TextIO

from pyshell.host.console import StreamHost

__all__ = ["ReplHost", "run_interactive", "toolbar_text", "InterruptGuard"]


class ReplHost(StreamHost):
    """The terminal's host: a StreamHost that also draws Write-Progress as a bar."""

    BAR_WIDTH = 30

    def __init__(self, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                 **kwargs: Any) -> None:
        super().__init__(stdout, stderr, **kwargs)
        self._bar_stream: TextIO = stderr or sys.stderr
        self._bar_shown = False
        self.interactive = True

    def write_progress(self, record: Any) -> None:
        completed = getattr(getattr(record, "record_type", None), "name", "") == "Completed"
        if completed:
            self.clear_progress()
            return
        percent = int(getattr(record, "percent_complete", -1))
        activity = str(getattr(record, "activity", ""))
        status = str(getattr(record, "status_description", ""))
        if percent >= 0:
            filled = self.BAR_WIDTH * min(percent, 100) // 100
            bar = f"[{'o' * filled}{' ' * (self.BAR_WIDTH - filled)}] {percent:3d}%"
        else:
            bar = ""
        line = f"{activity}: {status} {bar}".rstrip()[: max(10, self.width - 1)]
        self._bar_stream.write("\r\x1b[2K" + line)
        self._bar_stream.flush()
        self._bar_shown = True

    def clear_progress(self) -> None:
        if self._bar_shown:
            self._bar_stream.write("\r\x1b[2K")
            self._bar_stream.flush()
            self._bar_shown = False

    def clear_screen(self) -> None:
        """Clear-Host: erase the terminal and put the cursor home."""
        self.clear_progress()
        self.stdout.write("\x1b[2J\x1b[H")
        self.stdout.flush()

    def _emit(self, stream: Any, text: str) -> None:
        # Text printed while a bar is shown would land on the bar's line.
        self.clear_progress()
        super()._emit(stream, text)


class InterruptGuard:
    """While a command runs: the first Ctrl-C asks the session to stop, a second one raises
    KeyboardInterrupt to force it. Only the main thread can own signal handlers."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._previous: Any = None
        self._presses = 0
        self._active = threading.current_thread() is threading.main_thread()

    def _handle(self, signum: int, frame: Optional[FrameType]) -> None:
        self._presses += 1
        if self._presses == 1:
            self.session.stop()
        else:
            raise KeyboardInterrupt

    def __enter__(self) -> InterruptGuard:
        if self._active:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._active:
            signal.signal(signal.SIGINT, self._previous)


def toolbar_text(session: Any) -> str:
    """What the loaded modules report about the session, joined for the bottom toolbar."""
    parts: list[str] = []
    for spec in getattr(session, "get_modules", lambda: [])():
        status: Optional[Callable[[Any], str]] = getattr(spec, "status", None)
        if status is None:
            continue
        try:
            text = status(session)
        except Exception:  # a module's status must never break the prompt
            continue
        if text:
            parts.append(text)
    return "  |  ".join(parts)


def run_command(session: Any, host: Any, text: str) -> int:
    """Run one input; report anything that escapes as an error line, never a traceback."""
    try:
        with InterruptGuard(session):
            return int(session.run(text))
    except KeyboardInterrupt:
        host.write_line()
        return 1
    except Exception as exc:  # a bug in pyshell: report it and keep the shell alive
        host.write_error_line(f"InternalError: {type(exc).__name__}: {exc}")
        return 1
    finally:
        clear = getattr(host, "clear_progress", None)
        if clear is not None:
            clear()


def run_interactive(session: Any, host: Any, *, banner: Optional[str] = None,
                    history: Any = None, input: Any = None, output: Any = None) -> int:
    """Prompt, run, repeat until Ctrl-D on an empty line or `exit`; return the exit code."""
    from pyshell.host.history import ShellHistory
    from pyshell.host.psreadline import create_prompt_session

    if history is None:
        try:
            history = ShellHistory()
        except OSError:  # an unwritable data directory: history for this session only
            history = None
    prompt = create_prompt_session(
        session, location=session.get_location, toolbar=lambda: toolbar_text(session),
        history=history, input=input, output=output)
    if banner:
        host.write_line(banner)
    code = 0
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return code
        except Exception as exc:  # the line editor itself failed: say so, keep going
            host.write_error_line(f"InternalError: {type(exc).__name__}: {exc}")
            continue
        if not text.strip():
            continue
        code = run_command(session, host, text)
        if getattr(session, "exit_requested", False):
            return code
