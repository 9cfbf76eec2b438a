""".NET formatting: composite format strings (`-f`), number, DateTime and TimeSpan formats.

Numbers follow .NET Core 3.0+: the default `ToString()` of a double is the shortest text that
round-trips (`0.1 + 0.2` -> `0.30000000000000004`), switching to `E+XX` notation from 1E+15,
and formatting with a precision rounds the *exact* binary value half away from zero. Culture
is the invariant culture, except that `C` uses `$` and `P` puts `%` right after the number as
en-US does (what PowerShell users see in the documentation).
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
import struct
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Callable, Optional, Sequence

__all__ = [
    "format_double", "format_single", "format_decimal", "format_number", "format_value",
    "composite_format", "format_datetime", "format_timespan", "default_datetime_string",
    "FormatStringError", "DAY_NAMES", "MONTH_NAMES",
]


class FormatStringError(ValueError):
    """A malformed format string or a missing argument (.NET FormatException)."""


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


# --------------------------------------------------------------------------- digits

def _shortest_digits(value: float, single: bool = False) -> tuple[str, int]:
    """The shortest round-trip digits of a finite non-negative float and the decimal
    exponent of the first digit (123.4 -> ("1234", 2))."""
    if value == 0:
        return "0", 0
    if single:
        target = struct.pack("f", value)
        for precision in range(1, 10):
            text = f"{value:.{precision - 1}e}"
            if struct.pack("f", float(text)) == target:
                break
    else:
        text = repr(value)
    mantissa, _, exp = text.lower().partition("e")
    exponent = int(exp) if exp else 0
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    # position of the first significant digit
    lead = len(int_part.lstrip("0")) if int_part.strip("0") else -(len(frac_part) - len(frac_part.lstrip("0")))
    exponent += (lead - 1) if int_part.strip("0") else lead - 1
    return digits.rstrip("0") or "0", exponent


def _place(digits: str, exponent: int, scientific_from: int, exp_letter: str = "E",
           exp_min_digits: int = 2) -> str:
    """Lay out significant digits .NET "G"-style: fixed unless the exponent is at least
    `scientific_from` or -5 and below."""
    if exponent >= scientific_from or exponent < -4:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        sign = "+" if exponent >= 0 else "-"
        return f"{mantissa}{exp_letter}{sign}{abs(exponent):0{exp_min_digits}d}"
    if exponent < 0:
        return "0." + "0" * (-exponent - 1) + digits
    if len(digits) <= exponent + 1:
        return digits + "0" * (exponent + 1 - len(digits))
    return digits[:exponent + 1] + "." + digits[exponent + 1:]


def _special(value: float) -> Optional[str]:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "∞"
    if value == float("-inf"):
        return "-∞"
    return None


def format_double(value: float, single: bool = False) -> str:
    """Default `ToString()` of a double (or a single): shortest round-trip text."""
    special = _special(value)
    if special is not None:
        return special
    sign = "-" if value < 0 or (value == 0 and str(value).startswith("-")) else ""
    if value == 0:
        return "-0" if sign else "0"
    digits, exponent = _shortest_digits(abs(value), single)
    return sign + _place(digits, exponent, 7 if single else 15)


def format_single(value: float) -> str:
    return format_double(value, single=True)


def format_decimal(value: Decimal) -> str:
    """`[decimal]` keeps its scale: 1.50d -> 1.50, never exponent notation."""
    text = format(value, "f")
    return "0" if text in ("-0", "0") and value.is_zero() else text


# --------------------------------------------------------------------------- standard numeric

_STANDARD_RE = re.compile(r"^([CcDdEeFfGgNnPpRrXxBb])(\d{0,9})$")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_bits(value: Any) -> int:
    kind = getattr(value, "kind", None)
    if kind is not None and kind.maximum is not None:
        bits: int = (kind.maximum - (kind.minimum or 0)).bit_length()
        return bits
    return 32 if -2**31 <= value < 2**31 else 64


def _exact(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(value) if not isinstance(value, float) else Decimal(float(value))


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 400
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fixed(value: Decimal, places: int, group: bool = False) -> str:
    text = format(_round(abs(value), places), "f")
    int_part, _, frac = text.partition(".")
    if group:
        int_part = f"{int(int_part):,}"
    out = int_part + ("." + frac if places > 0 else "")
    # .NET Core 3.0+ keeps the sign of a negative value that rounds to zero ("-0.00").
    return ("-" if value < 0 or (value == 0 and value.is_signed()) else "") + out


def _scientific(value: Decimal, places: int, letter: str, min_exp_digits: int = 3) -> str:
    if value == 0:
        mantissa, exponent = Decimal(0), 0
    else:
        exponent = value.copy_abs().adjusted()
        mantissa = _round(value.copy_abs().scaleb(-exponent), places)
        if mantissa >= 10:
            exponent += 1
            mantissa = _round(value.copy_abs().scaleb(-exponent), places)
    sign = "-" if value < 0 else ""
    exp_sign = "+" if exponent >= 0 else "-"
    return f"{sign}{format(mantissa, 'f')}{letter}{exp_sign}{abs(exponent):0{min_exp_digits}d}"


def _general(value: Any, precision: int, letter: str) -> str:
    if precision == 0:
        if isinstance(value, float):
            return format_double(value, single=_is_single(value))
        if isinstance(value, Decimal):
            return format_decimal(value)
        return str(int(value))
    exact = _exact(value)
    if exact == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = precision
        ctx.rounding = ROUND_HALF_UP
        rounded = +exact
    sign, digit_tuple, exp = rounded.as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    exponent = rounded.adjusted()
    text = _place(digits, exponent, precision, letter)
    return ("-" if sign else "") + text


def _is_single(value: Any) -> bool:
    return type(value).__name__ == "Single"


def format_number(value: Any, spec: str) -> str:
    """`value.ToString(spec)` for a number: standard (`N2`, `X8`, ...) or custom (`#,##0.00`)."""
    match = _STANDARD_RE.match(spec) if spec else None
    if not spec:
        return _default_number(value)
    if not match:
        if isinstance(value, float) and _special(value):
            return _special(value)  # type: ignore[return-value]
        return _custom_number(value, spec)
    letter, digits = match.group(1), match.group(2)
    precision = int(digits) if digits else None
    upper = letter.upper()
    if isinstance(value, float) and _special(value) and upper not in "XDB":
        return _special(value)  # type: ignore[return-value]
    if upper == "D":
        if not _is_integer(value):
            raise FormatStringError("Format specifier was invalid.")
        text = str(abs(int(value))).rjust(precision or 0, "0")
        return ("-" if value < 0 else "") + text
    if upper in "XB":
        if not _is_integer(value):
            raise FormatStringError("Format specifier was invalid.")
        number = int(value)
        if number < 0:
            number += 1 << _int_bits(value)
        text = format(number, "x" if letter == "x" else "X" if upper == "X" else "b")
        return text.rjust(precision or 0, "0")
    exact = _exact(value)
    if upper == "F":
        return _fixed(exact, 2 if precision is None else precision)
    if upper == "N":
        return _fixed(exact, 2 if precision is None else precision, group=True)
    if upper == "P":
        return _fixed(exact * 100, 2 if precision is None else precision, group=True) + "%"
    if upper == "C":
        text = _fixed(exact, 2 if precision is None else precision, group=True)
        return "-$" + text[1:] if text.startswith("-") else "$" + text
    if upper == "E":
        return _scientific(exact, 6 if precision is None else precision, letter)
    if upper == "G":
        return _general(value, precision or 0, "E" if letter == "G" else "e")
    return _default_number(value)  # R


def _default_number(value: Any) -> str:
    if isinstance(value, float):
        return format_double(value, single=_is_single(value))
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(int(value))


# --------------------------------------------------------------------------- custom numeric

def _split_sections(spec: str) -> list[str]:
    sections, current, quote, i = [], "", "", 0
    while i < len(spec):
        ch = spec[i]
        if quote:
            current += ch
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            current += ch
        elif ch == "\\" and i + 1 < len(spec):
            current += spec[i:i + 2]
            i += 1
        elif ch == ";":
            sections.append(current)
            current = ""
        else:
            current += ch
        i += 1
    sections.append(current)
    return sections


def _custom_number(value: Any, spec: str) -> str:
    sections = _split_sections(spec)
    # .NET formats a double for a custom format from its first 15 significant digits
    # (DoublePrecisionCustomFormat), so 1.005 shows as 1.01 with "0.00" but 1.00 with "F2".
    exact = Decimal(f"{value:.14e}") if isinstance(value, float) and math.isfinite(
        value) else _exact(value)
    section = sections[0]
    negative_explicit = False
    if exact < 0 and len(sections) > 1 and sections[1]:
        section, negative_explicit = sections[1], True
    elif exact == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    text = _custom_section(abs(exact) if negative_explicit or exact >= 0 else -exact, section)
    if exact < 0 and not negative_explicit and any(c.isdigit() and c != "0" for c in text):
        return "-" + text
    return text


_EXP_RE = re.compile(r"[eE][+-]?0+")


def _custom_section(value: Decimal, section: str) -> str:
    """One section of a custom numeric format, `value` already non-negative."""
    # Tokenise: placeholders, literals (quoted or escaped) and special characters.
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch in "'\"":
            end = section.find(ch, i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("lit", section[i + 1:end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            tokens.append(("lit", section[i + 1]))
            i += 2
            continue
        exp = _EXP_RE.match(section, i) if ch in "eE" else None
        if exp and any(t[0] == "digit" for t in tokens):
            tokens.append(("exp", exp.group(0)))
            i = exp.end()
            continue
        if ch in "0#":
            tokens.append(("digit", ch))
        elif ch in ".,%‰":
            tokens.append((ch, ch))
        else:
            tokens.append(("lit", ch))
        i += 1
    point = next((n for n, t in enumerate(tokens) if t[0] == "."), None)
    int_tokens = tokens if point is None else tokens[:point]
    frac_tokens = [] if point is None else tokens[point + 1:]
    exp_token = next((t for t in tokens if t[0] == "exp"), None)
    # Trailing commas right before the point (or the end) scale by 1000 each.
    scale = 0
    k = len(int_tokens) - 1
    while k >= 0 and int_tokens[k][0] == ",":
        scale += 1
        k -= 1
    grouping = any(t[0] == "," for t in int_tokens[:k + 1]) and any(
        t[0] == "digit" for t in int_tokens[:k + 1])
    value = value / (Decimal(1000) ** scale) if scale else value
    if any(t[0] == "%" for t in tokens):
        value *= 100
    if any(t[0] == "‰" for t in tokens):
        value *= 1000
    frac_places = sum(1 for t in frac_tokens if t[0] == "digit" and t[1] in "0#")
    if exp_token:
        frac_tokens = [t for t in frac_tokens if t[0] != "exp"]
        int_digits = max(1, sum(1 for t in int_tokens if t[0] == "digit"))
        exponent = value.adjusted() - (int_digits - 1) if value else 0
        value = value.scaleb(-exponent)
    rounded = _round(value, frac_places)
    int_str, _, frac_str = format(rounded, "f").partition(".")
    frac_str = frac_str.ljust(frac_places, "0")
    min_int = 0
    seen_zero = False
    for t in int_tokens:
        if t[0] == "digit" and (t[1] == "0" or seen_zero):
            seen_zero = True
            min_int += 1
        elif t[0] == "digit":
            pass
    int_str = int_str.lstrip("0")
    int_str = int_str.rjust(min_int, "0")
    if grouping and int_str:
        int_str = f"{int(int_str):,}"
    # Fractional part: '0' always shows, '#' drops trailing zeros.
    last_zero = max((n for n, t in enumerate(t for t in frac_tokens if t[0] == "digit")
                     if t[1] == "0"), default=-1)
    frac_digits = frac_str[:frac_places]
    keep = len(frac_digits.rstrip("0"))
    frac_digits = frac_digits[:max(keep, last_zero + 1)]
    # Assemble: literals keep their places; the integer digits go at the first placeholder.
    out: list[str] = []
    placed = False
    for t in int_tokens:
        if t[0] == "digit":
            if not placed:
                out.append(int_str)
                placed = True
        elif t[0] == "lit" or t[0] in "%‰":
            out.append(t[1])
    if not placed:
        out.append(int_str)
    if frac_digits:
        out.append(".")
    frac_iter = iter(frac_digits)
    for t in frac_tokens:
        if t[0] == "digit":
            out.append(next(frac_iter, ""))
        elif t[0] == "exp":
            pass
        elif t[0] != ",":
            out.append(t[1])
    if exp_token:
        mark = exp_token[1]
        sign = "-" if exponent < 0 else ("+" if "+" in mark else "")
        width = mark.count("0")
        out.append(f"{mark[0]}{sign}{abs(exponent):0{width}d}")
    return "".join(out)


# --------------------------------------------------------------------------- DateTime

def default_datetime_string(value: _dt.datetime) -> str:
    """What PowerShell shows for a DateTime converted to a string (invariant culture)."""
    return value.strftime("%m/%d/%Y %H:%M:%S")


_DATETIME_STANDARD: dict[str, str] = {
    "d": "MM/dd/yyyy", "D": "dddd, dd MMMM yyyy", "f": "dddd, dd MMMM yyyy HH:mm",
    "F": "dddd, dd MMMM yyyy HH:mm:ss", "g": "MM/dd/yyyy HH:mm", "G": "MM/dd/yyyy HH:mm:ss",
    "m": "MMMM dd", "M": "MMMM dd", "o": "yyyy-MM-ddTHH:mm:ss.fffffffK",
    "O": "yyyy-MM-ddTHH:mm:ss.fffffffK", "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "s": "yyyy-MM-ddTHH:mm:ss",
    "t": "HH:mm", "T": "HH:mm:ss", "u": "yyyy-MM-dd HH:mm:ssZ",
    "U": "dddd, dd MMMM yyyy HH:mm:ss", "y": "yyyy MMMM", "Y": "yyyy MMMM",
}

_DT_TOKEN_RE = re.compile(r"(y+|M+|d+|H+|h+|m+|s+|f+|F+|t+|z+|K|g+|'[^']*'|\"[^\"]*\"|\\.|%|.)",
                          re.S)


def _offset(value: _dt.datetime, width: int) -> str:
    offset = value.utcoffset()
    if offset is None:
        offset = _dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    if width == 1:
        return f"{sign}{hours}"
    if width == 2:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{mins:02d}"


def _datetime_token(value: _dt.datetime, token: str) -> str:
    ch, n = token[0], len(token)
    ticks = value.microsecond * 10
    if ch == "y":
        return str(value.year % 100).zfill(2 if n == 2 else 1) if n <= 2 else str(value.year).zfill(n)
    if ch == "M":
        return (str(value.month).zfill(n) if n <= 2 else
                MONTH_NAMES[value.month - 1][:3] if n == 3 else MONTH_NAMES[value.month - 1])
    if ch == "d":
        day_name = DAY_NAMES[value.weekday()]
        return str(value.day).zfill(n) if n <= 2 else day_name[:3] if n == 3 else day_name
    if ch == "H":
        return str(value.hour).zfill(min(n, 2))
    if ch == "h":
        return str(value.hour % 12 or 12).zfill(min(n, 2))
    if ch == "m":
        return str(value.minute).zfill(min(n, 2))
    if ch == "s":
        return str(value.second).zfill(min(n, 2))
    if ch in "fF":
        digits = f"{ticks:07d}"[:n]
        return digits.rstrip("0") if ch == "F" else digits
    if ch == "t":
        marker = "AM" if value.hour < 12 else "PM"
        return marker[:1] if n == 1 else marker
    if ch == "z":
        return _offset(value, n)
    if ch == "K":
        return _offset(value, 3) if value.tzinfo is not None else ""
    if ch == "g":
        return "A.D."
    if token[0] in "'\"":
        return token[1:-1]
    if token[0] == "\\":
        return token[1:]
    if token == "%":
        return ""
    return token


def format_datetime(value: _dt.datetime, spec: Optional[str] = None) -> str:
    """`DateTime.ToString(spec)`: standard (`d`, `s`, `o`, `U`, ...) or custom formats."""
    if not spec:
        return default_datetime_string(value)
    if len(spec) == 1:
        if spec not in _DATETIME_STANDARD:
            raise FormatStringError("Input string was not in a correct format.")
        if spec == "U" and value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
        spec = _DATETIME_STANDARD[spec]
    return "".join(_datetime_token(value, tok) for tok in _DT_TOKEN_RE.findall(spec))


# --------------------------------------------------------------------------- TimeSpan

_TICKS_PER_SECOND = 10_000_000


def _timespan_parts(value: _dt.timedelta) -> tuple[str, int, int, int, int, int]:
    ticks = (value.days * 86400 + value.seconds) * _TICKS_PER_SECOND + value.microseconds * 10
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    seconds, fraction = divmod(ticks, _TICKS_PER_SECOND)
    minutes, sec = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    return sign, days, hour, minute, sec, fraction


_TS_TOKEN_RE = re.compile(r"(d+|h+|m+|s+|f+|F+|'[^']*'|\"[^\"]*\"|\\.|%|.)", re.S)


def format_timespan(value: _dt.timedelta, spec: Optional[str] = None) -> str:
    """`TimeSpan.ToString(spec)`: `c` (the default), `g`, `G` or a custom format."""
    sign, days, hour, minute, sec, fraction = _timespan_parts(value)
    if not spec or spec in ("c", "t", "T"):
        text = f"{sign}{str(days) + '.' if days else ''}{hour:02d}:{minute:02d}:{sec:02d}"
        return text + (f".{fraction:07d}" if fraction else "")
    if spec == "g":
        text = f"{sign}{str(days) + ':' if days else ''}{hour}:{minute:02d}:{sec:02d}"
        return text + (f".{fraction:07d}".rstrip("0") if fraction else "")
    if spec == "G":
        return f"{sign}{days}:{hour:02d}:{minute:02d}:{sec:02d}.{fraction:07d}"
    out = []
    for tok in _TS_TOKEN_RE.findall(spec):
        ch, n = tok[0], len(tok)
        if ch == "d":
            out.append(str(days).zfill(n))
        elif ch == "h":
            out.append(str(hour).zfill(min(n, 2)))
        elif ch == "m":
            out.append(str(minute).zfill(min(n, 2)))
        elif ch == "s":
            out.append(str(sec).zfill(min(n, 2)))
        elif ch in "fF":
            digits = f"{fraction:07d}"[:n]
            out.append(digits.rstrip("0") if ch == "F" else digits)
        elif ch in "'\"":
            out.append(tok[1:-1])
        elif ch == "\\":
            out.append(tok[1:])
        elif tok == "%":
            continue
        else:
            # .NET rejects unescaped literals in TimeSpan custom formats.
            raise FormatStringError("Input string was not in a correct format.")
    return "".join(out)


# --------------------------------------------------------------------------- any value

def format_value(value: Any, spec: Optional[str], to_string: Callable[[Any], str]) -> str:
    """`value.ToString(spec)` for whatever the value is; types without format support
    ignore the format (as .NET does for non-IFormattable objects)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return _format_enum(value, spec)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, spec or "")
    if isinstance(value, _dt.datetime):
        return format_datetime(value, spec)
    if isinstance(value, _dt.timedelta):
        return format_timespan(value, spec)
    return to_string(value)


