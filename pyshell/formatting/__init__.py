"""PowerShell's formatting system: views as data, format records, pure renderers.

Public API (docs/architecture.md §6):
- views: `TableView`, `ListView`, `WideView`, `CustomView`, `Column`, `ListItem`, `GroupBy`,
  `ViewRegistry` (a new registry holds the built-in views);
- `Formatter` / `FormatOptions` / `Field` / `PropertyPattern`: objects -> format records;
- `RecordWriter`, `ObjectWriter`, `format_lines`: records (or objects) -> lines;
- `render_error`, `render_parse_error`: ConciseView of errors.
"""

from __future__ import annotations

from pyshell.formatting.errorview import render_error, render_parse_error
from pyshell.formatting.render import ObjectWriter, RecordWriter, format_lines, render_records
from pyshell.formatting.select import Field, FormatOptions, Formatter, PropertyPattern
from pyshell.formatting.views import (
    Column, CustomView, GroupBy, ListItem, ListView, TableView, ViewRegistry, WideView,
)

__all__ = [
    "Column", "CustomView", "Field", "FormatOptions", "Formatter", "GroupBy", "ListItem",
    "ListView", "ObjectWriter", "PropertyPattern", "RecordWriter", "TableView", "ViewRegistry", "WideView",
    "format_lines", "render_error", "render_parse_error", "render_records",
]
