"""Pipeline records: frozen snapshots of engine state with the real Hyper-V type names.

Each record lists every property of hyperv-cmdlets.md §3 in `Format-List *` order (fields
first, then the `__ps_aliases__`). Records never change after they are made: a
`VirtualMachine` read before `Start-VM` still says `Off`, as the real module's objects do,
and cmdlets taking `-VM` look the VM up again by `Id`.

Sizes are bytes (`Int64`), except `VMMemory.MaximumPerNumaNode`, which the real getter
returns in MB.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, Optional

from attrs import field, frozen

from pyshell.runtime.values import Int64, UInt32, UInt64, Version

from . import enums as E

__all__ = [
    "CimSession", "VMBootSource", "VirtualMachine", "VMSnapshot", "VMMemory", "VMProcessor",
    "VMFirmware", "VMHost", "VMHostSupportedVersion", "RECORD_TYPES", "ZERO_GUID",
    "STATUS_OK",
]

_NS = "Microsoft.HyperV.PowerShell."
ZERO_GUID = uuid.UUID(int=0)
STATUS_OK = "Operating normally"
# The device ids WMI gives a VM's memory and processor settings (S26).
_MEMORY_DEVICE = "4764334d-e001-4176-82ee-5594ec9b530e"
_PROCESSOR_DEVICE = "b637f346-6a0e-4dec-af52-bd70cb80a21d"


def _ps(name: str) -> Any:
    return field(metadata={"ps_name": name})


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


def _state(p: Any) -> E.VMState:
    return E.to_ps(p.state, E.VMState)


def _running(state: E.VMState) -> bool:
    return state in (E.VMState.Running, E.VMState.Paused)


def _heartbeat(state: E.VMState) -> Optional[E.VMHeartbeatStatus]:
    # Guests run their integration services (design.md §8): heartbeat OK once running.
    if state is E.VMState.Running:
        return E.VMHeartbeatStatus.OkApplicationsHealthy
    if state is E.VMState.Paused:
        return E.VMHeartbeatStatus.Paused
    return None


def _machine_base(cfg: Any) -> dict[str, Any]:
    """The `VirtualMachineBase` properties a VM and its checkpoints share (devices, memory)."""
    mem = cfg.memory
    return dict(
        com_port1=None, com_port2=None, dvd_drives=[], fibre_channel_host_bus_adapters=[],
        floppy_drive=None, hard_drives=[], remote_fx_adapter=None, vm_integration_service=[],
        dynamic_memory_enabled=mem.dynamic_memory_enabled, memory_maximum=Int64(mem.maximum),
        memory_minimum=Int64(mem.minimum), memory_startup=Int64(mem.startup),
        processor_count=Int64(cfg.processor.count), battery_passthrough_enabled=False,
        generation=cfg.generation, is_clustered=False)


def _machine_tail(cfg: Any) -> dict[str, Any]:
    return dict(
        size_of_system_files=Int64(0),
        guest_controlled_cache_types=cfg.guest_controlled_cache_types,
        low_memory_mapped_io_space=UInt32(cfg.low_memory_mapped_io_space),
        high_memory_mapped_io_space=UInt64(cfg.high_memory_mapped_io_space),
        high_memory_mapped_io_base_address=UInt64(0),
        lock_on_disconnect=E.to_ps(cfg.lock_on_disconnect, E.OnOffState))


def _parent(p: Any) -> tuple[Optional[uuid.UUID], str]:
    parent = p.parent_checkpoint
    return (parent.id, parent.name) if parent is not None else (None, "")


@frozen
class VirtualMachine:
    """`Microsoft.HyperV.PowerShell.VirtualMachine` (§3.2): what `Get-VM` writes."""

    __ps_typenames__ = (_NS + "VirtualMachine",)

    # Observed output lists these five ETS aliases ahead of the .NET properties (§3.2, S17),
    # so they are fields here rather than `__ps_aliases__` (which would come last).
    parent_checkpoint_id: Optional[uuid.UUID] = _ps("ParentCheckpointId")
    parent_checkpoint_name: str = _ps("ParentCheckpointName")
    vm_name: str = _ps("VMName")
    vm_id: uuid.UUID = _ps("VMId")
    checkpoint_file_location: str = _ps("CheckpointFileLocation")
    configuration_location: str = _ps("ConfigurationLocation")
    smart_paging_file_in_use: bool = _ps("SmartPagingFileInUse")
    smart_paging_file_path: str = _ps("SmartPagingFilePath")
    snapshot_file_location: str = _ps("SnapshotFileLocation")
    automatic_start_action: E.StartAction = _ps("AutomaticStartAction")
    automatic_start_delay: int = _ps("AutomaticStartDelay")
    automatic_stop_action: E.StopAction = _ps("AutomaticStopAction")
    automatic_critical_error_action: Any = _ps("AutomaticCriticalErrorAction")
    automatic_critical_error_action_timeout: int = _ps("AutomaticCriticalErrorActionTimeout")
    automatic_checkpoints_enabled: bool = _ps("AutomaticCheckpointsEnabled")
    cpu_usage: int = _ps("CPUUsage")
    memory_assigned: int = _ps("MemoryAssigned")
    memory_demand: int = _ps("MemoryDemand")
    memory_status: str = _ps("MemoryStatus")
    numa_aligned: Optional[bool] = _ps("NumaAligned")
    numa_nodes_count: int = _ps("NumaNodesCount")
    numa_socket_count: int = _ps("NumaSocketCount")
    heartbeat: Optional[E.VMHeartbeatStatus] = _ps("Heartbeat")
    integration_services_state: str = _ps("IntegrationServicesState")
    integration_services_version: Version = _ps("IntegrationServicesVersion")
    uptime: _dt.timedelta = _ps("Uptime")
    operational_status: list[E.VMOperationalStatus] = _ps("OperationalStatus")
    primary_operational_status: Optional[E.VMOperationalStatus] = _ps("PrimaryOperationalStatus")
    secondary_operational_status: Optional[E.VMOperationalStatus] = _ps(
        "SecondaryOperationalStatus")
    status_descriptions: list[str] = _ps("StatusDescriptions")
    primary_status_description: str = _ps("PrimaryStatusDescription")
    secondary_status_description: Optional[str] = _ps("SecondaryStatusDescription")
    status: str = _ps("Status")
    replication_health: E.VMReplicationHealthState = _ps("ReplicationHealth")
    replication_mode: Any = _ps("ReplicationMode")
    replication_state: Any = _ps("ReplicationState")
    resource_metering_enabled: bool = _ps("ResourceMeteringEnabled")
    checkpoint_type: E.CheckpointType = _ps("CheckpointType")
    enhanced_session_transport_type: E.EnhancedSessionTransportType = _ps(
        "EnhancedSessionTransportType")
    groups: list[Any] = _ps("Groups")
    version: str = _ps("Version")
    virtual_machine_type: E.VirtualMachineType = _ps("VirtualMachineType")
    virtual_machine_sub_type: E.VirtualMachineSubType = _ps("VirtualMachineSubType")
    notes: str = _ps("Notes")
    state: E.VMState = _ps("State")
    com_port1: Any = _ps("ComPort1")
    com_port2: Any = _ps("ComPort2")
    dvd_drives: list[Any] = _ps("DVDDrives")
    fibre_channel_host_bus_adapters: list[Any] = _ps("FibreChannelHostBusAdapters")
    floppy_drive: Any = _ps("FloppyDrive")
    hard_drives: list[Any] = _ps("HardDrives")
    remote_fx_adapter: Any = _ps("RemoteFxAdapter")
    vm_integration_service: list[Any] = _ps("VMIntegrationService")
    dynamic_memory_enabled: bool = _ps("DynamicMemoryEnabled")
    memory_maximum: int = _ps("MemoryMaximum")
    memory_minimum: int = _ps("MemoryMinimum")
    memory_startup: int = _ps("MemoryStartup")
    processor_count: int = _ps("ProcessorCount")
    battery_passthrough_enabled: bool = _ps("BatteryPassthroughEnabled")
    generation: int = _ps("Generation")
    is_clustered: bool = _ps("IsClustered")
    parent_snapshot_id: Optional[uuid.UUID] = _ps("ParentSnapshotId")
    parent_snapshot_name: str = _ps("ParentSnapshotName")
    path: str = _ps("Path")
    size_of_system_files: int = _ps("SizeOfSystemFiles")
    guest_controlled_cache_types: bool = _ps("GuestControlledCacheTypes")
    low_memory_mapped_io_space: int = _ps("LowMemoryMappedIoSpace")
    high_memory_mapped_io_space: int = _ps("HighMemoryMappedIoSpace")
    high_memory_mapped_io_base_address: int = _ps("HighMemoryMappedIoBaseAddress")
    lock_on_disconnect: Optional[E.OnOffState] = _ps("LockOnDisconnect")
    creation_time: _dt.datetime = _ps("CreationTime")
    id: uuid.UUID = _ps("Id")
    name: str = _ps("Name")
    network_adapters: list[Any] = _ps("NetworkAdapters")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    def __ps_tostring__(self) -> str:
        return f"VirtualMachine (Name = '{self.name}') [Id = '{self.id}']"

    @classmethod
    def from_partition(cls, p: Any, computer_name: str) -> VirtualMachine:
        """Snapshot an engine `Partition` as `Get-VM` shows it now."""
        cfg = p.config
        mem = cfg.memory
        state = _state(p)
        parent_id, parent_name = _parent(p)
        location = cfg.path
        snapshots = cfg.snapshot_file_location or location
        return cls(
            parent_checkpoint_id=parent_id,
            parent_checkpoint_name=parent_name,
            vm_name=cfg.name,
            vm_id=p.id,
            checkpoint_file_location=snapshots,
            configuration_location=location,
            smart_paging_file_in_use=False,
            smart_paging_file_path=cfg.smart_paging_file_path or location,
            snapshot_file_location=snapshots,
            automatic_start_action=E.to_ps(cfg.automatic_start_action, E.StartAction),
            automatic_start_delay=cfg.automatic_start_delay,
            automatic_stop_action=E.to_ps(cfg.automatic_stop_action, E.StopAction),
            automatic_critical_error_action=E.to_ps(cfg.automatic_critical_error_action,
                                                    E.CriticalErrorAction),
            automatic_critical_error_action_timeout=cfg.automatic_critical_error_action_timeout,
            automatic_checkpoints_enabled=cfg.automatic_checkpoints_enabled,
            cpu_usage=0,
            memory_assigned=Int64(p.memory_assigned),
            memory_demand=Int64(0),
            memory_status="",
            numa_aligned=None,
            numa_nodes_count=1,
            numa_socket_count=1,
            heartbeat=_heartbeat(state),
            integration_services_state="Up to date" if _running(state) else "",
            integration_services_version=Version(0, 0),
            uptime=p.uptime,
            operational_status=[E.VMOperationalStatus.Ok],
            primary_operational_status=E.VMOperationalStatus.Ok,
            secondary_operational_status=None,
            status_descriptions=[STATUS_OK],
            primary_status_description=STATUS_OK,
            secondary_status_description=None,
            status=STATUS_OK,
            replication_health=E.VMReplicationHealthState.NotApplicable,
            replication_mode=E.VMReplicationMode["None"],
            replication_state=E.VMReplicationState["Disabled"],
            resource_metering_enabled=False,
            checkpoint_type=E.to_ps(cfg.checkpoint_type, E.CheckpointType),
            enhanced_session_transport_type=E.EnhancedSessionTransportType.VMBus,
            groups=[],
            version=cfg.version,
            virtual_machine_type=E.VirtualMachineType.RealizedVirtualMachine,
            virtual_machine_sub_type=E.VirtualMachineSubType[f"Generation{cfg.generation}"],
            notes=cfg.notes,
            state=state,
            **_machine_base(cfg),
            parent_snapshot_id=parent_id,
            parent_snapshot_name=parent_name,
            path=location,
            **_machine_tail(cfg),
            creation_time=p.creation_time,
            id=p.id,
            name=cfg.name,
            network_adapters=[],
            cim_session=LOCAL_CIM,
            computer_name=computer_name,
            is_deleted=False,
        )


@frozen
class VMSnapshot:
    """`Microsoft.HyperV.PowerShell.VMSnapshot` (§3.7): a checkpoint of a VM."""

    __ps_typenames__ = (_NS + "VMSnapshot",)
    # The checkpoint spellings of the snapshot properties, as VirtualMachine has them.
    __ps_aliases__ = {"ParentCheckpointId": "ParentSnapshotId",
                      "ParentCheckpointName": "ParentSnapshotName"}

    snapshot_type: E.SnapshotType = _ps("SnapshotType")
    is_automatic_checkpoint: bool = _ps("IsAutomaticCheckpoint")
    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")
    state: E.VMState = _ps("State")
    com_port1: Any = _ps("ComPort1")
    com_port2: Any = _ps("ComPort2")
    dvd_drives: list[Any] = _ps("DVDDrives")
    fibre_channel_host_bus_adapters: list[Any] = _ps("FibreChannelHostBusAdapters")
    floppy_drive: Any = _ps("FloppyDrive")
    hard_drives: list[Any] = _ps("HardDrives")
    remote_fx_adapter: Any = _ps("RemoteFxAdapter")
    vm_integration_service: list[Any] = _ps("VMIntegrationService")
    dynamic_memory_enabled: bool = _ps("DynamicMemoryEnabled")
    memory_maximum: int = _ps("MemoryMaximum")
    memory_minimum: int = _ps("MemoryMinimum")
    memory_startup: int = _ps("MemoryStartup")
    processor_count: int = _ps("ProcessorCount")
    battery_passthrough_enabled: bool = _ps("BatteryPassthroughEnabled")
    generation: int = _ps("Generation")
    is_clustered: bool = _ps("IsClustered")
    parent_snapshot_id: Optional[uuid.UUID] = _ps("ParentSnapshotId")
    parent_snapshot_name: str = _ps("ParentSnapshotName")
    path: str = _ps("Path")
    size_of_system_files: int = _ps("SizeOfSystemFiles")
    guest_controlled_cache_types: bool = _ps("GuestControlledCacheTypes")
    low_memory_mapped_io_space: int = _ps("LowMemoryMappedIoSpace")
    high_memory_mapped_io_space: int = _ps("HighMemoryMappedIoSpace")
    high_memory_mapped_io_base_address: int = _ps("HighMemoryMappedIoBaseAddress")
    lock_on_disconnect: Optional[E.OnOffState] = _ps("LockOnDisconnect")
    creation_time: _dt.datetime = _ps("CreationTime")
    id: uuid.UUID = _ps("Id")
    name: str = _ps("Name")
    network_adapters: list[Any] = _ps("NetworkAdapters")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    def __ps_tostring__(self) -> str:
        return f"VMSnapshot (Name = '{self.name}') [Id = '{self.id}']"

    @classmethod
    def from_checkpoint(cls, c: Any, p: Any, computer_name: str) -> VMSnapshot:
        cfg = c.config
        mem = cfg.memory
        parent = next((o for o in p.checkpoints if o.id == c.parent_id), None)
        return cls(
            snapshot_type=E.SnapshotType.Standard,
            is_automatic_checkpoint=c.name.startswith("Automatic Checkpoint"),
            vm_id=p.id,
            vm_name=p.name,
            state=E.to_ps(c.state, E.VMState),
            **_machine_base(cfg),
            parent_snapshot_id=parent.id if parent is not None else None,
            parent_snapshot_name=parent.name if parent is not None else "",
            path=cfg.snapshot_file_location or cfg.path,
            **_machine_tail(cfg),
            creation_time=c.creation_time,
            id=c.id,
            name=c.name,
            network_adapters=[],
            cim_session=LOCAL_CIM,
            computer_name=computer_name,
            is_deleted=False,
        )


def _component_tail() -> dict[str, str]:
    return {"VMCheckpointId": "VMSnapshotId", "VMCheckpointName": "VMSnapshotName"}


@frozen
class VMMemory:
    """`Microsoft.HyperV.PowerShell.VMMemory` (§3.1), `Get-VMMemory`'s output."""

    __ps_typenames__ = (_NS + "VMMemory",)
    __ps_aliases__ = _component_tail()

    resource_pool_name: str = _ps("ResourcePoolName")
    buffer: int = _ps("Buffer")
    dynamic_memory_enabled: bool = _ps("DynamicMemoryEnabled")
    maximum: int = _ps("Maximum")
    maximum_per_numa_node: int = _ps("MaximumPerNumaNode")
    minimum: int = _ps("Minimum")
    priority: int = _ps("Priority")
    startup: int = _ps("Startup")
    huge_pages_enabled: bool = _ps("HugePagesEnabled")
    memory_encryption_policy: E.MemoryEncryptionPolicy = _ps("MemoryEncryptionPolicy")
    memory_encryption_enabled: bool = _ps("MemoryEncryptionEnabled")
    name: str = _ps("Name")
    id: str = _ps("Id")
    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")
    vm_snapshot_id: uuid.UUID = _ps("VMSnapshotId")
    vm_snapshot_name: str = _ps("VMSnapshotName")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None) -> VMMemory:
        """The memory settings of a VM, or of one of its checkpoints (`-VMSnapshot`)."""
        mem = (checkpoint.config if checkpoint is not None else p.config).memory
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
            vm_id=p.id,
            vm_name=p.name,
            vm_snapshot_id=checkpoint.id if checkpoint is not None else ZERO_GUID,
            vm_snapshot_name=checkpoint.name if checkpoint is not None else "",
            cim_session=LOCAL_CIM,
            computer_name=computer_name,
            is_deleted=False,
        )


