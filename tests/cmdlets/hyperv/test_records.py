"""Record shapes, type names, views and tab completion data."""

from __future__ import annotations

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
