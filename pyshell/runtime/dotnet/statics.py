"""Static members scripts use: `[math]`, `[string]`, the numeric types, `[char]`,
`[datetime]`, `[timespan]`, `[guid]`, `[enum]`, `[Convert]`, `[text.encoding]`, `[regex]`,
`[System.IO.Path]`, `[Environment]`, `[array]`, `[BitConverter]`, and the `::new`
constructors.

Members that depend on time or randomness (`[datetime]::Now`, `[guid]::NewGuid()`) take
the caller's context: its `clock.now()` and `random` (the session's, virtual in
deterministic sessions); without a context they use the real ones.
"""

from __future__ import annotations

import base64
import datetime as _dt
import enum
import math
import posixpath
import uuid
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Callable

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet.table import (
    MemberTable, method, prop, register_instance_table, register_static_table,
)
from pyshell.runtime.errors import (
    ArgumentException, ArgumentNullException, ArgumentOutOfRangeException, FormatException,
    OverflowException, PSException,
)
from pyshell.runtime.values import (
    Byte, Char, GenericList, Hashtable, Int64, NumericKind, OrderedDictionary, Single,
    TypedArray, Version, is_collection, make_integer,
)

__all__ = ["enum_static_table", "construct", "CONSTRUCTORS"]


def _num(value: Any) -> Any:
    try:
        return cv.to_number(value, NumericKind.Double)
    except cv.ConversionFailure as failure:
        raise cv.conversion_error(value, "System.Double", failure.reason) from None


def _double(value: Any) -> float:
    return float(_num(value))


def _int(value: Any) -> int:
    return int(cv.to_int(value))


def _str(value: Any) -> str:
    return cv.to_string(value)


# --------------------------------------------------------------------------- [math]

def _round(value: Any, digits: Any = None, mode: Any = None) -> Any:
    """Math.Round: banker's rounding unless MidpointRounding.AwayFromZero is asked for."""
    number = _num(value)
    places = 0
    away = False
    for extra in (digits, mode):
        if extra is None:
            continue
        name = getattr(extra, "name", None) or (extra if isinstance(extra, str) else None)
        if name is not None and not str(name).lstrip("-").isdigit():
            away = str(name).lower() == "awayfromzero"
        else:
            places = _int(extra)
    if not 0 <= places <= 15:
        raise ArgumentOutOfRangeException("Rounding digits must be between 0 and 15, "
                                          "inclusive. (Parameter 'digits')")
    rounding = ROUND_HALF_UP if away else ROUND_HALF_EVEN
    if isinstance(number, Decimal):
        return number.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    if isinstance(number, int):
        return float(number)
    if math.isnan(number) or math.isinf(number):
        return number
    exact = Decimal(repr(float(number)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=rounding))


