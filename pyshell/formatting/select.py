"""From objects to format records: which shape, which view, which columns.

The rules (powershell-semantics.md §1.2-1.6, powershell-views.md §0):
- scalars, objects without properties and out-of-band views print on their own, even in
  the middle of a table;
- a hashtable is shown as its DictionaryEntry rows;
- the first object chooses the shape: its registered view, else 4 or fewer properties give a
  table and 5 or more a list;
- later objects follow it. A property table without a view takes every later object as a
  row with the first object's columns; an object that a registered view does not select
  ends that format and starts its own.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional, Protocol, Sequence, Union

from attrs import field, frozen

from pyshell.formatting import records as R
from pyshell.formatting.cells import DEFAULT_ENUMERATION_LIMIT, cell_text
from pyshell.formatting.objects import (
    dictionary_entries, has_wildcards, is_collection, is_scalar, property_names,
    property_value, to_string, type_names, wildcard_match,
)
from pyshell.runtime.values import AUTOMATION_NULL
from pyshell.formatting.views import (
    CustomView, GroupBy, ListView, TableView, View, ViewRegistry, WideView,
)

__all__ = [
    "Field", "PropertyPattern", "Selector", "FormatOptions", "Formatter", "TABLE_PROPERTY_LIMIT",
    "default_alignment", "expand_selectors",
]

TABLE_PROPERTY_LIMIT = 4


@frozen
class Field:
    """One column / list line chosen by the user (`-Property`): a label and how to get it."""

    label: str
    getter: Callable[[Any], Any] = field(eq=False)
    align: Optional[str] = None
    width: Optional[int] = None
    fmt: Optional[str] = None

    @classmethod
    def of_property(cls, name: str) -> Field:
        return cls(name, _PropertyGetter(name))

    def expand(self, obj: Any) -> list[Field]:
        return [self]

    def evaluate(self, obj: Any) -> Any:
        try:
            value = self.getter(obj)
        except Exception:
            # A failing calculated property shows as empty, as PowerShell's does.
            return None
        if self.fmt and value is not None:
            from pyshell.runtime import dotnet_format

            try:
                return dotnet_format.format_value(value, self.fmt, to_string)
            except Exception:
                return value
        return value


@frozen
class _PropertyGetter:
    name: str

    def __call__(self, obj: Any) -> Any:
        return property_value(obj, self.name)


@frozen
class PropertyPattern:
    """A property name that may hold wildcards (`Name`, `Memory*`, `*`)."""

    pattern: str

    def expand(self, obj: Any) -> list[Field]:
        if not has_wildcards(self.pattern):
            names = property_names(obj)
            match = next((n for n in names if n.lower() == self.pattern.lower()), self.pattern)
            return [Field.of_property(match)]
        return [Field.of_property(n) for n in property_names(obj)
                if wildcard_match(self.pattern, n)]


class Selector(Protocol):
    def expand(self, obj: Any) -> list[Field]: ...


def expand_selectors(selectors: Sequence[Selector], obj: Any) -> list[Field]:
    out: list[Field] = []
    seen: set[str] = set()
    for sel in selectors:
        for f in sel.expand(obj):
            if f.label.lower() not in seen:
                seen.add(f.label.lower())
                out.append(f)
    return out


@frozen
class FormatOptions:
    """What Format-* asked for; the defaults are Out-Default's implicit formatting."""

    shape: Optional[str] = None                 # table/list/wide/custom; None: the view decides
    selectors: Optional[tuple[Any, ...]] = None  # -Property
    view_name: Optional[str] = None              # -View
    group_by: Optional[Field] = None             # -GroupBy
    auto_size: bool = False
    wrap: bool = False
    hide_headers: bool = False
    wide_columns: Optional[int] = None
    force: bool = False
    expand: str = "EnumOnly"                     # -Expand CoreOnly/EnumOnly/Both
    enumeration_limit: int = DEFAULT_ENUMERATION_LIMIT
    width: Optional[int] = None                  # for views that lay out text themselves


