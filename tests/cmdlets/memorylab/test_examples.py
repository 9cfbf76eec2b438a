"""Every lab cmdlet has help (synopsis, description, an example) and every example runs
without an error in a fresh session, as a reader would paste it."""

from __future__ import annotations

import pytest

from cmdlets.memorylab import MODULE

CMDLETS = MODULE.cmdlets
EXAMPLES = [(c.metadata.name, e) for c in CMDLETS for e in c.metadata.examples]


def test_every_cmdlet_has_a_synopsis_a_description_and_an_example():
    lacking = [c.metadata.name for c in CMDLETS
               if not (c.metadata.synopsis and c.metadata.description and c.metadata.examples)]
    assert lacking == []
    assert {c.metadata.dotnet_class for c in CMDLETS} == {
        f"PyShell.MemoryLab.Commands.{c.metadata.verb}{c.metadata.noun}" for c in CMDLETS}


def test_the_module_has_the_surface_of_design_section_7():
    assert sorted(c.metadata.name for c in CMDLETS) == sorted([
        "Get-VMHostHardware", "Set-VMHostHardware", "Get-VMHostKeyId", "Write-VMGuestMemory",
        "Read-VMGuestMemory", "Read-PhysicalMemory", "Get-VMMemoryMap", "Start-MemoryBusTrace",
        "Stop-MemoryBusTrace", "Invoke-BusReplay", "Invoke-ColdBootAttack",
        "Test-VMMemoryEncryption", "Show-VMHostMemoryMap"])


@pytest.mark.parametrize("name, example", EXAMPLES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_example_runs_without_errors(lab, name, example):
    before = len(lab("$Error"))
    lab(example.code + " | Out-Null")
    errors = [str(e) for e in lab("$Error")[:len(lab("$Error")) - before] if e is not None]
    assert errors == [], f"{example.code}: {errors}"


def test_help_shows_the_examples(lab):
    text = lab.text("Get-Help Invoke-BusReplay -Examples")
    assert "Invoke-BusReplay" in text and "EXAMPLE 1" in text.upper()


# design.md §7, with the full .NET type of each; extras are allowed, nothing may be missing.
SURFACE = {
    "Get-VMHostHardware": {},
    "Set-VMHostHardware": {"Profile": "System.String", "MemoryBytes": "System.Int64",
                           "TmeEnabled": "System.Boolean", "TmeBypass": "System.Boolean",
                           "KeyIdBits": "System.Int32", "Passthru": "System.Management.Automation.SwitchParameter"},
    "Get-VMHostKeyId": {"KeyId": "System.Int32[]", "VMName": "System.String[]"},
    "Write-VMGuestMemory": {"VMName": "System.String", "Address": "System.UInt64",
                            "Value": "System.String", "Bytes": "System.Byte[]"},
    "Read-VMGuestMemory": {"VMName": "System.String", "Address": "System.UInt64", "Count": "System.Int32"},
    "Read-PhysicalMemory": {"Address": "System.UInt64", "VMName": "System.String",
                            "GuestAddress": "System.UInt64", "Count": "System.Int32", "KeyId": "System.Int32"},
    "Get-VMMemoryMap": {"VMName": "System.String", "GuestAddress": "System.UInt64"},
    "Start-MemoryBusTrace": {"VMName": "System.String[]"},
    "Stop-MemoryBusTrace": {},
    "Invoke-BusReplay": {"Transaction": "PyShell.MemoryLab.MemoryBusTransaction[]"},
    "Invoke-ColdBootAttack": {"Pattern": "System.String[]", "DecayPercent": "System.Double"},
    "Test-VMMemoryEncryption": {"VMName": "System.String[]"},
    "Show-VMHostMemoryMap": {"OutFile": "System.String"},
}


@pytest.mark.parametrize("command", CMDLETS, ids=lambda c: c.metadata.name)
def test_parameters_are_those_of_design_section_7(command):
    declared = {p.name: p.type.full_name for p in command.metadata.parameters if not p.is_common}
    wanted = SURFACE[command.metadata.name]
    assert {name: declared.get(name) for name in wanted} == wanted


def test_vm_names_complete_as_in_the_hyper_v_module(lab):
    from pyshell.host.completion import complete_text

    lab("New-VM -Name clear -Generation 2 | Out-Null; New-VM -Name secret -Generation 2 | Out-Null")
    for line in ("Read-VMGuestMemory -VMName cl", "Test-VMMemoryEncryption -VMName cl",
                 "Get-VMHostKeyId -VMName cl"):
        _, candidates = complete_text(lab.session, line)
        assert [text for text, _ in candidates] == ["clear"], line
    _, algorithms = complete_text(lab.session, "Set-VMHostHardware -KeyAlgorithm ")
    # (PowerShell quotes a completed value that holds spaces; accept it either way here.)
    assert "AES-XTS-128 with integrity" in [text.strip("'") for text, _ in algorithms]
