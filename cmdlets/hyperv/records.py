"""Pipeline records: frozen snapshots of engine state with the real Hyper-V type names.

Each record lists every property of hyperv-cmdlets.md §3 in `Format-List *` order (fields
first, then the `__ps_aliases__`). Records never change after they are made: a
`VirtualMachine` read before `Start-VM` still says `Off`, as the real module's objects do,
and cmdlets taking `-VM` look the VM up again by `Id`.

The classes follow the real module's hierarchy (`VirtualizationObject`, `VMComponentObject`,
`VMDevice`, `VirtualMachineBase`), so a property shared by several records is declared once,
on the base that owns it. Property names are the PascalCase of the field names; `_ps` gives
the irregular ones.

Sizes are bytes (`Int64`), except `VMMemory.MaximumPerNumaNode`, which the real getter
returns in MB.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, Optional

import attrs
from attrs import field, frozen

from pyshell.runtime.values import Int64, UInt32, UInt64, Version

from . import enums as E

__all__ = [
    "CimSession", "VMBootSource", "VirtualizationObject", "VirtualMachineBase",
    "VirtualMachine", "VMSnapshot", "VMComponentObject", "VMDevice", "VMMemory",
    "VMProcessor", "VMFirmware", "VMHost", "VMHostSupportedVersion", "RECORD_TYPES",
    "ZERO_GUID", "STATUS_OK",
]

_NS = "Microsoft.HyperV.PowerShell."
ZERO_GUID = uuid.UUID(int=0)
STATUS_OK = "Operating normally"
# The device ids WMI gives a VM's memory and processor settings (S26).
_MEMORY_DEVICE = "4764334d-e001-4176-82ee-5594ec9b530e"
_PROCESSOR_DEVICE = "b637f346-6a0e-4dec-af52-bd70cb80a21d"


def _ps(name: str, default: Any = attrs.NOTHING) -> Any:
    """A field whose shell name is not the PascalCase of its Python name."""
    return field(default=default, metadata={"ps_name": name})


def _derived_first(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Order fields as .NET reflection lists properties: the class's own first, then each
    base's, nearest base first. attrs puts base fields first, which `Format-List *` of the
    real objects does not."""
    def depth(fld: attrs.Attribute[Any]) -> int:
        return next(i for i, klass in enumerate(cls.__mro__)
                    if fld.name in vars(klass).get("__annotations__", {}))
    return sorted(fields, key=depth)


@frozen
class CimSession:
    """The local CIM session every object carries; prints as the real one does."""

    __ps_typenames__ = ("Microsoft.Management.Infrastructure.CimSession",)
    computer_name: str = "."

    def __ps_tostring__(self) -> str:
        return f"CimSession: {self.computer_name}"

    def __str__(self) -> str:
        return self.__ps_tostring__()


LOCAL_CIM = CimSession()


@frozen
class VMBootSource:
    """One entry of `VMFirmware.BootOrder`; shows as its boot type (`{Network, Drive}`)."""

    __ps_typenames__ = (_NS + "VMBootSource",)
    boot_type: str
    description: str
    firmware_path: str = ""

    def __ps_tostring__(self) -> str:
        return self.boot_type

    def __str__(self) -> str:
        return self.boot_type


# -- bases ------------------------------------------------------------------------------------

@frozen(kw_only=True, field_transformer=_derived_first)
class VirtualizationObject:
    """What every Hyper-V object ends with: where it came from. Every record here is local
    and live, so only the computer name varies."""

    cim_session: CimSession = LOCAL_CIM
    computer_name: str
    is_deleted: bool = False


