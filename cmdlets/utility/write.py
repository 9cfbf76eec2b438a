"""Write-Output, Write-Host, Write-Error, Write-Warning, Write-Verbose, Write-Debug,
Write-Information, Write-Progress: the streams, as cmdlets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Optional

from pyshell.formatting.objects import dictionary_entries, is_collection, to_string
from pyshell.runtime import (Alias, AllowEmptyCollection, AllowNull, Cmdlet, Example, Parameter,
                             Switch, ValidateRange, cmdlet)
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, InvocationInfo, PSException, RuntimeException,
)
from pyshell.runtime.streams import ProgressRecord, ProgressRecordType

__all__ = [
    "WriteOutputCommand", "WriteHostCommand", "WriteErrorCommand", "WriteWarningCommand",
    "WriteVerboseCommand", "WriteDebugCommand", "WriteInformationCommand",
    "WriteProgressCommand", "WriteErrorException",
]


class WriteErrorException(RuntimeException):
    dotnet_name = "Microsoft.PowerShell.Commands.WriteErrorException"


@cmdlet("Write", "Output")
class WriteOutputCommand(Cmdlet):
    """Writes the specified objects to the pipeline."""

    examples = (Example("Write-Output 1, 2 -NoEnumerate", "Writes the array as one object."),)

    # PSObject[] as in PowerShell: the positional arguments all land here (`Write-Output 1 2
    # 3`), one element each, and a piped object arrives as a one-element array.
    input_object: Annotated[Optional[list[Any]],
                            Parameter(mandatory=True, position=0, from_pipeline=True,
                                      from_remaining_arguments=True),
                            AllowNull(), AllowEmptyCollection()] = None
    no_enumerate: Annotated[Switch, Parameter()] = Switch(False)

    def process_record(self) -> None:
        values = self.input_object
        enumerate_collection = not self.no_enumerate
        if values is None:
            self.write_object(None)
            return
        for value in values:
            self.write_object(value, enumerate_collection=enumerate_collection)


def _host_text(value: Any, separator: str) -> str:
    """Write-Host's text: collections unrolled (recursively), everything else ToString."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return separator.join(_host_text(e, separator) for e in dictionary_entries(value))
    if is_collection(value):
        return separator.join(_host_text(v, separator) for v in value)
    return to_string(value)


_COLORS = ("Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta",
           "DarkYellow", "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta",
           "Yellow", "White")


def _color(name: Optional[Any]) -> Optional[str]:
    if name is None:
        return None
    text = to_string(name)
    for color in _COLORS:
        if color.lower() == text.lower():
            return color
    return text


@cmdlet("Write", "Host")
class WriteHostCommand(Cmdlet):
    """Writes customized output to a host."""

    examples = (Example("Write-Host 'a' 'b' -Separator ', '", "Writes a, b to the console."),)

    # Every positional argument lands here (`Write-Host a b`): a remaining-arguments
    # parameter collects them all, whatever its position.
    object: Annotated[Any, Parameter(position=0, from_pipeline=True,
                                     from_remaining_arguments=True),
                      Alias("Msg", "Message")] = None
    no_newline: Annotated[Switch, Parameter()] = Switch(False)
    separator: Annotated[Any, Parameter()] = " "
    foreground_color: Annotated[Any, Parameter()] = None
    background_color: Annotated[Any, Parameter()] = None

    def process_record(self) -> None:
        separator = to_string(self.separator) if self.separator is not None else ""
        text = "" if self.object is None else _host_text(self.object, separator)
        self.write_host(text, newline=not self.no_newline,
                        foreground=_color(self.foreground_color),
                        background=_color(self.background_color))


