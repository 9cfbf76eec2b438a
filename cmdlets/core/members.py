"""Get-Member: the members of the input objects, one block per distinct type."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from attrs import frozen

from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import (Alias, Parameter, SupportsWildcards, Switch,
                                        ValidateSet)
from pyshell.runtime.errors import ErrorCategory
from pyshell.runtime.members import MemberType, get_members, type_names
from pyshell.runtime.wildcard import WildcardPattern

__all__ = ["MemberDefinition", "GetMemberCommand", "PS_MEMBER_TYPES"]

# PSMemberTypes values -MemberType accepts; the groups expand to their members.
PS_MEMBER_TYPES = ("AliasProperty", "CodeProperty", "Property", "NoteProperty",
                   "ScriptProperty", "Properties", "PropertySet", "Method", "CodeMethod",
                   "ScriptMethod", "Methods", "ParameterizedProperty", "MemberSet", "Event",
                   "Dynamic", "All")
_GROUPS = {
    "properties": {"AliasProperty", "CodeProperty", "Property", "NoteProperty",
                   "ScriptProperty"},
    "methods": {"Method", "CodeMethod", "ScriptMethod"},
}


@frozen
class MemberDefinition:
    """Microsoft.PowerShell.Commands.MemberDefinition: one row of Get-Member."""

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.MemberDefinition",)

    type_name: str
    name: str
    member_type: MemberType
    definition: str

    def __str__(self) -> str:
        return self.definition


def _wanted_types(values: list[str]) -> set[str]:
    wanted: set[str] = set()
    for value in values:
        for part in str(value).split(","):
            key = part.strip().lower()
            if key == "all":
                return set()
            if key in _GROUPS:
                wanted |= {m.lower() for m in _GROUPS[key]}
            else:
                wanted.add(key)
    return wanted


@cmdlet("Get", "Member", default_parameter_set="Default",
        dotnet_class="Microsoft.PowerShell.Commands.GetMemberCommand")
class GetMemberCommand(Cmdlet):
    """Gets the properties and methods of objects.

    Each distinct type of the input is described once: a `TypeName:` header and its
    members, sorted by member type and then name.
    """

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    name: Annotated[Optional[list[str]], Parameter(position=0), SupportsWildcards()] = None
    member_type: Annotated[Optional[list[str]], Parameter(), ValidateSet(*PS_MEMBER_TYPES),
                           Alias("Type")] = None
    view: Annotated[Optional[str], Parameter()] = None
    static: Annotated[Switch, Parameter()] = Switch(False)
    force: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("'text' | Get-Member -MemberType Property", "Shows the properties of a string."),
        Example("[pscustomobject]@{one=1} | Get-Member -Name o*", "Members whose name starts "
                "with o."),
    )

    def begin_processing(self) -> None:
        self._seen: set[str] = set()
        self._any = False
        patterns = self.name or []
        self._patterns = [WildcardPattern(p) for p in patterns]
        self._types = _wanted_types(list(self.member_type or []))

    def process_record(self) -> None:
        if not self.is_bound("InputObject"):
            return
        obj = self.input_object
        if obj is None:
            return
        self._any = True
        names = type_names(obj)
        type_name = names[0] if names else "System.Object"
        if self.static:
            type_name = _static_type_name(obj)
        if type_name in self._seen:
            return
        self._seen.add(type_name)
        for member in self._members(obj):
            self.write_object(MemberDefinition(type_name, member.name, member.member_type,
                                               member.definition))

    def _members(self, obj: Any) -> list[Any]:
        found = _static_members(obj) if self.static else get_members(obj)
        out = []
        for member in found:
            kind = str(member.member_type)
            if self._types and kind.lower() not in self._types:
                continue
            if self._patterns and not any(p.is_match(member.name) for p in self._patterns):
                continue
            if not self.force and member.name.startswith(("get_", "set_", "op_")):
                continue
            out.append(member)
        return out

    def end_processing(self) -> None:
        if not self._any:
            self.write_error(self.error_record(
                "You must specify an object for the Get-Member cmdlet.",
                "NoObjectInGetMember", ErrorCategory.CloseError))


def _static_type_name(obj: Any) -> str:
    from pyshell.runtime.types import PSType, type_of
    ps_type = obj if isinstance(obj, PSType) else type_of(obj)
    return ps_type.full_name


def _static_members(obj: Any) -> list[Any]:
    from pyshell.runtime.members import MemberInfo
    from pyshell.runtime.types import PSType, type_of
    ps_type = obj if isinstance(obj, PSType) else type_of(obj)
    members = []
    for found in ps_type.static_members():
        kind = MemberType.Method if hasattr(found, "overloads") or "(" in str(
            getattr(found, "definition", "")) else MemberType.Property
        definition = getattr(found, "definition", "") or found.name
        members.append(MemberInfo(found.name, kind, definition))
    return sorted(members, key=lambda m: (str(m.member_type), m.name.lower()))
