"""The PSObject layer: properties, methods and type names of any value (architecture §2-3).

Every value a script touches is seen through this module: records from modules expose their
attrs fields as PascalCase properties in declared order, `[pscustomobject]` is a `PSObject`
with ordered note properties, hashtable keys read as properties, a collection without the
property enumerates its members (`$vms.Name`), and .NET members of strings, arrays, dates and
the rest come from the declarative tables of `pyshell.runtime.dotnet`.
"""

from __future__ import annotations

import enum
import re
from typing import Any, Callable, Iterable, Optional, cast

import attrs
from attrs import frozen

from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, PSException, RuntimeException,
)
from pyshell.runtime.values import AUTOMATION_NULL, is_collection

__all__ = [
    "MemberType", "PropertyInfo", "MemberInfo", "PSObject", "type_names", "get_properties",
    "get_property_value", "set_property_value", "invoke_method", "get_members",
    "base_object", "has_property", "pascal_case", "short_type_name", "member_error",
    "PSMethodInfo", "find_property", "note_values",
]


class MemberType(str, enum.Enum):
    """PSMemberTypes; a str so that `member_type == "NoteProperty"` reads naturally."""

    AliasProperty = "AliasProperty"
    CodeProperty = "CodeProperty"
    Property = "Property"
    NoteProperty = "NoteProperty"
    ScriptProperty = "ScriptProperty"
    Method = "Method"
    CodeMethod = "CodeMethod"
    ScriptMethod = "ScriptMethod"
    ParameterizedProperty = "ParameterizedProperty"

    def __str__(self) -> str:
        return self.value


@frozen
class PropertyInfo:
    """One property as formatting, Select-Object, Get-Member and the binder see it."""

    name: str
    member_type: MemberType
    type_name: str
    getter: Callable[[Any], Any]
    setter: Optional[Callable[[Any, Any], None]] = None

    def get(self, obj: Any) -> Any:
        return self.getter(obj)


@frozen
class MemberInfo:
    """A member for Get-Member and `PSObject.add_member`.

    `value` is a NoteProperty's value, `target` an AliasProperty's target name, `getter` /
    `setter` a ScriptProperty's or CodeProperty's blocks, `script` a ScriptMethod's block.
    """

    name: str
    member_type: MemberType
    definition: str = ""
    value: Any = None
    target: Optional[str] = None
    getter: Any = None
    setter: Any = None
    script: Any = None


_SHORT_NAMES = {
    "System.Int32": "int", "System.Int64": "long", "System.String": "string",
    "System.Boolean": "bool", "System.Double": "double", "System.Single": "float",
    "System.Decimal": "decimal", "System.Byte": "byte", "System.SByte": "sbyte",
    "System.Int16": "short", "System.UInt16": "ushort", "System.UInt32": "uint",
    "System.UInt64": "ulong", "System.Char": "char", "System.DateTime": "datetime",
    "System.TimeSpan": "timespan", "System.Guid": "guid", "System.Object": "System.Object",
    "System.Collections.Hashtable": "hashtable", "System.Version": "version",
    "System.Numerics.BigInteger": "bigint", "System.Management.Automation.ScriptBlock":
    "scriptblock", "System.Object[]": "Object[]", "System.Type": "type",
}


def short_type_name(full_name: str) -> str:
    """How Get-Member writes a type in a definition (`int`, `string`, `Object[]`)."""
    return _SHORT_NAMES.get(full_name, full_name)


