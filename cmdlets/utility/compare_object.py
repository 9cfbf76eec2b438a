"""Compare-Object: what is only in the reference set (`<=`), only in the difference set
(`=>`), or in both (`==`, with -IncludeEqual)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.utility.compare import equal
from cmdlets.utility.properties import selectors_for
from pyshell.formatting.objects import is_collection
from pyshell.formatting.select import expand_selectors
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.members import PSObject

__all__ = ["CompareObjectCommand"]


@cmdlet("Compare", "Object")
class CompareObjectCommand(Cmdlet):
    """Compares two sets of objects."""

    examples = (Example("Compare-Object 'a','b' 'b','c'", "Shows what each set alone has."),)

    reference_object: Annotated[Any, Parameter(mandatory=True, position=0)] = None
    difference_object: Annotated[Any, Parameter(mandatory=True, position=1,
                                                from_pipeline=True)] = None
    sync_window: Annotated[int, Parameter()] = 2**31 - 1
    property: Annotated[Optional[list[Any]], Parameter()] = None
    exclude_different: Annotated[Switch, Parameter()] = Switch(False)
    include_equal: Annotated[Switch, Parameter()] = Switch(False)
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    culture: Annotated[Optional[str], Parameter()] = None
    case_sensitive: Annotated[Switch, Parameter()] = Switch(False)

    def begin_processing(self) -> None:
        self._selectors = selectors_for(self, self.property)
        self._difference: list[Any] = []

    def process_record(self) -> None:
        value = self.difference_object
        if is_collection(value):
            self._difference.extend(value)
        elif value is not None:
            self._difference.append(value)

    def _key(self, obj: Any) -> list[Any]:
        if not self._selectors:
            return [obj]
        return [f.evaluate(obj) for f in expand_selectors(self._selectors, obj)]

    def _same(self, a: list[Any], b: list[Any]) -> bool:
        cs = bool(self.case_sensitive)
        return len(a) == len(b) and all(equal(x, y, cs) for x, y in zip(a, b))

    def _emit(self, obj: Any, side: str) -> None:
        if side == "==" and not (self.include_equal or self.exclude_different):
            return
        if side != "==" and self.exclude_different:
            return
        if self.pass_thru:
            wrapped = obj if isinstance(obj, PSObject) else PSObject.wrap(obj)
            wrapped.add_note_property("SideIndicator", side)
            self.write_object(wrapped)
            return
        if self._selectors:
            fields = expand_selectors(self._selectors, obj)
            pairs = [(f.label, f.evaluate(obj)) for f in fields]
        else:
            pairs = [("InputObject", obj)]
        self.write_object(PSObject.from_pairs(pairs + [("SideIndicator", side)]))

    def end_processing(self) -> None:
        reference = self.reference_object
        refs = list(reference) if is_collection(reference) else \
            ([] if reference is None else [reference])
        ref_keys = [self._key(r) for r in refs]
        matched = [False] * len(refs)
        for item in self._difference:
            key = self._key(item)
            hit = next((i for i, rk in enumerate(ref_keys)
                        if not matched[i] and self._same(rk, key)), None)
            if hit is None:
                self._emit(item, "=>")
            else:
                matched[hit] = True
                self._emit(refs[hit], "==")
        for i, ref in enumerate(refs):
            if not matched[i]:
                self._emit(ref, "<=")
