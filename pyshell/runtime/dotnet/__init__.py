"""Emulation of the .NET members scripts use, as declarative tables (see table.py).

Importing the package registers every table: instance members of strings, arrays, lists,
hashtables, dates, time spans, versions, types and errors, and the static members of
`[math]`, `[string]`, `[int]`, `[datetime]`, `[Convert]`, `[regex]`, ... .
"""

from __future__ import annotations

from pyshell.runtime.dotnet.table import (
    MemberTable, Method, Property, instance_table_for, method, prop,
    register_instance_table, register_static_table, static_table_for,
)

__all__ = [
    "MemberTable", "Method", "Property", "instance_table_for", "static_table_for",
    "register_instance_table", "register_static_table", "method", "prop", "load",
]

_loaded = False


def load() -> None:
    """Register every table (once); members.py and types.py call this lazily so that
    importing the runtime stays cheap."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from pyshell.runtime.dotnet import (  # noqa: F401  (imported for their registrations)
        collections, datetimes, misc, statics, statics_text, statics_time, strings,
    )
