"""Command history of the interactive shell: where it lives, what is kept, what never is.

PSReadLine's habits: history persists across sessions in the user's data directory, a line
equal to the one before it is not added again, and lines that look like they carry a secret
(key material, passwords, tokens, long hex or base64 literals) stay in this session's memory,
so Up-arrow still finds them, but are never written to the file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from prompt_toolkit.history import FileHistory

__all__ = ["history_path", "is_sensitive", "ShellHistory"]

# Parameter names and words that mark a secret (PSReadLine's sensitive-history filter uses
# the same idea); long hex/base64 runs catch key material pasted as a literal.
_SENSITIVE = re.compile(
    r"""
      -key(material)?\b
    | password | passwd | secret | token | apikey | api[-_]key | credential
    | (?<![0-9a-z])(0x)?[0-9a-f]{32,}(?![0-9a-z])
    | (?<![A-Za-z0-9+/])[A-Za-z0-9+/]{32,}={0,2}(?![A-Za-z0-9+/=])
    """,
    re.IGNORECASE | re.VERBOSE,
)


def is_sensitive(line: str) -> bool:
    """True when a history line must not be written to disk."""
    return _SENSITIVE.search(line) is not None


def history_path() -> Path:
    """`$PYSHELL_HISTORY`, else the per-user data directory's `pyshell/history.txt`."""
    override = os.environ.get("PYSHELL_HISTORY")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "pyshell" / "history.txt"


class ShellHistory(FileHistory):
    """A FileHistory that skips consecutive duplicates and keeps secrets off the disk."""

    def __init__(self, path: Path | str | None = None) -> None:
        target = Path(path) if path is not None else history_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(str(target))

    def append_string(self, string: str) -> None:
        if not string.strip():
            return
        previous = self._loaded_strings[0] if self._loaded_strings else None
        if string == previous:
            return
        self._loaded_strings.insert(0, string)
        if not is_sensitive(string):
            self.store_string(string)
