"""The Host facade: the one object the Hyper-V and memory-lab cmdlets call.

It owns the machine (CPU, key unit, DRAM, memory controller, frame allocator), the
partitions, the clock and entropy, and the optional durable store. Every state change is
checked against hyperv-cmdlets.md §6 and design.md §4 and persisted before it returns.
See ``engine/__init__.py`` for a guided tour of the API.
"""

from __future__ import annotations

import datetime as _dt
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from .clock import Clock, Entropy, SeededEntropy, SystemClock, SystemEntropy, VirtualClock
from .cpu import DEFAULT_PROFILE, Algorithm, Cpu, CpuProfile, HostFirmware, firmware_with, get_profile
from .dram import BusOp, Dram
from .errors import (
    HardwareBusy,
    InvalidOperation,
    InvalidParameter,
    InvalidState,
    KeysExhausted,
    NotFound,
    OutOfMemory,
    Requirement,
    RequirementNotMet,
)
from .frames import FrameAllocator, TablePool
from .keyunit import KeyProgram, KeyState, KeyUnit, PconfigCommand, PconfigStatus
from .memory_controller import MemoryController
from .partition import (
    Checkpoint,
    CheckpointType,
    MemoryEncryptionPolicy,
    MemorySettings,
    Operation,
    Outcome,
    Partition,
    ProcessorSettings,
    Runtime,
    SavedMemory,
    StartAction,
    StopAction,
    VMConfig,
    VMFirmwareSettings,
    VMState,
    _enum,
    check_transition,
    version_tuple,
)
from .slat import SlatMapping, SlatWalk, Slat

__all__ = [
    "Host",
    "HostSettings",
    "SupportedVersion",
    "HardwareInfo",
    "KeySlotInfo",
    "PowerLossVictim",
    "PowerLossReport",
    "BusTransaction",
    "BusTrace",
    "StopMode",
    "SUPPORTED_VERSIONS",
    "BOOT_SIGNATURE",
    "BOOT_IMAGE_ADDRESS",
    "ROOT_RESERVE",
]

MiB = 2**20
GiB = 2**30
#: Memory kept by the root partition (host OS, hypervisor, SLAT tables) at the bottom of DRAM.
ROOT_RESERVE = 2 * GiB
BOOT_IMAGE_ADDRESS = 0x1000
BOOT_SIGNATURE = b"PYSHELL GUEST BOOT IMAGE"
MAX_CHECKPOINTS = 50
_PCONFIG_RETRIES = 10  # as the Linux MKTME series did for DEVICE_BUSY / ENTROPY_ERROR

#: Windows 11 22H2 (hyperv-cmdlets.md §8.3); 11.0 is the default.
_VERSION_NAMES = (
    ("8.0", "Microsoft Windows 10 Anniversary Update/Server 2016"),
    ("8.1", "Microsoft Windows 10 Creators Update"),
    ("8.2", "Microsoft Windows 10 Fall Creators Update/Server 1709"),
    ("8.3", "Microsoft Windows 10 April 2018 Update/Server 1803"),
    ("9.0", "Microsoft Windows 10 October 2018 Update/Server 2019"),
    ("9.1", "Microsoft Windows 10 May 2019 Update/Server 1903"),
    ("9.2", "Microsoft Windows 10 May 2020 Update/Server 2004"),
    ("9.3", "Microsoft Windows 10 (Manganese)"),
    ("10.0", "Microsoft Windows Server 2022"),
    ("11.0", "Microsoft Windows 11 (22H2)"),
)


@frozen
class SupportedVersion:
    name: str
    version: str
    is_default: bool


SUPPORTED_VERSIONS = tuple(SupportedVersion(n, v, v == "11.0") for v, n in _VERSION_NAMES)


class StopMode:
    """How ``Host.stop`` stops a VM (``Stop-VM``, ``Stop-VM -TurnOff``, ``Stop-VM -Save``)."""

    SHUTDOWN = Operation.SHUTDOWN
    TURN_OFF = Operation.TURN_OFF
    SAVE = Operation.SAVE


@frozen
class HostSettings:
    """``Get-VMHost`` / ``Set-VMHost`` values."""

    name: str
    virtual_machine_path: str = "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V"
    virtual_hard_disk_path: str = "C:\\Users\\Public\\Documents\\Hyper-V\\Virtual Hard Disks"
    numa_spanning_enabled: bool = True
    enable_enhanced_session_mode: bool = True
    mac_address_minimum: str = "00155D327500"
    mac_address_maximum: str = "00155D3275FF"
    maximum_storage_migrations: int = 2
    maximum_virtual_machine_migrations: int = 2
    virtual_machine_migration_enabled: bool = False
    use_any_network_for_migration: bool = False
    virtual_machine_migration_authentication_type: str = "CredSSP"
    virtual_machine_migration_performance_option: str = "TCPIP"
    resource_metering_save_interval_hours: int = 1
    fibre_channel_wwnn: str = "C003FF0000FFFF00"
    fibre_channel_wwpn_minimum: str = "C003FF4C6C7C0000"
    fibre_channel_wwpn_maximum: str = "C003FF4C6C7CFFFF"


@frozen
class HardwareInfo:
    """The ``Get-VMHostHardware`` record (design.md §7); MSRs as integers."""

    computer_name: str
    profile: str
    processor: str
    max_physical_address_bits: int
    memory_capacity: int
    tme_supported: bool
    tme_enabled: bool
    tme_bypass: bool
    tme_algorithm: str
    mktme_supported: bool
    key_id_bits: int
    max_key_ids: int
    key_ids_in_use: int
    ia32_tme_capability: int
    ia32_tme_activate: int


