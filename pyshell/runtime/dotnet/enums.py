"""Small .NET enums scripts name in arguments: `[StringSplitOptions]::RemoveEmptyEntries`,
`[StringComparison]::OrdinalIgnoreCase`, `[MidpointRounding]::AwayFromZero`,
`[ConsoleColor]::Red`. The string and math methods accept these or their names."""

from __future__ import annotations

import enum

__all__ = ["StringSplitOptions", "StringComparison", "MidpointRounding", "ConsoleColor",
           "RUNTIME_ENUMS"]


class StringSplitOptions(enum.Flag):
    __ps_typenames__ = ("System.StringSplitOptions",)

    RemoveEmptyEntries = 1
    TrimEntries = 2


class StringComparison(enum.Enum):
    __ps_typenames__ = ("System.StringComparison",)

    CurrentCulture = 0
    CurrentCultureIgnoreCase = 1
    InvariantCulture = 2
    InvariantCultureIgnoreCase = 3
    Ordinal = 4
    OrdinalIgnoreCase = 5


class MidpointRounding(enum.Enum):
    __ps_typenames__ = ("System.MidpointRounding",)

    ToEven = 0
    AwayFromZero = 1
    ToZero = 2
    ToNegativeInfinity = 3
    ToPositiveInfinity = 4


class ConsoleColor(enum.Enum):
    __ps_typenames__ = ("System.ConsoleColor",)

    Black = 0
    DarkBlue = 1
    DarkGreen = 2
    DarkCyan = 3
    DarkRed = 4
    DarkMagenta = 5
    DarkYellow = 6
    Gray = 7
    DarkGray = 8
    Blue = 9
    Green = 10
    Cyan = 11
    Red = 12
    Magenta = 13
    Yellow = 14
    White = 15


# (module, class name, full name or None to use __ps_typenames__): the runtime's own enums,
# registered as types when the type table is built.
RUNTIME_ENUMS: tuple[tuple[str, str, str | None], ...] = (
    ("pyshell.runtime.dotnet.enums", "StringSplitOptions", None),
    ("pyshell.runtime.dotnet.enums", "StringComparison", None),
    ("pyshell.runtime.dotnet.enums", "MidpointRounding", None),
    ("pyshell.runtime.dotnet.enums", "ConsoleColor", None),
    ("pyshell.runtime.dotnet.datetimes", "DayOfWeek", None),
    ("pyshell.runtime.dotnet.datetimes", "DateTimeKind", None),
    ("pyshell.runtime.regex", "RegexOptions", None),
    ("pyshell.runtime.errors", "ErrorCategory", "System.Management.Automation.ErrorCategory"),
    ("pyshell.runtime.streams", "ActionPreference", None),
)
