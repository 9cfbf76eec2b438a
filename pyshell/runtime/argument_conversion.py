"""Converting an argument to a parameter's type, as the parameter binder does.

Stricter than a cast in some places, as PowerShell's binder is: a collection does not
become a scalar string, and a compiled cmdlet's `[bool]`/`[switch]` takes only booleans and
numbers. `fits_exactly` is the no-conversion test of the binder's first passes (positional
candidates, pipeline input by value before by property name).
"""

from __future__ import annotations

import enum
from typing import Any, Optional

from pyshell.runtime.errors import PSException
from pyshell.runtime.parameter_types import ParameterType, Switch, TypeKind

__all__ = ["ConversionError", "convert_argument", "fits_exactly", "is_scriptblock"]


class ConversionError(Exception):
    """An argument that cannot become the parameter's type; `inner` is the cast message."""

    def __init__(self, inner: str, *, collection_to_scalar: bool = False,
                 bool_rule: bool = False) -> None:
        super().__init__(inner)
        self.inner = inner
        self.collection_to_scalar = collection_to_scalar
        self.bool_rule = bool_rule


def _is_collection(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _ps_type_for(ptype: ParameterType) -> Any:
    if ptype.ps_type is not None:
        return ptype.ps_type
    try:
        from pyshell.runtime.types import resolve_type
        return resolve_type(ptype.full_name)
    except Exception:
        return None


def is_scriptblock(value: Any) -> bool:
    return type(value).__name__ == "ScriptBlock" and hasattr(value, "invoke")


def fits_exactly(value: Any, ptype: ParameterType) -> bool:
    """Whether the value needs no conversion (the binder's first, no-coercion passes)."""
    kind = ptype.kind
    if kind is TypeKind.OBJECT:
        return True
    if value is None:
        return False
    if kind is TypeKind.STRING:
        return isinstance(value, str)
    if kind is TypeKind.INTEGER:
        return isinstance(value, int) and not isinstance(value, (bool, enum.Enum))
    if kind is TypeKind.FLOAT:
        return isinstance(value, float)
    if kind is TypeKind.BOOL or kind is TypeKind.SWITCH:
        return isinstance(value, (bool, Switch))
    if kind is TypeKind.ENUM or kind is TypeKind.CLASS:
        return isinstance(value, ptype.python) if isinstance(ptype.python, type) else False
    if kind is TypeKind.SCRIPTBLOCK:
        return is_scriptblock(value)
    if kind is TypeKind.HASHTABLE:
        return isinstance(value, dict)
    if kind is TypeKind.ARRAY:
        element = ptype.element
        assert element is not None
        if _is_collection(value):
            return all(fits_exactly(v, element) for v in value)
        return fits_exactly(value, element)
    if kind is TypeKind.PSTYPE:
        try:
            return bool(ptype.ps_type.is_instance(value))
        except Exception:
            return False
    return False


def convert_argument(value: Any, ptype: ParameterType, *, advanced: bool = True) -> Any:
    """Convert an argument to a parameter type as the binder does; raise ConversionError."""
    kind = ptype.kind
    if kind is TypeKind.OBJECT:
        return value
    if kind is TypeKind.ARRAY:
        element = ptype.element
        assert element is not None
        if value is None:
            return None  # `-Name $null` binds $null, not an array holding it
        items = list(value) if _is_collection(value) else [value]
        if element.kind is TypeKind.OBJECT:
            return items
        return [convert_argument(v, element, advanced=advanced) for v in items]
    if value is None:
        if kind is TypeKind.SWITCH:
            return Switch(False)
        if kind is TypeKind.BOOL:
            return False
        return None
    if kind is TypeKind.SWITCH or kind is TypeKind.BOOL:
        return _to_bool_argument(value, kind, advanced)
    if _is_collection(value):
        if len(value) == 1 and kind is not TypeKind.STRING:
            return convert_argument(value[0], ptype, advanced=advanced)
        if kind in (TypeKind.STRING, TypeKind.INTEGER, TypeKind.FLOAT, TypeKind.DECIMAL,
                    TypeKind.ENUM, TypeKind.CLASS, TypeKind.SCRIPTBLOCK):
            raise ConversionError(f"Cannot convert value to type {ptype.full_name}.",
                                  collection_to_scalar=True)
    if kind is TypeKind.STRING:
        if isinstance(value, str):
            return value
        from pyshell.runtime.conversion import to_string
        return to_string(value)
    if kind is TypeKind.SCRIPTBLOCK:
        if is_scriptblock(value):
            return value
        raise ConversionError(_cast_message(value, ptype.full_name, None))
    if kind is TypeKind.HASHTABLE:
        if isinstance(value, dict):
            return value
        raise ConversionError(_cast_message(value, ptype.full_name, None))
    if kind is TypeKind.ENUM and isinstance(ptype.python, type):
        from pyshell.runtime.conversion import ConversionFailure, to_enum
        try:
            return to_enum(value, ptype.python)
        except ConversionFailure as failure:
            raise ConversionError(_cast_message(value, ptype.full_name, failure.reason)) from None
    if kind is TypeKind.CLASS and isinstance(ptype.python, type):
        if isinstance(value, ptype.python):
            return value
        ps_type = _ps_type_for(ptype)
        if ps_type is None:
            raise ConversionError(_cast_message(value, ptype.full_name, None))
    ps_type = _ps_type_for(ptype)
    if ps_type is None:
        return value
    from pyshell.runtime.conversion import convert_to
    try:
        result = convert_to(value, ps_type)
    except PSException as exc:
        raise ConversionError(exc.message) from None
    if kind is TypeKind.INTEGER and isinstance(ptype.python, type) and ptype.python is not int \
            and not isinstance(result, ptype.python):
        result = ptype.python(result)
    return result


def _cast_message(value: Any, type_name: str, reason: Optional[str]) -> str:
    from pyshell.runtime.conversion import conversion_error
    return conversion_error(value, type_name, reason).message


def _to_bool_argument(value: Any, kind: TypeKind, advanced: bool) -> Any:
    if isinstance(value, Switch):
        flag = value.is_present
    elif isinstance(value, bool):
        flag = value
    elif isinstance(value, (int, float)) and not isinstance(value, enum.Enum):
        flag = value != 0
    elif not advanced:
        from pyshell.runtime.conversion import to_bool
        flag = to_bool(value)
    else:
        from pyshell.runtime.conversion import dotnet_type_name
        raise ConversionError(
            f'Cannot convert value "{dotnet_type_name(value)}" to type "System.Boolean". '
            "Boolean parameters accept only Boolean values and numbers, such as $True, "
            "$False, 1 or 0.", bool_rule=True)
    return Switch(flag) if kind is TypeKind.SWITCH else flag