def default_alignment(value: Any) -> str:
    """A column without a view is right-aligned when the first object's value is a number,
    bool, char or enum, and left-aligned otherwise (strings, null, objects)."""
    if isinstance(value, str) and type(value).__name__ != "Char":
        return "left"
    if isinstance(value, (bool, int, float, Decimal, enum.Enum)):
        return "right"
    if type(value).__name__ == "Char":
        return "right"
    return "left"


@frozen
class _Current:
    """The format in progress."""

    kind: str
    view: Optional[View]
    fields: tuple[Field, ...] = ()
    group_key: Any = None


_NO_GROUP = object()


_ERROR_RECORD = "System.Management.Automation.ErrorRecord"
_PLAIN_SCALARS = frozenset((str, int, float, bool))


class Formatter:
    """A stream of objects in, format records out (`process` per object, then `end`)."""

    def __init__(self, registry: Optional[ViewRegistry] = None,
                 options: Optional[FormatOptions] = None,
                 render_error: Optional[Callable[[Any], list[str]]] = None) -> None:
        self.registry = registry or ViewRegistry()
        self.options = options or FormatOptions()
        self._current: Optional[_Current] = None
        self._group_key: Any = _NO_GROUP
        self._render_error = render_error

    # ------------------------------------------------------------------ the stream

    def process(self, obj: Any) -> list[R.FormatRecord]:
        out: list[R.FormatRecord] = []
        self._process(obj, out, top=True)
        return out

    def end(self) -> list[R.FormatRecord]:
        out: list[R.FormatRecord] = []
        self._close(out)
        return out

    def _process(self, obj: Any, out: list[R.FormatRecord], top: bool) -> None:
        if obj is None or obj is AUTOMATION_NULL:
            return
        if type(obj) in _PLAIN_SCALARS:
            # The common case first: plain strings and numbers are never formatted.
            out.append(R.OutOfBand(to_string(obj).replace("\r\n", "\n").split("\n")))
            return
        if isinstance(obj, Mapping) and not self.options.force:
            for entry in dictionary_entries(obj):
                self._process(entry, out, top=False)
            return
        if top and is_collection(obj):
            for item in obj:
                self._process(item, out, top=False)
            return
        oob = self._out_of_band(obj)
        if oob is not None:
            out.append(oob)
            return
        if self._current is not None and not self._applies(obj):
            self._close(out)
        if self._current is None:
            self._start(obj, out)
        self._group(obj, out)
        out.append(self._entry(obj))

    # ------------------------------------------------------------------ out of band

    def _out_of_band(self, obj: Any) -> Optional[R.OutOfBand]:
        names = type_names(obj)
        if _ERROR_RECORD in names and not self.options.force:
            lines = self._render_error(obj) if self._render_error else [to_string(obj)]
            return R.OutOfBand(lines, is_error=True)
        view = self.registry.lookup(names, kind="custom")
        if isinstance(view, CustomView) and view.out_of_band and not self.options.force:
            return R.OutOfBand(view.render(obj))
        if is_scalar(obj) or (not property_names(obj) and self._view_for(obj) is None):
            return R.OutOfBand(to_string(obj).replace("\r\n", "\n").split("\n"))
        return None

    # ------------------------------------------------------------------ choosing a shape

    def _view_for(self, obj: Any) -> Optional[View]:
        opts = self.options
        if opts.selectors:
            return None
        return self.registry.lookup(type_names(obj), kind=opts.shape, name=opts.view_name)

    def _applies(self, obj: Any) -> bool:
        current = self._current
        assert current is not None
        if current.view is None:
            return True
        return self._view_for(obj) is current.view

    def _start(self, obj: Any, out: list[R.FormatRecord]) -> None:
        opts = self.options
        view = self._view_for(obj)
        if view is not None:
            kind = view.kind
            fields: tuple[Field, ...] = ()
        else:
            if opts.selectors:
                fields = tuple(expand_selectors(opts.selectors, obj))
            else:
                fields = tuple(Field.of_property(n) for n in property_names(obj))
            kind = opts.shape or ("table" if len(fields) <= TABLE_PROPERTY_LIMIT else "list")
            if kind == "custom":
                kind = "list"
        self._current = _Current(kind, view, fields)
        self._group_key = _NO_GROUP
        columns: tuple[R.TableColumn, ...] = ()
        auto_size = opts.auto_size
        hide = opts.hide_headers
        wrap = opts.wrap
        if kind == "table":
            if isinstance(view, TableView):
                columns = tuple(R.TableColumn(c.label, (c.align or "left").lower(), c.width)
                                for c in view.columns)
                auto_size = auto_size or view.auto_size
                hide = hide or view.hide_headers
                wrap = wrap or view.wrap
            else:
                columns = tuple(
                    R.TableColumn(f.label, (f.align or default_alignment(f.evaluate(obj))).lower(),
                                  f.width)
                    for f in fields)
        out.append(R.FormatStart(kind, columns, auto_size=auto_size, wrap=wrap,
                                 hide_headers=hide, wide_columns=opts.wide_columns,
                                 wide_auto_size=opts.auto_size))

    def _group_by(self) -> Optional[Union[Field, GroupBy]]:
        if self.options.group_by is not None:
            return self.options.group_by
        current = self._current
        if current is not None and current.view is not None:
            return current.view.group_by
        return None

    def _group(self, obj: Any, out: list[R.FormatRecord]) -> None:
        group_by = self._group_by()
        if group_by is None:
            if self._group_key is _NO_GROUP:
                self._group_key = None
                out.append(R.GroupStart(None))
            return
        value = group_by.evaluate(obj)
        key = cell_text(value, self.options.enumeration_limit)
        if self._group_key is not _NO_GROUP and key == self._group_key:
            return
        if self._group_key is not _NO_GROUP:
            out.append(R.GroupEnd())
        self._group_key = key
        label = group_by.header_label if isinstance(group_by, GroupBy) else group_by.label
        out.append(R.GroupStart(f"   {label}: {key}"))

    def _close(self, out: list[R.FormatRecord]) -> None:
        if self._current is None:
            return
        if self._group_key is not _NO_GROUP:
            out.append(R.GroupEnd())
        out.append(R.FormatEnd())
        self._current = None
        self._group_key = _NO_GROUP

    # ------------------------------------------------------------------ entries

    def _text(self, value: Any) -> str:
        return cell_text(value, self.options.enumeration_limit)

    def _entry(self, obj: Any) -> R.FormatRecord:
        current = self._current
        assert current is not None
        view = current.view
        if current.kind == "table":
            if isinstance(view, TableView):
                return R.TableRow(self._text(_safe(c.evaluate, obj)) for c in view.columns)
            return R.TableRow(self._text(f.evaluate(obj)) for f in current.fields)
        if current.kind == "list":
            if isinstance(view, ListView):
                return R.ListEntry((i.label, self._text(_safe(i.evaluate, obj)))
                                   for i in view.items)
            fields: Iterable[Field] = current.fields
            if not self.options.selectors or any(
                    isinstance(s, PropertyPattern) and has_wildcards(s.pattern)
                    for s in self.options.selectors):
                # Lists show each object's own properties (Format-List * per object).
                fields = (expand_selectors(self.options.selectors, obj)
                          if self.options.selectors
                          else [Field.of_property(n) for n in property_names(obj)])
            return R.ListEntry((f.label, self._text(f.evaluate(obj))) for f in fields)
        if current.kind == "wide":
            if isinstance(view, WideView):
                return R.WideEntry(self._text(_safe(view.evaluate, obj)))
            return R.WideEntry(self._text(_wide_value(obj, current.fields)))
        if isinstance(view, CustomView):
            return R.CustomEntry(_safe(view.render, obj) or [])
        return R.CustomEntry([to_string(obj)])


def _safe(fn: Callable[[Any], Any], obj: Any) -> Any:
    try:
        return fn(obj)
    except Exception:
        # A view expression that fails leaves its cell empty; formatting never raises.
        return None


_WIDE_CANDIDATES = ("name", "id", "key", "*key", "*name", "*id")


def _wide_value(obj: Any, fields: Sequence[Field]) -> Any:
    if fields and len(fields) == 1:
        return fields[0].evaluate(obj)
    names = property_names(obj)
    for pattern in _WIDE_CANDIDATES:
        for n in names:
            if wildcard_match(pattern, n):
                return property_value(obj, n)
    if fields:
        return fields[0].evaluate(obj)
    return to_string(obj)
