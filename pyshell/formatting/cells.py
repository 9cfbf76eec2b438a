"""The text of one table cell or list value: PowerShell's SmartToString.

A collection shows as `{a, b, c, d…}` (at most `$FormatEnumerationLimit` items), a
dictionary as its `[key, value]` entries, anything else as its ToString(). The limit is
passed in so that the renderers stay pure (the cmdlets read the variable).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from pyshell.formatting.objects import dictionary_entries, is_collection, to_string
from pyshell.runtime import dotnet_format

__all__ = ["DEFAULT_ENUMERATION_LIMIT", "cell_text", "first_line", "culture_string"]

DEFAULT_ENUMERATION_LIMIT = 4
ELLIPSIS = "\u2026"


def _element_text(item: Any) -> str:
    # Inside a collection a null element is spelled out, so `{1, $null}` is not `{1, }`.
    if item is None:
        return "$null"
    return to_string(item)


def cell_text(value: Any, limit: int = DEFAULT_ENUMERATION_LIMIT) -> str:
    if value is None:
        return ""
    if type(value) is _dt.datetime:
        return culture_string(value)
    items: list[Any] | None = None
    if isinstance(value, Mapping):
        items = list(dictionary_entries(value))
    elif is_collection(value):
        items = list(value)
    if items is None:
        return to_string(value)
    if limit < 0 or len(items) <= limit:
        return "{" + ", ".join(_element_text(i) for i in items) + "}"
    shown = ", ".join(_element_text(i) for i in items[:limit])
    return "{" + shown + ELLIPSIS + "}"


def culture_string(value: Any) -> str:
    """`value.ToString()` in the current culture (en-US, as the documentation shows it):
    what tables, lists and CSV show. Only dates differ from the invariant string
    conversion; a collection is its type name, as .NET's ToString() gives it."""
    from pyshell.runtime.conversion import dotnet_string

    if type(value) is _dt.datetime:
        return dotnet_format.format_datetime(value, "M/d/yyyy h:mm:ss tt")
    return str(dotnet_string(value))


def first_line(text: str) -> str:
    """A cell shows one line: a multi-line value is cut at the first break, plus `…`."""
    for i, ch in enumerate(text):
        if ch in "\r\n":
            return text[:i] + ELLIPSIS
    return text
