"""The values of the output streams: action preferences, redirections and stream records.

`WarningRecord`, `VerboseRecord`, `DebugRecord` and `InformationRecord` are what `3>&1`,
`4>&1`, `5>&1` and `6>&1` put into the success stream (their `ToString()` is the message);
`ProgressRecord` is what Write-Progress hands to the host.
"""

from __future__ import annotations

import enum
from typing import Any, Iterable

from attrs import field, frozen

__all__ = ["ActionPreference", "RedirectionStream", "Redirection", "WarningRecord",
           "VerboseRecord", "DebugRecord", "InformationRecord", "ProgressRecord",
           "ProgressRecordType"]


class ActionPreference(enum.Enum):
    """System.Management.Automation.ActionPreference (values as in .NET)."""

    SilentlyContinue = 0
    Stop = 1
    Continue = 2
    Inquire = 3
    Ignore = 4
    Suspend = 5
    Break = 6

    __ps_typenames__ = ("System.Management.Automation.ActionPreference",
                        "System.Enum", "System.ValueType")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def parse(cls, value: Any, default: ActionPreference) -> ActionPreference:
        """A preference variable's value (an enum member, its name or its number)."""
        if isinstance(value, ActionPreference):
            return value
        if value is None:
            return default
        if isinstance(value, bool):
            return default
        if isinstance(value, int):
            try:
                return cls(int(value))
            except ValueError:
                return default
        text = str(getattr(value, "name", value)).strip().lower()
        for member in cls:
            if member.name.lower() == text:
                return member
        return default


class RedirectionStream(enum.Enum):
    """The stream numbers of `n>`: `*` is ALL."""

    ALL = 0
    OUTPUT = 1
    ERROR = 2
    WARNING = 3
    VERBOSE = 4
    DEBUG = 5
    INFORMATION = 6


@frozen
class Redirection:
    """`2>&1` is (ERROR, "output"); `3>$null` is (WARNING, "null"); `2>> f` is
    (ERROR, "f", append=True). The compiler builds these; `to` is "output", "null" or a
    file path (already evaluated)."""

    from_stream: RedirectionStream
    to: str
    append: bool = False


# --------------------------------------------------------------------------- records

def _str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@frozen
class WarningRecord:
    __ps_typenames__ = ("System.Management.Automation.WarningRecord",
                        "System.Management.Automation.InformationalRecord")
    message: str

    def __str__(self) -> str:
        return self.message


@frozen
class VerboseRecord:
    __ps_typenames__ = ("System.Management.Automation.VerboseRecord",
                        "System.Management.Automation.InformationalRecord")
    message: str

    def __str__(self) -> str:
        return self.message


@frozen
class DebugRecord:
    __ps_typenames__ = ("System.Management.Automation.DebugRecord",
                        "System.Management.Automation.InformationalRecord")
    message: str

    def __str__(self) -> str:
        return self.message


@frozen
class InformationRecord:
    __ps_typenames__ = ("System.Management.Automation.InformationRecord",)
    message_data: Any
    source: str = ""
    tags: tuple[str, ...] = field(default=(), converter=_str_tuple)

    def __str__(self) -> str:
        data = self.message_data
        if data is None:
            return ""
        try:
            from pyshell.runtime.conversion import to_string
            return to_string(data)
        except Exception:
            return str(data)


class ProgressRecordType(enum.Enum):
    Processing = 0
    Completed = 1

    __ps_typenames__ = ("System.Management.Automation.ProgressRecordType",)


@frozen
class ProgressRecord:
    __ps_typenames__ = ("System.Management.Automation.ProgressRecord",)
    activity: str
    status_description: str = "Processing"
    activity_id: int = 0
    parent_activity_id: int = -1
    percent_complete: int = -1
    seconds_remaining: int = -1
    current_operation: str = ""
    record_type: ProgressRecordType = ProgressRecordType.Processing

    def __str__(self) -> str:
        return (f"parent = {self.parent_activity_id} id = {self.activity_id} "
                f"act = {self.activity} stat = {self.status_description} "
                f"cur = {self.current_operation} pct = {self.percent_complete} "
                f"sec = {self.seconds_remaining} type = {self.record_type.name}")
