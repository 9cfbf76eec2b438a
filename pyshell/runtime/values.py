"""PowerShell values that have no exact Python counterpart (docs/architecture.md §1).

Plain Python values are used wherever one fits (`int`, `float`, `str`, `bool`, `list`,
`None`). The classes here only exist where PowerShell behaves differently enough that the
difference must travel with the value: a `[byte]` must stay a byte through a variable, a
hashtable compares its keys case-insensitively, `AutomationNull` is not `$null` in a pipeline.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Optional, Self

from attrs import frozen

__all__ = [
    "AUTOMATION_NULL", "AutomationNullType",
    "Int64", "Byte", "SByte", "Int16", "UInt16", "UInt32", "UInt64", "BigInteger",
    "Single", "Char", "NumericKind", "numeric_kind", "make_integer",
    "TypedArray", "GenericList", "GenericHashSet", "Hashtable", "OrderedDictionary",
    "GenericDictionary", "Version", "DictionaryEntry", "KeyValuePair", "dictionary_entries",
    "is_collection", "iter_collection", "is_null",
]


# --------------------------------------------------------------------------- AutomationNull

class AutomationNullType:
    """What a command that wrote nothing produces: `$null` in expressions, but a pipeline
    does not pass it on (`@(& {}).Count` is 0 while `@($null).Count` is 1)."""

    _instance: Optional[AutomationNullType] = None

    def __new__(cls) -> AutomationNullType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "AUTOMATION_NULL"

    def __reduce__(self) -> str:
        return "AUTOMATION_NULL"


AUTOMATION_NULL = AutomationNullType()


def is_null(value: Any) -> bool:
    """`$null` or AutomationNull: both test equal to `$null` in expressions."""
    return value is None or value is AUTOMATION_NULL


# --------------------------------------------------------------------------- numbers

class NumericKind(enum.Enum):
    """The .NET numeric types, with what arithmetic needs to know about each.

    The value is (full name, minimum, maximum, rank); rank orders the integer types the way
    C# promotes them, floating types come last.
    """

    SByte = ("System.SByte", -2**7, 2**7 - 1, 0)
    Byte = ("System.Byte", 0, 2**8 - 1, 1)
    Int16 = ("System.Int16", -2**15, 2**15 - 1, 2)
    UInt16 = ("System.UInt16", 0, 2**16 - 1, 3)
    Int32 = ("System.Int32", -2**31, 2**31 - 1, 4)
    UInt32 = ("System.UInt32", 0, 2**32 - 1, 5)
    Int64 = ("System.Int64", -2**63, 2**63 - 1, 6)
    UInt64 = ("System.UInt64", 0, 2**64 - 1, 7)
    BigInteger = ("System.Numerics.BigInteger", None, None, 8)
    Single = ("System.Single", None, None, 9)
    Double = ("System.Double", None, None, 10)
    Decimal = ("System.Decimal", None, None, 11)

    def __init__(self, full_name: str, minimum: Optional[int], maximum: Optional[int],
                 rank: int) -> None:
        # Plain attributes rather than properties: arithmetic reads them on every operation.
        self.full_name = full_name
        self.minimum = minimum
        self.maximum = maximum
        self.rank = rank
        self.is_integer = rank <= 8
        self.is_signed = minimum is None or minimum < 0

    def fits(self, number: int) -> bool:
        return (self.minimum is None or self.maximum is None
                or self.minimum <= number <= self.maximum)


class _TypedInt(int):
    """An int that remembers its .NET integer type; arithmetic yields plain ints and the
    operators put the type back (see operators.py)."""

    kind: NumericKind = NumericKind.Int32

    def __new__(cls, value: Any = 0) -> _TypedInt:
        number = int(value)
        if not cls.kind.fits(number):
            raise OverflowError(f"{number} does not fit {cls.kind.full_name}")
        return super().__new__(cls, number)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"


class Int64(_TypedInt):
    kind = NumericKind.Int64


class Byte(_TypedInt):
    kind = NumericKind.Byte


class SByte(_TypedInt):
    kind = NumericKind.SByte


class Int16(_TypedInt):
    kind = NumericKind.Int16


class UInt16(_TypedInt):
    kind = NumericKind.UInt16


class UInt32(_TypedInt):
    kind = NumericKind.UInt32


class UInt64(_TypedInt):
    kind = NumericKind.UInt64


class BigInteger(_TypedInt):
    kind = NumericKind.BigInteger


class Single(float):
    """`[single]`/`[float]`: a 32-bit float; the value is kept rounded to single precision."""

    def __new__(cls, value: Any = 0.0) -> Single:
        import struct

        number = float(value)
        try:
            number = struct.unpack("f", struct.pack("f", number))[0]
        except OverflowError:
            number = float("inf") if number > 0 else float("-inf")
        return super().__new__(cls, number)

    def __repr__(self) -> str:
        return f"Single({float(self)!r})"


_INT_CLASSES: dict[NumericKind, type[int]] = {
    NumericKind.Int64: Int64, NumericKind.Byte: Byte, NumericKind.SByte: SByte,
    NumericKind.Int16: Int16, NumericKind.UInt16: UInt16, NumericKind.UInt32: UInt32,
    NumericKind.UInt64: UInt64, NumericKind.BigInteger: BigInteger,
}


def make_integer(number: int, kind: NumericKind) -> int:
    """`number` typed as `kind`: a plain int for Int32 (and for Int64/BigInteger values that
    could only be that type anyway), else the int subclass."""
    if kind is NumericKind.Int32:
        return int(number)
    return _INT_CLASSES[kind](number)


def numeric_kind(value: Any) -> Optional[NumericKind]:
    """The .NET numeric type of a value, or None when it is not a number (bool is not)."""
    klass = type(value)
    if klass is int:
        if -2**31 <= value < 2**31:
            return NumericKind.Int32
        if -2**63 <= value < 2**63:
            return NumericKind.Int64
        return NumericKind.BigInteger
    if klass is float:
        return NumericKind.Double
    if isinstance(value, bool):
        return None
    if isinstance(value, _TypedInt):
        return value.kind
    if isinstance(value, Single):
        return NumericKind.Single
    if isinstance(value, float):
        return NumericKind.Double
    if isinstance(value, Decimal):
        return NumericKind.Decimal
    if isinstance(value, int) and not isinstance(value, enum.Enum):
        return numeric_kind(int(value))
    return None


class Char(str):
    """`[char]`: a one-character string that is a number in arithmetic (`[char]'a' + 1`)."""

    def __new__(cls, value: Any) -> Char:
        text = chr(value) if isinstance(value, int) else str(value)
        if len(text) != 1:
            raise ValueError("String must be exactly one character long.")
        return super().__new__(cls, text)

    def __repr__(self) -> str:
        return f"Char({str(self)!r})"


# --------------------------------------------------------------------------- collections

class TypedArray(list[Any]):
    """`T[]`: a list that knows its element type (a `types.PSType`). `object[]` is a plain list."""

    def __init__(self, items: Iterable[Any] = (), element_type: Any = None) -> None:
        super().__init__(items)
        self.element_type = element_type

    def copy(self) -> TypedArray:
        return TypedArray(self, self.element_type)

    def __repr__(self) -> str:
        name = getattr(self.element_type, "full_name", "?")
        return f"TypedArray[{name}]({list.__repr__(self)})"


class GenericList(list[Any]):
    """`System.Collections.Generic.List[T]`: growable, typed; `element_type` may be None."""

    def __init__(self, items: Iterable[Any] = (), element_type: Any = None) -> None:
        super().__init__(items)
        self.element_type = element_type

    def __repr__(self) -> str:
        return f"GenericList({list.__repr__(self)})"


class GenericHashSet(list[Any]):
    """`HashSet[T]`: unique items in insertion order (a list so unhashable items work)."""

    def __init__(self, items: Iterable[Any] = (), element_type: Any = None) -> None:
        super().__init__()
        self.element_type = element_type
        for item in items:
            self.add(item)

    def add(self, item: Any) -> bool:
        if item in self:
            return False
        self.append(item)
        return True


def _fold(key: Any) -> Any:
    # OrdinalIgnoreCase compares the upper-case forms (so 'µ' and 'Μ' are one key).
    # Non-string keys compare as Python does: 1, 1.0 and $true are one key here, unlike .NET.
    if isinstance(key, str):
        return key.upper()
    return key


class Hashtable(dict[Any, Any]):
    """`[hashtable]`: keys compare case-insensitively; the first spelling of a key is kept.

    A dict subclass storing the original keys, so that `dict(h)`, iteration and JSON see the
    keys as written; a side index maps the folded key to the stored one.
    """

    dotnet_name = "System.Collections.Hashtable"
    case_sensitive = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._index: dict[Any, Any] = {}
        if args or kwargs:
            self.update(*args, **kwargs)

    def _key(self, key: Any) -> Any:
        return key if self.case_sensitive else _fold(key)

    def stored_key(self, key: Any) -> Any:
        """The key as first written, or KeyError."""
        return self._index[self._key(key)]

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(self._index[self._key(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        folded = self._key(key)
        stored = self._index.get(folded, _MISSING)
        if stored is _MISSING:
            self._index[folded] = key
            stored = key
        super().__setitem__(stored, value)

    def __delitem__(self, key: Any) -> None:
        stored = self._index.pop(self._key(key))
        super().__delitem__(stored)

    def __contains__(self, key: Any) -> bool:
        try:
            return self._key(key) in self._index
        except TypeError:
            return False

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except (KeyError, TypeError):
            return default

    def pop(self, key: Any, *default: Any) -> Any:
        folded = self._key(key)
        if folded not in self._index:
            if default:
                return default[0]
            raise KeyError(key)
        return super().pop(self._index.pop(folded))

    def popitem(self) -> tuple[Any, Any]:
        key, value = super().popitem()
        del self._index[self._key(key)]
        return key, value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        if args:
            source = args[0]
            pairs = source.items() if isinstance(source, Mapping) else source
            for key, value in pairs:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def clear(self) -> None:
        super().clear()
        self._index.clear()

    def copy(self) -> Hashtable:
        clone = type(self)()
        clone.update(self.items())
        return clone

    # typeshed's dict.__or__ takes only dicts while `|=` takes any mapping or pairs, and mypy
    # cannot reconcile the two for a dict subclass that overrides __ior__.
    def __ior__(self, other: Any) -> Self:  # type: ignore[misc]
        self.update(other)
        return self

    def __reduce__(self) -> Any:
        return (type(self), (list(self.items()),))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


_MISSING = object()


class OrderedDictionary(Hashtable):
    """`[ordered]`: System.Collections.Specialized.OrderedDictionary, also indexable by
    position (`$o[0]` is the first value when no key is 0)."""

    dotnet_name = "System.Collections.Specialized.OrderedDictionary"

    def value_at(self, position: int) -> Any:
        return list(self.values())[position]


class GenericDictionary(Hashtable):
    """`Dictionary[K,V]`: case-sensitive keys (the .NET default comparer is ordinal)."""

    dotnet_name = "System.Collections.Generic.Dictionary"
    case_sensitive = True

    def __init__(self, *args: Any, key_type: Any = None, value_type: Any = None,
                 **kwargs: Any) -> None:
        self.key_type = key_type
        self.value_type = value_type
        super().__init__(*args, **kwargs)

    def __setitem__(self, key: Any, value: Any) -> None:
        # A typed dictionary converts what it stores, as .NET's generic binder does.
        if self.key_type is not None:
            key = self.key_type.convert(key)
        if self.value_type is not None:
            value = self.value_type.convert(value)
        super().__setitem__(key, value)

    def __reduce__(self) -> Any:
        return (_rebuild_dictionary, (list(self.items()), self.key_type, self.value_type))

    def copy(self) -> GenericDictionary:
        return _rebuild_dictionary(list(self.items()), self.key_type, self.value_type)


def _rebuild_dictionary(items: list[Any], key_type: Any, value_type: Any) -> GenericDictionary:
    table = GenericDictionary(key_type=key_type, value_type=value_type)
    table.update(items)
    return table


_SCALAR_TYPES = frozenset((int, float, str, bool, type(None), Hashtable, OrderedDictionary))


def is_collection(value: Any) -> bool:
    """Whether PowerShell enumerates the value in a pipeline, `foreach` or member access.

    Lists, tuples, typed arrays, sets, dictionary key/value views and generators are; strings,
    hashtables (a hashtable is one object in a pipeline) and everything else are not.
    """
    klass = type(value)
    if klass in _SCALAR_TYPES:
        return False
    if klass is list or klass is tuple or isinstance(value, (list, tuple)):
        return True
    if isinstance(value, (str, bytes, dict, Mapping)):
        return False
    return isinstance(value, (set, frozenset, type({}.keys()), type({}.values()),
                              Iterator, range, bytearray))


def iter_collection(value: Any) -> Iterator[Any]:
    """The items of a collection, or the value itself (nothing for `$null` / AutomationNull)."""
    if is_collection(value):
        return iter(value)
    if value is AUTOMATION_NULL:
        return iter(())
    return iter((value,))


# --------------------------------------------------------------------------- Version

_VERSION_RE = re.compile(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$")


@frozen(order=True)
class Version:
    """`[version]`: Major.Minor[.Build[.Revision]]; missing parts are -1 as in .NET."""

    __ps_value_equality__ = True  # System.Version overrides Equals

    major: int
    minor: int
    build: int = -1
    revision: int = -1

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION_RE.match(text)
        if not match:
            raise ValueError("Version string portion was too short or too long.")
        parts = [int(p) if p is not None else -1 for p in match.groups()]
        return cls(*parts)

    def __str__(self) -> str:
        parts = [self.major, self.minor, self.build, self.revision]
        return ".".join(str(p) for p in parts if p >= 0)


@frozen
class DictionaryEntry:
    """System.Collections.DictionaryEntry: what enumerating a hashtable yields
    (`$h.GetEnumerator()`); `Name` is an alias of `Key` as in PowerShell's type data."""

    __ps_typenames__ = ("System.Collections.DictionaryEntry", "System.ValueType")
    __ps_aliases__ = {"Name": "Key"}

    key: Any
    value: Any


@frozen
class KeyValuePair:
    """System.Collections.Generic.KeyValuePair: what enumerating a `Dictionary[K,V]` yields
    (so it shows as a `Key Value` table, unlike a hashtable's `Name Value`)."""

    __ps_typenames__ = ("System.Collections.Generic.KeyValuePair", "System.ValueType")

    key: Any
    value: Any


def dictionary_entries(table: Mapping[Any, Any]) -> list[Any]:
    """The entries PowerShell's formatter and `GetEnumerator()` see for a dictionary:
    DictionaryEntry for hashtables, KeyValuePair for generic dictionaries."""
    entry = KeyValuePair if isinstance(table, GenericDictionary) else DictionaryEntry
    return [entry(key, value) for key, value in table.items()]
