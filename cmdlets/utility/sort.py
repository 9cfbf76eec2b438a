"""Sort-Object and Get-Unique."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cmp_to_key, partial
from itertools import repeat
from operator import is_
from typing import Annotated, Any, Optional

from attrs import frozen

from cmdlets.utility.compare import compare_values
from cmdlets.utility.properties import (
    KEY_NAMES, PropertyError, _key, argument_error, key_getter,
)
from pyshell.formatting.objects import has_wildcards, lookup, properties, to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.members import PSObject, find_property, note_values
from pyshell.runtime.pipeline import stopped_error

__all__ = ["SortObjectCommand", "GetUniqueCommand", "SortKey", "sort_keys"]

_MISSING = object()
_OTHER = object()   # not read yet


@frozen
class SortKey:
    getter: Any
    descending: bool
    name: Optional[str] = None   # a plain property name: objects without it sort last


def sort_keys(specs: Optional[list[Any]], descending: bool) -> list[SortKey]:
    if not specs:
        return [SortKey(lambda obj: obj, descending)]
    keys: list[SortKey] = []
    for spec in specs:
        if isinstance(spec, Mapping):
            entries = {_key(to_string(k), KEY_NAMES["sort"]): v for k, v in spec.items()}
            if "expression" not in entries:
                raise PropertyError("The Expression key is missing.", "MissingExpression")
            direction = descending
            if "ascending" in entries:
                direction = not bool(entries["ascending"])
            if "descending" in entries:
                direction = bool(entries["descending"])
            expr = entries["expression"]
            name = expr if isinstance(expr, str) else None
            keys.append(SortKey(key_getter(expr), direction, name))
        elif isinstance(spec, str) and has_wildcards(spec):
            keys.append(SortKey(_wildcard_getter(spec), descending))
        else:
            name = spec if isinstance(spec, str) else None
            keys.append(SortKey(key_getter(spec), descending, name))
    return keys


def _wildcard_getter(pattern: str) -> Any:
    from pyshell.formatting.objects import wildcard_match

    def get(obj: Any) -> Any:
        for name, value in properties(obj):
            if wildcard_match(pattern, name):
                return value
        return None
    return get


def _column(key: SortKey, objects: list[Any]) -> list[Any]:
    """One key's values for every object (`_MISSING` where a named property is absent)."""
    getter = key.getter
    name = key.name
    if name is None:
        return [_read(getter, obj) for obj in objects]
    # pscustomobjects' note properties, the common case, in one pass; then the rest.
    values = note_values(objects, name, _OTHER)
    if not any(map(is_, values, repeat(_OTHER))):
        return values
    by_type = name.lower() not in ("psobject", "pstypenames")
    resolved: dict[type, Any] = {}
    for i, obj in enumerate(objects):
        if values[i] is not _OTHER:
            continue
        if isinstance(obj, Mapping):
            values[i] = _read(getter, obj)
        elif by_type and not isinstance(obj, PSObject):
            # Any other value's properties depend on its type alone: resolve them once.
            kind = type(obj)
            info = resolved.get(kind, _OTHER)
            if info is _OTHER:
                info = resolved[kind] = find_property(obj, name)
            values[i] = _MISSING if info is None else _read(info.getter, obj)
        else:
            found, value = lookup(obj, name)
            values[i] = value if found else _MISSING
    return values


def _read(getter: Any, obj: Any) -> Any:
    """A key's value; a getter that fails reads as None, as in PowerShell's sort."""
    try:
        return getter(obj)
    except Exception:
        return None