@frozen
class VMProcessor:
    """`Microsoft.HyperV.PowerShell.VMProcessor` (§3.3)."""

    __ps_typenames__ = (_NS + "VMProcessor",)
    __ps_aliases__ = _component_tail()

    resource_pool_name: str = _ps("ResourcePoolName")
    count: int = _ps("Count")
    compatibility_for_migration_enabled: bool = _ps("CompatibilityForMigrationEnabled")
    compatibility_for_migration_mode: str = _ps("CompatibilityForMigrationMode")
    compatibility_for_older_operating_systems_enabled: bool = _ps(
        "CompatibilityForOlderOperatingSystemsEnabled")
    hw_thread_count_per_core: int = _ps("HwThreadCountPerCore")
    expose_virtualization_extensions: bool = _ps("ExposeVirtualizationExtensions")
    enable_perfmon_pmu: bool = _ps("EnablePerfmonPmu")
    enable_perfmon_lbr: bool = _ps("EnablePerfmonLbr")
    enable_perfmon_pebs: bool = _ps("EnablePerfmonPebs")
    enable_perfmon_ipt: bool = _ps("EnablePerfmonIpt")
    enable_legacy_apic_mode: bool = _ps("EnableLegacyApicMode")
    apic_mode: str = _ps("ApicMode")
    allow_acount_mcount: bool = _ps("AllowACountMCount")
    cpu_brand_string: str = _ps("CpuBrandString")
    perf_cpu_freq_cap_mhz: int = _ps("PerfCpuFreqCapMhz")
    maximum: int = _ps("Maximum")
    reserve: int = _ps("Reserve")
    relative_weight: int = _ps("RelativeWeight")
    maximum_count_per_numa_node: int = _ps("MaximumCountPerNumaNode")
    maximum_count_per_numa_socket: int = _ps("MaximumCountPerNumaSocket")
    enable_host_resource_protection: bool = _ps("EnableHostResourceProtection")
    operational_status: list[E.VMOperationalStatus] = _ps("OperationalStatus")
    status_description: list[str] = _ps("StatusDescription")
    name: str = _ps("Name")
    id: str = _ps("Id")
    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")
    vm_snapshot_id: uuid.UUID = _ps("VMSnapshotId")
    vm_snapshot_name: str = _ps("VMSnapshotName")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None,
                       host_processors: int = 8) -> VMProcessor:
        cpu = (checkpoint.config if checkpoint is not None else p.config).processor
        return cls(
            resource_pool_name=cpu.resource_pool_name,
            count=Int64(cpu.count),
            compatibility_for_migration_enabled=cpu.compatibility_for_migration_enabled,
            compatibility_for_migration_mode="MinimumFeatureSet",
            compatibility_for_older_operating_systems_enabled=(
                cpu.compatibility_for_older_operating_systems_enabled),
            hw_thread_count_per_core=Int64(cpu.hw_thread_count_per_core),
            expose_virtualization_extensions=cpu.expose_virtualization_extensions,
            enable_perfmon_pmu=cpu.enable_perfmon_pmu,
            enable_perfmon_lbr=cpu.enable_perfmon_lbr,
            enable_perfmon_pebs=cpu.enable_perfmon_pebs,
            enable_perfmon_ipt=cpu.enable_perfmon_ipt,
            enable_legacy_apic_mode=cpu.enable_legacy_apic_mode,
            apic_mode="Default",
            allow_acount_mcount=cpu.allow_acount_mcount,
            cpu_brand_string="",
            perf_cpu_freq_cap_mhz=0,
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
            vm_id=p.id,
            vm_name=p.name,
            vm_snapshot_id=checkpoint.id if checkpoint is not None else ZERO_GUID,
            vm_snapshot_name=checkpoint.name if checkpoint is not None else "",
            cim_session=LOCAL_CIM,
            computer_name=computer_name,
            is_deleted=False,
        )