def _same_kind(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def wrapper(value: Any) -> Any:
        number = _num(value)
        if isinstance(number, Decimal):
            return Decimal(fn(number))
        if isinstance(number, int):
            return float(fn(number))
        return float(fn(number))
    return wrapper


def _max(a: Any, b: Any) -> Any:
    x, y = _num(a), _num(b)
    return _widen(x, y, max(x, y))


def _min(a: Any, b: Any) -> Any:
    x, y = _num(a), _num(b)
    return _widen(x, y, min(x, y))


def _widen(x: Any, y: Any, result: Any) -> Any:
    if isinstance(x, float) or isinstance(y, float):
        return float(result)
    return result


def _abs(value: Any) -> Any:
    number = _num(value)
    return abs(number) if not isinstance(number, int) else type(number)(abs(number)) if isinstance(
        number, (Int64,)) else abs(int(number))


def _sign(value: Any) -> int:
    number = _num(value)
    return (number > 0) - (number < 0)


def _pow(a: Any, b: Any) -> float:
    try:
        return float(math.pow(_double(a), _double(b)))
    except OverflowError:
        return float("inf")
    except ValueError:
        return float("nan")


def _sqrt(value: Any) -> float:
    number = _double(value)
    return math.sqrt(number) if number >= 0 else float("nan")


def _log(value: Any, base: Any = None) -> float:
    number = _double(value)
    if number < 0:
        return float("nan")
    if number == 0:
        return float("-inf")
    return math.log(number) if base is None else math.log(number, _double(base))


def _div_rem(a: Any, b: Any) -> Any:
    x, y = _int(a), _int(b)
    if y == 0:
        from pyshell.runtime.errors import DivideByZeroException
        raise DivideByZeroException("Attempted to divide by zero.")
    quotient = abs(x) // abs(y)
    return quotient if (x >= 0) == (y >= 0) else -quotient


def _clamp(value: Any, low: Any, high: Any) -> Any:
    return _min(_max(value, low), high)


MATH = MemberTable.of("System.Math", [
    prop("E", "double", lambda ctx: math.e),
    prop("PI", "double", lambda ctx: math.pi),
    prop("Tau", "double", lambda ctx: math.tau),
    method("Abs", _abs, "static int Abs(int value)", "static double Abs(double value)",
           static=True),
    method("Acos", lambda v: math.acos(_double(v)), "static double Acos(double d)", static=True),
    method("Asin", lambda v: math.asin(_double(v)), "static double Asin(double d)", static=True),
    method("Atan", lambda v: math.atan(_double(v)), "static double Atan(double d)", static=True),
    method("Atan2", lambda y, x: math.atan2(_double(y), _double(x)),
           "static double Atan2(double y, double x)", static=True),
    method("Ceiling", _same_kind(math.ceil), "static double Ceiling(double a)", static=True),
    method("Clamp", _clamp, "static int Clamp(int value, int min, int max)", static=True),
    method("Cos", lambda v: math.cos(_double(v)), "static double Cos(double d)", static=True),
    method("DivRem", _div_rem, "static int DivRem(int a, int b)", static=True),
    method("Exp", lambda v: math.exp(_double(v)), "static double Exp(double d)", static=True),
    method("Floor", _same_kind(math.floor), "static double Floor(double d)", static=True),
    method("Log", _log, "static double Log(double d)",
           "static double Log(double a, double newBase)", static=True),
    method("Log10", lambda v: _log(v, 10), "static double Log10(double d)", static=True),
    method("Log2", lambda v: _log(v, 2), "static double Log2(double x)", static=True),
    method("Max", _max, "static int Max(int val1, int val2)",
           "static double Max(double val1, double val2)", static=True),
    method("Min", _min, "static int Min(int val1, int val2)",
           "static double Min(double val1, double val2)", static=True),
    method("Pow", _pow, "static double Pow(double x, double y)", static=True),
    method("Round", _round, "static double Round(double a)",
           "static double Round(double value, int digits)",
           "static double Round(double value, System.MidpointRounding mode)",
           "static double Round(double value, int digits, System.MidpointRounding mode)",
           static=True),
    method("Sign", _sign, "static int Sign(double value)", static=True),
    method("Sin", lambda v: math.sin(_double(v)), "static double Sin(double a)", static=True),
    method("Sqrt", _sqrt, "static double Sqrt(double d)", static=True),
    method("Tan", lambda v: math.tan(_double(v)), "static double Tan(double a)", static=True),
    method("Truncate", _same_kind(math.trunc), "static double Truncate(double d)", static=True),
])


# --------------------------------------------------------------------------- [string]

def _items(value: Any) -> list:
    return list(value) if is_collection(value) else [value]


def _join(separator: Any, *values: Any) -> str:
    items = _items(values[0]) if len(values) == 1 else list(values)
    return _str(separator).join(cv.dotnet_string(v) for v in items)


def _concat(*values: Any) -> str:
    items = _items(values[0]) if len(values) == 1 else list(values)
    return "".join(cv.dotnet_string(v) for v in items)


def _format(template: Any, *args: Any) -> str:
    from pyshell.runtime.dotnet_format import FormatStringError, composite_format

    items = list(args[0]) if len(args) == 1 and is_collection(args[0]) else list(args)
    try:
        return composite_format(_str(template), items, cv.dotnet_string)
    except FormatStringError as exc:
        raise FormatException(str(exc)) from None


def _compare(a: Any, b: Any, ignore: Any = False) -> int:
    from pyshell.runtime.dotnet.strings import ignore_case
    from pyshell.runtime.operators import compare_values

    if a is None or b is None:
        return (a is not None) - (b is not None)
    return compare_values(_str(a), _str(b), case_sensitive=not ignore_case(ignore))


STRING = MemberTable.of("System.String", [
    prop("Empty", "string", lambda ctx: ""),
    method("Compare", _compare, "static int Compare(string strA, string strB)",
           "static int Compare(string strA, string strB, bool ignoreCase)", static=True),
    method("Concat", _concat, "static string Concat(Params System.Object[] args)", static=True),
    method("Equals", lambda a, b, cmp=None: __import__(
        "pyshell.runtime.dotnet.strings", fromlist=["x"])._equals(_str(a), b, cmp)
        if a is not None else b is None, "static bool Equals(string a, string b)", static=True),
    method("Format", _format, "static string Format(string format, Params System.Object[] args)",
           static=True),
    method("IsNullOrEmpty", lambda v: v is None or _str(v) == "",
           "static bool IsNullOrEmpty(string value)", static=True),
    method("IsNullOrWhiteSpace", lambda v: v is None or _str(v).strip() == "",
           "static bool IsNullOrWhiteSpace(string value)", static=True),
    method("Join", _join, "static string Join(string separator, Params string[] value)",
           static=True),
    method("new", lambda value, count=None: _str(value) * _int(count) if count is not None
           else "".join(_str(v) for v in _items(value)), "string new(char c, int count)",
           static=True),
])


# --------------------------------------------------------------------------- numbers

def _parse(kind: NumericKind, type_name: str) -> Callable[..., Any]:
    def parse(text: Any, *_: Any) -> Any:
        if text is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 's')")
        source = _str(text).strip()
        try:
            if kind.is_integer:
                if not source.lstrip("+-").isdigit():
                    raise FormatException(f"The input string '{_str(text)}' was not in a "
                                          "correct format.")
                number = int(source)
                if not kind.fits(number):
                    raise OverflowException(f"Value was either too large or too small for "
                                            f"{cv.OUT_OF_RANGE_TEXT[kind]}.")
                return make_integer(number, kind)
            if kind is NumericKind.Decimal:
                return Decimal(source.replace(",", ""))
            value = float(source.replace(",", ""))
            return Single(value) if kind is NumericKind.Single else value
        except (ValueError, ArithmeticError):
            raise FormatException(f"The input string '{_str(text)}' was not in a correct "
                                  "format.") from None
    return parse


