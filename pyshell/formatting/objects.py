"""What formatting needs to know about a value: type names, properties, ToString.

The runtime's member layer (`members.py`) and conversions (`conversion.py`) own these rules
(docs/architecture.md §1-2). Formatting reads them through this one seam, so that the
renderers never guess at Python types; while those modules are absent (or for values they
do not know) a small local fallback keeps the same contract.
"""

from __future__ import annotations

import datetime as _dt
import functools
import enum
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Callable

import attrs

from pyshell.runtime import dotnet_format
from pyshell.runtime.values import DictionaryEntry
from pyshell.runtime.values import dictionary_entries as _runtime_entries

__all__ = [
    "DictionaryEntry", "type_names", "properties", "property_value", "has_property",
    "to_string", "is_scalar", "is_collection", "iter_items", "is_dictionary",
    "dictionary_entries", "property_names", "lookup", "wildcard_match", "has_wildcards",
]


_MODULES: dict[str, Any] = {}


def _runtime(module: str) -> Any:
    found = _MODULES.get(module)
    if found is not None:
        return found
    try:
        import importlib

        found = importlib.import_module(f"pyshell.runtime.{module}")
    except ImportError:
        return None
    _MODULES[module] = found
    return found


def _members() -> Any:
    return _runtime("members")


def _conversion() -> Any:
    return _runtime("conversion")


# --------------------------------------------------------------------------- collections

def is_dictionary(value: Any) -> bool:
    return isinstance(value, Mapping)


def is_collection(value: Any) -> bool:
    """Enumerable and not a string or dictionary (SmartToString shows it as `{a, b}`)."""
    try:
        from pyshell.runtime.values import is_collection as runtime_is_collection

        return bool(runtime_is_collection(value))
    except ImportError:  # pragma: no cover - the values module is part of the runtime
        return isinstance(value, (list, tuple, set, frozenset, range))


def iter_items(value: Any) -> list[Any]:
    return list(value) if is_collection(value) else [value]


def dictionary_entries(value: Mapping[Any, Any]) -> list[Any]:
    """DictionaryEntry rows for a hashtable, KeyValuePair rows for a generic dictionary."""
    return list(_runtime_entries(value))


# --------------------------------------------------------------------------- type names

_SCALAR_NAMES: list[tuple[type, tuple[str, ...]]] = [
    (bool, ("System.Boolean", "System.ValueType")),
    (int, ("System.Int32", "System.ValueType")),
    (float, ("System.Double", "System.ValueType")),
    (Decimal, ("System.Decimal", "System.ValueType")),
    (str, ("System.String",)),
    (_dt.datetime, ("System.DateTime", "System.ValueType")),
    (_dt.timedelta, ("System.TimeSpan", "System.ValueType")),
    (uuid.UUID, ("System.Guid", "System.ValueType")),
    (list, ("System.Object[]", "System.Array")),
    (dict, ("System.Collections.Hashtable",)),
]


def type_names(value: Any) -> tuple[str, ...]:
    """The PSTypeNames chain, most derived first."""
    members = _members()
    if members is not None and hasattr(members, "type_names"):
        try:
            return tuple(members.type_names(value))
        except Exception:  # a value the member layer does not know: fall back
            pass
    own = getattr(value, "type_names", None)
    if isinstance(own, (list, tuple)) and not isinstance(value, type):
        return tuple(own)
    declared = getattr(type(value), "__ps_typenames__", None)
    if declared:
        return tuple(declared) + ("System.Object",)
    for klass, names in _SCALAR_NAMES:
        if isinstance(value, klass):
            return names + ("System.Object",)
    return (f"System.{type(value).__name__}", "System.Object")


# --------------------------------------------------------------------------- properties

def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _record_properties(value: Any) -> list[tuple[str, Callable[[], Any]]]:
    out: list[tuple[str, Callable[[], Any]]] = []
    for fld in attrs.fields(type(value)):
        if fld.metadata.get("ps_hidden"):
            continue
        name = fld.metadata.get("ps_name") or _pascal(fld.name)
        out.append((name, functools.partial(getattr, value, fld.name)))
    for alias, target in getattr(type(value), "__ps_aliases__", {}).items():
        out.append((alias, functools.partial(property_value, value, target)))
    return out


