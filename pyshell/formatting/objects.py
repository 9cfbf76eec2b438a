"""What formatting needs to know about a value: type names, properties, ToString.

The runtime's member layer (`members.py`) and conversions (`conversion.py`) own these rules
(docs/architecture.md §1-2); formatting reads them through this one seam, so the renderers
never guess at Python types. The seam also keeps the few formatting-only rules in one
place: what counts as a scalar, how a dictionary is shown, how a property is matched by a
wildcard.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pyshell.runtime import conversion as _conversion
from pyshell.runtime import members as _members
from pyshell.runtime import values as _values
from pyshell.runtime import wildcard as _wildcard
from pyshell.runtime.values import DictionaryEntry

__all__ = [
    "DictionaryEntry", "type_names", "properties", "property_value", "has_property",
    "to_string", "is_scalar", "is_collection", "iter_items", "is_dictionary",
    "dictionary_entries", "property_names", "lookup", "wildcard_match", "has_wildcards",
]

_PSObject = _members.PSObject


# --------------------------------------------------------------------------- collections

def is_dictionary(value: Any) -> bool:
    return isinstance(value, Mapping)


def is_collection(value: Any) -> bool:
    """Enumerable and not a string or dictionary (SmartToString shows it as `{a, b}`)."""
    return bool(_values.is_collection(value))


def iter_items(value: Any) -> list[Any]:
    return list(value) if is_collection(value) else [value]


def dictionary_entries(value: Mapping[Any, Any]) -> list[Any]:
    """DictionaryEntry rows for a hashtable, KeyValuePair rows for a generic dictionary."""
    return list(_values.dictionary_entries(value))


# --------------------------------------------------------------------------- members

def type_names(value: Any) -> tuple[str, ...]:
    """The PSTypeNames chain, most derived first."""
    return tuple(_members.type_names(value))


def properties(value: Any) -> list[tuple[str, Any]]:
    """(name, value) of every displayable property, in declared order; a getter that
    fails shows as empty, as a failing property does in PowerShell's tables."""
    out = []
    for info in _members.get_properties(value):
        try:
            out.append((info.name, info.getter(value)))
        except Exception:
            out.append((info.name, None))
    return out


def property_names(value: Any) -> list[str]:
    return [info.name for info in _members.get_properties(value)]


def has_property(value: Any, name: str) -> bool:
    if isinstance(value, Mapping):
        return any(isinstance(k, str) and k.lower() == name.lower() for k in value)
    return bool(_members.has_property(value, name))


def lookup(value: Any, name: str) -> tuple[bool, Any]:
    """(whether `value` has the property, its value): one lookup for sorting and grouping.
    A pscustomobject's note property, the common case, is read directly."""
    if type(value) is _PSObject and value.base is None:
        member = value.member(name)
        if member is not None and member.member_type == "NoteProperty":
            return True, member.value
    if not has_property(value, name):
        return False, None
    return True, property_value(value, name)


def property_value(value: Any, name: str) -> Any:
    """PowerShell's `$value.Name` (case-insensitive; missing -> None); a property whose
    getter fails reads as None, so formatting never stops on one bad value."""
    try:
        return _members.get_property_value(value, name)
    except Exception:
        return None


# --------------------------------------------------------------------------- scalars, text

def is_scalar(value: Any) -> bool:
    """PowerShell's DefaultScalarTypes: printed with ToString, never as a table or list."""
    if isinstance(value, (str, bool, int, float, Decimal, enum.Enum)):
        return True
    # A scalar wrapped to carry note properties is still shown as its ToString().
    return type(value) is _PSObject and value.base is not None and is_scalar(value.base)


def to_string(value: Any) -> str:
    """PowerShell's ToString() for display (culture-invariant)."""
    return str(_conversion.to_string(value))


def wildcard_match(pattern: str, text: str) -> bool:
    """PowerShell `-like` matching, case-insensitive (`*`, `?`, `[a-z]`, backtick escapes)."""
    try:
        return bool(_wildcard.wildcard_match(text, pattern))
    except Exception:
        # An invalid pattern matches only itself.
        return pattern.lower() == text.lower()


def has_wildcards(text: str) -> bool:
    return bool(_wildcard.has_wildcards(text))
