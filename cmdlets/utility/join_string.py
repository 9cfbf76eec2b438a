"""Join-String: the pipeline's objects (or one property of each) as one string."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.utility import _session
from cmdlets.utility.properties import key_getter
from pyshell.formatting.objects import to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime import dotnet_format

__all__ = ["JoinStringCommand"]


@cmdlet("Join", "String", default_parameter_set="Default")
class JoinStringCommand(Cmdlet):
    """Combines objects from the pipeline into a single string."""

    examples = (Example("1..3 | Join-String -Separator ', '", "Joins numbers with commas."),)

    property: Annotated[Any, Parameter(position=0)] = None
    separator: Annotated[Optional[str], Parameter(position=1)] = None
    output_prefix: Annotated[Optional[str], Parameter(), ] = None
    output_suffix: Annotated[Optional[str], Parameter()] = None
    single_quote: Annotated[Switch, Parameter(parameter_set="SingleQuote")] = Switch(False)
    double_quote: Annotated[Switch, Parameter(parameter_set="DoubleQuote")] = Switch(False)
    format_string: Annotated[Optional[str], Parameter(parameter_set="Format")] = None
    use_culture: Annotated[Switch, Parameter()] = Switch(False)
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def begin_processing(self) -> None:
        self._parts: list[str] = []
        self._getter = key_getter(self.property) if self.property is not None else None

    def process_record(self) -> None:
        obj = self.input_object
        if "InputObject" not in self.bound_parameters:
            return
        value = self._getter(obj) if self._getter is not None else obj
        if self.format_string is not None:
            text = dotnet_format.composite_format(self.format_string, [value], to_string)
        else:
            text = to_string(value)
        if self.single_quote:
            text = "'" + text + "'"
        elif self.double_quote:
            text = '"' + text + '"'
        self._parts.append(text)

    def end_processing(self) -> None:
        if self.is_bound("Separator"):
            separator = self.separator or ""
        else:
            # Without -Separator the items are joined with $OFS, which PowerShell leaves
            # unset (so: nothing).
            separator = _session.variable(self.session, "OFS", "")
            separator = separator if isinstance(separator, str) else ""
        text = separator.join(self._parts)
        self.write_object((self.output_prefix or "") + text + (self.output_suffix or ""))