def _fallback_properties(value: Any) -> list[tuple[str, Callable[[], Any]]]:
    if value is None or is_scalar(value):
        if isinstance(value, str):
            return [("Length", lambda: len(value))]
        return []
    if attrs.has(type(value)):
        return _record_properties(value)
    props = getattr(value, "properties", None)
    if isinstance(props, Mapping):
        return [(k, functools.partial(props.__getitem__, k)) for k in props]
    return []


def properties(value: Any) -> list[tuple[str, Any]]:
    """(name, value) of every displayable property, in declared order."""
    members = _members()
    if members is not None and hasattr(members, "get_properties"):
        try:
            out = []
            for info in members.get_properties(value):
                try:
                    out.append((info.name, info.getter(value) if info.getter else None))
                except Exception:  # a property getter that fails shows as empty
                    out.append((info.name, None))
            return out
        except Exception:
            pass
    result = []
    for name, getter in _fallback_properties(value):
        try:
            result.append((name, getter()))
        except Exception:
            result.append((name, None))
    return result


def property_names(value: Any) -> list[str]:
    return [name for name, _ in properties(value)]


def has_property(value: Any, name: str) -> bool:
    if isinstance(value, Mapping):
        return any(isinstance(k, str) and k.lower() == name.lower() for k in value)
    members = _members()
    if members is not None and hasattr(members, "has_property"):
        try:
            return bool(members.has_property(value, name))
        except Exception:
            pass
    return any(n.lower() == name.lower() for n in property_names(value))


_MISSING = object()


def lookup(value: Any, name: str) -> tuple[bool, Any]:
    """(whether `value` has the property, its value): one lookup for sorting and grouping.
    A pscustomobject's note property, the common case, is read directly."""
    members = _members()
    if members is not None and type(value) is getattr(members, "PSObject", None) \
            and value.base is None:
        member = value.member(name)
        if member is not None and member.member_type == "NoteProperty":
            return True, member.value
    if not has_property(value, name):
        return False, None
    return True, property_value(value, name)


def property_value(value: Any, name: str) -> Any:
    """PowerShell's `$value.Name` (case-insensitive; missing -> None)."""
    members = _members()
    if members is not None and hasattr(members, "get_property_value"):
        try:
            return members.get_property_value(value, name)
        except Exception:
            return None
    if isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(k, str) and k.lower() == name.lower():
                return v
        return None
    for n, getter in _fallback_properties(value):
        if n.lower() == name.lower():
            try:
                return getter()
            except Exception:
                return None
    return None


# --------------------------------------------------------------------------- scalars, text

def is_scalar(value: Any) -> bool:
    """PowerShell's DefaultScalarTypes: printed with ToString, never as a table or list."""
    if isinstance(value, (str, bool, int, float, Decimal, enum.Enum)):
        return True
    # A scalar wrapped to carry note properties is still shown as its ToString().
    base = getattr(value, "base", None)
    return base is not None and type(value).__name__ == "PSObject" and is_scalar(base)


def to_string(value: Any) -> str:
    """PowerShell's ToString() for display (culture-invariant)."""
    conversion = _conversion()
    if conversion is not None and hasattr(conversion, "to_string"):
        try:
            return str(conversion.to_string(value))
        except Exception:
            pass
    return _fallback_to_string(value)


def _fallback_to_string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, float):
        return dotnet_format.format_double(value)
    if isinstance(value, Decimal):
        return dotnet_format.format_decimal(value)
    if isinstance(value, _dt.datetime):
        return dotnet_format.default_datetime_string(value)
    if isinstance(value, _dt.timedelta):
        return dotnet_format.format_timespan(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "System.Collections.Hashtable"
    if is_collection(value):
        return " ".join(_fallback_to_string(v) for v in value)
    return str(value)


def wildcard_match(pattern: str, text: str) -> bool:
    """PowerShell `-like` matching, case-insensitive (`*`, `?`, `[a-z]`, backtick escapes)."""
    from pyshell.runtime.wildcard import wildcard_match as like

    try:
        return bool(like(text, pattern))
    except Exception:
        # An invalid pattern matches only itself.
        return pattern.lower() == text.lower()


def has_wildcards(text: str) -> bool:
    from pyshell.runtime.wildcard import has_wildcards as runtime_has_wildcards

    return bool(runtime_has_wildcards(text))
