"""Validation attributes of parameters: `[ValidateSet(...)]`, `[ValidateRange(...)]`, ...

Each validator checks a converted argument and raises `ValidationFailure(detail)`; the binder
turns that into PowerShell's `Cannot validate argument on parameter '{name}'. {detail}`
record (`ParameterArgumentValidationError`). The messages are PowerShell's.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from attrs import frozen

__all__ = ["ValidationFailure", "Validator", "ValidateSet", "ValidateRange", "ValidatePattern",
           "ValidateNotNull", "ValidateNotNullOrEmpty", "ValidateCount", "ValidateLength",
           "ValidateScript", "AllowNull", "AllowEmptyString", "AllowEmptyCollection"]

class ValidationFailure(Exception):
    """Raised by a validator; the binder wraps `detail` into PowerShell's error record.

    `error_id` is the id suffix (`ParameterArgumentValidationError` plus e.g.
    `NullNotAllowed`) PowerShell uses for that failure.
    """

    def __init__(self, detail: str, error_id: str = "ParameterArgumentValidationError") -> None:
        super().__init__(detail)
        self.detail = detail
        self.error_id = error_id


def _display(value: Any) -> str:
    # The text PowerShell puts in validation messages: the value's ToString().
    from pyshell.runtime.conversion import to_string
    return to_string(value)


def _each(value: Any) -> list[Any]:
    # Validation attributes apply to every element of a collection argument.
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


class Validator:
    """Base of the Validate* attributes: `validate(value, session)` raises ValidationFailure."""

    # Whether the validator runs on the elements of an array argument.
    per_element = True

    def check(self, value: Any, session: Any) -> None:
        raise NotImplementedError

    def validate(self, value: Any, session: Any = None) -> None:
        if self.per_element:
            for item in _each(value):
                self.check(item, session)
        else:
            self.check(value, session)


@frozen(init=False)
class ValidateSet(Validator):
    values: tuple[str, ...]
    ignore_case: bool = True
    error_message: Optional[str] = None

    def __init__(self, *values: str, ignore_case: bool = True,
                 error_message: Optional[str] = None) -> None:
        self.__attrs_init__(tuple(values), ignore_case, error_message)

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        if self.ignore_case:
            ok = text.lower() in (v.lower() for v in self.values)
        else:
            ok = text in self.values
        if not ok:
            joined = ",".join(self.values)
            if self.error_message:
                raise ValidationFailure(self.error_message.format(text, joined))
            raise ValidationFailure(
                f'The argument "{text}" does not belong to the set "{joined}" specified by '
                "the ValidateSet attribute. Supply an argument that is in the set and then try "
                "the command again.")


@frozen
class ValidateRange(Validator):
    min_range: Any
    max_range: Any

    def check(self, value: Any, session: Any) -> None:
        if value is None:
            raise ValidationFailure("The argument is null. Provide a valid value for the "
                                    "argument, and then try running the command again.")
        try:
            low = value < self.min_range
            high = value > self.max_range
        except TypeError:
            low = high = False
        if low:
            raise ValidationFailure(
                f"The {_display(value)} argument is less than the minimum allowed range of "
                f"{_display(self.min_range)}. Supply an argument that is greater than or equal "
                f"to {_display(self.min_range)} and then try the command again.")
        if high:
            raise ValidationFailure(
                f"The {_display(value)} argument is greater than the maximum allowed range of "
                f"{_display(self.max_range)}. Supply an argument that is less than or equal "
                f"to {_display(self.max_range)} and then try the command again.")


@frozen
class ValidatePattern(Validator):
    pattern: str
    error_message: Optional[str] = None

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        # PowerShell's default RegexOptions.IgnoreCase.
        try:
            found = re.search(self.pattern, text, re.IGNORECASE)
        except re.error as exc:
            raise ValidationFailure(f'The pattern "{self.pattern}" is not valid: {exc}.') from exc
        if found is None:
            if self.error_message:
                raise ValidationFailure(self.error_message.format(text, self.pattern))
            raise ValidationFailure(
                f'The argument "{text}" does not match the "{self.pattern}" pattern. Supply an '
                f'argument that matches "{self.pattern}" and try the command again.')


@frozen
class ValidateNotNull(Validator):
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        if value is None or (isinstance(value, (list, tuple))
                             and any(v is None for v in value)):
            raise ValidationFailure("The argument is null. Provide a valid value for the "
                                    "argument, and then try running the command again.")


@frozen
class ValidateNotNullOrEmpty(Validator):
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        if isinstance(value, (list, tuple)):
            if not value or any(v is None or v == "" for v in value):
                raise ValidationFailure(
                    "The argument is null, empty, or an element of the argument collection "
                    "contains a null value. Supply a collection that does not contain any null "
                    "values and then try the command again.")
        elif value is None or value == "" or (isinstance(value, dict) and not value):
            raise ValidationFailure("The argument is null or empty. Provide an argument that is "
                                    "not null or empty, and then try the command again.")


@frozen
class ValidateCount(Validator):
    min_length: int
    max_length: int
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        count = len(value) if isinstance(value, (list, tuple)) else (0 if value is None else 1)
        if count < self.min_length or count > self.max_length:
            raise ValidationFailure(
                f"The parameter requires at least {self.min_length} value(s) and no more than "
                f"{self.max_length} value(s) - {count} value(s) were provided.")


@frozen
class ValidateLength(Validator):
    min_length: int
    max_length: int

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        if len(text) < self.min_length:
            raise ValidationFailure(
                f"The character length ({len(text)}) of the argument is too short. Specify an "
                f'argument with a length that is greater than or equal to "{self.min_length}", '
                "and then try the command again.")
        if len(text) > self.max_length:
            raise ValidationFailure(
                f"The character length of the {len(text)} argument is too long. Shorten the "
                f'character length of the argument so it is fewer than or equal to '
                f'"{self.max_length}" characters, and then try the command again.')


@frozen
class ValidateScript(Validator):
    """`[ValidateScript({...})]`: a ScriptBlock (run with `$_` = the value) or a Python
    callable (value -> bool)."""

    script: Any
    error_message: Optional[str] = None

    def check(self, value: Any, session: Any) -> None:
        script = self.script
        try:
            if hasattr(script, "invoke"):
                ok = _truthy(script.invoke(dollar_under=value))
                text = getattr(script, "text", None) or str(script)
            else:
                ok = bool(script(value))
                text = getattr(script, "__name__", "script")
        except Exception as exc:  # the script itself failed: that is the reason shown
            raise ValidationFailure(str(exc) or type(exc).__name__) from exc
        if not ok:
            if self.error_message:
                raise ValidationFailure(self.error_message.format(_display(value), text))
            raise ValidationFailure(
                f'The "{text}" validation script for the argument with value "{_display(value)}" '
                "did not return a result of True. Determine why the validation script failed, "
                "and then try the command again.")


def _truthy(result: Any) -> bool:
    from pyshell.runtime.conversion import to_bool
    if isinstance(result, list):
        if len(result) == 1:
            return bool(to_bool(result[0]))
        return len(result) > 1
    return bool(to_bool(result))


class _Allowance(Validator):
    """`[AllowNull()]` and friends: not checks but permissions the binder reads before it
    refuses `$null`, `''` or `@()` for a mandatory parameter."""

    def check(self, value: Any, session: Any) -> None:
        return None

    def validate(self, value: Any, session: Any = None) -> None:
        return None


class AllowNull(_Allowance):
    """`[AllowNull()]`: a mandatory parameter accepts `$null`."""


class AllowEmptyString(_Allowance):
    """`[AllowEmptyString()]`: a mandatory parameter accepts `''`."""


class AllowEmptyCollection(_Allowance):
    """`[AllowEmptyCollection()]`: a mandatory parameter accepts `@()`."""
