"""Instance members of the remaining value types: Type, Version, Guid, Regex and its
matches, error records and exceptions, `.psobject`, and StringBuilder."""

from __future__ import annotations

import uuid
from typing import Any, cast

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet.table import (
    MemberTable, Method, Property, method, prop, register_instance_table,
)
from pyshell.runtime.errors import (
    ErrorCategoryInfo, ErrorRecord, InvocationInfo, PSException,
)
from pyshell.runtime.members import (
    PSMethodInfo, PSObject, PSObjectView, PSPropertyView, get_members,
)
from pyshell.runtime.regex import Group, Match, Regex
from pyshell.runtime.types import PSType, resolve_type
from pyshell.runtime.values import Version

__all__ = ["StringBuilder"]


# --------------------------------------------------------------------------- System.Type

def _base_type(t: PSType) -> Any:
    return resolve_type(t.bases[0]) if t.bases and t.full_name != "System.Object" else None


def _namespace(t: PSType) -> str:
    return t.full_name.split("[", 1)[0].rsplit(".", 1)[0] if "." in t.full_name else ""


TYPE_TABLE = MemberTable.of("System.RuntimeType", [
    prop("BaseType", "type", _base_type),
    prop("FullName", "string", lambda t: t.full_name),
    prop("IsArray", "bool", lambda t: t.element_type is not None),
    prop("IsEnum", "bool", lambda t: t.is_enum),
    prop("IsPublic", "bool", lambda t: True),
    prop("IsSerializable", "bool", lambda t: True),
    prop("IsValueType", "bool", lambda t: "System.ValueType" in t.bases),
    prop("Name", "string", lambda t: t.name),
    prop("Namespace", "string", _namespace),
    prop("UnderlyingSystemType", "type", lambda t: t),
    method("GetElementType", lambda t: t.element_type, "type GetElementType()"),
    method("GetEnumNames", lambda t: t.enum_names(), "string[] GetEnumNames()"),
    method("GetEnumValues", lambda t: t.enum_values(), "array GetEnumValues()"),
    method("IsInstanceOfType", lambda t, value: t.is_instance(value),
           "bool IsInstanceOfType(System.Object o)"),
    method("ToString", lambda t: t.full_name, "string ToString()"),
])


# --------------------------------------------------------------------------- Version, Guid

def _compare(a: Any, b: Any) -> int:
    return cast(int, (a > b) - (a < b))


VERSION_TABLE = MemberTable.of("System.Version", [
    prop("Build", "int", lambda v: v.build),
    prop("Major", "int", lambda v: v.major),
    prop("MajorRevision", "short", lambda v: max(v.revision, 0) >> 16 if v.revision >= 0 else -1),
    prop("Minor", "int", lambda v: v.minor),
    prop("MinorRevision", "short", lambda v: v.revision & 0xFFFF if v.revision >= 0 else -1),
    prop("Revision", "int", lambda v: v.revision),
    method("CompareTo", lambda v, other: 1 if other is None else _compare(v, cv.to_version(other)),
           "int CompareTo(System.Object version)", "int CompareTo(version value)"),
    method("ToString", lambda v, fields=None: str(v) if fields is None else ".".join(
        str(p) for p in (v.major, v.minor, v.build, v.revision)[:int(cv.to_int(fields))]),
        "string ToString()", "string ToString(int fieldCount)"),
])


def _guid_string(g: uuid.UUID, fmt: Any = None) -> str:
    spec = (cv.to_string(fmt) if fmt is not None else "D").upper() or "D"
    text = str(g)
    return {"N": g.hex, "D": text, "B": "{" + text + "}", "P": "(" + text + ")"}.get(spec, text)


GUID_TABLE = MemberTable.of("System.Guid", [
    method("ToByteArray", lambda g: list(g.bytes_le), "byte[] ToByteArray()"),
    method("ToString", _guid_string, "string ToString()", "string ToString(string format)"),
])


# --------------------------------------------------------------------------- regex

def _regex_replace(r: Regex, text: Any, replacement: Any, count: Any = -1) -> str:
    from pyshell.runtime.operators_text import invoke_block, is_block

    source = cv.to_string(text)
    if is_block(replacement):
        return r.replace(source, lambda m: cv.to_string(invoke_block(replacement, m)))
    return r.replace(source, cv.to_string(replacement), int(cv.to_int(count)))


