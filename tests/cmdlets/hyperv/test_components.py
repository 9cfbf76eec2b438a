"""Get/Set-VMProcessor, Get/Set-VMFirmware, Get/Set-VMHost, Get-VMHostSupportedVersion,
Update-VMVersion."""

from __future__ import annotations

import pytest


def test_processor_defaults_and_changes(ps):
    ps("New-VM a | Out-Null")
    cpu = ps.one("Get-VMProcessor a")
    assert (cpu.count, cpu.maximum, cpu.reserve, cpu.relative_weight) == (1, 100, 0, 100)
    cpu = ps.one("Set-VMProcessor a -Count 2 -Reserve 10 -Maximum 75 -RelativeWeight 200 -Passthru")
    assert (cpu.count, cpu.reserve, cpu.maximum, cpu.relative_weight) == (2, 10, 75, 200)
    assert ps("(Get-VM a).ProcessorCount") == [2]


def test_processor_perfmon_rewrites_every_flag(ps):
    ps("New-VM a | Out-Null; Set-VMProcessor a -Perfmon pmu,pebs")
    cpu = ps.one("Get-VMProcessor a")
    assert (cpu.enable_perfmon_pmu, cpu.enable_perfmon_pebs, cpu.enable_perfmon_lbr) == (True, True, False)


@pytest.mark.parametrize("args", ["-Maximum 101", "-Reserve -1", "-RelativeWeight 0"])
def test_processor_ranges(ps, args):
    ps("New-VM a | Out-Null")
    out = ps(f"try {{ Set-VMProcessor a {args} }} catch {{ $_.FullyQualifiedErrorId }}")
    assert "ParameterArgumentValidationError" in str(out[0])


def test_processor_count_needs_the_vm_off(ps):
    ps("New-VM a | Out-Null; Start-VM a")
    assert ps.error_id("Set-VMProcessor a -Count 2") == \
        "InvalidState,Microsoft.HyperV.PowerShell.Commands.SetVMProcessor"


def test_firmware_of_generation_2(ps):
    ps("New-VM g2 -Generation 2 | Out-Null")
    fw = ps.one("Get-VMFirmware g2")
    assert (fw.secure_boot.name, fw.secure_boot_template) == ("On", "MicrosoftWindows")
    fw = ps.one("Set-VMFirmware g2 -EnableSecureBoot Off -SecureBootTemplate MicrosoftUEFICertificateAuthority -Passthru")
    assert (fw.secure_boot.name, fw.secure_boot_template) == ("Off", "MicrosoftUEFICertificateAuthority")


def test_firmware_cmdlets_refuse_generation_1(ps):
    ps("New-VM g1 | Out-Null")
    text = ps.text("Get-VMFirmware g1")
    assert 'The Generation 1 virtual machine or snapshot "g1" does not support the VMFirmware cmdlets.' in text
    text = ps.text("Set-VMFirmware g1 -EnableSecureBoot Off")
    assert "does not support the VMFirmware cmdlets" in text


def test_firmware_template_errors(ps):
    ps("New-VM g2 -Generation 2 | Out-Null")
    out = ps("try { Set-VMFirmware g2 -SecureBootTemplate Nope } catch { $_.Exception.Message }")
    assert out == ["'Nope' matches none of the secure boot templates."]


def test_host_and_supported_versions(ps):
    vmhost = ps.one("Get-VMHost")
    assert vmhost.logical_processor_count > 0
    assert vmhost.memory_capacity == 64 * 2**30
    rows = ps("Get-VMHostSupportedVersion")
    assert [str(r.version) for r in rows] == ["8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2", "9.3", "10.0", "11.0"]
    default = ps.one("Get-VMHostSupportedVersion -Default")
    assert (str(default.version), default.name, default.is_default) == ("11.0", "Microsoft Windows 11 (22H2)", True)


def test_set_vmhost(ps):
    vmhost = ps.one(r"Set-VMHost -VirtualMachinePath 'D:\VMs' -Passthru")
    assert vmhost.virtual_machine_path == "D:\\VMs"
    out = ps("try { Set-VMHost } catch { $_.Exception.Message }")
    assert out[0].startswith("No changes were made to the host because no parameters were specified.")


def test_update_vm_version(ps):
    ps("New-VM old -Version 9.0 | Out-Null")
    ps("Update-VMVersion old -Force")
    assert ps("(Get-VM old).Version") == ["11.0"]
    text = ps.text("Update-VMVersion old -Force")
    assert "its configuration version is already at the maximum level" in text
    ps("Start-VM old")
    assert ps.error_id("Update-VMVersion old -Force") == \
        "InvalidState,Microsoft.HyperV.PowerShell.Commands.UpdateVMVersion"


def test_update_vm_version_whatif(ps):
    ps("New-VM old -Version 9.0 | Out-Null")
    text = ps.text("Update-VMVersion old -WhatIf")
    assert 'configuration version update of "old"' in text
    assert ps("(Get-VM old).Version") == ["9.0"]
