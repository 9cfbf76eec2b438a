"""The hypervisor's memory and key machinery under the Host facade.

``Hypervisor`` owns the hardware (CPU, key unit, DRAM, memory controller, frame and table
allocators) and does what design.md §4 asks at start and stop: check the encryption
requirements, take a free KeyID and program a random key (AddPage), back the guest with
2 MiB frames mapped by SLAT with the KeyID, zero through the KeyID lazily, load the boot
image; and on the way down drop SLAT, clear the key and free KeyID and frames (EvictPage).
It knows no state rules; ``Host`` checks those first.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable, Iterable

from .clock import Entropy
from .cpu import Algorithm, Cpu, CpuProfile, HostFirmware
from .dram import Dram
from .errors import KeysExhausted, OutOfMemory, Requirement, RequirementNotMet
from .frames import FrameAllocator, TablePool
from .keyunit import KeyProgram, KeyUnit, PconfigCommand, PconfigStatus
from .memory_controller import MemoryController
from .partition import MemoryEncryptionPolicy, Partition, Runtime, SavedMemory, VMState, version_tuple
from .records import KeySlotInfo
from .slat import Slat

__all__ = ["Hypervisor", "boot_image", "BOOT_SIGNATURE", "BOOT_IMAGE_ADDRESS", "ROOT_RESERVE"]

GiB = 2**30
#: Memory kept by the root partition (host OS, hypervisor, SLAT tables) at the bottom of DRAM.
ROOT_RESERVE = 2 * GiB
BOOT_IMAGE_ADDRESS = 0x1000
BOOT_SIGNATURE = b"PYSHELL GUEST BOOT IMAGE"
_PCONFIG_RETRIES = 10  # as the Linux MKTME series did for DEVICE_BUSY / ENTROPY_ERROR


def boot_image(vm_name: str) -> bytes:
    """The small deterministic guest image written at ``BOOT_IMAGE_ADDRESS`` on every boot."""
    text = (BOOT_SIGNATURE + b"\0" + f"Hello from the guest of {vm_name}. ".encode("utf-8", "replace")
            + b"This page was loaded by the simulated hypervisor at start.\0")
    pattern = bytes(range(256)) * 4
    return (text + pattern)[:4096].ljust(4096, b"\0")


class Hypervisor:
    """Hardware plus KeyID ownership. Rebuilt (``power_on``) at every firmware change/boot."""

    def __init__(self, profile: CpuProfile, firmware: HostFirmware, entropy: Entropy, now: Callable[[], _dt.datetime]) -> None:
        self._entropy = entropy
        self._now = now
        self.dram = Dram(firmware.memory_bytes)
        self.key_owner: dict[int, uuid.UUID] = {}
        self.chosen_algorithm: Algorithm | None = None  # None: the CPU's preferred one
        self.power_on(profile, firmware)

    def __repr__(self) -> str:
        return f"Hypervisor({self.profile.name}, keyids_in_use={len(self.key_owner)})"

    def power_on(self, profile: CpuProfile, firmware: HostFirmware) -> None:
        """Reset the package: new CPU state, every key discarded, allocators empty. DRAM
        keeps its contents (remanence) unless the DIMMs themselves change size."""
        self.profile = profile
        self.firmware = firmware
        self.cpu = Cpu(profile, firmware)
        self.keys = KeyUnit(self.cpu, self._entropy)
        if self.dram.capacity != firmware.memory_bytes:
            self.dram = Dram(firmware.memory_bytes)
        self.controller = MemoryController(self.cpu, self.keys, self.dram)
        self.frames = FrameAllocator(ROOT_RESERVE, firmware.memory_bytes)
        self.tables = TablePool(GiB, ROOT_RESERVE)
        self.key_owner.clear()
        if self.chosen_algorithm not in self.cpu.crypto_algs:
            self.chosen_algorithm = None  # the new firmware no longer activates it

    @property
    def vm_key_algorithm(self) -> Algorithm | None:
        """The algorithm new VM keys get: the chosen one, else the CPU's preferred one."""
        return self.chosen_algorithm or self.cpu.preferred_algorithm

    # -- KeyIDs ---------------------------------------------------------------------------------------
    def key_slots(self, partitions: dict[uuid.UUID, Partition]) -> list[KeySlotInfo]:
        keys = self.keys
        out = [KeySlotInfo(0, keys.state(0), self.cpu.tme_policy, None)]
        for k in range(1, keys.total + 1):
            owner = partitions.get(self.key_owner[k]) if k in self.key_owner else None
            out.append(KeySlotInfo(k, keys.state(k), keys.algorithm(k), owner.name if owner else None))
        return out

    def encryption_requirements(self, p: Partition) -> RequirementNotMet | None:
        """The first unmet encryption requirement for starting ``p`` now, or ``None``."""
        if p.generation != 2:
            return RequirementNotMet(p.name, p.id, Requirement.GENERATION,
                                     f"'{p.name}' cannot use memory encryption: it is a Generation {p.generation} "
                                     "virtual machine; memory encryption requires Generation 2.")
        if version_tuple(p.version) < (10, 0):
            return RequirementNotMet(p.name, p.id, Requirement.CONFIGURATION_VERSION,
                                     f"'{p.name}' cannot use memory encryption: its configuration version is "
                                     f"{p.version}; memory encryption requires version 10.0 or later.")
        if not self.cpu.mktme_enabled:
            why = ("does not support TME-MK" if not self.profile.mktme_supported
                   else "has TME-MK disabled in the firmware")
            return RequirementNotMet(p.name, p.id, Requirement.PROCESSOR,
                                     f"'{p.name}' cannot use memory encryption: the host processor "
                                     f"({self.profile.model}) {why}.")
        if self.keys.free_key_id() is None:
            return KeysExhausted(p.name, p.id, len(self.keys.in_use()), self.keys.total)
        return None

    def _choose_key(self, p: Partition) -> tuple[int, RequirementNotMet | None]:
        policy = p.memory.encryption_policy
        if policy is MemoryEncryptionPolicy.Disabled:
            return 0, None
        failure = self.encryption_requirements(p)
        if failure is None:
            key_id = self.keys.free_key_id()
            alg = self.vm_key_algorithm
            assert key_id is not None and alg is not None
            status = PconfigStatus.DEVICE_BUSY
            for _ in range(_PCONFIG_RETRIES):
                status = self.keys.pconfig(KeyProgram.of(key_id, PconfigCommand.SET_KEY_RANDOM, alg))
                if status is PconfigStatus.PROG_SUCCESS:
                    self.key_owner[key_id] = p.id
                    return key_id, None
            failure = RequirementNotMet(p.name, p.id, Requirement.PROCESSOR,
                                        f"'{p.name}' cannot use memory encryption: PCONFIG failed with "
                                        f"{status.name}.")
        if policy is MemoryEncryptionPolicy.AlwaysEnabled:
            raise failure
        return 0, failure

    def _release_key(self, key_id: int) -> None:
        if key_id:
            alg = self.keys.algorithm(key_id) or self.cpu.preferred_algorithm
            assert alg is not None
            for _ in range(_PCONFIG_RETRIES):
                if self.keys.pconfig(KeyProgram.of(key_id, PconfigCommand.CLEAR_KEY, alg)) is PconfigStatus.PROG_SUCCESS:
                    break
            self.key_owner.pop(key_id, None)

    # -- giving memory and taking it back -------------------------------------------------------------
    def power_up(self, p: Partition, restore: SavedMemory | None) -> RequirementNotMet | None:
        """Give ``p`` memory (and a key per its policy), then its boot image or ``restore``d
        pages. Raises ``OutOfMemory`` / ``RequirementNotMet`` with nothing changed."""
        size = p.memory.startup
        if size > self.frames.free_bytes:
            raise OutOfMemory(p.name, p.id, size, self.frames.free_bytes)
        key_id, fallback = self._choose_key(p)
        try:
            extents = tuple(self.frames.allocate(size))
        except MemoryError:
            self._release_key(key_id)
            raise OutOfMemory(p.name, p.id, size, self.frames.free_bytes) from None
        layout = self.cpu.layout
        slat = Slat(layout, self.tables.allocate, self.tables.release)
        gpa = 0
        for start, length in extents:
            slat.map(gpa, start, length, key_id)
            # AddPage: zero through the new KeyID before the guest sees the page (lazily).
            self.controller.zero(layout.compose(start, key_id), length)
            gpa += length
        p.runtime = Runtime(slat, extents, key_id, key_id != 0)
        p._controller = self.controller
        p.state = VMState.Running
        p.started_at = self._now()
        if restore is not None:
            for address, page in restore.pages:
                if address < size:
                    p.write(address, page)
        else:
            p.write(BOOT_IMAGE_ADDRESS, boot_image(p.name))
        return fallback

    def evict(self, p: Partition) -> None:
        """Teardown: drop SLAT, clear the key, free the KeyID and frames. DRAM keeps its
        contents (remanence) until the frames are zeroed for their next owner."""
        rt = p.runtime
        if rt is None:
            return
        rt.slat.destroy()
        self.tables.release(rt.slat.root.address)
        self._release_key(rt.key_id if rt.encrypted else 0)
        self.frames.release(rt.extents)
        self.forget(p)

    @staticmethod
    def forget(p: Partition) -> None:
        """Drop the runtime without touching hardware (the power is already gone)."""
        p.runtime = None
        p._controller = None
        p.started_at = None

    def read_all(self, p: Partition) -> SavedMemory:
        """Guest memory as the hypervisor reads it (through the VM's KeyID), sparse."""
        rt = p.runtime
        assert rt is not None
        layout = self.cpu.layout
        pages: list[tuple[int, bytes]] = []
        gpa = 0
        for start, length in rt.extents:
            for address, _raw in self.dram.resident(start, length):
                page = self.controller.read(layout.compose(address, rt.key_id), 4096)
                if any(page):
                    pages.append((gpa + address - start, page))
            gpa += length
        return SavedMemory(gpa, tuple(sorted(pages)))

    @staticmethod
    def owner_of(partitions: Iterable[Partition], address: int) -> Partition | None:
        """The running VM whose frames hold host address ``address`` (KeyID bits removed)."""
        for p in partitions:
            if p.runtime is not None:
                for start, length in p.runtime.extents:
                    if start <= address < start + length:
                        return p
        return None
