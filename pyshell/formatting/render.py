"""Format records to lines: the framing blank lines and the buffering of table groups
(powershell-views.md §0.2). Used by Out-Default, Out-Host, Out-String and Out-File.

A table (and a wide group) is drawn when its group ends, because its column widths come
from all of its rows; everything else is written as it arrives.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from pyshell.formatting import records as R
from pyshell.formatting.list import render_list_entry
from pyshell.formatting.select import FormatOptions, Formatter
from pyshell.formatting.table import render_table
from pyshell.formatting.views import ViewRegistry
from pyshell.formatting.wide import render_wide

__all__ = ["RecordWriter", "ObjectWriter", "render_records", "format_lines"]


class RecordWriter:
    """Turns a stream of format records into lines.

    `width` is the table/wide width; `list_width` wraps list values (None: never, as
    Out-String without -Width).
    """

    def __init__(self, width: int = 120, list_width: Optional[int] = None,
                 color: bool = False) -> None:
        self.width = max(2, width)
        self.list_width = list_width
        # PowerShell 7 shows table headers and list labels in $PSStyle.Formatting's green.
        self._style = _accent if color else None
        self._start: Optional[R.FormatStart] = None
        self._groups = 0
        self._rows: list[R.TableRow] = []
        self._wide: list[str] = []
        # A table waits for its rows; anything out of band meanwhile waits with it so the
        # order stays the order of the objects.
        self._pending: list[tuple[int, list[str]]] = []

    def write(self, record: Any) -> list[str]:
        if isinstance(record, R.OutOfBand):
            if self._buffering():
                self._pending.append((len(self._rows) + len(self._wide), list(record.lines)))
                return []
            return list(record.lines)
        if isinstance(record, R.FormatStart):
            self._start = record
            self._groups = 0
            return [""]
        if isinstance(record, R.GroupStart):
            out = [""] if self._groups else []
            self._groups += 1
            if record.header is not None:
                out += [record.header, ""]
            self._rows, self._wide, self._pending = [], [], []
            return out
        if isinstance(record, R.TableRow):
            self._rows.append(record)
            return []
        if isinstance(record, R.WideEntry):
            self._wide.append(record.text)
            return []
        if isinstance(record, R.ListEntry):
            return render_list_entry(record.items, self.list_width, self._style) + [""]
        if isinstance(record, R.CustomEntry):
            return list(record.lines)
        if isinstance(record, R.GroupEnd):
            return self._flush()
        if isinstance(record, R.FormatEnd):
            out = self._flush()
            kind = self._start.kind if self._start else "table"
            self._start = None
            return out if kind == "list" else out + [""]
        return []

    def _buffering(self) -> bool:
        return self._start is not None and self._start.kind in ("table", "wide")

    def _flush(self) -> list[str]:
        start = self._start
        if start is None:
            return []
        out: list[str] = []
        if start.kind == "table" and (self._rows or self._pending):
            lines = render_table(start.columns, [r.cells for r in self._rows], self.width,
                                 auto_size=start.auto_size, wrap=start.wrap,
                                 hide_headers=start.hide_headers,
                                 header_style=self._style)
            out = self._merge(lines, header=len(lines) - len(self._rows) if not start.wrap
                              else None)
        elif start.kind == "wide" and (self._wide or self._pending):
            lines = render_wide(self._wide, self.width, start.wide_columns,
                                start.wide_auto_size)
            out = lines + [line for _, pending in self._pending for line in pending]
        else:
            out = [line for _, pending in self._pending for line in pending]
        self._rows, self._wide, self._pending = [], [], []
        return out

    def _merge(self, lines: list[str], header: Optional[int]) -> list[str]:
        """Put out-of-band lines back between the rows they arrived between."""
        if not self._pending:
            return lines
        if header is None:
            return lines + [line for _, pending in self._pending for line in pending]
        out = lines[:header]
        rows = lines[header:]
        position = 0
        for index, pending in self._pending:
            out.extend(rows[position:index])
            position = max(position, index)
            out.extend(pending)
        out.extend(rows[position:])
        return out


def _accent(text: str) -> str:
    return "\x1b[32;1m" + text + "\x1b[0m"


def render_records(records: Iterable[Any], width: int = 120,
                   list_width: Optional[int] = None) -> list[str]:
    writer = RecordWriter(width, list_width)
    out: list[str] = []
    for record in records:
        out.extend(writer.write(record))
    return out


class ObjectWriter:
    """Objects (or format records already made by Format-*) to lines, one at a time: what
    Out-Default and Out-String do. Each line comes with whether it is error text."""

    def __init__(self, registry: Optional[ViewRegistry] = None, width: int = 120,
                 list_width: Optional[int] = None, options: Optional[FormatOptions] = None,
                 render_error: Optional[Callable[[Any], list[str]]] = None,
                 color: bool = False) -> None:
        self.formatter = Formatter(registry, options, render_error)
        self.writer = RecordWriter(width, list_width, color)

    def _records(self, records: Iterable[Any]) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        for record in records:
            is_error = isinstance(record, R.OutOfBand) and record.is_error
            out.extend((line, is_error) for line in self.writer.write(record))
        return out

    def write(self, obj: Any) -> list[tuple[str, bool]]:
        if R.is_format_record(obj):
            return self._records(self.formatter.end()) + self._records([obj])
        return self._records(self.formatter.process(obj))

    def close(self) -> list[tuple[str, bool]]:
        return self._records(self.formatter.end())


def format_lines(objects: Iterable[Any], registry: Optional[ViewRegistry] = None,
                 width: int = 120, list_width: Optional[int] = None,
                 options: Optional[FormatOptions] = None,
                 render_error: Optional[Callable[[Any], list[str]]] = None) -> list[str]:
    """Objects (or format records) to the lines Out-String would produce."""
    writer = ObjectWriter(registry, width, list_width, options, render_error)
    out: list[str] = []
    for obj in objects:
        out.extend(line for line, _ in writer.write(obj))
    out.extend(line for line, _ in writer.close())
    return out