def pascal_case(snake: str) -> str:
    """`memory_startup` -> `MemoryStartup` (the name a record field has in the shell)."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_") if part)


def member_error(text: str, error_id: str,
                 category: ErrorCategory = ErrorCategory.InvalidOperation,
                 target: Any = None) -> RuntimeException:
    exc = RuntimeException(text)
    exc.error_record = ErrorRecord(exc, error_id, category, target)
    return exc


# --------------------------------------------------------------------------- PSObject

class PSObject:
    """`[pscustomobject]` (no base object) or a value wrapped to carry extra members.

    Properties keep their insertion order; names are case-insensitive. `type_names` is the
    mutable PSTypeNames list that view selection reads.
    """

    __slots__ = ("base", "_members", "type_names")

    def __init__(self, base: Any = None, type_names: Optional[Iterable[str]] = None) -> None:
        self.base = base
        self._members: dict[str, MemberInfo] = {}
        if type_names is not None:
            self.type_names = list(type_names)
        elif base is None:
            self.type_names = ["System.Management.Automation.PSCustomObject", "System.Object"]
        else:
            self.type_names = list(type_names_of_value(base))

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Any]]) -> PSObject:
        obj = cls()
        for name, value in pairs:
            obj.add_note_property(name, value)
        return obj

    @classmethod
    def wrap(cls, value: Any) -> PSObject:
        """The PSObject for a value (itself when it is one already)."""
        return value if isinstance(value, PSObject) else cls(base=value)

    def add_note_property(self, name: str, value: Any) -> None:
        existing = self._members.get(name.lower())
        stored_name = existing.name if existing is not None else name
        self._members[name.lower()] = MemberInfo(stored_name, MemberType.NoteProperty,
                                                 value=_stored(value))

    def add_member(self, member: MemberInfo) -> None:
        if member.member_type is MemberType.NoteProperty:
            member = attrs.evolve(member, value=_stored(member.value))
        self._members[member.name.lower()] = member

    def remove_member(self, name: str) -> bool:
        return self._members.pop(name.lower(), None) is not None

    def member(self, name: str) -> Optional[MemberInfo]:
        return self._members.get(name.lower())

    @property
    def members(self) -> list[MemberInfo]:
        return list(self._members.values())

    def copy(self) -> PSObject:
        clone = PSObject(self.base, self.type_names)
        clone._members = dict(self._members)
        return clone

    def __ps_type_name__(self) -> str:
        if self.base is not None:
            return cv.dotnet_type_name(self.base)
        return "System.Management.Automation.PSCustomObject"

    def __ps_tostring__(self) -> str:
        if self.base is not None:
            return cv.dotnet_string(self.base)
        parts = []
        for info in get_properties(self):
            parts.append(f"{info.name}={cv.dotnet_string(info.getter(self))}")
        # An object without properties converts to an empty string, not `@{}`.
        return "@{" + "; ".join(parts) + "}" if parts else ""

    def __str__(self) -> str:
        return self.__ps_tostring__()

    def __repr__(self) -> str:
        notes = ", ".join(f"{m.name}={m.value!r}" for m in self._members.values()
                          if m.member_type is MemberType.NoteProperty)
        return f"PSObject({notes})" if self.base is None else f"PSObject({self.base!r}; {notes})"


def _stored(value: Any) -> Any:
    return None if value is AUTOMATION_NULL else value


def base_object(value: Any) -> Any:
    """The value under a wrapping PSObject (a pscustomobject is its own base)."""
    if type(value) is PSObject and value.base is not None:
        return value.base
    return value


# --------------------------------------------------------------------------- type names

def type_names_of_value(value: Any) -> tuple[str, ...]:
    if value is None or value is AUTOMATION_NULL:
        return ()
    if isinstance(value, PSObject):
        return tuple(value.type_names)
    if isinstance(value, enum.Enum):
        full = cv.dotnet_type_name(value)
        return (full, "System.Enum", "System.ValueType", "System.Object")
    names = getattr(value, "__ps_typenames__", None)
    if names:
        return tuple(names) + (("System.Object",) if "System.Object" not in names else ())
    if isinstance(value, PSException):
        return tuple(type(value).dotnet_names()) + ("System.Object",)
    from pyshell.runtime.types import type_of

    ps_type = type_of(value)
    return (ps_type.full_name,) + tuple(ps_type.bases)


def type_names(obj: Any) -> tuple[str, ...]:
    """The PSTypeNames chain, most derived first (view selection walks it in order)."""
    return type_names_of_value(obj)


# --------------------------------------------------------------------------- records

def _is_record(value: Any) -> bool:
    return attrs.has(type(value)) and not isinstance(value, type)


def _annotation_type(annotation: Any, klass: type) -> str:
    """The .NET full name of a record field's annotation (`str` -> System.String,
    `E.VMState` -> its `__ps_typenames__[0]`), System.Object when it cannot be told."""
    import sys

    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    text = text.strip()
    if text.startswith("Optional[") and text.endswith("]"):
        text = text[len("Optional["):-1]
    text = text.replace(" | None", "").replace("None | ", "")
    if text.split("[", 1)[0].lower() in ("tuple", "list", "sequence", "typing.tuple"):
        return "System.Object[]"
    namespace = vars(sys.modules.get(klass.__module__, sys))
    target: Any = None
    for position, part in enumerate(text.split(".")):
        if not part.isidentifier():
            return "System.Object"
        if position == 0:
            target = namespace.get(part, __builtins__.get(part) if isinstance(
                __builtins__, dict) else getattr(__builtins__, part, None))
        else:
            target = getattr(target, part, None)
        if target is None:
            return "System.Object"
    return _python_type_name(target)


def _python_type_name(target: Any) -> str:
    import datetime as _dt
    import uuid as _uuid
    from decimal import Decimal

    from pyshell.runtime.values import NumericKind, _TypedInt

    names = getattr(target, "__ps_typenames__", None)
    if names:
        return cast(str, names[0])
    simple = {str: "System.String", int: "System.Int32", bool: "System.Boolean",
              float: "System.Double", Decimal: "System.Decimal", _dt.datetime: "System.DateTime",
              _dt.timedelta: "System.TimeSpan", _uuid.UUID: "System.Guid",
              dict: "System.Collections.Hashtable", list: "System.Object[]",
              tuple: "System.Object[]"}
    if target in simple:
        return simple[target]
    if isinstance(target, type) and issubclass(target, _TypedInt):
        kind: NumericKind = target.kind
        return kind.full_name
    dotnet = getattr(target, "dotnet_name", None)
    return dotnet if isinstance(dotnet, str) else "System.Object"


_RECORD_CACHE: dict[type, tuple[list[PropertyInfo], dict[str, PropertyInfo]]] = {}
# record class -> lower-case property name -> getter: the hot path of `$vm.Name`
_RECORD_GETTERS: dict[type, dict[str, Callable[[Any], Any]]] = {}


def _record_properties(klass: type) -> tuple[list[PropertyInfo], dict[str, PropertyInfo]]:
    cached = _RECORD_CACHE.get(klass)
    if cached is not None:
        return cached
    ordered: list[PropertyInfo] = []
    for fld in attrs.fields(klass):
        if fld.metadata.get("ps_hidden") or fld.name.startswith("_"):
            continue
        name = fld.metadata.get("ps_name") or pascal_case(fld.name)
        ordered.append(PropertyInfo(name, MemberType.Property, _annotation_type(fld.type, klass),
                                    _attr_getter(fld.name)))
    by_name = {info.name.lower(): info for info in ordered}
    for alias, target in getattr(klass, "__ps_aliases__", {}).items():
        target_info = by_name.get(target.lower())
        if target_info is not None:
            info = PropertyInfo(alias, MemberType.AliasProperty, target_info.type_name,
                                target_info.getter)
            ordered.append(info)
            by_name[alias.lower()] = info
    # Python properties a record declares with __ps_properties__ = ("Name", ...) are
    # computed properties (CodeProperty in PowerShell terms).
    for extra in getattr(klass, "__ps_properties__", ()):
        attr = extra.lower()
        python_name = next((n for n in dir(klass) if n.lower().replace("_", "") ==
                            attr.replace("_", "")), None)
        if python_name is not None:
            info = PropertyInfo(extra, MemberType.Property, "System.Object",
                                _attr_getter(python_name))
            ordered.append(info)
            by_name[attr] = info
    _RECORD_CACHE[klass] = (ordered, by_name)
    return ordered, by_name


def _attr_getter(name: str) -> Callable[[Any], Any]:
    def getter(obj: Any) -> Any:
        return getattr(base_object(obj), name)
    return getter


# --------------------------------------------------------------------------- properties

def _table(value: Any) -> Any:
    if not _tables_loaded:
        _load_tables()
    return _instance_table_for(value)


_tables_loaded = False


def _load_tables() -> None:
    global _tables_loaded, _instance_table_for
    from pyshell.runtime import dotnet

    dotnet.load()
    _instance_table_for = dotnet.instance_table_for
    _tables_loaded = True


def _instance_table_for(value: Any) -> Any:  # replaced by the real lookup on first use
    return None


def _table_properties(value: Any) -> list[PropertyInfo]:
    table = _table(value)
    if table is None:
        return list(_class_properties(type(value))[0])
    return [PropertyInfo(p.name, MemberType.Property, p.type_name, p.getter, p.setter)
            for p in table.properties.values()]


_CLASS_CACHE: dict[type, tuple[list[PropertyInfo], dict[str, PropertyInfo]]] = {}


def _class_properties(klass: type) -> tuple[list[PropertyInfo], dict[str, PropertyInfo]]:
    """A plain Python class's .NET-style members: its PascalCase Python properties (a class
    that is neither a record nor in a member table declares its shell surface this way)."""
    cached = _CLASS_CACHE.get(klass)
    if cached is not None:
        return cached
    ordered: list[PropertyInfo] = []
    if klass.__module__ not in ("builtins",):
        for name in sorted(dir(klass)):
            attr = getattr(klass, name, None)
            if name[:1].isupper() and isinstance(attr, property):
                setter = _python_setter(name) if attr.fset is not None else None
                ordered.append(PropertyInfo(name, MemberType.Property, "System.Object",
                                            _python_getter(name), setter))
    result = (ordered, {info.name.lower(): info for info in ordered})
    _CLASS_CACHE[klass] = result
    return result


def _python_getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(base_object(obj), name)


def _python_setter(name: str) -> Callable[[Any, Any], None]:
    return lambda obj, value: setattr(base_object(obj), name, value)


def _psobject_property(obj: PSObject, member: MemberInfo) -> Optional[PropertyInfo]:
    kind = member.member_type
    if kind is MemberType.NoteProperty:
        def get_note(o: Any, name: str = member.name) -> Any:
            found = o.member(name) if isinstance(o, PSObject) else None
            return found.value if found is not None else None

        def set_note(o: Any, value: Any, name: str = member.name) -> None:
            o.add_note_property(name, value)
        value = member.value
        type_name = cv.dotnet_type_name(value) if value is not None else "System.Object"
        return PropertyInfo(member.name, kind, type_name, get_note, set_note)
    if kind is MemberType.AliasProperty:
        target = member.target or ""
        return PropertyInfo(member.name, kind, "System.Object",
                            lambda o: get_property_value(o, target),
                            lambda o, v: set_property_value(o, target, v))
    if kind in (MemberType.ScriptProperty, MemberType.CodeProperty):
        getter, setter = member.getter, member.setter
        return PropertyInfo(member.name, kind, "System.Object",
                            lambda o: _call_getter(getter, o),
                            (lambda o, v: _call_setter(setter, o, v)) if setter else None)
    return None


def _call_getter(getter: Any, obj: Any) -> Any:
    if getter is None:
        return None
    if hasattr(getter, "invoke"):
        return _single(getter.invoke(this=obj))
    return getter(obj)


def _call_setter(setter: Any, obj: Any, value: Any) -> None:
    if hasattr(setter, "invoke"):
        setter.invoke(value, this=obj)
    else:
        setter(obj, value)


def _single(results: Any) -> Any:
    if isinstance(results, list):
        if not results:
            return None
        return results[0] if len(results) == 1 else results
    return results


def get_properties(obj: Any) -> list[PropertyInfo]:
    """The properties of a value in declared order (the order tables and lists show)."""
    if obj is None or obj is AUTOMATION_NULL:
        return []
    if isinstance(obj, PSObject):
        own = [p for p in (_psobject_property(obj, m) for m in obj.members) if p is not None]
        if obj.base is None:
            return own
        names = {p.name.lower() for p in own}
        return own + [_on_base(p) for p in get_properties(obj.base)
                      if p.name.lower() not in names]
    if _table(obj) is None and _is_record(obj):
        return list(_record_properties(type(obj))[0])
    return _table_properties(obj)


def _on_base(info: PropertyInfo) -> PropertyInfo:
    """A base object's property read through its wrapping PSObject."""
    getter, setter = info.getter, info.setter
    return attrs.evolve(info, getter=lambda o: getter(base_object(o)),
                        setter=(lambda o, v: setter(base_object(o), v)) if setter else None)


