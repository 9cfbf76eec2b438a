"""Group-Object: GroupInfo (Count, Name, Group, Values), or a hashtable of groups."""

from __future__ import annotations

from functools import cmp_to_key
from typing import Annotated, Any, Optional

from attrs import define, field

from cmdlets.utility.compare import compare_values, normalize
from cmdlets.utility.properties import selectors_for
from pyshell.formatting.objects import to_string
from pyshell.formatting.select import expand_selectors
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.values import Hashtable

__all__ = ["GroupObjectCommand", "GroupInfo", "GroupInfoNoElement"]


@define(eq=False)
class GroupInfo:
    """Microsoft.PowerShell.Commands.GroupInfo."""

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.GroupInfo",)
    values: list[Any] = field(metadata={"ps_name": "Values"})
    count: int
    group: list[Any]
    name: str

    def __str__(self) -> str:
        return self.name


@define(eq=False)
class GroupInfoNoElement:
    """Microsoft.PowerShell.Commands.GroupInfoNoElement (`-NoElement`)."""

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.GroupInfoNoElement",
                        "Microsoft.PowerShell.Commands.GroupInfo")
    values: list[Any]
    count: int
    name: str
    group: list[Any] = field(factory=list, metadata={"ps_hidden": True})

    def __str__(self) -> str:
        return self.name


def _key_text(values: list[Any]) -> str:
    return ", ".join(to_string(v) for v in values)


@cmdlet("Group", "Object", default_parameter_set="HashTable")
class GroupObjectCommand(Cmdlet):
    """Groups objects that contain the same value for specified properties."""

    examples = (Example("1..10 | Group-Object { $_ % 3 }", "Groups numbers by remainder."),)

    no_element: Annotated[Switch, Parameter()] = Switch(False)
    as_hash_table: Annotated[Switch, Parameter(parameter_set="HashTable")] = Switch(False)
    as_string: Annotated[Switch, Parameter(parameter_set="HashTable")] = Switch(False)
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    property: Annotated[Optional[list[Any]], Parameter(position=0)] = None
    culture: Annotated[Optional[str], Parameter()] = None
    case_sensitive: Annotated[Switch, Parameter()] = Switch(False)

    def begin_processing(self) -> None:
        self._selectors = selectors_for(self, self.property)
        self._groups: dict[Any, tuple[list[Any], list[Any]]] = {}

    def _values(self, obj: Any) -> list[Any]:
        if not self._selectors:
            return [obj]
        return [f.evaluate(obj) for f in expand_selectors(self._selectors, obj)]

    def process_record(self) -> None:
        obj = self.input_object
        if "InputObject" not in self.bound_parameters:
            return
        values = self._values(obj)
        cs = bool(self.case_sensitive)
        key = tuple(normalize(v, cs) for v in values)
        entry = self._groups.get(key)
        if entry is None:
            self._groups[key] = (values, [obj])
        else:
            entry[1].append(obj)

    def end_processing(self) -> None:
        cs = bool(self.case_sensitive)

        def order(a: tuple[list[Any], list[Any]], b: tuple[list[Any], list[Any]]) -> int:
            for x, y in zip(a[0], b[0]):
                result = compare_values(x, y, cs)
                if result:
                    return result
            return 0
        groups = sorted(self._groups.values(), key=cmp_to_key(order))
        if self.as_hash_table:
            table = Hashtable()
            for values, members in groups:
                key: Any = values[0] if len(values) == 1 else list(values)
                if self.as_string or isinstance(key, list):
                    key = _key_text(values)
                table[key] = list(members)
            self.write_object(table)
            return
        for values, members in groups:
            if self.no_element:
                self.write_object(GroupInfoNoElement(list(values), len(members),
                                                     _key_text(values)))
            else:
                self.write_object(GroupInfo(list(values), len(members), list(members),
                                            _key_text(values)))