REGEX_TABLE = MemberTable.of("System.Text.RegularExpressions.Regex", [
    prop("Options", "System.Text.RegularExpressions.RegexOptions", lambda r: r.options),
    method("IsMatch", lambda r, text: r.is_match(cv.to_string(text)), "bool IsMatch(string input)"),
    method("Match", lambda r, text, start=0: r.match(cv.to_string(text), int(cv.to_int(start))),
           "System.Text.RegularExpressions.Match Match(string input)"),
    method("Matches", lambda r, text: r.matches(cv.to_string(text)),
           "System.Text.RegularExpressions.MatchCollection Matches(string input)"),
    method("Replace", _regex_replace, "string Replace(string input, string replacement)"),
    method("Split", lambda r, text, count=0: r.split(cv.to_string(text), int(cv.to_int(count))),
           "string[] Split(string input)"),
    method("ToString", lambda r: r.pattern, "string ToString()"),
])

_GROUP_MEMBERS: list[Property | Method] = [
    prop("Index", "int", lambda g: g.index),
    prop("Length", "int", lambda g: g.length),
    prop("Name", "string", lambda g: g.name),
    prop("Success", "bool", lambda g: g.success),
    prop("Value", "string", lambda g: g.value),
    prop("Captures", "System.Text.RegularExpressions.CaptureCollection",
         lambda g: [g] if g.success else []),
    method("ToString", lambda g: g.value, "string ToString()"),
]
GROUP_TABLE = MemberTable.of("System.Text.RegularExpressions.Group", _GROUP_MEMBERS)
MATCH_TABLE = MemberTable.of("System.Text.RegularExpressions.Match", _GROUP_MEMBERS + [
    prop("Groups", "System.Text.RegularExpressions.GroupCollection", lambda m: list(m.groups)),
    method("NextMatch", lambda m: Match(None), "System.Text.RegularExpressions.Match NextMatch()"),
])


# --------------------------------------------------------------------------- errors

ERROR_RECORD_TABLE = MemberTable.of("System.Management.Automation.ErrorRecord", [
    prop("CategoryInfo", "System.Management.Automation.ErrorCategoryInfo",
         lambda r: r.category_info),
    prop("ErrorDetails", "System.Management.Automation.ErrorDetails",
         lambda r: None if r.error_details_message is None else
         PSObject.from_pairs([("Message", r.error_details_message),
                              ("RecommendedAction", r.recommended_action)])),
    prop("Exception", "System.Exception", lambda r: r.exception),
    prop("FullyQualifiedErrorId", "string", lambda r: r.fully_qualified_error_id),
    prop("InvocationInfo", "System.Management.Automation.InvocationInfo",
         lambda r: r.invocation_info),
    prop("PipelineIterationInfo", "System.Collections.ObjectModel.ReadOnlyCollection[int]",
         lambda r: []),
    prop("ScriptStackTrace", "string", lambda r: r.script_stack_trace),
    prop("TargetObject", "System.Object", lambda r: r.target_object),
])

CATEGORY_TABLE = MemberTable.of("System.Management.Automation.ErrorCategoryInfo", [
    prop("Activity", "string", lambda c: c.activity),
    prop("Category", "System.Management.Automation.ErrorCategory", lambda c: c.category),
    prop("Reason", "string", lambda c: c.reason),
    prop("TargetName", "string", lambda c: c.target_name),
    prop("TargetType", "string", lambda c: c.target_type),
    method("GetMessage", lambda c: str(c), "string GetMessage()"),
])

INVOCATION_TABLE = MemberTable.of("System.Management.Automation.InvocationInfo", [
    prop("Line", "string", lambda i: i.line),
    prop("MyCommand", "System.Management.Automation.CommandInfo", lambda i: i.my_command),
    prop("OffsetInLine", "int", lambda i: i.offset_in_line),
    prop("PositionMessage", "string", lambda i: i.position_message),
    prop("ScriptLineNumber", "int", lambda i: i.script_line_number),
    prop("ScriptName", "string", lambda i: i.script_name or ""),
])

