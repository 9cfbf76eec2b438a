"""Get-Content, Set-Content and Add-Content: text files, one line an object.

Files are read as PowerShell 7 reads them: a byte-order mark decides the encoding when there is
one, UTF-8 otherwise; `\\r\\n`, `\\n` and `\\r` all end a line and a final line end adds no
empty line. Written text is UTF-8 without a BOM unless `-Encoding` says otherwise.
"""

from __future__ import annotations

import glob
import os
from typing import Annotated, Any, Iterator, Optional

from cmdlets.utility.encoding import ENCODINGS, codec, encode_text
from cmdlets.utility.out import resolve_path
from pyshell.runtime import Alias, Cmdlet, Parameter, Switch, cmdlet, to_string
from pyshell.runtime.errors import (
    ErrorCategory, IOException, ItemNotFoundException, ParameterBindingException,
    UnauthorizedAccessException,
)
from pyshell.runtime.wildcard import has_wildcards, unescape_wildcards

__all__ = ["GetContentCommand", "SetContentCommand", "AddContentCommand", "CMDLETS",
           "read_text", "split_lines"]

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))


def read_text(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode file bytes: a BOM wins over `-Encoding`, as in PowerShell."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    return data.decode(codec(encoding), errors="replace")


def split_lines(text: str) -> list[str]:
    """Lines as Get-Content yields them: no empty line after a final line end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _flatten(value: Any) -> Iterator[Any]:
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


class _PathCmdlet(Cmdlet):
    """The -Path/-LiteralPath parameters, their resolution and the errors shared by the
    content cmdlets."""

    path: Annotated[Optional[list[str]], Parameter(
        mandatory=True, position=0, parameter_set="Path",
        from_pipeline_by_property_name=True)] = None
    literal_path: Annotated[Optional[list[str]], Parameter(
        mandatory=True, parameter_set="LiteralPath", from_pipeline_by_property_name=True),
        Alias("PSPath", "LP")] = None

    def _not_found(self, path: str) -> None:
        self.write_error(self.error_record(
            ItemNotFoundException(f"Cannot find path '{path}' because it does not exist."),
            "PathNotFound", ErrorCategory.ObjectNotFound, path))

    def _names(self) -> list[str]:
        """The -Path or -LiteralPath values; null or empty ones are refused as pwsh's binder
        refuses them."""
        literal = self.literal_path is not None
        names = (self.literal_path if literal else self.path) or []
        for name in names:
            if not name:
                parameter = "LiteralPath" if literal else "Path"
                reason = "it is null" if name is None else "it is an empty string"
                raise self.terminating_error(self.error_record(
                    ParameterBindingException(
                        f"Cannot bind argument to parameter '{parameter}' because {reason}."),
                    "ParameterArgumentValidationErrorNullNotAllowed",
                    ErrorCategory.InvalidData, name))
        return names

    def _expand(self, path: str, literal: bool) -> list[str]:
        """The files a -Path names (wildcards expanded, sorted), or [] after an error."""
        full = resolve_path(self.session, path if literal else unescape_wildcards(path))
        if literal or not has_wildcards(path):
            return [full]
        matches = sorted(glob.glob(resolve_path(self.session, path)))
        if not matches:
            self._not_found(full)
        return matches


@cmdlet("Get", "Content", default_parameter_set="Path", aliases=("gc",))
class GetContentCommand(_PathCmdlet):
    """Gets the content of the item at the specified location."""

    total_count: Annotated[int, Parameter(), Alias("First", "Head")] = -1
    tail: Annotated[int, Parameter(), Alias("Last")] = -1
    read_count: Annotated[int, Parameter()] = 1
    raw: Annotated[Switch, Parameter()] = Switch(False)
    encoding: Annotated[Optional[str], Parameter(), ENCODINGS] = None

    def process_record(self) -> None:
        literal = self.literal_path is not None
        for name in self._names():
            for path in self._expand(name, literal):
                self._read(path)

    def _read(self, path: str) -> None:
        if os.path.isdir(path):
            self.write_error(self.error_record(
                UnauthorizedAccessException(
                    f"Unable to get content because it is a directory: '{path}'. "
                    "Please use 'Get-ChildItem' instead."),
                "GetContentReaderUnauthorizedAccessError", ErrorCategory.PermissionDenied,
                path))
            return
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            self._not_found(path)
            return
        except OSError as exc:
            self.write_error(self.error_record(
                IOException(f"Could not read '{path}': {exc.strerror}."),
                "GetContentReaderIOError", ErrorCategory.ReadError, path))
            return
        text = read_text(data, self.encoding)
        if self.raw:
            # -Raw is the whole text, line ends and all; an empty file gives nothing.
            if text:
                self.write_object(text)
            return
        lines = split_lines(text)
        if self.total_count >= 0:
            lines = lines[: self.total_count]
        if self.tail >= 0:
            lines = lines[len(lines) - self.tail:] if self.tail else []
        if self.read_count <= 0:
            # -ReadCount 0 sends every line in one array.
            if lines:
                self.write_object(lines)
            return
        if self.read_count == 1:
            for line in lines:
                self.write_object(line)
            return
        for start in range(0, len(lines), self.read_count):
            self.write_object(lines[start:start + self.read_count])


class _WriteContentCmdlet(_PathCmdlet):
    """Set-Content and Add-Content: collect the values, then write them once per file."""

    append = False
    action = ""

    value: Annotated[Any, Parameter(position=1, from_pipeline=True)] = None
    no_newline: Annotated[Switch, Parameter()] = Switch(False)
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    force: Annotated[Switch, Parameter()] = Switch(False)
    encoding: Annotated[Optional[str], Parameter(), ENCODINGS] = None

    def begin_processing(self) -> None:
        self._values: list[Any] = []

    def process_record(self) -> None:
        self._values.extend(_flatten(self.value))

    def end_processing(self) -> None:
        ofs = self.session.get_variable("OFS") if self.session is not None else None
        separator = ofs if isinstance(ofs, str) else " "
        texts = ["" if v is None else to_string(v, separator) for v in self._values]
        text = "".join(texts) if self.no_newline else "".join(t + "\n" for t in texts)
        literal = self.literal_path is not None
        for name in self._names():
            targets = self._expand(name, literal) if (literal or has_wildcards(name)) \
                else [resolve_path(self.session, unescape_wildcards(name))]
            for path in targets:
                if self.should_process(f"Path: {path}", self.action):
                    self._write(path, text)
        if self.pass_thru:
            for value in self._values:
                self.write_object(value)

    def _write(self, path: str, text: str) -> None:
        if os.path.isdir(path):
            self.write_error(self.error_record(
                UnauthorizedAccessException(f"Access to the path '{path}' is denied."),
                "GetContentWriterUnauthorizedAccessError", ErrorCategory.PermissionDenied,
                path))
            return
        try:
            with open(path, "ab" if self.append else "wb") as handle:
                handle.write(encode_text(text, self.encoding, bom=handle.tell() == 0))
        except FileNotFoundError:
            self.write_error(self.error_record(
                ItemNotFoundException(f"Could not find a part of the path '{path}'."),
                "GetContentWriterDirectoryNotFoundError", ErrorCategory.ObjectNotFound, path))
        except OSError as exc:
            self.write_error(self.error_record(
                IOException(f"Could not write '{path}': {exc.strerror}."),
                "GetContentWriterIOError", ErrorCategory.WriteError, path))


@cmdlet("Set", "Content", default_parameter_set="Path", supports_should_process=True)
class SetContentCommand(_WriteContentCmdlet):
    """Writes new content or replaces existing content in a file."""

    append = False
    action = "Set Content"


@cmdlet("Add", "Content", default_parameter_set="Path", supports_should_process=True)
class AddContentCommand(_WriteContentCmdlet):
    """Adds content to the specified items, such as adding words to a file."""

    append = True
    action = "Add Content"


CMDLETS = (GetContentCommand, SetContentCommand, AddContentCommand)