@frozen(kw_only=True, field_transformer=_derived_first)
class VirtualMachineBase(VirtualizationObject):
    """The properties a VM and its checkpoints share (§3.2, §3.7): devices, memory, layout."""

    state: E.VMState
    com_port1: Any = None
    com_port2: Any = None
    dvd_drives: list[Any] = _ps("DVDDrives")
    fibre_channel_host_bus_adapters: list[Any]
    floppy_drive: Any = None
    hard_drives: list[Any]
    remote_fx_adapter: Any = None
    vm_integration_service: list[Any] = _ps("VMIntegrationService")
    dynamic_memory_enabled: bool
    memory_maximum: int
    memory_minimum: int
    memory_startup: int
    processor_count: int
    battery_passthrough_enabled: bool = False
    generation: int
    is_clustered: bool = False
    parent_snapshot_id: Optional[uuid.UUID]
    parent_snapshot_name: str
    path: str
    size_of_system_files: int
    guest_controlled_cache_types: bool
    low_memory_mapped_io_space: int
    high_memory_mapped_io_space: int
    high_memory_mapped_io_base_address: int
    lock_on_disconnect: Optional[E.OnOffState]
    creation_time: _dt.datetime
    id: uuid.UUID
    name: str
    network_adapters: list[Any]


def _machine_base(source: Any, *, name: str, parent: Any, path: str,
                  computer_name: str) -> dict[str, Any]:
    """The `VirtualMachineBase` properties of a partition or a checkpoint (`source`)."""
    cfg = source.config
    mem = cfg.memory
    return dict(
        state=E.to_ps(source.state, E.VMState), dvd_drives=[],
        fibre_channel_host_bus_adapters=[], hard_drives=[], vm_integration_service=[],
        dynamic_memory_enabled=mem.dynamic_memory_enabled, memory_maximum=Int64(mem.maximum),
        memory_minimum=Int64(mem.minimum), memory_startup=Int64(mem.startup),
        processor_count=Int64(cfg.processor.count), generation=cfg.generation,
        parent_snapshot_id=parent.id if parent is not None else None,
        parent_snapshot_name=parent.name if parent is not None else "",
        path=path,
        size_of_system_files=Int64(0),
        guest_controlled_cache_types=cfg.guest_controlled_cache_types,
        low_memory_mapped_io_space=UInt32(cfg.low_memory_mapped_io_space),
        high_memory_mapped_io_space=UInt64(cfg.high_memory_mapped_io_space),
        high_memory_mapped_io_base_address=UInt64(0),
        lock_on_disconnect=E.to_ps(cfg.lock_on_disconnect, E.OnOffState),
        creation_time=source.creation_time, id=source.id, name=name, network_adapters=[],
        computer_name=computer_name)


def _heartbeat(state: E.VMState) -> Optional[E.VMHeartbeatStatus]:
    # Guests run their integration services (design.md §8): heartbeat OK once running.
    if state is E.VMState.Running:
        return E.VMHeartbeatStatus.OkApplicationsHealthy
    if state is E.VMState.Paused:
        return E.VMHeartbeatStatus.Paused
    return None


# -- virtual machines and checkpoints ---------------------------------------------------------

