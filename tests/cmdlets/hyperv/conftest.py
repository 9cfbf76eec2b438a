"""Helpers for the Hyper-V cmdlet tests: run script text in the `session` fixture.

Tests go through the shell (`Session.invoke` / `Session.run`), so binding, conversion and
formatting are exercised for real; they assert what a user would notice: objects, states,
warnings, error ids.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from pyshell.host.console import TextHost
from pyshell.testing.sessions import WIDTH, deterministic_session

__all__: list[str] = []


class Shell:
    """A thin wrapper: `ps(text)` returns output objects, `ps.text(text)` the console text."""

    def __init__(self, session: Any, host: Any) -> None:
        self.session = session
        self.host = host

    def __call__(self, text: str) -> list[Any]:
        return list(self.session.invoke(text))

    def one(self, text: str) -> Any:
        out = self(text)
        assert len(out) == 1, out
        return out[0]

    def text(self, text: str) -> str:
        mark = self.host.mark()
        self.session.run(text)
        return self.host.text_since(mark)

    def error_id(self, text: str) -> str:
        """The FullyQualifiedErrorId of the first error `text` raises (as a script sees it)."""
        out = self(f"try {{ {text} -ErrorAction Stop }} catch {{ $_.FullyQualifiedErrorId }}")
        assert out, f"no error from: {text}"
        return str(out[0])

    def category(self, text: str) -> str:
        out = self(f"try {{ {text} -ErrorAction Stop }} catch {{ "
                   "$_.CategoryInfo.Category.ToString() }")
        return str(out[0])

    def warnings(self, text: str) -> list[str]:
        out = self(f"{text} -WarningVariable +wv -WarningAction SilentlyContinue | Out-Null; "
                   "$wv | ForEach-Object { $_.Message }; $wv = $null")
        return [str(w) for w in out]

    def state(self, name: str) -> str:
        return str(self(f"(Get-VM -Name '{name}').State.ToString()")[0])


@pytest.fixture
def host() -> TextHost:
    """An interactive console, as the transcripts have: errors show as one line."""
    return TextHost(width=WIDTH, interactive=True)


@pytest.fixture
def session(host: TextHost) -> Iterator[Any]:
    with deterministic_session(host, interactive=True) as fresh:
        yield fresh


@pytest.fixture
def ps(session: Any, host: Any) -> Shell:
    return Shell(session, host)
