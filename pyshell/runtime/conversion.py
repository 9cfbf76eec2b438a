"""PowerShell's LanguagePrimitives: how a value becomes another type.

The rules users notice: strings parse as PowerShell number literals (`"0x1F"`, `" 12 "`,
`"1kb"`, `"1.5"`), casts to integer types round half to even (`[int]2.5` is 2), out-of-range
values fail with .NET's texts, `[bool]` follows PowerShell's truth table (`'false'` is true,
a one-element array has its element's truth), and numbers become strings culture-invariantly
with the shortest round-trip text for doubles.

Failures raise `RuntimeException` whose message is
`Cannot convert value "{0}" to type "{1}". Error: "{2}"`, with the `PSInvalidCastException`
as the inner exception, as PowerShell does.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from pyshell.runtime.conversion_parse import (
    OUT_OF_RANGE_TEXT, ConversionFailure, out_of_range, parse_datetime, parse_number,
    parse_timespan, round_half_even,
)
from pyshell.runtime.dotnet_format import (
    default_datetime_string, format_decimal, format_double, format_timespan,
)
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, InvalidCastException, RuntimeException,
)
from pyshell.runtime.values import (
    AUTOMATION_NULL, Char, GenericDictionary, GenericHashSet, GenericList, Hashtable,
    NumericKind, OrderedDictionary, Single, TypedArray, Version, is_collection, make_integer,
    numeric_kind,
)

if TYPE_CHECKING:
    from pyshell.runtime.types import PSType

__all__ = [
    "PSInvalidCastException", "ConversionFailure", "convert_to", "to_bool", "to_string",
    "to_number", "to_int", "to_double", "to_integer_kind", "to_char", "to_datetime",
    "to_timespan", "to_guid", "to_version", "to_enum", "parse_number", "dotnet_type_name",
    "dotnet_string", "conversion_error", "round_half_even", "OUT_OF_RANGE_TEXT", "ofs_of",
]


class PSInvalidCastException(InvalidCastException):
    dotnet_name = "System.Management.Automation.PSInvalidCastException"


# --------------------------------------------------------------------------- type names

def dotnet_type_name(value: Any) -> str:
    """The .NET full type name PowerShell would report for a value (`GetType().FullName`)."""
    if value is None or value is AUTOMATION_NULL:
        return ""
    if isinstance(value, bool):
        return "System.Boolean"
    if isinstance(value, enum.Enum):
        names = getattr(type(value), "__ps_typenames__", None)
        return names[0] if names else type(value).__name__
    kind = numeric_kind(value)
    if kind is not None:
        return kind.full_name
    if isinstance(value, Char):
        return "System.Char"
    if isinstance(value, str):
        return "System.String"
    if isinstance(value, TypedArray):
        element = getattr(value.element_type, "full_name", "System.Object")
        return f"{element}[]"
    if isinstance(value, GenericList):
        if value.element_type is None:
            return "System.Collections.ArrayList"
        element = getattr(value.element_type, "full_name", "System.Object")
        return f"System.Collections.Generic.List`1[{element}]"
    if isinstance(value, GenericHashSet):
        element = getattr(value.element_type, "full_name", "System.Object")
        return f"System.Collections.Generic.HashSet`1[{element}]"
    if isinstance(value, GenericDictionary):
        key = getattr(value.key_type, "full_name", "System.Object")
        val = getattr(value.value_type, "full_name", "System.Object")
        return f"System.Collections.Generic.Dictionary`2[{key},{val}]"
    if isinstance(value, (list, tuple)):
        return "System.Object[]"
    if isinstance(value, Hashtable):
        return value.dotnet_name
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    if isinstance(value, _dt.datetime):
        return "System.DateTime"
    if isinstance(value, _dt.timedelta):
        return "System.TimeSpan"
    if isinstance(value, uuid.UUID):
        return "System.Guid"
    if isinstance(value, Version):
        return "System.Version"
    names = getattr(value, "__ps_typenames__", None)
    if names:
        return cast(str, names[0])
    own = getattr(value, "__ps_type_name__", None)
    if own is not None:
        return cast(str, own())
    dotnet = getattr(type(value), "dotnet_name", None)
    if isinstance(dotnet, str):
        return dotnet
    if isinstance(value, ErrorRecord):
        return "System.Management.Automation.ErrorRecord"
    name = type(value).__name__
    if name == "ScriptBlock":
        return "System.Management.Automation.ScriptBlock"
    if isinstance(value, (set, frozenset)):
        return "System.Collections.Generic.HashSet`1[System.Object]"
    return name


# --------------------------------------------------------------------------- errors

def _display(value: Any) -> str:
    return to_string(value)


def conversion_error(value: Any, type_name: str, reason: Optional[str],
                     error_id: str = "") -> RuntimeException:
    """PowerShell's conversion failure: a RuntimeException whose inner exception is the
    PSInvalidCastException, with the FullyQualifiedErrorId of the kind of failure."""
    if reason is None:
        source = dotnet_type_name(value) or "System.Object"
        text = (f'Cannot convert the "{dotnet_string(value)}" value of type "{source}" '
                f'to type "{type_name}".')
        error_id = error_id or "ConvertToFinalInvalidCastException"
    else:
        text = f'Cannot convert value "{_display(value)}" to type "{type_name}". Error: "{reason}"'
        error_id = error_id or "InvalidCastParseTargetInvocation"
    inner = PSInvalidCastException(text)
    exc = RuntimeException(text, inner=inner)
    exc.error_record = ErrorRecord(exc, error_id, ErrorCategory.InvalidArgument, value)
    return exc


def convert_to(value: Any, ps_type: PSType, context: Any = None) -> Any:
    """Convert `value` to `ps_type` (a `types.PSType`) as a PowerShell cast does.

    `context` (the session or a scope, optional) supplies `$OFS` when a collection becomes a
    string (`$OFS = '+'; [string]$array`).
    """
    if type(value).__name__ == "PSObject" and value.base is not None and not \
            ps_type.full_name.startswith("System.Management.Automation.PS"):
        value = value.base  # a wrapper converts as the object it wraps
    if context is not None and ps_type.full_name == "System.String" and is_collection(value):
        return to_string(value, ofs_of(context))
    try:
        return ps_type.converter(value)
    except ConversionFailure as failure:
        raise conversion_error(value, ps_type.full_name, failure.reason,
                               failure.error_id) from None
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        raise conversion_error(value, ps_type.full_name, str(exc) or None) from None


def ofs_of(context: Any) -> str:
    """`$OFS` as the context (session or scope) has it; one space when unset."""
    try:
        separator = context.get_variable("OFS")
    except Exception:  # noqa: BLE001 - a context without the variable
        return " "
    return " " if separator is None else to_string(separator)


# --------------------------------------------------------------------------- numbers

def _parse_failure(text: str, target: NumericKind) -> ConversionFailure:
    error_id = "InvalidCastFromStringToInteger" if target.is_integer else \
        "InvalidCastParseTargetInvocation"
    return ConversionFailure(f"The input string '{text}' was not in a correct format.", error_id)


def _string_to_number(text: str, target: NumericKind = NumericKind.Int32) -> Any:
    if not text.strip():
        return 0
    try:
        value = parse_number(text)
    except ConversionFailure:
        value = None
    if value is None:
        # .NET's own parse accepts a few forms the literal syntax does not ("1,000").
        cleaned = text.strip().replace(",", "")
        try:
            value = float(cleaned) if cleaned.lower() not in ("nan", "inf", "-inf", "infinity",
                                                             "-infinity", "+inf") else None
        except ValueError:
            value = None
        if value is None:
            raise _parse_failure(text, target)
    return value


def to_number(value: Any, hint: NumericKind = NumericKind.Int32) -> Any:
    """A number for arithmetic: `$null` is 0, a bool 0/1, a char its code, a string is
    parsed. `hint` is the type named in the error text when a string does not parse."""
    if value is None or value is AUTOMATION_NULL:
        return 0
    if isinstance(value, bool):
        return int(value)
    if numeric_kind(value) is not None:
        return value
    if isinstance(value, Char):
        return ord(value)
    if isinstance(value, str):
        return _string_to_number(value, hint)
    if isinstance(value, enum.Enum):
        return _enum_number(value)
    if hasattr(value, "__ps_number__"):
        return value.__ps_number__()
    raise ConversionFailure(None)


def _enum_number(value: enum.Enum) -> int:
    if isinstance(value.value, int):
        return int(value.value)
    return list(type(value)).index(value)


def to_integer_kind(value: Any, kind: NumericKind) -> int:
    """Convert to one integer type, rounding half to even and checking the range."""
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        if len(value) == 1:
            return to_integer_kind(value[0], kind)
        raise ConversionFailure(None)
    if isinstance(value, _dt.timedelta) or isinstance(value, _dt.datetime):
        raise ConversionFailure(None)
    number = to_number(value, kind)
    if isinstance(number, float):
        if math.isnan(number) or math.isinf(number):
            raise out_of_range(kind)
        number = round_half_even(number)
    elif isinstance(number, Decimal):
        number = round_half_even(number)
    number = int(number)
    if not kind.fits(number):
        raise out_of_range(kind)
    return make_integer(number, kind)


def to_int(value: Any) -> int:
    """`[int]value`, raising PowerShell's cast error."""
    try:
        return to_integer_kind(value, NumericKind.Int32)
    except ConversionFailure as failure:
        raise conversion_error(value, "System.Int32", failure.reason, failure.error_id) from None


