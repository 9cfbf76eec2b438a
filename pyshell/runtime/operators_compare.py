"""Comparison operators: `-eq -ne -gt -ge -lt -le`, `-like -notlike`, `-contains -in`,
`-is -isnot -as`, and ranges.

The left operand drives the conversion of the right one; a collection on the left filters
(`1,2,3,2 -eq 2` is `2,2`); strings compare case-insensitively with culture-like ordering
(lower case before upper case when case matters); `$null` sorts below everything.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Any, Callable, cast

import attrs

from pyshell.language.ast import BinaryOperator
from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import ErrorCategory, PSException
from pyshell.runtime.members import PSObject
from pyshell.runtime.operators_common import (
    check_size, failed, is_list, normalize, operator_error,
)
from pyshell.runtime.values import Char, NumericKind, numeric_kind
from pyshell.runtime.wildcard import compile_wildcard

if TYPE_CHECKING:
    from pyshell.runtime.types import PSType

__all__ = ["values_equal", "compare_values", "range_values", "COMPARISON_OPERATORS"]


# --------------------------------------------------------------------------- comparison

def _string_cmp(a: str, b: str, case_sensitive: bool) -> int:
    """Culture-like ordering: case-insensitive first; with case, lower before upper."""
    fa, fb = a.casefold(), b.casefold()
    if fa != fb:
        return -1 if fa < fb else 1
    if not case_sensitive or a == b:
        return 0
    for x, y in zip(a, b):
        if x != y:
            return -1 if x.islower() else 1
    return (len(a) > len(b)) - (len(a) < len(b))


def _comparable_right(left: Any, right: Any) -> Any:
    """Convert the right operand to the left operand's type (raises ConversionFailure)."""
    if isinstance(left, bool):
        return cv.to_bool(right)
    if isinstance(left, Char):
        if isinstance(right, str) and len(right) == 1:
            return Char(right)
        return cv.to_char(right)
    if isinstance(left, str):
        return right if isinstance(right, str) else cv.to_string(right)
    if isinstance(left, enum.Enum):
        return cv.to_enum(right, type(left))
    if numeric_kind(left) is not None:
        if isinstance(right, bool):
            return int(right)
        if numeric_kind(right) is not None:
            return right
        if isinstance(right, enum.Enum) or isinstance(right, Char):
            return cv.to_number(right)
        if isinstance(right, str):
            return cv.to_number(right, numeric_kind(left) or NumericKind.Int32)
        if is_list(right) and len(right) == 1:
            return _comparable_right(left, right[0])
        raise cv.ConversionFailure(None)
    if isinstance(left, _dt.datetime):
        right = cv.to_datetime(right)
        if (left.tzinfo is None) != (right.tzinfo is None):
            # .NET compares the clock ticks whatever the Kind; Python refuses to compare
            # naive and aware times, so a naive time counts as UTC (the shell's local time).
            return _naive(right) if left.tzinfo is None else right.replace(
                tzinfo=_dt.timezone.utc)
        return right
    if isinstance(left, _dt.timedelta):
        return cv.to_timespan(right)
    from pyshell.runtime.values import Version
    if isinstance(left, Version):
        return cv.to_version(right)
    import uuid
    if isinstance(left, uuid.UUID):
        return cv.to_guid(right)
    return right


def values_equal(left: Any, right: Any, case_sensitive: bool = False) -> bool:
    """`left -eq right` for one element on the left."""
    left, right = normalize(left), normalize(right)
    if left is None:
        return right is None
    if right is None:
        return False
    if isinstance(left, (list, tuple, dict, PSObject)) or isinstance(right, PSObject):
        return left is right
    try:
        converted = _comparable_right(left, right)
    except (cv.ConversionFailure, ValueError, TypeError, OverflowError, PSException):
        return False
    if isinstance(left, str):
        if case_sensitive:
            return cast(bool, left == converted)
        return left.casefold() == str(converted).casefold()
    if isinstance(left, enum.Enum):
        return left is converted
    if _reference_type(type(left)):
        return left is converted
    try:
        return bool(left == converted)
    except Exception:  # noqa: BLE001 - foreign __eq__ implementations
        return False


def _reference_type(klass: type) -> bool:
    """Whether `-eq` compares by reference, as for .NET classes: records from modules and
    script classes do, unless they are value types (`System.ValueType` among their type
    names) or declare `__ps_value_equality__` (as Version does, like .NET's Equals)."""
    if not attrs.has(klass) or getattr(klass, "__ps_value_equality__", False):
        return False
    return "System.ValueType" not in getattr(klass, "__ps_typenames__", ())


