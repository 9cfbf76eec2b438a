"""Format views as data (style.md §5): the Format.ps1xml of this project.

A view says which type names select it and what to show: table columns, list items, the
wide property or a custom renderer, and optionally a group-by. Views never print; the
formatter (`select.py`) turns objects into format records with them.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional, Union

from attrs import field, frozen

from pyshell.formatting.objects import property_value
from pyshell.runtime import dotnet_format

__all__ = [
    "Column", "ListItem", "GroupBy", "TableView", "ListView", "WideView", "CustomView",
    "View", "ViewRegistry", "evaluate",
]

Align = Optional[str]  # "left" | "right" | "center" | None (the formatter decides)


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


def _check_align(_: Any, __: Any, value: Align) -> None:
    if value is not None and value.lower() not in ("left", "right", "center"):
        raise ValueError(f"alignment must be left, right or center, not {value!r}")


def _scaled(raw: Any, scale: Any) -> Any:
    if raw is None or isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal)):
        return raw
    if isinstance(raw, int) and isinstance(scale, int) and raw % scale == 0:
        return raw // scale
    return raw / scale


def evaluate(obj: Any, prop: Optional[str], value: Optional[Callable[[Any], Any]],
             scale: Any = None, fmt: Optional[str] = None) -> Any:
    """The value a column or list item shows for `obj` (before it becomes text)."""
    raw = value(obj) if value is not None else property_value(obj, prop or "")
    if scale:
        raw = _scaled(raw, scale)
    if fmt and raw is not None:
        if isinstance(raw, (int, float, Decimal, _dt.datetime, _dt.timedelta)) \
                and not isinstance(raw, bool):
            return _formatted(raw, fmt)
    return raw


def _formatted(raw: Any, fmt: str) -> Any:
    try:
        return dotnet_format.format_value(raw, fmt, str)
    except ValueError:
        pass
    try:
        # `hh:mm:ss` as a view author writes it; .NET wants the separators escaped.
        return dotnet_format.format_value(raw, fmt.replace(":", "\\:"), str)
    except ValueError:
        return raw


@frozen
class Column:
    """A table column: `label`, and its value from `prop` (default: the label) or `value`.

    `scale` divides numbers (bytes -> MB), `fmt` is a .NET format (`hh\\:mm\\:ss`, `N1`),
    `width` a fixed width (None: the data decides), `align` left/right/center.
    """

    label: str
    prop: Optional[str] = None
    value: Optional[Callable[[Any], Any]] = field(default=None, eq=False)
    align: Align = field(default=None, validator=_check_align)
    width: Optional[int] = None
    scale: Any = None
    fmt: Optional[str] = None

    def evaluate(self, obj: Any) -> Any:
        return evaluate(obj, self.prop or self.label, self.value, self.scale, self.fmt)


@frozen
class ListItem:
    """A list line: `label : value`, the value from `prop` (default: the label) or `value`."""

    label: str
    prop: Optional[str] = None
    value: Optional[Callable[[Any], Any]] = field(default=None, eq=False)
    scale: Any = None
    fmt: Optional[str] = None

    def evaluate(self, obj: Any) -> Any:
        return evaluate(obj, self.prop or self.label, self.value, self.scale, self.fmt)


def _items(items: Iterable[Union[str, ListItem]]) -> tuple[ListItem, ...]:
    return tuple(i if isinstance(i, ListItem) else ListItem(i) for i in items)


def _columns(columns: Iterable[Union[str, Column]]) -> tuple[Column, ...]:
    return tuple(c if isinstance(c, Column) else Column(c) for c in columns)


@frozen
class GroupBy:
    """Start a new group (`   Label: value`) whenever this value changes between objects."""

    prop: Optional[str] = None
    value: Optional[Callable[[Any], Any]] = field(default=None, eq=False)
    label: Optional[str] = None

    @property
    def header_label(self) -> str:
        return self.label or self.prop or ""

    def evaluate(self, obj: Any) -> Any:
        return evaluate(obj, self.prop, self.value)


@frozen
class TableView:
    name: str
    selected_by: tuple[str, ...] = field(converter=_names)
    columns: tuple[Column, ...] = field(converter=_columns)
    group_by: Optional[GroupBy] = None
    auto_size: bool = False
    hide_headers: bool = False
    wrap: bool = False  # a row's text wraps onto more lines (ps1xml `<Wrap/>`), as -Wrap does
    kind = "table"


@frozen
class ListView:
    name: str
    selected_by: tuple[str, ...] = field(converter=_names)
    items: tuple[ListItem, ...] = field(converter=_items)
    group_by: Optional[GroupBy] = None
    kind = "list"


@frozen
class WideView:
    name: str
    selected_by: tuple[str, ...] = field(converter=_names)
    prop: Optional[str] = None
    value: Optional[Callable[[Any], Any]] = field(default=None, eq=False)
    group_by: Optional[GroupBy] = None
    kind = "wide"

    def evaluate(self, obj: Any) -> Any:
        return evaluate(obj, self.prop, self.value)


@frozen
class CustomView:
    """A view whose text is computed (PowerShell's custom control): `render(obj)` gives the
    lines of one object. `out_of_band` views print even inside another shape."""

    name: str
    selected_by: tuple[str, ...] = field(converter=_names)
    render: Callable[[Any], list[str]] = field(eq=False)
    out_of_band: bool = False
    group_by: Optional[GroupBy] = None
    kind = "custom"


View = Union[TableView, ListView, WideView, CustomView]


class ViewRegistry:
    """Views by type name. For one type name the views of the module registered last win;
    within a module the first view declared is the default (as PowerShell's first-loaded
    Format.ps1xml entry is).

    A registry made without `views` starts with PowerShell's built-in views, so that every
    session shows hashtables, GroupInfo and the rest alike; pass `()` for an empty one.
    """

    def __init__(self, views: Optional[Iterable[View]] = None) -> None:
        self._by_type: dict[str, list[tuple[int, int, View]]] = {}
        self._generation = 0
        self._count = 0
        if views is None:
            from pyshell.formatting.builtin_views import BUILTIN_VIEWS

            views = BUILTIN_VIEWS
        self.register(views)

    def register_module(self, module: Any) -> None:
        """Register the views a `ModuleSpec` declares."""
        self.register(getattr(module, "views", ()) or ())

    def register(self, views: Iterable[View]) -> None:
        """Register one module's views; a later call overrides earlier ones per type name."""
        self._generation += 1
        for view in views:
            self._count += 1
            for name in view.selected_by:
                self._by_type.setdefault(name.lower(), []).append(
                    (self._generation, self._count, view))

    def _candidates(self, type_name: str, kind: Optional[str],
                    name: Optional[str]) -> list[View]:
        entries = self._by_type.get(type_name.lower(), [])
        chosen = [e for e in entries if (kind is None or e[2].kind == kind)
                  and (name is None or e[2].name.lower() == name.lower())]
        if not chosen:
            return []
        latest = max(e[0] for e in chosen)
        return [e[2] for e in sorted(chosen, key=lambda e: e[1]) if e[0] == latest]

    def lookup(self, type_names: Iterable[str], kind: Optional[str] = None,
               name: Optional[str] = None) -> Optional[View]:
        """The view for the first type name (most derived first) that has one."""
        for type_name in type_names:
            found = self._candidates(type_name, kind, name)
            if found:
                return found[0]
        return None

    def views_named(self, name: str) -> list[View]:
        seen: list[View] = []
        for entries in self._by_type.values():
            for _, _, view in entries:
                if view.name.lower() == name.lower() and view not in seen:
                    seen.append(view)
        return seen
