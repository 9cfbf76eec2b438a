"""The Host facade: the one object the Hyper-V and memory-lab cmdlets call.

It holds the partitions, the clock and entropy, the optional durable store and a
``Hypervisor`` (the hardware and KeyID/frame machinery). Every state change is checked
against the state table of hyperv-cmdlets.md §6 here, carried out by the hypervisor
(design.md §4), and persisted before it returns. Configuration rules live in
``configuration.py``, checkpoint rules in ``checkpoints.py``, memory-lab access in
``memory_access.py``. See ``engine/__init__.py`` for a guided tour of the API.
"""

from __future__ import annotations

import datetime as _dt
import os
import uuid
from pathlib import Path
from typing import Any

from attrs import evolve

from .clock import Clock, Entropy, SystemClock, SystemEntropy, as_clock, as_entropy
from .cpu import DEFAULT_PROFILE, Algorithm, Cpu, CpuProfile, HostFirmware, firmware_with, get_profile
from .dram import Dram
from . import checkpoints, configuration
from .errors import HardwareBusy, InvalidParameter, InvalidState, NotFound, RequirementNotMet
from .frames import FrameAllocator, TablePool
from .hypervisor import BOOT_IMAGE_ADDRESS, BOOT_SIGNATURE, ROOT_RESERVE, Hypervisor
from .keyunit import KeyUnit
from .memory_access import MemoryAccess
from .memory_controller import MemoryController
from .partition import (
    Checkpoint,
    CheckpointType,
    MemoryEncryptionPolicy,
    Operation,
    Outcome,
    Partition,
    SavedMemory,
    StartAction,
    StopAction,
    VMConfig,
    VMState,
    check_transition,
    version_tuple,
)
from .records import (
    SUPPORTED_VERSIONS,
    HardwareInfo,
    HostSettings,
    KeySlotInfo,
    PowerLossReport,
    PowerLossVictim,
    SupportedVersion,
    default_host_name,
)

# The constants are re-exported: cmdlets import them from here.
__all__ = ["Host", "ROOT_RESERVE", "BOOT_SIGNATURE", "BOOT_IMAGE_ADDRESS"]


