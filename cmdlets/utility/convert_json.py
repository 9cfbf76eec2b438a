"""ConvertTo-Json and ConvertFrom-Json (Newtonsoft's layout: two-space indent, `"key": value`;
PowerShell's depth cut with one warning; ISO dates; numbers as int, long or double)."""

from __future__ import annotations

import datetime as _dt
import enum
import math
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Optional

from pyshell.formatting.objects import is_collection, properties, to_string
from pyshell.runtime import Cmdlet, Example, Parameter, Switch, ValidateRange, ValidateSet, cmdlet
from pyshell.runtime import dotnet_format
from pyshell.runtime.errors import ArgumentException, ErrorCategory
from pyshell.runtime.members import PSObject
from pyshell.runtime.values import AUTOMATION_NULL, GenericDictionary, Int64

__all__ = ["ConvertToJsonCommand", "ConvertFromJsonCommand", "to_json", "from_json"]

_DEPTH_WARNING = ("Resulting JSON is truncated as serialization has exceeded the set depth "
                  "of {0}.")


# --------------------------------------------------------------------------- writing

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", '"': "\\u0022"}


def _string(text: str, escape: str) -> str:
    out = []
    for ch in text:
        if escape == "escapehtml" and ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        elif escape == "escapenonascii" and ord(ch) > 0x7E:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _double(value: float) -> str:
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"Infinity"' if value > 0 else '"-Infinity"'
    text = dotnet_format.format_double(value)
    if not any(ch in text for ch in ".E"):
        text += ".0"
    return text


