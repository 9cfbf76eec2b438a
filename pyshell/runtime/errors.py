"""Error records and the exception hierarchy scripts catch by their .NET names.

Every failure a user can see is an `ErrorRecord`: an exception (a `PSException` subclass
whose `dotnet_name` is the .NET type a script can name in `catch [T]`), a
FullyQualifiedErrorId, a category, a target object and the invocation position.

Two Python exceptions carry records through the runtime:
- `RuntimeException` (and subclasses) is a terminating error: it unwinds to the nearest
  `try`/`trap`, or ends the statement (or script, for `throw` and -ErrorAction Stop).
- A non-terminating error is not an exception at all: a cmdlet calls `write_error(record)`.
"""

from __future__ import annotations

import enum
from typing import Any, Optional

from attrs import evolve, field, frozen

from pyshell.language.ast import Extent

__all__ = [
    "ErrorCategory", "ErrorCategoryInfo", "InvocationInfo", "ErrorRecord",
    "PSException", "RuntimeException", "ParseException", "IncompleteParseException",
    "ParameterBindingException", "CommandNotFoundException", "ItemNotFoundException",
    "ArgumentException", "ArgumentNullException", "ArgumentOutOfRangeException",
    "InvalidOperationException", "InvalidCastException", "FormatException",
    "DivideByZeroException", "ArithmeticException", "OverflowException",
    "NotSupportedException", "NotImplementedException", "IndexOutOfRangeException",
    "KeyNotFoundException", "NullReferenceException", "MethodInvocationException",
    "PipelineStoppedException", "ActionPreferenceStopException", "MetadataException",
    "ValidationMetadataException", "ArgumentTransformationMetadataException",
    "IOException", "FileNotFoundException", "UnauthorizedAccessException",
    "TimeoutException", "ScriptCallDepthException", "PSInvalidOperationException",
    "PSArgumentException", "WildcardPatternException", "JsonException",
    "exception_type_by_name", "exception_types",
]


class ErrorCategory(enum.Enum):
    """System.Management.Automation.ErrorCategory, in .NET order (the value is the number)."""

    NotSpecified = 0
    OpenError = 1
    CloseError = 2
    DeviceError = 3
    DeadlockDetected = 4
    InvalidArgument = 5
    InvalidData = 6
    InvalidOperation = 7
    InvalidResult = 8
    InvalidType = 9
    MetadataError = 10
    NotImplemented = 11
    NotInstalled = 12
    ObjectNotFound = 13
    OperationStopped = 14
    OperationTimeout = 15
    SyntaxError = 16
    ParserError = 17
    PermissionDenied = 18
    ResourceBusy = 19
    ResourceExists = 20
    ResourceUnavailable = 21
    ReadError = 22
    WriteError = 23
    FromStdErr = 24
    SecurityError = 25
    ProtocolError = 26
    ConnectionError = 27
    AuthenticationError = 28
    LimitsExceeded = 29
    QuotaExceeded = 30
    NotEnabled = 31

    def __str__(self) -> str:
        return self.name


@frozen
class InvocationInfo:
    """Where an error happened: the command's name and the script position."""

    my_command: Optional[str] = None
    extent: Optional[Extent] = None
    script_name: Optional[str] = None
    # True when the text came from an interactive one-line input (ConciseView prints one line).
    interactive_single_line: bool = False

    @property
    def script_line_number(self) -> int:
        return self.extent.start_line if self.extent else 0

    @property
    def offset_in_line(self) -> int:
        return self.extent.start_column if self.extent else 0

    @property
    def line(self) -> str:
        if not self.extent or not self.extent.source:
            return ""
        lines = self.extent.source.splitlines()
        i = self.extent.start_line - 1
        return lines[i] if 0 <= i < len(lines) else ""

    @property
    def position_message(self) -> str:
        if not self.extent:
            return ""
        where = self.script_name or "line"
        return f"At {where}:{self.script_line_number} char:{self.offset_in_line}\n+ {self.line}"


@frozen
class ErrorCategoryInfo:
    """`$_.CategoryInfo`: `ToString()` is `Category: (Target:TargetType) [Activity], Reason`."""

    category: ErrorCategory = ErrorCategory.NotSpecified
    activity: str = ""
    reason: str = ""
    target_name: str = ""
    target_type: str = ""

    def __str__(self) -> str:
        return (f"{self.category.name}: ({self.target_name}:{self.target_type}) "
                f"[{self.activity}], {self.reason}")