def _numeric_table(kind: NumericKind) -> MemberTable:
    members: list[Any] = [method("Parse", _parse(kind, kind.full_name),
                                 f"static {kind.name.lower()} Parse(string s)", static=True)]
    if kind.is_integer and kind.minimum is not None:
        members += [prop("MaxValue", kind.name, lambda ctx, k=kind: make_integer(k.maximum, k)),
                    prop("MinValue", kind.name, lambda ctx, k=kind: make_integer(k.minimum, k))]
    elif kind is NumericKind.Double:
        members += [prop("MaxValue", "double", lambda ctx: 1.7976931348623157e308),
                    prop("MinValue", "double", lambda ctx: -1.7976931348623157e308),
                    prop("Epsilon", "double", lambda ctx: 5e-324),
                    prop("NaN", "double", lambda ctx: float("nan")),
                    prop("PositiveInfinity", "double", lambda ctx: float("inf")),
                    prop("NegativeInfinity", "double", lambda ctx: float("-inf")),
                    method("IsNaN", lambda v: math.isnan(_double(v)),
                           "static bool IsNaN(double d)", static=True),
                    method("IsInfinity", lambda v: math.isinf(_double(v)),
                           "static bool IsInfinity(double d)", static=True)]
    elif kind is NumericKind.Single:
        members += [prop("MaxValue", "float", lambda ctx: Single(3.4028234663852886e38)),
                    prop("MinValue", "float", lambda ctx: Single(-3.4028234663852886e38))]
    elif kind is NumericKind.Decimal:
        members += [prop("MaxValue", "decimal",
                         lambda ctx: Decimal("79228162514264337593543950335")),
                    prop("MinValue", "decimal",
                         lambda ctx: Decimal("-79228162514264337593543950335"))]
    return MemberTable.of(kind.full_name, members)


# --------------------------------------------------------------------------- [char], [bool]

def _char_test(test: Callable[[str], bool]) -> Callable[..., bool]:
    def check(value: Any, index: Any = None) -> bool:
        text = _str(value)
        ch = text[_int(index)] if index is not None else str(cv.to_char(value))
        return test(ch)
    return check


CHAR = MemberTable.of("System.Char", [
    prop("MaxValue", "char", lambda ctx: Char("\uffff")),
    prop("MinValue", "char", lambda ctx: Char("\0")),
    method("IsDigit", _char_test(str.isdigit), "static bool IsDigit(char c)", static=True),
    method("IsLetter", _char_test(str.isalpha), "static bool IsLetter(char c)", static=True),
    method("IsLetterOrDigit", _char_test(str.isalnum), "static bool IsLetterOrDigit(char c)",
           static=True),
    method("IsLower", _char_test(str.islower), "static bool IsLower(char c)", static=True),
    method("IsNumber", _char_test(str.isnumeric), "static bool IsNumber(char c)", static=True),
    method("IsPunctuation", _char_test(lambda c: __import__("unicodedata").category(c)
                                       .startswith("P")),
           "static bool IsPunctuation(char c)", static=True),
    method("IsUpper", _char_test(str.isupper), "static bool IsUpper(char c)", static=True),
    method("IsWhiteSpace", _char_test(str.isspace), "static bool IsWhiteSpace(char c)",
           static=True),
    method("ToLower", lambda c: Char(str(cv.to_char(c)).lower()), "static char ToLower(char c)",
           static=True),
    method("ToUpper", lambda c: Char(str(cv.to_char(c)).upper()), "static char ToUpper(char c)",
           static=True),
    method("ConvertFromUtf32", lambda n: chr(_int(n)), "static string ConvertFromUtf32(int "
           "utf32)", static=True),
])


def _parse_bool(text: Any) -> bool:
    value = _str(text).strip().lower()
    if value not in ("true", "false"):
        raise FormatException(f"String '{_str(text)}' was not recognized as a valid Boolean.")
    return value == "true"


BOOL = MemberTable.of("System.Boolean", [
    prop("TrueString", "string", lambda ctx: "True"),
    prop("FalseString", "string", lambda ctx: "False"),
    method("Parse", _parse_bool, "static bool Parse(string value)", static=True),
])


# --------------------------------------------------------------------------- dates and times

def _context_part(context: Any, name: str) -> Any:
    """The session's `clock` or `random`, whether the context is the session or a scope
    (`scope.session`)."""
    found = getattr(context, name, None)
    if found is None:
        found = getattr(getattr(context, "session", None), name, None)
    return found


def _now(context: Any) -> _dt.datetime:
    clock = _context_part(context, "clock")
    if clock is not None:
        return clock.now()
    return _dt.datetime.now()


def _parse_exact(text: Any, fmt: Any, *_: Any) -> _dt.datetime:
    from pyshell.runtime.dotnet.datetimes import parse_exact

    return parse_exact(_str(text), [_str(f) for f in _items(fmt)])


