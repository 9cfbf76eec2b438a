"""Default views of the Hyper-V records: this module's Hyper-V.Format.ps1xml (reference §4).

Columns carry no alignment on purpose: with a format view PowerShell left-aligns every
column it is not told about, which is why `Get-VM` prints `CPUUsage(%)` and
`MemoryAssigned(M)` flush left (acceptance 01, 03).
"""

from __future__ import annotations

from pyshell.formatting.views import Column, ListView, TableView

__all__ = [
    "VM_TABLE", "VM_LIST", "MEMORY_TABLE", "PROCESSOR_TABLE", "SUPPORTED_VERSION_TABLE",
    "FIRMWARE_TABLE", "SNAPSHOT_TABLE", "HOST_TABLE", "VIEWS",
]

_NS = "Microsoft.HyperV.PowerShell."
MB = 2**20

VM_TABLE = TableView(
    name="VirtualMachine",
    selected_by=(_NS + "VirtualMachine",),
    columns=(
        Column("Name"),
        Column("State"),
        Column("CPUUsage(%)", prop="CPUUsage"),
        Column("MemoryAssigned(M)", prop="MemoryAssigned", scale=MB),
        Column("Uptime"),
        Column("Status"),
        Column("Version"),
    ),
)

# `Format-List` without `*` (S20): note the real view labels CPU usage `CpuUsage`.
VM_LIST = ListView(
    name="VirtualMachine",
    selected_by=VM_TABLE.selected_by,
    items=("Name", "State", "CpuUsage", "MemoryAssigned", "MemoryDemand", "MemoryStatus",
           "Uptime", "Status", "ReplicationState", "Generation"),
)

MEMORY_TABLE = TableView(
    name="VMMemory",
    selected_by=(_NS + "VMMemory",),
    columns=(
        Column("VMName"),
        Column("DynamicMemoryEnabled"),
        Column("Minimum(M)", prop="Minimum", scale=MB),
        Column("Startup(M)", prop="Startup", scale=MB),
        Column("Maximum(M)", prop="Maximum", scale=MB),
    ),
)

PROCESSOR_TABLE = TableView(
    name="VMProcessor",
    selected_by=(_NS + "VMProcessor",),
    columns=("VMName", "Count", "CompatibilityForMigrationEnabled",
             "CompatibilityForOlderOperatingSystemsEnabled"),
)

SUPPORTED_VERSION_TABLE = TableView(
    name="VMHostSupportedVersion",
    selected_by=(_NS + "VMHostSupportedVersion",),
    columns=("Name", "Version", "IsDefault"),
)

FIRMWARE_TABLE = TableView(
    name="VMFirmware",
    selected_by=(_NS + "VMFirmware",),
    columns=("VMName", "SecureBoot", "SecureBootTemplate", "PreferredNetworkBootProtocol",
             "BootOrder"),
)

SNAPSHOT_TABLE = TableView(
    name="VMSnapshot",
    selected_by=(_NS + "VMSnapshot",),
    columns=("VMName", "Name", "SnapshotType", "CreationTime", "ParentSnapshotName"),
)

# No real view was found (reference §11); these are the facts an administrator looks for.
HOST_TABLE = TableView(
    name="VMHost",
    selected_by=(_NS + "VMHost",),
    columns=(
        Column("Name"),
        Column("LogicalProcessorCount"),
        Column("MemoryCapacity(M)", prop="MemoryCapacity", scale=MB),
        Column("VirtualMachinePath"),
    ),
)

VIEWS = (VM_TABLE, VM_LIST, MEMORY_TABLE, PROCESSOR_TABLE, SUPPORTED_VERSION_TABLE,
         FIRMWARE_TABLE, SNAPSHOT_TABLE, HOST_TABLE)
