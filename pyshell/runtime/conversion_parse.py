"""How PowerShell reads text as a number, a date or a time span.

`parse_number` follows the number literal syntax (hex and binary, type suffixes `l u ul s us
y uy n d`, multipliers `kb`..`pb`); the compiler can type literals with it and conversions of
strings use it, so `[int]"0x1F"`, `" 12 "` and `"1kb"` all work as in PowerShell. Dates and
time spans parse as the invariant culture does.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Optional

from pyshell.runtime.values import Int64, NumericKind, make_integer

__all__ = [
    "ConversionFailure", "OUT_OF_RANGE_TEXT", "out_of_range", "round_half_even",
    "parse_number", "parse_datetime", "parse_timespan",
]


class ConversionFailure(Exception):
    """Raised by the converters; `convert_to` turns it into PowerShell's error.

    `reason` is the inner .NET message; None means there is no conversion at all between the
    two types (a different message shape).
    """

    def __init__(self, reason: Optional[str] = None, error_id: str = "") -> None:
        super().__init__(reason or "")
        self.reason = reason
        self.error_id = error_id


OUT_OF_RANGE_TEXT: dict[NumericKind, str] = {
    NumericKind.Byte: "an unsigned byte", NumericKind.SByte: "a signed byte",
    NumericKind.Int16: "an Int16", NumericKind.UInt16: "a UInt16",
    NumericKind.Int32: "an Int32", NumericKind.UInt32: "a UInt32",
    NumericKind.Int64: "an Int64", NumericKind.UInt64: "a UInt64",
    NumericKind.Decimal: "a Decimal", NumericKind.BigInteger: "a BigInteger",
}


def out_of_range(kind: NumericKind) -> ConversionFailure:
    """.NET's text for a value outside an integer (or decimal) type's range."""
    return ConversionFailure(
        f"Value was either too large or too small for {OUT_OF_RANGE_TEXT.get(kind, kind.name)}.",
        "InvalidCastIConvertible")


def round_half_even(value: Any) -> int:
    """Banker's rounding as .NET casts do (`[int]2.5` is 2, `[int]3.5` is 4)."""
    if isinstance(value, Decimal):
        return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))
    return int(round(value))


_NUMBER_RE = re.compile(
    r"""^\s*(?P<sign>[+-])?
    (?:(?P<hex>0x[0-9a-f]+)|(?P<bin>0b[01]+)|(?P<dec>(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?))
    (?P<suffix>ul|lu|uy|us|u|l|s|y|n|d)?
    (?P<mult>kb|mb|gb|tb|pb)?\s*$""",
    re.IGNORECASE | re.VERBOSE)

_MULTIPLIERS = {"kb": 2**10, "mb": 2**20, "gb": 2**30, "tb": 2**40, "pb": 2**50}
_SUFFIX_KINDS = {
    "l": NumericKind.Int64, "u": NumericKind.UInt32, "ul": NumericKind.UInt64,
    "lu": NumericKind.UInt64, "s": NumericKind.Int16, "us": NumericKind.UInt16,
    "y": NumericKind.SByte, "uy": NumericKind.Byte, "n": NumericKind.BigInteger,
}


def _integer_literal(number: int) -> Any:
    if -2**63 <= number < 2**63:
        return number  # plain int: Int32 when it fits, else Int64
    return Decimal(number) if abs(number) < 2**96 else float(number)


