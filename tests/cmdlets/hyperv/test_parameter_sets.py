"""The parameter sets not exercised elsewhere: objects of every kind, ids, sessions, VHDs."""

from __future__ import annotations

GB = 2**30


def test_set_vmprocessor_by_processor_objects(ps):
    ps("New-VM a | Out-Null; New-VM b | Out-Null")
    ps("Get-VMProcessor a, b | Set-VMProcessor -Count 2")
    assert ps("(Get-VM).ProcessorCount") == [2, 2]


def test_set_vmfirmware_by_firmware_objects(ps):
    ps("New-VM a -Generation 2 | Out-Null")
    ps("Get-VMFirmware a | Set-VMFirmware -EnableSecureBoot Off")
    assert ps("(Get-VMFirmware a).SecureBoot.ToString()") == ["Off"]


def test_component_cmdlets_by_vm_objects_and_snapshots(ps):
    ps("New-VM a -Generation 2 | Out-Null; Checkpoint-VM a base")
    assert ps("(Get-VM a | Get-VMFirmware).VMName") == ["a"]
    assert ps("(Get-VMSnapshot a | Get-VMFirmware).VMSnapshotName") == ["base"]
    assert ps("(Get-VMProcessor -VM (Get-VM a)).VMName") == ["a"]
    assert ps("(Get-VMMemory -VMCheckpoint (Get-VMSnapshot a)).VMSnapshotName") == ["base"]


def test_get_vmhost_by_cim_session(ps):
    ps("New-VM a | Out-Null")
    assert ps("(Get-VMHost -CimSession (Get-VM a).CimSession).Name") == ps("(Get-VMHost).Name")
    assert ps("(Get-VM a).CimSession.ToString()") == ["CimSession: ."]
    assert ps("(Get-VM -CimSession (Get-VM a).CimSession).Name") == ["a"]


def test_new_vm_vhd_sets(ps):
    vm = ps.one(r"New-VM v1 -MemoryStartupBytes 1GB -NewVHDPath D:\vhd\base.vhdx -NewVHDSizeBytes 40GB")
    assert vm.name == "v1"
    vm = ps.one(r"New-VM v2 -MemoryStartupBytes 1GB -VHDPath D:\vhd\BaseImage.vhdx")
    assert vm.name == "v2"
    out = ps(r"try { New-VM v3 -Generation 2 -VHDPath D:\old.vhd } catch { $_.Exception.Message }")
    assert out == ["Generation 2 virtual machines do not support .vhd or .avhd format."]
    text = ps.text("New-VM v4 -Generation 2 -BootDevice VHD")
    assert "WARNING: No boot source could be found that matches the specified boot device type." in text


def test_snapshot_cmdlets_by_vm_object(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a one; Checkpoint-VM a two")
    ps("Restore-VMSnapshot -VM (Get-VM a) -Name one -Confirm:$false")
    assert ps("(Get-VM a).ParentSnapshotName") == ["one"]
    ps("Get-VM a | Remove-VMSnapshot -Name two")
    assert ps("(Get-VMSnapshot a).Name") == ["one"]
    snap = ps.one("Get-VMSnapshot a")
    assert ps(f"(Get-VMSnapshot -Id {snap.id}).Name") == ["one"]


def test_remove_snapshot_with_children(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a one; Checkpoint-VM a two; Checkpoint-VM a three")
    ps("Remove-VMSnapshot -VMName a -Name two -IncludeAllChildSnapshots")
    assert ps("(Get-VMSnapshot a).Name") == ["one"]


def test_restart_wait_parameters(ps):
    ps("New-VM a | Out-Null; Start-VM a")
    ps("Restart-VM a -Force -Wait -For Heartbeat -Delay 2 -Timeout 30")
    assert ps.state("a") == "Running"
    assert ps("(Get-VM a).Heartbeat.ToString()") == ["OkApplicationsHealthy"]
