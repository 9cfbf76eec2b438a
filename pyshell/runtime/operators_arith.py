"""Arithmetic and bitwise operators: `+ - * / %`, `-band -bor -bxor -shl -shr`, and the
numeric unary operators.

Two numbers meet in their common .NET type (C#'s promotion: Int32 and UInt32 give Int64,
anything with a Double gives Double, Decimal stays Decimal); an integer result that does not
fit its type becomes a Double, as PowerShell does; `/` on integers yields an integer only
when the division is exact. The left operand decides what `+` and `*` mean: strings
concatenate and repeat, arrays concatenate and repeat, hashtables merge.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any, Callable, cast

from pyshell.language.ast import BinaryOperator, UnaryOperator
from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import ErrorCategory, OverflowException
from pyshell.runtime.operators_common import (
    check_size, divide_by_zero, failed, get_ofs, is_list, is_numeric_like, no_operator,
    operator_error,
)
from pyshell.runtime.values import (
    Char, Hashtable, NumericKind, OrderedDictionary, Single, make_integer, numeric_kind,
)

__all__ = ["arithmetic", "ARITHMETIC_OPERATORS", "NUMERIC_UNARY_OPERATORS", "FAST_INT",
           "FAST_FLOAT", "I32_MIN", "I32_MAX"]

_DECIMAL_MAX = Decimal("79228162514264337593543950335")


# --------------------------------------------------------------------------- arithmetic

_SMALL = (NumericKind.SByte, NumericKind.Byte, NumericKind.Int16, NumericKind.UInt16)


def _promote(a: NumericKind, b: NumericKind) -> NumericKind:
    """The type an operation on two numbers is carried out in."""
    kinds = (a, b)
    if NumericKind.Decimal in kinds:
        return NumericKind.Decimal
    if NumericKind.Double in kinds:
        return NumericKind.Double
    if NumericKind.Single in kinds:
        return NumericKind.Single if a is b else NumericKind.Double
    a = NumericKind.Int32 if a in _SMALL else a
    b = NumericKind.Int32 if b in _SMALL else b
    if NumericKind.BigInteger in (a, b):
        return NumericKind.BigInteger
    if a is b:
        return a
    if a.is_signed == b.is_signed:
        return a if a.rank > b.rank else b
    if NumericKind.UInt64 in (a, b):
        return NumericKind.Double
    return NumericKind.Int64


def _operand_number(value: Any, hint: NumericKind) -> Any:
    try:
        return cv.to_number(value, hint)
    except cv.ConversionFailure as failure:
        raise failed(value, failure, hint.full_name) from None


def _numbers(left: Any, right: Any) -> tuple[Any, Any, NumericKind]:
    a = _operand_number(left, NumericKind.Int32)
    ka = numeric_kind(a) or NumericKind.Int32
    b = _operand_number(right, ka if ka is not NumericKind.BigInteger else NumericKind.Int32)
    kb = numeric_kind(b) or NumericKind.Int32
    return a, b, _promote(ka, kb)


def _typed_result(number: Any, kind: NumericKind) -> Any:
    """Put the result back in its type; integer overflow becomes a Double."""
    if kind is NumericKind.Double:
        return float(number)
    if kind is NumericKind.Single:
        return Single(number)
    if kind is NumericKind.Decimal:
        if abs(number) > _DECIMAL_MAX:
            inner = OverflowException("Value was either too large or too small for a Decimal.")
            raise operator_error(inner.message, "RuntimeException", inner)
        return number
    if kind is NumericKind.BigInteger or kind.fits(number):
        return make_integer(number, kind)
    return float(number)


def _convert_operands(a: Any, b: Any, kind: NumericKind) -> tuple[Any, Any]:
    if kind is NumericKind.Decimal:
        return _to_decimal(a), _to_decimal(b)
    if kind in (NumericKind.Double, NumericKind.Single):
        return float(a), float(b)
    return int(a), int(b)


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            inner = OverflowException("Value was either too large or too small for a Decimal.")
            raise operator_error(inner.message, "RuntimeException", inner)
        return Decimal(repr(float(value)))
    return Decimal(int(value))


def _add_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    return _typed_result(x + y, kind)


def _sub_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    return _typed_result(x - y, kind)


def _mul_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    return _typed_result(x * y, kind)


def _div_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    if y == 0:
        raise divide_by_zero()
    if kind is NumericKind.Decimal:
        with localcontext() as ctx:
            ctx.prec = 29
            try:
                return _typed_result(x / y, kind)
            except (DivisionByZero, InvalidOperation):
                raise divide_by_zero() from None
    if kind in (NumericKind.Double, NumericKind.Single):
        return _typed_result(x / y, kind)
    if x % y == 0:
        return _typed_result(x // y, kind)
    return x / y


def _rem_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    if y == 0:
        raise divide_by_zero()
    if kind in (NumericKind.Double, NumericKind.Single):
        if math.isinf(x) or math.isnan(y):
            return _typed_result(float("nan"), kind)  # IEEE: inf % y is NaN
        return _typed_result(math.fmod(x, y), kind)
    if kind is NumericKind.Decimal:
        with localcontext() as ctx:
            ctx.prec = 60
            return _typed_result(x % y, kind)  # Decimal % truncates like .NET
    remainder = abs(x) % abs(y)
    return _typed_result(-remainder if x < 0 else remainder, kind)


_NUMERIC_OPS: dict[str, Callable[[Any, Any, NumericKind], Any]] = {
    "+": _add_numbers, "-": _sub_numbers, "*": _mul_numbers, "/": _div_numbers,
    "%": _rem_numbers,
}
_OP_NAMES = {"+": "op_Addition", "-": "op_Subtraction", "*": "op_Multiply", "/": "op_Division",
             "%": "op_Modulus"}


def arithmetic(symbol: str, left: Any, right: Any) -> Any:
    """Numeric `+ - * / %` with PowerShell's typing (both operands numeric-like)."""
    a, b, kind = _numbers(left, right)
    return _NUMERIC_OPS[symbol](a, b, kind)


