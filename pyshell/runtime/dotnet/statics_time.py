"""Static members for time and identity: `[datetime]` (Now, Today, Parse, ParseExact),
`[timespan]` (FromSeconds, ...), `[guid]` (NewGuid), `[version]`, and `[enum]` (GetNames,
GetValues, Parse), plus the per-enum member tables (`[VMState]::Running`).

Members that depend on time or randomness (`[datetime]::Now`, `[guid]::NewGuid()`) take
the caller's context: its `clock.now()` and `random` (the session's, virtual in
deterministic sessions), or those of `context.session`; without one, the real ones.
"""

from __future__ import annotations

import datetime as _dt
import enum
import uuid
from typing import Any, Callable, cast

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet import args as arg
from pyshell.runtime.conversion_parse import parse_datetime
from pyshell.runtime.dotnet.table import (
    MemberTable, Method, Property, method, prop, register_static_table,
)
from pyshell.runtime.errors import (
    ArgumentException, ArgumentOutOfRangeException, FormatException, OverflowException,
)
from pyshell.runtime.values import Version

__all__ = ["enum_static_table"]


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
        return cast(_dt.datetime, clock.now())
    return _dt.datetime.now()


def _parse_exact(text: Any, fmt: Any, *_: Any) -> _dt.datetime:
    from pyshell.runtime.dotnet.datetimes import parse_exact

    return parse_exact(arg.text(text), [arg.text(f) for f in arg.items(fmt)])


def _datetime_parse(text: Any, *_: Any) -> _dt.datetime:
    try:
        return parse_datetime(arg.text(text))
    except cv.ConversionFailure as failure:
        raise FormatException(failure.reason or "") from None


def _days_in_month(year: Any, month: Any) -> int:
    import calendar

    return calendar.monthrange(arg.integer(year), arg.integer(month))[1]


def _is_leap(year: Any) -> bool:
    import calendar

    return calendar.isleap(arg.integer(year))


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
        return cv.to_datetime(arg.long_integer(args[0]))
    parts = [arg.integer(a) for a in args[:7]]
    if len(parts) == 7:
        parts[6] *= 1000  # milliseconds
    try:
        return cast(Callable[..., _dt.datetime], _dt.datetime)(*parts)
    except ValueError:
        raise ArgumentOutOfRangeException("Year, Month, and Day parameters describe an "
                                          "un-representable DateTime.") from None


def _span(unit: str) -> Callable[[Any], _dt.timedelta]:
    def make(value: Any) -> _dt.timedelta:
        try:
            return _dt.timedelta(**{unit: arg.double(value)})
        except OverflowError:
            raise OverflowException("TimeSpan overflowed because the duration is too "
                                    "long.") from None
    return make


def _timespan_parse(text: Any) -> _dt.timedelta:
    try:
        return cv.to_timespan(arg.text(text))
    except cv.ConversionFailure as failure:
        raise FormatException(failure.reason or "") from None


def _new_timespan(*args: Any) -> _dt.timedelta:
    if len(args) == 1:
        return _dt.timedelta(microseconds=arg.long_integer(args[0]) / 10)
    numbers = [arg.integer(a) for a in args]
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
    method("FromTicks", lambda v: _dt.timedelta(microseconds=arg.long_integer(v) / 10),
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
        return uuid.UUID(arg.text(text).strip())
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
        return Version.parse(arg.text(text))
    except ValueError as exc:
        raise ArgumentException(str(exc)) from None


VERSION = MemberTable.of("System.Version", [
    method("Parse", _version_parse, "static version Parse(string input)", static=True),
    method("new", lambda *args: _version_parse(args[0]) if len(args) == 1 else
           Version(*[arg.integer(a) for a in args]), "version new(int major, int minor)",
           "version new(string version)", static=True),
])


# --------------------------------------------------------------------------- [enum]

def _enum_type(value: Any) -> Any:
    from pyshell.runtime.types import PSType, resolve_type

    ps_type = value if isinstance(value, PSType) else resolve_type(arg.text(value))
    if ps_type is None or not ps_type.is_enum:
        raise ArgumentException("Type provided must be an Enum. (Parameter 'enumType')")
    return ps_type


def _enum_parse(enum_type: Any, text: Any, ignore: Any = True) -> Any:
    ps_type = _enum_type(enum_type)
    try:
        return cv.to_enum(arg.text(text), ps_type.python_class)
    except cv.ConversionFailure:
        raise ArgumentException(f"Requested value '{arg.text(text)}' was not found.") from None


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
    members: list[Property | Method] = [
        prop(m.name, ps_type.full_name, lambda ctx, m=m: m) for m in klass]
    if issubclass(klass, enum.Flag) and "None" not in klass.__members__:
        members.append(prop("None", ps_type.full_name, lambda ctx: klass(0)))
    members.append(method("Parse", lambda text: _enum_parse(ps_type, text),
                          f"static {ps_type.full_name} Parse(string value)", static=True))
    return MemberTable.of(ps_type.full_name, members)


register_static_table("System.DateTime", DATETIME)
register_static_table("System.TimeSpan", TIMESPAN)
register_static_table("System.Guid", GUID)
register_static_table("System.Version", VERSION)
register_static_table("System.Enum", ENUM)
