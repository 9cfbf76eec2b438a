"""Partition (a VM): its configuration values, its state machine and guest memory access.

Configuration lives in frozen values (``VMConfig`` with ``MemorySettings``,
``ProcessorSettings``, ``VMFirmwareSettings``) that the host replaces with ``attrs.evolve``;
a checkpoint is simply a copy of that value. The state machine is the table of
hyperv-cmdlets.md §6 (``TRANSITIONS``). Guest memory access always goes guest address ->
SLAT -> memory controller -> DRAM.
"""

from __future__ import annotations

import datetime as _dt
import enum
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrs import define, field, frozen

from .errors import InvalidState, RequirementNotMet
from .slat import Access, Slat

if TYPE_CHECKING:  # the controller (numpy) loads only when a VM gets memory
    from .memory_controller import MemoryController

__all__ = [
    "VMState",
    "StartAction",
    "StopAction",
    "CriticalErrorAction",
    "CheckpointType",
    "MemoryEncryptionPolicy",
    "OnOffState",
    "ConsoleMode",
    "IPProtocolPreference",
    "Operation",
    "TRANSITIONS",
    "check_transition",
    "MemorySettings",
    "ProcessorSettings",
    "VMFirmwareSettings",
    "VMConfig",
    "SavedMemory",
    "Checkpoint",
    "Outcome",
    "Runtime",
    "Partition",
    "version_tuple",
]

MiB = 2**20
GiB = 2**30


class VMState(enum.Enum):
    """``Microsoft.HyperV.PowerShell.VMState`` (hyperv-cmdlets.md §5.1)."""

    Other = 1
    Running = 2
    Off = 3
    Stopping = 4
    Saved = 6
    Paused = 9
    Starting = 10
    Reset = 11
    Saving = 32773
    Pausing = 32776
    Resuming = 32777
    FastSaved = 32779
    FastSaving = 32780
    ForceShutdown = 32781
    ForceReboot = 32782
    Hibernated = 32783
    ComponentServicing = 32784
    RunningCritical = 32785
    OffCritical = 32786
    StoppingCritical = 32787
    SavedCritical = 32788
    PausedCritical = 32789
    StartingCritical = 32790
    ResetCritical = 32791
    SavingCritical = 32792
    PausingCritical = 32793
    ResumingCritical = 32794
    FastSavedCritical = 32795
    FastSavingCritical = 32796


class StartAction(enum.Enum):
    Nothing = 2
    StartIfRunning = 3
    Start = 4


class StopAction(enum.Enum):
    TurnOff = 2
    Save = 3
    ShutDown = 4


# "None" is the real member name; only the functional API accepts it as a member name.
CriticalErrorAction = enum.Enum("CriticalErrorAction", [("None", 0), ("Pause", 1)])


class CheckpointType(enum.Enum):
    Disabled = 2
    Production = 3
    ProductionOnly = 4
    Standard = 5


class MemoryEncryptionPolicy(enum.Enum):
    Disabled = 0
    EnabledIfSupported = 1
    AlwaysEnabled = 2


class OnOffState(enum.Enum):
    On = 0
    Off = 1


ConsoleMode = enum.Enum("ConsoleMode", [("Default", 0), ("COM1", 1), ("COM2", 2), ("None", 3)])


class IPProtocolPreference(enum.Enum):
    IPv4 = 0
    IPv6 = 1


class Operation(enum.Enum):
    """State-changing actions (hyperv-cmdlets.md §6)."""

    START = "Start"
    TURN_OFF = "TurnOff"
    SHUTDOWN = "ShutDown"
    FORCE_SHUTDOWN = "ForceShutdown"
    SAVE = "Save"
    RESET = "Reset"
    PAUSE = "Suspend"
    RESUME = "Resume"
    DELETE_SAVED_STATE = "DeleteSavedState"


S = VMState
#: operation -> (allowed current states, state reached). ShutDown passes through Stopping;
#: the guest's shutdown service completes it at once, so the settled state is Off.
TRANSITIONS: dict[Operation, tuple[frozenset[VMState], VMState]] = {
    Operation.START: (frozenset({S.Off, S.Saved, S.Paused, S.FastSaved, S.Hibernated}), S.Running),
    Operation.TURN_OFF: (frozenset({S.Running, S.Paused, S.Saved, S.FastSaved}), S.Off),
    Operation.SHUTDOWN: (frozenset({S.Running}), S.Off),
    Operation.FORCE_SHUTDOWN: (frozenset({S.Running}), S.Off),
    Operation.SAVE: (frozenset({S.Running, S.Paused}), S.Saved),
    Operation.RESET: (frozenset({S.Running}), S.Reset),
    Operation.PAUSE: (frozenset({S.Running}), S.Paused),
    Operation.RESUME: (frozenset({S.Paused}), S.Running),
    Operation.DELETE_SAVED_STATE: (frozenset({S.Saved, S.FastSaved}), S.Off),
}
del S