def _repeat_count(value: Any) -> int:
    try:
        count = cv.to_integer_kind(value, NumericKind.Int32)
    except cv.ConversionFailure as failure:
        raise failed(value, failure, "System.Int32") from None
    return max(int(count), 0)


def _add(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        if right is None:
            return None
        if is_list(right):
            return list(right)
        if is_numeric_like(right) and not isinstance(right, Char):
            return arithmetic("+", 0, right)
        return right
    if is_list(left):
        return list(left) + (list(right) if is_list(right) else [right])
    if isinstance(left, dict):
        return _add_hashtables(left, right)
    if isinstance(left, str) and not isinstance(left, Char):
        if isinstance(right, str):
            return left + right
        return left + cv.to_string(right, get_ofs(context))
    if isinstance(left, _dt.datetime):
        if isinstance(right, _dt.timedelta):
            return left + right
        if isinstance(right, (int, float)) and not isinstance(right, bool):
            return _shift_date(left, right)
        raise no_operator(left, "op_Addition")
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            return left + right
        if isinstance(right, _dt.datetime):
            return right + left
        raise no_operator(left, "op_Addition")
    if is_numeric_like(left):
        if is_list(right) or isinstance(right, dict):
            raise failed(right, cv.ConversionFailure(None), (
                numeric_kind(cv.to_number(left)) or NumericKind.Int32).full_name)
        return arithmetic("+", left, right)
    raise no_operator(left, "op_Addition")


def _add_hashtables(left: dict[Any, Any], right: Any) -> Any:
    if not isinstance(right, dict):
        raise operator_error("A hash table can only be added to another hash table.",
                             "AddHashTableToNonHashTable")
    result: Hashtable = OrderedDictionary() if isinstance(left, OrderedDictionary) else Hashtable()
    result.update(left.items())
    for key, value in right.items():
        if key in result:
            existing = result.stored_key(key)
            raise operator_error(
                f"Item has already been added. Key in dictionary: '{cv.to_string(existing)}'  "
                f"Key being added: '{cv.to_string(key)}'", "System.ArgumentException",
                category=ErrorCategory.NotSpecified)
        result[key] = value
    return result


def _date_error() -> Exception:
    from pyshell.runtime.errors import ArgumentOutOfRangeException

    inner = ArgumentOutOfRangeException("The added or subtracted value results in an "
                                        "un-representable DateTime. (Parameter 'value')")
    return operator_error(inner.message, "RuntimeException", inner)


def _shift_date(moment: _dt.datetime, ticks: Any) -> _dt.datetime:
    """DateTime + a number of ticks (100 ns), failing as .NET does outside its range."""
    try:
        return moment + _dt.timedelta(microseconds=int(ticks) / 10)
    except (OverflowError, ValueError):
        raise _date_error() from None


def _subtract(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        return arithmetic("-", 0, right) if right is not None else 0
    if isinstance(left, _dt.datetime):
        if isinstance(right, _dt.datetime):
            return left - right
        if isinstance(right, _dt.timedelta):
            try:
                return left - right
            except OverflowError:
                raise _date_error() from None
        raise no_operator(left, "op_Subtraction")
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            return left - right
        raise no_operator(left, "op_Subtraction")
    if is_list(left) or isinstance(left, dict):
        raise no_operator(left, "op_Subtraction")
    if isinstance(left, str) and not isinstance(left, Char) or is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("-", left, right)
    raise no_operator(left, "op_Subtraction")


def _reject_collection(left: Any, right: Any) -> None:
    if is_list(right) or isinstance(right, dict):
        kind = numeric_kind(_operand_number(left, NumericKind.Int32)) or NumericKind.Int32
        raise failed(right, cv.ConversionFailure(None), kind.full_name)


def _multiply(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        return None if right is None else arithmetic("*", 0, right) if is_numeric_like(
            right) else 0
    if isinstance(left, str) and not isinstance(left, Char):
        if right is None:
            return ""
        count = _repeat_count(right)
        check_size(len(left) * count)
        return left * count
    if is_list(left):
        items = list(left)
        count = _repeat_count(right)
        check_size(len(items) * count)
        return items * count
    if isinstance(left, _dt.timedelta) and is_numeric_like(right):
        return _scale_span(left, _operand_number(right, NumericKind.Double), multiply=True)
    if is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("*", left, right)
    raise no_operator(left, "op_Multiply")


def _numeric_operator(symbol: str, op_name: str) -> Callable[[Any, Any, Any], Any]:
    """`/` and `%`: numbers (and strings that parse as numbers) only; `$null` is 0."""
    def operation(left: Any, right: Any, context: Any) -> Any:
        if left is None:
            left = 0
        if (isinstance(left, str) and not isinstance(left, Char)) or is_numeric_like(left):
            _reject_collection(left, right)
            return arithmetic(symbol, left, right)
        raise no_operator(left, op_name)
    return operation


_numeric_division = _numeric_operator("/", "op_Division")
_remainder = _numeric_operator("%", "op_Modulus")


def _divide(left: Any, right: Any, context: Any) -> Any:
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            if not right:
                raise divide_by_zero()
            return left / right
        number = _operand_number(right, NumericKind.Double)
        if not number:
            raise divide_by_zero()
        return _scale_span(left, number, multiply=False)
    return _numeric_division(left, right, context)


def _scale_span(span: _dt.timedelta, factor: Any, *, multiply: bool) -> _dt.timedelta:
    """TimeSpan * or / a number; out of range (or NaN) is .NET's overflow error."""
    try:
        return span * float(factor) if multiply else span / float(factor)
    except (OverflowError, ValueError):
        inner = OverflowException("TimeSpan overflowed because the duration is too long.")
        raise operator_error(inner.message, "RuntimeException", inner) from None


def _bitwise_operands(left: Any, right: Any) -> tuple[int, int, NumericKind]:
    a = _operand_number(left, NumericKind.Int32)
    b = _operand_number(right, NumericKind.Int32)
    ka, kb = numeric_kind(a) or NumericKind.Int32, numeric_kind(b) or NumericKind.Int32
    kind = _promote(ka, kb)
    if not kind.is_integer:
        kind = NumericKind.Int64
    return _integral(a, left), _integral(b, right), kind


def _integral(number: Any, original: Any) -> int:
    """A number as an integer for the bit operators: doubles round half to even; NaN and
    infinities cannot convert (the cast error, as PowerShell gives)."""
    if isinstance(number, float) and not math.isfinite(number):
        raise failed(original, cv.ConversionFailure(
            "Value was either too large or too small for an Int64."), "System.Int64")
    return cv.round_half_even(number)


def _wrap(number: int, kind: NumericKind) -> int:
    """Two's-complement wrap into the type (bitwise results never overflow)."""
    if kind is NumericKind.BigInteger:
        return number
    bits = (kind.maximum - kind.minimum).bit_length()  # type: ignore[operator]
    number &= (1 << bits) - 1
    if kind.is_signed and number >= 1 << (bits - 1):
        number -= 1 << bits
    return make_integer(number, kind)


def _bitwise(fn: Callable[[int, int], int]) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        if isinstance(left, enum.Flag) and type(right) is type(left):
            return fn(left, right)  # type: ignore[arg-type]
        a, b, kind = _bitwise_operands(left, right)
        return _wrap(fn(a, b), kind)
    return operation


def _shift(left_shift: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        a = _operand_number(left, NumericKind.Int32)
        kind = numeric_kind(a) or NumericKind.Int32
        kind = NumericKind.Int32 if kind in _SMALL else kind
        if not kind.is_integer:
            kind = NumericKind.Int64
        a = _integral(a, left)
        count = _integral(_operand_number(right, NumericKind.Int32), right)
        if kind is not NumericKind.BigInteger:
            count &= 63 if kind in (NumericKind.Int64, NumericKind.UInt64) else 31
        elif not left_shift:
            count = -count
        # BigInteger: a negative count shifts the other way, as in .NET
        if count >= 0:
            check_size(count // 8)  # bytes the result needs
            shifted = a << count if left_shift or kind is NumericKind.BigInteger else a >> count
        else:
            shifted = a >> -count
        return _wrap(shifted, kind)
    return operation


# Fast paths for the overwhelmingly common operands: two Int32s, or two doubles. They give
# exactly what the general rules give (overflow into Double, exact division stays Int32).
I32_MIN, I32_MAX = -2**31, 2**31 - 1


def _fast_div(a: Any, b: Any) -> Any:
    if b == 0:
        raise divide_by_zero()
    if type(a) is int and a % b == 0:
        quotient = a // b
        return quotient if quotient <= I32_MAX else float(quotient)
    return a / b


def _fast_rem(a: int, b: int) -> int:
    if b == 0:
        raise divide_by_zero()
    remainder = abs(a) % abs(b)
    return -remainder if a < 0 else remainder


def _checked(result: int) -> Any:
    return result if I32_MIN <= result <= I32_MAX else float(result)


B = BinaryOperator
FAST_INT: dict[BinaryOperator, Callable[[int, int], Any]] = {
    B.ADD: lambda a, b: _checked(a + b), B.SUBTRACT: lambda a, b: _checked(a - b),
    B.MULTIPLY: lambda a, b: _checked(a * b), B.DIVIDE: _fast_div, B.REMAINDER: _fast_rem,
    B.IEQ: lambda a, b: a == b, B.CEQ: lambda a, b: a == b, B.INE: lambda a, b: a != b,
    B.CNE: lambda a, b: a != b, B.ILT: lambda a, b: a < b, B.CLT: lambda a, b: a < b,
    B.ILE: lambda a, b: a <= b, B.CLE: lambda a, b: a <= b, B.IGT: lambda a, b: a > b,
    B.CGT: lambda a, b: a > b, B.IGE: lambda a, b: a >= b, B.CGE: lambda a, b: a >= b,
}
FAST_FLOAT: dict[BinaryOperator, Callable[[float, float], Any]] = {
    key: cast(Callable[[float, float], Any], fn) for key, fn in FAST_INT.items() if key not in (B.ADD, B.SUBTRACT, B.MULTIPLY,
                                                             B.REMAINDER)}
FAST_FLOAT.update({B.ADD: lambda a, b: a + b, B.SUBTRACT: lambda a, b: a - b,
                    B.MULTIPLY: lambda a, b: a * b})


# --------------------------------------------------------------------------- unary

def _negate(value: Any) -> Any:
    number = _operand_number(value, NumericKind.Int32)
    kind = numeric_kind(number) or NumericKind.Int32
    kind = NumericKind.Int32 if kind in _SMALL else kind
    if kind in (NumericKind.Double, NumericKind.Single, NumericKind.Decimal):
        return _typed_result(-number, kind)
    return _typed_result(-int(number), kind)


def _bnot(value: Any) -> Any:
    if isinstance(value, enum.Flag):
        return ~value
    number = _operand_number(value, NumericKind.Int32)
    kind = numeric_kind(number) or NumericKind.Int32
    if not kind.is_integer:
        kind = NumericKind.Int64
    kind = NumericKind.Int32 if kind in _SMALL else kind
    return _wrap(~_integral(number, value), kind)


def _step(value: Any, delta: int) -> Any:
    if value is None:
        return delta
    return arithmetic("+", value, delta)


U = UnaryOperator
NUMERIC_UNARY_OPERATORS: dict[UnaryOperator, Callable[[Any], Any]] = {
    U.BNOT: _bnot, U.NEGATE: _negate,
    U.PLUS: lambda v: _operand_number(v, NumericKind.Int32),
    U.PRE_INCREMENT: lambda v: _step(v, 1), U.POST_INCREMENT: lambda v: _step(v, 1),
    U.PRE_DECREMENT: lambda v: _step(v, -1), U.POST_DECREMENT: lambda v: _step(v, -1),
}

ARITHMETIC_OPERATORS: dict[BinaryOperator, Callable[[Any, Any, Any], Any]] = {
    B.ADD: _add, B.SUBTRACT: _subtract, B.MULTIPLY: _multiply, B.DIVIDE: _divide,
    B.REMAINDER: _remainder,
    B.BAND: _bitwise(lambda a, b: a & b), B.BOR: _bitwise(lambda a, b: a | b),
    B.BXOR: _bitwise(lambda a, b: a ^ b), B.SHL: _shift(True), B.SHR: _shift(False),
}
