"""Hosts: how a session meets a user. `console` holds the text hosts (TextHost for scripts
and tests, StreamHost for the terminal); `repl` the interactive loop."""

from __future__ import annotations

__all__: list[str] = []
