"""Indexing: `$a[0]`, `$a[-1]`, `$a[1..3]`, `$h['key']`, `$s[0]`, and index assignment.

PowerShell's rules: negative indexes count from the end, an array of indexes returns the
elements found (out-of-range ones are skipped), an out-of-range single index gives `$null`,
a scalar behaves as a one-element array, and indexing `$null` is an error.
"""

from __future__ import annotations

from typing import Any

from pyshell.runtime import compiler_support as S
from pyshell.runtime.errors import ErrorCategory, IndexOutOfRangeException

__all__ = ["get_index", "set_index"]


def _null_array() -> Exception:
    return S.runtime_error("Cannot index into a null array.", "NullArray",
                           ErrorCategory.InvalidOperation)


def _null_index() -> Exception:
    # A dictionary key cannot be $null (.NET's ArgumentNullException, as PowerShell says it).
    return S.runtime_error("Index operation failed; the array index evaluated to null.",
                           "NullArrayIndex", ErrorCategory.InvalidOperation)


def _as_int(index: Any) -> Any:
    if type(index) is int:
        return index
    if isinstance(index, bool):
        return int(index)
    if isinstance(index, (int, float)):
        return int(round(index))
    if isinstance(index, str):
        try:
            return int(index.strip())
        except ValueError:
            return None
    return None


def _get_one(obj: Any, index: Any) -> Any:
    if isinstance(obj, dict):
        if index is None:
            raise _null_index()
        if index in obj:
            return obj[index]
        value_at = getattr(obj, "value_at", None)
        if value_at is not None and type(index) is int and -len(obj) <= index < len(obj):
            return value_at(index)
        return None
    position = _as_int(index)
    if isinstance(obj, (list, tuple, str)):
        if position is None:
            return None
        if -len(obj) <= position < len(obj):
            item = obj[position]
            if isinstance(obj, str):
                from pyshell.runtime.values import Char
                return Char(item)
            return item
        return None
    getter = getattr(obj, "__getitem__", None)
    if getter is not None and not isinstance(obj, (bytes,)):
        try:
            return getter(index)
        except (KeyError, IndexError, TypeError):
            return None
    # A scalar indexes like a one-element array.
    return obj if position in (0, -1) else None


def get_index(obj: Any, index: Any) -> Any:
    if obj is None or obj is S.AUTOMATION_NULL:
        raise _null_array()
    if isinstance(index, (list, tuple)) and not isinstance(obj, dict):
        result = []
        for one in index:
            if isinstance(obj, (list, tuple, str)):
                position = _as_int(one)
                if position is None or not -len(obj) <= position < len(obj):
                    continue
            result.append(_get_one(obj, one))
        return result
    if isinstance(index, (list, tuple)):
        return [_get_one(obj, one) for one in index]
    return _get_one(obj, index)


def set_index(obj: Any, index: Any, value: Any) -> None:
    if obj is None or obj is S.AUTOMATION_NULL:
        raise _null_array()
    if isinstance(obj, dict):
        if index is None:
            raise _null_index()
        obj[index] = value
        return
    if isinstance(obj, list):
        position = _as_int(index)
        if position is None or not -len(obj) <= position < len(obj):
            raise S.runtime_error("Index was outside the bounds of the array.",
                                  "IndexOutOfRange", ErrorCategory.InvalidOperation,
                                  exc_type=IndexOutOfRangeException)
        element_type = getattr(obj, "element_type", None)
        if element_type is not None:
            value = S.convert_to(value, element_type)
        obj[position] = value
        return
    setter = getattr(obj, "__setitem__", None)
    if setter is None:
        raise S.runtime_error(f"Unable to index into an object of type "
                              f"{type(obj).__name__}.", "CannotIndex",
                              ErrorCategory.InvalidOperation)
    setter(index, value)
