"""Static members of the core types: `[math]`, `[string]`, the numeric types (`MaxValue`,
`Parse`), `[char]`, `[bool]`, and the `::new` constructors (`[T]::new(...)`, New-Object).

The other static members live by theme in statics_time.py (`[datetime]`, `[timespan]`,
`[guid]`, `[version]`, `[enum]`) and statics_text.py (`[Convert]`, `[text.encoding]`,
`[regex]`, `[System.IO.Path]`, `[Environment]`, `[array]`, `[BitConverter]`).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any, Callable, cast

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet import args as arg
from pyshell.runtime.dotnet.table import (
    MemberTable, Method, method, prop, register_static_table,
)
from pyshell.runtime.errors import (
    ArgumentNullException, ArgumentOutOfRangeException, FormatException, OverflowException,
    PSException,
)
from pyshell.runtime.values import (
    Char, GenericList, Hashtable, Int64, NumericKind, OrderedDictionary, Single, TypedArray,
    is_collection, make_integer,
)

__all__ = ["construct", "CONSTRUCTORS", "number_parser", "parse_bool"]


# --------------------------------------------------------------------------- [math]

def _round(value: Any, digits: Any = None, mode: Any = None) -> Any:
    """Math.Round: banker's rounding unless MidpointRounding.AwayFromZero is asked for."""
    number = arg.number(value)
    places = 0
    away = False
    for extra in (digits, mode):
        if extra is None:
            continue
        name = getattr(extra, "name", None) or (extra if isinstance(extra, str) else None)
        if name is not None and not str(name).lstrip("-").isdigit():
            away = str(name).lower() == "awayfromzero"
        else:
            places = arg.integer(extra)
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
    # .NET scales by 10**digits in double arithmetic, rounds to an integer and scales back,
    # so [math]::Round(2.675, 2) is 2.67 (2.675 is really 2.67499999...).
    number = float(number)
    if abs(number) >= 1e16:
        return number
    power = 10.0 ** places
    scaled = number * power
    whole = float(Decimal(scaled).quantize(Decimal(1), rounding=rounding))
    return whole / power


def _same_kind(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def wrapper(value: Any) -> Any:
        number = arg.number(value)
        if isinstance(number, Decimal):
            return Decimal(fn(number))
        if isinstance(number, int):
            return float(fn(number))
        return float(fn(number))
    return wrapper


def _max(a: Any, b: Any) -> Any:
    x, y = arg.number(a), arg.number(b)
    return _widen(x, y, max(x, y))


def _min(a: Any, b: Any) -> Any:
    x, y = arg.number(a), arg.number(b)
    return _widen(x, y, min(x, y))


def _widen(x: Any, y: Any, result: Any) -> Any:
    if isinstance(x, float) or isinstance(y, float):
        return float(result)
    return result


def _abs(value: Any) -> Any:
    number = arg.number(value)
    return abs(number) if not isinstance(number, int) else type(number)(abs(number)) if isinstance(
        number, (Int64,)) else abs(int(number))


def _sign(value: Any) -> int:
    number = arg.number(value)
    return cast(int, (number > 0) - (number < 0))


def _pow(a: Any, b: Any) -> float:
    try:
        return float(math.pow(arg.double(a), arg.double(b)))
    except OverflowError:
        return float("inf")
    except ValueError:
        return float("nan")


def _sqrt(value: Any) -> float:
    number = arg.double(value)
    return math.sqrt(number) if number >= 0 else float("nan")


def _log(value: Any, base: Any = None) -> float:
    number = arg.double(value)
    if number < 0:
        return float("nan")
    if number == 0:
        return float("-inf")
    return math.log(number) if base is None else math.log(number, arg.double(base))


def _div_rem(a: Any, b: Any) -> Any:
    x, y = arg.integer(a), arg.integer(b)
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
    method("Acos", lambda v: math.acos(arg.double(v)), "static double Acos(double d)", static=True),
    method("Asin", lambda v: math.asin(arg.double(v)), "static double Asin(double d)", static=True),
    method("Atan", lambda v: math.atan(arg.double(v)), "static double Atan(double d)", static=True),
    method("Atan2", lambda y, x: math.atan2(arg.double(y), arg.double(x)),
           "static double Atan2(double y, double x)", static=True),
    method("Ceiling", _same_kind(math.ceil), "static double Ceiling(double a)", static=True),
    method("Clamp", _clamp, "static int Clamp(int value, int min, int max)", static=True),
    method("Cos", lambda v: math.cos(arg.double(v)), "static double Cos(double d)", static=True),
    method("DivRem", _div_rem, "static int DivRem(int a, int b)", static=True),
    method("Exp", lambda v: math.exp(arg.double(v)), "static double Exp(double d)", static=True),
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
    method("Sin", lambda v: math.sin(arg.double(v)), "static double Sin(double a)", static=True),
    method("Sqrt", _sqrt, "static double Sqrt(double d)", static=True),
    method("Tan", lambda v: math.tan(arg.double(v)), "static double Tan(double a)", static=True),
    method("Truncate", _same_kind(math.trunc), "static double Truncate(double d)", static=True),
])


# --------------------------------------------------------------------------- [string]


