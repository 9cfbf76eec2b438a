"""Default views of the lab's records (the lab's Format.ps1xml)."""

from __future__ import annotations

from typing import Any

from pyshell.formatting.views import Column, CustomView, ListView, TableView

from .records import printable_text

__all__ = ["VIEWS", "hex_dump_lines"]

_NS = "PyShell.MemoryLab."
_RULER = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"


def hex_dump_lines(address: int, data: bytes, label: str) -> list[str]:
    """Format-Hex's layout (powershell-views.md §6.2), offsets being the real addresses."""
    lines = [f"   Label: {label}", "",
             "          Offset Bytes                                           Ascii",
             " " * 17 + _RULER,
             "          ------ ----------------------------------------------- -----"]
    start = address - address % 16
    for row in range(start, address + len(data), 16):
        cells = []
        for a in range(row, row + 16):
            i = a - address
            cells.append(f"{data[i]:02X}" if 0 <= i < len(data) else "  ")
        chunk = bytes(data[max(0, row - address):max(0, row + 16 - address)])
        pad = " " * max(0, address - row) if row < address else ""
        lines.append(f"{row:016X} {' '.join(cells)} {pad}{printable_text(chunk)}".rstrip())
    return lines


def _block(obj: Any) -> list[str]:
    return hex_dump_lines(int(obj.address), bytes(obj.bytes),
                          f"{obj.source} 0x{int(obj.address):X} ({obj.count} bytes)")


def _hex(prop: str) -> Any:
    return lambda r: f"0x{getattr(r, prop):X}"


VIEWS = (
    CustomView("MemoryBlock", (_NS + "MemoryBlock",), render=_block),
    TableView("VMHostKeyId", (_NS + "VMHostKeyId",), columns=(
        Column("KeyId", align="right"), Column("State"), Column("Algorithm"),
        Column("VMName"))),
    TableView("MemoryBusTransaction", (_NS + "MemoryBusTransaction",), columns=(
        Column("Sequence", align="right"), Column("Operation"),
        Column("Address", value=_hex("address"), align="right"), Column("VMName"),
        Column("Text"))),
    TableView("VMMemoryMapping", (_NS + "VMMemoryMapping",), columns=(
        Column("VMName"), Column("GuestAddress", value=_hex("guest_address"), align="right"),
        Column("HostAddress", value=_hex("host_address"), align="right"),
        Column("Size", align="right"), Column("PageSize"), Column("KeyId", align="right"),
        Column("Access"))),
    TableView("VMMemoryWalkStep", (_NS + "VMMemoryWalkStep",), columns=(
        Column("Level"), Column("TableAddress", value=_hex("table_address"), align="right"),
        Column("Index", align="right"), Column("Entry"), Column("Access"), Column("PageSize"),
        Column("HostAddress", value=_hex("host_address"), align="right"),
        Column("KeyId", align="right"))),
    TableView("ColdBootFinding", (_NS + "ColdBootFinding",), columns=(
        Column("VMName"), Column("MemoryEncrypted"), Column("KeyId", align="right"),
        Column("PatternFound"), Column("BytesScanned", align="right"))),
    TableView("VMMemoryEncryptionTest", (_NS + "VMMemoryEncryptionTest",), columns=(
        Column("VMName"), Column("MemoryEncryptionEnabled"), Column("KeyId", align="right"),
        Column("CanaryVisibleInDram"))),
    ListView("VMHostHardware", (_NS + "VMHostHardware",), items=(
        "ComputerName", "Profile", "Processor", "MaxPhysicalAddressBits", "MemoryCapacity",
        "TmeSupported", "TmeEnabled", "TmeBypass", "TmeAlgorithm", "MkTmeSupported",
        "KeyIdBits", "MaxKeyIds", "KeyIdsInUse", "Ia32TmeCapability", "Ia32TmeActivate",
        "KeyAlgorithm", "AvailableKeyAlgorithms")),
)
