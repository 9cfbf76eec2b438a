"""Format-Hex: bytes as ByteCollection rows of 16 (offset, hex, text), grouped by label."""

from __future__ import annotations

import struct
from decimal import Decimal
from typing import Annotated, Any, Iterator, Optional

from attrs import field, frozen

from cmdlets.utility.encoding import ENCODINGS, codec
from cmdlets.utility.out import resolve_path
from pyshell.formatting.objects import has_property, property_value, to_string, type_names
from pyshell.runtime import Alias, Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, FileNotFoundException, PSArgumentException

__all__ = ["FormatHexCommand", "ByteCollection", "ascii_text", "scalar_bytes"]


def ascii_text(data: bytes) -> str:
    """0x00 is a space, control characters are U+FFFD, anything else its Latin-1 char."""
    out = []
    for b in data:
        if b == 0:
            out.append(" ")
        elif b < 0x20 or 0x7F <= b <= 0x9F:
            out.append("\ufffd")
        else:
            out.append(chr(b))
    return "".join(out)


@frozen
class ByteCollection:
    """Microsoft.PowerShell.Commands.ByteCollection: one row of Format-Hex."""

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.ByteCollection",)
    offset64: int
    data: tuple[int, ...] = field(metadata={"ps_name": "Bytes"})
    path: Optional[str]
    label: str
    # Derived columns, stored so that every reader (views, Select-Object) sees them.
    hex_offset: str
    hex_bytes: str
    ascii: str

    @classmethod
    def create(cls, offset: int, data: bytes, path: Optional[str], label: str) -> ByteCollection:
        return cls(offset, tuple(data), path, label, f"{offset:016X}",
                   " ".join(f"{b:02X}" for b in data), ascii_text(data))

    def __str__(self) -> str:
        hex_part = "".join(f"{b:02X} " for b in self.data)
        return f"{self.offset64:016X}   {hex_part:<48} {self.ascii:<16}"


def scalar_bytes(value: Any) -> Optional[tuple[str, bytes]]:
    """(type name, little-endian bytes) of a primitive, as Format-Hex packs it."""
    from pyshell.runtime import values as v

    if isinstance(value, bool):
        return "System.Boolean", struct.pack("<i", int(value))
    kinds = [(v.Byte, "System.Byte", "<B"), (v.SByte, "System.SByte", "<b"),
             (v.Int16, "System.Int16", "<h"), (v.UInt16, "System.UInt16", "<H"),
             (v.UInt32, "System.UInt32", "<I"), (v.Int64, "System.Int64", "<q"),
             (v.UInt64, "System.UInt64", "<Q")]
    for klass, name, fmt in kinds:
        if isinstance(value, klass):
            return name, struct.pack(fmt, int(value))
    if isinstance(value, v.Single):
        return "System.Single", struct.pack("<f", value)
    if isinstance(value, float):
        return "System.Double", struct.pack("<d", value)
    if isinstance(value, int):
        if -2**31 <= value < 2**31:
            return "System.Int32", struct.pack("<i", value)
        if -2**63 <= value < 2**63:
            return "System.Int64", struct.pack("<q", value)
    if isinstance(value, Decimal):
        return "System.Decimal", str(value).encode()
    return None


