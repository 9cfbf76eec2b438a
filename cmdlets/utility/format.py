"""Format-Table, Format-List, Format-Wide: objects in, format records out (Out-* render)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.utility import _session
from cmdlets.utility.properties import (
    PropertyError, argument_error, parse_properties, parse_property,
)
from pyshell.formatting.select import Field, FormatOptions, Formatter
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, ValidateSet, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSArgumentException

__all__ = ["FormatTableCommand", "FormatListCommand", "FormatWideCommand"]


class _FormatCommand(Cmdlet):
    """Shared by the Format-* cmdlets: build the options once, then stream records."""

    shape = "table"
    context = "format-table"
    property: Optional[list[Any]] = None
    group_by: Annotated[Any, Parameter()] = None
    view: Annotated[Optional[str], Parameter()] = None
    show_error: Annotated[Switch, Parameter()] = Switch(False)
    display_error: Annotated[Switch, Parameter()] = Switch(False)
    force: Annotated[Switch, Parameter()] = Switch(False)
    expand: Annotated[Optional[str], Parameter(),
                      ValidateSet("CoreOnly", "EnumOnly", "Both")] = None
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def options(self, limit: int) -> dict[str, Any]:
        return {}

    def begin_processing(self) -> None:
        try:
            selectors = parse_properties(self.property, self.context)
            group_by = parse_property(self.group_by, "format-table") \
                if self.group_by is not None else None
        except PropertyError as exc:
            raise argument_error(self, exc) from None
        if group_by is not None and not hasattr(group_by, "evaluate"):
            group_by = Field.of_property(group_by.pattern)
        limit = _session.enumeration_limit(self.session)
        width = _session.host_width(self.session)
        options = FormatOptions(shape=self.shape, selectors=selectors, view_name=self.view,
                                group_by=group_by, force=bool(self.force),
                                enumeration_limit=limit, width=width,
                                **self.options(limit))
        self._formatter = Formatter(_session.views(self.session), options,
                                    _session.error_renderer(width))

    def process_record(self) -> None:
        for record in self._formatter.process(self.input_object):
            self.write_object(record)

    def end_processing(self) -> None:
        for record in self._formatter.end():
            self.write_object(record)


@cmdlet("Format", "Table")
class FormatTableCommand(_FormatCommand):
    """Formats the output as a table."""

    examples = (
        Example("[pscustomobject]@{Name='a'; Size=1} | Format-Table",
                "Shows the object as a table."),
        Example("1..3 | ForEach-Object { [pscustomobject]@{N=$_; Odd=$_ % 2} } | "
                "Format-Table N, @{Label='Odd?'; Expression={ $_.Odd -eq 1 }} -AutoSize",
                "Chooses the columns, one of them calculated."),
    )

    property: Annotated[Optional[list[Any]], Parameter(position=0)] = None
    auto_size: Annotated[Switch, Parameter()] = Switch(False)
    repeat_header: Annotated[Switch, Parameter()] = Switch(False)
    hide_table_headers: Annotated[Switch, Parameter()] = Switch(False)
    wrap: Annotated[Switch, Parameter()] = Switch(False)

    def options(self, limit: int) -> dict[str, Any]:
        return {"auto_size": bool(self.auto_size), "wrap": bool(self.wrap),
                "hide_headers": bool(self.hide_table_headers)}


@cmdlet("Format", "List")
class FormatListCommand(_FormatCommand):
    """Formats the output as a list of properties in which each property appears on a new line."""

    examples = (Example("[pscustomobject]@{Name='a'; Size=1} | Format-List *",
                        "Shows every property on its own line."),)

    shape = "list"
    context = "format-list"
    property: Annotated[Optional[list[Any]], Parameter(position=0)] = None


@cmdlet("Format", "Wide")
class FormatWideCommand(_FormatCommand):
    """Formats objects as a wide table that displays only one property of each object."""

    examples = (Example("'a','b','c' | ForEach-Object { [pscustomobject]@{Name=$_} } | "
                        "Format-Wide -Column 3", "Shows the names in three columns."),)

    shape = "wide"
    context = "format-wide"
    property: Annotated[Any, Parameter(position=0)] = None
    auto_size: Annotated[Switch, Parameter()] = Switch(False)
    column: Annotated[Optional[int], Parameter()] = None

    def begin_processing(self) -> None:
        if self.property is not None and not isinstance(self.property, list):
            self.property = [self.property]
        if self.column is not None and self.column < 1:
            raise self.terminating_error(self.error_record(
                PSArgumentException("The value of the Column parameter must be at least 1."),
                "ParameterArgumentValidationError", ErrorCategory.InvalidArgument, self.column))
        super().begin_processing()

    def options(self, limit: int) -> dict[str, Any]:
        return {"auto_size": bool(self.auto_size), "wide_columns": self.column}
