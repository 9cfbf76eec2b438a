"""Measure-Object: counts, sums, averages, extremes and standard deviation of numbers (or
extremes of anything comparable), and lines/words/characters of text."""

from __future__ import annotations

import math
from decimal import Decimal
from collections.abc import Mapping
from typing import Annotated, Any, Optional

from attrs import define

from cmdlets.utility.compare import compare_values
from pyshell.formatting.objects import (
    has_property, has_wildcards, properties, property_value, to_string, wildcard_match,
)
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSInvalidOperationException
from pyshell.runtime.pipeline import stopped_error

__all__ = ["MeasureObjectCommand", "GenericMeasureInfo", "BasicMeasureInfo",
           "GenericObjectMeasureInfo", "TextMeasureInfo"]

_GENERIC = "Microsoft.PowerShell.Commands.GenericMeasureInfo"


@define(eq=False)
class GenericMeasureInfo:
    __ps_typenames__ = (_GENERIC, "Microsoft.PowerShell.Commands.MeasureInfo")
    count: int = 0
    average: Optional[float] = None
    sum: Optional[float] = None
    maximum: Optional[float] = None
    minimum: Optional[float] = None
    standard_deviation: Optional[float] = None
    property: Optional[str] = None


@define(eq=False)
class BasicMeasureInfo:
    """A bare `Measure-Object` (no statistic asked for): the same type without the
    StandardDeviation line, as PowerShell's documented output shows it."""

    __ps_typenames__ = GenericMeasureInfo.__ps_typenames__
    count: int = 0
    average: Optional[float] = None
    sum: Optional[float] = None
    maximum: Optional[float] = None
    minimum: Optional[float] = None
    property: Optional[str] = None


@define(eq=False)
class GenericObjectMeasureInfo:
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.GenericObjectMeasureInfo",
                        "Microsoft.PowerShell.Commands.MeasureInfo")
    count: int = 0
    average: Optional[float] = None
    sum: Optional[float] = None
    maximum: Any = None
    minimum: Any = None
    standard_deviation: Optional[float] = None
    property: Optional[str] = None


@define(eq=False)
class TextMeasureInfo:
    __ps_typenames__ = ("Microsoft.PowerShell.Commands.TextMeasureInfo",
                        "Microsoft.PowerShell.Commands.MeasureInfo")
    lines: Optional[int] = None
    words: Optional[int] = None
    characters: Optional[int] = None
    property: Optional[str] = None


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    if hasattr(value, "value") and isinstance(getattr(value, "value"), (int, float)):
        return float(value.value)
    return None


@define
class _Stats:
    """Running statistics of one property: nothing per item is kept, so measuring a
    million numbers costs no memory."""

    label: str = ""
    count: int = 0
    numbers: int = 0
    total: float = 0.0
    mean: float = 0.0        # Welford's running mean and sum of squared deviations
    squares: float = 0.0
    maximum: Any = None
    minimum: Any = None
    numeric: bool = True
    lines: int = 0
    words: int = 0
    characters: int = 0


