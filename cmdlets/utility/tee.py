"""Tee-Object: pass objects on and also save them to a file or a variable."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.utility import _session
from cmdlets.utility.encoding import ENCODINGS, encode_text
from cmdlets.utility.out import resolve_path
from pyshell.runtime import Alias, Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, IOException

__all__ = ["TeeObjectCommand"]


@cmdlet("Tee", "Object", default_parameter_set="File")
class TeeObjectCommand(Cmdlet):
    """Saves command output in a file or variable and also sends it down the pipeline."""

    examples = (Example("1..3 | Tee-Object -Variable saved", "Keeps a copy in $saved."),)

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    file_path: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                                  parameter_set="File"), Alias("Path")] = None
    literal_path: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="LiteralFile"),
                            Alias("PSPath", "LP")] = None
    append: Annotated[Switch, Parameter(parameter_set="File")] = Switch(False)
    encoding: Annotated[Optional[str], Parameter(parameter_set="File"), ENCODINGS] = None
    variable: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="Variable")] = None

    def begin_processing(self) -> None:
        self._objects: list[Any] = []
        width = _session.host_width(self.session)
        self._writer = _session.object_writer(self.session, width, None)
        self._lines: list[str] = []

    def process_record(self) -> None:
        obj = self.input_object
        self._objects.append(obj)
        if self.variable is None:
            self._lines.extend(text for text, _ in self._writer.write(obj))
        self.write_object(obj)

    def end_processing(self) -> None:
        if self.variable is not None:
            self.session.set_variable(self.variable, list(self._objects))
            return
        self._lines.extend(text for text, _ in self._writer.close())
        path = resolve_path(self.session, self.file_path or self.literal_path or "")
        try:
            with open(path, "ab" if self.append else "wb") as handle:
                text = "".join(line + "\n" for line in self._lines)
                handle.write(encode_text(text, self.encoding, bom=handle.tell() == 0))
        except OSError as exc:
            raise self.terminating_error(self.error_record(
                IOException(f"Could not write '{path}': {exc.strerror}."), "FileOpenFailure",
                ErrorCategory.OpenError, path))