@cmdlet("Format", "Hex", default_parameter_set="Path")
class FormatHexCommand(Cmdlet):
    """Displays a file or other input as hexadecimal."""

    examples = (Example("'Hello World' | Format-Hex", "Shows the UTF-8 bytes of a string."),)

    path: Annotated[Optional[list[str]], Parameter(mandatory=True, position=0,
                                                   parameter_set="Path")] = None
    literal_path: Annotated[Optional[list[str]], Parameter(mandatory=True,
                                                           parameter_set="LiteralPath"),
                            Alias("PSPath", "LP")] = None
    input_object: Annotated[Any, Parameter(mandatory=True, from_pipeline=True,
                                           parameter_set="ByInputObject")] = None
    encoding: Annotated[Optional[str], Parameter(parameter_set="ByInputObject"), ENCODINGS] = None
    raw: Annotated[Switch, Parameter(parameter_set="ByInputObject")] = Switch(False)
    count: Annotated[int, Parameter()] = 2**63 - 1
    offset: Annotated[int, Parameter()] = 0

    def begin_processing(self) -> None:
        if self.offset < 0 or self.count < 0:
            raise self.terminating_error(self.error_record(
                PSArgumentException("The value must be zero or greater."),
                "ParameterArgumentValidationError", ErrorCategory.InvalidArgument))
        self._pending: Optional[tuple[str, bytearray]] = None

    def _label(self, short: str, full: str) -> str:
        rng = getattr(self.session, "random", None)
        number = rng.randrange(0, 2**31) if rng is not None else 0
        return f"{short} ({full}) <{number:08X}>"

    def _rows(self, data: bytes, label: str, start: int = 0,
              path: Optional[str] = None) -> Iterator[ByteCollection]:
        data = data[self.offset:self.offset + self.count] if (self.offset or
                                                               self.count < len(data)) else data
        base = start + self.offset
        for i in range(0, len(data), 16):
            yield ByteCollection.create(base + i, data[i:i + 16], path, label)

    def _emit(self, data: bytes, label: str, start: int = 0, path: Optional[str] = None) -> None:
        for row in self._rows(data, label, start, path):
            self.write_object(row)

    def _flush(self) -> None:
        if self._pending is not None:
            full, data = self._pending
            self._pending = None
            self._emit(bytes(data), self._label(full.rsplit(".", 1)[-1], full))

    def process_record(self) -> None:
        if self.input_object is None and self.parameter_set_name != "ByInputObject":
            for target in (self.path or self.literal_path or []):
                self._file(resolve_path(self.session, target))
            return
        obj = self.input_object
        if obj is None:
            return
        packed = scalar_bytes(obj)
        if packed is not None:
            full = packed[0]
            if self._pending is not None and self._pending[0] != full:
                self._flush()
            if self._pending is None:
                self._pending = (full, bytearray())
            self._pending[1].extend(packed[1])
            return
        self._flush()
        if isinstance(obj, str):
            self._emit(obj.encode(codec(self.encoding)), self._label("String", "System.String"))
        elif isinstance(obj, (bytes, bytearray)):
            self._emit(bytes(obj), self._label("Byte[]", "System.Byte[]"))
        elif isinstance(obj, list):
            buffer = bytearray()
            for item in obj:
                item_bytes = scalar_bytes(item)
                if item_bytes is None:
                    buffer.extend(to_string(item).encode(codec(self.encoding)))
                else:
                    buffer.extend(item_bytes[1])
            element = getattr(getattr(obj, "element_type", None), "full_name", None)
            full = f"{element}[]" if element else "System.Object[]"
            self._emit(bytes(buffer), self._label(full.rsplit(".", 1)[-1], full))
        elif has_property(obj, "Bytes"):
            # Memory blocks (guest or physical reads) show their own addresses as offsets.
            raw = property_value(obj, "Bytes")
            data = bytes(raw) if raw is not None else b""
            start = property_value(obj, "Address") if has_property(obj, "Address") else 0
            full = type_names(obj)[0]
            self._emit(data, self._label(full.rsplit(".", 1)[-1], full), int(start or 0))
        else:
            self._emit(to_string(obj).encode(codec(self.encoding)),
                       self._label("String", "System.String"))

    def _file(self, full: str) -> None:
        try:
            with open(full, "rb") as handle:
                data = handle.read()
        except OSError:
            self.write_error(self.error_record(
                FileNotFoundException(f"Cannot find path '{full}' because it does not exist."),
                "FileNotFound", ErrorCategory.ObjectNotFound, full))
            return
        self._emit(data, full, 0, full)

    def end_processing(self) -> None:
        self._flush()