def _datetime_parse(text: Any, *_: Any) -> _dt.datetime:
    try:
        return cv.parse_datetime(_str(text))
    except cv.ConversionFailure as failure:
        raise FormatException(failure.reason or "") from None


def _days_in_month(year: Any, month: Any) -> int:
    import calendar

    return calendar.monthrange(_int(year), _int(month))[1]


def _is_leap(year: Any) -> bool:
    import calendar

    return calendar.isleap(_int(year))


DATETIME = MemberTable.of("System.DateTime", [
    prop("MaxValue", "datetime", lambda ctx: _dt.datetime(9999, 12, 31, 23, 59, 59, 999999)),
    prop("MinValue", "datetime", lambda ctx: _dt.datetime(1, 1, 1)),
    prop("Now", "datetime", _now),
    prop("Today", "datetime", lambda ctx: _now(ctx).replace(hour=0, minute=0, second=0,
                                                            microsecond=0)),
    prop("UtcNow", "datetime", lambda ctx: _now(ctx).replace(tzinfo=_dt.timezone.utc)
         if _context_part(ctx, "clock") is not None else _dt.datetime.now(_dt.timezone.utc)),
    method("DaysInMonth", _days_in_month, "static int DaysInMonth(int year, int month)",
           static=True),
    method("IsLeapYear", _is_leap, "static bool IsLeapYear(int year)", static=True),
    method("Parse", _datetime_parse, "static datetime Parse(string s)", static=True),
    method("ParseExact", _parse_exact, "static datetime ParseExact(string s, string format, "
           "System.IFormatProvider provider)", static=True),
    method("new", lambda *args: _new_datetime(*args), "datetime new(long ticks)",
           "datetime new(int year, int month, int day)",
           "datetime new(int year, int month, int day, int hour, int minute, int second)",
           static=True),
])


def _new_datetime(*args: Any) -> _dt.datetime:
    if len(args) == 1:
        return cv.to_datetime(_int_any(args[0]))
    parts = [_int(a) for a in args[:7]]
    if len(parts) == 7:
        parts[6] *= 1000  # milliseconds
    try:
        return _dt.datetime(*parts)
    except ValueError:
        raise ArgumentOutOfRangeException("Year, Month, and Day parameters describe an "
                                          "un-representable DateTime.") from None


def _int_any(value: Any) -> int:
    return int(cv.to_integer_kind(value, NumericKind.Int64))


def _span(unit: str) -> Callable[[Any], _dt.timedelta]:
    def make(value: Any) -> _dt.timedelta:
        try:
            return _dt.timedelta(**{unit: _double(value)})
        except OverflowError:
            raise OverflowException("TimeSpan overflowed because the duration is too "
                                    "long.") from None
    return make


def _timespan_parse(text: Any) -> _dt.timedelta:
    try:
        return cv.to_timespan(_str(text))
    except cv.ConversionFailure as failure:
        raise FormatException(failure.reason or "") from None


def _new_timespan(*args: Any) -> _dt.timedelta:
    if len(args) == 1:
        return _dt.timedelta(microseconds=_int_any(args[0]) / 10)
    numbers = [_int(a) for a in args]
    if len(numbers) == 3:
        hours, minutes, seconds = numbers
        return _dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if len(numbers) in (4, 5):
        days, hours, minutes, seconds = numbers[:4]
        ms = numbers[4] if len(numbers) == 5 else 0
        return _dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds,
                             milliseconds=ms)
    raise ArgumentException("Invalid TimeSpan arguments.")


TIMESPAN = MemberTable.of("System.TimeSpan", [
    prop("MaxValue", "timespan", lambda ctx: _dt.timedelta.max),
    prop("MinValue", "timespan", lambda ctx: _dt.timedelta.min),
    prop("Zero", "timespan", lambda ctx: _dt.timedelta(0)),
    method("FromDays", _span("days"), "static timespan FromDays(double value)", static=True),
    method("FromHours", _span("hours"), "static timespan FromHours(double value)", static=True),
    method("FromMilliseconds", _span("milliseconds"),
           "static timespan FromMilliseconds(double value)", static=True),
    method("FromMinutes", _span("minutes"), "static timespan FromMinutes(double value)",
           static=True),
    method("FromSeconds", _span("seconds"), "static timespan FromSeconds(double value)",
           static=True),
    method("FromTicks", lambda v: _dt.timedelta(microseconds=_int_any(v) / 10),
           "static timespan FromTicks(long value)", static=True),
    method("Parse", _timespan_parse, "static timespan Parse(string s)", static=True),
    method("new", _new_timespan, "timespan new(long ticks)",
           "timespan new(int hours, int minutes, int seconds)",
           "timespan new(int days, int hours, int minutes, int seconds)", static=True),
])


# --------------------------------------------------------------------------- guid, version

def _new_guid(context: Any) -> uuid.UUID:
    rng = _context_part(context, "random")
    if rng is not None:
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    return uuid.uuid4()


def _guid_parse(text: Any) -> uuid.UUID:
    try:
        return uuid.UUID(_str(text).strip())
    except ValueError:
        raise FormatException("Unrecognized Guid format.") from None