@frozen(kw_only=True, field_transformer=_derived_first)
class VirtualMachine(VirtualMachineBase):
    """`Microsoft.HyperV.PowerShell.VirtualMachine` (§3.2): what `Get-VM` writes."""

    __ps_typenames__ = (_NS + "VirtualMachine",)

    # Observed output lists these five ETS aliases ahead of the .NET properties (§3.2, S17),
    # so they are fields here rather than `__ps_aliases__` (which would come last).
    parent_checkpoint_id: Optional[uuid.UUID]
    parent_checkpoint_name: str
    vm_name: str = _ps("VMName")
    vm_id: uuid.UUID = _ps("VMId")
    checkpoint_file_location: str
    configuration_location: str
    smart_paging_file_in_use: bool = False
    smart_paging_file_path: str
    snapshot_file_location: str
    automatic_start_action: E.StartAction
    automatic_start_delay: int
    automatic_stop_action: E.StopAction
    automatic_critical_error_action: Any
    automatic_critical_error_action_timeout: int
    automatic_checkpoints_enabled: bool
    cpu_usage: int = _ps("CPUUsage", 0)
    memory_assigned: int
    memory_demand: int = Int64(0)
    memory_status: str = ""
    numa_aligned: Optional[bool] = None
    numa_nodes_count: int = 1
    numa_socket_count: int = 1
    heartbeat: Optional[E.VMHeartbeatStatus]
    integration_services_state: str
    integration_services_version: Version = Version(0, 0)
    uptime: _dt.timedelta
    operational_status: list[E.VMOperationalStatus]
    primary_operational_status: Optional[E.VMOperationalStatus] = E.VMOperationalStatus.Ok
    secondary_operational_status: Optional[E.VMOperationalStatus] = None
    status_descriptions: list[str]
    primary_status_description: str = STATUS_OK
    secondary_status_description: Optional[str] = None
    status: str = STATUS_OK
    replication_health: E.VMReplicationHealthState = E.VMReplicationHealthState.NotApplicable
    replication_mode: Any = E.VMReplicationMode["None"]
    replication_state: Any = E.VMReplicationState["Disabled"]
    resource_metering_enabled: bool = False
    checkpoint_type: E.CheckpointType
    enhanced_session_transport_type: E.EnhancedSessionTransportType = (
        E.EnhancedSessionTransportType.VMBus)
    groups: list[Any]
    version: str
    virtual_machine_type: E.VirtualMachineType = E.VirtualMachineType.RealizedVirtualMachine
    virtual_machine_sub_type: E.VirtualMachineSubType
    notes: str

    def __ps_tostring__(self) -> str:
        return f"VirtualMachine (Name = '{self.name}') [Id = '{self.id}']"

    @classmethod
    def from_partition(cls, p: Any, computer_name: str) -> VirtualMachine:
        """Snapshot an engine `Partition` as `Get-VM` shows it now."""
        cfg = p.config
        parent = p.parent_checkpoint
        location = cfg.path
        snapshots = cfg.snapshot_file_location or location
        base = _machine_base(p, name=cfg.name, parent=parent, path=location,
                             computer_name=computer_name)
        state = base["state"]
        return cls(
            parent_checkpoint_id=base["parent_snapshot_id"],
            parent_checkpoint_name=base["parent_snapshot_name"],
            vm_name=cfg.name,
            vm_id=p.id,
            checkpoint_file_location=snapshots,
            configuration_location=location,
            smart_paging_file_path=cfg.smart_paging_file_path or location,
            snapshot_file_location=snapshots,
            automatic_start_action=E.to_ps(cfg.automatic_start_action, E.StartAction),
            automatic_start_delay=cfg.automatic_start_delay,
            automatic_stop_action=E.to_ps(cfg.automatic_stop_action, E.StopAction),
            automatic_critical_error_action=E.to_ps(cfg.automatic_critical_error_action,
                                                    E.CriticalErrorAction),
            automatic_critical_error_action_timeout=cfg.automatic_critical_error_action_timeout,
            automatic_checkpoints_enabled=cfg.automatic_checkpoints_enabled,
            memory_assigned=Int64(p.memory_assigned),
            heartbeat=_heartbeat(state),
            integration_services_state="Up to date" if state in (
                E.VMState.Running, E.VMState.Paused) else "",
            uptime=p.uptime,
            operational_status=[E.VMOperationalStatus.Ok],
            status_descriptions=[STATUS_OK],
            checkpoint_type=E.to_ps(cfg.checkpoint_type, E.CheckpointType),
            groups=[],
            version=cfg.version,
            virtual_machine_sub_type=E.VirtualMachineSubType[f"Generation{cfg.generation}"],
            notes=cfg.notes,
            **base,
        )


@frozen(kw_only=True, field_transformer=_derived_first)
class VMSnapshot(VirtualMachineBase):
    """`Microsoft.HyperV.PowerShell.VMSnapshot` (§3.7): a checkpoint of a VM."""

    __ps_typenames__ = (_NS + "VMSnapshot",)
    # The checkpoint spellings of the snapshot properties, as VirtualMachine has them.
    __ps_aliases__ = {"ParentCheckpointId": "ParentSnapshotId",
                      "ParentCheckpointName": "ParentSnapshotName"}

    snapshot_type: E.SnapshotType = E.SnapshotType.Standard
    is_automatic_checkpoint: bool
    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")

    def __ps_tostring__(self) -> str:
        return f"VMSnapshot (Name = '{self.name}') [Id = '{self.id}']"

    @classmethod
    def from_checkpoint(cls, c: Any, p: Any, computer_name: str) -> VMSnapshot:
        cfg = c.config
        parent = next((o for o in p.checkpoints if o.id == c.parent_id), None)
        return cls(
            is_automatic_checkpoint=c.name.startswith("Automatic Checkpoint"),
            vm_id=p.id,
            vm_name=p.name,
            **_machine_base(c, name=c.name, parent=parent,
                            path=cfg.snapshot_file_location or cfg.path,
                            computer_name=computer_name),
        )