EXCEPTION_TABLE = MemberTable.of("System.Exception", [
    prop("Data", "System.Collections.IDictionary", lambda e: {}),
    prop("ErrorRecord", "System.Management.Automation.ErrorRecord",
         lambda e: ErrorRecord.from_exception(e)),
    prop("HResult", "int", lambda e: -2146233087),
    prop("InnerException", "System.Exception", lambda e: e.inner_exception),
    prop("Message", "string", lambda e: e.message),
    prop("Source", "string", lambda e: ""),
    prop("StackTrace", "string", lambda e: ""),
    method("GetBaseException", lambda e: _innermost(e), "System.Exception GetBaseException()"),
    method("ToString", lambda e: f"{type(e).dotnet_name}: {e.message}", "string ToString()"),
])


def _innermost(exc: PSException) -> Any:
    while isinstance(getattr(exc, "inner_exception", None), PSException):
        exc = exc.inner_exception  # type: ignore[assignment]
    return exc


# --------------------------------------------------------------------------- psobject

class PSPropertyCollection(list[Any]):
    """`.psobject.Properties`: a list of properties that can also remove and match."""

    dotnet_name = "System.Management.Automation.PSMemberInfoCollection`1[System.Management.Automation.PSPropertyInfo]"

    def __init__(self, owner: Any, items: list[Any]) -> None:
        super().__init__(items)
        self.owner = owner


def _properties(view: PSObjectView) -> PSPropertyCollection:
    return PSPropertyCollection(view.target, view.properties)


def _remove_property(collection: PSPropertyCollection, name: Any) -> None:
    if isinstance(collection.owner, PSObject):
        collection.owner.remove_member(cv.to_string(name))


def _match_properties(collection: PSPropertyCollection, pattern: Any) -> list[Any]:
    from pyshell.runtime.wildcard import wildcard_match

    text = cv.to_string(pattern)
    return [p for p in collection if wildcard_match(p.info.name, text)]


def _copy(view: PSObjectView) -> Any:
    target = view.target
    return target.copy() if isinstance(target, PSObject) else target


PSOBJECT_VIEW_TABLE = MemberTable.of("System.Management.Automation.PSObject", [
    prop("BaseObject", "System.Object", lambda v: v.target.base if isinstance(
        v.target, PSObject) and v.target.base is not None else v.target),
    prop("ImmediateBaseObject", "System.Object", lambda v: v.target.base if isinstance(
        v.target, PSObject) and v.target.base is not None else v.target),
    prop("Members", "System.Management.Automation.PSMemberInfoCollection",
         lambda v: get_members(v.target)),
    prop("Methods", "System.Management.Automation.PSMemberInfoCollection",
         lambda v: [m for m in get_members(v.target) if "Method" in str(m.member_type)]),
    prop("Properties", "System.Management.Automation.PSMemberInfoCollection", _properties),
    prop("TypeNames", "System.Collections.ObjectModel.Collection[string]",
         lambda v: v.target.type_names if isinstance(v.target, PSObject) else
         list(__import__("pyshell.runtime.members", fromlist=["type_names"]).type_names(v.target))),
    method("Copy", _copy, "psobject Copy()"),
])

PROPERTY_COLLECTION_TABLE = MemberTable.of(PSPropertyCollection.dotnet_name, [
    prop("Count", "int", len),
    method("Match", _match_properties, "System.Collections.ObjectModel.Collection[T] Match("
           "string name)"),
    method("Remove", _remove_property, "void Remove(string name)"),
])

PSPROPERTY_TABLE = MemberTable.of("System.Management.Automation.PSPropertyInfo", [
    prop("IsGettable", "bool", lambda p: True),
    prop("IsSettable", "bool", lambda p: p.info.setter is not None),
    prop("MemberType", "System.Management.Automation.PSMemberTypes",
         lambda p: p.info.member_type),
    prop("Name", "string", lambda p: p.info.name),
    prop("TypeNameOfValue", "string", lambda p: p.info.type_name),
    prop("Value", "System.Object", lambda p: p.info.getter(p.owner),
         lambda p, value: p.info.setter(p.owner, value) if p.info.setter else None),
])