GUID = MemberTable.of("System.Guid", [
    prop("Empty", "guid", lambda ctx: uuid.UUID(int=0)),
    method("NewGuid", _new_guid, "static guid NewGuid()", static=True, with_context=True),
    method("Parse", _guid_parse, "static guid Parse(string input)", static=True),
    method("new", lambda text: _guid_parse(text), "guid new(string g)", static=True),
])


def _version_parse(text: Any) -> Version:
    try:
        return Version.parse(_str(text))
    except ValueError as exc:
        raise ArgumentException(str(exc)) from None


VERSION = MemberTable.of("System.Version", [
    method("Parse", _version_parse, "static version Parse(string input)", static=True),
    method("new", lambda *args: _version_parse(args[0]) if len(args) == 1 else
           Version(*[_int(a) for a in args]), "version new(int major, int minor)",
           "version new(string version)", static=True),
])


# --------------------------------------------------------------------------- [enum]

def _enum_type(value: Any) -> Any:
    from pyshell.runtime.types import PSType, resolve_type

    ps_type = value if isinstance(value, PSType) else resolve_type(_str(value))
    if ps_type is None or not ps_type.is_enum:
        raise ArgumentException("Type provided must be an Enum. (Parameter 'enumType')")
    return ps_type


def _enum_parse(enum_type: Any, text: Any, ignore: Any = True) -> Any:
    ps_type = _enum_type(enum_type)
    try:
        return cv.to_enum(_str(text), ps_type.python_class)
    except cv.ConversionFailure:
        raise ArgumentException(f"Requested value '{_str(text)}' was not found.") from None


def _enum_defined(enum_type: Any, value: Any) -> bool:
    ps_type = _enum_type(enum_type)
    klass = ps_type.python_class
    if isinstance(value, str):
        return any(m.name == value for m in klass)
    if isinstance(value, klass):
        return True
    return any(cv.to_number(m) == value for m in klass)


ENUM = MemberTable.of("System.Enum", [
    method("GetNames", lambda t: _enum_type(t).enum_names(),
           "static string[] GetNames(type enumType)", static=True),
    method("GetValues", lambda t: _enum_type(t).enum_values(),
           "static array GetValues(type enumType)", static=True),
    method("IsDefined", _enum_defined, "static bool IsDefined(type enumType, System.Object value)",
           static=True),
    method("Parse", _enum_parse, "static System.Object Parse(type enumType, string value)",
           "static System.Object Parse(type enumType, string value, bool ignoreCase)",
           static=True),
    method("ToObject", lambda t, v: cv.to_enum(v, _enum_type(t).python_class),
           "static System.Object ToObject(type enumType, System.Object value)", static=True),
])


def enum_static_table(ps_type: Any) -> MemberTable:
    """`[SomeEnum]::Member` for a module's enum: one static property per member."""
    klass = ps_type.python_class
    members = [prop(m.name, ps_type.full_name, lambda ctx, m=m: m) for m in klass]
    if issubclass(klass, enum.Flag) and "None" not in klass.__members__:
        members.append(prop("None", ps_type.full_name, lambda ctx: klass(0)))
    members.append(method("Parse", lambda text: _enum_parse(ps_type, text),
                          f"static {ps_type.full_name} Parse(string value)", static=True))
    return MemberTable.of(ps_type.full_name, members)


# --------------------------------------------------------------------------- [Convert]

def _bytes(value: Any) -> bytes:
    items = _items(value)
    return bytes(int(cv.to_integer_kind(b, NumericKind.Byte)) for b in items)


def _byte_array(data: bytes) -> TypedArray:
    from pyshell.runtime.types import resolve_type

    return TypedArray((Byte(b) for b in data), resolve_type("byte"))


def _from_base64(text: Any) -> TypedArray:
    try:
        return _byte_array(base64.b64decode(_str(text), validate=True))
    except ValueError:
        raise FormatException("The input is not a valid Base-64 string as it contains a "
                              "non-base 64 character, more than two padding characters, or an "
                              "illegal character among the padding characters.") from None


def _to_base(kind: NumericKind) -> Callable[..., Any]:
    def convert(value: Any, base: Any = None) -> Any:
        if base is None:
            if isinstance(value, str):
                try:
                    number = _parse(kind, kind.full_name)(value)
                except FormatException:
                    raise
                return number
            return cv.to_integer_kind(value, kind)
        radix = _int(base)
        if radix not in (2, 8, 10, 16):
            raise ArgumentException("Invalid Base. (Parameter 'fromBase')")
        text = _str(value).strip()
        if radix == 16 and text.lower().startswith("0x"):
            text = text[2:]
        try:
            number = int(text, radix)
        except ValueError:
            raise FormatException("Could not find any recognizable digits.") from None
        bits = (kind.maximum - kind.minimum).bit_length()  # type: ignore[operator]
        if radix != 10 and kind.is_signed and number >= 1 << (bits - 1):
            number -= 1 << bits
        if not kind.fits(number):
            raise OverflowException(f"Value was either too large or too small for "
                                    f"{cv.OUT_OF_RANGE_TEXT[kind]}.")
        return make_integer(number, kind)
    return convert