# -- parts of a VM ----------------------------------------------------------------------------

@frozen(kw_only=True, field_transformer=_derived_first)
class VMComponentObject(VirtualizationObject):
    """A part of a VM, or of one of its checkpoints (then `VMSnapshotId` is set)."""

    __ps_aliases__ = {"VMCheckpointId": "VMSnapshotId", "VMCheckpointName": "VMSnapshotName"}

    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")
    vm_snapshot_id: uuid.UUID = _ps("VMSnapshotId")
    vm_snapshot_name: str = _ps("VMSnapshotName")


@frozen(kw_only=True, field_transformer=_derived_first)
class VMDevice(VMComponentObject):
    """A component WMI knows as a device: it has a name and a device id."""

    name: str
    id: str


def _settings(p: Any, checkpoint: Any) -> Any:
    """The configuration a component record shows: the checkpoint's, else the VM's."""
    return checkpoint.config if checkpoint is not None else p.config


def _component(p: Any, checkpoint: Any, computer_name: str) -> dict[str, Any]:
    """The `VMComponentObject` properties of a part of `p` (or of its `checkpoint`)."""
    return dict(vm_id=p.id, vm_name=p.name,
                vm_snapshot_id=checkpoint.id if checkpoint is not None else ZERO_GUID,
                vm_snapshot_name=checkpoint.name if checkpoint is not None else "",
                computer_name=computer_name)


@frozen(kw_only=True, field_transformer=_derived_first)
class VMMemory(VMDevice):
    """`Microsoft.HyperV.PowerShell.VMMemory` (§3.1), `Get-VMMemory`'s output."""

    __ps_typenames__ = (_NS + "VMMemory",)

    resource_pool_name: str
    buffer: int
    dynamic_memory_enabled: bool
    maximum: int
    maximum_per_numa_node: int
    minimum: int
    priority: int
    startup: int
    huge_pages_enabled: bool
    memory_encryption_policy: E.MemoryEncryptionPolicy
    memory_encryption_enabled: bool

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None) -> VMMemory:
        """The memory settings of a VM, or of one of its checkpoints (`-VMSnapshot`)."""
        mem = _settings(p, checkpoint).memory
        return cls(
            resource_pool_name=mem.resource_pool_name,
            buffer=mem.buffer,
            dynamic_memory_enabled=mem.dynamic_memory_enabled,
            maximum=Int64(mem.maximum),
            maximum_per_numa_node=Int64(mem.maximum_per_numa_node_mb),
            minimum=Int64(mem.minimum),
            priority=mem.priority,
            startup=Int64(mem.startup),
            huge_pages_enabled=mem.huge_pages_enabled,
            memory_encryption_policy=E.to_ps(mem.encryption_policy, E.MemoryEncryptionPolicy),
            # A checkpoint's memory is never running, hence never encrypted.
            memory_encryption_enabled=checkpoint is None and p.memory_encryption_enabled,
            name="Memory",
            id=f"Microsoft:{str(p.id).upper()}\\{_MEMORY_DEVICE}",
            **_component(p, checkpoint, computer_name),
        )


