"""Get-Date and New-TimeSpan.

"Now" is the session clock's: a deterministic session (transcripts, tests) starts at
2022-11-23 09:00:00 and moves only when a script sleeps, so dates in output are reproducible.
A DateTime is shown by the DateTime view of `pyshell.formatting.builtin_views`.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Annotated, Optional

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


def uformat(value: _dt.datetime, spec: str) -> str:
    """`Get-Date -UFormat`: the Unix `date` format specifiers PowerShell supports."""
    day_name = DAY_NAMES[value.weekday()]
    month_name = MONTH_NAMES[value.month - 1]
    hour12 = value.hour % 12 or 12
    out: list[str] = []
    i = 0
    while i < len(spec):
        ch = spec[i]
        if ch != "%" or i + 1 == len(spec):
            out.append(ch)
            i += 1
            continue
        code = spec[i + 1]
        i += 2
        out.append({
            "a": lambda: day_name[:3], "A": lambda: day_name,
            "b": lambda: month_name[:3], "h": lambda: month_name[:3], "B": lambda: month_name,
            "c": lambda: format_datetime(value, "ddd MMM dd HH:mm:ss yyyy"),
            "C": lambda: f"{value.year // 100:02d}",
            "d": lambda: f"{value.day:02d}", "e": lambda: f"{value.day:>2}",
            "D": lambda: format_datetime(value, "MM/dd/yy"),
            "F": lambda: format_datetime(value, "yyyy-MM-dd"),
            "g": lambda: f"{_iso_week(value)[0] % 100:02d}",
            "G": lambda: str(_iso_week(value)[0]),
            "H": lambda: f"{value.hour:02d}", "I": lambda: f"{hour12:02d}",
            "k": lambda: f"{value.hour:>2}", "l": lambda: f"{hour12:>2}",
            "j": lambda: f"{value.timetuple().tm_yday:03d}",
            "m": lambda: f"{value.month:02d}", "M": lambda: f"{value.minute:02d}",
            "n": lambda: "\n", "t": lambda: "\t",
            "p": lambda: "AM" if value.hour < 12 else "PM",
            "r": lambda: format_datetime(value, "hh:mm:ss tt"),
            "R": lambda: format_datetime(value, "HH:mm"),
            "s": lambda: str(int((value.replace(tzinfo=None) - _EPOCH).total_seconds())),
            "S": lambda: f"{value.second:02d}",
            "T": lambda: format_datetime(value, "HH:mm:ss"),
            "X": lambda: format_datetime(value, "HH:mm:ss"),
            "x": lambda: format_datetime(value, "MM/dd/yy"),
            "u": lambda: str(value.isoweekday()), "w": lambda: str(value.isoweekday() % 7),
            "U": lambda: f"{_week_of_year(value, 6):02d}",
            "W": lambda: f"{_week_of_year(value, 0):02d}",
            "V": lambda: f"{_iso_week(value)[1]:02d}",
            "y": lambda: f"{value.year % 100:02d}", "Y": lambda: str(value.year),
            "Z": lambda: format_datetime(value, "zz") if value.tzinfo else "+00",
            "%": lambda: "%",
        }.get(code, lambda: code)())
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
        return self.session.clock.now()

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
