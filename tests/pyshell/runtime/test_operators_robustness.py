"""Bad input never escapes as a Python exception: every operator, cast and emulated .NET
method either returns a value or raises a PowerShell error (a PSException with a message a
user can read), whatever odd values a script passes."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pyshell.language.ast import BinaryOperator, UnaryOperator
from pyshell.runtime import dotnet
from pyshell.runtime.conversion import convert_to, to_bool, to_string
from pyshell.runtime.errors import PSException
from pyshell.runtime.members import PSObject, get_property_value, invoke_method
from pyshell.runtime.operators import binary_operation, unary_operation
from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import (
    AUTOMATION_NULL, Byte, Char, Hashtable, Int64, OrderedDictionary, Single, TypedArray, UInt64,
    Version,
)


class Shade(enum.Enum):
    __ps_typenames__ = ("Test.Shade",)
    Dark = 1


class Ctx:
    def get_variable(self, name: str) -> Any:
        return None

    def set_variable(self, name: str, value: Any) -> None:
        pass


def _pool() -> list[Any]:
    return [
        None, AUTOMATION_NULL, 0, 1, -1, 2**31 - 1, 2**31, 2**63, 2**70, 1.5, -0.0,
        float("nan"), float("inf"), Decimal("1.5"), Decimal("79228162514264337593543950335"),
        True, False, "", "abc", "10", "0x1F", " ", "[", "(", "*", "\\", "{0}", "{", "}",
        Char("a"), [], [1, 2], [[1]], ["a", "b"], Hashtable(a=1), OrderedDictionary(),
        PSObject.from_pairs([("a", 1)]), dt.datetime(2022, 1, 1), dt.timedelta(seconds=5),
        uuid.UUID(int=1), Version(1, 2), Int64(5), Byte(255), UInt64(2**64 - 1), Single(1.5),
        resolve_type("int"), Shade.Dark, TypedArray([1], resolve_type("int")),
    ]


values = st.sampled_from(_pool())


def _only_powershell_errors(action: Any) -> None:
    try:
        action()
    except PSException as error:
        assert error.message  # a readable message, never empty


@given(st.sampled_from(list(BinaryOperator)), values, values)
@settings(max_examples=400)
def test_binary_operators(op: BinaryOperator, left: Any, right: Any) -> None:
    _only_powershell_errors(lambda: binary_operation(op, left, right, Ctx()))


@given(st.sampled_from(list(UnaryOperator)), values)
@settings(max_examples=150)
def test_unary_operators(op: UnaryOperator, value: Any) -> None:
    _only_powershell_errors(lambda: unary_operation(op, value))


_TYPES = ["int", "long", "byte", "double", "decimal", "string", "char", "bool", "datetime",
          "timespan", "guid", "version", "int[]", "hashtable", "pscustomobject", "regex",
          "array", "single", "uint64", "bigint", "List[int]", "Dictionary[string,int]", "type",
          "void"]


@given(st.sampled_from(_TYPES), values)
@settings(max_examples=250)
def test_casts(type_name: str, value: Any) -> None:
    _only_powershell_errors(lambda: convert_to(value, resolve_type(type_name)))
    to_string(value)
    to_bool(value)


def _methods() -> list[tuple[str, str, int]]:
    dotnet.load()
    from pyshell.runtime.dotnet.table import _STATIC

    found = []
    for type_name, table in _STATIC.items():
        for member in table.methods.values():
            for count in range(member.min_args, (member.max_args or member.min_args + 2) + 1):
                found.append((type_name, member.name, count))
    return found


@given(st.sampled_from(_methods()), st.lists(values, min_size=4, max_size=4))
@settings(max_examples=300)
def test_static_methods(method: tuple[str, str, int], pool: list[Any]) -> None:
    type_name, name, count = method
    ps_type = resolve_type(type_name)
    _only_powershell_errors(lambda: ps_type.invoke_static(name, pool[:count]))


_TARGETS = ["hello", [3, 1, 2], dt.datetime(2022, 1, 1), dt.timedelta(hours=1),
            Version(1, 2, 3), uuid.UUID(int=5), Char("x"), 42, 1.5]
_INSTANCE_METHODS = ["Substring", "IndexOf", "Split", "Replace", "PadLeft", "Insert", "Remove",
                     "Trim", "ToString", "Contains", "AddDays", "AddMonths", "CompareTo",
                     "Equals", "GetType", "Where", "ForEach", "ToCharArray", "StartsWith"]


@given(st.sampled_from(_TARGETS), st.sampled_from(_INSTANCE_METHODS),
       st.lists(values, max_size=3))
@settings(max_examples=300)
def test_instance_methods_and_properties(target: Any, name: str, args: list[Any]) -> None:
    target = list(target) if isinstance(target, list) else target
    _only_powershell_errors(lambda: invoke_method(target, name, args))
    _only_powershell_errors(lambda: get_property_value(target, name))
