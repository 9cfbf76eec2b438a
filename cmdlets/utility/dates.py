"""Get-Date and New-TimeSpan.

"Now" is the session clock's: a deterministic session (transcripts, tests) starts at
2022-11-23 09:00:00 and moves only when a script sleeps, so dates in output are reproducible.
A DateTime is shown by the DateTime view of `pyshell.formatting.builtin_views`.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Annotated, Callable, Optional, cast

from pyshell.runtime import Alias, Cmdlet, Parameter, ValidateRange, cmdlet
from pyshell.runtime.dotnet_format import (
    DAY_NAMES, MONTH_NAMES, FormatStringError, format_datetime,
)
from pyshell.runtime.errors import ErrorCategory, FormatException

__all__ = ["GetDateCommand", "NewTimeSpanCommand", "CMDLETS", "uformat", "add_months"]

_EPOCH = _dt.datetime(1970, 1, 1)

# -Format names PowerShell adds to .NET's: file-name-safe stamps.
_FILE_FORMATS = {
    "filedate": ("yyyyMMdd", False), "filedateuniversal": ("yyyyMMddZ", True),
    "filedatetime": ("yyyyMMddTHHmmssffff", False),
    "filedatetimeuniversal": ("yyyyMMddTHHmmssffffZ", True),
}


def add_months(value: _dt.datetime, months: int) -> _dt.datetime:
    """DateTime.AddMonths: the day is clamped to the length of the target month."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def _iso_week(value: _dt.datetime) -> tuple[int, int]:
    year, week, _ = value.isocalendar()
    return year, week


def _week_of_year(value: _dt.datetime, first_weekday: int) -> int:
    """Weeks as C's %U (weeks start Sunday, first_weekday=6) or %W (Monday, 0)."""
    day_of_year = value.timetuple().tm_yday - 1
    offset = (value.weekday() - first_weekday) % 7
    return (day_of_year + 7 - offset) // 7


def _hour12(value: _dt.datetime) -> int:
    return value.hour % 12 or 12


def _day(value: _dt.datetime) -> str:
    return DAY_NAMES[value.weekday()]


def _month(value: _dt.datetime) -> str:
    return MONTH_NAMES[value.month - 1]


# `-UFormat` specifiers: the Unix `date` ones PowerShell supports.
_UFORMAT: dict[str, Callable[[_dt.datetime], str]] = {
    "a": lambda v: _day(v)[:3], "A": _day,
    "b": lambda v: _month(v)[:3], "h": lambda v: _month(v)[:3], "B": _month,
    "c": lambda v: format_datetime(v, "ddd MMM dd HH:mm:ss yyyy"),
    "C": lambda v: f"{v.year // 100:02d}",
    "d": lambda v: f"{v.day:02d}", "e": lambda v: f"{v.day:>2}",
    "D": lambda v: format_datetime(v, "MM/dd/yy"),
    "F": lambda v: format_datetime(v, "yyyy-MM-dd"),
    "g": lambda v: f"{_iso_week(v)[0] % 100:02d}", "G": lambda v: str(_iso_week(v)[0]),
    "H": lambda v: f"{v.hour:02d}", "I": lambda v: f"{_hour12(v):02d}",
    "k": lambda v: f"{v.hour:>2}", "l": lambda v: f"{_hour12(v):>2}",
    "j": lambda v: f"{v.timetuple().tm_yday:03d}",
    "m": lambda v: f"{v.month:02d}", "M": lambda v: f"{v.minute:02d}",
    "n": lambda v: "\n", "t": lambda v: "\t",
    "p": lambda v: "AM" if v.hour < 12 else "PM",
    "r": lambda v: format_datetime(v, "hh:mm:ss tt"),
    "R": lambda v: format_datetime(v, "HH:mm"),
    "s": lambda v: str(int((v.replace(tzinfo=None) - _EPOCH).total_seconds())),
    "S": lambda v: f"{v.second:02d}",
    "T": lambda v: format_datetime(v, "HH:mm:ss"), "X": lambda v: format_datetime(v, "HH:mm:ss"),
    "x": lambda v: format_datetime(v, "MM/dd/yy"),
    "u": lambda v: str(v.isoweekday()), "w": lambda v: str(v.isoweekday() % 7),
    "U": lambda v: f"{_week_of_year(v, 6):02d}", "W": lambda v: f"{_week_of_year(v, 0):02d}",
    "V": lambda v: f"{_iso_week(v)[1]:02d}",
    "y": lambda v: f"{v.year % 100:02d}", "Y": lambda v: str(v.year),
    "Z": lambda v: format_datetime(v, "zz") if v.tzinfo else "+00",
    "%": lambda v: "%",
}