class PSException(Exception):
    """Base of every exception a script can catch; `dotnet_name` is what `catch [T]` matches.

    `dotnet_bases` lists the .NET base classes (most derived first) so that
    `catch [System.Exception]` or `catch [ArgumentException]` match subclasses, and
    `$_.Exception.GetType().FullName` prints the real name.
    """

    dotnet_name = "System.Exception"

    def __init__(self, message: str = "", *, inner: Optional[BaseException] = None,
                 error_record: Optional[ErrorRecord] = None) -> None:
        super().__init__(message)
        self.message = message
        self.inner_exception = inner
        self._error_record = error_record

    @classmethod
    def dotnet_names(cls) -> list[str]:
        """This type's .NET name and its .NET bases' names, most derived first."""
        names: list[str] = []
        for klass in cls.__mro__:
            name = klass.__dict__.get("dotnet_name")
            if name and name not in names:
                names.append(name)
        return names

    @property
    def error_record(self) -> Optional[ErrorRecord]:
        return self._error_record

    @error_record.setter
    def error_record(self, record: Optional[ErrorRecord]) -> None:
        self._error_record = record

    def __str__(self) -> str:
        return self.message


class RuntimeException(PSException):
    dotnet_name = "System.Management.Automation.RuntimeException"


class ParseException(RuntimeException):
    dotnet_name = "System.Management.Automation.ParseException"


class IncompleteParseException(ParseException):
    dotnet_name = "System.Management.Automation.IncompleteParseException"


class ParameterBindingException(RuntimeException):
    dotnet_name = "System.Management.Automation.ParameterBindingException"


class CommandNotFoundException(RuntimeException):
    dotnet_name = "System.Management.Automation.CommandNotFoundException"


class ItemNotFoundException(RuntimeException):
    dotnet_name = "System.Management.Automation.ItemNotFoundException"


class MetadataException(RuntimeException):
    dotnet_name = "System.Management.Automation.MetadataException"


class ValidationMetadataException(MetadataException):
    dotnet_name = "System.Management.Automation.ValidationMetadataException"


class ArgumentTransformationMetadataException(MetadataException):
    dotnet_name = "System.Management.Automation.ArgumentTransformationMetadataException"


class PipelineStoppedException(RuntimeException):
    dotnet_name = "System.Management.Automation.PipelineStoppedException"


class ActionPreferenceStopException(RuntimeException):
    dotnet_name = "System.Management.Automation.ActionPreferenceStopException"


class MethodInvocationException(RuntimeException):
    dotnet_name = "System.Management.Automation.MethodInvocationException"


class ScriptCallDepthException(RuntimeException):
    dotnet_name = "System.Management.Automation.ScriptCallDepthException"


class PSInvalidOperationException(RuntimeException):
    dotnet_name = "System.Management.Automation.PSInvalidOperationException"


class WildcardPatternException(RuntimeException):
    dotnet_name = "System.Management.Automation.WildcardPatternException"


class SystemException(PSException):
    dotnet_name = "System.SystemException"


class ArgumentException(SystemException):
    dotnet_name = "System.ArgumentException"


class PSArgumentException(ArgumentException):
    dotnet_name = "System.Management.Automation.PSArgumentException"


class ArgumentNullException(ArgumentException):
    dotnet_name = "System.ArgumentNullException"


class ArgumentOutOfRangeException(ArgumentException):
    dotnet_name = "System.ArgumentOutOfRangeException"


class InvalidOperationException(SystemException):
    dotnet_name = "System.InvalidOperationException"


class InvalidCastException(SystemException):
    dotnet_name = "System.InvalidCastException"


class FormatException(SystemException):
    dotnet_name = "System.FormatException"


class ArithmeticException(SystemException):
    dotnet_name = "System.ArithmeticException"


class DivideByZeroException(ArithmeticException):
    dotnet_name = "System.DivideByZeroException"


class OverflowException(ArithmeticException):
    dotnet_name = "System.OverflowException"


class NotSupportedException(SystemException):
    dotnet_name = "System.NotSupportedException"


