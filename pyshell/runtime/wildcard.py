"""PowerShell's WildcardPattern: `*`, `?`, `[abc]`, `[a-z]` and backtick escapes.

Used by `-like`, `switch -Wildcard` and every cmdlet parameter that supports wildcards
(`Get-VM -Name web*`). Matching is over the whole string and case-insensitive by default.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pyshell.runtime.errors import ErrorCategory, ErrorRecord, WildcardPatternException

__all__ = ["WildcardPattern", "wildcard_match", "has_wildcards", "escape_wildcards",
           "unescape_wildcards", "compile_wildcard"]

_SPECIAL = "*?["


def has_wildcards(text: str) -> bool:
    """Whether the text holds an unescaped wildcard character (`*`, `?` or `[`)."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "`":
            i += 2
            continue
        if ch in _SPECIAL:
            return True
        i += 1
    return False


def escape_wildcards(text: str) -> str:
    """WildcardPattern.Escape: backtick before `*`, `?`, `[`, `]` and a backtick."""
    return "".join("`" + ch if ch in "*?[]`" else ch for ch in text)


def unescape_wildcards(text: str) -> str:
    """WildcardPattern.Unescape: drop the backticks that escape characters."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "`" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _invalid(pattern: str) -> WildcardPatternException:
    exc = WildcardPatternException(
        f"The specified wildcard character pattern is not valid: {pattern}")
    exc.error_record = ErrorRecord(exc, "RuntimeException", ErrorCategory.InvalidArgument,
                                   pattern)
    return exc


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "`" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif ch == "`":
            # A trailing backtick matches nothing: PowerShell drops it.
            i += 1
        elif ch == "*":
            out.append(".*")
            i += 1
        elif ch == "?":
            out.append(".")
            i += 1
        elif ch == "[":
            end, members = _bracket(pattern, i + 1)
            if end < 0:
                raise _invalid(pattern)
            out.append(members)
            i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


def _bracket(pattern: str, start: int) -> tuple[int, str]:
    """Read `[...]` from `start` (just after `[`); return the index of `]` and the regex."""
    parts: list[str] = []
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "]" and i > start:
            return i, "[" + "".join(parts) + "]"
        if ch == "`" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "-" and parts and i + 1 < len(pattern) and pattern[i + 1] != "]":
            parts.append("-")
        elif ch == "]":
            # `[]` is invalid in PowerShell
            return -1, ""
        else:
            parts.append(re.escape(ch) if ch in "\\^[]" else ch)
        i += 1
    return -1, ""


@lru_cache(maxsize=512)
def compile_wildcard(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.compile(_translate(pattern), flags)


class WildcardPattern:
    """A compiled pattern: `WildcardPattern('web*').is_match('WEB1')`."""

    __slots__ = ("pattern", "case_sensitive", "_regex")

    def __init__(self, pattern: str, case_sensitive: bool = False) -> None:
        self.pattern = pattern
        self.case_sensitive = case_sensitive
        self._regex = compile_wildcard(pattern, case_sensitive)

    def is_match(self, text: Any) -> bool:
        return self._regex.fullmatch(str(text)) is not None

    def __repr__(self) -> str:
        return f"WildcardPattern({self.pattern!r})"


def wildcard_match(text: str, pattern: str, case_sensitive: bool = False) -> bool:
    """Whether the whole `text` matches the wildcard `pattern`."""
    return compile_wildcard(pattern, case_sensitive).fullmatch(text) is not None
