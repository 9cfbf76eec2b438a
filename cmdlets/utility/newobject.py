"""New-Object: an instance of a type the runtime knows, by its name, with constructor
arguments and property values (`New-Object PSObject -Property @{...}`)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from pyshell.runtime import Alias, Cmdlet, Parameter, PSObject, cmdlet, resolve_type
from pyshell.runtime.errors import (
    ErrorCategory, InvalidOperationException, NotSupportedException, PSException,
    RuntimeException,
)
from pyshell.runtime.members import get_properties, set_property_value

__all__ = ["NewObjectCommand", "CMDLETS"]

# Both names make an empty object that -Property fills with note properties.
_PSOBJECT_TYPES = ("System.Management.Automation.PSObject",
                   "System.Management.Automation.PSCustomObject")


def _construct(ps_type: Any, args: list[Any]) -> Any:
    if ps_type.full_name in _PSOBJECT_TYPES:
        return PSObject()
    from pyshell.runtime.dotnet.statics import construct

    return construct(ps_type, args)


@cmdlet("New", "Object", default_parameter_set="Net")
class NewObjectCommand(Cmdlet):
    """Creates an instance of a .NET type."""

    type_name: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                                  parameter_set="Net")] = None
    com_object: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                                   parameter_set="Com")] = None
    argument_list: Annotated[Optional[list[Any]], Parameter(position=1, parameter_set="Net"),
                             Alias("Args")] = None
    property: Annotated[Optional[dict[Any, Any]], Parameter()] = None

    def end_processing(self) -> None:
        if self.com_object is not None:
            raise self.terminating_error(self.error_record(
                NotSupportedException("COM objects are not supported on this platform."),
                "NoCOMClassIdentified", ErrorCategory.NotImplemented, self.com_object))
        name = self.type_name or ""
        ps_type = resolve_type(name)
        if ps_type is None:
            raise self.terminating_error(self.error_record(
                f"Cannot find type [{name}]: verify that the assembly containing this type "
                "is loaded.", "TypeNotFound", ErrorCategory.InvalidType, name))
        try:
            obj = _construct(ps_type, list(self.argument_list or ()))
        except PSException as exc:
            raise self.terminating_error(self.error_record(
                RuntimeException(str(exc), inner=exc), "ConstructorInvokedThrowException",
                ErrorCategory.InvalidOperation, None))
        if self.property:
            self._set_properties(obj)
        self.write_object(obj)

    def _set_properties(self, obj: Any) -> None:
        known = {p.name.lower() for p in get_properties(obj)}
        for key, value in self.property.items():  # type: ignore[union-attr]
            name = str(key)
            if isinstance(obj, PSObject) and name.lower() not in known:
                obj.add_note_property(name, value)
                continue
            if name.lower() not in known:
                self.write_error(self.error_record(
                    InvalidOperationException(
                        f'The member "{name}" was not found for the specified .NET object.'),
                    "InvalidOperationException", ErrorCategory.InvalidOperation, obj))
                continue
            try:
                set_property_value(obj, name, value)
            except PSException as exc:
                self.write_error(self.error_record(
                    exc, "SetValueInvocationException", ErrorCategory.InvalidOperation, obj))


CMDLETS = (NewObjectCommand,)
