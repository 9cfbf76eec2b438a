"""New-VM, Get-VM, Set-VM, Rename-VM, Remove-VM."""

from __future__ import annotations

import uuid

import pytest

GB = 2**30
MB = 2**20


def test_new_vm_defaults_match_a_windows_11_host(ps):
    vm = ps.one("New-VM")
    assert vm.name == "New Virtual Machine"
    assert vm.generation == 1
    assert vm.version == "11.0"
    assert vm.memory_startup == 512 * MB
    assert str(vm.state.name) == "Off"
    assert vm.status == "Operating normally"


def test_new_vm_positional_name_memory_generation(ps):
    vm = ps.one("New-VM web1 4GB 2")
    assert (vm.name, vm.memory_startup, vm.generation) == ("web1", 4 * GB, 2)


def test_new_vm_older_version_and_unsupported_version(ps):
    assert ps.one("(New-VM -Name old -Version 9.0).Version") == "9.0"
    assert ps.error_id("New-VM -Name bad -Version 12.0") == \
        "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.NewVM"
    assert ps("Get-VM bad -ErrorAction SilentlyContinue") == []


@pytest.mark.parametrize("device, text", [
    ("Floppy", "floppy drives"), ("IDE", "IDE"), ("LegacyNetworkAdapter", "legacy network"),
])
def test_generation_2_refuses_legacy_boot_devices_and_creates_nothing(ps, device, text):
    out = ps(f"try {{ New-VM g2 -Generation 2 -BootDevice {device} }} catch {{ $_.Exception.Message }}")
    assert text in str(out[0])
    assert ps("@(Get-VM).Count") == [0]


def test_generation_must_be_1_or_2(ps):
    out = ps("try { New-VM g3 -Generation 3 } catch { $_.FullyQualifiedErrorId }")
    assert "ParameterArgumentValidationError" in str(out[0])


def test_memory_must_be_a_multiple_of_2mb(ps):
    assert ps.error_id("New-VM odd -MemoryStartupBytes 513MB") == \
        "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.NewVM"
    assert ps("@(Get-VM).Count") == [0]


def test_new_vhd_must_be_vhdx(ps):
    out = ps("try { New-VM d -NewVHDPath x.vhd -NewVHDSizeBytes 1GB } catch { $_.Exception.Message }")
    assert out == ["The path for a new virtual hard disk must use the .VHDX file extension."]


def test_new_vm_whatif_creates_nothing(ps):
    assert "What if:" in ps.text("New-VM w -WhatIf")
    assert ps("@(Get-VM).Count") == [0]


def test_get_vm_sorts_by_name_and_matches_wildcards(ps):
    ps("'c','a','B' | ForEach-Object { New-VM -Name $_ } | Out-Null")
    assert ps("(Get-VM).Name") == ["a", "B", "c"]
    assert ps("(Get-VM -Name [ab]).Name") == ["a", "B"]
    assert ps("(Get-VM A).Name") == ["a"]  # case-insensitive
    assert ps("Get-VM z*") == []


@pytest.mark.parametrize("command, prop", [("Get-VM", "Name"), ("Get-VMMemory", "VMName"),
                                           ("Start-VM -Passthru", "Name")])
def test_a_malformed_pattern_is_the_cmdlets_own_error_and_the_next_name_still_runs(
        ps, command, prop):
    ps("New-VM -Name a1 | Out-Null")
    verb = command.split()[0]
    assert ps.error_id(f"{command} 'a['") == \
        f"InvalidParameter,Microsoft.HyperV.PowerShell.Commands.{verb.replace('-', '')}"
    assert f"{verb}: The specified wildcard character pattern is not valid: a[" in \
        ps.text(f"{command} 'a['")
    assert ps(f"{command} 'a[', a1 -ErrorAction SilentlyContinue | ForEach-Object {prop}") == \
        ["a1"]


def test_get_vm_not_found_is_invalid_parameter_with_the_name_as_target(ps):
    assert ps.error_id("Get-VM nosuch") == \
        "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM"
    assert ps.category("Get-VM nosuch") == "InvalidArgument"
    assert ps("try { Get-VM nosuch -ErrorAction Stop } catch { $_.TargetObject }") == ["nosuch"]
    text = ps.text("Get-VM nosuch")
    assert 'Get-VM: Hyper-V was unable to find a virtual machine with name "nosuch".' in text


def test_get_vm_several_names_reports_only_the_missing_one(ps):
    ps("New-VM a | Out-Null")
    out = ps("Get-VM a, nosuch -ErrorVariable e -ErrorAction SilentlyContinue; $e.Count")
    assert [getattr(o, "name", o) for o in out] == ["a", 1]