@frozen
class VMFirmware:
    """`Microsoft.HyperV.PowerShell.VMFirmware` (§3.6), Generation 2 only."""

    __ps_typenames__ = (_NS + "VMFirmware",)
    __ps_aliases__ = _component_tail()

    boot_order: list[VMBootSource] = _ps("BootOrder")
    preferred_network_boot_protocol: E.IPProtocolPreference = _ps("PreferredNetworkBootProtocol")
    secure_boot: E.OnOffState = _ps("SecureBoot")
    secure_boot_template_id: Optional[uuid.UUID] = _ps("SecureBootTemplateId")
    secure_boot_template: str = _ps("SecureBootTemplate")
    console_mode: Any = _ps("ConsoleMode")
    pause_after_boot_failure: E.OnOffState = _ps("PauseAfterBootFailure")
    vm_id: uuid.UUID = _ps("VMId")
    vm_name: str = _ps("VMName")
    vm_snapshot_id: uuid.UUID = _ps("VMSnapshotId")
    vm_snapshot_name: str = _ps("VMSnapshotName")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    @classmethod
    def from_partition(cls, p: Any, computer_name: str, checkpoint: Any = None) -> VMFirmware:
        fw = (checkpoint.config if checkpoint is not None else p.config).firmware
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
            vm_id=p.id,
            vm_name=p.name,
            vm_snapshot_id=checkpoint.id if checkpoint is not None else ZERO_GUID,
            vm_snapshot_name=checkpoint.name if checkpoint is not None else "",
            cim_session=LOCAL_CIM,
            computer_name=computer_name,
            is_deleted=False,
        )


