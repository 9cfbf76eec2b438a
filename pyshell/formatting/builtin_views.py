"""The views PowerShell ships for the objects the core cmdlets emit (powershell-views.md
§1-9): registered first, so a module can override any of them."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pyshell.formatting.objects import to_string
from pyshell.formatting.views import (
    Column, CustomView, GroupBy, ListItem, ListView, TableView, View, ViewRegistry, WideView,
)
from pyshell.runtime import dotnet_format

__all__ = ["BUILTIN_VIEWS", "default_registry", "long_datetime"]

_TICKS_PER = {"Days": 864_000_000_000, "Hours": 36_000_000_000, "Minutes": 600_000_000,
              "Seconds": 10_000_000, "Milliseconds": 10_000}


def _ticks(span: _dt.timedelta) -> int:
    return (span.days * 86_400 + span.seconds) * 10_000_000 + span.microseconds * 10


def _span_part(name: str) -> Any:
    def get(span: Any) -> Any:
        if not isinstance(span, _dt.timedelta):
            return None
        ticks = _ticks(span)
        sign = -1 if ticks < 0 else 1
        magnitude = abs(ticks)
        parts = {"Days": magnitude // _TICKS_PER["Days"],
                 "Hours": magnitude // _TICKS_PER["Hours"] % 24,
                 "Minutes": magnitude // _TICKS_PER["Minutes"] % 60,
                 "Seconds": magnitude // _TICKS_PER["Seconds"] % 60,
                 "Milliseconds": magnitude // _TICKS_PER["Milliseconds"] % 1000}
        return sign * parts[name]
    return get


def _span_total(name: str) -> Any:
    def get(span: Any) -> Any:
        if not isinstance(span, _dt.timedelta):
            return None
        return _ticks(span) / _TICKS_PER[name]
    return get


_SPAN_PARTS = ("Days", "Hours", "Minutes", "Seconds", "Milliseconds")
_TIMESPAN = ("System.TimeSpan",)
TIMESPAN_LIST = ListView(
    "System.TimeSpan", _TIMESPAN,
    items=tuple(ListItem(p, value=_span_part(p)) for p in _SPAN_PARTS)
    + (ListItem("Ticks", value=lambda s: _ticks(s) if isinstance(s, _dt.timedelta) else None),)
    + tuple(ListItem(f"Total{p}", value=_span_total(p)) for p in _SPAN_PARTS))
TIMESPAN_TABLE = TableView("System.TimeSpan", _TIMESPAN,
                           columns=tuple(Column(p, value=_span_part(p)) for p in _SPAN_PARTS))
TIMESPAN_WIDE = WideView("System.TimeSpan", _TIMESPAN, value=_span_total("Milliseconds"))


def long_datetime(value: Any) -> str:
    """The DateTime view's text: long date and long time (en-US patterns, as the docs show)."""
    hint = None
    base = getattr(value, "base", None)
    if isinstance(base, _dt.datetime):
        # Get-Date's DisplayHint note property picks the date, the time or both.
        member = value.member("DisplayHint") if hasattr(value, "member") else None
        hint = to_string(member.value) if member is not None else None
        value = base
    if not isinstance(value, _dt.datetime):
        return to_string(value)
    date = dotnet_format.format_datetime(value, "dddd, MMMM d, yyyy")
    time = dotnet_format.format_datetime(value, "h:mm:ss tt")
    if hint == "Date":
        return date
    if hint == "Time":
        return time
    return f"{date} {time}"


DATETIME_VIEW = CustomView("DateTime", ("System.DateTime",),
                           render=lambda d: [long_datetime(d)])

DICTIONARY_TABLE = TableView(
    "Dictionary", ("System.Collections.DictionaryEntry",),
    columns=(Column("Name", prop="Key", width=30), Column("Value")))
DICTIONARY_LIST = ListView("Dictionary", ("System.Collections.DictionaryEntry",),
                           items=(ListItem("Name", prop="Key"), "Value"))

GROUPINFO_TABLE = TableView(
    "GroupInfo", ("Microsoft.PowerShell.Commands.GroupInfo",),
    columns=(Column("Count", width=5, align="right"), Column("Name", width=25),
             Column("Group")))
GROUPINFO_LIST = ListView("GroupInfo", ("Microsoft.PowerShell.Commands.GroupInfo",),
                          items=("Name", "Count", "Group", "Values"))
GROUPINFO_NOELEMENT_TABLE = TableView(
    "GroupInfoNoElement", ("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
    columns=(Column("Count", width=5, align="right"), Column("Name", width=25)))
GROUPINFO_NOELEMENT_LIST = ListView(
    "GroupInfoNoElement", ("Microsoft.PowerShell.Commands.GroupInfoNoElement",),
    items=("Name", "Count", "Values"))

MATCHINFO_VIEW = CustomView("MatchInfo", ("Microsoft.PowerShell.Commands.MatchInfo",),
                            render=lambda m: to_string(m).split("\n"))

HEX_RULER = " ".join(f"{i:02X}" for i in range(16))
BYTECOLLECTION_TABLE = TableView(
    "ByteCollection", ("Microsoft.PowerShell.Commands.ByteCollection",),
    columns=(Column("Offset", prop="HexOffset", width=16, align="right"),
             Column("Bytes\n" + HEX_RULER, prop="HexBytes", width=47),
             Column("Ascii", width=16)),
    group_by=GroupBy(prop="Label"))

VERSION_TABLE = TableView(
    "System.Version", ("System.Version",),
    columns=(Column("Major", width=6), Column("Minor", width=6), Column("Build", width=6),
             Column("Revision", width=8)))
GUID_TABLE = TableView("System.Guid", ("System.Guid",),
                       columns=(Column("Guid", value=to_string),))

# `'abc'.ToUpper` (a method, not called): its overload definitions, one a line.
PSMETHOD_TABLE = TableView(
    "System.Management.Automation.PSMethod", ("System.Management.Automation.PSMethod",),
    columns=(Column("OverloadDefinitions", value=lambda m: "\n".join(
        to_string(d) for d in getattr(m, "definitions", ()))),),
    wrap=True)

# Records from other streams, merged into the output (`3>&1`), print their message.
_STREAM_RECORDS = tuple(
    CustomView(name, (f"System.Management.Automation.{name}",),
               render=lambda r: to_string(r).split("\n"), out_of_band=True)
    for name in ("WarningRecord", "VerboseRecord", "DebugRecord", "InformationRecord"))

# A script block prints its text, even in the middle of a table (an out-of-band view).
SCRIPTBLOCK_VIEW = CustomView("ScriptBlock", ("System.Management.Automation.ScriptBlock",),
                              render=lambda block: to_string(block).split("\n"),
                              out_of_band=True)

BUILTIN_VIEWS: tuple[View, ...] = (
    DICTIONARY_TABLE, DICTIONARY_LIST, GROUPINFO_TABLE, GROUPINFO_LIST,
    GROUPINFO_NOELEMENT_TABLE, GROUPINFO_NOELEMENT_LIST, MATCHINFO_VIEW,
    BYTECOLLECTION_TABLE, TIMESPAN_LIST, TIMESPAN_TABLE, TIMESPAN_WIDE, DATETIME_VIEW,
    VERSION_TABLE, GUID_TABLE, SCRIPTBLOCK_VIEW, PSMETHOD_TABLE,
) + _STREAM_RECORDS


def default_registry() -> ViewRegistry:
    """A registry holding the built-in views (the session registers modules after these)."""
    return ViewRegistry(BUILTIN_VIEWS)