@frozen(kw_only=True, field_transformer=_derived_first)
class VMProcessor(VMDevice):
    """`Microsoft.HyperV.PowerShell.VMProcessor` (§3.3)."""

    __ps_typenames__ = (_NS + "VMProcessor",)

    resource_pool_name: str
    count: int
    compatibility_for_migration_enabled: bool
    compatibility_for_migration_mode: str = "MinimumFeatureSet"
    compatibility_for_older_operating_systems_enabled: bool
    hw_thread_count_per_core: int
    expose_virtualization_extensions: bool
    enable_perfmon_pmu: bool
    enable_perfmon_lbr: bool
    enable_perfmon_pebs: bool
    enable_perfmon_ipt: bool
    enable_legacy_apic_mode: bool
    apic_mode: str = "Default"
    allow_acount_mcount: bool = _ps("AllowACountMCount")
    cpu_brand_string: str = ""
    perf_cpu_freq_cap_mhz: int = 0
    maximum: int
    reserve: int
    relative_weight: int
    maximum_count_per_numa_node: int
    maximum_count_per_numa_socket: int
    enable_host_resource_protection: bool
    operational_status: list[E.VMOperationalStatus]
    status_description: list[str]

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None,
                       host_processors: int = 8) -> VMProcessor:
        cpu = _settings(p, checkpoint).processor
        return cls(
            resource_pool_name=cpu.resource_pool_name,
            count=Int64(cpu.count),
            compatibility_for_migration_enabled=cpu.compatibility_for_migration_enabled,
            compatibility_for_older_operating_systems_enabled=(
                cpu.compatibility_for_older_operating_systems_enabled),
            hw_thread_count_per_core=Int64(cpu.hw_thread_count_per_core),
            expose_virtualization_extensions=cpu.expose_virtualization_extensions,
            enable_perfmon_pmu=cpu.enable_perfmon_pmu,
            enable_perfmon_lbr=cpu.enable_perfmon_lbr,
            enable_perfmon_pebs=cpu.enable_perfmon_pebs,
            enable_perfmon_ipt=cpu.enable_perfmon_ipt,
            enable_legacy_apic_mode=cpu.enable_legacy_apic_mode,
            allow_acount_mcount=cpu.allow_acount_mcount,
            maximum=Int64(cpu.maximum),
            reserve=Int64(cpu.reserve),
            relative_weight=cpu.relative_weight,
            maximum_count_per_numa_node=cpu.maximum_count_per_numa_node or host_processors,
            maximum_count_per_numa_socket=cpu.maximum_count_per_numa_socket or 1,
            enable_host_resource_protection=cpu.enable_host_resource_protection,
            operational_status=[E.VMOperationalStatus.Ok],
            status_description=["OK"],
            name="Processor",
            id=f"Microsoft:{str(p.id).upper()}\\{_PROCESSOR_DEVICE}\\0",
            **_component(p, checkpoint, computer_name),
        )


@frozen(kw_only=True, field_transformer=_derived_first)
class VMFirmware(VMComponentObject):
    """`Microsoft.HyperV.PowerShell.VMFirmware` (§3.6), Generation 2 only."""

    __ps_typenames__ = (_NS + "VMFirmware",)

    boot_order: list[VMBootSource]
    preferred_network_boot_protocol: E.IPProtocolPreference
    secure_boot: E.OnOffState
    secure_boot_template_id: Optional[uuid.UUID]
    secure_boot_template: str
    console_mode: Any
    pause_after_boot_failure: E.OnOffState

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None) -> VMFirmware:
        fw = _settings(p, checkpoint).firmware
        # Every new VM gets one network adapter (hyperv-cmdlets.md §7.1) and no disk here.
        boot = [VMBootSource("Network", "EFI Network", "")]
        return cls(
            boot_order=boot,
            preferred_network_boot_protocol=E.to_ps(fw.preferred_network_boot_protocol,
                                                    E.IPProtocolPreference),
            secure_boot=E.to_ps(fw.secure_boot, E.OnOffState),
            secure_boot_template_id=fw.secure_boot_template_id,
            secure_boot_template=fw.secure_boot_template,
            console_mode=E.to_ps(fw.console_mode, E.ConsoleModeType),
            pause_after_boot_failure=E.to_ps(fw.pause_after_boot_failure, E.OnOffState),
            **_component(p, checkpoint, computer_name),
        )


# -- the host ---------------------------------------------------------------------------------