@frozen
class KeySlotInfo:
    """One row of ``Get-VMHostKeyId``. Never carries key bytes."""

    key_id: int
    state: KeyState
    algorithm: Algorithm | None
    vm_name: str | None


@frozen
class PowerLossVictim:
    """A VM that had memory when the power went: where its frames were."""

    vm_name: str
    vm_id: uuid.UUID
    encrypted: bool
    key_id: int | None
    extents: tuple[tuple[int, int], ...]
    memory_size: int


@frozen
class PowerLossReport:
    time: _dt.datetime
    victims: tuple[PowerLossVictim, ...]


@frozen
class BusTransaction:
    """One line on the DIMM bus as an interposer records it."""

    sequence: int
    time: _dt.datetime
    operation: BusOp
    address: int
    data: bytes
    tag: int | None = None
    vm_name: str | None = None


class BusTrace:
    """A running capture; ``Host.stop_trace`` detaches it and returns the transactions."""

    def __init__(self, host: Host, vm_ids: frozenset[uuid.UUID] | None) -> None:
        self._host = host
        self._vm_ids = vm_ids
        self.transactions: list[BusTransaction] = []

    def __repr__(self) -> str:
        return f"BusTrace(transactions={len(self.transactions)})"

    def __call__(self, op: BusOp, address: int, data: bytes, tag: int | None) -> None:
        owner = self._host.owner_of(address)
        if self._vm_ids is not None and (owner is None or owner.id not in self._vm_ids):
            return
        self.transactions.append(
            BusTransaction(len(self.transactions) + 1, self._host.clock.now(), op, address, data, tag,
                           owner.name if owner else None)
        )


def _default_host_name() -> str:
    name = os.environ.get("COMPUTERNAME") or socket.gethostname().split(".")[0] or "localhost"
    return name.upper()


