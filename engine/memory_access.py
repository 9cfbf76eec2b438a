"""Memory-lab access to the Host: guest and physical memory, SLAT views, the bus.

A mixin of ``Host`` (kept apart so the facade module stays readable). Guest accesses go
guest address -> SLAT -> memory controller -> DRAM; physical reads either dump DRAM as stored
or go through the controller with an explicit KeyID, as DMA or a hypervisor alias would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from .bus import BusTrace, BusTransaction
from .clock import Clock
from .dram import BusOp
from .errors import InvalidParameter, InvalidState
from .hypervisor import ROOT_RESERVE, Hypervisor
from .partition import Partition
from .records import PhysicalRegion
from .slat import SlatMapping, SlatWalk

__all__ = ["MemoryAccess"]


class MemoryAccess:
    """Methods ``Host`` inherits; they rely on the host's hypervisor, clock and lookups."""

    _hv: Hypervisor
    clock: Clock

    def _vm(self, vm: Partition | uuid.UUID | str) -> Partition:
        raise NotImplementedError

    def owner_of(self, address: int) -> Partition | None:
        raise NotImplementedError

    def _running(self) -> list[Partition]:
        raise NotImplementedError

    def _owner_label(self, address: int) -> tuple[uuid.UUID, str] | None:
        p = self.owner_of(address)
        return (p.id, p.name) if p is not None else None

    # -- memory access ------------------------------------------------------------------------------
    def read_guest(self, vm: Partition | uuid.UUID | str, address: int, count: int) -> bytes:
        """Guest physical memory as the guest sees it (SLAT -> controller -> DRAM)."""
        return self._vm(vm).read(address, count)

    def write_guest(self, vm: Partition | uuid.UUID | str, address: int, data: bytes) -> None:
        self._vm(vm).write(address, data)

    def guest_to_host(self, vm: Partition | uuid.UUID | str, address: int) -> tuple[int, int]:
        """``(host physical address without KeyID, KeyID)`` for a guest address."""
        hpa, _ = self._vm(vm).translate(address)
        key_id, pa = self._hv.cpu.layout.decode(hpa)
        return pa, key_id

    def read_physical(self, address: int, count: int, key_id: int | None = None) -> bytes:
        """Host physical memory: ``key_id=None`` dumps DRAM as stored (cold boot / module
        reader); an integer reads through the memory controller with that KeyID (DMA, or a
        hypervisor alias), decrypting with whatever key that KeyID has now."""
        if address < 0 or count < 0 or address + count > self._hv.dram.capacity:
            raise InvalidParameter("Address", address, f"The range 0x{address:x}+{count} is outside host memory "
                                   f"(0x{self._hv.dram.capacity:x} bytes).")
        if key_id is None:
            return self._hv.dram.dump(address, count)
        if not 0 <= key_id < (1 << self._hv.cpu.keyid_bits) or (key_id and not self._hv.cpu.mktme_enabled):
            raise InvalidParameter("KeyId", key_id, f"KeyID {key_id} does not exist on this host "
                                   f"({self._hv.cpu.keyid_bits} KeyID bits).")
        return self._hv.controller.read(self._hv.cpu.layout.compose(address, key_id), count)

    def write_physical(self, address: int, data: bytes, key_id: int | None = None) -> None:
        """Raw DRAM write (``None``) or a write through the controller with a KeyID."""
        if address < 0 or address + len(data) > self._hv.dram.capacity:
            raise InvalidParameter("Address", address, "The range is outside host memory.")
        if key_id is None:
            self._hv.dram.poke(address, data)
        else:
            self._hv.controller.write(self._hv.cpu.layout.compose(address, key_id), data)

    def physical_map(self) -> list[PhysicalRegion]:
        """Host physical memory in address order: root reserve, each VM's frames, free runs."""
        regions = [PhysicalRegion(0, ROOT_RESERVE, "Root")]
        regions += [PhysicalRegion(s, e - s, "Free") for s, e in self._hv.frames.free_ranges()]
        for p in self._running():
            rt = p.runtime
            assert rt is not None
            regions += [PhysicalRegion(s, n, "VirtualMachine", p.name, rt.key_id if rt.encrypted else None)
                        for s, n in rt.extents]
        return sorted(regions, key=lambda r: r.start)

    def memory_map(self, vm: Partition | uuid.UUID | str) -> list[SlatMapping]:
        p = self._vm(vm)
        if p.runtime is None:
            raise InvalidState(p.name, p.state, "GetMemoryMap")
        return p.runtime.slat.mappings()

    def walk(self, vm: Partition | uuid.UUID | str, address: int) -> SlatWalk:
        p = self._vm(vm)
        if p.runtime is None:
            raise InvalidState(p.name, p.state, "GetMemoryMap")
        return p.runtime.slat.walk(address)

    # -- the bus ------------------------------------------------------------------------------------
    def start_trace(self, vms: Iterable[Partition | uuid.UUID | str] | None = None) -> BusTrace:
        """Attach an interposer recording lines of these VMs' frames (all traffic if None)."""
        ids = None if vms is None else frozenset(self._vm(v).id for v in vms)
        trace = BusTrace(self._owner_label, self.clock.now, ids)
        self._hv.dram.observers.append(trace)
        return trace

    def stop_trace(self, trace: BusTrace) -> list[BusTransaction]:
        if trace in self._hv.dram.observers:
            self._hv.dram.observers.remove(trace)
        return list(trace.transactions)

    def add_bus_observer(self, observer: Callable[[BusOp, int, bytes, int | None], None]) -> None:
        self._hv.dram.observers.append(observer)

    def remove_bus_observer(self, observer: Callable[[BusOp, int, bytes, int | None], None]) -> None:
        self._hv.dram.observers.remove(observer)

    def replay(self, transaction: BusTransaction) -> None:
        """An active interposer drives old data (and its tag) back onto the line."""
        tags = [transaction.tag] if transaction.tag is not None else None
        self._hv.dram.poke(transaction.address, transaction.data, tags)