def check_transition(vm_name: str, state: VMState, operation: Operation) -> bool:
    """True to go ahead; False when already in the target state (the cmdlet warns);
    ``InvalidState`` when the current state does not allow the operation."""
    allowed, target = TRANSITIONS[operation]
    if state is target:
        return False
    if state not in allowed:
        raise InvalidState(vm_name, state, operation.value)
    return True


# mypy's attrs plugin accepts only named converters; the fields using this factory carry
# ``type: ignore[misc]`` for that reason alone.
def _enum(enum_type: Any) -> Callable[[Any], Any]:
    """Converter: accept the member, its name (any case) or its value, as the cmdlets'
    arguments arrive; anything else is a ``ValueError`` the host reports as InvalidParameter."""

    def convert(value: Any) -> Any:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, str):
            for member in enum_type:
                if member.name.casefold() == value.casefold():
                    return member
            raise ValueError(f"'{value}' is not a valid member of the '{enum_type.__name__}' enumeration.")
        return enum_type(value)

    return convert


def version_tuple(version: str) -> tuple[int, int]:
    major, _, minor = version.partition(".")
    return int(major), int(minor or 0)


@frozen
class MemorySettings:
    """``Get-VMMemory``'s settings. Sizes in bytes."""

    startup: int = 512 * MiB
    minimum: int = 512 * MiB
    maximum: int = 1024 * GiB
    dynamic_memory_enabled: bool = False
    buffer: int = 20
    priority: int = 50
    encryption_policy: MemoryEncryptionPolicy = field(default=MemoryEncryptionPolicy.Disabled, converter=_enum(MemoryEncryptionPolicy))  # type: ignore[misc]
    maximum_per_numa_node_mb: int = 65536
    huge_pages_enabled: bool = False
    resource_pool_name: str = "Primordial"


@frozen
class ProcessorSettings:
    count: int = 1
    reserve: int = 0
    maximum: int = 100
    relative_weight: int = 100
    compatibility_for_migration_enabled: bool = False
    compatibility_for_older_operating_systems_enabled: bool = False
    hw_thread_count_per_core: int = 0
    expose_virtualization_extensions: bool = False
    enable_host_resource_protection: bool = False
    maximum_count_per_numa_node: int = 0
    maximum_count_per_numa_socket: int = 0
    enable_perfmon_pmu: bool = False
    enable_perfmon_lbr: bool = False
    enable_perfmon_pebs: bool = False
    enable_perfmon_ipt: bool = False
    enable_legacy_apic_mode: bool = False
    allow_acount_mcount: bool = True
    resource_pool_name: str = "Primordial"


@frozen
class VMFirmwareSettings:
    """Generation 2 UEFI settings (``Get-VMFirmware``)."""

    secure_boot: OnOffState = field(default=OnOffState.On, converter=_enum(OnOffState))  # type: ignore[misc]
    secure_boot_template: str = "MicrosoftWindows"
    secure_boot_template_id: uuid.UUID | None = uuid.UUID("1734c6e8-3154-4dda-ba5f-a874cc483422")
    preferred_network_boot_protocol: IPProtocolPreference = field(default=IPProtocolPreference.IPv4, converter=_enum(IPProtocolPreference))  # type: ignore[misc]
    console_mode: ConsoleMode = field(default=ConsoleMode["Default"], converter=_enum(ConsoleMode))  # type: ignore[misc]
    pause_after_boot_failure: OnOffState = field(default=OnOffState.Off, converter=_enum(OnOffState))  # type: ignore[misc]


@frozen
class VMConfig:
    """Everything a checkpoint captures. Change it with ``attrs.evolve``."""

    name: str
    generation: int
    version: str
    path: str = ""
    notes: str = ""
    memory: MemorySettings = MemorySettings()
    processor: ProcessorSettings = ProcessorSettings()
    firmware: VMFirmwareSettings = VMFirmwareSettings()
    automatic_start_action: StartAction = field(default=StartAction.StartIfRunning, converter=_enum(StartAction))  # type: ignore[misc]
    automatic_start_delay: int = 0
    automatic_stop_action: StopAction = field(default=StopAction.Save, converter=_enum(StopAction))  # type: ignore[misc]
    automatic_critical_error_action: CriticalErrorAction = field(default=CriticalErrorAction["Pause"], converter=_enum(CriticalErrorAction))  # type: ignore[misc]
    automatic_critical_error_action_timeout: int = 30
    automatic_checkpoints_enabled: bool = True
    checkpoint_type: CheckpointType = field(default=CheckpointType.Production, converter=_enum(CheckpointType))  # type: ignore[misc]
    snapshot_file_location: str = ""
    smart_paging_file_path: str = ""
    lock_on_disconnect: OnOffState = field(default=OnOffState.Off, converter=_enum(OnOffState))  # type: ignore[misc]
    guest_controlled_cache_types: bool = False
    low_memory_mapped_io_space: int = 128 * MiB
    high_memory_mapped_io_space: int = 512 * MiB


@frozen
class SavedMemory:
    """Guest memory as the hypervisor reads it: non-zero 4 KiB pages by guest address.

    This is plaintext, as in a real .vmrs file: TME-MK protects DRAM, not saved state.
    """

    size: int
    pages: tuple[tuple[int, bytes], ...] = field(repr=lambda p: f"<{len(p)} pages>")