def to_double(value: Any) -> float:
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return to_double(value[0])
        raise ConversionFailure(None)
    number = to_number(value, NumericKind.Double)
    return float(number)


def to_single(value: Any) -> Single:
    return Single(to_double(value))


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return to_decimal(value[0])
        raise ConversionFailure(None)
    if isinstance(value, str) and value.strip():
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            pass
    number = to_number(value, NumericKind.Decimal)
    if isinstance(number, float):
        if math.isnan(number) or math.isinf(number) or abs(number) >= 7.9e28:
            raise out_of_range(NumericKind.Decimal)
        return Decimal(repr(number))
    return Decimal(number)


# --------------------------------------------------------------------------- bool / string

def to_bool(value: Any) -> bool:
    """PowerShell truth: `$null`, 0, `''`, `@()`, `[char]0` and a one-element array of a
    false value are false; `'false'`, `@{}` and arrays of two or more elements are true."""
    if value is None or value is AUTOMATION_NULL:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if isinstance(value, Char):
            return value != "\0"
        return len(value) > 0
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, enum.Enum):
        return value != 0
    if isinstance(value, (list, tuple)):
        if len(value) == 0:
            return False
        if len(value) == 1:
            return to_bool(value[0])
        return True
    if isinstance(value, dict):
        return True
    if isinstance(value, enum.Enum):
        return _enum_number(value) != 0
    if is_collection(value) and hasattr(value, "__len__"):
        items = list(value)
        return to_bool(items) if items else False
    klass = type(value)
    if getattr(klass, "__bool__", None) is not None and klass.__module__.startswith("pyshell"):
        # e.g. SwitchParameter: its own truth.
        return bool(value)
    return True


