"""System.DateTime and System.TimeSpan instance members.

A TimeSpan's components carry the sign of the whole span as in .NET (-90 minutes has Hours
-1 and Minutes -30), which Python's `timedelta` normalisation does not.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from typing import Any, cast

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet.table import MemberTable, method, prop, register_instance_table
from pyshell.runtime.dotnet_format import format_datetime, format_timespan
from pyshell.runtime.errors import ArgumentOutOfRangeException
from pyshell.runtime.values import Int64

__all__ = ["DayOfWeek", "DateTimeKind", "ticks_of", "timespan_from_ticks", "TICKS_PER_SECOND",
           "EPOCH", "parse_exact"]

TICKS_PER_SECOND = 10_000_000
EPOCH = _dt.datetime(1, 1, 1)


class DayOfWeek(enum.Enum):
    __ps_typenames__ = ("System.DayOfWeek",)

    Sunday = 0
    Monday = 1
    Tuesday = 2
    Wednesday = 3
    Thursday = 4
    Friday = 5
    Saturday = 6


class DateTimeKind(enum.Enum):
    __ps_typenames__ = ("System.DateTimeKind",)

    Unspecified = 0
    Utc = 1
    Local = 2


def ticks_of(span: _dt.timedelta) -> int:
    return (span.days * 86400 + span.seconds) * TICKS_PER_SECOND + span.microseconds * 10


def timespan_from_ticks(ticks: int) -> _dt.timedelta:
    return _dt.timedelta(microseconds=ticks // 10) if ticks >= 0 else -_dt.timedelta(
        microseconds=(-ticks) // 10)


def _component(span: _dt.timedelta, unit_ticks: int, modulo: int) -> int:
    ticks = ticks_of(span)
    value = abs(ticks) // unit_ticks
    if modulo:
        value %= modulo
    return -value if ticks < 0 else value


def _number(value: Any) -> float:
    return float(cv.to_double(value))


def _add(dt: _dt.datetime, **units: float) -> _dt.datetime:
    try:
        return dt + _dt.timedelta(**units)
    except OverflowError:
        raise ArgumentOutOfRangeException("The added or subtracted value results in an "
                                          "un-representable DateTime. (Parameter 'value')") \
            from None


def _add_months(dt: _dt.datetime, months: Any) -> _dt.datetime:
    import calendar

    total = dt.year * 12 + (dt.month - 1) + int(cv.to_int(months))
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ArgumentOutOfRangeException("The added or subtracted value results in an "
                                          "un-representable DateTime. (Parameter 'months')")
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def _subtract(dt: _dt.datetime, other: Any) -> Any:
    if isinstance(other, _dt.datetime):
        return dt - other
    return dt - cv.to_timespan(other)


def _kind(dt: _dt.datetime) -> DateTimeKind:
    if dt.tzinfo is None:
        return DateTimeKind.Unspecified
    return DateTimeKind.Utc if dt.utcoffset() == _dt.timedelta(0) else DateTimeKind.Local


def _to_string_dt(dt: _dt.datetime, fmt: Any = None, *_: Any) -> str:
    return format_datetime(dt, None if fmt is None else cv.to_string(fmt))


def _compare(a: Any, b: Any) -> int:
    return cast(int, (a > b) - (a < b))


DATETIME_TABLE = MemberTable.of("System.DateTime", [
    prop("Date", "datetime", lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0)),
    prop("Day", "int", lambda d: d.day),
    prop("DayOfWeek", "System.DayOfWeek", lambda d: DayOfWeek((d.weekday() + 1) % 7)),
    prop("DayOfYear", "int", lambda d: d.timetuple().tm_yday),
    prop("Hour", "int", lambda d: d.hour),
    prop("Kind", "System.DateTimeKind", _kind),
    prop("Microsecond", "int", lambda d: d.microsecond % 1000),
    prop("Millisecond", "int", lambda d: d.microsecond // 1000),
    prop("Minute", "int", lambda d: d.minute),
    prop("Month", "int", lambda d: d.month),
    prop("Nanosecond", "int", lambda d: 0),
    prop("Second", "int", lambda d: d.second),
    prop("Ticks", "long", lambda d: Int64(ticks_of(d.replace(tzinfo=None) - EPOCH))),
    prop("TimeOfDay", "timespan", lambda d: _dt.timedelta(
        hours=d.hour, minutes=d.minute, seconds=d.second, microseconds=d.microsecond)),
    prop("Year", "int", lambda d: d.year),
    method("Add", lambda d, span: d + cv.to_timespan(span), "datetime Add(timespan value)"),
    method("AddDays", lambda d, n: _add(d, days=_number(n)), "datetime AddDays(double value)"),
    method("AddHours", lambda d, n: _add(d, hours=_number(n)),
           "datetime AddHours(double value)"),
    method("AddMilliseconds", lambda d, n: _add(d, milliseconds=_number(n)),
           "datetime AddMilliseconds(double value)"),
    method("AddMinutes", lambda d, n: _add(d, minutes=_number(n)),
           "datetime AddMinutes(double value)"),
    method("AddMonths", _add_months, "datetime AddMonths(int months)"),
    method("AddSeconds", lambda d, n: _add(d, seconds=_number(n)),
           "datetime AddSeconds(double value)"),
    method("AddTicks", lambda d, n: _add(d, microseconds=int(cv.to_number(n)) / 10),
           "datetime AddTicks(long value)"),
    method("AddYears", lambda d, n: _add_months(d, int(cv.to_int(n)) * 12),
           "datetime AddYears(int value)"),
    method("CompareTo", lambda d, other: _compare(d, cv.to_datetime(other)),
           "int CompareTo(System.Object value)", "int CompareTo(datetime value)"),
    method("Equals", lambda d, other: isinstance(other, _dt.datetime) and d == other,
           "bool Equals(System.Object value)", "bool Equals(datetime value)"),
    method("IsDaylightSavingTime", lambda d: False, "bool IsDaylightSavingTime()"),
    method("Subtract", _subtract, "timespan Subtract(datetime value)",
           "datetime Subtract(timespan value)"),
    method("ToLocalTime", lambda d: d, "datetime ToLocalTime()"),
    method("ToLongDateString", lambda d: format_datetime(d, "D"), "string ToLongDateString()"),
    method("ToLongTimeString", lambda d: format_datetime(d, "T"), "string ToLongTimeString()"),
    method("ToShortDateString", lambda d: format_datetime(d, "d"),
           "string ToShortDateString()"),
    method("ToShortTimeString", lambda d: format_datetime(d, "t"),
           "string ToShortTimeString()"),
    method("ToString", _to_string_dt, "string ToString()", "string ToString(string format)",
           "string ToString(string format, System.IFormatProvider provider)"),
    method("ToUniversalTime", lambda d: d.astimezone(_dt.timezone.utc) if d.tzinfo else
           d.replace(tzinfo=_dt.timezone.utc), "datetime ToUniversalTime()"),
])


def _to_string_ts(span: _dt.timedelta, fmt: Any = None, *_: Any) -> str:
    return format_timespan(span, None if fmt is None else cv.to_string(fmt))


_DAY, _HOUR, _MINUTE = 86400 * TICKS_PER_SECOND, 3600 * TICKS_PER_SECOND, 60 * TICKS_PER_SECOND

TIMESPAN_TABLE = MemberTable.of("System.TimeSpan", [
    prop("Days", "int", lambda s: _component(s, _DAY, 0)),
    prop("Hours", "int", lambda s: _component(s, _HOUR, 24)),
    prop("Milliseconds", "int", lambda s: _component(s, TICKS_PER_SECOND // 1000, 1000)),
    prop("Minutes", "int", lambda s: _component(s, _MINUTE, 60)),
    prop("Seconds", "int", lambda s: _component(s, TICKS_PER_SECOND, 60)),
    prop("Ticks", "long", lambda s: Int64(ticks_of(s))),
    prop("TotalDays", "double", lambda s: ticks_of(s) / _DAY),
    prop("TotalHours", "double", lambda s: ticks_of(s) / _HOUR),
    prop("TotalMilliseconds", "double", lambda s: ticks_of(s) / (TICKS_PER_SECOND / 1000)),
    prop("TotalMinutes", "double", lambda s: ticks_of(s) / _MINUTE),
    prop("TotalSeconds", "double", lambda s: ticks_of(s) / TICKS_PER_SECOND),
    method("Add", lambda s, other: s + cv.to_timespan(other), "timespan Add(timespan ts)"),
    method("CompareTo", lambda s, other: _compare(s, cv.to_timespan(other)),
           "int CompareTo(System.Object value)", "int CompareTo(timespan value)"),
    method("Duration", lambda s: abs(s), "timespan Duration()"),
    method("Equals", lambda s, other: isinstance(other, _dt.timedelta) and s == other,
           "bool Equals(System.Object value)", "bool Equals(timespan obj)"),
    method("Negate", lambda s: -s, "timespan Negate()"),
    method("Subtract", lambda s, other: s - cv.to_timespan(other),
           "timespan Subtract(timespan ts)"),
    method("ToString", _to_string_ts, "string ToString()", "string ToString(string format)"),
])

_EXACT_TOKENS = re.compile(r"(yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|"
                           r"f{1,7}|F{1,7}|tt|t|zzz|zz|z|K|'[^']*'|\\.|.)", re.S)
_EXACT_PARTS = {
    "yyyy": r"(?P<year>\d{4})", "yy": r"(?P<year2>\d{2})", "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "MMM": r"(?P<monthabbr>[A-Za-z]{3})", "MM": r"(?P<month>\d{2})", "M": r"(?P<month>\d{1,2})",
    "dddd": r"[A-Za-z]+", "ddd": r"[A-Za-z]{3}", "dd": r"(?P<day>\d{2})",
    "d": r"(?P<day>\d{1,2})", "HH": r"(?P<hour>\d{2})", "H": r"(?P<hour>\d{1,2})",
    "hh": r"(?P<hour12>\d{2})", "h": r"(?P<hour12>\d{1,2})", "mm": r"(?P<minute>\d{2})",
    "m": r"(?P<minute>\d{1,2})", "ss": r"(?P<second>\d{2})", "s": r"(?P<second>\d{1,2})",
    "tt": r"(?P<ampm>[AaPp][Mm])", "t": r"(?P<ampm>[AaPp])",
}


def parse_exact(text: str, formats: list[str]) -> _dt.datetime:
    """DateTime.ParseExact with the invariant culture's custom format specifiers."""
    from pyshell.runtime.dotnet_format import _DATETIME_STANDARD, MONTH_NAMES
    from pyshell.runtime.errors import FormatException

    for fmt in formats:
        spec = _DATETIME_STANDARD.get(fmt, fmt) if len(fmt) == 1 else fmt
        pattern: list[str] = []
        for token in _EXACT_TOKENS.findall(spec):
            if token in _EXACT_PARTS:
                part = _EXACT_PARTS[token]
                # a group name may appear once only
                if "(?P<" in part and part[4:part.index(">")] in "".join(pattern):
                    part = re.sub(r"\(\?P<[a-z0-9]+>", "(?:", part)
                pattern.append(part)
            elif token[0] in "fF":
                pattern.append(rf"(?P<fraction>\d{{{len(token)}}})")
            elif token[0] == "'":
                pattern.append(re.escape(token[1:-1]))
            elif token[0] == "\\":
                pattern.append(re.escape(token[1:]))
            elif token[0] in "zK":
                pattern.append(r"(?P<offset>Z|[+-]\d{1,2}(?::?\d{2})?)?")
            else:
                pattern.append(re.escape(token))
        match = re.fullmatch("".join(pattern), text.strip())
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts.get("year") or 0) or (2000 + int(parts["year2"]) if parts.get("year2")
                                               else 1)
        month = int(parts.get("month") or 0)
        for key, names in (("monthname", MONTH_NAMES), ("monthabbr",
                                                          [n[:3] for n in MONTH_NAMES])):
            if parts.get(key):
                lowered = [n.lower() for n in names]
                if parts[key].lower() in lowered:
                    month = lowered.index(parts[key].lower()) + 1
        hour = int(parts.get("hour") or 0)
        if parts.get("hour12"):
            hour = int(parts["hour12"]) % 12
            if (parts.get("ampm") or "a").lower().startswith("p"):
                hour += 12
        fraction = parts.get("fraction") or "0"
        try:
            return _dt.datetime(year, month or 1, int(parts.get("day") or 1), hour,
                                int(parts.get("minute") or 0), int(parts.get("second") or 0),
                                int(fraction.ljust(6, "0")[:6]))
        except ValueError:
            continue
    raise FormatException(f"String '{text}' was not recognized as a valid DateTime.")


register_instance_table(_dt.datetime, DATETIME_TABLE)
register_instance_table(_dt.timedelta, TIMESPAN_TABLE)