def parse_number(text: str) -> Any:
    """Parse a string the way PowerShell reads a number literal, or None when it is not one.

    Hex up to 8 digits is an Int32 (`0xFFFFFFFF` is -1), up to 16 an Int64; decimal integers
    are Int32, Int64, then Decimal; a point or exponent makes a Double; the `d` suffix a
    Decimal; multipliers `kb`..`pb` scale the value.
    """
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    sign = -1 if match.group("sign") == "-" else 1
    suffix = (match.group("suffix") or "").lower()
    mult = _MULTIPLIERS.get((match.group("mult") or "").lower(), 1)
    value: Any
    if match.group("hex") or match.group("bin"):
        digits = match.group("hex") or match.group("bin")
        base = 16 if match.group("hex") else 2
        raw = int(digits[2:], base)
        width = len(digits) - 2
        bits_per_digit = 4 if base == 16 else 1
        if suffix == "n":
            value = raw
        elif width * bits_per_digit <= 32 and not suffix.startswith("l") and suffix != "ul":
            value = raw - 2**32 if raw >= 2**31 and "u" not in suffix else raw
        elif width * bits_per_digit <= 64:
            if raw >= 2**63 and "u" not in suffix:
                # all 64 bits: a negative Int64 even when it would fit an Int32 (-1)
                return Int64(sign * (raw - 2**64) * mult) if not suffix else \
                    _to_kind_checked(sign * (raw - 2**64) * mult, _SUFFIX_KINDS[suffix])
            value = raw
        else:
            return None
        value = sign * value * mult
    else:
        dec = match.group("dec")
        is_real = "." in dec or "e" in dec.lower()
        if suffix == "d":
            value = Decimal(dec) * sign * mult
            return value
        if is_real:
            number = float(dec) * sign * mult
            if suffix:
                kind = _SUFFIX_KINDS[suffix]
                return _to_kind_checked(round_half_even(number), kind)
            return number
        value = int(dec) * sign * mult
    if suffix and suffix != "d":
        return _to_kind_checked(value, _SUFFIX_KINDS[suffix])
    if match.group("dec") is None and (-2**31 <= value < 2**31):
        return value
    if mult != 1 and not -2**31 <= value < 2**31:
        return Int64(value) if -2**63 <= value < 2**63 else float(value)
    return _integer_literal(value)


def _to_kind_checked(number: int, kind: NumericKind) -> int:
    if not kind.fits(number):
        raise out_of_range(kind)
    return make_integer(number, kind)


# --------------------------------------------------------------------------- dates, time spans

_DATE_FORMATS = (
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%d %B %Y %H:%M:%S",
    "%A, %d %B %Y %H:%M:%S", "%A, %d %B %Y", "%a, %d %b %Y %H:%M:%S GMT", "%H:%M:%S", "%H:%M",
)


def parse_datetime(text: str, today: Optional[_dt.date] = None) -> _dt.datetime:
    """Invariant-culture DateTime.Parse: ISO 8601, `MM/dd/yyyy [HH:mm[:ss]]` and friends."""
    stripped = text.strip()
    iso = stripped[:-1] + "+00:00" if stripped.endswith("Z") else stripped
    try:
        parsed = _dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            # DateTime.Parse turns a time with an offset into local time; the shell's local
            # time is UTC, so it becomes the UTC clock time (comparable with every other).
            parsed = parsed.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return parsed
    for fmt in _DATE_FORMATS:
        try:
            parsed = _dt.datetime.strptime(stripped, fmt)
        except ValueError:
            continue
        if fmt.startswith("%H") or fmt.startswith("%I"):
            base = today or _dt.date(1, 1, 1)
            parsed = parsed.replace(year=base.year, month=base.month, day=base.day)
        return parsed
    raise ConversionFailure(f"String '{text}' was not recognized as a valid DateTime.")


_TIMESPAN_RE = re.compile(
    r"^\s*(?P<sign>-)?(?:(?P<days>\d+)\.|(?P<cdays>\d+):(?=\d+:\d+:))?(?P<h>\d{1,2}):"
    r"(?P<m>\d{1,2})(?::(?P<s>\d{1,2})(?:\.(?P<f>\d{1,7}))?)?\s*$")


def parse_timespan(value: Any) -> _dt.timedelta:
    if isinstance(value, _dt.timedelta):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return _dt.timedelta(days=int(text))
        match = _TIMESPAN_RE.match(text)
        if not match:
            raise ConversionFailure(f"String '{value}' was not recognized as a valid TimeSpan.")
        hours, minutes = int(match.group("h")), int(match.group("m"))
        seconds = int(match.group("s") or 0)
        if hours > 23 or minutes > 59 or seconds > 59:
            raise ConversionFailure("The TimeSpan string '{0}' could not be parsed because at "
                                    "least one of the numeric components is out of range or "
                                    "contains too many digits.".replace("{0}", value))
        fraction = int((match.group("f") or "0").ljust(7, "0"))
        days = int(match.group("days") or match.group("cdays") or 0)
        span = _dt.timedelta(days=days, hours=hours, minutes=minutes,
                             seconds=seconds, microseconds=fraction // 10)
        return -span if match.group("sign") else span
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return _dt.timedelta(microseconds=int(value) / 10)
        except OverflowError:
            raise ConversionFailure("TimeSpan overflowed because the duration is too "
                                    "long.") from None
    raise ConversionFailure(None)
