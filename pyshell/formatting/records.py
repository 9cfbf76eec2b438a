"""Format records: what Format-Table/List/Wide write to the pipeline and Out-* render.

As in PowerShell (FormatStartData, GroupStartData, FormatEntryData, GroupEndData,
FormatEndData), the records already hold the text of every cell, so rendering needs only
the records and a width. A sequence is `FormatStart (GroupStart Entry* GroupEnd)* FormatEnd`;
`OutOfBand` entries (scalars, error records) may appear anywhere and print as they are.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Union

from attrs import field, frozen

__all__ = [
    "TableColumn", "FormatStart", "GroupStart", "TableRow", "ListEntry", "WideEntry",
    "CustomEntry", "GroupEnd", "FormatEnd", "OutOfBand", "FormatRecord", "is_format_record",
]


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


@frozen
class TableColumn:
    """A table column as rendered: `align` is left/right/center; `width` None = from data."""

    label: str
    align: str = "left"
    width: Optional[int] = None


@frozen
class FormatStart:
    """Starts a shape: `kind` is table/list/wide/custom."""

    kind: str
    columns: tuple[TableColumn, ...] = field(default=(), converter=_tuple)
    auto_size: bool = False
    wrap: bool = False
    hide_headers: bool = False
    wide_columns: Optional[int] = None   # Format-Wide -Column (None: 2, or -AutoSize)
    wide_auto_size: bool = False

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatStartData",)


@frozen
class GroupStart:
    """A group: `header` is the `   Label: value` line (None: no header, the group is only a
    layout unit as for a view without group-by)."""

    header: Optional[str] = None

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.GroupStartData",)


@frozen
class TableRow:
    cells: tuple[str, ...] = field(converter=_tuple)
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)


@frozen
class ListEntry:
    items: tuple[tuple[str, str], ...] = field(converter=_tuple)
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)


@frozen
class WideEntry:
    text: str
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)


@frozen
class CustomEntry:
    lines: tuple[str, ...] = field(converter=_tuple)
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)


@frozen
class GroupEnd:
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.GroupEndData",)


@frozen
class FormatEnd:
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEndData",)


@frozen
class OutOfBand:
    """An object shown on its own, outside any table or list: its text lines, and whether it
    is an error record (the host shows those in the error colour / on stderr)."""

    lines: tuple[str, ...] = field(converter=_tuple)
    is_error: bool = False
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData",)


FormatRecord = Union[FormatStart, GroupStart, TableRow, ListEntry, WideEntry, CustomEntry,
                     GroupEnd, FormatEnd, OutOfBand]

_RECORD_TYPES = (FormatStart, GroupStart, TableRow, ListEntry, WideEntry, CustomEntry,
                 GroupEnd, FormatEnd, OutOfBand)


def is_format_record(value: object) -> bool:
    return isinstance(value, _RECORD_TYPES)