def _enum_string(value: enum.Enum) -> str:
    """An enum's text: its name; a combination of flags lists them (`Read, Write`)."""
    if isinstance(value, enum.Flag) and (value.name is None or "|" in value.name):
        parts = [m.name for m in type(value) if m.value and (m.value & value.value) == m.value]
        return ", ".join(p for p in parts if p) or "0"
    return value.name or str(value.value)


def to_string(value: Any, ofs: str = " ") -> str:
    """The string PowerShell makes of a value: culture-invariant numbers, arrays joined with
    `$OFS` (elements use their own ToString, so nested arrays show their type name)."""
    if value is None or value is AUTOMATION_NULL:
        return ""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)) or (is_collection(value) and not isinstance(value, dict)):
        return ofs.join(dotnet_string(item) for item in value)
    return dotnet_string(value)


def dotnet_string(value: Any) -> str:
    """`value.ToString()` as .NET/PowerShell gives it (a collection shows its type name)."""
    if value is None or value is AUTOMATION_NULL:
        return ""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return _enum_string(value)
    if isinstance(value, float):
        return format_double(value, single=isinstance(value, Single))
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, _dt.datetime):
        return default_datetime_string(value)
    if isinstance(value, _dt.timedelta):
        return format_timespan(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, dict)) or is_collection(value):
        return dotnet_type_name(value)
    custom = getattr(value, "__ps_tostring__", None)
    if custom is not None:
        return cast(str, custom())
    if cast(object, type(value).__str__) is not object.__str__:
        return str(value)
    return dotnet_type_name(value)


def to_char(value: Any) -> Char:
    if isinstance(value, Char):
        return value
    if isinstance(value, str):
        if len(value) != 1:
            raise ConversionFailure("String must be exactly one character long.")
        return Char(value)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_char(value[0])
    if value is None:
        return Char("\0")
    number = to_number(value)
    if isinstance(number, (float, Decimal)):
        raise ConversionFailure(None)
    if not 0 <= number <= 0xFFFF:
        raise ConversionFailure("Value was either too large or too small for a character.")
    return Char(chr(number))


# --------------------------------------------------------------------------- dates and others

def to_datetime(value: Any) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return parse_datetime(value)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=int(value) // 10)
        except OverflowError:
            raise ConversionFailure("Ticks must be between DateTime.MinValue.Ticks and "
                                    "DateTime.MaxValue.Ticks. (Parameter 'ticks')") from None
    raise ConversionFailure(None)


