"""Pipeline input by value and by property name, and records through ordinary cmdlets."""

from __future__ import annotations


def test_names_by_value(ps):
    ps("'a','b' | ForEach-Object { New-VM $_ } | Out-Null")
    ps("'a','b' | Start-VM")
    assert ps("@(Get-VM | Where-Object State -eq Running).Count") == [2]
    assert ps("('a' | Get-VM).Name") == ["a"]
    assert ps("('a' | Get-VMMemory).VMName") == ["a"]


def test_vm_objects_by_value(ps):
    ps("New-VM a -Generation 2 | Set-VMMemory -MemoryEncryptionPolicy EnabledIfSupported")
    assert ps("(Get-VM a | Get-VMMemory).MemoryEncryptionPolicy.ToString()") == ["EnabledIfSupported"]
    assert ps("(Get-VM a | Start-VM -Passthru | Get-VMMemory).MemoryEncryptionEnabled") == [True]


def test_new_vm_by_property_name(ps):
    ps("[pscustomobject]@{ Name = 'fromobject' } | New-VM | Out-Null")
    assert ps("(Get-VM).Name") == ["fromobject"]


def test_get_vm_id_by_property_name(ps):
    ps("New-VM a | Out-Null")
    assert ps("([pscustomobject]@{ Id = (Get-VM a).Id } | Get-VM).Name") == ["a"]


def test_snapshot_names_by_property_name(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a one")
    assert ps("([pscustomobject]@{ VMName = 'a' } | Get-VMSnapshot).Name") == ["one"]


def test_records_work_with_select_sort_group_measure(ps):
    ps("'a','b','c' | ForEach-Object { New-VM -Name \"lab-$_\" -Generation 2 -MemoryStartupBytes 1GB } | Out-Null")
    assert ps("(Get-VM | Measure-Object -Property MemoryStartup -Sum).Sum") == [3 * 2**30]
    assert ps("Get-VM | Sort-Object Name -Descending | Select-Object -First 1 -ExpandProperty Name") == ["lab-c"]
    assert ps("(Get-VM | Group-Object Generation).Count") == [3]
    assert ps("Get-VM lab-a | Get-Member -MemberType Property -Name Memory* | Select-Object -ExpandProperty Name") == [
        "MemoryAssigned", "MemoryDemand", "MemoryMaximum", "MemoryMinimum", "MemoryStartup", "MemoryStatus"]
