"""Every PowerShell operator on values: `binary_operation(op, left, right, context)` and
`unary_operation(op, value, context)`.

The rules (powershell-semantics.md §3): the left operand drives conversion (`"10" -eq 10`
compares strings, `10 -eq "10"` numbers); a collection on the left filters comparisons;
strings compare case-insensitively unless the `c` variant is used; `$null` sorts below
everything; integer arithmetic widens to the common .NET type and overflows into Double;
division of integers yields an integer only when exact.

`context` is duck-typed (the session does): `get_variable(name)` supplies `$OFS`,
`set_variable("Matches", table)` receives `$Matches`. Operators that run script blocks
(`-replace` with a block, `-split` with a predicate) call `block.invoke(dollar_under=x)`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any, Callable, Optional

from pyshell.language.ast import BinaryOperator, UnaryOperator
from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet_format import FormatStringError, composite_format
from pyshell.runtime.errors import (
    DivideByZeroException, ErrorCategory, ErrorRecord, FormatException, OverflowException,
    PSException, RuntimeException,
)
from pyshell.runtime.members import PSObject
from pyshell.runtime.regex import (
    NO_OPTIONS, Match, Regex, RegexOptions, matches_table, parse_options,
)
from pyshell.runtime.values import (
    AUTOMATION_NULL, Char, Hashtable, NumericKind, OrderedDictionary, Single, is_collection,
    make_integer, numeric_kind,
)
from pyshell.runtime.wildcard import compile_wildcard

__all__ = [
    "binary_operation", "unary_operation", "compare_values", "values_equal", "get_ofs",
    "arithmetic", "range_values", "split_string", "operator_error",
]

_DECIMAL_MAX = Decimal("79228162514264337593543950335")


# --------------------------------------------------------------------------- errors

def operator_error(text: str, error_id: str, inner: Optional[PSException] = None,
                   category: ErrorCategory = ErrorCategory.InvalidOperation,
                   target: Any = None) -> RuntimeException:
    """A RuntimeException carrying its ErrorRecord (and the .NET exception as inner)."""
    exc = RuntimeException(text, inner=inner)
    exc.error_record = ErrorRecord(exc, error_id, category, target)
    return exc


def _divide_by_zero() -> RuntimeException:
    inner = DivideByZeroException("Attempted to divide by zero.")
    return operator_error(inner.message, "RuntimeException", inner, ErrorCategory.NotSpecified)


def _no_operator(left: Any, op_name: str) -> RuntimeException:
    return operator_error(
        f"Method invocation failed because [{cv.dotnet_type_name(left)}] does not contain a "
        f"method named '{op_name}'.", "MethodNotFound")


def _failed(exc_value: Any, failure: cv.ConversionFailure, type_name: str) -> RuntimeException:
    return cv.conversion_error(exc_value, type_name, failure.reason, failure.error_id)


# --------------------------------------------------------------------------- helpers

def get_ofs(context: Any) -> str:
    """`$OFS` from the context, a single space when unset."""
    if context is None:
        return " "
    try:
        value = context.get_variable("OFS")
    except Exception:  # noqa: BLE001 - an unset variable may raise in strict contexts
        return " "
    return " " if value is None else cv.to_string(value)


def _norm(value: Any) -> Any:
    if value is AUTOMATION_NULL:
        return None
    if type(value) is PSObject and value.base is not None:
        return value.base
    return value


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or (is_collection(value) and not isinstance(
        value, (str, dict)))


def _is_numeric_like(value: Any) -> bool:
    return (numeric_kind(value) is not None or isinstance(value, (bool, Char))
            or isinstance(value, enum.Enum))


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
        raise _failed(value, failure, hint.full_name) from None


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
        return Decimal(repr(value))
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
        raise _divide_by_zero()
    if kind is NumericKind.Decimal:
        with localcontext() as ctx:
            ctx.prec = 29
            try:
                return _typed_result(x / y, kind)
            except (DivisionByZero, InvalidOperation):
                raise _divide_by_zero() from None
    if kind in (NumericKind.Double, NumericKind.Single):
        return _typed_result(x / y, kind)
    if x % y == 0:
        return _typed_result(x // y, kind)
    return x / y


def _rem_numbers(a: Any, b: Any, kind: NumericKind) -> Any:
    x, y = _convert_operands(a, b, kind)
    if y == 0:
        raise _divide_by_zero()
    if kind in (NumericKind.Double, NumericKind.Single):
        return _typed_result(math.fmod(x, y), kind)
    if kind is NumericKind.Decimal:
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
        raise _failed(value, failure, "System.Int32") from None
    return max(int(count), 0)


def _add(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        if right is None:
            return None
        if _is_list(right):
            return list(right)
        if _is_numeric_like(right) and not isinstance(right, Char):
            return arithmetic("+", 0, right)
        return right
    if _is_list(left):
        return list(left) + (list(right) if _is_list(right) else [right])
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
            return left + _dt.timedelta(microseconds=int(right) / 10)
        raise _no_operator(left, "op_Addition")
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            return left + right
        if isinstance(right, _dt.datetime):
            return right + left
        raise _no_operator(left, "op_Addition")
    if _is_numeric_like(left):
        if _is_list(right) or isinstance(right, dict):
            raise _failed(right, cv.ConversionFailure(None), (
                numeric_kind(cv.to_number(left)) or NumericKind.Int32).full_name)
        return arithmetic("+", left, right)
    raise _no_operator(left, "op_Addition")


def _add_hashtables(left: dict, right: Any) -> Any:
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


def _subtract(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        return arithmetic("-", 0, right) if right is not None else 0
    if isinstance(left, _dt.datetime):
        if isinstance(right, _dt.datetime):
            return left - right
        if isinstance(right, _dt.timedelta):
            return left - right
        raise _no_operator(left, "op_Subtraction")
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            return left - right
        raise _no_operator(left, "op_Subtraction")
    if _is_list(left) or isinstance(left, dict):
        raise _no_operator(left, "op_Subtraction")
    if isinstance(left, str) and not isinstance(left, Char) or _is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("-", left, right)
    raise _no_operator(left, "op_Subtraction")


def _reject_collection(left: Any, right: Any) -> None:
    if _is_list(right) or isinstance(right, dict):
        kind = numeric_kind(_operand_number(left, NumericKind.Int32)) or NumericKind.Int32
        raise _failed(right, cv.ConversionFailure(None), kind.full_name)


def _multiply(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        return None if right is None else arithmetic("*", 0, right) if _is_numeric_like(
            right) else 0
    if isinstance(left, str) and not isinstance(left, Char):
        if right is None:
            return ""
        return left * _repeat_count(right)
    if _is_list(left):
        return list(left) * _repeat_count(right)
    if isinstance(left, _dt.timedelta) and _is_numeric_like(right):
        return left * float(cv.to_number(right))
    if _is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("*", left, right)
    raise _no_operator(left, "op_Multiply")


def _divide(left: Any, right: Any, context: Any) -> Any:
    if isinstance(left, _dt.timedelta):
        if isinstance(right, _dt.timedelta):
            if not right:
                raise _divide_by_zero()
            return left / right
        number = cv.to_number(right)
        if not number:
            raise _divide_by_zero()
        return left / float(number)
    if left is None:
        left = 0
    if (isinstance(left, str) and not isinstance(left, Char)) or _is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("/", left, right)
    raise _no_operator(left, "op_Division")


def _remainder(left: Any, right: Any, context: Any) -> Any:
    if left is None:
        left = 0
    if (isinstance(left, str) and not isinstance(left, Char)) or _is_numeric_like(left):
        _reject_collection(left, right)
        return arithmetic("%", left, right)
    raise _no_operator(left, "op_Modulus")


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
        if _is_list(right) and len(right) == 1:
            return _comparable_right(left, right[0])
        raise cv.ConversionFailure(None)
    if isinstance(left, _dt.datetime):
        return cv.to_datetime(right)
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
    left, right = _norm(left), _norm(right)
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
            return left == converted
        return left.casefold() == str(converted).casefold()
    if isinstance(left, enum.Enum):
        return left is converted
    try:
        return bool(left == converted)
    except Exception:  # noqa: BLE001 - foreign __eq__ implementations
        return False


def compare_values(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """-1, 0 or 1 as PowerShell orders two values (Sort-Object uses this too)."""
    left, right = _norm(left), _norm(right)
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
    try:
        if left < converted:
            return -1
        return 1 if left > converted else 0
    except TypeError:
        raise operator_error(f'Cannot compare "{cv.to_string(left)}" because it is not '
                             'IComparable.', "NotIcomparable") from None


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
        if _is_list(left):
            return [item for item in left if test(item, right, cs)]
        return test(left, right, cs)
    return operation


# --------------------------------------------------------------------------- regex operators

def _regex(pattern: Any, cs: bool) -> Regex:
    if isinstance(pattern, Regex):
        return pattern
    return Regex(cv.to_string(pattern),
                 NO_OPTIONS if cs else RegexOptions.IgnoreCase)


def _matcher(negate: bool, cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        regex = _regex(right, cs)
        if _is_list(left):
            return [item for item in left
                    if regex.is_match(cv.to_string(item)) != negate]
        match = regex.match(cv.to_string(left))
        if match.success and context is not None:
            context.set_variable("Matches", matches_table(match))
        return match.success != negate
    return operation


def _invoke_block(block: Any, dollar_under: Any) -> Any:
    if hasattr(block, "invoke"):
        results = block.invoke(dollar_under=dollar_under)
    else:
        results = block(dollar_under)
    if isinstance(results, list):
        return results[0] if len(results) == 1 else (results or None)
    return results


def _is_block(value: Any) -> bool:
    """A script block (anything with the `invoke` of the ScriptBlock contract) or a plain
    Python callable standing in for one."""
    if hasattr(value, "invoke") and not isinstance(value, (str, dict, list)):
        return True
    return callable(value) and not isinstance(value, (type, Regex)) and not hasattr(
        value, "full_name")


def _replacer(cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        items = list(right) if _is_list(right) else [right]
        if len(items) > 2:
            raise operator_error(
                f"The -replace operator allows only two elements to follow it, not {len(items)}.",
                "BadReplaceArgument")
        regex = _regex(items[0] if items else "", cs)
        replacement = _norm(items[1]) if len(items) > 1 else ""
        if _is_block(replacement):
            block = replacement

            def substitute(match: Match) -> str:
                return cv.to_string(_invoke_block(block, match))
            sub: Any = substitute
        else:
            sub = cv.to_string(replacement)

        def replace_one(value: Any) -> str:
            return regex.replace(cv.to_string(value), sub)
        if _is_list(left):
            return [replace_one(item) for item in left]
        return replace_one(left)
    return operation


_SPLIT_OPTIONS = {"simplematch", "regexmatch", "cultureinvariant", "ignorepatternwhitespace",
                  "multiline", "singleline", "ignorecase", "explicitcapture"}


def split_string(text: str, pattern: Any, max_count: int = 0, options: str = "",
                 case_sensitive: bool = False) -> list[str]:
    """`-split` on one string: regex or SimpleMatch, captures kept, `max_count` pieces at
    most (negative: counted from the right), a script block as a per-character predicate."""
    names = {part.strip().lower() for part in options.split(",") if part.strip()}
    unknown = names - _SPLIT_OPTIONS
    if unknown:
        raise operator_error(f'Cannot convert value "{options}" to type '
                             '"System.Management.Automation.SplitOptions".',
                             "InvalidCastFromStringToInteger")
    if _is_block(pattern):
        return _split_with_block(text, pattern, max_count)
    pattern_text = cv.to_string(pattern)
    regex_options = NO_OPTIONS
    if "simplematch" in names:
        import re
        pattern_text = re.escape(pattern_text)
    else:
        for name in names & {"multiline", "singleline", "ignorepatternwhitespace",
                             "explicitcapture"}:
            regex_options |= parse_options(name)
    if not case_sensitive or "ignorecase" in names:
        regex_options |= RegexOptions.IgnoreCase
    regex = Regex(pattern_text, regex_options)
    found = list(regex.compiled.finditer(text))
    if max_count > 0:
        found = found[:max_count - 1]
    elif max_count < 0:
        found = found[len(found) - (-max_count - 1):] if -max_count - 1 < len(found) else found
        if -max_count - 1 == 0:
            found = []
    pieces: list[str] = []
    last = 0
    for m in found:
        pieces.append(text[last:m.start()])
        pieces.extend(g for g in m.groups() if g is not None)
        last = m.end()
    pieces.append(text[last:])
    return pieces


def _split_with_block(text: str, block: Any, max_count: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for ch in text:
        if (max_count <= 0 or len(pieces) < max_count - 1) and cv.to_bool(
                _invoke_block(block, Char(ch))):
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def _splitter(cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        args = list(right) if _is_list(right) else [right]
        pattern = _norm(args[0]) if args else " "
        max_count = 0
        options = ""
        if len(args) > 1:
            try:
                max_count = int(cv.to_integer_kind(_norm(args[1]), NumericKind.Int32))
            except cv.ConversionFailure as failure:
                raise _failed(args[1], failure, "System.Int32") from None
        if len(args) > 2:
            options = cv.to_string(args[2], ",")
        values = list(left) if _is_list(left) else [left]
        result: list[str] = []
        for value in values:
            result.extend(split_string(cv.to_string(value), pattern, max_count, options, cs))
        return result
    return operation


# --------------------------------------------------------------------------- other operators

def _contains(cs: bool, negate: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        items = left if _is_list(left) else [left]
        return any(values_equal(item, right, cs) for item in items) != negate
    return operation


def _in(cs: bool, negate: bool) -> Callable[..., Any]:
    contains = _contains(cs, negate)

    def operation(left: Any, right: Any, context: Any) -> Any:
        return contains(right, left, context)
    return operation


def _resolve_type_operand(right: Any) -> Any:
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


def _join(left: Any, right: Any, context: Any) -> str:
    separator = cv.to_string(right)
    if _is_list(left):
        return separator.join(cv.dotnet_string(item) for item in left)
    return cv.to_string(left)


def _format(left: Any, right: Any, context: Any) -> str:
    template = cv.to_string(left, get_ofs(context))
    args = list(right) if _is_list(right) else [right]
    try:
        return composite_format(template, args, cv.dotnet_string)
    except FormatStringError as exc:
        inner = FormatException(str(exc))
        raise operator_error(f"Error formatting a string: {exc}.", "FormatError", inner,
                             target=template) from None


def _bitwise_operands(left: Any, right: Any) -> tuple[int, int, NumericKind]:
    a = _operand_number(left, NumericKind.Int32)
    b = _operand_number(right, NumericKind.Int32)
    ka, kb = numeric_kind(a) or NumericKind.Int32, numeric_kind(b) or NumericKind.Int32
    kind = _promote(ka, kb)
    if not kind.is_integer:
        kind = NumericKind.Int64
    return cv.round_half_even(a), cv.round_half_even(b), kind


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
        a = cv.round_half_even(a)
        count = int(cv.round_half_even(_operand_number(right, NumericKind.Int32)))
        if kind is not NumericKind.BigInteger:
            count &= 63 if kind in (NumericKind.Int64, NumericKind.UInt64) else 31
        return _wrap(a << count if left_shift else a >> count, kind)
    return operation


def range_values(start: Any, end: Any) -> list[Any]:
    """`a..b`: inclusive either way; single-character (non-digit) strings give chars."""
    start, end = _norm(start), _norm(end)
    if _is_char_operand(start) and _is_char_operand(end):
        a, b = ord(str(start)), ord(str(end))
        step = 1 if b >= a else -1
        return [Char(chr(code)) for code in range(a, b + step, step)]
    try:
        a = int(cv.to_integer_kind(start, NumericKind.Int32))
        b = int(cv.to_integer_kind(end, NumericKind.Int32))
    except cv.ConversionFailure as failure:
        bad = start if not _is_int_operand(start) else end
        raise _failed(bad, failure, "System.Int32") from None
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


def _coalesce(left: Any, right: Any, context: Any) -> Any:
    return right if left is None else left


def _logical(fn: Callable[[bool, bool], bool]) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> bool:
        return fn(cv.to_bool(left), cv.to_bool(right))
    return operation


B = BinaryOperator
_BINARY: dict[BinaryOperator, Callable[[Any, Any, Any], Any]] = {
    B.ADD: _add, B.SUBTRACT: _subtract, B.MULTIPLY: _multiply, B.DIVIDE: _divide,
    B.REMAINDER: _remainder, B.RANGE: _range, B.FORMAT: _format, B.COALESCE: _coalesce,
    B.AND: _logical(lambda a, b: a and b), B.OR: _logical(lambda a, b: a or b),
    B.XOR: _logical(lambda a, b: a != b),
    B.BAND: _bitwise(lambda a, b: a & b), B.BOR: _bitwise(lambda a, b: a | b),
    B.BXOR: _bitwise(lambda a, b: a ^ b), B.SHL: _shift(True), B.SHR: _shift(False),
    B.IS: _is, B.ISNOT: _isnot, B.AS: _as, B.JOIN: _join,
}
for _cs, _prefix in ((False, "I"), (True, "C")):
    _BINARY[B[_prefix + "EQ"]] = _comparison(_eq, _cs)
    _BINARY[B[_prefix + "NE"]] = _comparison(_ne, _cs)
    _BINARY[B[_prefix + "GT"]] = _comparison(_gt, _cs)
    _BINARY[B[_prefix + "GE"]] = _comparison(_ge, _cs)
    _BINARY[B[_prefix + "LT"]] = _comparison(_lt, _cs)
    _BINARY[B[_prefix + "LE"]] = _comparison(_le, _cs)
    _BINARY[B[_prefix + "LIKE"]] = _comparison(_like, _cs)
    _BINARY[B[_prefix + "NOTLIKE"]] = _comparison(_notlike, _cs)
    _BINARY[B[_prefix + "MATCH"]] = _matcher(False, _cs)
    _BINARY[B[_prefix + "NOTMATCH"]] = _matcher(True, _cs)
    _BINARY[B[_prefix + "REPLACE"]] = _replacer(_cs)
    _BINARY[B[_prefix + "SPLIT"]] = _splitter(_cs)
    _BINARY[B[_prefix + "CONTAINS"]] = _contains(_cs, False)
    _BINARY[B[_prefix + "NOTCONTAINS"]] = _contains(_cs, True)
    _BINARY[B[_prefix + "IN"]] = _in(_cs, False)
    _BINARY[B[_prefix + "NOTIN"]] = _in(_cs, True)


# Fast paths for the overwhelmingly common operands: two Int32s, or two doubles. They give
# exactly what the general rules give (overflow into Double, exact division stays Int32).
_I32_MIN, _I32_MAX = -2**31, 2**31 - 1


def _fast_div(a: Any, b: Any) -> Any:
    if b == 0:
        raise _divide_by_zero()
    if type(a) is int and a % b == 0:
        quotient = a // b
        return quotient if quotient <= _I32_MAX else float(quotient)
    return a / b


def _fast_rem(a: int, b: int) -> int:
    if b == 0:
        raise _divide_by_zero()
    remainder = abs(a) % abs(b)
    return -remainder if a < 0 else remainder


def _checked(result: int) -> Any:
    return result if _I32_MIN <= result <= _I32_MAX else float(result)


_FAST_INT: dict[BinaryOperator, Callable[[int, int], Any]] = {
    B.ADD: lambda a, b: _checked(a + b), B.SUBTRACT: lambda a, b: _checked(a - b),
    B.MULTIPLY: lambda a, b: _checked(a * b), B.DIVIDE: _fast_div, B.REMAINDER: _fast_rem,
    B.IEQ: lambda a, b: a == b, B.CEQ: lambda a, b: a == b, B.INE: lambda a, b: a != b,
    B.CNE: lambda a, b: a != b, B.ILT: lambda a, b: a < b, B.CLT: lambda a, b: a < b,
    B.ILE: lambda a, b: a <= b, B.CLE: lambda a, b: a <= b, B.IGT: lambda a, b: a > b,
    B.CGT: lambda a, b: a > b, B.IGE: lambda a, b: a >= b, B.CGE: lambda a, b: a >= b,
}
_FAST_FLOAT: dict[BinaryOperator, Callable[[float, float], Any]] = {
    key: fn for key, fn in _FAST_INT.items() if key not in (B.ADD, B.SUBTRACT, B.MULTIPLY,
                                                             B.REMAINDER)}
_FAST_FLOAT.update({B.ADD: lambda a, b: a + b, B.SUBTRACT: lambda a, b: a - b,
                    B.MULTIPLY: lambda a, b: a * b})


def binary_operation(op: BinaryOperator, left: Any, right: Any, context: Any = None) -> Any:
    """Apply a binary operator with PowerShell semantics.

    `-and`, `-or` and `??` are evaluated here on already-computed operands; the compiler
    short-circuits them before calling when the right side need not run.
    """
    tl, tr = type(left), type(right)
    if tl is int and tr is int:
        if _I32_MIN <= left <= _I32_MAX and _I32_MIN <= right <= _I32_MAX:
            fast = _FAST_INT.get(op)
            if fast is not None:
                return fast(left, right)
    elif (tl is float or tl is int) and (tr is float or tr is int):
        fast = _FAST_FLOAT.get(op)
        if fast is not None:
            return fast(left, right)
    return _BINARY[op](_norm(left), _norm(right), context)


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
    return _wrap(~cv.round_half_even(number), kind)


def _unary_split(value: Any) -> list[str]:
    values = list(value) if _is_list(value) else [value]
    result: list[str] = []
    for item in values:
        result.extend(cv.to_string(item).split())
    return result


def _unary_join(value: Any) -> str:
    if _is_list(value):
        return "".join(cv.dotnet_string(item) for item in value)
    return cv.to_string(value)


def _step(value: Any, delta: int) -> Any:
    if value is None:
        return delta
    return arithmetic("+", value, delta)


U = UnaryOperator
_UNARY: dict[UnaryOperator, Callable[[Any], Any]] = {
    U.NOT: lambda v: not cv.to_bool(v), U.EXCLAIM: lambda v: not cv.to_bool(v),
    U.BNOT: _bnot, U.NEGATE: _negate,
    U.PLUS: lambda v: _operand_number(v, NumericKind.Int32), U.COMMA: lambda v: [v],
    U.PRE_INCREMENT: lambda v: _step(v, 1), U.POST_INCREMENT: lambda v: _step(v, 1),
    U.PRE_DECREMENT: lambda v: _step(v, -1), U.POST_DECREMENT: lambda v: _step(v, -1),
    U.ISPLIT: _unary_split, U.CSPLIT: _unary_split, U.JOIN: _unary_join,
}


def unary_operation(op: UnaryOperator, value: Any, context: Any = None) -> Any:
    """Apply a unary operator. `++`/`--` return the new value; the compiler assigns it and
    chooses what the expression yields (old value for postfix)."""
    if op is U.COMMA:
        return [None if value is AUTOMATION_NULL else value]
    return _UNARY[op](_norm(value))


