"""The PowerShell type of a parameter, and the `[switch]` value.

`ParameterType` is made from a Python annotation (`int`, `str`, `list[str]`, `Switch`, an enum
or record class, `ScriptBlock`, `Any`), from a type name as written in a script
(`from_type_name("int[]")`) or from a `types.PSType` (`from_ps_type`). Its `kind` tells the
binder how to convert an argument; `full_name` is what error messages show, `name` what
syntax lines show.
"""

from __future__ import annotations

import enum
import types as pytypes
import typing
from typing import Any, Mapping, Optional, Sequence

from attrs import field, frozen

__all__ = ["Switch", "TypeKind", "ParameterType"]


@frozen
class Switch:
    """`[switch]`: truthy like a bool; `Switch(False)` is the class default of a switch."""

    is_present: bool = False

    def __bool__(self) -> bool:
        return self.is_present

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Switch):
            return self.is_present == other.is_present
        if isinstance(other, bool):
            return self.is_present == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.is_present)

    def __str__(self) -> str:
        return "True" if self.is_present else "False"

    __ps_typenames__ = ("System.Management.Automation.SwitchParameter",)


class TypeKind(enum.Enum):
    """How the binder converts an argument for a parameter."""

    OBJECT = "object"
    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    DECIMAL = "decimal"
    BOOL = "bool"
    SWITCH = "switch"
    ENUM = "enum"
    SCRIPTBLOCK = "scriptblock"
    HASHTABLE = "hashtable"
    ARRAY = "array"
    CLASS = "class"          # a record or other Python class: instances only
    PSTYPE = "pstype"        # a types.PSType: converted by conversion.convert_to


_INT_RANGES = {
    "System.Int32": (-2**31, 2**31 - 1), "System.Int64": (-2**63, 2**63 - 1),
    "System.Int16": (-2**15, 2**15 - 1), "System.Byte": (0, 255), "System.SByte": (-128, 127),
    "System.UInt16": (0, 2**16 - 1), "System.UInt32": (0, 2**32 - 1),
    "System.UInt64": (0, 2**64 - 1), "System.Numerics.BigInteger": (None, None),
}


@frozen
class ParameterType:
    """A parameter's PowerShell type: `full_name` (`System.Int32`) for messages, `name`
    (`Int32`, `String[]`) for syntax lines, `kind` for the binder."""

    kind: TypeKind
    full_name: str
    element: Optional[ParameterType] = None
    python: Any = field(default=None, eq=False)     # Python class (int subclass, enum, record)
    ps_type: Any = field(default=None, eq=False)    # types.PSType for PSTYPE

    @property
    def name(self) -> str:
        if self.kind is TypeKind.ARRAY and self.element is not None:
            return self.element.name + "[]"
        if self.kind is TypeKind.SWITCH:
            return "SwitchParameter"
        return self.full_name.rsplit(".", 1)[-1]

    @property
    def is_array(self) -> bool:
        return self.kind is TypeKind.ARRAY

    @property
    def is_switch(self) -> bool:
        return self.kind is TypeKind.SWITCH

    # ---- constructors

    @classmethod
    def object(cls) -> ParameterType:
        return _OBJECT

    @classmethod
    def array_of(cls, element: ParameterType) -> ParameterType:
        return cls(TypeKind.ARRAY, element.full_name + "[]", element)

    @classmethod
    def from_annotation(cls, annotation: Any) -> ParameterType:
        """The PowerShell type of a Python annotation (`int`, `list[str] | None`, ...)."""
        return _from_annotation(annotation)

    @classmethod
    def from_ps_type(cls, ps_type: Any) -> ParameterType:
        """Wrap a `types.PSType` (what the compiler resolves `[T]` to)."""
        full = getattr(ps_type, "full_name", None) or str(ps_type)
        known = _BY_TYPE_NAME.get(full.lower())
        if known is not None:
            return known
        if full.endswith("[]"):
            element = getattr(ps_type, "element_type", None)
            inner = (cls.from_ps_type(element) if element is not None
                     else cls.from_type_name(full[:-2]))
            return cls.array_of(inner)
        python = getattr(ps_type, "python_class", None) or getattr(ps_type, "python", None)
        if isinstance(python, type):
            if issubclass(python, enum.Enum):
                return cls(TypeKind.ENUM, full, python=python, ps_type=ps_type)
        return cls(TypeKind.PSTYPE, full, ps_type=ps_type, python=python)

    @classmethod
    def from_type_name(cls, name: str) -> ParameterType:
        """`int`, `string[]`, `System.Int64`, `switch`, `Microsoft.HyperV....VMState`."""
        text = name.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1].strip()
        if text.endswith("[]"):
            return cls.array_of(cls.from_type_name(text[:-2]))
        known = _BY_TYPE_NAME.get(text.lower())
        if known is not None:
            return known
        try:
            from pyshell.runtime.types import resolve_type
            ps_type = resolve_type(text)
        except Exception:  # the type table is not there yet, or the name is odd
            ps_type = None
        if ps_type is not None:
            return cls.from_ps_type(ps_type)
        return cls(TypeKind.OBJECT, text)