@cmdlet("Write", "Error", default_parameter_set="NoException")
class WriteErrorCommand(Cmdlet):
    """Writes an object to the error stream."""

    exception: Annotated[Any, Parameter(mandatory=True, parameter_set="WithException")] = None
    message: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                                parameter_set="NoException",
                                                from_pipeline=True),
                       Parameter(parameter_set="WithException"), Alias("Msg")] = None
    error_record: Annotated[Any, Parameter(mandatory=True, parameter_set="ErrorRecord")] = None
    category: Annotated[ErrorCategory, Parameter(parameter_set="NoException"),
                        Parameter(parameter_set="WithException")] = ErrorCategory.NotSpecified
    error_id: Annotated[Optional[str], Parameter(parameter_set="NoException"),
                        Parameter(parameter_set="WithException")] = None
    target_object: Annotated[Any, Parameter(parameter_set="NoException"),
                             Parameter(parameter_set="WithException")] = None
    recommended_action: Annotated[Optional[str], Parameter()] = None
    category_activity: Annotated[Optional[str], Parameter(), Alias("Activity")] = None
    category_reason: Annotated[Optional[str], Parameter(), Alias("Reason")] = None
    category_target_name: Annotated[Optional[str], Parameter(), Alias("TargetName")] = None
    category_target_type: Annotated[Optional[str], Parameter(), Alias("TargetType")] = None

    def _record(self) -> ErrorRecord:
        if self.error_record is not None and isinstance(self.error_record, ErrorRecord):
            return self.error_record
        exc = self.exception
        if exc is not None and not isinstance(exc, PSException):
            exc = WriteErrorException(to_string(getattr(exc, "message", exc)))
        message = self.message
        if exc is None:
            exc = WriteErrorException(message or "")
            details = None
        else:
            details = message
        error_id = self.error_id or "Microsoft.PowerShell.Commands.WriteErrorException"
        caller = self._caller_invocation()
        # From a function the id names it (`...WriteErrorException,f`); from the top level,
        # no command.
        origin = caller.my_command if caller is not self.my_invocation else ""
        return ErrorRecord(exc, error_id, self.category or ErrorCategory.NotSpecified,
                           self.target_object, caller, origin or "",
                           error_details_message=details,
                           recommended_action=self.recommended_action or "",
                           activity=self.category_activity or "")

    def _caller_invocation(self) -> Any:
        """Like PowerShell's Write-Error, report the error against the function or script
        that called it (`$MyInvocation`), so `f: message` names the function."""
        try:
            caller = self.session.get_variable("MyInvocation")
        except Exception:
            caller = None
        if isinstance(caller, InvocationInfo) and caller.my_command:
            return caller
        return self.my_invocation

    def process_record(self) -> None:
        record = self._record()
        runtime = self.command_runtime
        if runtime is None:
            self.write_error(record)
            return
        # Write-Error's FullyQualifiedErrorId names no command, so it bypasses the
        # `<id>,<command class>` completion every other cmdlet's errors get.
        exc = record.exception
        if exc.error_record is None:
            exc.error_record = record
        runtime.write_error(record)


class _MessageCommand(Cmdlet):
    message: Any = None

    def _text(self) -> str:
        return to_string(self.message) if self.message is not None else ""


@cmdlet("Write", "Warning")
class WriteWarningCommand(_MessageCommand):
    """Writes a warning message."""

    message: Annotated[str, Parameter(mandatory=True, position=0, from_pipeline=True),
                       Alias("Msg")] = ""

    def process_record(self) -> None:
        self.write_warning(self._text())


@cmdlet("Write", "Verbose")
class WriteVerboseCommand(_MessageCommand):
    """Writes text to the verbose message stream."""

    message: Annotated[str, Parameter(mandatory=True, position=0, from_pipeline=True),
                       Alias("Msg")] = ""

    def process_record(self) -> None:
        self.write_verbose(self._text())


@cmdlet("Write", "Debug")
class WriteDebugCommand(_MessageCommand):
    """Writes a debug message to the console."""

    message: Annotated[str, Parameter(mandatory=True, position=0, from_pipeline=True),
                       Alias("Msg")] = ""

    def process_record(self) -> None:
        self.write_debug(self._text())


@cmdlet("Write", "Information")
class WriteInformationCommand(Cmdlet):
    """Specifies how PowerShell handles information stream data for a command."""

    message_data: Annotated[Any, Parameter(mandatory=True, position=0),
                            Alias("Msg", "Message")] = None
    tags: Annotated[Optional[list[str]], Parameter(position=1)] = None

    def process_record(self) -> None:
        self.write_information(self.message_data, tuple(self.tags or ()))


@cmdlet("Write", "Progress")
class WriteProgressCommand(Cmdlet):
    """Displays a progress bar within a PowerShell command window."""

    activity: Annotated[Optional[str], Parameter(position=0)] = None
    status: Annotated[Optional[str], Parameter(position=1)] = None
    id: Annotated[int, Parameter(position=2)] = 0
    percent_complete: Annotated[int, Parameter(), ValidateRange(-1, 100)] = -1
    seconds_remaining: Annotated[int, Parameter()] = -1
    current_operation: Annotated[Optional[str], Parameter()] = None
    parent_id: Annotated[int, Parameter()] = -1
    completed: Annotated[Switch, Parameter()] = Switch(False)
    source_id: Annotated[int, Parameter()] = 0

    def process_record(self) -> None:
        record = ProgressRecord(
            self.activity or "", self.status or "Processing", self.id, self.parent_id,
            self.percent_complete, self.seconds_remaining, self.current_operation or "",
            ProgressRecordType.Completed if self.completed else ProgressRecordType.Processing)
        self.write_progress(record)