class NotImplementedException(SystemException):
    dotnet_name = "System.NotImplementedException"


class IndexOutOfRangeException(SystemException):
    dotnet_name = "System.IndexOutOfRangeException"


class KeyNotFoundException(SystemException):
    dotnet_name = "System.Collections.Generic.KeyNotFoundException"


class NullReferenceException(SystemException):
    dotnet_name = "System.NullReferenceException"


class IOException(SystemException):
    dotnet_name = "System.IO.IOException"


class FileNotFoundException(IOException):
    dotnet_name = "System.IO.FileNotFoundException"


class UnauthorizedAccessException(SystemException):
    dotnet_name = "System.UnauthorizedAccessException"


class TimeoutException(SystemException):
    dotnet_name = "System.TimeoutException"


class JsonException(PSException):
    dotnet_name = "System.Text.Json.JsonException"


def exception_types() -> list[type[PSException]]:
    """Every exception class defined here (and in subclasses defined by modules)."""
    seen: list[type[PSException]] = []
    stack: list[type[PSException]] = [PSException]
    while stack:
        klass = stack.pop()
        seen.append(klass)
        stack.extend(klass.__subclasses__())
    return seen


def exception_type_by_name(name: str) -> Optional[type[PSException]]:
    """Find an exception class by its .NET full name or short name, case-insensitively
    (`DivideByZeroException`, `System.DivideByZeroException`, `Exception`)."""
    wanted = name.lower().lstrip("[").rstrip("]")
    for klass in exception_types():
        full = klass.__dict__.get("dotnet_name", "")
        if not full:
            continue
        if wanted in (full.lower(), full.rsplit(".", 1)[-1].lower()):
            return klass
    return None


@frozen
class ErrorRecord:
    """System.Management.Automation.ErrorRecord.

    `error_id` is the bare id (`NamedParameterNotFound`); `command_type_name` is what
    PowerShell appends after a comma in FullyQualifiedErrorId (the cmdlet's .NET class name,
    e.g. `Microsoft.PowerShell.Commands.GetItemCommand` or
    `Microsoft.HyperV.PowerShell.Commands.GetVM`), empty for script errors.
    """

    exception: PSException
    error_id: str
    category: ErrorCategory = ErrorCategory.NotSpecified
    target_object: Any = None
    invocation_info: Optional[InvocationInfo] = None
    command_type_name: str = ""
    # Set by Write-Error -RecommendedAction etc.; `ErrorDetails.Message` overrides the text shown.
    error_details_message: Optional[str] = None
    recommended_action: str = ""
    # The "reason" ConciseView prints before the colon when it is not the command name
    # (e.g. "Exception" for `throw`); computed by the error view when empty.
    activity: str = ""
    script_stack_trace: str = field(default="", eq=False)

    @property
    def fully_qualified_error_id(self) -> str:
        if self.command_type_name:
            return f"{self.error_id},{self.command_type_name}"
        return self.error_id

    @property
    def message(self) -> str:
        return self.error_details_message or self.exception.message

    @property
    def category_info(self) -> ErrorCategoryInfo:
        target = self.target_object
        target_name = "" if target is None else str(target)
        target_type = "" if target is None else _dotnet_type_name(target)
        activity = self.activity or (self.invocation_info.my_command if self.invocation_info
                                     and self.invocation_info.my_command else "")
        return ErrorCategoryInfo(self.category, activity, type(self.exception).dotnet_name
                                 .rsplit(".", 1)[-1], target_name, target_type)

    def with_invocation(self, info: InvocationInfo) -> ErrorRecord:
        return evolve(self, invocation_info=info)

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_exception(cls, exc: PSException, error_id: str = "",
                       category: ErrorCategory = ErrorCategory.NotSpecified,
                       target: Any = None) -> ErrorRecord:
        """The record of an exception, reusing the one it already carries."""
        if exc.error_record is not None:
            return exc.error_record
        record = cls(exc, error_id or type(exc).dotnet_name.rsplit(".", 1)[-1], category, target)
        exc.error_record = record
        return record


def _dotnet_type_name(value: Any) -> str:
    # A light guess for CategoryInfo; the runtime's type table gives the real names.
    names = {str: "String", int: "Int32", float: "Double", bool: "Boolean"}
    return names.get(type(value), type(value).__name__)
