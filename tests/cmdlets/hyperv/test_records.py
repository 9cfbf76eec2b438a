"""Record shapes, type names, views and tab completion data."""

from __future__ import annotations

import pytest

from cmdlets.hyperv import MODULE
from cmdlets.hyperv.resolve import complete_vm_names


def test_type_names(ps):
    ps("New-VM a -Generation 2 | Out-Null")
    assert ps("(Get-VM a).PSTypeNames[0]") == ["Microsoft.HyperV.PowerShell.VirtualMachine"]
    assert ps("(Get-VM a) -is [Microsoft.HyperV.PowerShell.VirtualMachine]") == [True]
    assert ps("(Get-VM a).State -is [Microsoft.HyperV.PowerShell.VMState]") == [True]
    assert ps("(Get-VMMemory a).PSTypeNames[0]") == ["Microsoft.HyperV.PowerShell.VMMemory"]


def test_virtual_machine_property_order_starts_with_the_aliases(ps):
    ps("New-VM a | Out-Null")
    names = ps("(Get-VM a).PSObject.Properties.Name")
    assert names[:6] == ["ParentCheckpointId", "ParentCheckpointName", "VMName", "VMId",
                         "CheckpointFileLocation", "ConfigurationLocation"]
    assert names[-3:] == ["CimSession", "ComputerName", "IsDeleted"]
    assert len(names) == 77


# `Format-List *` order of each record (§3): a class's own properties, then its bases'
# (nearest first), then its aliases. The bases' parts are spelled out once here.
_OBJECT = "CimSession ComputerName IsDeleted"
_MACHINE = (
    "State ComPort1 ComPort2 DVDDrives FibreChannelHostBusAdapters FloppyDrive HardDrives "
    "RemoteFxAdapter VMIntegrationService DynamicMemoryEnabled MemoryMaximum MemoryMinimum "
    "MemoryStartup ProcessorCount BatteryPassthroughEnabled Generation IsClustered "
    "ParentSnapshotId ParentSnapshotName Path SizeOfSystemFiles GuestControlledCacheTypes "
    "LowMemoryMappedIoSpace HighMemoryMappedIoSpace HighMemoryMappedIoBaseAddress "
    "LockOnDisconnect CreationTime Id Name NetworkAdapters " + _OBJECT)
_COMPONENT = ("VMId VMName VMSnapshotId VMSnapshotName " + _OBJECT +
              " VMCheckpointId VMCheckpointName")
PROPERTY_ORDER = {
    "VirtualMachine": (
        "ParentCheckpointId ParentCheckpointName VMName VMId CheckpointFileLocation "
        "ConfigurationLocation SmartPagingFileInUse SmartPagingFilePath SnapshotFileLocation "
        "AutomaticStartAction AutomaticStartDelay AutomaticStopAction "
        "AutomaticCriticalErrorAction AutomaticCriticalErrorActionTimeout "
        "AutomaticCheckpointsEnabled CPUUsage MemoryAssigned MemoryDemand MemoryStatus "
        "NumaAligned NumaNodesCount NumaSocketCount Heartbeat IntegrationServicesState "
        "IntegrationServicesVersion Uptime OperationalStatus PrimaryOperationalStatus "
        "SecondaryOperationalStatus StatusDescriptions PrimaryStatusDescription "
        "SecondaryStatusDescription Status ReplicationHealth ReplicationMode ReplicationState "
        "ResourceMeteringEnabled CheckpointType EnhancedSessionTransportType Groups Version "
        "VirtualMachineType VirtualMachineSubType Notes " + _MACHINE),
    "VMSnapshot": ("SnapshotType IsAutomaticCheckpoint VMId VMName " + _MACHINE +
                   " ParentCheckpointId ParentCheckpointName"),
    "VMMemory": (
        "ResourcePoolName Buffer DynamicMemoryEnabled Maximum MaximumPerNumaNode Minimum "
        "Priority Startup HugePagesEnabled MemoryEncryptionPolicy MemoryEncryptionEnabled "
        "Name Id " + _COMPONENT),
    "VMProcessor": (
        "ResourcePoolName Count CompatibilityForMigrationEnabled CompatibilityForMigrationMode "
        "CompatibilityForOlderOperatingSystemsEnabled HwThreadCountPerCore "
        "ExposeVirtualizationExtensions EnablePerfmonPmu EnablePerfmonLbr EnablePerfmonPebs "
        "EnablePerfmonIpt EnableLegacyApicMode ApicMode AllowACountMCount CpuBrandString "
        "PerfCpuFreqCapMhz Maximum Reserve RelativeWeight MaximumCountPerNumaNode "
        "MaximumCountPerNumaSocket EnableHostResourceProtection OperationalStatus "
        "StatusDescription Name Id " + _COMPONENT),
    "VMFirmware": (
        "BootOrder PreferredNetworkBootProtocol SecureBoot SecureBootTemplateId "
        "SecureBootTemplate ConsoleMode PauseAfterBootFailure " + _COMPONENT),
    "VMHost": (
        "LogicalProcessorCount ResourceMeteringSaveInterval HostNumaStatus NumaStatus "
        "IovSupport IovSupportReasons InternalNetworkAdapters ExternalNetworkAdapters "
        "SupportedVmVersions SecureBootTemplates EnableEnhancedSessionMode FibreChannelWwnn "
        "FibreChannelWwpnMaximum FibreChannelWwpnMinimum MacAddressMaximum MacAddressMinimum "
        "NumaSpanningEnabled VirtualHardDiskPath VirtualMachinePath FullyQualifiedDomainName "
        "MemoryCapacity Name MaximumStorageMigrations MaximumVirtualMachineMigrations "
        "UseAnyNetworkForMigration VirtualMachineMigrationAuthenticationType "
        "VirtualMachineMigrationEnabled VirtualMachineMigrationPerformanceOption " + _OBJECT),
    "VMHostSupportedVersion": "Name Version IsDefault " + _OBJECT,
}
RECORD_OF = {
    "VirtualMachine": "Get-VM a", "VMSnapshot": "Get-VMSnapshot a", "VMMemory": "Get-VMMemory a",
    "VMProcessor": "Get-VMProcessor a", "VMFirmware": "Get-VMFirmware a", "VMHost": "Get-VMHost",
    "VMHostSupportedVersion": "Get-VMHostSupportedVersion | Select-Object -First 1",
}