def _datetime(value: _dt.datetime) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    ticks = value.microsecond * 10
    if ticks:
        text += "." + f"{ticks:07d}".rstrip("0")
    if value.tzinfo is not None:
        offset = value.utcoffset() or _dt.timedelta(0)
        if offset == _dt.timedelta(0) and value.tzinfo is _dt.timezone.utc:
            text += "Z"
        else:
            total = int(offset.total_seconds() // 60)
            sign = "-" if total < 0 else "+"
            text += f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
    return text


def _timespan_members(span: _dt.timedelta) -> list[tuple[str, Any]]:
    """A TimeSpan's public properties in .NET's order, as Newtonsoft writes them."""
    ticks = (span.days * 86_400 + span.seconds) * 10_000_000 + span.microseconds * 10
    sign = -1 if ticks < 0 else 1
    size = abs(ticks)
    return [
        ("Ticks", ticks), ("Days", sign * (size // 864_000_000_000)),
        ("Hours", sign * (size // 36_000_000_000 % 24)),
        ("Milliseconds", sign * (size // 10_000 % 1000)),
        ("Microseconds", sign * (size // 10 % 1000)), ("Nanoseconds", sign * (size % 10 * 100)),
        ("Minutes", sign * (size // 600_000_000 % 60)),
        ("Seconds", sign * (size // 10_000_000 % 60)),
        ("TotalDays", ticks / 864_000_000_000), ("TotalHours", ticks / 36_000_000_000),
        ("TotalMilliseconds", ticks / 10_000), ("TotalMicroseconds", ticks / 10),
        ("TotalNanoseconds", float(ticks * 100)), ("TotalMinutes", ticks / 600_000_000),
        ("TotalSeconds", ticks / 10_000_000),
    ]


class _Writer:
    def __init__(self, depth: int, compress: bool, enums_as_strings: bool, escape: str) -> None:
        self.depth = depth
        self.compress = compress
        self.enums_as_strings = enums_as_strings
        self.escape = escape
        self.truncated = False

    def scalar(self, value: Any) -> Optional[str]:
        if value is None or value is AUTOMATION_NULL:
            return "null"
        if isinstance(value, PSObject) and value.base is not None and not value.members:
            return self.scalar(value.base)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, enum.Enum):
            if self.enums_as_strings:
                return _string(value.name, self.escape)
            number = value.value
            return str(number) if isinstance(number, int) else _string(value.name, self.escape)
        if isinstance(value, int):
            return str(int(value))
        if isinstance(value, float):
            return _double(value)
        if isinstance(value, Decimal):
            return dotnet_format.format_decimal(value)
        if isinstance(value, str):
            return _string(value, self.escape)
        if isinstance(value, _dt.datetime):
            return _string(_datetime(value), self.escape)
        if isinstance(value, uuid.UUID):
            return _string(str(value), self.escape)
        return None

    def _newline(self, level: int) -> str:
        return "" if self.compress else "\n" + "  " * level

    def write(self, value: Any, level: int) -> str:
        simple = self.scalar(value)
        if simple is not None:
            return simple
        if level > self.depth:
            self.truncated = True
            return _string(to_string(value), self.escape)
        if isinstance(value, Mapping):
            pairs = [(to_string(k), v) for k, v in value.items()]
            return self._object(pairs, level)
        if isinstance(value, _dt.timedelta):
            return self._object(_timespan_members(value), level)
        if is_collection(value):
            items = [self.write(v, level + 1) for v in value]
            if not items:
                return "[]"
            inner = ",".join(self._newline(level + 1) + i for i in items)
            return "[" + inner + self._newline(level) + "]"
        pairs = properties(value)
        if not pairs and not isinstance(value, PSObject):
            return _string(to_string(value), self.escape)
        return self._object(pairs, level)

    def _object(self, pairs: list[tuple[str, Any]], level: int) -> str:
        if not pairs:
            return "{}"
        colon = ":" if self.compress else ": "
        inner = ",".join(self._newline(level + 1) + _string(k, self.escape) + colon
                         + self.write(v, level + 1) for k, v in pairs)
        return "{" + inner + self._newline(level) + "}"


def to_json(value: Any, depth: int = 2, compress: bool = False,
            enums_as_strings: bool = False, escape: str = "default") -> tuple[str, bool]:
    """The JSON text and whether the depth cut anything."""
    writer = _Writer(depth, compress, enums_as_strings, escape.lower())
    return writer.write(value, 0), writer.truncated


@cmdlet("ConvertTo", "Json")
class ConvertToJsonCommand(Cmdlet):
    """Converts an object to a JSON-formatted string."""

    examples = (Example("[pscustomobject]@{Name='a'; List=1,2} | ConvertTo-Json",
                        "Writes an object as JSON."),)

    input_object: Annotated[Any, Parameter(mandatory=True, position=0, from_pipeline=True)] = None
    depth: Annotated[int, Parameter(), ValidateRange(0, 100)] = 2
    compress: Annotated[Switch, Parameter()] = Switch(False)
    enums_as_strings: Annotated[Switch, Parameter()] = Switch(False)
    as_array: Annotated[Switch, Parameter()] = Switch(False)
    escape_handling: Annotated[str, Parameter(),
                               ValidateSet("Default", "EscapeNonAscii", "EscapeHtml")] = "Default"

    def begin_processing(self) -> None:
        self._objects: list[Any] = []

    def process_record(self) -> None:
        self._objects.append(self.input_object)

    def end_processing(self) -> None:
        if not self._objects:
            return
        value: Any = self._objects[0] if len(self._objects) == 1 and not self.as_array \
            else list(self._objects)
        if self.as_array and len(self._objects) == 1 and not is_collection(value):
            value = [value]
        text, truncated = to_json(value, self.depth, bool(self.compress),
                                  bool(self.enums_as_strings), self.escape_handling)
        if truncated:
            self.write_warning(_DEPTH_WARNING.format(self.depth))
        self.write_object(text)


# --------------------------------------------------------------------------- reading

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$")


def _date(text: str) -> Any:
    if not _ISO_DATE.match(text):
        return text
    core = text
    tz: Optional[_dt.tzinfo] = None
    if core.endswith("Z"):
        core, tz = core[:-1], _dt.timezone.utc
    elif re.search(r"[+-]\d{2}:\d{2}$", core):
        sign = 1 if core[-6] == "+" else -1
        tz = _dt.timezone(sign * _dt.timedelta(hours=int(core[-5:-3]), minutes=int(core[-2:])))
        core = core[:-6]
    base, _, fraction = core.partition(".")
    try:
        value = _dt.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return text
    if fraction:
        value = value.replace(microsecond=int(fraction.ljust(7, "0")[:6]))
    if tz is not None:
        # PowerShell shows a zoned date in local time; the session's clock is UTC-based.
        value = value.replace(tzinfo=tz)
    return value


def _convert(value: Any, as_hashtable: bool) -> Any:
    if isinstance(value, _Pairs):
        if as_hashtable:
            table = GenericDictionary()
            for k, v in value:
                table[k] = _convert(v, True)
            return table
        return PSObject.from_pairs((k, _convert(v, False)) for k, v in value)
    if isinstance(value, list):
        return [_convert(v, as_hashtable) for v in value]
    if isinstance(value, str):
        return _date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if -2**31 <= value < 2**31:
            return value
        return Int64(value) if -2**63 <= value < 2**63 else value
    return value


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object's members in order (duplicates kept until conversion)."""


def from_json(text: str, as_hashtable: bool = False) -> Any:
    import json as _json  # here: most sessions never parse JSON

    parsed = _json.loads(text, object_pairs_hook=_Pairs,
                         parse_constant=lambda c: float(c.replace("Infinity", "inf")))
    return _convert(parsed, as_hashtable)


@cmdlet("ConvertFrom", "Json")
class ConvertFromJsonCommand(Cmdlet):
    """Converts a JSON-formatted string to a custom object or a hash table."""

    examples = (Example("'{\"a\": 1}' | ConvertFrom-Json", "Reads a JSON object."),)

    input_object: Annotated[str, Parameter(mandatory=True, position=0, from_pipeline=True)] = ""
    as_hashtable: Annotated[Switch, Parameter()] = Switch(False)
    depth: Annotated[int, Parameter()] = 1024
    no_enumerate: Annotated[Switch, Parameter()] = Switch(False)
    date_kind: Annotated[str, Parameter(),
                         ValidateSet("Default", "Local", "Utc", "Offset", "String")] = "Default"

    def begin_processing(self) -> None:
        self._texts: list[str] = []

    def process_record(self) -> None:
        self._texts.append(to_string(self.input_object))

    def end_processing(self) -> None:
        text = "\n".join(self._texts)
        if not text.strip():
            return
        try:
            value = from_json(text, bool(self.as_hashtable))
        except (ValueError, RecursionError) as exc:
            message = f"Conversion from JSON failed with error: {exc}"
            raise self.terminating_error(self.error_record(
                ArgumentException(message), "System.ArgumentException",
                ErrorCategory.ParserError, text))
        self.write_object(value, enumerate_collection=not self.no_enumerate)