def has_property(obj: Any, name: str) -> bool:
    return _find_property(obj, name) is not None


def find_property(obj: Any, name: str) -> Optional[PropertyInfo]:
    """The property `name` of a value (None when it has none). For a value that is not a
    PSObject the answer depends only on its type, so a caller reading many values of one
    type may resolve it once and call the getter."""
    return _find_property(obj, name)


def note_values(objects: Iterable[Any], name: str, other: Any) -> list[Any]:
    """Each object's note property `name` where the object is a `[pscustomobject]` that has
    one, else `other`: one pass over a column of values (Sort-Object's keys), with no
    per-object call for the common case."""
    lowered = name.lower()
    note = MemberType.NoteProperty
    return [member.value if type(obj) is PSObject and obj.base is None
            and (member := obj._members.get(lowered)) is not None
            and member.member_type is note else other
            for obj in objects]


def _find_property(obj: Any, name: str) -> Optional[PropertyInfo]:
    lowered = name.lower()
    if isinstance(obj, PSObject):
        member = obj.member(name)
        if member is not None:
            return _psobject_property(obj, member)
        found = _find_property(obj.base, name) if obj.base is not None else None
        return _on_base(found) if found is not None else None
    table = _table(obj)
    if table is None and _is_record(obj):
        by_name = _record_properties(type(obj))[1]
        if type(obj) not in _RECORD_GETTERS:
            _RECORD_GETTERS[type(obj)] = {key: info.getter for key, info in by_name.items()}
        return by_name.get(lowered)
    if table is not None:
        found = table.property(name)
        if found is not None:
            return PropertyInfo(found.name, MemberType.Property, found.type_name, found.getter,
                                found.setter)
        return None
    if obj is None or isinstance(obj, (str, int, float, list, tuple, dict)):
        return None
    return _class_properties(type(obj))[1].get(lowered)