def _compare_rows(keys: list[SortKey], case_sensitive: bool, stable: bool = True) -> Any:
    # Without -Stable, ties among descending keys come out last-first, as PowerShell's
    # unstable sort leaves them (which -Unique then keeps).
    tie = -1 if not stable and keys and keys[0].descending else 1

    def compare(a: tuple[int, list[Any]], b: tuple[int, list[Any]]) -> int:
        for key, x, y in zip(keys, a[1], b[1]):
            if x is _MISSING or y is _MISSING:
                # An object without the property sorts last whatever the direction.
                if x is y:
                    continue
                return 1 if x is _MISSING else -1
            result = compare_values(x, y, case_sensitive)
            if result:
                return -result if key.descending else result
        return 0

    def ordered(a: tuple[int, list[Any]], b: tuple[int, list[Any]]) -> int:
        return compare(a, b) or tie * ((a[0] > b[0]) - (a[0] < b[0]))
    ordered.equal = compare  # type: ignore[attr-defined]
    return ordered


def _column_key(values: list[Any], case_sensitive: bool) -> Optional[list[Any]]:
    """Plain sort keys for one column when every value is of one simple kind (all
    strings, all numbers, all dates), `$null`s among them or not: the common case, sorted
    at native speed. `$null` sorts as the comparer has it: below any string or date, and
    among numbers as 0, just before a 0."""
    import datetime as _dt
    from decimal import Decimal

    kinds = set(map(type, values))
    nulls = type(None) in kinds
    kinds.discard(type(None))
    if kinds <= {str}:
        if case_sensitive:
            if nulls:
                return [(0,) if v is None else (1, v.casefold(), v.swapcase()) for v in values]
            return [(v.casefold(), v.swapcase()) for v in values]
        if nulls:
            return [(0,) if v is None else (1, v.casefold()) for v in values]
        return [v.casefold() for v in values]
    if kinds <= {int, float, Decimal}:
        return [(0, -1) if v is None else (v, 0) for v in values] if nulls else values
    if kinds <= {_dt.datetime} or kinds <= {_dt.timedelta}:
        return [(0,) if v is None else (1, v) for v in values] if nulls else values
    return None


def _native_keys(columns: list[list[Any]], case_sensitive: bool) -> Optional[list[list[Any]]]:
    """Every column's plain keys, or None when one of them needs the general comparer."""
    plain = []
    for column in columns:
        key = _column_key(column, case_sensitive)
        if key is None:
            return None
        plain.append(key)
    return plain


def _fast_order(plain: list[list[Any]], keys: list[SortKey], stable: bool,
                count: int) -> list[int]:
    order = list(range(count))
    if not stable and keys and keys[0].descending:
        order.reverse()
    # Stable passes from the last key to the first give the multi-key order.
    for i in range(len(keys) - 1, -1, -1):
        order.sort(key=plain[i].__getitem__, reverse=keys[i].descending)
    return order


def _keys_in_order() -> bool:
    """Whether list.sort asks for the keys once each, first element to last (CPython does)."""
    seen: list[int] = []
    sorted([2, 0, 1], key=lambda x: seen.append(x) or x)  # type: ignore[func-returns-value]
    return seen == [2, 0, 1]


_KEYS_IN_ORDER = _keys_in_order()


def _sorted_by(objects: list[Any], column: list[Any], descending: bool, stable: bool,
               case_sensitive: bool) -> Optional[list[Any]]:
    """The objects ordered by one key when its values have plain keys (None otherwise):
    what the comparer gives, without going through indices (reading objects by sorted
    index costs more than the sort itself). Objects without the property go last in input
    order, which an unstable descending sort reverses, as for any tie."""
    if descending and not stable:
        objects, column = objects[::-1], column[::-1]
    absent: list[Any] = []
    if any(map(is_, column, repeat(_MISSING))):
        absent = [obj for obj, value in zip(objects, column) if value is _MISSING]
        objects = [obj for obj, value in zip(objects, column) if value is not _MISSING]
        column = [value for value in column if value is not _MISSING]
    plain = _column_key(column, case_sensitive)
    if plain is None:
        return None
    if not _KEYS_IN_ORDER:
        order = sorted(range(len(objects)), key=plain.__getitem__, reverse=descending)
        return [objects[i] for i in order] + absent
    # Each object's key is the next of the ready keys.
    return sorted(objects, key=partial(next, iter(plain)), reverse=descending) + absent


