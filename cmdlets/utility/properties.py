"""`-Property` arguments of Format-*, Select-Object, Sort-Object, Group-Object: names (with
wildcards), script blocks and calculated-property hashtables
(`@{Name/Label/N/L=...; Expression/E={...}; Width; Alignment; FormatString}`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from cmdlets.utility._script import is_scriptblock, run_script
from pyshell.formatting.objects import property_value, to_string
from pyshell.formatting.select import Field, PropertyPattern

__all__ = ["PropertyError", "parse_property", "parse_properties", "key_getter", "KEY_NAMES",
           "selectors_for", "argument_error"]

# Which hashtable keys each cmdlet accepts (PowerShell rejects the others).
KEY_NAMES = {
    "format-table": ("name", "label", "expression", "width", "alignment", "formatstring"),
    "format-list": ("name", "label", "expression", "formatstring"),
    "format-wide": ("expression", "formatstring"),
    "select": ("name", "label", "expression"),
    "sort": ("expression", "ascending", "descending"),
    "group": ("expression",),
}


class PropertyError(ValueError):
    """A malformed calculated property; `error_id` is PowerShell's."""

    def __init__(self, message: str, error_id: str) -> None:
        super().__init__(message)
        self.error_id = error_id


def _key(entry: str, allowed: tuple[str, ...]) -> str:
    lowered = entry.lower()
    matches = [k for k in allowed if k.startswith(lowered)]
    if lowered in allowed:
        return lowered
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise PropertyError(f'The "{entry}" key is not valid.', "IllegalKey")
    raise PropertyError(f'The key "{entry}" is ambiguous.', "AmbiguousKey")


def key_getter(expression: Any) -> Any:
    """A callable obj -> value for a name (no wildcards) or a script block."""
    if is_scriptblock(expression):
        return lambda obj: run_script(expression, obj)
    name = to_string(expression)
    return lambda obj: property_value(obj, name)


def _label_of(expression: Any) -> str:
    if is_scriptblock(expression):
        text = getattr(expression, "text", None)
        if text is None:
            text = str(expression)
        return str(text)
    return to_string(expression)


def parse_property(spec: Any, context: str = "format-table") -> Any:
    """A selector (something with `expand(obj) -> list[Field]`) for one -Property item."""
    allowed = KEY_NAMES[context]
    if isinstance(spec, Mapping):
        entries: dict[str, Any] = {}
        for raw_key, value in spec.items():
            entries[_key(to_string(raw_key), allowed)] = value
        if "expression" not in entries:
            raise PropertyError("The Expression key is missing.", "MissingExpression")
        if "name" in entries and "label" in entries:
            raise PropertyError('The "label" key is not valid when "name" is given.',
                                "DuplicateKey")
        expression = entries["expression"]
        label = entries.get("name", entries.get("label"))
        label_text = to_string(label) if label is not None else _label_of(expression)
        if not is_scriptblock(expression) and label is None:
            # A property name with wildcards still expands (`@{e='Mem*'}`).
            name = to_string(expression)
            pattern = PropertyPattern(name)
            if any(ch in name for ch in "*?["):
                return pattern
        width = entries.get("width")
        align = entries.get("alignment")
        fmt = entries.get("formatstring")
        return Field(label_text, key_getter(expression),
                     align=to_string(align).lower() if align is not None else None,
                     width=int(width) if width is not None else None,
                     fmt=to_string(fmt) if fmt is not None else None)
    if is_scriptblock(spec):
        return Field(_label_of(spec), key_getter(spec))
    return PropertyPattern(to_string(spec))


def parse_properties(specs: Optional[list[Any]], context: str = "format-table") -> Optional[
        tuple[Any, ...]]:
    # A null entry names no property (`-Property $null` formats as if none was given).
    present = [spec for spec in specs or () if spec is not None]
    if not present:
        return None
    return tuple(parse_property(spec, context) for spec in present)


def argument_error(command: Any, error: PropertyError) -> Exception:
    """The terminating error a cmdlet raises for a malformed -Property argument."""
    from pyshell.runtime.errors import ErrorCategory, PSArgumentException

    exc: Exception = command.terminating_error(command.error_record(
        PSArgumentException(str(error)), error.error_id, ErrorCategory.InvalidArgument))
    return exc


def selectors_for(command: Any, specs: Optional[list[Any]],
                  context: str = "select") -> Optional[tuple[Any, ...]]:
    """`parse_properties` for a cmdlet's -Property: a malformed one ends the command."""
    try:
        return parse_properties(specs, context)
    except PropertyError as exc:
        raise argument_error(command, exc) from None