def to_timespan(value: Any) -> _dt.timedelta:
    """`[timespan]`: a TimeSpan, `[d.]hh:mm[:ss[.f]]` text, or a number of ticks."""
    return parse_timespan(value)


def to_guid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value.strip())
        except ValueError:
            raise ConversionFailure("Unrecognized Guid format.") from None
    raise ConversionFailure(None)


def to_version(value: Any) -> Version:
    if isinstance(value, Version):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = dotnet_string(value)
        if "." not in value:
            value += ".0"
    if isinstance(value, str):
        try:
            return Version.parse(value)
        except ValueError as exc:
            raise ConversionFailure(str(exc)) from None
    raise ConversionFailure(None)


def to_enum(value: Any, enum_class: type[enum.Enum]) -> enum.Enum:
    """Enum conversion: case-insensitive names, comma-separated names for flags, numbers."""
    if isinstance(value, enum_class):
        return value
    if isinstance(value, (list, tuple)) and issubclass(enum_class, enum.Flag):
        result = None
        for item in value:
            member = to_enum(item, enum_class)
            result = member if result is None else result | member  # type: ignore[operator]
        if result is None:
            raise ConversionFailure(None)
        return result
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",")]
        if len(names) > 1 and not issubclass(enum_class, enum.Flag):
            raise ConversionFailure(_enum_names_text(value, enum_class))
        result = None
        for name in names:
            found = _enum_member(name, enum_class)
            if found is None:
                raise ConversionFailure(_enum_names_text(name, enum_class))
            result = found if result is None else result | found  # type: ignore[operator]
        return result  # type: ignore[return-value]
    if isinstance(value, int) and not isinstance(value, bool):
        for member in enum_class:
            if _enum_number(member) == int(value):
                return member
        if issubclass(enum_class, enum.Flag):
            return enum_class(int(value))
        raise ConversionFailure(_enum_names_text(str(int(value)), enum_class))
    raise ConversionFailure(None)


def _enum_member(name: str, enum_class: type[enum.Enum]) -> Optional[enum.Enum]:
    lowered = name.lower()
    for member in enum_class:
        if member.name.lower() == lowered:
            return member
    if re.fullmatch(r"-?\d+", name):
        number = int(name)
        for member in enum_class:
            if _enum_number(member) == number:
                return member
    return None


def _enum_names_text(name: str, enum_class: type[enum.Enum]) -> str:
    names = ", ".join(member.name for member in enum_class)
    return (f"Unable to match the identifier name {name} to a valid enumerator name. Specify "
            f"one of the following enumerator names and try again:\n{names}")


# --------------------------------------------------------------------------- collections

def to_object_array(value: Any) -> Optional[list[Any]]:
    """`[array]` / `[object[]]`: a list; a scalar becomes a one-element array."""
    if value is None or value is AUTOMATION_NULL:
        return None
    if isinstance(value, list) and type(value) is list:
        return value
    if is_collection(value):
        return list(value)
    return [value]


def to_typed_array(value: Any, element: Callable[[Any], Any], element_type: Any) -> Any:
    if value is None or value is AUTOMATION_NULL:
        return None
    if isinstance(value, str) and not isinstance(value, Char) and getattr(
            element_type, "full_name", "") == "System.Char":
        return TypedArray((Char(c) for c in value), element_type)  # [char[]]'abc'
    items = list(value) if is_collection(value) else [value]
    return TypedArray((element(item) for item in items), element_type)


def to_hashtable(value: Any) -> Hashtable:
    if isinstance(value, Hashtable) and not isinstance(value, OrderedDictionary):
        return value
    if isinstance(value, dict):
        return Hashtable(value.items())
    raise ConversionFailure(None)


def to_ordered(value: Any) -> OrderedDictionary:
    if isinstance(value, OrderedDictionary):
        return value
    if isinstance(value, dict):
        return OrderedDictionary(value.items())
    raise ConversionFailure(None)


def to_pscustomobject(value: Any) -> Any:
    """`[pscustomobject]@{...}` makes note properties in the dictionary's order; any other
    value is returned as it is (PowerShell only wraps it)."""
    from pyshell.runtime.members import PSObject

    if isinstance(value, dict):
        obj = PSObject.from_pairs(
            (str(k), v) for k, v in value.items() if str(k).lower() != "pstypename")
        type_name = value.get("pstypename") if isinstance(value, Hashtable) else None
        if type_name:
            obj.type_names.insert(0, to_string(type_name))
        return obj
    return value
