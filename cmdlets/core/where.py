"""Where-Object: a script block filter, or the simplified syntax `Where-Object Prop -op Value`."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.core._script import ScriptBlock, filterer, predicate
from pyshell.language.ast import BinaryOperator as B
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Parameter, Switch
from pyshell.runtime.conversion import to_bool
from pyshell.runtime.members import get_property_value, has_property
from pyshell.runtime.operators import binary_operation

__all__ = ["WhereObjectCommand", "OPERATOR_SETS"]

SCRIPT = "ScriptBlockSet"
NOT_SET = "Not"

# (switch, parameter set, operator): PowerShell's sets, one per comparison switch.
OPERATOR_SETS: tuple[tuple[str, str, Optional[B]], ...] = (
    ("EQ", "EqualSet", B.IEQ), ("CEQ", "CaseSensitiveEqualSet", B.CEQ),
    ("NE", "NotEqualSet", B.INE), ("CNE", "CaseSensitiveNotEqualSet", B.CNE),
    ("GT", "GreaterThanSet", B.IGT), ("CGT", "CaseSensitiveGreaterThanSet", B.CGT),
    ("LT", "LessThanSet", B.ILT), ("CLT", "CaseSensitiveLessThanSet", B.CLT),
    ("GE", "GreaterOrEqualSet", B.IGE), ("CGE", "CaseSensitiveGreaterOrEqualSet", B.CGE),
    ("LE", "LessOrEqualSet", B.ILE), ("CLE", "CaseSensitiveLessOrEqualSet", B.CLE),
    ("Like", "LikeSet", B.ILIKE), ("CLike", "CaseSensitiveLikeSet", B.CLIKE),
    ("NotLike", "NotLikeSet", B.INOTLIKE), ("CNotLike", "CaseSensitiveNotLikeSet", B.CNOTLIKE),
    ("Match", "MatchSet", B.IMATCH), ("CMatch", "CaseSensitiveMatchSet", B.CMATCH),
    ("NotMatch", "NotMatchSet", B.INOTMATCH),
    ("CNotMatch", "CaseSensitiveNotMatchSet", B.CNOTMATCH),
    ("Contains", "ContainsSet", B.ICONTAINS),
    ("CContains", "CaseSensitiveContainsSet", B.CCONTAINS),
    ("NotContains", "NotContainsSet", B.INOTCONTAINS),
    ("CNotContains", "CaseSensitiveNotContainsSet", B.CNOTCONTAINS),
    ("In", "InSet", B.IIN), ("CIn", "CaseSensitiveInSet", B.CIN),
    ("NotIn", "NotInSet", B.INOTIN), ("CNotIn", "CaseSensitiveNotInSet", B.CNOTIN),
    ("Is", "IsSet", B.IS), ("IsNot", "IsNotSet", B.ISNOT),
    ("Not", NOT_SET, None),
)
_OPERATOR_BY_SET = {set_name: op for _, set_name, op in OPERATOR_SETS}
_VALUE_SETS = [s for _, s, _ in OPERATOR_SETS if s != NOT_SET]


def _with_operator_switches(klass: type) -> type:
    """Declare Property, Value and one switch per operator set (data, not 31 copies)."""
    annotations = klass.__dict__["__annotations__"]
    annotations["property"] = Annotated.__class_getitem__((  # type: ignore[attr-defined]
        Optional[str], *[Parameter(mandatory=True, position=0, parameter_set=s)
                         for _, s, _ in OPERATOR_SETS]))
    annotations["value"] = Annotated.__class_getitem__((  # type: ignore[attr-defined]
        Any, *[Parameter(position=1, parameter_set=s) for s in _VALUE_SETS]))
    klass.property = None  # type: ignore[attr-defined]
    klass.value = None  # type: ignore[attr-defined]
    for switch, set_name, _ in OPERATOR_SETS:
        attr = f"op_{switch.lower()}"
        # -EQ is optional: `Where-Object Prop` alone tests the property's truth.
        annotations[attr] = Annotated[Switch, Parameter(mandatory=set_name != "EqualSet",
                                                        parameter_set=set_name, name=switch)]
        setattr(klass, attr, Switch(False))
    return klass


@cmdlet("Where", "Object", default_parameter_set="EqualSet",
        dotnet_class="Microsoft.PowerShell.Commands.WhereObjectCommand")
@_with_operator_switches
class WhereObjectCommand(Cmdlet):
    """Selects objects from a collection based on their property values.

    With a script block, an object passes when the block's output is true for `$_`. The
    simplified syntax compares one property with a value: `Where-Object State -eq Running`,
    `Where-Object Drives -Contains 'D'`; `Where-Object Prop` and `Where-Object -Not Prop` test
    the property's truth.
    """

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    # Declared with their parameter sets by _with_operator_switches.
    property: Optional[str] = None
    value: Any = None
    filter_script: Annotated[Optional[ScriptBlock],
                             Parameter(mandatory=True, position=0, parameter_set=SCRIPT)] = None

    examples = (
        Example("1..10 | Where-Object { $_ % 2 -eq 0 }", "Keeps the even numbers."),
        Example("Get-VM | Where-Object State -eq Running", "Keeps the running machines."),
    )

    def begin_processing(self) -> None:
        self._output = self.command_runtime.output  # type: ignore[union-attr]
        self._set = self.parameter_set_name
        self._value_given = self.is_bound("Value")
        self._test = (predicate(self.filter_script) if self._set == SCRIPT
                      else self._passes)

    def process_record(self) -> None:
        if not self.is_bound("InputObject"):
            return  # no pipeline input: nothing to filter
        obj = self.input_object
        if self._test(obj):
            self._output(obj)

    def input_processor(self) -> Any:
        # Asked once the pipeline is wired for good: write to the final downstream function.
        self._output = self.command_runtime.output  # type: ignore[union-attr]
        if self._set == SCRIPT:
            return filterer(self.filter_script, self._output)
        test, output = self._test, self._output

        def process(obj: Any) -> None:
            if test(obj):
                output(obj)
        return process

    def _passes(self, obj: Any) -> bool:
        name = self.property or ""
        exists = obj is not None and (has_property(obj, name)
                                      or (isinstance(obj, dict) and name in obj))
        value = get_property_value(obj, name) if exists else None
        op = _OPERATOR_BY_SET.get(self._set)
        if self._set == NOT_SET:
            return not to_bool(value)
        if not exists:
            return False
        if op is B.IEQ and not self._value_given:
            return to_bool(value)
        assert op is not None
        result = binary_operation(op, value, self.value, self.session)
        return to_bool(result)