def compare_values(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """-1, 0 or 1 as PowerShell orders two values (Sort-Object uses this too)."""
    left, right = normalize(left), normalize(right)
    if left is None:
        return 0 if right is None else -1
    if right is None:
        return 1
    try:
        converted = _comparable_right(left, right)
    except cv.ConversionFailure as failure:
        inner = cv.conversion_error(right, cv.dotnet_type_name(left), failure.reason,
                                    failure.error_id)
        raise operator_error(
            f'Could not compare "{cv.to_string(left)}" to "{cv.to_string(right)}". '
            f'Error: "{inner.message}"', "ComparisonFailure", inner) from None
    if isinstance(left, str):
        return _string_cmp(left, str(converted), case_sensitive)
    if isinstance(left, enum.Enum):
        left, converted = cv.to_number(left), cv.to_number(converted)
    if _is_nan(left) or _is_nan(converted):
        # Double.CompareTo: NaN is equal to itself and less than every other number.
        return (not _is_nan(left)) - (not _is_nan(converted))
    try:
        if left < converted:
            return -1
        return 1 if left > converted else 0
    except TypeError:
        raise operator_error(f'Cannot compare "{cv.to_string(left)}" because it is not '
                             'IComparable.', "NotIcomparable") from None


def _naive(moment: _dt.datetime) -> _dt.datetime:
    return moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _eq(left: Any, right: Any, cs: bool) -> bool:
    return values_equal(left, right, cs)


def _ne(left: Any, right: Any, cs: bool) -> bool:
    return not values_equal(left, right, cs)


def _gt(left: Any, right: Any, cs: bool) -> bool:
    return compare_values(left, right, cs) > 0


def _ge(left: Any, right: Any, cs: bool) -> bool:
    return compare_values(left, right, cs) >= 0


def _lt(left: Any, right: Any, cs: bool) -> bool:
    return compare_values(left, right, cs) < 0


def _le(left: Any, right: Any, cs: bool) -> bool:
    return compare_values(left, right, cs) <= 0


def _like(left: Any, right: Any, cs: bool) -> bool:
    pattern = compile_wildcard(cv.to_string(right), cs)
    return pattern.fullmatch(cv.to_string(left)) is not None


def _notlike(left: Any, right: Any, cs: bool) -> bool:
    return not _like(left, right, cs)


def _comparison(test: Callable[[Any, Any, bool], bool], cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        if is_list(left):
            return [item for item in left if test(item, right, cs)]
        return test(left, right, cs)
    return operation


# --------------------------------------------------------------------------- other operators

def _contains(cs: bool, negate: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        items = left if is_list(left) else [left]
        return any(values_equal(item, right, cs) for item in items) != negate
    return operation


def _in(cs: bool, negate: bool) -> Callable[..., Any]:
    contains = _contains(cs, negate)

    def operation(left: Any, right: Any, context: Any) -> Any:
        return contains(right, left, context)
    return operation


def _resolve_type_operand(right: Any) -> PSType:
    from pyshell.runtime.types import PSType, resolve_type

    if isinstance(right, PSType):
        return right
    name = cv.to_string(right)
    found = resolve_type(name)
    if found is None:
        raise operator_error(f"Unable to find type [{name}].", "TypeNotFound",
                             category=ErrorCategory.InvalidOperation, target=name)
    return found


def _is(left: Any, right: Any, context: Any) -> bool:
    ps_type = _resolve_type_operand(right)
    if left is None:
        return False
    if ps_type.full_name == "System.Object":
        return True
    return ps_type.is_instance(left)


def _isnot(left: Any, right: Any, context: Any) -> bool:
    return not _is(left, right, context)


def _as(left: Any, right: Any, context: Any) -> Any:
    ps_type = _resolve_type_operand(right)
    try:
        return ps_type.convert(left)
    except PSException:
        return None


def range_values(start: Any, end: Any) -> list[Any]:
    """`a..b`: inclusive either way; single-character (non-digit) strings give chars."""
    start, end = normalize(start), normalize(end)
    if _is_char_operand(start) and _is_char_operand(end):
        a, b = ord(str(start)), ord(str(end))
        step = 1 if b >= a else -1
        return [Char(chr(code)) for code in range(a, b + step, step)]
    try:
        a = int(cv.to_integer_kind(start, NumericKind.Int32))
        b = int(cv.to_integer_kind(end, NumericKind.Int32))
    except cv.ConversionFailure as failure:
        bad = start if not _is_int_operand(start) else end
        raise failed(bad, failure, "System.Int32") from None
    check_size(abs(b - a) + 1)
    step = 1 if b >= a else -1
    return list(range(a, b + step, step))


def _is_char_operand(value: Any) -> bool:
    if isinstance(value, Char):
        return True
    return isinstance(value, str) and len(value) == 1 and not value.isdigit()


def _is_int_operand(value: Any) -> bool:
    try:
        cv.to_integer_kind(value, NumericKind.Int32)
        return True
    except cv.ConversionFailure:
        return False


def _range(left: Any, right: Any, context: Any) -> list[Any]:
    return range_values(left, right)


B = BinaryOperator
COMPARISON_OPERATORS: dict[BinaryOperator, Callable[[Any, Any, Any], Any]] = {
    B.IS: _is, B.ISNOT: _isnot, B.AS: _as, B.RANGE: _range,
}
for _cs, _prefix in ((False, "I"), (True, "C")):
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "EQ"]] = _comparison(_eq, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "NE"]] = _comparison(_ne, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "GT"]] = _comparison(_gt, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "GE"]] = _comparison(_ge, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "LT"]] = _comparison(_lt, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "LE"]] = _comparison(_le, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "LIKE"]] = _comparison(_like, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "NOTLIKE"]] = _comparison(_notlike, _cs)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "CONTAINS"]] = _contains(_cs, False)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "NOTCONTAINS"]] = _contains(_cs, True)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "IN"]] = _in(_cs, False)
    COMPARISON_OPERATORS[BinaryOperator[_prefix + "NOTIN"]] = _in(_cs, True)
