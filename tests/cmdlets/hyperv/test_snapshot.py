"""Checkpoint-VM, Get-VMSnapshot (Get-VMCheckpoint), Restore-VMSnapshot, Remove-VMSnapshot."""

from __future__ import annotations


def test_checkpoint_default_name_uses_the_session_clock(ps):
    ps("New-VM a | Out-Null")
    snap = ps.one("Checkpoint-VM a -Passthru")
    assert snap.name == "a - (11/23/2022 - 9:00:00 AM)"
    assert snap.vm_name == "a"
    assert ps("(Get-VM a).ParentCheckpointName") == [snap.name]


def test_get_snapshots_by_name_pattern_and_alias(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a Before1; Checkpoint-VM a Before2; Checkpoint-VM a Other")
    assert ps("(Get-VMSnapshot a).Name") == ["Before1", "Before2", "Other"]
    assert ps("(Get-VMCheckpoint -VMName a -Name Before*).Name") == ["Before1", "Before2"]
    assert ps("(Get-VM a | Get-VMSnapshot -Name Other).ParentSnapshotName") == ["Before2"]
    text = ps.text("Get-VMSnapshot a -Name nosuch")
    assert "Unable to find a snapshot matching the given criteria." in text


def test_restore_brings_back_the_configuration(ps):
    ps("New-VM a -MemoryStartupBytes 1GB | Out-Null; Checkpoint-VM a base")
    ps("Set-VMMemory a -StartupBytes 2GB")
    ps("Get-VMSnapshot a -Name base | Restore-VMSnapshot -Confirm:$false")
    assert ps("(Get-VM a).MemoryStartup") == [2**30]


def test_restore_needs_the_vm_off(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a base; Start-VM a")
    text = ps.text("Restore-VMSnapshot -Name base -VMName a -Confirm:$false")
    assert "current state" in text


def test_snapshot_components(ps):
    ps("New-VM a -MemoryStartupBytes 1GB | Out-Null; Checkpoint-VM a base; Set-VMMemory a -StartupBytes 2GB")
    m = ps.one("Get-VMSnapshot a | Get-VMMemory")
    assert (m.startup, m.vm_snapshot_name) == (2**30, "base")
    assert ps("@(Get-VMSnapshot a | Get-VMProcessor).Count") == [1]


def test_remove_snapshot(ps):
    ps("New-VM a | Out-Null; Checkpoint-VM a one; Checkpoint-VM a two")
    ps("Remove-VMSnapshot -VMName a -Name one")
    assert ps("(Get-VMSnapshot a).Name") == ["two"]
    ps("Get-VMSnapshot a | Remove-VMSnapshot")
    assert ps("Get-VMSnapshot a") == []


def test_checkpoints_disabled(ps):
    ps("New-VM a | Out-Null; Set-VM a -CheckpointType Disabled")
    assert ps.error_id("Checkpoint-VM a") == \
        "InvalidOperation,Microsoft.HyperV.PowerShell.Commands.CheckpointVM"