def _dictionary_key(obj: dict[Any, Any], name: Any) -> tuple[bool, Any]:
    if name in obj:
        return True, obj[name]
    if isinstance(name, str) and re.fullmatch(r"-?\d+", name) and int(name) in obj:
        return True, obj[int(name)]
    return False, None


def get_property_value(obj: Any, name: Any) -> Any:
    """`$obj.Name`: case-insensitive; missing is `$null`; hashtable keys first; a collection
    without the property gives each element's value (member-access enumeration)."""
    if obj is None or obj is AUTOMATION_NULL:
        return None
    key = name if isinstance(name, str) else cv.to_string(name)
    klass = type(obj)
    if klass is PSObject:
        member = obj.member(key)
        if member is not None and member.member_type is MemberType.NoteProperty:
            return member.value  # the common case, without building a PropertyInfo
    else:
        record = _RECORD_GETTERS.get(klass)
        if record is not None:
            getter = record.get(key.lower())
            if getter is not None:
                return getter(obj)
    if isinstance(obj, dict):
        found, value = _dictionary_key(obj, name if not isinstance(name, str) else key)
        if found:
            return value
    if key.lower() == "psobject":
        return PSObjectView(obj)
    if key.lower() == "pstypenames":
        return obj.type_names if isinstance(obj, PSObject) else list(type_names(obj))
    info = _find_property(obj, key)
    if info is not None:
        return info.getter(obj)
    method = _method_info(obj, key)
    if method is not None:
        return method
    if isinstance(obj, dict):
        return None
    if is_collection(obj):
        return _enumerate_member(obj, key)
    if key.lower() in ("count", "length"):
        return 1
    return None