@cmdlet("Measure", "Object", default_parameter_set="GenericMeasure")
class MeasureObjectCommand(Cmdlet):
    """Calculates the numeric properties of objects, and the characters, words, and lines in string objects."""

    examples = (Example("1..10 | Measure-Object -Sum -Average", "Adds and averages numbers."),
                Example("'one two', 'three' | Measure-Object -Word -Line", "Counts words."))

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    property: Annotated[Optional[list[Any]], Parameter(position=0)] = None
    standard_deviation: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    sum: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    all_stats: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    average: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    maximum: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    minimum: Annotated[Switch, Parameter(parameter_set="GenericMeasure")] = Switch(False)
    line: Annotated[Switch, Parameter(parameter_set="TextMeasure")] = Switch(False)
    word: Annotated[Switch, Parameter(parameter_set="TextMeasure")] = Switch(False)
    character: Annotated[Switch, Parameter(parameter_set="TextMeasure")] = Switch(False)
    ignore_white_space: Annotated[Switch, Parameter(parameter_set="TextMeasure")] = Switch(False)

    def begin_processing(self) -> None:
        self._stats: dict[str, _Stats] = {}
        self._text = bool(self.line or self.word or self.character)
        if self.all_stats:
            self.sum = self.average = self.maximum = self.minimum = \
                self.standard_deviation = Switch(True)
        # Plain booleans: these are read once per input object.
        self._want_deviation = bool(self.standard_deviation)
        self._want_maximum = bool(self.maximum)
        self._want_minimum = bool(self.minimum)
        self._numeric_only = bool(self.sum or self.average or self.standard_deviation)

    def _names(self, obj: Any) -> list[str]:
        names: list[str] = []
        for spec in self.property or []:
            text = to_string(spec)
            if has_wildcards(text):
                names.extend(n for n, _ in properties(obj) if wildcard_match(text, n))
            elif isinstance(obj, Mapping):
                # A hashtable's keys act as properties, spelled as they were written.
                names.extend(k for k in obj if isinstance(k, str) and k.lower() == text.lower())
            elif has_property(obj, text):
                names.append(next((n for n, _ in properties(obj) if n.lower() == text.lower()),
                                  text))
        return names

    def process_record(self) -> None:
        obj = self.input_object
        if "InputObject" not in self.bound_parameters or (obj is None and not self.property):
            return
        if not self.property:
            self._add("", obj)
            return
        for name in self._names(obj):
            value = property_value(obj, name)
            if value is not None:
                self._add(name, value)

    def input_processor(self) -> Any:
        if self.property or self._text:
            return None
        # Measuring the objects themselves: a plain number only adds to the running sums.
        stats = self._stats.setdefault("", _Stats())
        add = self._add
        session = self.session
        sums_only = not (self._want_deviation or self._want_maximum or self._want_minimum)

        def measure(obj: Any) -> None:
            if session.stopping:
                raise stopped_error()
            kind = type(obj)
            if sums_only and (kind is int or kind is float):
                stats.count += 1
                stats.numbers += 1
                stats.total += float(obj)
            elif obj is not None:
                add("", obj)
        return measure

    def _add(self, name: str, value: Any) -> None:
        key = name.lower()
        stats = self._stats.get(key)
        if stats is None:
            stats = self._stats[key] = _Stats(label=name)
        stats.count += 1
        if self._text:
            text = to_string(value)
            stats.lines += len([ln for ln in text.split("\n") if ln or not self.ignore_white_space]) \
                if text else 0
            stats.words += len(text.split())
            stats.characters += len("".join(text.split())) if self.ignore_white_space \
                else len(text.replace("\n", ""))
            return
        kind = type(value)
        number = float(value) if kind is int or kind is float else _number(value)
        if number is None:
            if stats.numeric:
                stats.numeric = False
            if self._numeric_only:
                self.write_error(self.error_record(
                    PSInvalidOperationException(f'Input object "{to_string(value)}" is not numeric.'),
                    "NonNumericInputObject", ErrorCategory.InvalidType, value))
            extreme: Any = value
        else:
            stats.numbers += 1
            stats.total += number
            if self._want_deviation:
                delta = number - stats.mean
                stats.mean += delta / stats.numbers
                stats.squares += delta * (number - stats.mean)
            extreme = number
        if self._want_maximum and (stats.maximum is None
                                   or compare_values(extreme, stats.maximum) > 0):
            stats.maximum = extreme
        if self._want_minimum and (stats.minimum is None
                                   or compare_values(extreme, stats.minimum) < 0):
            stats.minimum = extreme

    def end_processing(self) -> None:
        if not self._stats and self.property:
            for spec in self.property:
                text = to_string(spec)
                if not has_wildcards(text):
                    self.write_error(self.error_record(
                        PSInvalidOperationException(
                            f'The property "{text}" cannot be found in the input for any objects.'),
                        "GenericMeasurePropertyNotFound", ErrorCategory.InvalidArgument, text))
            return
        if not self._stats:
            self._stats[""] = _Stats()
        for stats in self._stats.values():
            label = stats.label or None
            self.write_object(self._result(stats, label))

    def _result(self, stats: _Stats, label: Optional[str]) -> Any:
        if self._text:
            return TextMeasureInfo(stats.lines if self.line else None,
                                   stats.words if self.word else None,
                                   stats.characters if self.character else None, label)
        count = stats.numbers
        asked = any((self.sum, self.average, self.maximum, self.minimum,
                     self.standard_deviation)) or bool(self.property)
        average = stats.total / count if count else None
        deviation = None
        if self.standard_deviation and count:
            deviation = math.sqrt(stats.squares / (count - 1)) if count > 1 else 0.0
        if stats.numeric:
            result: Any = GenericMeasureInfo if asked else BasicMeasureInfo
            values = {
                "count": stats.count,
                "average": average if self.average else None,
                "sum": stats.total if self.sum else None,
                "maximum": stats.maximum if self.maximum else None,
                "minimum": stats.minimum if self.minimum else None,
                "property": label,
            }
            if asked:
                values["standard_deviation"] = deviation
            return result(**values)
        return GenericObjectMeasureInfo(
            stats.count, average if self.average and count else None,
            stats.total if self.sum and count else None,
            stats.maximum if self.maximum else None,
            stats.minimum if self.minimum else None, deviation, label)