def test_get_vm_by_id_and_by_pipeline_id(ps):
    vm = ps.one("New-VM a")
    assert ps.one(f"(Get-VM -Id '{vm.id}').Name") == "a"
    missing = uuid.UUID(int=5)
    text = ps.text(f"Get-VM -Id {missing}")
    assert f'unable to find a virtual machine with id "{missing}"' in text


def test_duplicate_names_return_every_vm(ps):
    ps("New-VM twin | Out-Null; New-VM twin | Out-Null")
    assert ps("@(Get-VM twin).Count") == [2]


def test_set_vm_changes_processor_count_notes_and_actions(ps):
    ps("New-VM a | Out-Null")
    vm = ps.one("Set-VM a -ProcessorCount 2 -Notes 'web tier' -AutomaticStopAction ShutDown "
                "-CheckpointType Standard -Passthru")
    assert vm.processor_count == 2
    assert vm.notes == "web tier"
    assert vm.automatic_stop_action.name == "ShutDown"
    assert vm.checkpoint_type.name == "Standard"


def test_set_vm_dynamic_memory(ps):
    ps("New-VM a -MemoryStartupBytes 1GB | Out-Null")
    vm = ps.one("Set-VM a -DynamicMemory -MemoryMinimumBytes 512MB -MemoryMaximumBytes 2GB -Passthru")
    assert (vm.dynamic_memory_enabled, vm.memory_minimum, vm.memory_maximum) == (True, 512 * MB, 2 * GB)


def test_set_vm_min_max_without_dynamic_memory_is_refused(ps):
    ps("New-VM a | Out-Null")
    out = ps("try { Set-VM a -MemoryMaximumBytes 2GB -ErrorAction Stop } catch { $_.Exception.Message }")
    assert "Dynamic and static memory settings cannot be specified together" in str(out[0])
    out = ps("try { Set-VM a -DynamicMemory -StaticMemory } catch { $_.FullyQualifiedErrorId }")
    assert out == ["InvalidParameter,Microsoft.HyperV.PowerShell.Commands.SetVM"]


def test_set_vm_failure_leaves_nothing_half_done(ps):
    ps("New-VM a -MemoryStartupBytes 1GB | Out-Null")
    # 2 GB of memory would be fine, 99 processors are not: neither change may stay.
    ps("Set-VM a -MemoryStartupBytes 2GB -ProcessorCount 99 -Notes changed -ErrorAction SilentlyContinue")
    vm = ps.one("Get-VM a")
    assert (vm.memory_startup, vm.processor_count, vm.notes) == (GB, 1, "")


def test_set_vm_new_name(ps):
    ps("New-VM a | Out-Null; Set-VM a -NewVMName b")
    assert ps("(Get-VM).Name") == ["b"]


def test_rename_vm_keeps_the_id(ps):
    vm = ps.one("New-VM db")
    renamed = ps.one("Rename-VM db -NewName database -Passthru")
    assert (renamed.name, renamed.id) == ("database", vm.id)
    assert "Rename-VM will rename the virtual machine" in ps.text("Rename-VM database x -WhatIf")


def test_remove_vm_whatif_force_and_running_refusal(ps):
    ps("New-VM db | Out-Null")
    text = ps.text("Remove-VM -Name db -WhatIf")
    assert text.startswith("What if:") and '"db"' in text
    assert ps("@(Get-VM).Count") == [1]
    ps("Start-VM db")
    assert ps.error_id("Remove-VM db -Force") == \
        "InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVM"
    ps("Stop-VM db -TurnOff; Remove-VM db -Force")
    assert ps("@(Get-VM).Count") == [0]


def test_remove_vm_missing_name_is_object_not_found(ps):
    assert ps.error_id("Remove-VM nosuch -Force") == \
        "ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.RemoveVM"
    assert ps.category("Remove-VM nosuch -Force") == "ObjectNotFound"


def test_records_are_snapshots_and_vm_objects_are_looked_up_again(ps):
    ps("$vm = New-VM a")
    ps("Start-VM a")
    assert ps("$vm.State.ToString()") == ["Off"]
    assert ps("($vm | Stop-VM -TurnOff -Passthru).State.ToString()") == ["Off"]
    ps("Remove-VM a -Force")
    assert ps.error_id("$vm | Start-VM") == \
        "ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.StartVM"


def test_a_malformed_checkpoint_pattern_is_the_cmdlets_own_error(ps):
    ps("New-VM -Name a1 | Out-Null; Checkpoint-VM a1 -SnapshotName c1")
    assert ps.error_id("Get-VMSnapshot a1 -Name 'c['") == \
        "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVMSnapshot"
    assert ps("Get-VMSnapshot a1 -Name 'c[' -ErrorAction SilentlyContinue; "
              "Get-VMSnapshot a1 -Name 'c*' | ForEach-Object Name") == ["c1"]