PSMETHOD_TABLE = MemberTable.of("System.Management.Automation.PSMethod", [
    prop("IsInstance", "bool", lambda m: True),
    prop("MemberType", "System.Management.Automation.PSMemberTypes", lambda m: "Method"),
    prop("Name", "string", lambda m: m.name),
    prop("OverloadDefinitions", "System.Collections.ObjectModel.Collection[string]",
         lambda m: list(m.definitions)),
    prop("TypeNameOfValue", "string", lambda m: "System.Management.Automation.PSMethod"),
    method("Invoke", lambda m, *args: m.invoke(*args),
           "System.Object Invoke(Params System.Object[] arguments)"),
])


# --------------------------------------------------------------------------- StringBuilder

class StringBuilder:
    """System.Text.StringBuilder: `Append` returns the builder, as in .NET (hence the
    `[void]$sb.Append(...)` idiom in scripts)."""

    dotnet_name = "System.Text.StringBuilder"
    __slots__ = ("parts",)

    def __init__(self, initial: Any = None) -> None:
        self.parts: list[str] = []
        if isinstance(initial, str):
            self.parts.append(initial)

    def text(self) -> str:
        joined = "".join(self.parts)
        self.parts = [joined] if joined else []
        return joined

    def __str__(self) -> str:
        return self.text()


def _append(sb: StringBuilder, value: Any = None, *rest: Any) -> StringBuilder:
    sb.parts.append(cv.dotnet_string(value) if not rest else cv.to_string(value) * int(
        cv.to_int(rest[0])))
    return sb


def _append_line(sb: StringBuilder, value: Any = None) -> StringBuilder:
    sb.parts.append(cv.dotnet_string(value) + "\n")
    return sb


def _append_format(sb: StringBuilder, fmt: Any, *args: Any) -> StringBuilder:
    from pyshell.runtime.dotnet_format import composite_format

    sb.parts.append(composite_format(cv.to_string(fmt), list(args), cv.dotnet_string))
    return sb


def _sb_replace(sb: StringBuilder, old: Any, new: Any) -> StringBuilder:
    sb.parts = [sb.text().replace(cv.to_string(old), cv.to_string(new))]
    return sb


def _sb_insert(sb: StringBuilder, index: Any, value: Any) -> StringBuilder:
    text = sb.text()
    at = int(cv.to_int(index))
    sb.parts = [text[:at] + cv.to_string(value) + text[at:]]
    return sb


def _sb_clear(sb: StringBuilder) -> StringBuilder:
    sb.parts = []
    return sb


STRING_BUILDER_TABLE = MemberTable.of("System.Text.StringBuilder", [
    prop("Length", "int", lambda sb: len(sb.text())),
    method("Append", _append, "System.Text.StringBuilder Append(System.Object value)"),
    method("AppendFormat", _append_format, "System.Text.StringBuilder AppendFormat(string "
           "format, Params System.Object[] args)"),
    method("AppendLine", _append_line, "System.Text.StringBuilder AppendLine()",
           "System.Text.StringBuilder AppendLine(string value)"),
    method("Clear", _sb_clear, "System.Text.StringBuilder Clear()"),
    method("Insert", _sb_insert, "System.Text.StringBuilder Insert(int index, string value)"),
    method("Replace", _sb_replace, "System.Text.StringBuilder Replace(string oldValue, string "
           "newValue)"),
    method("ToString", lambda sb: sb.text(), "string ToString()"),
])


for _klass, _table in (
    (PSType, TYPE_TABLE), (Version, VERSION_TABLE), (uuid.UUID, GUID_TABLE),
    (Regex, REGEX_TABLE), (Match, MATCH_TABLE), (Group, GROUP_TABLE),
    (ErrorRecord, ERROR_RECORD_TABLE), (ErrorCategoryInfo, CATEGORY_TABLE),
    (InvocationInfo, INVOCATION_TABLE), (PSException, EXCEPTION_TABLE),
    (PSObjectView, PSOBJECT_VIEW_TABLE), (PSPropertyCollection, PROPERTY_COLLECTION_TABLE),
    (PSPropertyView, PSPROPERTY_TABLE), (StringBuilder, STRING_BUILDER_TABLE),
    (PSMethodInfo, PSMETHOD_TABLE),
):
    register_instance_table(_klass, _table)
