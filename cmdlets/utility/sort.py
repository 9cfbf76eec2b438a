"""Sort-Object and Get-Unique."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from functools import cmp_to_key
from typing import Annotated, Any, Optional

from attrs import frozen

from cmdlets.utility.compare import compare_values, equal
from cmdlets.utility.properties import KEY_NAMES, PropertyError, _key, key_getter
from pyshell.formatting.objects import has_wildcards, lookup, properties, to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSArgumentException

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


def _evaluate(keys: list[SortKey], obj: Any) -> list[Any]:
    values = []
    mapping = isinstance(obj, Mapping)
    for key in keys:
        if key.name is not None and not mapping:
            found, value = lookup(obj, key.name)
            values.append(value if found else _MISSING)
            continue
        try:
            values.append(key.getter(obj))
        except Exception:
            values.append(None)
    return values


def _compare_rows(keys: list[SortKey], case_sensitive: bool, stable: bool = True) -> Any:
    # Without -Stable, ties among descending keys come out last-first, as PowerShell's
    # unstable sort leaves them (which -Unique then keeps).
    tie = -1 if not stable and keys and keys[0].descending else 1

    def compare(a: tuple[int, list[Any], Any], b: tuple[int, list[Any], Any]) -> int:
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

    def ordered(a: tuple[int, list[Any], Any], b: tuple[int, list[Any], Any]) -> int:
        return compare(a, b) or tie * ((a[0] > b[0]) - (a[0] < b[0]))
    ordered.equal = compare  # type: ignore[attr-defined]
    return ordered


def _column_key(values: list[Any], case_sensitive: bool) -> Any:
    """A plain sort key for one column when every value is of one simple kind (all
    strings, all numbers, all dates): the common case, sorted at native speed."""
    import datetime as _dt
    from decimal import Decimal

    kinds = {type(v) for v in values}
    if kinds <= {str}:
        if case_sensitive:
            return lambda v: (v.casefold(), v.swapcase())
        return str.casefold
    if kinds <= {int, float, Decimal} or kinds <= {_dt.datetime} or kinds <= {_dt.timedelta}:
        return lambda v: v
    return None


def _column_value(key: Any, index: int, row: tuple[int, list[Any], Any]) -> Any:
    return key(row[1][index])


def _fast_sort(rows: list[tuple[int, list[Any], Any]], keys: list[SortKey],
               case_sensitive: bool, stable: bool) -> Optional[list[tuple[int, list[Any], Any]]]:
    columns = []
    for i in range(len(keys)):
        key = _column_key([r[1][i] for r in rows], case_sensitive)
        if key is None:
            return None
        columns.append(key)
    out = list(rows)
    if not stable and keys and keys[0].descending:
        out.reverse()
    # Stable passes from the last key to the first give the multi-key order.
    for i in range(len(keys) - 1, -1, -1):
        key = columns[i]
        out.sort(key=functools.partial(_column_value, key, i), reverse=keys[i].descending)
    return out


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
            raise self.terminating_error(self.error_record(
                PSArgumentException(str(exc)), exc.error_id, ErrorCategory.InvalidArgument))
        self._rows: list[tuple[int, list[Any], Any]] = []

    def process_record(self) -> None:
        obj = self.input_object
        if "InputObject" not in self.bound_parameters:
            return
        self._rows.append((len(self._rows), _evaluate(self._keys, obj), obj))

    def end_processing(self) -> None:
        cs = bool(self.case_sensitive)
        ordered = _compare_rows(self._keys, cs, bool(self.stable))
        compare = ordered.equal
        rows = _fast_sort(self._rows, self._keys, cs, bool(self.stable))
        if rows is None:
            rows = sorted(self._rows, key=cmp_to_key(ordered))
        if self.unique:
            kept: list[tuple[int, list[Any], Any]] = []
            for row in rows:
                if not kept or compare(kept[-1], row) != 0:
                    kept.append(row)
            rows = kept
        if self.top is not None:
            rows = rows[:max(0, self.top)]
        elif self.bottom is not None:
            rows = rows[len(rows) - max(0, self.bottom):] if self.bottom else []
        for _, _, obj in rows:
            self.write_object(obj)


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