def _format_enum(value: enum.Enum, spec: Optional[str]) -> str:
    raw = value.value if isinstance(value.value, int) else list(type(value)).index(value)
    if spec and spec.upper() == "D":
        return str(raw)
    if spec and spec.upper() == "X":
        return f"{raw:08X}"
    return value.name


def composite_format(template: str, args: Sequence[Any],
                     to_string: Callable[[Any], str]) -> str:
    """String.Format: `{index[,alignment][:format]}` with `{{`/`}}` escapes."""
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        ch = template[i]
        if ch == "}":
            if i + 1 < n and template[i + 1] == "}":
                out.append("}")
                i += 2
                continue
            raise FormatStringError("Input string was not in a correct format.")
        if ch != "{":
            out.append(ch)
            i += 1
            continue
        if i + 1 < n and template[i + 1] == "{":
            out.append("{")
            i += 2
            continue
        end = template.find("}", i)
        if end < 0:
            raise FormatStringError("Input string was not in a correct format.")
        item = template[i + 1:end]
        i = end + 1
        head, colon, spec = item.partition(":")
        index_text, _, align_text = head.partition(",")
        try:
            index = int(index_text.strip())
            alignment = int(align_text.strip()) if align_text.strip() else 0
        except ValueError:
            raise FormatStringError("Input string was not in a correct format.") from None
        if not 0 <= index < len(args):
            raise FormatStringError("Index (zero based) must be greater than or equal to zero "
                                    "and less than the size of the argument list.")
        text = format_value(args[index], spec if colon else None, to_string)
        out.append(text.ljust(-alignment) if alignment < 0 else text.rjust(alignment))
    return "".join(out)


