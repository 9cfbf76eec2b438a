"""Get-Random: numbers in a range, or items picked from the input, from the session's
random generator (seeded in deterministic sessions, so results are reproducible)."""

from __future__ import annotations

import decimal
from typing import Annotated, Any, Optional

from pyshell.runtime import Cmdlet, Parameter, Switch, cmdlet, to_string
from pyshell.runtime.conversion import to_number
from pyshell.runtime.errors import ArgumentException, ErrorCategory
from pyshell.runtime.values import Int64

__all__ = ["GetRandomCommand", "CMDLETS"]

_INT32_MAX = 2**31 - 1


def _number(value: Any) -> Any:
    """A -Minimum/-Maximum argument as a number (strings as PowerShell parses them)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return to_number(value)


@cmdlet("Get", "Random", default_parameter_set="RandomNumberParameterSet")
class GetRandomCommand(Cmdlet):
    """Gets a random number, or selects objects randomly from a collection."""

    set_seed: Annotated[Optional[int], Parameter()] = None
    maximum: Annotated[Any, Parameter(position=0,
                                      parameter_set="RandomNumberParameterSet")] = None
    minimum: Annotated[Any, Parameter(parameter_set="RandomNumberParameterSet")] = None
    input_object: Annotated[Optional[list[Any]], Parameter(
        mandatory=True, position=0, parameter_set="RandomListItemParameterSet",
        from_pipeline=True), Parameter(mandatory=True, parameter_set="ShuffleParameterSet",
                                       from_pipeline=True)] = None
    shuffle: Annotated[Switch, Parameter(mandatory=True,
                                         parameter_set="ShuffleParameterSet")] = Switch(False)
    count: Annotated[int, Parameter()] = 1

    def begin_processing(self) -> None:
        if self.set_seed is not None:
            # The seed stays with the session, as the runspace's generator does in pwsh.
            self.session.random.seed(self.set_seed)
        self._items: list[Any] = []

    def process_record(self) -> None:
        if self.input_object is not None and self.parameter_set_name != "RandomNumberParameterSet":
            self._items.extend(self.input_object)

    def end_processing(self) -> None:
        rng = self.session.random
        if self.parameter_set_name == "RandomNumberParameterSet" and self.input_object is None:
            for _ in range(max(1, self.count)):
                self.write_object(self._random_number(rng))
            return
        if self.shuffle:
            picked = list(self._items)
            rng.shuffle(picked)
        else:
            picked = rng.sample(self._items, min(max(1, self.count), len(self._items)))
        for item in picked:
            self.write_object(item)

    def _random_number(self, rng: Any) -> Any:
        low = _number(self.minimum) if self.minimum is not None else None
        high = _number(self.maximum) if self.maximum is not None else None
        if isinstance(low, float) or isinstance(high, float):
            low = 0.0 if low is None else float(low)
            high = float(_INT32_MAX) if high is None else float(high)
            self._check_range(low, high)
            return low + rng.random() * (high - low)
        low = 0 if low is None else int(low)
        high = _INT32_MAX if high is None else int(high)
        self._check_range(low, high)
        value = rng.randrange(low, high)
        wide = isinstance(self.minimum, Int64) or isinstance(self.maximum, Int64) \
            or not -2**31 <= low <= high <= 2**31
        return Int64(value) if wide else value

    def _check_range(self, low: Any, high: Any) -> None:
        if low >= high:
            raise self.terminating_error(self.error_record(
                ArgumentException(f"The Minimum value ({to_string(low)}) cannot be greater "
                                  f"than or equal to the Maximum value ({to_string(high)})."),
                "MinGreaterThanOrEqualMax", ErrorCategory.InvalidArgument, None))


CMDLETS = (GetRandomCommand,)