@frozen(kw_only=True, field_transformer=_derived_first)
class VMHostSupportedVersion(VirtualizationObject):
    """`Microsoft.HyperV.PowerShell.VMHostSupportedVersion` (§3.5)."""

    __ps_typenames__ = (_NS + "VMHostSupportedVersion",)

    name: str
    version: Version
    is_default: bool

    @classmethod
    def from_engine(cls, v: Any, computer_name: str) -> VMHostSupportedVersion:
        return cls(name=v.name, version=Version.parse(v.version), is_default=v.is_default,
                   computer_name=computer_name)


@frozen(kw_only=True, field_transformer=_derived_first)
class VMHost(VirtualizationObject):
    """`Microsoft.HyperV.PowerShell.VMHost` (§3.4)."""

    __ps_typenames__ = (_NS + "VMHost",)

    logical_processor_count: int
    resource_metering_save_interval: _dt.timedelta
    host_numa_status: list[Any]
    numa_status: list[Any]
    iov_support: bool = False
    iov_support_reasons: list[str]
    internal_network_adapters: list[Any]
    external_network_adapters: list[Any]
    supported_vm_versions: list[str]
    secure_boot_templates: list[str]
    enable_enhanced_session_mode: bool
    fibre_channel_wwnn: str
    fibre_channel_wwpn_maximum: str
    fibre_channel_wwpn_minimum: str
    mac_address_maximum: str
    mac_address_minimum: str
    numa_spanning_enabled: bool
    virtual_hard_disk_path: str
    virtual_machine_path: str
    fully_qualified_domain_name: str
    memory_capacity: int
    name: str
    maximum_storage_migrations: int
    maximum_virtual_machine_migrations: int
    use_any_network_for_migration: bool
    virtual_machine_migration_authentication_type: str
    virtual_machine_migration_enabled: bool
    virtual_machine_migration_performance_option: str

    def __ps_tostring__(self) -> str:
        return f"VMHost (Name = '{self.name}')"

    @classmethod
    def from_host(cls, host: Any) -> VMHost:
        s = host.settings
        return cls(
            logical_processor_count=host.logical_processor_count,
            resource_metering_save_interval=_dt.timedelta(
                hours=s.resource_metering_save_interval_hours),
            host_numa_status=[],
            numa_status=[],
            iov_support_reasons=[],
            internal_network_adapters=[],
            external_network_adapters=[],
            supported_vm_versions=[v.version for v in host.supported_versions()],
            secure_boot_templates=["MicrosoftWindows", "MicrosoftUEFICertificateAuthority",
                                   "OpenSourceShieldedVM"],
            enable_enhanced_session_mode=s.enable_enhanced_session_mode,
            fibre_channel_wwnn=s.fibre_channel_wwnn,
            fibre_channel_wwpn_maximum=s.fibre_channel_wwpn_maximum,
            fibre_channel_wwpn_minimum=s.fibre_channel_wwpn_minimum,
            mac_address_maximum=s.mac_address_maximum,
            mac_address_minimum=s.mac_address_minimum,
            numa_spanning_enabled=s.numa_spanning_enabled,
            virtual_hard_disk_path=s.virtual_hard_disk_path,
            virtual_machine_path=s.virtual_machine_path,
            fully_qualified_domain_name=s.name,
            memory_capacity=Int64(host.memory_capacity),
            name=s.name,
            maximum_storage_migrations=s.maximum_storage_migrations,
            maximum_virtual_machine_migrations=s.maximum_virtual_machine_migrations,
            use_any_network_for_migration=s.use_any_network_for_migration,
            virtual_machine_migration_authentication_type=(
                s.virtual_machine_migration_authentication_type),
            virtual_machine_migration_enabled=s.virtual_machine_migration_enabled,
            virtual_machine_migration_performance_option=(
                s.virtual_machine_migration_performance_option),
            computer_name=s.name,
        )


RECORD_TYPES: tuple[type, ...] = (
    VirtualMachine, VMSnapshot, VMMemory, VMProcessor, VMFirmware, VMHost,
    VMHostSupportedVersion, CimSession, VMBootSource,
)
