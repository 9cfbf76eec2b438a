"""Out-Default, Out-Host, Out-String, Out-Null, Out-File: where objects become text."""

from __future__ import annotations

import os
from typing import Annotated, Any, Optional

from cmdlets.utility import _session
from cmdlets.utility.encoding import ENCODINGS, encode_text
from pyshell.runtime import Alias, Cmdlet, Example, Parameter, Switch, ValidateRange, cmdlet
from pyshell.runtime.errors import ErrorCategory, IOException

__all__ = ["OutDefaultCommand", "OutHostCommand", "OutStringCommand", "OutNullCommand",
           "OutFileCommand", "resolve_path"]


def resolve_path(session: Any, path: str) -> str:
    """A path relative to the session's current location (or the process's)."""
    expanded = os.path.expanduser(path)
    if os.path.isabs(expanded):
        return expanded
    base = None
    for name in ("location", "current_location", "cwd"):
        base = getattr(session, name, None)
        if base is not None:
            base = str(getattr(base, "path", base))
            break
    if not base:
        base = os.getcwd()
    return os.path.join(base, expanded)


class _HostOutput(Cmdlet):
    """Render objects to the session's console host as they arrive."""

    input_object: Any = None

    def begin_processing(self) -> None:
        host = self.session.host
        width = _session.host_width(self.session)
        self._writer = _session.object_writer(self.session, width, width,
                                              bool(getattr(host, "color", False)))
        self._host = host

    def _emit(self, lines: list[tuple[str, bool]]) -> None:
        for text, is_error in lines:
            if is_error:
                self._host.write_error_line(text)
            else:
                self._host.write_line(text)

    def process_record(self) -> None:
        self._emit(self._writer.write(self.input_object))

    def end_processing(self) -> None:
        self._emit(self._writer.close())


@cmdlet("Out", "Default")
class OutDefaultCommand(_HostOutput):
    """Sends the output to the default formatter and to the default output cmdlet."""

    transcript: Annotated[Switch, Parameter()] = Switch(False)
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None


@cmdlet("Out", "Host")
class OutHostCommand(_HostOutput):
    """Sends output to the command line."""

    paging: Annotated[Switch, Parameter()] = Switch(False)
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None


@cmdlet("Out", "Null")
class OutNullCommand(Cmdlet):
    """Hides the output instead of sending it down the pipeline or displaying it."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None


def _lines_writer(session: Any, width: Optional[int]) -> Any:
    # Without -Width tables use the console width (120 without one) and lists never wrap.
    return _session.object_writer(session, width or _session.host_width(session), width)


@cmdlet("Out", "String", default_parameter_set="NoNewLineFormatting")
class OutStringCommand(Cmdlet):
    """Outputs input objects as a string."""

    examples = (Example("[pscustomobject]@{a=1} | Out-String -Stream",
                        "Gets the table as one string per line."),)

    stream: Annotated[Switch, Parameter(parameter_set="StreamFormatting")] = Switch(False)
    no_new_line: Annotated[Switch, Parameter(parameter_set="NoNewLineFormatting")] = Switch(False)
    width: Annotated[Optional[int], Parameter(), ValidateRange(2, 2**31 - 1)] = None
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def begin_processing(self) -> None:
        self._writer = _lines_writer(self.session, self.width)
        self._lines: list[str] = []

    def _take(self, lines: list[tuple[str, bool]]) -> None:
        texts = [text for text, _ in lines]
        if self.stream:
            for text in texts:
                self.write_object(text)
        else:
            self._lines.extend(texts)

    def process_record(self) -> None:
        obj = self.input_object
        if self.stream and isinstance(obj, str):
            # A string stays one string under -Stream, newlines and all (issue #14638).
            self._take(self._writer.close())
            self.write_object(obj)
            return
        self._take(self._writer.write(obj))

    def end_processing(self) -> None:
        self._take(self._writer.close())
        if self.stream:
            return
        if self.no_new_line:
            self.write_object("".join(self._lines))
        else:
            self.write_object("".join(line + "\n" for line in self._lines))


@cmdlet("Out", "File", default_parameter_set="ByPath", supports_should_process=True)
class OutFileCommand(Cmdlet):
    """Sends output to a file."""

    file_path: Annotated[str, Parameter(mandatory=True, position=0, parameter_set="ByPath"),
                         Alias("Path")] = ""
    literal_path: Annotated[str, Parameter(mandatory=True, parameter_set="ByLiteralPath"),
                            Alias("PSPath", "LP")] = ""
    encoding: Annotated[Optional[str], Parameter(position=1), ENCODINGS] = None
    append: Annotated[Switch, Parameter()] = Switch(False)
    force: Annotated[Switch, Parameter()] = Switch(False)
    no_clobber: Annotated[Switch, Parameter(), Alias("NoOverwrite")] = Switch(False)
    width: Annotated[Optional[int], Parameter(), ValidateRange(2, 2**31 - 1)] = None
    no_new_line: Annotated[Switch, Parameter()] = Switch(False)
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def begin_processing(self) -> None:
        self._writer = _lines_writer(self.session, self.width)
        self._lines: list[str] = []
        self._path = resolve_path(self.session, self.file_path or self.literal_path)

    def process_record(self) -> None:
        self._lines.extend(text for text, _ in self._writer.write(self.input_object))

    def end_processing(self) -> None:
        self._lines.extend(text for text, _ in self._writer.close())
        if not self.should_process(self._path, "Output to File"):
            return
        if self.no_clobber and not self.append and os.path.exists(self._path):
            raise self.terminating_error(self.error_record(
                IOException(f"The file '{self._path}' already exists."), "NoClobber",
                ErrorCategory.ResourceExists, self._path))
        sep = "" if self.no_new_line else "\n"
        text = "".join(line + sep for line in self._lines)
        try:
            with open(self._path, "ab" if self.append else "wb") as handle:
                handle.write(encode_text(text, self.encoding,
                                         bom=not (self.append and handle.tell())))
        except OSError as exc:
            raise self.terminating_error(self.error_record(
                IOException(f"Could not write '{self._path}': {exc.strerror}."),
                "FileOpenFailure", ErrorCategory.OpenError, self._path))
