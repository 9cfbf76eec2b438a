"""Pipeline records of the memory lab, built from engine values (design.md §7 fixes their shape).

Addresses are integers (so `-Address $block.Address` and arithmetic work); the default views
print them in hex. Key bytes never appear in any record: the engine has none to give.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import enum
from typing import Any, Iterable, Optional

from attrs import field, frozen

from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import Byte, TypedArray, UInt64

__all__ = [
    "BusOperation", "KeyIdState", "VMHostHardware", "VMHostKeyId", "MemoryBlock",
    "VMMemoryMapping", "VMMemoryWalkStep", "MemoryBusTransaction", "ColdBootFinding",
    "VMMemoryEncryptionTest", "printable_text", "byte_array",
]

_NS = "PyShell.MemoryLab."


class BusOperation(enum.Enum):
    """What crossed the DIMM bus: a line read into the CPU or a line written to DRAM."""

    __ps_typenames__ = (_NS + "BusOperation",)
    Read = 0
    Write = 1


class KeyIdState(enum.Enum):
    """What a KeyID slot does now (`Get-VMHostKeyId`)."""

    __ps_typenames__ = (_NS + "KeyIdState",)
    Platform = 0
    Bypass = 1
    Random = 2
    Direct = 3
    NoEncrypt = 4
    Unused = 5


def printable_text(data: bytes) -> str:
    """ASCII with every non-printable byte as `.`, as hex dumps show it."""
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data)


def byte_array(data: Iterable[int]) -> TypedArray:
    """`byte[]` as the shell knows it, so `$block.Bytes` prints as `{104, 101, ...}`, has
    `.Length`, and can be handed to `Write-VMGuestMemory -Bytes` or `Format-Hex` as is."""
    return TypedArray((Byte(b) for b in bytes(data)), resolve_type("byte"))


def _address(value: Any) -> UInt64:
    return UInt64(int(value))


@frozen
class VMHostHardware:
    """`Get-VMHostHardware`: the CPU's memory-encryption capabilities and the raw MSRs."""

    __ps_typenames__ = (_NS + "VMHostHardware",)

    computer_name: str
    profile: str
    processor: str
    max_physical_address_bits: int
    memory_capacity: int
    tme_supported: bool
    tme_enabled: bool
    tme_bypass: bool
    tme_algorithm: str
    mk_tme_supported: bool = field(metadata={"ps_name": "MkTmeSupported"})
    key_id_bits: int
    max_key_ids: int
    key_ids_in_use: int
    ia32_tme_capability: str = field(metadata={"ps_name": "Ia32TmeCapability"})
    ia32_tme_activate: str = field(metadata={"ps_name": "Ia32TmeActivate"})
    # Beyond design.md §7: what new VM keys get (Set-VMHostHardware -KeyAlgorithm) and what
    # the BIOS activated for KeyIDs 1 and up (982H[63:48]), so the choice is visible.
    key_algorithm: str
    available_key_algorithms: tuple[str, ...] = field(converter=tuple)


@frozen
class VMHostKeyId:
    """One KeyID slot of the key unit; never its key."""

    __ps_typenames__ = (_NS + "VMHostKeyId",)

    key_id: int
    state: KeyIdState
    algorithm: str
    vm_name: str = field(metadata={"ps_name": "VMName"})


@frozen
class MemoryBlock:
    """Bytes read from guest or host memory; `Source` says through which path."""

    __ps_typenames__ = (_NS + "MemoryBlock",)

    address: UInt64 = field(converter=_address)
    count: int
    source: str
    # byte[] is a mutable list; it takes no part in equality so the record stays hashable.
    bytes: TypedArray = field(converter=byte_array, eq=False)
    text: str

    @classmethod
    def of(cls, address: int, data: builtins.bytes, source: str) -> MemoryBlock:
        return cls(address, len(data), source, data, printable_text(data))

    @property
    def raw(self) -> builtins.bytes:
        return builtins.bytes(self.bytes)


@frozen
class VMMemoryMapping:
    """A run of SLAT leaves: guest range -> host range under one KeyID."""

    __ps_typenames__ = (_NS + "VMMemoryMapping",)

    vm_name: str = field(metadata={"ps_name": "VMName"})
    guest_address: int
    host_address: int
    size: int
    page_size: str
    key_id: int
    access: str


@frozen
class VMMemoryWalkStep:
    """One level of the four-level SLAT walk of a guest address."""

    __ps_typenames__ = (_NS + "VMMemoryWalkStep",)

    level: str
    table_address: int
    index: int
    entry: str
    present: bool
    access: str
    page_size: str
    host_address: int
    key_id: int


@frozen
class MemoryBusTransaction:
    """A line on the DIMM bus, as a passive interposer records it."""

    __ps_typenames__ = (_NS + "MemoryBusTransaction",)

    sequence: int
    time: _dt.datetime
    operation: BusOperation
    address: UInt64 = field(converter=_address)
    data: TypedArray = field(converter=byte_array, eq=False)
    text: str
    vm_name: str = field(metadata={"ps_name": "VMName"})
    # The line's integrity tag (integrity algorithms only): it crosses the bus with the data.
    integrity_tag: Optional[int]
    # The engine's own transaction, so Invoke-BusReplay can drive it back onto the bus.
    transaction: Any = field(repr=False, eq=False, metadata={"ps_hidden": True})


@frozen
class ColdBootFinding:
    """What a cold-boot attacker found of one VM that was running when the power went."""

    __ps_typenames__ = (_NS + "ColdBootFinding",)

    vm_name: str = field(metadata={"ps_name": "VMName"})
    memory_encrypted: bool
    key_id: int
    pattern_found: bool
    bytes_scanned: int


@frozen
class VMMemoryEncryptionTest:
    """`Test-VMMemoryEncryption`: is a canary the guest writes visible in DRAM?"""

    __ps_typenames__ = (_NS + "VMMemoryEncryptionTest",)

    vm_name: str = field(metadata={"ps_name": "VMName"})
    memory_encryption_enabled: bool
    key_id: int
    canary_visible_in_dram: bool = field(metadata={"ps_name": "CanaryVisibleInDram"})
    host_address: UInt64 = field(converter=_address)
