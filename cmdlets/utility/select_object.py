"""Select-Object: pick properties (new `Selected.<type>` objects), expand one, or pick
objects by position (-First -Last -Skip -SkipLast -Index -SkipIndex) and -Unique."""

from __future__ import annotations

from collections import deque
from typing import Annotated, Any, Optional

from cmdlets.utility.properties import selectors_for
from pyshell.formatting.objects import (
    has_property, has_wildcards, is_collection, property_value, to_string, type_names,
    wildcard_match,
)
from pyshell.formatting.select import expand_selectors
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSArgumentException
from pyshell.runtime.members import PSObject

__all__ = ["SelectObjectCommand"]


def _selected_name(obj: Any) -> str:
    names = type_names(obj)
    return "Selected." + (names[0] if names else "System.Object")


@cmdlet("Select", "Object", default_parameter_set="DefaultParameter")
class SelectObjectCommand(Cmdlet):
    """Selects objects or object properties."""

    examples = (
        Example("1..10 | Select-Object -First 3", "Takes the first three numbers."),
        Example("[pscustomobject]@{a=1; b=2} | Select-Object a, @{Name='c'; Expression={ $_.b * 2 }}",
                "Makes a new object with a calculated property."),
    )

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    property: Annotated[Optional[list[Any]], Parameter(position=0,
                                                       parameter_set="DefaultParameter"),
                        Parameter(position=0, parameter_set="SkipLastParameter")] = None
    exclude_property: Annotated[Optional[list[str]], Parameter(parameter_set="DefaultParameter"),
                                Parameter(parameter_set="SkipLastParameter")] = None
    expand_property: Annotated[Optional[str], Parameter(parameter_set="DefaultParameter"),
                               Parameter(parameter_set="SkipLastParameter")] = None
    unique: Annotated[Switch, Parameter()] = Switch(False)
    case_insensitive: Annotated[Switch, Parameter()] = Switch(False)
    last: Annotated[Optional[int], Parameter(parameter_set="DefaultParameter")] = None
    first: Annotated[Optional[int], Parameter(parameter_set="DefaultParameter")] = None
    skip: Annotated[Optional[int], Parameter(parameter_set="DefaultParameter")] = None
    skip_last: Annotated[Optional[int], Parameter(parameter_set="SkipLastParameter")] = None
    wait: Annotated[Switch, Parameter(parameter_set="DefaultParameter"),
                    Parameter(parameter_set="IndexParameter")] = Switch(False)
    index: Annotated[Optional[list[int]], Parameter(parameter_set="IndexParameter")] = None
    skip_index: Annotated[Optional[list[int]],
                          Parameter(parameter_set="SkipIndexParameter")] = None

    def begin_processing(self) -> None:
        self._selectors = selectors_for(self, self.property)
        self._position = 0
        self._emitted = 0
        self._tail: deque[Any] = deque()
        self._seen: list[Any] = []
        self._seen_keys: set[Any] = set()
        self._buffer_all = self.last is not None
        self._all: list[Any] = []
        # -Index: the position after which no more input is wanted (None: negative ones
        # count from the end, so all input is needed).
        wanted = list(self.index or ())
        self._last_index = max(wanted) if wanted and min(wanted) >= 0 else None

    # ---- which input objects

    def _wanted(self, position: int) -> bool:
        if self.index is not None:
            return position in {i for i in self.index if i >= 0}
        if self.skip_index is not None:
            return position not in set(self.skip_index)
        if self.skip is not None and position < self.skip:
            return False
        return True

    def process_record(self) -> None:
        obj = self.input_object
        if "InputObject" not in self.bound_parameters:
            return
        position = self._position
        self._position += 1
        if self._buffer_all:
            if self._wanted(position):
                self._all.append(obj)
            return
        if not self._wanted(position):
            return
        if self.skip_last:
            self._tail.append(obj)
            if len(self._tail) <= self.skip_last:
                return
            obj = self._tail.popleft()
        if self.first is not None and self._emitted >= self.first:
            self._stop_if_done(position)
            return
        self._emitted += 1
        self._output(obj)
        self._stop_if_done(position)

    def _stop_if_done(self, position: int) -> None:
        """Stop the commands before this one once every requested object is out
        (PowerShell's StopUpstreamCommandsException): `1..1e9 | select -First 3` ends at
        once. Not with -Wait, nor when the end of the input matters (-Last, -SkipLast,
        -Index from the end)."""
        if self.wait or self._buffer_all or self.skip_last:
            return
        if self.index is not None:
            if self._last_index is not None and position >= self._last_index:
                self._runtime().stop_upstream_commands()
            return
        if self.skip_index is None and self.first is not None and self._emitted >= self.first:
            self._runtime().stop_upstream_commands()

    def end_processing(self) -> None:
        if self._buffer_all:
            items = self._all
            if self.last is not None:
                items = items[len(items) - self.last:] if self.last > 0 else []
            if self.first is not None:
                items = self._all[:self.first] + [i for i in items
                                                  if i not in self._all[:self.first]]
            for obj in items:
                self._output(obj)
        if self.index is not None:
            return

    # ---- what each object becomes

    def _emit(self, value: Any) -> None:
        if self.unique:
            key = self._unique_key(value)
            if key in self._seen_keys:
                return
            self._seen_keys.add(key)
        self.write_object(value)

    def _unique_key(self, value: Any) -> Any:
        if isinstance(value, PSObject) and value.base is None:
            return ("o", to_string(value) if not self.case_insensitive
                    else to_string(value).casefold())
        if isinstance(value, str):
            return ("s", value.casefold() if self.case_insensitive else value)
        try:
            hash(value)
            return ("v", value)
        except TypeError:
            return ("t", to_string(value))

    def _output(self, obj: Any) -> None:
        if self.expand_property:
            self._expand(obj)
            return
        if not self._selectors:
            if isinstance(obj, PSObject):
                name = _selected_name(obj)
                if name not in obj.type_names:
                    obj.type_names.insert(0, name)
            self._emit(obj)
            return
        self._emit(self._select(obj))

    def _select(self, obj: Any) -> PSObject:
        pairs = []
        excluded = self.exclude_property or []
        for field in expand_selectors(self._selectors or (), obj):
            if any(wildcard_match(p, field.label) for p in excluded):
                continue
            if not field.label:
                # The property is named after its expression: `-Property {}` names nothing.
                raise self.terminating_error(self.error_record(
                    PSArgumentException("An empty script block cannot be used as a property "
                                        "without a name."),
                    "EmptyScriptBlockAndNoName", ErrorCategory.InvalidArgument))
            pairs.append((field.label, field.evaluate(obj)))
        result = PSObject.from_pairs(pairs)
        result.type_names.insert(0, _selected_name(obj))
        return result

    def _expand(self, obj: Any) -> None:
        name = self.expand_property or ""
        if not has_property(obj, name) and not has_wildcards(name):
            self.write_error(self.error_record(
                PSArgumentException(f'Property "{name}" cannot be found.'),
                "ExpandPropertyNotFound", ErrorCategory.InvalidArgument, obj))
            return
        value = property_value(obj, name)
        items = list(value) if is_collection(value) else ([] if value is None else [value])
        extra = self._select(obj).members if self._selectors else []
        for item in items:
            if extra:
                # -Property with -ExpandProperty adds the selected properties to each item.
                item = item.copy() if isinstance(item, PSObject) else PSObject.wrap(item)
                for member in extra:
                    item.add_member(member)
            self._emit(item)