_OBJECT = ParameterType(TypeKind.OBJECT, "System.Object")
_STRING = ParameterType(TypeKind.STRING, "System.String")
_BOOL = ParameterType(TypeKind.BOOL, "System.Boolean")
_SWITCH = ParameterType(TypeKind.SWITCH, "System.Management.Automation.SwitchParameter")
_DOUBLE = ParameterType(TypeKind.FLOAT, "System.Double")
_INT32 = ParameterType(TypeKind.INTEGER, "System.Int32", python=int)
_SCRIPTBLOCK = ParameterType(TypeKind.SCRIPTBLOCK, "System.Management.Automation.ScriptBlock")
_HASHTABLE = ParameterType(TypeKind.HASHTABLE, "System.Collections.Hashtable")


def _int_type(full: str) -> ParameterType:
    from pyshell.runtime import values
    short = full.rsplit(".", 1)[-1]
    python = {"Int32": int, "Int64": values.Int64, "Int16": values.Int16, "Byte": values.Byte,
              "SByte": values.SByte, "UInt16": values.UInt16, "UInt32": values.UInt32,
              "UInt64": values.UInt64, "BigInteger": values.BigInteger}[short]
    return ParameterType(TypeKind.INTEGER, full, python=python)


def _build_name_table() -> dict[str, ParameterType]:
    table: dict[str, ParameterType] = {}

    def add(pt: ParameterType, *names: str) -> None:
        for n in names + (pt.full_name,):
            table[n.lower()] = pt

    add(_OBJECT, "object", "psobject", "System.Management.Automation.PSObject")
    add(_STRING, "string")
    add(_BOOL, "bool")
    add(_SWITCH, "switch")
    add(_DOUBLE, "double")
    add(ParameterType(TypeKind.FLOAT, "System.Single"), "single", "float")
    add(ParameterType(TypeKind.DECIMAL, "System.Decimal"), "decimal")
    add(_SCRIPTBLOCK, "scriptblock")
    add(_HASHTABLE, "hashtable")
    add(_int_type("System.Int32"), "int", "int32")
    add(_int_type("System.Int64"), "long", "int64")
    add(_int_type("System.Int16"), "short", "int16")
    add(_int_type("System.Byte"), "byte")
    add(_int_type("System.SByte"), "sbyte")
    add(_int_type("System.UInt16"), "ushort", "uint16")
    add(_int_type("System.UInt32"), "uint", "uint32")
    add(_int_type("System.UInt64"), "ulong", "uint64")
    add(_int_type("System.Numerics.BigInteger"), "bigint")
    add(ParameterType(TypeKind.ARRAY, "System.Object[]", _OBJECT), "array")
    return table


_BY_TYPE_NAME = _build_name_table()


def _from_annotation(annotation: Any) -> ParameterType:
    if annotation is Any or annotation is object or annotation is None:
        return _OBJECT
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, pytypes.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _from_annotation(members[0]) if len(members) == 1 else _OBJECT
    if origin in (list, tuple, Sequence, typing.Sequence) or annotation in (list, tuple):
        args = typing.get_args(annotation)
        element = _from_annotation(args[0]) if args else _OBJECT
        return ParameterType.array_of(element)
    if origin in (dict, Mapping) or annotation is dict:
        return _HASHTABLE
    if not isinstance(annotation, type):
        return _OBJECT
    if annotation is Switch:
        return _SWITCH
    if annotation is bool:
        return _BOOL
    if annotation is str:
        return _STRING
    if annotation is float:
        return _DOUBLE
    if issubclass(annotation, int) and not issubclass(annotation, enum.Enum):
        if annotation is int:
            return _BY_TYPE_NAME["int"]
        full = {"Int64": "System.Int64", "Int16": "System.Int16", "Byte": "System.Byte",
                "SByte": "System.SByte", "UInt16": "System.UInt16", "UInt32": "System.UInt32",
                "UInt64": "System.UInt64", "BigInteger": "System.Numerics.BigInteger"}.get(
                    annotation.__name__, "System.Int32")
        return _BY_TYPE_NAME[full.lower()]
    if issubclass(annotation, enum.Enum):
        names = getattr(annotation, "__ps_typenames__", None)
        full = names[0] if names else annotation.__name__
        return ParameterType(TypeKind.ENUM, full, python=annotation)
    if annotation.__name__ == "ScriptBlock":
        return _SCRIPTBLOCK
    if issubclass(annotation, dict):
        return _HASHTABLE
    import datetime
    import decimal
    import uuid
    simple = {datetime.datetime: "datetime", datetime.timedelta: "timespan",
              uuid.UUID: "guid", decimal.Decimal: "decimal"}
    if annotation in simple:
        pt = ParameterType.from_type_name(simple[annotation])
        if pt.kind is not TypeKind.OBJECT:
            return pt
        full = {"datetime": "System.DateTime", "timespan": "System.TimeSpan",
                "guid": "System.Guid", "decimal": "System.Decimal"}[simple[annotation]]
        return ParameterType(TypeKind.CLASS, full, python=annotation)
    names = getattr(annotation, "__ps_typenames__", None)
    full = names[0] if names else annotation.__name__
    return ParameterType(TypeKind.CLASS, full, python=annotation)