def uformat(value: _dt.datetime, spec: str) -> str:
    """`Get-Date -UFormat`: `%` specifiers replaced, an unknown one by its letter."""
    out: list[str] = []
    i = 0
    while i < len(spec):
        if spec[i] != "%" or i + 1 == len(spec):
            out.append(spec[i])
            i += 1
            continue
        code = spec[i + 1]
        i += 2
        render = _UFORMAT.get(code)
        out.append(render(value) if render is not None else code)
    return "".join(out)


@cmdlet("Get", "Date", default_parameter_set="DateAndFormat", output_type=_dt.datetime)
class GetDateCommand(Cmdlet):
    """Gets the current date and time."""

    date: Annotated[Optional[_dt.datetime], Parameter(
        position=0, from_pipeline=True, from_pipeline_by_property_name=True),
        Alias("LastWriteTime")] = None
    unix_time_seconds: Annotated[Optional[int], Parameter(), Alias("UnixTime")] = None
    year: Annotated[Optional[int], Parameter(), ValidateRange(1, 9999)] = None
    month: Annotated[Optional[int], Parameter(), ValidateRange(1, 12)] = None
    day: Annotated[Optional[int], Parameter(), ValidateRange(1, 31)] = None
    hour: Annotated[Optional[int], Parameter(), ValidateRange(0, 23)] = None
    minute: Annotated[Optional[int], Parameter(), ValidateRange(0, 59)] = None
    second: Annotated[Optional[int], Parameter(), ValidateRange(0, 59)] = None
    millisecond: Annotated[Optional[int], Parameter(), ValidateRange(0, 999)] = None
    format: Annotated[Optional[str], Parameter(parameter_set="DateAndFormat")] = None
    u_format: Annotated[Optional[str], Parameter(parameter_set="DateAndUFormat",
                                                  name="UFormat")] = None

    def process_record(self) -> None:
        value = self._base()
        # PowerShell moves the date by the difference for each part given (AddYears,
        # AddMonths, AddDays...), so `-Month 2 -Day 31` rolls over into March.
        if self.year is not None:
            value = add_months(value, (self.year - value.year) * 12)
        if self.month is not None:
            value = add_months(value, self.month - value.month)
        if self.day is not None:
            value += _dt.timedelta(days=self.day - value.day)
        if self.hour is not None:
            value += _dt.timedelta(hours=self.hour - value.hour)
        if self.minute is not None:
            value += _dt.timedelta(minutes=self.minute - value.minute)
        if self.second is not None:
            value += _dt.timedelta(seconds=self.second - value.second)
        if self.millisecond is not None:
            value = value.replace(microsecond=self.millisecond * 1000)
        self.write_object(self._render(value))

    def _base(self) -> _dt.datetime:
        if self.unix_time_seconds is not None:
            return _EPOCH + _dt.timedelta(seconds=self.unix_time_seconds)
        if self.date is not None:
            return self.date
        return cast(_dt.datetime, self.session.clock.now())

    def _render(self, value: _dt.datetime) -> object:
        if self.u_format is not None:
            return uformat(value, self.u_format)
        if self.format is None:
            return value
        spec, universal = _FILE_FORMATS.get(self.format.lower(), (self.format, False))
        if universal and value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
        try:
            return format_datetime(value, spec)
        except FormatStringError as exc:
            raise self.terminating_error(self.error_record(
                FormatException(str(exc)), "FormatException", ErrorCategory.InvalidArgument,
                self.format))


@cmdlet("New", "TimeSpan", default_parameter_set="Date", output_type=_dt.timedelta)
class NewTimeSpanCommand(Cmdlet):
    """Creates a TimeSpan object."""

    start: Annotated[Optional[_dt.datetime], Parameter(
        position=0, parameter_set="Date", from_pipeline_by_property_name=True),
        Alias("LastWriteTime")] = None
    end: Annotated[Optional[_dt.datetime], Parameter(
        position=1, parameter_set="Date", from_pipeline_by_property_name=True)] = None
    days: Annotated[int, Parameter(parameter_set="Time")] = 0
    hours: Annotated[int, Parameter(parameter_set="Time")] = 0
    minutes: Annotated[int, Parameter(parameter_set="Time")] = 0
    seconds: Annotated[int, Parameter(parameter_set="Time")] = 0
    milliseconds: Annotated[int, Parameter(parameter_set="Time")] = 0

    def process_record(self) -> None:
        if self.parameter_set_name == "Time":
            self.write_object(_dt.timedelta(days=self.days, hours=self.hours,
                                            minutes=self.minutes, seconds=self.seconds,
                                            milliseconds=self.milliseconds))
            return
        now = self.session.clock.now()
        start = self.start if self.start is not None else now
        end = self.end if self.end is not None else now
        self.write_object(_naive(end) - _naive(start))


def _naive(value: _dt.datetime) -> _dt.datetime:
    # .NET subtracts DateTimes by their ticks whatever their kind; so do we.
    return value.replace(tzinfo=None)


CMDLETS = (GetDateCommand, NewTimeSpanCommand)