def _enumerate_member(collection: Any, name: str) -> Any:
    results: list[Any] = []
    for item in collection:
        if item is None:
            continue
        if not has_property(item, name) and not (isinstance(item, dict) and name in item) \
                and not is_collection(item):
            continue
        value = get_property_value(item, name)
        if is_collection(value):
            results.extend(value)
        else:
            results.append(value)
    if not results:
        return None
    return results[0] if len(results) == 1 else results


def set_property_value(obj: Any, name: str, value: Any) -> None:
    """`$obj.Name = value`; a hashtable gets the key; a pscustomobject's note changes."""
    value = _stored(value)
    if obj is None or obj is AUTOMATION_NULL:
        raise member_error(f"The property '{name}' cannot be found on this object. Verify "
                           "that the property exists and can be set.", "PropertyNotFound")
    if isinstance(obj, dict):
        key: Any = name
        if isinstance(name, str) and name not in obj and re.fullmatch(r"-?\d+", name) \
                and int(name) in obj:
            key = int(name)
        obj[key] = value
        return
    info = _find_property(obj, name)
    if info is None:
        raise member_error(f"The property '{name}' cannot be found on this object. Verify "
                           "that the property exists and can be set.", "PropertyNotFound")
    if info.setter is None:
        raise member_error(f"'{info.name}' is a ReadOnly property.",
                           "PropertyAssignmentException")
    info.setter(obj, value)