def _join(separator: Any, *values: Any) -> str:
    items = arg.items(values[0]) if len(values) == 1 else list(values)
    return arg.text(separator).join(cv.dotnet_string(v) for v in items)


def _concat(*values: Any) -> str:
    items = arg.items(values[0]) if len(values) == 1 else list(values)
    return "".join(cv.dotnet_string(v) for v in items)


def _format(template: Any, *args: Any) -> str:
    from pyshell.runtime.dotnet_format import FormatStringError, composite_format

    items = list(args[0]) if len(args) == 1 and is_collection(args[0]) else list(args)
    try:
        return composite_format(arg.text(template), items, cv.dotnet_string)
    except FormatStringError as exc:
        raise FormatException(str(exc)) from None


def _compare(a: Any, b: Any, ignore: Any = False) -> int:
    from pyshell.runtime.dotnet.strings import ignore_case
    from pyshell.runtime.operators import compare_values

    if a is None or b is None:
        return (a is not None) - (b is not None)
    return compare_values(arg.text(a), arg.text(b), case_sensitive=not ignore_case(ignore))


STRING = MemberTable.of("System.String", [
    prop("Empty", "string", lambda ctx: ""),
    method("Compare", _compare, "static int Compare(string strA, string strB)",
           "static int Compare(string strA, string strB, bool ignoreCase)", static=True),
    method("Concat", _concat, "static string Concat(Params System.Object[] args)", static=True),
    method("Equals", lambda a, b, cmp=None: __import__(
        "pyshell.runtime.dotnet.strings", fromlist=["x"])._equals(arg.text(a), b, cmp)
        if a is not None else b is None, "static bool Equals(string a, string b)", static=True),
    method("Format", _format, "static string Format(string format, Params System.Object[] args)",
           static=True),
    method("IsNullOrEmpty", lambda v: v is None or arg.text(v) == "",
           "static bool IsNullOrEmpty(string value)", static=True),
    method("IsNullOrWhiteSpace", lambda v: v is None or arg.text(v).strip() == "",
           "static bool IsNullOrWhiteSpace(string value)", static=True),
    method("Join", _join, "static string Join(string separator, Params string[] value)",
           static=True),
    method("new", lambda value, count=None: arg.text(value) * arg.integer(count) if count is not None
           else "".join(arg.text(v) for v in arg.items(value)), "string new(char c, int count)",
           static=True),
])


# --------------------------------------------------------------------------- numbers

def number_parser(kind: NumericKind, type_name: str) -> Callable[..., Any]:
    def parse(text: Any, *_: Any) -> Any:
        if text is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 's')")
        source = arg.text(text).strip()
        try:
            if kind.is_integer:
                if not source.lstrip("+-").isdigit():
                    raise FormatException(f"The input string '{arg.text(text)}' was not in a "
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
            raise FormatException(f"The input string '{arg.text(text)}' was not in a correct "
                                  "format.") from None
    return parse


def _numeric_table(kind: NumericKind) -> MemberTable:
    members: list[Any] = [method("Parse", number_parser(kind, kind.full_name),
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
                    method("IsNaN", lambda v: math.isnan(arg.double(v)),
                           "static bool IsNaN(double d)", static=True),
                    method("IsInfinity", lambda v: math.isinf(arg.double(v)),
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
        text = arg.text(value)
        ch = text[arg.integer(index)] if index is not None else str(cv.to_char(value))
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
    method("ConvertFromUtf32", lambda n: chr(arg.integer(n)), "static string ConvertFromUtf32(int "
           "utf32)", static=True),
])


def parse_bool(text: Any) -> bool:
    value = arg.text(text).strip().lower()
    if value not in ("true", "false"):
        raise FormatException(f"String '{arg.text(text)}' was not recognized as a valid Boolean.")
    return value == "true"


BOOL = MemberTable.of("System.Boolean", [
    prop("TrueString", "string", lambda ctx: "True"),
    prop("FalseString", "string", lambda ctx: "False"),
    method("Parse", parse_bool, "static bool Parse(string value)", static=True),
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
    "system.collections.arraylist": lambda *args: GenericList(arg.items(args[0]) if args and
                                                              is_collection(args[0]) else []),
    "system.text.stringbuilder": lambda *args: __import__(
        "pyshell.runtime.dotnet.misc", fromlist=["StringBuilder"]).StringBuilder(
        arg.text(args[0]) if args and isinstance(args[0], str) else None),
    "system.object": lambda: __import__("pyshell.runtime.members",
                                        fromlist=["PSObject"]).PSObject(),
    "system.management.automation.pscustomobject": lambda: __import__(
        "pyshell.runtime.members", fromlist=["PSObject"]).PSObject(),
    "system.string": lambda value, count=None: cast(Method, STRING.method("new")).function(
        value, count),
}


def _new_exception(klass: type, args: list[Any]) -> Any:
    """`[ArgumentException]::new('text'[, inner])`; without text, .NET's default message."""
    if args:
        message = arg.text(args[0])
    else:
        message = f"Exception of type '{klass.dotnet_name}' was thrown."  # type: ignore[attr-defined]
    inner = args[1] if len(args) > 1 and isinstance(args[1], BaseException) else None
    return klass(message, inner=inner)


def construct(ps_type: Any, args: list[Any]) -> Any:
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
            size = arg.integer(args[0])
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