class Host(MemoryAccess):
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
        self.settings = HostSettings(name=name or default_host_name())
        self._partitions: dict[uuid.UUID, Partition] = {}
        self._store = store
        self._hv = Hypervisor(prof, firmware or prof.default_firmware(), self.entropy, self.clock.now)

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
        return cls(clock=as_clock(clock, virtual=True), entropy=as_entropy(entropy, seeded=True),
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
        from .store import Store, default_directory

        store = Store.open(Path(directory) if directory is not None else default_directory())
        try:
            host: Host = store.load_host(cls, clock=as_clock(clock, virtual=False),
                                         entropy=as_entropy(entropy, seeded=False), profile=profile, name=name)
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

    # -- the machine (read-only views; the memory lab and tests look inside) -------------------------
    @property
    def profile(self) -> CpuProfile:
        return self._hv.profile

    @property
    def firmware(self) -> HostFirmware:
        return self._hv.firmware

    @property
    def cpu(self) -> Cpu:
        return self._hv.cpu

    @property
    def keys(self) -> KeyUnit:
        return self._hv.keys

    @property
    def dram(self) -> Dram:
        return self._hv.dram

    @property
    def controller(self) -> MemoryController:
        return self._hv.controller

    @property
    def frames(self) -> FrameAllocator:
        return self._hv.frames

    @property
    def tables(self) -> TablePool:
        return self._hv.tables

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
        self.settings = configuration.evolve_checked(self.settings, changes)
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
            vm_key_algorithm=self.vm_key_algorithm.display_name if self.vm_key_algorithm else "",
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
        busy = sorted(p.name for p in self._running())
        if busy:
            raise HardwareBusy(tuple(busy))
        prof = self.profile
        base = self.firmware
        if profile is not None:
            prof = get_profile(profile) if isinstance(profile, str) else profile
            base = prof.default_firmware()
            if memory_bytes is None and self.firmware.memory_bytes != self.profile.default_memory_bytes:
                memory_bytes = self.firmware.memory_bytes
        fw = firmware_with(prof, base, memory_bytes=memory_bytes, tme_enabled=tme_enabled,
                           tme_bypass=tme_bypass, keyid_bits=keyid_bits)
        self._hv.power_on(prof, fw)
        self._persist_host()
        return self.hardware()

    @property
    def vm_key_algorithm(self) -> Algorithm | None:
        """What ``SET_KEY_RANDOM`` asks for when a VM starts (``None``: no TME-MK)."""
        return self._hv.vm_key_algorithm

    def set_vm_key_algorithm(self, algorithm: Algorithm | str | None) -> Algorithm | None:
        """Choose the algorithm for new VM keys among those the firmware activated, e.g.
        ``AES_XTS_128_INTEGRITY`` on Sapphire Rapids; ``None`` returns to the CPU's choice.
        Running VMs keep their keys; the choice holds until a firmware change drops it."""
        if isinstance(algorithm, str):
            def norm(text: str) -> str:
                return text.upper().replace(" WITH ", "_").replace("-", "_").replace(" ", "_")

            match = [a for a in Algorithm if norm(algorithm) in (a.name, norm(a.display_name))]
            if not match:
                raise InvalidParameter("Algorithm", algorithm, f"'{algorithm}' is not a TME-MK algorithm.")
            algorithm = match[0]
        if algorithm is not None and algorithm not in self.cpu.crypto_algs:
            raise InvalidParameter("Algorithm", algorithm.display_name, f"{algorithm.display_name} is not "
                                   "activated for TME-MK KeyIDs on this host.")
        self._hv.chosen_algorithm = algorithm
        self._persist_host()
        return self.vm_key_algorithm

    def key_slots(self) -> list[KeySlotInfo]:
        """One row per KeyID: state, algorithm and owning VM. Never key bytes."""
        return self._hv.key_slots(self._partitions)

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

    def _running(self) -> list[Partition]:
        return [p for p in self._partitions.values() if p.runtime is not None]

    def owner_of(self, address: int) -> Partition | None:
        """The running VM whose frames hold host address ``address`` (KeyID bits removed)."""
        return Hypervisor.owner_of(self._partitions.values(), address)

    # -- configuration ---------------------------------------------------------------------------------
    def new_vm(
        self,
        name: str = "New Virtual Machine",
        generation: int = 1,
        memory_startup_bytes: int | None = None,
        version: str | None = None,
        path: str | None = None,
    ) -> Partition:
        """``New-VM``: a VM in state Off with this host's defaults (512 MB, version 11.0)."""
        base = path if path is not None else self.settings.virtual_machine_path
        config = configuration.new_config(name, generation, version, self.default_version,
                                          configuration.default_path(base, name, path is not None),
                                          self.memory_capacity)
        if memory_startup_bytes is not None:
            config = evolve(config, memory=configuration.checked_memory(config, config.memory,
                                                                        startup=memory_startup_bytes))
        p = Partition(self.entropy.uuid4(), self.clock.now(), config, now=self.clock.now)
        self._partitions[p.id] = p
        self._persist(p)
        return p

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
        new = configuration.memory_change(
            p, startup=startup, minimum=minimum, maximum=maximum, dynamic_memory_enabled=dynamic_memory_enabled,
            buffer=buffer, priority=priority, encryption_policy=encryption_policy,
            maximum_per_numa_node_bytes=maximum_per_numa_node_bytes)
        return self._reconfigure(p, evolve(p.config, memory=new))

    def set_processor(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VMProcessor``: ``ProcessorSettings`` fields by name. Count changes need Off."""
        p = self._vm(vm)
        new = configuration.processor_change(p, self.logical_processor_count, _given(changes))
        return self._reconfigure(p, evolve(p.config, processor=new))

    def set_firmware(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VMFirmware`` (Generation 2 only): ``VMFirmwareSettings`` fields by name."""
        p = self._vm(vm)
        return self._reconfigure(p, evolve(p.config, firmware=configuration.firmware_change(p, _given(changes))))

    def set_vm(self, vm: Partition | uuid.UUID | str, **changes: Any) -> Partition:
        """``Set-VM``: ``VMConfig`` fields by name (``notes``, ``automatic_start_action``,
        ``checkpoint_type``, ``name``...); ``processor_count``, ``memory_startup_bytes``,
        ``memory_minimum_bytes``, ``memory_maximum_bytes`` and ``dynamic_memory`` are
        shortcuts to ``set_processor`` / ``set_memory``."""
        p = self._vm(vm)
        changes = _given(changes)
        if "processor_count" in changes:
            self.set_processor(p, count=changes.pop("processor_count"))
        memory = {k: changes.pop(f"memory_{k}_bytes") for k in ("startup", "minimum", "maximum")
                  if f"memory_{k}_bytes" in changes}
        if "dynamic_memory" in changes:
            memory["dynamic_memory_enabled"] = changes.pop("dynamic_memory")
        if memory:
            self.set_memory(p, **memory)
        return self._reconfigure(p, configuration.config_change(p, changes))

    def rename(self, vm: Partition | uuid.UUID | str, new_name: str) -> Partition:
        p = self._vm(vm)
        return self._reconfigure(p, configuration.config_change(p, {"name": new_name}))

    def _reconfigure(self, p: Partition, config: VMConfig) -> Partition:
        p.config = config
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
        fallback = self._hv.power_up(p, p.saved_memory)
        p.saved_memory = None
        p.was_running = False
        self._persist(p)
        return Outcome(encryption_fallback=fallback)

    def encryption_requirements(self, vm: Partition | uuid.UUID | str) -> RequirementNotMet | None:
        """The first unmet encryption requirement for starting ``vm`` now, or ``None``."""
        return self._hv.encryption_requirements(self._vm(vm))

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
        self._hv.evict(p)
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
        memory = self._hv.read_all(p)
        self._hv.evict(p)
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
        self._hv.evict(p)
        p.state = VMState.Off
        try:
            fallback = self._hv.power_up(p, None)
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
        checkpoints.check_can_take(p)
        now = self.clock.now()
        memory: SavedMemory | None = None
        if p.config.checkpoint_type is CheckpointType.Standard:
            memory = self._hv.read_all(p) if p.runtime is not None else p.saved_memory
        c = checkpoints.take(p, self.entropy.uuid4(), name or checkpoints.default_name(p.name, now, automatic),
                             now, memory, automatic)
        self._persist(p)
        return c

    def list_checkpoints(self, vm: Partition | uuid.UUID | str) -> list[Checkpoint]:
        return list(self._vm(vm).checkpoints)

    def get_checkpoint(self, vm: Partition | uuid.UUID | str, name_or_id: str | uuid.UUID) -> Checkpoint:
        """By id or name (case-insensitive); ``NotFound("Checkpoint", ...)`` otherwise."""
        return checkpoints.find(self._vm(vm), name_or_id)

    def apply_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID) -> Partition:
        """``Restore-VMCheckpoint``: the VM must be Off or Saved; it comes back Off, or Saved
        when the checkpoint holds memory. The VM keeps its current name."""
        p = self._vm(vm)
        checkpoints.restore(p, checkpoints.find(p, checkpoint))
        self._persist(p)
        return p

    def remove_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID) -> None:
        p = self._vm(vm)
        checkpoints.delete(p, checkpoints.find(p, checkpoint))
        self._persist(p)

    def rename_checkpoint(self, vm: Partition | uuid.UUID | str, checkpoint: Checkpoint | str | uuid.UUID, new_name: str) -> Checkpoint:
        p = self._vm(vm)
        c = checkpoints.find(p, checkpoint)
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
            Hypervisor.forget(p)
            p.state = VMState.Off
            p.was_running = False
        self.dram.decay(decay_percent / 100.0, self.entropy.noise())
        self._hv.power_on(self.profile, self.firmware)
        for p in self._partitions.values():
            self._persist(p)
        return PowerLossReport(self.clock.now(), tuple(victims))

    def reboot(self) -> None:
        """A clean host restart: automatic stop actions, reset, automatic start actions."""
        for p in self.partitions():
            if p.runtime is not None:
                self._apply_stop_action(p)
                p.was_running = True
        self._hv.power_on(self.profile, self.firmware)
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


def _given(changes: dict[str, Any]) -> dict[str, Any]:
    """Keyword changes without the ``None``s (a cmdlet passes every parameter it has)."""
    return {k: v for k, v in changes.items() if v is not None}