@frozen
class VMHostSupportedVersion:
    """`Microsoft.HyperV.PowerShell.VMHostSupportedVersion` (§3.5)."""

    __ps_typenames__ = (_NS + "VMHostSupportedVersion",)

    name: str = _ps("Name")
    version: Version = _ps("Version")
    is_default: bool = _ps("IsDefault")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

    @classmethod
    def from_engine(cls, v: Any, computer_name: str) -> VMHostSupportedVersion:
        return cls(v.name, Version.parse(v.version), v.is_default, LOCAL_CIM, computer_name,
                   False)


@frozen
class VMHost:
    """`Microsoft.HyperV.PowerShell.VMHost` (§3.4)."""

    __ps_typenames__ = (_NS + "VMHost",)

    logical_processor_count: int = _ps("LogicalProcessorCount")
    resource_metering_save_interval: _dt.timedelta = _ps("ResourceMeteringSaveInterval")
    host_numa_status: list[Any] = _ps("HostNumaStatus")
    numa_status: list[Any] = _ps("NumaStatus")
    iov_support: bool = _ps("IovSupport")
    iov_support_reasons: list[str] = _ps("IovSupportReasons")
    internal_network_adapters: list[Any] = _ps("InternalNetworkAdapters")
    external_network_adapters: list[Any] = _ps("ExternalNetworkAdapters")
    supported_vm_versions: list[str] = _ps("SupportedVmVersions")
    secure_boot_templates: list[str] = _ps("SecureBootTemplates")
    enable_enhanced_session_mode: bool = _ps("EnableEnhancedSessionMode")
    fibre_channel_wwnn: str = _ps("FibreChannelWwnn")
    fibre_channel_wwpn_maximum: str = _ps("FibreChannelWwpnMaximum")
    fibre_channel_wwpn_minimum: str = _ps("FibreChannelWwpnMinimum")
    mac_address_maximum: str = _ps("MacAddressMaximum")
    mac_address_minimum: str = _ps("MacAddressMinimum")
    numa_spanning_enabled: bool = _ps("NumaSpanningEnabled")
    virtual_hard_disk_path: str = _ps("VirtualHardDiskPath")
    virtual_machine_path: str = _ps("VirtualMachinePath")
    fully_qualified_domain_name: str = _ps("FullyQualifiedDomainName")
    memory_capacity: int = _ps("MemoryCapacity")
    name: str = _ps("Name")
    maximum_storage_migrations: int = _ps("MaximumStorageMigrations")
    maximum_virtual_machine_migrations: int = _ps("MaximumVirtualMachineMigrations")
    use_any_network_for_migration: bool = _ps("UseAnyNetworkForMigration")
    virtual_machine_migration_authentication_type: str = _ps(
        "VirtualMachineMigrationAuthenticationType")
    virtual_machine_migration_enabled: bool = _ps("VirtualMachineMigrationEnabled")
    virtual_machine_migration_performance_option: str = _ps(
        "VirtualMachineMigrationPerformanceOption")
    cim_session: CimSession = _ps("CimSession")
    computer_name: str = _ps("ComputerName")
    is_deleted: bool = _ps("IsDeleted")

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
            iov_support=False,
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
            cim_session=LOCAL_CIM,
            computer_name=s.name,
            is_deleted=False,
        )


RECORD_TYPES: tuple[type, ...] = (
    VirtualMachine, VMSnapshot, VMMemory, VMProcessor, VMFirmware, VMHost,
    VMHostSupportedVersion, CimSession, VMBootSource,
)
