"""Helpers for the language runtime's tests: a small deterministic session (core and
utility modules only, so each test gets a fresh one cheaply)."""

from __future__ import annotations

from typing import Any

from pyshell.host.console import TextHost
from pyshell.runtime import Session, SessionOptions

__all__ = ["new_session", "Shell"]


def new_session(host: TextHost | None = None, *, interactive: bool = False) -> Session:
    from cmdlets.core import MODULE as CORE
    from cmdlets.utility import MODULE as UTILITY
    return Session(modules=[CORE, UTILITY], host=host or TextHost(width=120),
                   options=SessionOptions(deterministic=True, interactive=interactive))


class Shell:
    """A session plus its console, with the two ways tests run script text."""

    def __init__(self, *, interactive: bool = False) -> None:
        self.host = TextHost(width=120)
        self.session = new_session(self.host, interactive=interactive)

    def __call__(self, text: str) -> list[Any]:
        """`session.invoke`: the output objects."""
        return self.session.invoke(text)

    def one(self, text: str) -> Any:
        result = self.session.invoke(text)
        assert len(result) == 1, result
        return result[0]

    def run(self, text: str, path: str | None = None) -> tuple[int, str]:
        """`session.run`: the exit code and everything the console shows."""
        before = len(self.host.text)
        code = self.session.run(text, path=path)
        return code, self.host.text[before:]

    @property
    def errors(self) -> str:
        return self.host.stderr
