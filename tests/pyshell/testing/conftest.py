"""A stand-in session (fixture `fake_sessions`) for testing the runners without the runtime.

Commands: `say TEXT` writes a line of output, `warn TEXT` a warning, `fail TEXT` an error
line, `crash` raises a Python exception (a pyshell bug), `exit N` returns N, `hang` runs until
`stop()` is called and `ignore-stop` runs for ever (a case a runner must abandon).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

import pytest

__all__ = ["FakeSession", "open_fake_session"]


class FakeSession:
    def __init__(self, host: Any) -> None:
        self.host = host
        self.commands: list[str] = []
        self.stopped = threading.Event()

    def stop(self) -> None:
        self.stopped.set()

    def run(self, text: str, *, path: Any = None, args: Any = ()) -> int:
        self.commands.append(text)
        for line in text.split("\n"):
            verb, _, rest = line.strip().partition(" ")
            if verb == "say":
                self.host.write_line(rest)
            elif verb == "warn":
                self.host.write_warning_line(rest)
            elif verb == "fail":
                self.host.write_error_line(rest)
            elif verb == "crash":
                raise ZeroDivisionError("division by zero")
            elif verb == "exit":
                return int(rest)
            elif verb == "hang":
                self.stopped.wait()
                self.host.write_line("stopped")
            elif verb == "ignore-stop":
                threading.Event().wait()
        return 0


@contextlib.contextmanager
def open_fake_session(host: Any, **options: Any) -> Iterator[FakeSession]:
    yield FakeSession(host)


@pytest.fixture
def fake_sessions(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make every transcript run use FakeSession instead of the real runtime."""
    monkeypatch.setattr("pyshell.testing.runner.deterministic_session", open_fake_session)
    monkeypatch.setattr("pyshell.testing.conformance.deterministic_session", open_fake_session)
    return open_fake_session
