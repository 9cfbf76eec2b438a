"""Bad input gets a PowerShell error record with a stable id, never a Python traceback."""

from __future__ import annotations

import pytest

LAB = "PyShell.MemoryLab.Commands."


@pytest.fixture
def running(lab):
    lab("New-VM -Name off -Generation 2 -MemoryStartupBytes 1GB | Out-Null")
    lab.start("on", encrypted=False)
    return lab


@pytest.mark.parametrize("command, error_id", [
    ("Read-VMGuestMemory -VMName nosuch -Address 0 -Count 4", "ObjectNotFound,ReadVMGuestMemory"),
    ("Read-VMGuestMemory -VMName off -Address 0 -Count 4", "InvalidState,ReadVMGuestMemory"),
    ("Read-VMGuestMemory -VMName on -Address 0x40000000 -Count 4",
     "AddressOutsideGuestMemory,ReadVMGuestMemory"),
    ("Read-VMGuestMemory -VMName on -Address 0x3FFFFFFE -Count 4",
     "AddressOutsideGuestMemory,ReadVMGuestMemory"),
    ("Write-VMGuestMemory -VMName off -Address 0 -Value x", "InvalidState,WriteVMGuestMemory"),
    ("Write-VMGuestMemory -VMName on -Address 0x3FFFFFFF -Value xy",
     "AddressOutsideGuestMemory,WriteVMGuestMemory"),
    ("Read-PhysicalMemory -Address 0x1000000000 -Count 4",
     "AddressOutsideHostMemory,ReadPhysicalMemory"),
    ("Read-PhysicalMemory -Address 0 -Count 16 -KeyId 16", "InvalidKeyId,ReadPhysicalMemory"),
    ("Read-PhysicalMemory -VMName off -GuestAddress 0 -Count 4", "InvalidState,ReadPhysicalMemory"),
    ("Read-PhysicalMemory -VMName on -GuestAddress 0x40000000 -Count 4",
     "AddressOutsideGuestMemory,ReadPhysicalMemory"),
    ("Get-VMMemoryMap -VMName off", "InvalidState,GetVMMemoryMap"),
    ("Get-VMMemoryMap -VMName on -GuestAddress 0x40000000", "AddressOutsideGuestMemory,GetVMMemoryMap"),
    ("Get-VMMemoryMap -VMName nosuch", "ObjectNotFound,GetVMMemoryMap"),
    ("Stop-MemoryBusTrace", "NoTraceRunning,StopMemoryBusTrace"),
    ("Start-MemoryBusTrace -VMName nosuch", "ObjectNotFound,StartMemoryBusTrace"),
    ("Test-VMMemoryEncryption -VMName off", "InvalidState,TestVMMemoryEncryption"),
    ("Test-VMMemoryEncryption -VMName nosuch", "ObjectNotFound,TestVMMemoryEncryption"),
    ("Get-VMHostKeyId -KeyId 99", "InvalidKeyId,GetVMHostKeyId"),
    ("Set-VMHostHardware", "NoSettingGiven,SetVMHostHardware"),
    ("Set-VMHostHardware -Profile CometLake", "InvalidState,SetVMHostHardware"),
    ("Set-VMHostHardware -KeyAlgorithm 'AES-XTS-128'", "InvalidParameter,SetVMHostHardware"),
    ("Show-VMHostMemoryMap -OutFile map.txt", "UnsupportedImageFormat,ShowVMHostMemoryMap"),
])
def test_bad_input_is_an_error_record(running, command, error_id):
    assert running.errors(command) == [error_id.replace(",", "," + LAB)]
    text = running.text(command)
    # One line of input: PowerShell's concise view, `<Command>: <message>`.
    assert "Traceback" not in text and text.startswith(command.split()[0] + ": ")


@pytest.mark.parametrize("command, parameter", [
    ("Read-VMGuestMemory -VMName on -Address 0 -Count 0", "Count"),
    ("Read-VMGuestMemory -VMName on -Address 0 -Count 2MB", "Count"),
    ("Read-VMGuestMemory -VMName on -Address -1 -Count 4", "Address"),
    ("Write-VMGuestMemory -VMName on -Address 0 -Bytes 1,2,300", "Bytes"),
    ("Write-VMGuestMemory -VMName on -Address 0 -Value ''", "Value"),
    ("Invoke-ColdBootAttack -DecayPercent 101", "DecayPercent"),
    ("Set-VMHostHardware -Profile Skylake", "Profile"),
    ("Set-VMHostHardware -KeyAlgorithm DES", "KeyAlgorithm"),
    ("Invoke-BusReplay -Transaction 5", "Transaction"),
])
def test_the_binder_names_the_bad_parameter(running, command, parameter):
    text = running.text(command)
    assert f"'{parameter}'" in text and "Traceback" not in text


def test_no_tme_refuses_tme_and_algorithms(lab):
    lab("Set-VMHostHardware -Profile CometLake")
    assert lab.errors("Set-VMHostHardware -TmeEnabled $true") == [
        "InvalidParameter," + LAB + "SetVMHostHardware"]
    assert lab.errors("Set-VMHostHardware -KeyAlgorithm 'AES-XTS-256'") == [
        "MkTmeNotEnabled," + LAB + "SetVMHostHardware"]
    hardware = lab.one("Get-VMHostHardware")
    assert (hardware.tme_supported, hardware.tme_enabled, hardware.max_key_ids) == (False, False, 0)
    assert hardware.ia32_tme_capability == "0x0000000000000000"


def test_the_algorithm_must_be_one_the_bios_activated(lab):
    # Alder Lake activates only AES-XTS-256 for KeyIDs (crypto-algs 0x4).
    assert lab.one("(Get-VMHostHardware).AvailableKeyAlgorithms") == "AES-XTS-256"
    text = lab.text("Set-VMHostHardware -KeyAlgorithm 'AES-XTS-128'")
    assert "not activated" in text
    assert lab.one("(Get-VMHostHardware).KeyAlgorithm") == "AES-XTS-256"


def test_an_ambiguous_name_is_refused(lab):
    lab("New-VM -Name twin -Generation 2 | Out-Null; New-VM -Name twin -Generation 2 | Out-Null")
    assert lab.errors("Read-VMGuestMemory -VMName twin -Address 0 -Count 1") == [
        "AmbiguousVMName," + LAB + "ReadVMGuestMemory"]


def test_a_second_trace_restarts_with_a_warning(lab):
    text = lab.text("Start-MemoryBusTrace; Start-MemoryBusTrace")
    assert "already running" in text
    assert lab("Stop-MemoryBusTrace") == []


def test_an_empty_pattern_is_refused_before_the_power_is_cut(lab):
    lab.start("on", encrypted=False)
    assert "'Pattern'" in lab.text("Invoke-ColdBootAttack -Pattern ''")
    assert lab.one("(Get-VM on).State").name == "Running"
