"""The Hyper-V module's enum types, with the .NET names scripts use (hyperv-cmdlets.md §5).

The engine has its own enums (it knows nothing of PowerShell type names); these mirror them
member for member, and `to_ps`/`to_engine` translate by member name so the two can evolve
apart. Member order is declaration order: `[enum]::GetNames(...)` prints it.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

from engine import partition as ep

__all__ = [
    "VMState", "VMOperationalStatus", "VMHeartbeatStatus", "StartAction", "StopAction",
    "CriticalErrorAction", "CheckpointType", "SnapshotType", "MemoryEncryptionPolicy",
    "OnOffState", "ConsoleModeType", "IPProtocolPreference", "BootDevice",
    "VirtualMachineType", "VirtualMachineSubType", "VMReplicationState", "VMReplicationMode",
    "VMReplicationHealthState", "EnhancedSessionTransportType", "GuestIsolationType",
    "RestartType", "WaitVMTypes", "ENUM_TYPES", "to_ps", "to_engine",
]

_NS = "Microsoft.HyperV.PowerShell."
E = TypeVar("E", bound=enum.Enum)


def _mirror(engine_enum: type[enum.Enum], name: str = "") -> Any:
    """Our copy of an engine enum: same members, same order, plus the .NET type name.

    A copy rather than the engine class itself, because the engine knows nothing of
    PowerShell type names (style.md §2)."""
    name = name or engine_enum.__name__
    mirror = enum.Enum(name, [(m.name, m.value) for m in engine_enum],  # type: ignore[misc]
                       module=__name__)
    setattr(mirror, "__ps_typenames__", (_NS + name,))
    return mirror



VMState = _mirror(ep.VMState)


class VMOperationalStatus(enum.Enum):
    __ps_typenames__ = (_NS + "VMOperationalStatus",)

    Ok = 2
    Degraded = 3
    PredictiveFailure = 5
    InService = 11
    Dormant = 15
    SupportingEntityInError = 16
    CreatingSnapshot = 32768
    ApplyingSnapshot = 23769  # sic: the real enum has this value
    DeletingSnapshot = 32770
    WaitingToStart = 32771
    MergingDisks = 32772
    ExportingVirtualMachine = 32773
    MigratingVirtualMachine = 32774


class VMHeartbeatStatus(enum.Enum):
    __ps_typenames__ = (_NS + "VMHeartbeatStatus",)

    Unknown = 0
    Disabled = 1
    NoContact = 2
    Error = 3
    LostCommunication = 4
    OkApplicationsUnknown = 5
    OkApplicationsHealthy = 6
    OkApplicationsCritical = 7
    Paused = 8


StartAction = _mirror(ep.StartAction)
StopAction = _mirror(ep.StopAction)
CriticalErrorAction = _mirror(ep.CriticalErrorAction)
CheckpointType = _mirror(ep.CheckpointType)


class SnapshotType(enum.Enum):
    __ps_typenames__ = (_NS + "SnapshotType",)

    Standard = 0
    Recovery = 1
    Planned = 2
    Missing = 5
    Replica = 6
    AppConsistentReplica = 7
    SyncedReplica = 8


# [enum]::GetNames order matters to scripts: Disabled, EnabledIfSupported, AlwaysEnabled.
MemoryEncryptionPolicy = _mirror(ep.MemoryEncryptionPolicy)
OnOffState = _mirror(ep.OnOffState)
ConsoleModeType = _mirror(ep.ConsoleMode, "ConsoleModeType")
IPProtocolPreference = _mirror(ep.IPProtocolPreference)


class BootDevice(enum.Enum):
    __ps_typenames__ = (_NS + "BootDevice",)

    Floppy = 0
    CD = 1
    IDE = 2
    LegacyNetworkAdapter = 3
    NetworkAdapter = 4
    VHD = 5


class VirtualMachineType(enum.Enum):
    __ps_typenames__ = (_NS + "VirtualMachineType",)

    RealizedVirtualMachine = 3
    PlannedVirtualMachine = 4


class VirtualMachineSubType(enum.Enum):
    __ps_typenames__ = (_NS + "VirtualMachineSubType",)

    Unknown = 0
    Generation1 = 1
    Generation2 = 2


VMReplicationState = enum.Enum("VMReplicationState", [  # type: ignore[misc]
    (n, i) for i, n in enumerate((
        "Disabled", "ReadyForInitialReplication", "InitialReplicationInProgress",
        "WaitingForInitialReplication", "Replicating", "PreparedForFailover",
        "FailedOverWaitingCompletion", "FailedOver", "Suspended", "Error",
        "WaitingForStartResynchronize", "Resynchronizing", "ResynchronizeSuspended",
        "RecoveryInProgress", "FailbackInProgress", "FailbackComplete",
        "WaitingForUpdateCompletion", "UpdateError", "WaitingForRepurposeCompletion",
        "PreparedForSyncReplication", "PreparedForGroupReverseReplication",
        "FiredrillInProgress"))])
VMReplicationState.__ps_typenames__ = (_NS + "VMReplicationState",)  # type: ignore[attr-defined]

VMReplicationMode = enum.Enum("VMReplicationMode", [
    ("None", 0), ("Primary", 1), ("Replica", 2), ("TestReplica", 3), ("ExtendedReplica", 4)])
VMReplicationMode.__ps_typenames__ = (_NS + "VMReplicationMode",)  # type: ignore[attr-defined]


class VMReplicationHealthState(enum.Enum):
    __ps_typenames__ = (_NS + "VMReplicationHealthState",)

    NotApplicable = 0
    Normal = 1
    Warning = 2
    Critical = 3


class EnhancedSessionTransportType(enum.Enum):
    __ps_typenames__ = (_NS + "EnhancedSessionTransportType",)

    VMBus = 0
    HvSocket = 1


class GuestIsolationType(enum.Enum):
    __ps_typenames__ = (_NS + "GuestIsolationType",)

    TrustedLaunch = 0
    VBS = 1
    SNP = 2
    TDX = 3
    Disabled = 4


class RestartType(enum.Enum):
    __ps_typenames__ = (_NS + "RestartType",)

    Reset = 0
    Reboot = 1


class WaitVMTypes(enum.Enum):
    __ps_typenames__ = (_NS + "WaitVMTypes",)

    Heartbeat = 0
    IPAddress = 1
    Reboot = 2
    MemoryOperations = 3


ENUM_TYPES: tuple[type[enum.Enum], ...] = (
    VMState, VMOperationalStatus, VMHeartbeatStatus, StartAction, StopAction,
    CriticalErrorAction, CheckpointType, SnapshotType, MemoryEncryptionPolicy, OnOffState,
    ConsoleModeType, IPProtocolPreference, BootDevice, VirtualMachineType,
    VirtualMachineSubType, VMReplicationState, VMReplicationMode, VMReplicationHealthState,
    EnhancedSessionTransportType, GuestIsolationType, RestartType, WaitVMTypes,
)



def to_ps(value: Any, ps_enum: type[E]) -> E:
    """The module's member with the same name as an engine enum member (or a string)."""
    name = value.name if isinstance(value, enum.Enum) else str(value)
    return ps_enum[name]


def to_engine(value: enum.Enum | str, engine_enum: type[E]) -> E:
    """The engine's member with the same name as one of ours."""
    name = value.name if isinstance(value, enum.Enum) else str(value)
    return engine_enum[name]
