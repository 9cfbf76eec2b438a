"""Add-Member: note, alias, script and code properties and script methods on a PSObject."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Annotated, Any, Optional

from pyshell.formatting.objects import to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSInvalidOperationException
from pyshell.runtime.members import MemberInfo, MemberType, PSObject
from pyshell.runtime.parameters import ValidationFailure, Validator

__all__ = ["AddMemberCommand", "PSMemberTypes"]

class PSMemberTypes(enum.Enum):
    """System.Management.Automation.PSMemberTypes (the values Add-Member takes). An enum,
    so that `Add-Member name value` falls through to the note-property parameter set."""

    __ps_typenames__ = ("System.Management.Automation.PSMemberTypes",)
    AliasProperty = 1
    CodeProperty = 2
    NoteProperty = 8
    ScriptProperty = 16
    PropertySet = 32
    CodeMethod = 128
    ScriptMethod = 256
    MemberSet = 1024


# The member types Add-Member adds: a -NotePropertyName cannot be one of them.
_MEMBER_TYPE_NAMES = frozenset(m.name.lower() for m in PSMemberTypes)


class _NamingFailure(ValidationFailure):
    # PowerShell's ValidationMetadataException(..., swallowException: true): in positional
    # binding the argument goes on to the next parameter at the position.
    swallow = True


class ValidateNotePropertyName(Validator):
    """PowerShell's ValidateNotePropertyNameAttribute: a member type name is no note
    property name. Positional binding swallows the failure, so `Add-Member NoteProperty b 2`
    binds -MemberType (then -Name, -Value) instead of -NotePropertyName."""

    def check(self, value: Any, session: Any) -> None:
        text = value.strip().lower() if isinstance(value, str) else None
        if text is None:
            return
        if text.isdigit():
            matches = [m for m in PSMemberTypes if m.value == int(text)]
            text = matches[0].name.lower() if matches else text
        if text in _MEMBER_TYPE_NAMES:
            raise _NamingFailure(
                "The NotePropertyName parameter value cannot be the name of a member type of "
                "System.Management.Automation.PSMemberTypes. Use the MemberType and Name "
                "parameters instead.")


@cmdlet("Add", "Member", default_parameter_set="TypeNameSet")
class AddMemberCommand(Cmdlet):
    """Adds custom properties and methods to an instance of a PowerShell object."""

    examples = (Example("[pscustomobject]@{a=1} | Add-Member -NotePropertyName b "
                        "-NotePropertyValue 2 -PassThru", "Adds a property."),)

    input_object: Annotated[Any, Parameter(mandatory=True, from_pipeline=True)] = None
    member_type: Annotated[Optional[PSMemberTypes], Parameter(mandatory=True, position=0,
                                                              parameter_set="MemberSet")] = None
    name: Annotated[Optional[str], Parameter(mandatory=True, position=1,
                                             parameter_set="MemberSet")] = None
    value: Annotated[Any, Parameter(position=2, parameter_set="MemberSet")] = None
    second_value: Annotated[Any, Parameter(position=3, parameter_set="MemberSet")] = None
    note_property_name: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                                           parameter_set="NotePropertySingleMemberSet"),
                                  ValidateNotePropertyName()] = None
    note_property_value: Annotated[Any, Parameter(mandatory=True, position=1,
                                                  parameter_set="NotePropertySingleMemberSet")] = None
    # IDictionary in PowerShell: a string at position 0 is no candidate for it.
    note_property_members: Annotated[Optional[dict[Any, Any]],
                                     Parameter(mandatory=True, position=0,
                                               parameter_set="NotePropertyMultiMemberSet")
                                     ] = None
    type_name: Annotated[Optional[str], Parameter(parameter_set="TypeNameSet", mandatory=True),
                         Parameter(parameter_set="MemberSet"),
                         Parameter(parameter_set="NotePropertySingleMemberSet"),
                         Parameter(parameter_set="NotePropertyMultiMemberSet")] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    def _members(self) -> list[MemberInfo]:
        if self.note_property_name is not None:
            return [MemberInfo(self.note_property_name, MemberType.NoteProperty,
                               value=self.note_property_value)]
        if self.note_property_members is not None:
            members = self.note_property_members
            pairs = members.items() if isinstance(members, Mapping) else []
            return [MemberInfo(to_string(k), MemberType.NoteProperty, value=v) for k, v in pairs]
        if self.member_type is None or self.name is None:
            return []
        kind = self.member_type.name.lower()
        name = self.name
        if kind == "noteproperty":
            return [MemberInfo(name, MemberType.NoteProperty, value=self.value)]
        if kind == "aliasproperty":
            return [MemberInfo(name, MemberType.AliasProperty, target=to_string(self.value))]
        if kind == "scriptproperty":
            return [MemberInfo(name, MemberType.ScriptProperty, getter=self.value,
                               setter=self.second_value)]
        if kind == "codeproperty":
            return [MemberInfo(name, MemberType.CodeProperty, getter=self.value,
                               setter=self.second_value)]
        if kind == "scriptmethod":
            return [MemberInfo(name, MemberType.ScriptMethod, script=self.value)]
        if kind == "codemethod":
            return [MemberInfo(name, MemberType.CodeMethod, script=self.value)]
        raise self.terminating_error(self.error_record(
            PSInvalidOperationException(
                f'Cannot add a member with type "{self.member_type.name}". Specify a different type '
                "for the MemberTypes parameter."), "CannotAddMemberType",
            ErrorCategory.InvalidOperation, self.member_type))

    def process_record(self) -> None:
        obj = self.input_object
        target = obj if isinstance(obj, PSObject) else PSObject.wrap(obj)
        for member in self._members():
            if target.member(member.name) is not None and not self.force:
                self.write_error(self.error_record(
                    PSInvalidOperationException(
                        f'Cannot add a member with the name "{member.name}" because a member '
                        "with that name already exists. To overwrite the member anyway, add "
                        "the Force parameter to your command."),
                    "MemberAlreadyExists", ErrorCategory.InvalidOperation, obj))
                return
            target.add_member(member)
        if self.type_name:
            target.type_names.insert(0, self.type_name)
        if self.pass_thru:
            self.write_object(target)