def _to_string_base(value: Any, base: Any = None) -> str:
    if base is None:
        return cv.dotnet_string(value)
    radix = _int(base)
    number = int(cv.to_integer_kind(value, NumericKind.Int64))
    if number < 0:
        number += 1 << (32 if -2**31 <= number else 64)
    digits = {2: "b", 8: "o", 10: "d", 16: "x"}.get(radix)
    if digits is None:
        raise ArgumentException("Invalid Base. (Parameter 'toBase')")
    return format(number, digits)


def _convert_with(converter: Callable[[Any], Any], type_name: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        try:
            return converter(value)
        except cv.ConversionFailure as failure:
            raise FormatException(failure.reason or f"Invalid cast to {type_name}.") from None
    return convert


CONVERT = MemberTable.of("System.Convert", [
    method("FromBase64String", _from_base64, "static byte[] FromBase64String(string s)",
           static=True),
    method("FromHexString", lambda s: _byte_array(bytes.fromhex(_str(s))),
           "static byte[] FromHexString(string s)", static=True),
    method("ToBase64String", lambda b, *_: base64.b64encode(_bytes(b)).decode("ascii"),
           "static string ToBase64String(byte[] inArray)", static=True),
    method("ToBoolean", lambda v: _parse_bool(v) if isinstance(v, str) else cv.to_bool(v),
           "static bool ToBoolean(System.Object value)", static=True),
    method("ToByte", _to_base(NumericKind.Byte), "static byte ToByte(System.Object value)",
           static=True),
    method("ToChar", _convert_with(cv.to_char, "System.Char"),
           "static char ToChar(System.Object value)", static=True),
    method("ToDateTime", _convert_with(cv.to_datetime, "System.DateTime"),
           "static datetime ToDateTime(System.Object value)", static=True),
    method("ToDecimal", _convert_with(lambda v: cv.to_decimal(v), "System.Decimal"),
           "static decimal ToDecimal(System.Object value)", static=True),
    method("ToDouble", _convert_with(cv.to_double, "System.Double"),
           "static double ToDouble(System.Object value)", static=True),
    method("ToHexString", lambda b: _bytes(b).hex().upper(),
           "static string ToHexString(byte[] inArray)", static=True),
    method("ToInt16", _to_base(NumericKind.Int16), "static short ToInt16(System.Object value)",
           static=True),
    method("ToInt32", _to_base(NumericKind.Int32), "static int ToInt32(System.Object value)",
           "static int ToInt32(string value, int fromBase)", static=True),
    method("ToInt64", _to_base(NumericKind.Int64), "static long ToInt64(System.Object value)",
           "static long ToInt64(string value, int fromBase)", static=True),
    method("ToString", _to_string_base, "static string ToString(System.Object value)",
           "static string ToString(long value, int toBase)", static=True),
    method("ToUInt32", _to_base(NumericKind.UInt32), "static uint ToUInt32(System.Object value)",
           static=True),
    method("ToUInt64", _to_base(NumericKind.UInt64), "static ulong ToUInt64(System.Object value)",
           static=True),
])


# --------------------------------------------------------------------------- [text.encoding]

class Encoding:
    """System.Text.Encoding instances (`[text.encoding]::UTF8`)."""

    dotnet_name = "System.Text.UTF8Encoding"
    __slots__ = ("codec", "web_name", "name")

    def __init__(self, codec: str, web_name: str, name: str) -> None:
        self.codec = codec
        self.web_name = web_name
        self.name = name

    def get_bytes(self, text: Any) -> TypedArray:
        source = "".join(str(c) for c in text) if is_collection(text) else _str(text)
        return _byte_array(source.encode(self.codec, errors="replace"))

    def get_string(self, data: Any, index: Any = None, count: Any = None) -> str:
        raw = _bytes(data)
        if index is not None:
            start = _int(index)
            raw = raw[start:start + _int(count)] if count is not None else raw[start:]
        return raw.decode(self.codec, errors="replace")

    def __str__(self) -> str:
        return self.name


_ENCODINGS = {
    "UTF8": Encoding("utf-8", "utf-8", "System.Text.UTF8Encoding"),
    "ASCII": Encoding("ascii", "us-ascii", "System.Text.ASCIIEncoding"),
    "Unicode": Encoding("utf-16-le", "utf-16", "System.Text.UnicodeEncoding"),
    "BigEndianUnicode": Encoding("utf-16-be", "utf-16BE", "System.Text.UnicodeEncoding"),
    "UTF32": Encoding("utf-32-le", "utf-32", "System.Text.UTF32Encoding"),
    "Latin1": Encoding("latin-1", "iso-8859-1", "System.Text.Latin1Encoding"),
}
_ENCODINGS["Default"] = _ENCODINGS["UTF8"]


def _get_encoding(name: Any) -> Encoding:
    wanted = _str(name).lower().replace("-", "")
    for key, encoding in _ENCODINGS.items():
        if wanted in (key.lower(), encoding.web_name.replace("-", "").lower()):
            return encoding
    raise ArgumentException(f"'{_str(name)}' is not a supported encoding name.")


ENCODING = MemberTable.of("System.Text.Encoding", [
    *(prop(name, "System.Text.Encoding", lambda ctx, e=encoding: e)
      for name, encoding in _ENCODINGS.items()),
    method("GetEncoding", _get_encoding, "static System.Text.Encoding GetEncoding(string name)",
           static=True),
])

ENCODING_INSTANCE = MemberTable.of("System.Text.Encoding", [
    prop("BodyName", "string", lambda e: e.web_name),
    prop("EncodingName", "string", lambda e: e.name),
    prop("WebName", "string", lambda e: e.web_name),
    method("GetByteCount", lambda e, text: len(e.get_bytes(text)), "int GetByteCount(string s)",),
    method("GetBytes", lambda e, text: e.get_bytes(text), "byte[] GetBytes(string s)"),
    method("GetString", lambda e, data, *rest: e.get_string(data, *rest),
           "string GetString(byte[] bytes)",
           "string GetString(byte[] bytes, int index, int count)"),
])


# --------------------------------------------------------------------------- [regex]

def _regex(pattern: Any, options: Any = None) -> Any:
    from pyshell.runtime.regex import Regex

    return Regex(_str(pattern), options)


def _regex_escape(text: Any) -> str:
    out = []
    for ch in _str(text):
        if ch in "\\*+?|{[()^$.#":
            out.append("\\" + ch)
        elif ch == " ":
            out.append("\\ ")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\f":
            out.append("\\f")
        else:
            out.append(ch)
    return "".join(out)


def _regex_unescape(text: Any) -> str:
    import re

    mapping = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
    return re.sub(r"\\(.)", lambda m: mapping.get(m.group(1), m.group(1)), _str(text))


def _regex_replace(text: Any, pattern: Any, replacement: Any, options: Any = None) -> str:
    from pyshell.runtime.dotnet.misc import _regex_replace as replace

    return replace(_regex(pattern, options), text, replacement)


REGEX = MemberTable.of("System.Text.RegularExpressions.Regex", [
    method("Escape", _regex_escape, "static string Escape(string str)", static=True),
    method("IsMatch", lambda text, pattern, options=None: _regex(pattern, options).is_match(
        _str(text)), "static bool IsMatch(string input, string pattern)", static=True),
    method("Match", lambda text, pattern, options=None: _regex(pattern, options).match(
        _str(text)), "static System.Text.RegularExpressions.Match Match(string input, string "
        "pattern)", static=True),
    method("Matches", lambda text, pattern, options=None: _regex(pattern, options).matches(
        _str(text)), "static System.Text.RegularExpressions.MatchCollection Matches(string "
        "input, string pattern)", static=True),
    method("Replace", _regex_replace, "static string Replace(string input, string pattern, "
           "string replacement)", static=True),
    method("Split", lambda text, pattern, options=None: _regex(pattern, options).split(
        _str(text)), "static string[] Split(string input, string pattern)", static=True),
    method("Unescape", _regex_unescape, "static string Unescape(string str)", static=True),
    method("new", _regex, "regex new(string pattern)",
           "regex new(string pattern, System.Text.RegularExpressions.RegexOptions options)",
           static=True),
])


# --------------------------------------------------------------------------- [System.IO.Path]

def _path_join(*parts: Any) -> str:
    items = _items(parts[0]) if len(parts) == 1 else list(parts)
    result = ""
    for part in (_str(p) for p in items):
        if not part:
            continue
        if part.startswith("/") or not result:
            result = part
        else:
            result = result.rstrip("/") + "/" + part
    return result


def _extension(path: Any) -> str:
    name = posixpath.basename(_str(path))
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def _without_extension(path: Any) -> str:
    name = posixpath.basename(_str(path))
    ext = _extension(name)
    return name[:-len(ext)] if ext else name


def _change_extension(path: Any, ext: Any) -> str:
    text = _str(path)
    current = _extension(text)
    base = text[:-len(current)] if current else text
    if ext is None:
        return base
    new = _str(ext)
    return base + (new if new.startswith(".") or not new else "." + new)


PATH = MemberTable.of("System.IO.Path", [
    prop("AltDirectorySeparatorChar", "char", lambda ctx: Char("/")),
    prop("DirectorySeparatorChar", "char", lambda ctx: Char("/")),
    prop("PathSeparator", "char", lambda ctx: Char(":")),
    method("ChangeExtension", _change_extension, "static string ChangeExtension(string path, "
           "string extension)", static=True),
    method("Combine", _path_join, "static string Combine(Params string[] paths)", static=True),
    method("GetDirectoryName", lambda p: posixpath.dirname(_str(p)),
           "static string GetDirectoryName(string path)", static=True),
    method("GetExtension", _extension, "static string GetExtension(string path)", static=True),
    method("GetFileName", lambda p: posixpath.basename(_str(p)),
           "static string GetFileName(string path)", static=True),
    method("GetFileNameWithoutExtension", _without_extension,
           "static string GetFileNameWithoutExtension(string path)", static=True),
    method("HasExtension", lambda p: bool(_extension(p)), "static bool HasExtension(string "
           "path)", static=True),
    method("IsPathRooted", lambda p: _str(p).startswith("/"),
           "static bool IsPathRooted(string path)", static=True),
    method("Join", _path_join, "static string Join(Params string[] paths)", static=True),
])

ENVIRONMENT = MemberTable.of("System.Environment", [
    prop("NewLine", "string", lambda ctx: "\n"),
    prop("OSVersion", "System.OperatingSystem", lambda ctx: "Unix"),
])


# --------------------------------------------------------------------------- [array], misc

def _array_reverse(items: Any) -> None:
    items.reverse()


def _array_sort(items: Any) -> None:
    from pyshell.runtime.dotnet.collections import _list_sort

    _list_sort(items)


def _array_index_of(items: Any, value: Any) -> int:
    from pyshell.runtime.dotnet.collections import _index_of

    return _index_of(list(items), value)


ARRAY = MemberTable.of("System.Array", [
    method("Empty", lambda: [], "static T[] Empty[T]()", static=True),
    method("IndexOf", _array_index_of, "static int IndexOf(array array, System.Object value)",
           static=True),
    method("Reverse", _array_reverse, "static void Reverse(array array)", static=True),
    method("Sort", _array_sort, "static void Sort(array array)", static=True),
])

BITCONVERTER = MemberTable.of("System.BitConverter", [
    method("ToString", lambda b, *_: "-".join(f"{x:02X}" for x in _bytes(b)),
           "static string ToString(byte[] value)", static=True),
])


# --------------------------------------------------------------------------- constructors

def _new_list(ps_type: Any) -> Callable[..., Any]:
    def make(*args: Any) -> Any:
        if args and is_collection(args[0]):
            return ps_type.convert(list(args[0]))
        return ps_type.convert([])
    return make


def _new_dictionary(ps_type: Any) -> Callable[..., Any]:
    def make(*args: Any) -> Any:
        if args and isinstance(args[0], dict):
            return ps_type.convert(args[0])
        return ps_type.convert({})
    return make


CONSTRUCTORS: dict[str, Callable[..., Any]] = {
    "system.collections.hashtable": lambda *args: Hashtable(args[0].items()) if args and
    isinstance(args[0], dict) else Hashtable(),
    "system.collections.specialized.ordereddictionary": lambda *args: OrderedDictionary(),
    "system.collections.arraylist": lambda *args: GenericList(_items(args[0]) if args and
                                                              is_collection(args[0]) else []),
    "system.text.stringbuilder": lambda *args: __import__(
        "pyshell.runtime.dotnet.misc", fromlist=["StringBuilder"]).StringBuilder(
        _str(args[0]) if args and isinstance(args[0], str) else None),
    "system.object": lambda: __import__("pyshell.runtime.members",
                                        fromlist=["PSObject"]).PSObject(),
    "system.management.automation.pscustomobject": lambda: __import__(
        "pyshell.runtime.members", fromlist=["PSObject"]).PSObject(),
    "system.string": lambda value, count=None: STRING.method("new").function(value, count),
}


def _new_exception(klass: type, args: list) -> Any:
    """`[ArgumentException]::new('text'[, inner])`; without text, .NET's default message."""
    if args:
        message = _str(args[0])
    else:
        message = f"Exception of type '{klass.dotnet_name}' was thrown."  # type: ignore[attr-defined]
    inner = args[1] if len(args) > 1 and isinstance(args[1], BaseException) else None
    return klass(message, inner=inner)


def construct(ps_type: Any, args: list) -> Any:
    """`[T]::new(args)` / `New-Object T args`."""
    from pyshell.runtime.types import static_member_error

    name = ps_type.full_name.lower()
    klass = ps_type.python_class
    if isinstance(klass, type) and issubclass(klass, PSException):
        return _new_exception(klass, args)
    maker = CONSTRUCTORS.get(name)
    if maker is None:
        table = ps_type._statics()
        found = table.method("new") if table is not None else None
        if found is not None:
            return found.function(*args)
        if ps_type.full_name.startswith(("System.Collections.Generic.List",
                                         "System.Collections.Generic.HashSet")):
            maker = _new_list(ps_type)
        elif ps_type.full_name.startswith("System.Collections.Generic.Dictionary"):
            maker = _new_dictionary(ps_type)
        elif ps_type.element_type is not None and len(args) == 1:
            size = _int(args[0])
            element = ps_type.element_type
            try:
                default = element.converter(None)
            except Exception:  # noqa: BLE001 - reference element types default to $null
                default = None
            return TypedArray([default] * size, element)
        else:
            raise static_member_error(ps_type.full_name, "new")
    return maker(*args)


register_static_table("System.Math", MATH)
register_static_table("System.String", STRING)
for _kind in NumericKind:
    register_static_table(_kind.full_name, _numeric_table(_kind))
register_static_table("System.Char", CHAR)
register_static_table("System.Boolean", BOOL)
register_static_table("System.DateTime", DATETIME)
register_static_table("System.TimeSpan", TIMESPAN)
register_static_table("System.Guid", GUID)
register_static_table("System.Version", VERSION)
register_static_table("System.Enum", ENUM)
register_static_table("System.Convert", CONVERT)
register_static_table("System.Text.Encoding", ENCODING)
register_static_table("System.Text.RegularExpressions.Regex", REGEX)
register_static_table("System.IO.Path", PATH)
register_static_table("System.Environment", ENVIRONMENT)
register_static_table("System.Array", ARRAY)
register_static_table("System.BitConverter", BITCONVERTER)
register_instance_table(Encoding, ENCODING_INSTANCE)