@cmdlet("Sort", "Object", default_parameter_set="Default")
class SortObjectCommand(Cmdlet):
    """Sorts objects by property values."""

    examples = (Example("'b','c','a' | Sort-Object -Descending", "Sorts strings, Z to A."),)

    property: Annotated[Optional[list[Any]], Parameter(position=0)] = None
    descending: Annotated[Switch, Parameter()] = Switch(False)
    unique: Annotated[Switch, Parameter()] = Switch(False)
    stable: Annotated[Switch, Parameter(parameter_set="Default")] = Switch(False)
    top: Annotated[Optional[int], Parameter(mandatory=True, parameter_set="Top")] = None
    bottom: Annotated[Optional[int], Parameter(mandatory=True, parameter_set="Bottom")] = None
    case_sensitive: Annotated[Switch, Parameter()] = Switch(False)
    culture: Annotated[Optional[str], Parameter()] = None
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def begin_processing(self) -> None:
        try:
            self._keys = sort_keys(self.property, bool(self.descending))
        except PropertyError as exc:
            raise argument_error(self, exc) from None
        self._objects: list[Any] = []

    def process_record(self) -> None:
        # Only collect here: the keys are read in one tight loop at the end.
        if "InputObject" in self.bound_parameters:
            self._objects.append(self.input_object)

    def input_processor(self) -> Any:
        # Collecting is all the per-object work there is: append, nothing else.
        append = self._objects.append
        session = self.session

        def collect(obj: Any) -> None:
            if session.stopping:
                raise stopped_error()
            append(obj)
        return collect

    def end_processing(self) -> None:
        cs = bool(self.case_sensitive)
        stable = bool(self.stable)
        objects = self._objects
        keys = self._keys
        columns = [_column(key, objects) for key in keys]
        if len(keys) == 1 and not self.unique:
            ordered_objects = _sorted_by(objects, columns[0], keys[0].descending, stable, cs)
            if ordered_objects is not None:
                self.write_object(self._window(ordered_objects), enumerate_collection=True)
                return
        plain = _native_keys(columns, cs)
        ordered = _compare_rows(keys, cs, stable)
        compare = ordered.equal
        if plain is not None:
            order = _fast_order(plain, keys, stable, len(objects))
        else:
            rows = [(i, [column[i] for column in columns]) for i in range(len(objects))]
            rows.sort(key=cmp_to_key(ordered))
            order = [i for i, _ in rows]
        if self.unique:
            kept: list[int] = []
            previous: Optional[tuple[int, list[Any]]] = None
            for i in order:
                row = (i, [column[i] for column in columns])
                if previous is None or compare(previous, row) != 0:
                    kept.append(i)
                    previous = row
            order = kept
        self.write_object([objects[i] for i in self._window(order)], enumerate_collection=True)

    def _window(self, ordered: list[Any]) -> list[Any]:
        """-Top or -Bottom of the sorted objects."""
        if self.top is not None:
            return ordered[:max(0, self.top)]
        if self.bottom is not None:
            return ordered[max(0, len(ordered) - self.bottom):] if self.bottom > 0 else []
        return ordered


@cmdlet("Get", "Unique", default_parameter_set="AsString")
class GetUniqueCommand(Cmdlet):
    """Returns unique items from a sorted list."""

    examples = (Example("1,1,2,2,3 | Get-Unique", "Drops adjacent duplicates."),)

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    as_string: Annotated[Switch, Parameter(parameter_set="AsString")] = Switch(False)
    on_type: Annotated[Switch, Parameter(parameter_set="UniqueByType")] = Switch(False)
    case_insensitive: Annotated[Switch, Parameter()] = Switch(False)

    def begin_processing(self) -> None:
        self._last: Any = _MISSING

    def process_record(self) -> None:
        from pyshell.formatting.objects import type_names

        obj = self.input_object
        if self.on_type:
            key: Any = type_names(obj)[0] if obj is not None else None
        else:
            key = to_string(obj)
            if self.case_insensitive:
                key = key.casefold()
        if self._last is _MISSING or key != self._last:
            self._last = key
            self.write_object(obj)
