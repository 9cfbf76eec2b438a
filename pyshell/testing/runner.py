"""Running a transcript: each command as interactive console input in one fresh session.

The pytest plugin and `python -m pyshell.testing` both call `run_transcript`; the format
rules themselves live in `transcript_format`.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Optional
from attrs import field, frozen

from pyshell.host.console import TextHost
from pyshell.testing.sessions import WIDTH, deterministic_session
from pyshell.testing.transcript_format import (
    Transcript, first_mismatch, parse_transcript, render_diff, update_transcript,
)

__all__ = ["TranscriptRun", "run_transcript", "run_transcript_file"]


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@frozen
class TranscriptRun:
    """A transcript with the console text each of its commands actually produced."""

    transcript: Transcript
    actuals: tuple[str, ...] = field(converter=_strings)
    # Python tracebacks of internal errors, kept out of the console text so the diff shows
    # only what a user would see, but reported beside it for whoever fixes the bug.
    internal_errors: tuple[str, ...] = field(converter=_strings, default=())

    @property
    def matches(self) -> bool:
        """Whether every command's output is what the transcript expects."""
        return first_mismatch(self.transcript, self.actuals) is None

    @property
    def passed(self) -> bool:
        return self.matches and not self.internal_errors

    def diff(self) -> str:
        return render_diff(self.transcript, self.actuals)

    def updated_text(self) -> str:
        return update_transcript(self.transcript, self.actuals)

    def report(self) -> str:
        """The diff, followed by any internal errors."""
        parts = [self.diff()]
        parts += [f"internal error:\n{tb}" for tb in self.internal_errors]
        return "\n".join(p for p in parts if p)


SessionFactory = Callable[..., ContextManager[Any]]

# A command still running after this many seconds is stopped (as by Ctrl-C), so a transcript
# with an endless loop fails with a message instead of hanging the test run.
COMMAND_TIME_LIMIT = 120.0


def _stopper(session: Any, fired: threading.Event) -> Callable[[], None]:
    def stop() -> None:
        fired.set()
        session.stop()
    return stop


def run_transcript(transcript: Transcript, *, open_session: Optional[SessionFactory] = None,
                   time_limit: Optional[float] = None) -> TranscriptRun:
    """Run every command of `transcript`, in order, in one fresh deterministic session
    (`open_session(host, interactive=True)`; tests of the runner pass a stand-in)."""
    limit = COMMAND_TIME_LIMIT if time_limit is None else time_limit
    host = TextHost(width=WIDTH, interactive=True)
    actuals: list[str] = []
    internal: list[str] = []
    with (open_session or deterministic_session)(host, interactive=True) as session:
        for entry in transcript.entries:
            mark = host.mark()
            fired = threading.Event()
            timer = threading.Timer(limit, _stopper(session, fired))
            timer.daemon = True
            timer.start()
            try:
                # Console input: no path. The session shows errors as the console does
                # (one-line ConciseView for a single-line command).
                session.run(entry.command)
            except Exception as exc:  # a bug in pyshell, not a script error
                internal.append(f"PS> {entry.command}\n{traceback.format_exc()}")
                host.write_error_line(f"InternalError: {type(exc).__name__}: {exc}")
            finally:
                timer.cancel()
            if fired.is_set():
                internal.append(f"PS> {entry.command}\nstopped after {limit:g} s")
            actuals.append(host.text_since(mark))
    return TranscriptRun(transcript, actuals, internal)


def run_transcript_file(path: str | Path, *, update: bool = False) -> TranscriptRun:
    """Run one `*.pstest` file; with `update`, rewrite it when its output differs."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    run = run_transcript(parse_transcript(text, str(path)))
    if update and not run.matches:
        path.write_text(run.updated_text(), encoding="utf-8")
    return run