# --------------------------------------------------------------------------- psobject view

class PSObjectView:
    """`$x.psobject`: Properties, Members, Methods, TypeNames, BaseObject."""

    dotnet_name = "System.Management.Automation.PSObject"
    __slots__ = ("target",)

    def __init__(self, target: Any) -> None:
        self.target = target

    @property
    def properties(self) -> list[PSPropertyView]:
        return [PSPropertyView(self.target, info) for info in get_properties(self.target)]

    def __ps_tostring__(self) -> str:
        return cv.dotnet_string(self.target)


class PSPropertyView:
    """One entry of `.psobject.Properties`: Name, Value, MemberType, TypeNameOfValue."""

    dotnet_name = "System.Management.Automation.PSNoteProperty"
    __slots__ = ("owner", "info")

    def __init__(self, owner: Any, info: PropertyInfo) -> None:
        self.owner = owner
        self.info = info

    def __ps_tostring__(self) -> str:
        value = self.info.getter(self.owner)
        return f"{short_type_name(self.info.type_name)} {self.info.name}={cv.dotnet_string(value)}"


# --------------------------------------------------------------------------- methods

class PSMethodInfo:
    """`$obj.Method` without parentheses: the method itself, showing its overloads
    (`string ToUpper(), string ToUpper(cultureinfo culture)`); `.Invoke(args)` calls it."""

    dotnet_name = "System.Management.Automation.PSMethod"
    __slots__ = ("target", "name", "definitions")

    def __init__(self, target: Any, name: str, definitions: tuple[str, ...]) -> None:
        self.target = target
        self.name = name
        self.definitions = definitions

    def invoke(self, *args: Any, context: Any = None) -> Any:
        return invoke_method(self.target, self.name, list(args), context)

    def __ps_tostring__(self) -> str:
        return ", ".join(self.definitions)

    def __repr__(self) -> str:
        return f"PSMethodInfo({self.name!r})"


def _method_info(obj: Any, name: str) -> Optional[PSMethodInfo]:
    from pyshell.runtime.dotnet.intrinsics import INTRINSIC_DEFINITIONS

    if isinstance(obj, PSObject):
        member = obj.member(name)
        if member is not None and member.member_type in (MemberType.ScriptMethod,
                                                         MemberType.CodeMethod):
            return PSMethodInfo(obj, member.name, (member.definition or f"{member.name}()",))
    table = _table(base_object(obj))
    found = table.method(name) if table is not None else None
    if found is not None:
        return PSMethodInfo(obj, found.name, found.definitions)
    lowered = name.lower()
    for method_name, definition in INTRINSIC_DEFINITIONS.items():
        if method_name.lower() == lowered:
            return PSMethodInfo(obj, method_name, (definition,))
    return None


