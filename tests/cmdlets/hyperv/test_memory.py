"""Get-VMMemory / Set-VMMemory, dynamic-memory rules, and memory encryption (design.md §4)."""

from __future__ import annotations

import pytest

MB = 2**20
GB = 2**30
# VMs that miss one encryption requirement, and the words the message uses for it.
UNMET = [
    ("New-VM v -Generation 1", "Generation 2"),
    ("New-VM v -Generation 2 -Version 9.0", "version 10.0 or later"),
]


def test_fl_star_lists_every_property_in_order(ps):
    ps("New-VM web1 -Generation 2 | Out-Null")
    names = ps("(Get-VMMemory web1).PSObject.Properties.Name")
    assert names == [
        "ResourcePoolName", "Buffer", "DynamicMemoryEnabled", "Maximum", "MaximumPerNumaNode",
        "Minimum", "Priority", "Startup", "HugePagesEnabled", "MemoryEncryptionPolicy",
        "MemoryEncryptionEnabled", "Name", "Id", "VMId", "VMName", "VMSnapshotId",
        "VMSnapshotName", "CimSession", "ComputerName", "IsDeleted", "VMCheckpointId",
        "VMCheckpointName"]


def test_defaults(ps):
    ps("New-VM a | Out-Null")
    m = ps.one("Get-VMMemory a")
    assert (m.startup, m.minimum, m.maximum, m.buffer, m.priority) == (512 * MB, 512 * MB, 1024 * GB, 20, 50)
    assert m.memory_encryption_policy.name == "Disabled"
    assert m.memory_encryption_enabled is False


def test_dynamic_memory_required_for_min_max_buffer(ps):
    ps("New-VM db -MemoryStartupBytes 2GB | Out-Null")
    for args in ("-MinimumBytes 1GB", "-MaximumBytes 4GB", "-Buffer 30"):
        out = ps(f"try {{ Set-VMMemory db -StartupBytes 3GB {args} -ErrorAction Stop }} "
                 "catch { $_.Exception.Message; $_.FullyQualifiedErrorId }")
        assert out == ["Setting maximum, minimum, and buffer settings requires Dynamic Memory to be enabled.",
                       "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.SetVMMemory"]
    # nothing half-done: the startup size did not change either
    assert ps("(Get-VMMemory db).Startup") == [2 * GB]


def test_dynamic_memory_settings(ps):
    ps("New-VM a | Out-Null")
    m = ps.one("Set-VMMemory a -DynamicMemoryEnabled $true -MinimumBytes 256MB -StartupBytes 1GB "
               "-MaximumBytes 2GB -Priority 80 -Buffer 25 -Passthru")
    assert (m.dynamic_memory_enabled, m.minimum, m.startup, m.maximum, m.priority, m.buffer) == \
        (True, 256 * MB, GB, 2 * GB, 80, 25)


@pytest.mark.parametrize("args", ["-Buffer 4", "-Buffer 2001", "-Priority 101"])
def test_ranges(ps, args):
    ps("New-VM a | Out-Null")
    out = ps(f"try {{ Set-VMMemory a {args} }} catch {{ $_.FullyQualifiedErrorId }}")
    assert "ParameterArgumentValidationError" in str(out[0])


def test_numa_maximum_must_be_2mb_aligned(ps):
    ps("New-VM a | Out-Null")
    out = ps("try { Set-VMMemory a -MaximumAmountPerNumaNodeBytes 3MB -ErrorAction Stop } "
             "catch { $_.Exception.Message }")
    assert out[0].startswith("The MaximumAmountPerNUMANodeBytes should be a multiple of 2 MB")


def test_startup_change_on_running_vm_is_refused(ps):
    ps("New-VM a | Out-Null; Start-VM a")
    assert ps.error_id("Set-VMMemory a -StartupBytes 1GB") == \
        "InvalidState,Microsoft.HyperV.PowerShell.Commands.SetVMMemory"


