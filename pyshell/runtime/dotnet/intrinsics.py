"""Methods every value has: `.Where()`, `.ForEach()`, `GetType()`, `ToString()`, `Equals()`,
`GetHashCode()`.

`.Where` and `.ForEach` run script blocks through the contract `block.invoke(*args,
dollar_under=item)` (see docs/architecture.md and scriptblock.py), so this module never
imports the compiler.
"""

from __future__ import annotations

from typing import Any, Callable

from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import ErrorCategory, ErrorRecord, MethodInvocationException
from pyshell.runtime.values import AUTOMATION_NULL, iter_collection

__all__ = ["INTRINSICS", "INTRINSIC_DEFINITIONS", "where_method", "foreach_method"]


def _run(block: Any, item: Any, args: tuple[Any, ...] = ()) -> list[Any]:
    if hasattr(block, "invoke"):
        results = block.invoke(*args, dollar_under=item)
    else:
        results = block(item, *args)
    if results is None or results is AUTOMATION_NULL:
        return []
    return list(results) if isinstance(results, list) else [results]


def _items(obj: Any) -> list[Any]:
    return list(iter_collection(obj))


_WHERE_MODES = ("default", "first", "last", "skipuntil", "until", "split")


def _error(text: str, error_id: str) -> MethodInvocationException:
    exc = MethodInvocationException(text)
    exc.error_record = ErrorRecord(exc, error_id, ErrorCategory.InvalidArgument)
    return exc


def where_method(obj: Any, args: list[Any], context: Any = None) -> Any:
    """`.Where({ predicate }, mode, count)`: modes Default, First, Last, SkipUntil, Until,
    Split (Split returns the matching and the other items)."""
    if not args:
        raise _error('Cannot find an overload for "Where" and the argument count: "0".',
                     "MethodCountCouldNotFindBest")
    block = args[0]
    mode = cv.to_string(args[1]).lower() if len(args) > 1 else "default"
    count = int(cv.to_int(args[2])) if len(args) > 2 else 0
    if mode not in _WHERE_MODES:
        raise _error(f'Cannot convert value "{args[1]}" to type '
                     '"System.Management.Automation.WhereOperatorSelectionMode".',
                     "InvalidCastFromStringToInteger")
    items = _items(obj)

    def test(item: Any) -> bool:
        return cv.to_bool(_run(block, item))

    if mode == "default":
        found = [item for item in items if test(item)]
        return found[:count] if count else found
    if mode == "first":
        found = [item for item in items if test(item)]
        return found[:max(count, 1)]
    if mode == "last":
        found = [item for item in items if test(item)]
        return found[-max(count, 1):] if found else []
    if mode == "split":
        matched: list[Any] = []
        rest: list[Any] = []
        for item in items:
            (matched if (not count or len(matched) < count) and test(item) else rest).append(item)
        return [matched, rest]
    index = next((i for i, item in enumerate(items) if test(item)), len(items))
    if mode == "skipuntil":
        found = items[index:]
    else:  # until
        found = items[:index]
    return found[:count] if count else found


def foreach_method(obj: Any, args: list[Any], context: Any = None) -> Any:
    """`.ForEach({ block })`, `.ForEach([type])` (convert each), `.ForEach('Name')` (each
    property value), `.ForEach('Name', value)` (set the property, or call the method)."""
    from pyshell.runtime import members
    from pyshell.runtime.types import PSType

    if not args:
        raise _error('Cannot find an overload for "ForEach" and the argument count: "0".',
                     "MethodCountCouldNotFindBest")
    first, rest = args[0], tuple(args[1:])
    results: list[Any] = []
    for item in _items(obj):
        if isinstance(first, PSType):
            results.append(first.convert(item))
        elif isinstance(first, str):
            if not rest:
                if members.has_property(item, first) or isinstance(item, dict):
                    value = members.get_property_value(item, first)
                    results.extend(value if isinstance(value, list) else [value])
            elif members.has_property(item, first):
                members.set_property_value(item, first, rest[0])
            else:
                value = members.invoke_method(item, first, list(rest), context)
                if value is not None and value is not AUTOMATION_NULL:
                    results.append(value)
        else:
            results.extend(_run(first, item, rest))
    return results


def _get_type(obj: Any, args: list[Any], context: Any = None) -> Any:
    from pyshell.runtime.types import type_of

    _no_args("GetType", args)
    return type_of(obj)


def _to_string(obj: Any, args: list[Any], context: Any = None) -> str:
    from pyshell.runtime.dotnet_format import format_value

    if args:
        return format_value(obj, cv.to_string(args[0]), cv.dotnet_string)
    return cv.dotnet_string(obj)


def _equals(obj: Any, args: list[Any], context: Any = None) -> bool:
    from pyshell.runtime.operators import values_equal

    if len(args) != 1:
        _no_args("Equals", args, 1)
    return values_equal(obj, args[0], case_sensitive=True)


def _hash_code(obj: Any, args: list[Any], context: Any = None) -> int:
    _no_args("GetHashCode", args)
    try:
        return hash(obj) & 0x7FFFFFFF
    except TypeError:
        return id(obj) & 0x7FFFFFFF


def _no_args(name: str, args: list[Any], expected: int = 0) -> None:
    if len(args) != expected:
        raise _error(f'Cannot find an overload for "{name}" and the argument count: '
                     f'"{len(args)}".', "MethodCountCouldNotFindBest")


INTRINSICS: dict[str, Callable[[Any, list[Any], Any], Any]] = {
    "where": where_method, "foreach": foreach_method, "gettype": _get_type,
    "tostring": _to_string, "equals": _equals, "gethashcode": _hash_code,
}

INTRINSIC_DEFINITIONS: dict[str, str] = {
    "Equals": "bool Equals(System.Object obj)",
    "GetHashCode": "int GetHashCode()",
    "GetType": "type GetType()",
    "ToString": "string ToString()",
}