def invoke_method(obj: Any, name: str, args: Iterable[Any] = (), context: Any = None) -> Any:
    """`$obj.Name(args)`: table methods, a PSObject's script methods, intrinsic `Where`,
    `ForEach`, `GetType`, `ToString`; a collection without the method calls it on each
    element."""
    args = list(args)
    if obj is None or obj is AUTOMATION_NULL:
        raise member_error("You cannot call a method on a null-valued expression.",
                           "InvokeMethodOnNull")
    from pyshell.runtime.dotnet.intrinsics import INTRINSICS
    from pyshell.runtime.types import call_method

    lowered = name.lower()
    if isinstance(obj, PSObject):
        member = obj.member(name)
        if member is not None and member.member_type in (MemberType.ScriptMethod,
                                                         MemberType.CodeMethod):
            script = member.script
            if hasattr(script, "invoke"):
                results = script.invoke(*args, this=obj)
                # a method that writes nothing outputs nothing (not $null)
                return AUTOMATION_NULL if results == [] else _single(results)
            return script(obj, *args)
        if obj.base is not None and lowered not in ("where", "foreach"):
            target = obj.base
            if _table(target) is not None and _table(target).method(name) is not None:
                return invoke_method(target, name, args, context)
    table = _table(obj)
    found = table.method(name) if table is not None else None
    if found is not None:
        return call_method(found, obj, args, context)
    intrinsic = INTRINSICS.get(lowered)
    if intrinsic is not None:
        try:
            return intrinsic(obj, args, context)
        except (ArithmeticError, ValueError, TypeError, LookupError, AttributeError) as error:
            from pyshell.runtime.types import dotnet_exception, method_exception

            raise method_exception(dotnet_exception(error), name, len(args)) from None
    if is_collection(obj):
        return [invoke_method(item, name, args, context) for item in obj]
    raise member_error(f"Method invocation failed because [{cv.dotnet_type_name(obj)}] does "
                       f"not contain a method named '{name}'.", "MethodNotFound")


# --------------------------------------------------------------------------- Get-Member

def get_members(obj: Any) -> list[MemberInfo]:
    """Members for Get-Member: properties, then methods, sorted by member type and name."""
    from pyshell.runtime.dotnet.intrinsics import INTRINSIC_DEFINITIONS

    members: dict[str, MemberInfo] = {}
    for info in get_properties(obj):
        if info.member_type is MemberType.NoteProperty:
            value = info.getter(obj)
            shown = "null" if value is None else cv.dotnet_string(value)
            definition = f"{short_type_name(info.type_name)} {info.name}={shown}"
        elif info.member_type is MemberType.AliasProperty:
            target = next((m.target for m in obj.members if m.name == info.name), None) \
                if isinstance(obj, PSObject) else None
            definition = f"{info.name} = {target or info.name}"
        else:
            access = "{get;set;}" if info.setter else "{get;}"
            definition = f"{short_type_name(info.type_name)} {info.name} {access}"
        members[info.name.lower()] = MemberInfo(info.name, info.member_type, definition)
    table = _table(base_object(obj))
    if table is not None:
        for found in table.methods.values():
            members.setdefault(found.name.lower(), MemberInfo(found.name, MemberType.Method,
                                                              found.definition))
    if isinstance(obj, PSObject):
        for m in obj.members:
            if m.member_type in (MemberType.ScriptMethod, MemberType.CodeMethod):
                members[m.name.lower()] = MemberInfo(m.name, m.member_type,
                                                     m.definition or f"System.Object {m.name}();")
    for method_name, definition in INTRINSIC_DEFINITIONS.items():
        members.setdefault(method_name.lower(), MemberInfo(method_name, MemberType.Method,
                                                           definition))
    return sorted(members.values(), key=lambda m: (str(m.member_type), m.name.lower()))