@define(eq=False)
class Checkpoint:
    """A VM snapshot (``VMSnapshot``)."""

    id: uuid.UUID
    vm_id: uuid.UUID
    name: str
    creation_time: _dt.datetime
    config: VMConfig
    state: VMState  # VM state when taken
    parent_id: uuid.UUID | None = None
    memory: SavedMemory | None = field(default=None, repr=False)
    is_automatic: bool = False  # taken by Start-VM; deleted again when the VM stops

    @property
    def vm_name(self) -> str:
        return self.config.name

    @property
    def snapshot_type(self) -> CheckpointType:
        return self.config.checkpoint_type


@frozen
class Outcome:
    """Result of a state-changing call; warnings are flags the cmdlet turns into text."""

    changed: bool = True
    already_in_state: bool = False
    resumed_from_pause: bool = False
    encryption_fallback: RequirementNotMet | None = None
    at_maximum_version: bool = False


@define(eq=False)
class Runtime:
    """What exists only while the VM has memory: SLAT, host frames, KeyID."""

    slat: Slat = field(repr=False)
    extents: tuple[tuple[int, int], ...]  # (host address, length) in guest-address order
    key_id: int  # 0 when not encrypted
    encrypted: bool


@define(eq=False)
class Partition:
    """A virtual machine. Read freely; change only through ``Host`` methods."""

    id: uuid.UUID
    creation_time: _dt.datetime
    config: VMConfig
    state: VMState = VMState.Off
    started_at: _dt.datetime | None = None
    saved_memory: SavedMemory | None = field(default=None, repr=False)
    checkpoints: list[Checkpoint] = field(factory=list, repr=False)
    parent_checkpoint_id: uuid.UUID | None = None
    was_running: bool = False
    runtime: Runtime | None = field(default=None, repr=False)
    _now: Callable[[], _dt.datetime] = field(default=_dt.datetime.now, repr=False, alias="now")
    _controller: MemoryController | None = field(default=None, repr=False, alias="controller")

    # -- convenient views ---------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.config.name

    @property
    def generation(self) -> int:
        return self.config.generation

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def memory(self) -> MemorySettings:
        return self.config.memory

    @property
    def processor(self) -> ProcessorSettings:
        return self.config.processor

    @property
    def firmware(self) -> VMFirmwareSettings:
        return self.config.firmware

    @property
    def notes(self) -> str:
        return self.config.notes

    @property
    def is_running(self) -> bool:
        """True while the VM has memory (Running or Paused)."""
        return self.runtime is not None

    @property
    def memory_encryption_enabled(self) -> bool:
        return self.runtime is not None and self.runtime.encrypted

    @property
    def key_id(self) -> int | None:
        """The TME-MK KeyID of the running VM, ``None`` when off or unencrypted."""
        return self.runtime.key_id if self.runtime is not None and self.runtime.encrypted else None

    @property
    def memory_assigned(self) -> int:
        return self.config.memory.startup if self.runtime is not None else 0

    @property
    def uptime(self) -> _dt.timedelta:
        if self.started_at is None or self.runtime is None:
            return _dt.timedelta(0)
        return self._now() - self.started_at

    @property
    def parent_checkpoint(self) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.id == self.parent_checkpoint_id), None)

    # -- guest memory --------------------------------------------------------------------------------
    def _require_memory(self, operation: str) -> tuple[Runtime, MemoryController]:
        if self.runtime is None or self._controller is None:
            raise InvalidState(self.name, self.state, operation)
        return self.runtime, self._controller

    def translate(self, gpa: int, access: Access = Access.READ) -> tuple[int, int]:
        """Host physical address (with KeyID) of ``gpa`` and bytes left in its page."""
        runtime, _ = self._require_memory("Translate")
        return runtime.slat.translate(gpa, access)

    def read(self, gpa: int, count: int) -> bytes:
        runtime, controller = self._require_memory("ReadGuestMemory")
        slat = runtime.slat
        if count <= 64 and (gpa & 0xFFF) + count <= 4096:
            hpa, _ = slat.translate(gpa, Access.READ)
            return controller.read(hpa, count)
        parts = []
        while count > 0:
            hpa, run = slat.translate(gpa, Access.READ)
            n = min(run, count)
            parts.append(controller.read(hpa, n))
            gpa += n
            count -= n
        return b"".join(parts)

    def write(self, gpa: int, data: bytes | bytearray | memoryview) -> None:
        runtime, controller = self._require_memory("WriteGuestMemory")
        slat = runtime.slat
        count = len(data)
        if count <= 64 and (gpa & 0xFFF) + count <= 4096:
            hpa, _ = slat.translate(gpa, Access.WRITE)
            controller.write(hpa, data)
            return
        view = memoryview(data).cast("B")
        done = 0
        while done < count:
            hpa, run = slat.translate(gpa + done, Access.WRITE)
            n = min(run, count - done)
            controller.write(hpa, view[done : done + n])
            done += n