@pytest.mark.parametrize("type_name", sorted(PROPERTY_ORDER))
def test_every_record_lists_its_properties_in_the_real_order(ps, type_name):
    ps("New-VM a -Generation 2 | Out-Null; Checkpoint-VM a -SnapshotName c")
    names = ps(f"({RECORD_OF[type_name]}).PSObject.Properties.Name")
    assert names == PROPERTY_ORDER[type_name].split()


def test_default_table_view(ps):
    ps("New-VM web1 -Generation 2 -MemoryStartupBytes 4GB | Out-Null")
    text = ps.text("Get-VM")
    assert text.strip().splitlines() == [
        "Name State CPUUsage(%) MemoryAssigned(M) Uptime   Status             Version",
        "---- ----- ----------- ----------------- ------   ------             -------",
        "web1 Off   0           0                 00:00:00 Operating normally 11.0",
    ]


def test_list_view_and_memory_table(ps):
    ps("New-VM db -MemoryStartupBytes 2GB | Out-Null")
    text = ps.text("Get-VM db | Format-List")
    assert [line.split(":")[0].strip() for line in text.strip().splitlines()] == [
        "Name", "State", "CpuUsage", "MemoryAssigned", "MemoryDemand", "MemoryStatus",
        "Uptime", "Status", "ReplicationState", "Generation"]
    text = ps.text("Get-VMMemory db")
    assert text.strip().splitlines()[2].split() == ["db", "False", "512", "2048", "1048576"]


def test_supported_version_table(ps):
    text = ps.text("Get-VMHostSupportedVersion")
    lines = text.strip().splitlines()
    assert lines[0].split() == ["Name", "Version", "IsDefault"]
    assert lines[-1].split()[-2:] == ["11.0", "True"]


def test_module_declares_types_and_views():
    names = {getattr(t, "__ps_typenames__", ("",))[0] for t in MODULE.types}
    assert "Microsoft.HyperV.PowerShell.MemoryEncryptionPolicy" in names
    assert "Microsoft.HyperV.PowerShell.VirtualMachine" in names
    assert {v.name for v in MODULE.views} >= {"VirtualMachine", "VMMemory", "VMProcessor",
                                               "VMHostSupportedVersion", "VMFirmware",
                                               "VMSnapshot", "VMHost"}


def test_vm_name_completion(ps, session):
    ps("'web1','web2','db' | ForEach-Object { New-VM $_ } | Out-Null; New-VM 'my vm' | Out-Null")
    assert complete_vm_names(session, "we") == ["web1", "web2"]
    assert complete_vm_names(session, "my") == ["'my vm'"]
    assert complete_vm_names(session, "") == ["db", "'my vm'", "web1", "web2"]


def test_every_vm_name_parameter_completes_and_enum_parameters_know_their_values():
    for command in MODULE.cmdlets:
        for p in command.metadata.declared_parameters:
            if p.name in ("Name", "VMName") and p.type.name.startswith("String") \
                    and command.metadata.noun.startswith("VM") and "Snapshot" not in command.metadata.noun \
                    and command.metadata.verb != "New":
                assert p.completer is not None, (command.metadata.name, p.name)
            if p.type.kind.name == "ENUM":
                assert list(p.type.python), (command.metadata.name, p.name)
