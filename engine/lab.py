"""Physical attacker models over the simulated DRAM (the memory lab's engine side).

* ``cold_boot_attack``: cut the power (keys die, DRAM remains, optional decay), then dump
  each victim VM's former frames and search them for patterns.
* ``BusTrace`` / ``Host.start_trace``: a DIMM interposer; ``Host.replay`` drives an old
  transaction back onto the bus (replay works: TME-MK has no freshness).
* ``dma_read``: a device reading host memory through a KeyID (0 unless told otherwise).
* ``hypervisor_alias_read``: the hypervisor maps a VM's frames with the VM's own KeyID and
  reads plaintext -- TME-MK does not protect a VM from its host.
* ``probe_encryption``: write a canary through the guest and look for it in DRAM.

All results are frozen values; nothing here formats text.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from attrs import frozen

from .host import Host
from .hypervisor import BOOT_SIGNATURE
from .partition import Partition

__all__ = [
    "ColdBootFinding",
    "EncryptionProbe",
    "cold_boot_attack",
    "dma_read",
    "hypervisor_alias_read",
    "read_behind_guest",
    "probe_encryption",
    "scan",
    "CANARY",
    "DEFAULT_PATTERNS",
]

#: What ``Test-VMMemoryEncryption`` writes into the guest and then looks for in DRAM.
CANARY = b"PYSHELL-CANARY:7d1f0c55e2a94b8c"
DEFAULT_PATTERNS: tuple[bytes, ...] = (BOOT_SIGNATURE,)


@frozen
class ColdBootFinding:
    vm_name: str
    vm_id: uuid.UUID
    memory_encrypted: bool
    key_id: int | None
    pattern_found: bool
    bytes_scanned: int
    matches: tuple[tuple[bytes, int], ...]  # (pattern, host physical address)


@frozen
class EncryptionProbe:
    vm_name: str
    memory_encryption_enabled: bool
    key_id: int | None
    canary_visible_in_dram: bool
    guest_address: int
    host_address: int


def scan(host: Host, extents: Sequence[tuple[int, int]], patterns: Sequence[bytes]) -> list[tuple[bytes, int]]:
    """Search raw DRAM in ``extents`` for each pattern.

    Only resident pages are read: every other line still holds the lazily-zeroed fill
    (zeros, or AES-XTS ciphertext of zeros), which cannot contain a non-zero pattern.
    Patterns spanning two pages are found when both pages are resident and adjacent.
    """
    found: list[tuple[bytes, int]] = []
    longest = max((len(p) for p in patterns), default=1)
    for start, length in extents:
        prev_addr, prev = -1, b""
        for address, page in host.dram.resident(start, length):
            carry = prev[-(longest - 1):] if prev and prev_addr + 4096 == address and longest > 1 else b""
            window = carry + page
            base = address - len(carry)
            for pattern in patterns:
                pos = window.find(pattern)
                while pos >= 0:
                    found.append((pattern, base + pos))
                    pos = window.find(pattern, pos + 1)
            prev_addr, prev = address, page
    return found


def cold_boot_attack(host: Host, patterns: Sequence[bytes] = DEFAULT_PATTERNS, decay_percent: float = 0.0) -> list[ColdBootFinding]:
    """Power loss, then a dump of every VM that was running, searched for ``patterns``."""
    report = host.power_loss(decay_percent)
    findings = []
    for v in report.victims:
        matches = scan(host, v.extents, patterns)
        findings.append(ColdBootFinding(v.vm_name, v.vm_id, v.encrypted, v.key_id, bool(matches),
                                        sum(length for _, length in v.extents), tuple(matches)))
    return findings


def dma_read(host: Host, address: int, count: int, key_id: int = 0) -> bytes:
    """A bus-master device reading host memory; the IOMMU tags it with ``key_id``."""
    return host.read_physical(address, count, key_id)


def read_behind_guest(host: Host, vm: Partition | uuid.UUID | str, guest_address: int, count: int,
                      key_id: int | None = None, *, own_key: bool = False) -> tuple[bytes, int]:
    """The host memory behind a guest range, which may span several frames, and the host
    address of its first byte. ``key_id=None`` reads the cells as stored; an integer reads
    through the controller with that KeyID; ``own_key`` with the KeyID the SLAT gives."""
    p = host._vm(vm)
    out = []
    first: int | None = None
    while count > 0:
        hpa, run = p.translate(guest_address)
        n = min(run, count)
        entry_key, address = host.cpu.layout.decode(hpa)
        first = address if first is None else first
        out.append(host.read_physical(address, n, entry_key if own_key else key_id))
        guest_address += n
        count -= n
    return b"".join(out), first or 0


def hypervisor_alias_read(host: Host, vm: Partition | uuid.UUID | str, guest_address: int, count: int) -> bytes:
    """The host maps the VM's frame with the VM's KeyID in its own tables and reads it."""
    return read_behind_guest(host, vm, guest_address, count, own_key=True)[0]


def probe_encryption(host: Host, vm: Partition | uuid.UUID | str, guest_address: int | None = None) -> EncryptionProbe:
    """Write ``CANARY`` through the guest, look for it in raw DRAM, then restore the bytes."""
    p = host._vm(vm)
    if guest_address is None:
        guest_address = p.memory.startup - 4096  # the last page: away from the boot image
    old = p.read(guest_address, len(CANARY))
    p.write(guest_address, CANARY)
    try:
        address, _ = host.guest_to_host(p, guest_address)
        visible = host.dram.dump(address, len(CANARY)) == CANARY
    finally:
        p.write(guest_address, old)
    return EncryptionProbe(p.name, p.memory_encryption_enabled, p.key_id, visible, guest_address, address)
