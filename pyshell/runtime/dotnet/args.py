"""Argument conversions shared by the emulated .NET static methods: PowerShell converts
each argument to the parameter's type before the call, with its usual rules and errors."""

from __future__ import annotations

from typing import Any

from pyshell.runtime import conversion as cv
from pyshell.runtime.values import NumericKind, is_collection

__all__ = ["number", "double", "integer", "long_integer", "text", "items"]


def number(value: Any) -> Any:
    """A number of whatever type the value has (a string parses as a number literal)."""
    try:
        return cv.to_number(value, NumericKind.Double)
    except cv.ConversionFailure as failure:
        raise cv.conversion_error(value, "System.Double", failure.reason) from None


def double(value: Any) -> float:
    return float(number(value))


def integer(value: Any) -> int:
    return int(cv.to_int(value))


def long_integer(value: Any) -> int:
    return int(cv.to_integer_kind(value, NumericKind.Int64))


def text(value: Any) -> str:
    return cv.to_string(value)


def items(value: Any) -> list[Any]:
    """A collection's items, or a scalar as a one-element list (`params` arrays)."""
    return list(value) if is_collection(value) else [value]
