"""Sort-Object and Get-Unique."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cmp_to_key
from typing import Annotated, Any, Optional

from attrs import frozen

from cmdlets.utility.compare import compare_values
from cmdlets.utility.properties import (
    KEY_NAMES, PropertyError, _key, argument_error, key_getter,
)
from pyshell.formatting.objects import has_wildcards, lookup, properties, to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet

__all__ = ["SortObjectCommand", "GetUniqueCommand", "SortKey", "sort_keys"]

_MISSING = object()


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
    values: list[Any] = []
    append = values.append
    name = key.name
    getter = key.getter
    for obj in objects:
        if name is not None and not isinstance(obj, Mapping):
            found, value = lookup(obj, name)
            append(value if found else _MISSING)
            continue
        try:
            append(getter(obj))
        except Exception:
            append(None)
    return values


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
    strings, all numbers, all dates): the common case, sorted at native speed."""
    import datetime as _dt
    from decimal import Decimal

    kinds = {type(v) for v in values}
    if kinds <= {str}:
        if case_sensitive:
            return [(v.casefold(), v.swapcase()) for v in values]
        return [v.casefold() for v in values]
    if kinds <= {int, float, Decimal} or kinds <= {_dt.datetime} or kinds <= {_dt.timedelta}:
        return values
    return None


def _fast_order(columns: list[list[Any]], keys: list[SortKey], case_sensitive: bool,
                stable: bool, count: int) -> Optional[list[int]]:
    plain = []
    for column in columns:
        key = _column_key(column, case_sensitive)
        if key is None:
            return None
        plain.append(key)
    order = list(range(count))
    if not stable and keys and keys[0].descending:
        order.reverse()
    # Stable passes from the last key to the first give the multi-key order.
    for i in range(len(keys) - 1, -1, -1):
        order.sort(key=plain[i].__getitem__, reverse=keys[i].descending)
    return order


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

    def end_processing(self) -> None:
        cs = bool(self.case_sensitive)
        objects = self._objects
        keys = self._keys
        columns = [_column(key, objects) for key in keys]
        ordered = _compare_rows(keys, cs, bool(self.stable))
        compare = ordered.equal
        order = _fast_order(columns, keys, cs, bool(self.stable), len(objects))
        if order is None:
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
        if self.top is not None:
            order = order[:max(0, self.top)]
        elif self.bottom is not None:
            order = order[len(order) - max(0, self.bottom):] if self.bottom else []
        for i in order:
            self.write_object(objects[i])


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