class Host:
    """A simulated Windows 11 22H2 Hyper-V host. Build with ``open`` or ``in_memory``."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        entropy: Entropy | None = None,
        profile: CpuProfile | str | None = None,
        firmware: HostFirmware | None = None,
        name: str | None = None,
        store: Any = None,
    ) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.entropy: Entropy = entropy if entropy is not None else SystemEntropy()
        prof = get_profile(profile) if isinstance(profile, str) else (profile or DEFAULT_PROFILE)
        self.settings = HostSettings(name=name or _default_host_name())
        self._partitions: dict[uuid.UUID, Partition] = {}
        self._key_owner: dict[int, uuid.UUID] = {}
        self._store = store
        self._power_on(prof, firmware or prof.default_firmware())

    # -- construction ----------------------------------------------------------------------------------
    @classmethod
    def in_memory(
        cls,
        *,
        clock: Clock | _dt.datetime | None = None,
        entropy: Entropy | int | None = None,
        profile: CpuProfile | str | None = None,
        name: str | None = None,
    ) -> Host:
        """A throw-away host: virtual clock (default 2022-11-23 09:00) and seeded entropy."""
        return cls(clock=_as_clock(clock, virtual=True), entropy=_as_entropy(entropy, seeded=True),
                   profile=profile, name=name)

    @classmethod
    def open(
        cls,
        directory: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | _dt.datetime | None = None,
        entropy: Entropy | int | None = None,
        profile: CpuProfile | str | None = None,
        name: str | None = None,
    ) -> Host:
        """Open (or create) the durable host in ``directory`` (default: ``default_directory()``).

        Takes the directory's lock (``HostLocked`` if another process has it), loads every VM,
        and applies automatic stop actions to VMs the last process left running, then
        automatic start actions. ``profile`` applies only when the directory is new.
        """
        from .store import Store

        store = Store.open(Path(directory) if directory is not None else default_directory())
        try:
            host: Host = store.load_host(cls, clock=_as_clock(clock, virtual=False),
                                   entropy=_as_entropy(entropy, seeded=False), profile=profile, name=name)
            return host
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        """Shut the host down as Windows does: automatic stop actions, then release the store."""
        if self._store is None:
            return
        for p in self.partitions():
            if p.runtime is not None:
                self._apply_stop_action(p)
                p.was_running = True
                self._persist(p)
        self._store.close()
        self._store = None

    def __enter__(self) -> Host:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Host({self.settings.name!r}, {self.cpu.profile.name}, vms={len(self._partitions)})"

    def __getstate__(self) -> Any:
        raise TypeError("a Host cannot be pickled")

    def _power_on(self, profile: CpuProfile, firmware: HostFirmware) -> None:
        self.profile = profile
        self.firmware = firmware
        self.cpu = Cpu(profile, firmware)
        self.keys = KeyUnit(self.cpu, self.entropy)
        # DRAM survives a reboot (remanence) unless the DIMMs themselves change size.
        dram: Dram | None = self.__dict__.get("dram")
        self.dram = dram if dram is not None and dram.capacity == firmware.memory_bytes else Dram(firmware.memory_bytes)
        self.controller = MemoryController(self.cpu, self.keys, self.dram)
        self.frames = FrameAllocator(ROOT_RESERVE, firmware.memory_bytes)
        self.tables = TablePool(GiB, ROOT_RESERVE)
        self._key_owner.clear()

    # -- host-level facts -----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def memory_capacity(self) -> int:
        return self.dram.capacity

    @property
    def memory_available(self) -> int:
        """Bytes a VM could still be given (capacity minus root reserve and running VMs)."""
        return self.frames.free_bytes

    @property
    def logical_processor_count(self) -> int:
        return self.profile.logical_processors

    def supported_versions(self) -> tuple[SupportedVersion, ...]:
        return SUPPORTED_VERSIONS

    @property
    def default_version(self) -> str:
        return next(v.version for v in SUPPORTED_VERSIONS if v.is_default)

    @property
    def maximum_version(self) -> str:
        return max((v.version for v in SUPPORTED_VERSIONS), key=version_tuple)

    def set_host(self, **changes: Any) -> HostSettings:
        """Change ``HostSettings`` fields by name (e.g. ``name=``, ``numa_spanning_enabled=``)."""
        try:
            self.settings = evolve(self.settings, **changes)
        except TypeError as exc:
            raise InvalidParameter("Set-VMHost", changes, str(exc)) from None
        self._persist_host()
        return self.settings

    def hardware(self) -> HardwareInfo:
        cpu, prof = self.cpu, self.profile
        return HardwareInfo(
            computer_name=self.name,
            profile=prof.name,
            processor=prof.model,
            max_physical_address_bits=prof.max_physical_address_bits,
            memory_capacity=self.memory_capacity,
            tme_supported=prof.tme_supported,
            tme_enabled=cpu.tme_enabled,
            tme_bypass=cpu.tme_bypass,
            tme_algorithm=cpu.tme_policy.display_name if cpu.tme_policy else "",
            mktme_supported=prof.mktme_supported,
            key_id_bits=cpu.keyid_bits,
            max_key_ids=cpu.usable_keyids,
            key_ids_in_use=len(self.keys.in_use()),
            ia32_tme_capability=cpu.capability_msr,
            ia32_tme_activate=cpu.activate_msr,
        )

    def set_hardware(
        self,
        *,
        profile: CpuProfile | str | None = None,
        memory_bytes: int | None = None,
        tme_enabled: bool | None = None,
        tme_bypass: bool | None = None,
        keyid_bits: int | None = None,
    ) -> HardwareInfo:
        """Change the processor or BIOS options: a host reboot, so every VM must be off."""
        busy = tuple(p.name for p in self.partitions() if p.runtime is not None)
        if busy:
            raise HardwareBusy(busy)
        prof = self.profile
        base = self.firmware
        if profile is not None:
            prof = get_profile(profile) if isinstance(profile, str) else profile
            base = prof.default_firmware()
            if memory_bytes is None and self.firmware.memory_bytes != self.profile.default_memory_bytes:
                memory_bytes = self.firmware.memory_bytes
        fw = firmware_with(prof, base, memory_bytes=memory_bytes, tme_enabled=tme_enabled,
                           tme_bypass=tme_bypass, keyid_bits=keyid_bits)
        self._power_on(prof, fw)
        self._persist_host()
        return self.hardware()

    def key_slots(self) -> list[KeySlotInfo]:
        out = [KeySlotInfo(0, self.keys.state(0), self.cpu.tme_policy, None)]
        for k in range(1, self.keys.total + 1):
            owner = self._partitions.get(self._key_owner[k]) if k in self._key_owner else None
            out.append(KeySlotInfo(k, self.keys.state(k), self.keys.algorithm(k), owner.name if owner else None))
        return out

    # -- finding partitions ----------------------------------------------------------------------------
    def partitions(self) -> list[Partition]:
        """Every VM, sorted by name (case-insensitive), as ``Get-VM`` lists them."""
        return sorted(self._partitions.values(), key=lambda p: (p.name.casefold(), p.creation_time))

    def get(self, vm_id: uuid.UUID) -> Partition:
        try:
            return self._partitions[vm_id]
        except KeyError:
            raise NotFound("VirtualMachine", vm_id) from None

    def find(self, name: str) -> list[Partition]:
        """Every VM with this exact name, case-insensitive (names may repeat)."""
        key = name.casefold()
        return [p for p in self._partitions.values() if p.name.casefold() == key]

    def get_by_name(self, name: str) -> Partition:
        """The one VM with this name; ``NotFound`` if none (the first if several)."""
        found = self.find(name)
        if not found:
            raise NotFound("VirtualMachine", name)
        return found[0]

    def _vm(self, vm: Partition | uuid.UUID | str) -> Partition:
        if isinstance(vm, Partition):
            if vm.id not in self._partitions:
                raise NotFound("VirtualMachine", vm.name)
            return vm
        if isinstance(vm, uuid.UUID):
            return self.get(vm)
        return self.get_by_name(vm)

    def owner_of(self, address: int) -> Partition | None:
        """The running VM whose frames hold host address ``address`` (KeyID bits removed)."""
        for p in self._partitions.values():
            if p.runtime is not None:
                for start, length in p.runtime.extents:
                    if start <= address < start + length:
                        return p
        return None

    # -- configuration ---------------------------------------------------------------------------------
    def new_vm(
        self,
        name: str = "New Virtual Machine",
        generation: int = 1,
        memory_startup_bytes: int | None = None,
        version: str | None = None,
        path: str | None = None,
    ) -> Partition:
        """``New-VM``: a VM in state Off with this host's defaults."""
        if generation not in (1, 2):
            raise InvalidParameter("Generation", generation,
                                   "The value specified in the 'Generation' parameter was out of the range of valid values.")
        version = self.default_version if version is None else _normalise_version(version)
        if version not in {v.version for v in SUPPORTED_VERSIONS}:
            raise InvalidParameter("Version", version,
                                   f"The configuration version {version} is not supported by this host.")
        if not name:
            raise InvalidParameter("Name", name, "The virtual machine name cannot be empty.")
        vm_id = self.entropy.uuid4()
        base = path if path is not None else self.settings.virtual_machine_path
        memory = MemorySettings(maximum_per_numa_node_mb=self.memory_capacity // MiB)
        config = VMConfig(name=name, generation=generation, version=version,
                          path=base.rstrip("\\/") + "\\" + name if path is not None else base,
                          memory=memory,
                          firmware=VMFirmwareSettings())
        if memory_startup_bytes is not None:
            config = evolve(config, memory=self._checked_memory(config, memory, startup=memory_startup_bytes))
        p = Partition(vm_id, self.clock.now(), config, now=self.clock.now)
        self._partitions[vm_id] = p
        self._persist(p)
        return p

    def _checked_memory(self, config: VMConfig, m: MemorySettings, **changes: Any) -> MemorySettings:
        for key in ("startup", "minimum", "maximum"):
            value = changes.get(key)
            if value is None:
                continue
            limit = GiB * 1024 if config.generation == 1 else GiB * 240 * 1024
            if value % (2 * MiB) or value < 32 * MiB or value > limit:
                param = {"startup": "StartupBytes", "minimum": "MinimumBytes", "maximum": "MaximumBytes"}[key]
                raise InvalidParameter(param, value, "Failed to modify device 'Memory'. The memory size must be "
                                       "a multiple of 2 MB between 32 MB and the generation's maximum.")
        if "buffer" in changes and changes["buffer"] is not None and not 5 <= changes["buffer"] <= 2000:
            raise InvalidParameter("Buffer", changes["buffer"],
                                   "The value specified in the 'Buffer' parameter was out of the range of valid values.")
        if "priority" in changes and changes["priority"] is not None and not 0 <= changes["priority"] <= 100:
            raise InvalidParameter("Priority", changes["priority"],
                                   "The value specified in the 'Priority' parameter was out of the range of valid values.")
        new = evolve(m, **{k: v for k, v in changes.items() if v is not None})
        dm_only = any(changes.get(k) is not None for k in ("minimum", "maximum", "buffer"))
        if dm_only and not new.dynamic_memory_enabled:
            raise InvalidParameter("DynamicMemoryEnabled", False,
                                   "Setting maximum, minimum, and buffer settings requires Dynamic Memory to be enabled.")
        if new.dynamic_memory_enabled and not new.minimum <= new.startup <= new.maximum:
            raise InvalidParameter("StartupBytes", new.startup, "The minimum memory must not exceed the startup "
                                   "memory, and the startup memory must not exceed the maximum memory.")
        return new

    def set_memory(
        self,
        vm: Partition | uuid.UUID | str,
        *,
        startup: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
        dynamic_memory_enabled: bool | None = None,
        buffer: int | None = None,
        priority: int | None = None,
        encryption_policy: MemoryEncryptionPolicy | str | None = None,
        maximum_per_numa_node_bytes: int | None = None,
    ) -> Partition:
        """``Set-VMMemory``. Encryption policy, dynamic memory on/off and startup size change
        only while the VM is off or saved (``InvalidState`` otherwise)."""
        p = self._vm(vm)
        m = p.memory
        if encryption_policy is not None:
            try:
                encryption_policy = _enum(MemoryEncryptionPolicy)(encryption_policy)
            except ValueError as exc:
                raise InvalidParameter("MemoryEncryptionPolicy", encryption_policy, str(exc)) from None
        live = p.runtime is not None
        if live and (
            (encryption_policy is not None and encryption_policy is not m.encryption_policy)
            or (dynamic_memory_enabled is not None and dynamic_memory_enabled != m.dynamic_memory_enabled)
            or (startup is not None and startup != m.startup)
        ):
            raise InvalidState(p.name, p.state, "Set-VMMemory")
        if maximum_per_numa_node_bytes is not None and maximum_per_numa_node_bytes % (2 * MiB):
            raise InvalidParameter("MaximumAmountPerNumaNodeBytes", maximum_per_numa_node_bytes,
                                   "The MaximumAmountPerNUMANodeBytes should be a multiple of 2 MB (2*1024*1024 "
                                   "bytes). Specify a valid value, such as 512 MB or 2 GB.")
        new = self._checked_memory(
            p.config, m, startup=startup, minimum=minimum, maximum=maximum,
            dynamic_memory_enabled=dynamic_memory_enabled, buffer=buffer, priority=priority,
            encryption_policy=encryption_policy,
            maximum_per_numa_node_mb=None if maximum_per_numa_node_bytes is None else maximum_per_numa_node_bytes // MiB,
        )
        if live and new.dynamic_memory_enabled and (new.minimum > m.minimum or new.maximum < m.maximum):
            raise InvalidState(p.name, p.state, "Set-VMMemory")  # only lower min / raise max while running
        p.config = evolve(p.config, memory=new)
        self._persist(p)
        return p

    def set_processor(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VMProcessor``: ``ProcessorSettings`` fields by name. Count changes need Off."""
        p = self._vm(vm)
        changes = {k: v for k, v in changes.items() if v is not None}
        count = changes.get("count")
        if count is not None:
            if not 1 <= count <= self.logical_processor_count:
                raise InvalidParameter("Count", count, "The virtual machine cannot have more virtual processors "
                                       f"than the host has logical processors ({self.logical_processor_count}), "
                                       "nor fewer than one.")
            if p.runtime is not None and count != p.processor.count:
                raise InvalidState(p.name, p.state, "Set-VMProcessor")
        for key, lo, hi in (("maximum", 0, 100), ("reserve", 0, 100), ("relative_weight", 1, 10000)):
            if key in changes and not lo <= changes[key] <= hi:
                param = "".join(w.capitalize() for w in key.split("_"))
                raise InvalidParameter(param, changes[key], f"The value specified in the '{param}' parameter was "
                                       "out of the range of valid values.")
        if p.runtime is not None and changes.get("expose_virtualization_extensions", p.processor.expose_virtualization_extensions) != p.processor.expose_virtualization_extensions:
            raise InvalidState(p.name, p.state, "Set-VMProcessor")
        p.config = evolve(p.config, processor=self._evolve(ProcessorSettings, p.processor, changes))
        self._persist(p)
        return p

    def set_firmware(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VMFirmware`` (Generation 2 only): ``VMFirmwareSettings`` fields by name."""
        p = self._vm(vm)
        if p.generation != 2:
            raise InvalidOperation(p.name, "Set-VMFirmware", f'The Generation 1 virtual machine or snapshot "{p.name}" '
                                   "does not support the VMFirmware cmdlets. Use Get-VMBios and Set-VMBios instead.")
        changes = {k: v for k, v in changes.items() if v is not None}
        p.config = evolve(p.config, firmware=self._evolve(VMFirmwareSettings, p.firmware, changes))
        self._persist(p)
        return p

    def set_vm(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VM``: ``VMConfig`` fields by name (``notes``, ``automatic_start_action``,
        ``checkpoint_type``, ...). Use ``rename``, ``set_memory`` and ``set_processor`` for
        those; ``processor_count`` and ``memory_startup_bytes`` are accepted as shortcuts."""
        p = self._vm(vm)
        changes = {k: v for k, v in changes.items() if v is not None}
        if "processor_count" in changes:
            self.set_processor(p, count=changes.pop("processor_count"))
        memory = {k: changes.pop(f"memory_{k}_bytes") for k in ("startup", "minimum", "maximum") if f"memory_{k}_bytes" in changes}
        if "dynamic_memory" in changes:
            memory["dynamic_memory_enabled"] = changes.pop("dynamic_memory")
        if memory:
            self.set_memory(p, **memory)
        if "name" in changes:
            self.rename(p, changes.pop("name"))
        p.config = self._evolve(VMConfig, p.config, changes)
        self._persist(p)
        return p

    @staticmethod
    def _evolve(cls: type, value: Any, changes: dict[str, Any]) -> Any:
        try:
            return evolve(value, **changes)
        except (TypeError, ValueError) as exc:
            bad = next(iter(changes), "?")
            text = str(exc) if isinstance(exc, ValueError) else f"{cls.__name__} has no setting {bad!r}."
            raise InvalidParameter(bad, changes.get(bad), text) from None

    def rename(self, vm: Partition | uuid.UUID | str, new_name: str) -> Partition:
        p = self._vm(vm)
        if not new_name:
            raise InvalidParameter("NewName", new_name, "The virtual machine name cannot be empty.")
        p.config = evolve(p.config, name=new_name)
        self._persist(p)
        return p

    def remove(self, vm: Partition | uuid.UUID | str) -> None:
        """``Remove-VM``: the VM must not be running or paused (saved state is discarded)."""
        p = self._vm(vm)
        if p.runtime is not None:
            raise InvalidState(p.name, p.state, "Remove")
        del self._partitions[p.id]
        if self._store is not None:
            self._store.delete_vm(p.id)

    # -- state changes ---------------------------------------------------------------------------------
    def start(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Start-VM``. A paused VM is resumed (``resumed_from_pause``); a saved one restored
        with a new key. Raises ``OutOfMemory``, ``RequirementNotMet``/``KeysExhausted``
        (AlwaysEnabled); EnabledIfSupported falls back (``encryption_fallback``)."""
        p = self._vm(vm)
        if not check_transition(p.name, p.state, Operation.START):
            return Outcome(changed=False, already_in_state=True)
        if p.state is VMState.Paused:
            p.state = VMState.Running
            self._persist(p)
            return Outcome(resumed_from_pause=True)
        fallback = self._power_up(p, p.saved_memory)
        p.saved_memory = None
        p.was_running = False
        self._persist(p)
        return Outcome(encryption_fallback=fallback)

    def _power_up(self, p: Partition, restore: SavedMemory | None) -> RequirementNotMet | None:
        size = p.memory.startup
        if size > self.frames.free_bytes:
            raise OutOfMemory(p.name, p.id, size, self.frames.free_bytes)
        key_id, fallback = self._choose_key(p)
        try:
            extents = tuple(self.frames.allocate(size))
        except MemoryError:
            self._release_key(key_id)
            raise OutOfMemory(p.name, p.id, size, self.frames.free_bytes) from None
        slat = Slat(self.cpu.layout, self.tables.allocate, self.tables.release)
        layout = self.cpu.layout
        gpa = 0
        for start, length in extents:
            slat.map(gpa, start, length, key_id)
            # AddPage: zero through the new KeyID before the guest sees the page (lazily).
            self.controller.zero(layout.compose(start, key_id), length)
            gpa += length
        p.runtime = Runtime(slat, extents, key_id, key_id != 0)
        p._controller = self.controller
        p.state = VMState.Running
        p.started_at = self.clock.now()
        if restore is not None:
            for address, page in restore.pages:
                if address < size:
                    p.write(address, page)
        else:
            p.write(BOOT_IMAGE_ADDRESS, boot_image(p.name))
        return fallback

    def encryption_requirements(self, vm: Partition | uuid.UUID | str) -> RequirementNotMet | None:
        """The first unmet encryption requirement for starting ``vm`` now, or ``None``."""
        p = self._vm(vm)
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
            assert key_id is not None
            alg = self.cpu.preferred_algorithm
            assert alg is not None
            status = PconfigStatus.DEVICE_BUSY
            for _ in range(_PCONFIG_RETRIES):
                status = self.keys.pconfig(KeyProgram.of(key_id, PconfigCommand.SET_KEY_RANDOM, alg))
                if status is PconfigStatus.PROG_SUCCESS:
                    self._key_owner[key_id] = p.id
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
            self._key_owner.pop(key_id, None)

    def _evict(self, p: Partition) -> None:
        """Teardown: drop SLAT, clear the key, free the KeyID and frames. DRAM keeps its
        contents (remanence) until the frames are zeroed for their next owner."""
        rt = p.runtime
        if rt is None:
            return
        rt.slat.destroy()
        self.tables.release(rt.slat.root.address)
        self._release_key(rt.key_id if rt.encrypted else 0)
        self.frames.release(rt.extents)
        p.runtime = None
        p._controller = None
        p.started_at = None

    def _read_all(self, p: Partition) -> SavedMemory:
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

    def stop(self, vm: Partition | uuid.UUID | str, mode: Operation = Operation.SHUTDOWN, *, force: bool = False) -> Outcome:
        """``Stop-VM``: ``Operation.SHUTDOWN`` (default; the guest shutdown service is always
        there), ``Operation.TURN_OFF`` or ``Operation.SAVE``."""
        p = self._vm(vm)
        if mode is Operation.SAVE:
            return self.save(p)
        op = Operation.FORCE_SHUTDOWN if (force and mode is Operation.SHUTDOWN) else mode
        if op not in (Operation.SHUTDOWN, Operation.TURN_OFF, Operation.FORCE_SHUTDOWN):
            raise ValueError(mode)
        if not check_transition(p.name, p.state, op):
            return Outcome(changed=False, already_in_state=True)
        self._evict(p)
        p.saved_memory = None
        p.state = VMState.Off
        self._drop_automatic_parent(p)
        self._persist(p)
        return Outcome()

    def turn_off(self, vm: Partition | uuid.UUID | str) -> Outcome:
        return self.stop(vm, Operation.TURN_OFF)

    def _drop_automatic_parent(self, p: Partition) -> None:
        parent = p.parent_checkpoint
        if parent is not None and parent.is_automatic:
            self.remove_checkpoint(p, parent)

    def save(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Save-VM``: Running/Paused -> Saved; memory goes to the saved state in plaintext."""
        p = self._vm(vm)
        if not check_transition(p.name, p.state, Operation.SAVE):
            return Outcome(changed=False, already_in_state=True)
        memory = self._read_all(p)
        self._evict(p)
        p.saved_memory = memory
        p.state = VMState.Saved
        self._persist(p)
        return Outcome()

    def pause(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Suspend-VM``: Running -> Paused (memory and key stay)."""
        return self._simple(vm, Operation.PAUSE, VMState.Paused)

    def resume(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Resume-VM``: Paused -> Running."""
        return self._simple(vm, Operation.RESUME, VMState.Running)

    def _simple(self, vm: Partition | uuid.UUID | str, op: Operation, target: VMState) -> Outcome:
        p = self._vm(vm)
        if not check_transition(p.name, p.state, op):
            return Outcome(changed=False, already_in_state=True)
        p.state = target
        self._persist(p)
        return Outcome()

    def restart(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Restart-VM`` (hard reset): Running only. The guest reboots from its boot image
        with fresh memory and a fresh key; uptime starts again."""
        p = self._vm(vm)
        check_transition(p.name, p.state, Operation.RESET)
        self._evict(p)
        p.state = VMState.Off
        try:
            fallback = self._power_up(p, None)
        finally:
            self._persist(p)
        return Outcome(encryption_fallback=fallback)

    def delete_saved_state(self, vm: Partition | uuid.UUID | str) -> Outcome:
        p = self._vm(vm)
        if not check_transition(p.name, p.state, Operation.DELETE_SAVED_STATE):
            return Outcome(changed=False, already_in_state=True)
        p.saved_memory = None
        p.state = VMState.Off
        self._persist(p)
        return Outcome()

    def update_version(self, vm: Partition | uuid.UUID | str) -> Outcome:
        """``Update-VMVersion``: Off/Saved only; saved state is discarded; one-way to 11.0."""
        p = self._vm(vm)
        if p.state not in (VMState.Off, VMState.Saved, VMState.FastSaved):
            raise InvalidState(p.name, p.state, "UpdateVersion")
        if version_tuple(p.version) >= version_tuple(self.maximum_version):
            return Outcome(changed=False, at_maximum_version=True)
        p.saved_memory = None
        p.state = VMState.Off
        for c in p.checkpoints:
            c.memory = None
        p.config = evolve(p.config, version=self.maximum_version)
        self._persist(p)
        return Outcome()

    # -- checkpoints -----------------------------------------------------------------------------------
    def checkpoint(self, vm: Partition | uuid.UUID | str, name: str | None = None, *, automatic: bool = False) -> Checkpoint:
        """``Checkpoint-VM``. Standard checkpoints of a running VM keep its memory;
        production checkpoints never do (applying one leaves the VM Off). ``automatic=True``
        is the checkpoint ``Start-VM`` takes; stopping the VM deletes it again."""
        p = self._vm(vm)
        if p.config.checkpoint_type is CheckpointType.Disabled:
            raise InvalidOperation(p.name, "Checkpoint", f"Taking a checkpoint of '{p.name}' failed. "
                                   "Checkpoints are disabled for this virtual machine.")
        if len(p.checkpoints) >= MAX_CHECKPOINTS:
            raise InvalidOperation(p.name, "Checkpoint", f"Taking a checkpoint of '{p.name}' failed. "
                                   f"A virtual machine can have at most {MAX_CHECKPOINTS} checkpoints.")
        now = self.clock.now()
        if name is None:
            stamp = f"{now.month}/{now.day}/{now.year} - {now.strftime('%I').lstrip('0')}:{now:%M:%S %p}"
            name = f"{'Automatic Checkpoint - ' if automatic else ''}{p.name} - ({stamp})"
        memory: SavedMemory | None = None
        if p.config.checkpoint_type is CheckpointType.Standard:
            memory = self._read_all(p) if p.runtime is not None else p.saved_memory
        state = VMState.Saved if memory is not None else VMState.Off
        c = Checkpoint(self.entropy.uuid4(), p.id, name, now, p.config, state, p.parent_checkpoint_id, memory,
                       automatic)
        p.checkpoints.append(c)
        p.parent_checkpoint_id = c.id
        self._persist(p)
        return c

    def list_checkpoints(self, vm: Partition | uuid.UUID | str) -> list[Checkpoint]:
        return list(self._vm(vm).checkpoints)

    def get_checkpoint(self, vm: Partition | uuid.UUID | str, name_or_id: str | uuid.UUID) -> Checkpoint:
        p = self._vm(vm)
        for c in p.checkpoints:
            if c.id == name_or_id or (isinstance(name_or_id, str) and c.name.casefold() == name_or_id.casefold()):
                return c
        raise NotFound("Checkpoint", name_or_id)

    def apply_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID) -> Partition:
        """``Restore-VMCheckpoint``: the VM must be Off or Saved; it comes back Off, or Saved
        when the checkpoint holds memory. The VM keeps its current name."""
        p = self._vm(vm)
        c = checkpoint if isinstance(checkpoint, Checkpoint) else self.get_checkpoint(p, checkpoint)
        if c not in p.checkpoints:
            raise NotFound("Checkpoint", c.name)
        if p.runtime is not None:
            raise InvalidState(p.name, p.state, "ApplyCheckpoint")
        p.config = evolve(c.config, name=p.name)
        p.saved_memory = c.memory
        p.state = VMState.Saved if c.memory is not None else VMState.Off
        p.parent_checkpoint_id = c.id
        self._persist(p)
        return p

    def remove_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID) -> None:
        p = self._vm(vm)
        c = checkpoint if isinstance(checkpoint, Checkpoint) else self.get_checkpoint(p, checkpoint)
        if c not in p.checkpoints:
            raise NotFound("Checkpoint", c.name)
        p.checkpoints.remove(c)
        for other in p.checkpoints:
            if other.parent_id == c.id:
                other.parent_id = c.parent_id
        if p.parent_checkpoint_id == c.id:
            p.parent_checkpoint_id = c.parent_id
        self._persist(p)

    def rename_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID, new_name: str) -> Checkpoint:
        p = self._vm(vm)
        c = checkpoint if isinstance(checkpoint, Checkpoint) else self.get_checkpoint(p, checkpoint)
        c.name = new_name
        self._persist(p)
        return c

    # -- power ---------------------------------------------------------------------------------------
    def power_loss(self, decay_percent: float = 0.0) -> PowerLossReport:
        """Cut the power: every VM with memory goes Off without saving, every key is lost
        (KeyID 0 gets a new platform key at the next boot), DRAM keeps what it held, minus
        ``decay_percent`` of its bits. No automatic start actions run afterwards."""
        victims = []
        for p in self.partitions():
            rt = p.runtime
            if rt is None:
                continue
            victims.append(PowerLossVictim(p.name, p.id, rt.encrypted, rt.key_id if rt.encrypted else None,
                                           rt.extents, p.memory.startup))
            p.runtime = None
            p._controller = None
            p.started_at = None
            p.state = VMState.Off
            p.was_running = False
        self.keys.reset()
        self.dram.decay(decay_percent / 100.0, self.entropy.noise())
        self.frames = FrameAllocator(ROOT_RESERVE, self.dram.capacity)
        self.tables = TablePool(GiB, ROOT_RESERVE)
        self._key_owner.clear()
        for p in self._partitions.values():
            self._persist(p)
        return PowerLossReport(self.clock.now(), tuple(victims))

    def reboot(self) -> None:
        """A clean host restart: automatic stop actions, reset, automatic start actions."""
        for p in self.partitions():
            if p.runtime is not None:
                self._apply_stop_action(p)
                p.was_running = True
        self._power_on(self.profile, self.firmware)
        self.apply_start_actions()

    def _apply_stop_action(self, p: Partition) -> None:
        action = p.config.automatic_stop_action
        if action is StopAction.Save:
            self.save(p)
        else:
            self.stop(p, Operation.TURN_OFF)

    def apply_start_actions(self) -> list[tuple[Partition, Exception | Outcome]]:
        """Run automatic start actions as at host boot; returns what happened per VM."""
        results: list[tuple[Partition, Exception | Outcome]] = []
        for p in self.partitions():
            action = p.config.automatic_start_action
            if action is StartAction.Start or (action is StartAction.StartIfRunning and p.was_running):
                try:
                    results.append((p, self.start(p)))
                except Exception as exc:  # one VM failing must not stop the others
                    results.append((p, exc))
            p.was_running = False
            self._persist(p)
        return results

    # -- memory access ------------------------------------------------------------------------------
    def read_guest(self, vm: Partition | uuid.UUID | str, address: int, count: int) -> bytes:
        """Guest physical memory as the guest sees it (SLAT -> controller -> DRAM)."""
        return self._vm(vm).read(address, count)

    def write_guest(self, vm: Partition | uuid.UUID | str, address: int, data: bytes) -> None:
        self._vm(vm).write(address, data)

    def guest_to_host(self, vm: Partition | uuid.UUID | str, address: int) -> tuple[int, int]:
        """``(host physical address without KeyID, KeyID)`` for a guest address."""
        hpa, _ = self._vm(vm).translate(address)
        key_id, pa = self.cpu.layout.decode(hpa)
        return pa, key_id

    def read_physical(self, address: int, count: int, key_id: int | None = None) -> bytes:
        """Host physical memory: ``key_id=None`` dumps DRAM as stored (cold boot / module
        reader); an integer reads through the memory controller with that KeyID (DMA, or a
        hypervisor alias), decrypting with whatever key that KeyID has now."""
        if address < 0 or count < 0 or address + count > self.memory_capacity:
            raise InvalidParameter("Address", address, f"The range 0x{address:x}+{count} is outside host memory "
                                   f"(0x{self.memory_capacity:x} bytes).")
        if key_id is None:
            return self.dram.dump(address, count)
        if not 0 <= key_id < (1 << self.cpu.keyid_bits) or (key_id and not self.cpu.mktme_enabled):
            raise InvalidParameter("KeyId", key_id, f"KeyID {key_id} does not exist on this host "
                                   f"({self.cpu.keyid_bits} KeyID bits).")
        return self.controller.read(self.cpu.layout.compose(address, key_id), count)

    def write_physical(self, address: int, data: bytes, key_id: int | None = None) -> None:
        """Raw DRAM write (``None``) or a write through the controller with a KeyID."""
        if address < 0 or address + len(data) > self.memory_capacity:
            raise InvalidParameter("Address", address, "The range is outside host memory.")
        if key_id is None:
            self.dram.poke(address, data)
        else:
            self.controller.write(self.cpu.layout.compose(address, key_id), data)

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
        trace = BusTrace(self, ids)
        self.dram.observers.append(trace)
        return trace

    def stop_trace(self, trace: BusTrace) -> list[BusTransaction]:
        if trace in self.dram.observers:
            self.dram.observers.remove(trace)
        return list(trace.transactions)

    def add_bus_observer(self, observer: Callable[[BusOp, int, bytes, int | None], None]) -> None:
        self.dram.observers.append(observer)

    def remove_bus_observer(self, observer: Callable[[BusOp, int, bytes, int | None], None]) -> None:
        self.dram.observers.remove(observer)

    def replay(self, transaction: BusTransaction) -> None:
        """An active interposer drives old data (and its tag) back onto the line."""
        tags = [transaction.tag] if transaction.tag is not None else None
        self.dram.poke(transaction.address, transaction.data, tags)

    # -- persistence ----------------------------------------------------------------------------------
    def _persist(self, p: Partition) -> None:
        if self._store is not None and p.id in self._partitions:
            self._store.save_vm(p)

    def _persist_host(self) -> None:
        if self._store is not None:
            self._store.save_host(self)

    def _adopt(self, p: Partition) -> None:
        """Store loading: register a VM read back from disk."""
        p._now = self.clock.now
        self._partitions[p.id] = p


def boot_image(vm_name: str) -> bytes:
    """The small deterministic guest image written at ``BOOT_IMAGE_ADDRESS`` on every boot."""
    text = (BOOT_SIGNATURE + b"\0" + f"Hello from the guest of {vm_name}. ".encode("utf-8", "replace")
            + b"This page was loaded by the simulated hypervisor at start.\0")
    pattern = bytes(range(256)) * 4
    return (text + pattern)[:4096].ljust(4096, b"\0")


def _normalise_version(version: str) -> str:
    major, minor = version_tuple(str(version))
    return f"{major}.{minor}"


def _as_clock(clock: Clock | _dt.datetime | None, virtual: bool) -> Clock:
    if isinstance(clock, _dt.datetime):
        return VirtualClock(clock)
    if clock is None:
        return VirtualClock() if virtual else SystemClock()
    return clock


def _as_entropy(entropy: Entropy | int | None, seeded: bool) -> Entropy:
    if isinstance(entropy, int):
        return SeededEntropy(entropy)
    if entropy is None:
        return SeededEntropy(0) if seeded else SystemEntropy()
    return entropy


def default_directory() -> Path:
    """``$PYSHELL_HOST_DIR``, else the per-user data directory (XDG / %LOCALAPPDATA%)."""
    env = os.environ.get("PYSHELL_HOST_DIR")
    if env:
        return Path(env)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "pyshell" / "host"
