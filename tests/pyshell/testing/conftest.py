"""A stand-in session (fixture `fake_sessions`) for testing the runners without the runtime.

Commands: `say TEXT` writes a line of output, `warn TEXT` a warning, `fail TEXT` an error
line, `crash` raises a Python exception (a pyshell bug), `exit N` returns N.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

import pytest

__all__ = ["FakeSession", "open_fake_session"]


class FakeSession:
    def __init__(self, host: Any) -> None:
        self.host = host
        self.commands: list[str] = []

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
        return 0


@contextlib.contextmanager
def open_fake_session(host: Any, **options: Any) -> Iterator[FakeSession]:
    yield FakeSession(host)


@pytest.fixture
def fake_sessions(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make every transcript run use FakeSession instead of the real runtime."""
    monkeypatch.setattr("pyshell.testing.runner.deterministic_session", open_fake_session)
    return open_fake_session