def test_encryption_enabled_only_while_running(ps):
    ps("New-VM web1 -Generation 2 -MemoryStartupBytes 4GB | Out-Null")
    ps("Set-VMMemory -VMName web1 -MemoryEncryptionPolicy EnabledIfSupported")
    assert ps("(Get-VMMemory web1).MemoryEncryptionEnabled") == [False]
    ps("Start-VM web1")
    assert ps("(Get-VMMemory web1).MemoryEncryptionEnabled") == [True]
    ps("Stop-VM web1 -TurnOff")
    assert ps("(Get-VMMemory web1).MemoryEncryptionEnabled") == [False]


@pytest.mark.parametrize("new_vm, requirement", UNMET)
def test_enabled_if_supported_falls_back_with_one_warning(ps, new_vm, requirement):
    ps(f"{new_vm} | Out-Null; Set-VMMemory v -MemoryEncryptionPolicy EnabledIfSupported")
    text = ps.text("Start-VM v")
    warnings = [line for line in text.splitlines() if line.startswith("WARNING:")]
    assert len(warnings) == 1 and requirement in warnings[0]
    assert ps.state("v") == "Running"
    assert ps("(Get-VMMemory v).MemoryEncryptionEnabled") == [False]


@pytest.mark.parametrize("new_vm, requirement", UNMET)
def test_always_enabled_refuses_to_start(ps, new_vm, requirement):
    ps(f"{new_vm} | Out-Null; Set-VMMemory v -MemoryEncryptionPolicy AlwaysEnabled")
    text = ps.text("Start-VM v")
    errors = [line for line in text.splitlines() if line.startswith("Start-VM:")]
    assert len(errors) == 1 and requirement in errors[0]
    assert ps.state("v") == "Off"
    assert ps.error_id("Start-VM v") == "OperationFailed,Microsoft.HyperV.PowerShell.Commands.StartVM"


def test_keyids_run_out_after_15_and_the_warning_counts_them(ps):
    ps("1..16 | ForEach-Object { New-VM -Name ('vm{0:d2}' -f $_) -Generation 2 "
       "-MemoryStartupBytes 512MB } | Set-VMMemory -MemoryEncryptionPolicy EnabledIfSupported")
    ps("1..15 | ForEach-Object { Start-VM -Name ('vm{0:d2}' -f $_) }")
    text = ps.text("Start-VM vm16")
    assert "15 of 15 in use" in text
    ps("Stop-VM vm01 -TurnOff; Stop-VM vm16 -TurnOff")
    ps("Set-VMMemory vm16 -MemoryEncryptionPolicy AlwaysEnabled; Start-VM vm16")
    assert ps("(Get-VMMemory vm16).MemoryEncryptionEnabled") == [True]
    assert "15 of 15 in use" in ps.text("Start-VM vm01")


def test_policy_change_needs_the_vm_off(ps):
    ps("New-VM v -Generation 2 | Out-Null; Start-VM v")
    text = ps.text("Set-VMMemory v -MemoryEncryptionPolicy AlwaysEnabled")
    assert "Set-VMMemory: The operation cannot be performed while the virtual machine is in its current state." in text
    assert ps("(Get-VMMemory v).MemoryEncryptionPolicy.ToString()") == ["Disabled"]


def test_bad_policy_value_is_a_conversion_error(ps):
    ps("New-VM v | Out-Null")
    out = ps("try { Set-VMMemory v -MemoryEncryptionPolicy Sometimes -ErrorAction Stop } "
             "catch { $_.FullyQualifiedErrorId }")
    assert out == ["CannotConvertArgumentNoMessage,Microsoft.HyperV.PowerShell.Commands.SetVMMemory"]


def test_enum_type_is_known_to_the_shell(ps):
    assert ps("[enum]::GetNames([Microsoft.HyperV.PowerShell.MemoryEncryptionPolicy]) -join ', '") == \
        ["Disabled, EnabledIfSupported, AlwaysEnabled"]
    assert ps("[Microsoft.HyperV.PowerShell.VMState]::Running.ToString()") == ["Running"]


def test_set_memory_by_vmmemory_objects(ps):
    ps("New-VM a | Out-Null; New-VM b | Out-Null")
    ps("Get-VMMemory a, b | Set-VMMemory -StartupBytes 1GB")
    assert ps("(Get-VM).MemoryStartup") == [GB, GB]
