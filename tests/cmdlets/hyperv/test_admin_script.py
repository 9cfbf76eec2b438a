"""An administrator's script end to end: VMs from CSV data, configure, start, checkpoint, report."""

from __future__ import annotations

SCRIPT = r'''
$csv = @"
Name,MemoryGB,Generation,Cpus,Encrypt
web1,4,2,2,EnabledIfSupported
web2,4,2,2,EnabledIfSupported
db1,8,2,4,AlwaysEnabled
legacy,1,1,1,Disabled
"@
$plan = $csv | ConvertFrom-Csv
foreach ($row in $plan) {
    $vm = New-VM -Name $row.Name -Generation ([int]$row.Generation) -MemoryStartupBytes ([int64]$row.MemoryGB * 1GB)
    $vm | Set-VMProcessor -Count ([int]$row.Cpus)
    Set-VMMemory -VMName $row.Name -MemoryEncryptionPolicy $row.Encrypt
    Set-VM -Name $row.Name -Notes "created from plan" -AutomaticStopAction ShutDown
}
Get-VM | Start-VM
Get-VM | Checkpoint-VM -SnapshotName 'baseline'
$report = foreach ($vm in Get-VM) {
    $memory = Get-VMMemory -VM $vm
    [pscustomobject]@{
        Name      = $vm.Name
        State     = $vm.State
        Cpus      = $vm.ProcessorCount
        MemoryMB  = $vm.MemoryAssigned / 1MB
        Encrypted = $memory.MemoryEncryptionEnabled
        Snapshots = @(Get-VMSnapshot -VMName $vm.Name).Count
    }
}
$report | Sort-Object Name | Format-Table -AutoSize
'''


def test_admin_script(ps):
    # Snapshots: the automatic checkpoint Start-VM takes, and the baseline.
    text = ps.text(SCRIPT)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    assert lines[0].split() == ["Name", "State", "Cpus", "MemoryMB", "Encrypted", "Snapshots"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert rows["db1"] == ["Running", "4", "8192", "True", "2"]
    assert rows["legacy"] == ["Running", "1", "1024", "False", "2"]
    assert rows["web1"] == ["Running", "2", "4096", "True", "2"]
    assert ps("(Get-VM).Notes | Select-Object -Unique") == ["created from plan"]
    assert "Error" not in text
