"""Member tables: the declarative description of a .NET type's members.

Each emulated type lists its properties and methods once, as data (`MemberTable`); the
member layer (`members.py`) looks names up case-insensitively, `Get-Member` prints the
definitions, and static member access (`[math]::Round`) reads the static tables. Adding a
method is adding a row, never another branch in an if-chain.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Iterable, Optional

from attrs import field, frozen

__all__ = [
    "Property", "Method", "MemberTable", "prop", "method", "register_instance_table",
    "register_static_table", "instance_table_for", "static_table_for", "NO_CONTEXT",
]


NO_CONTEXT = None


@frozen
class Property:
    """A property: `getter(target)` (statics: `getter(context)`), optional `setter`."""

    name: str
    type_name: str
    getter: Callable[..., Any]
    setter: Optional[Callable[[Any, Any], None]] = None

    @property
    def definition(self) -> str:
        access = "{get;set;}" if self.setter else "{get;}"
        return f"{self.type_name} {self.name} {access}"


def _arity(fn: Callable[..., Any], skip: int) -> tuple[int, Optional[int]]:
    params = list(inspect.signature(fn).parameters.values())
    # The target (and the context) are positional parameters before the method's own; a
    # `*args` catch-all takes them as well, so it is never skipped.
    while skip and params and params[0].kind in (params[0].POSITIONAL_ONLY,
                                                 params[0].POSITIONAL_OR_KEYWORD):
        params.pop(0)
        skip -= 1
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        required = sum(1 for p in params if p.kind is p.POSITIONAL_OR_KEYWORD
                       and p.default is p.empty)
        return required, None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = sum(1 for p in positional if p.default is p.empty)
    return required, len(positional)


@frozen
class Method:
    """A method: `function(target, *args)` for instance methods, `function(*args)` for static
    ones; `with_context` passes the caller's context (session: clock, random) first.
    `definitions` are the overload signatures Get-Member shows."""

    name: str
    function: Callable[..., Any]
    definitions: tuple[str, ...]
    min_args: int
    max_args: Optional[int]
    with_context: bool = False

    @property
    def definition(self) -> str:
        return ", ".join(self.definitions)

    @property
    def is_void(self) -> bool:
        """Whether every overload returns void: a call then writes nothing to the pipeline
        (`$list.Add('x')` outputs nothing, unlike ArrayList.Add's index)."""
        return all(d.split("(", 1)[0].replace("static ", "").startswith("void ")
                   for d in self.definitions)

    def accepts(self, count: int) -> bool:
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)


def prop(name: str, type_name: str, getter: Callable[..., Any],
         setter: Optional[Callable[[Any, Any], None]] = None) -> Property:
    return Property(name, type_name, getter, setter)


def method(name: str, function: Callable[..., Any], *definitions: str, static: bool = False,
           with_context: bool = False) -> Method:
    skip = (0 if static else 1) + (1 if with_context else 0)
    low, high = _arity(function, skip)
    return Method(name, function, definitions or (f"{name}()",), low, high, with_context)


@frozen
class MemberTable:
    """The members of one type, looked up case-insensitively."""

    type_name: str
    properties: dict[str, Property] = field(factory=dict)
    methods: dict[str, Method] = field(factory=dict)

    @classmethod
    def of(cls, type_name: str, members: Iterable[Property | Method]) -> MemberTable:
        table = cls(type_name)
        for member in members:
            if isinstance(member, Property):
                table.properties[member.name.lower()] = member
            else:
                table.methods[member.name.lower()] = member
        return table

    def property(self, name: str) -> Optional[Property]:
        return self.properties.get(name.lower())

    def method(self, name: str) -> Optional[Method]:
        return self.methods.get(name.lower())

    def extend(self, other: MemberTable) -> MemberTable:
        """A table with the rows of both (self wins on a clash), e.g. a type and its base."""
        return MemberTable(self.type_name, {**other.properties, **self.properties},
                           {**other.methods, **self.methods})


# Python class -> table; looked up along the MRO so subclasses share their base's rows.
_INSTANCE: dict[type, MemberTable] = {}
# lower-case .NET full name -> table of static members
_STATIC: dict[str, MemberTable] = {}


# type -> its table (or None), resolved along the MRO once; cleared on every registration.
_RESOLVED: dict[type, Optional[MemberTable]] = {}


def register_instance_table(python_class: type, table: MemberTable) -> None:
    _INSTANCE[python_class] = table
    _RESOLVED.clear()


def register_static_table(full_name: str, table: MemberTable) -> None:
    _STATIC[full_name.lower()] = table


def instance_table_for(value: Any) -> Optional[MemberTable]:
    klass = type(value)
    try:
        return _RESOLVED[klass]
    except KeyError:
        pass
    found = next((_INSTANCE[base] for base in klass.__mro__ if base in _INSTANCE), None)
    _RESOLVED[klass] = found
    return found


def static_table_for(full_name: str) -> Optional[MemberTable]:
    return _STATIC.get(full_name.lower())
