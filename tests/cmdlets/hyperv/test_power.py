"""The state machine of hyperv-cmdlets.md §6 through Start/Stop/Save/Suspend/Resume/Restart."""

from __future__ import annotations

import pytest

STATE_ERROR = "The operation cannot be performed while the virtual machine is in its current state."
ALREADY = "The virtual machine is already in the specified state."

# How to bring a fresh VM named v into each state.
SETUP = {
    "Off": "",
    "Running": "Start-VM v",
    "Paused": "Start-VM v; Suspend-VM v",
    "Saved": "Start-VM v; Save-VM v",
}

# (command, from state) -> resulting state, or "warn" (already there) or "error" (refused).
TABLE = [
    ("Start-VM v", "Off", "Running"), ("Start-VM v", "Running", "warn"),
    ("Start-VM v", "Saved", "Running"), ("Start-VM v", "Paused", "Running"),
    ("Stop-VM v", "Running", "Off"), ("Stop-VM v", "Off", "warn"),
    ("Stop-VM v -TurnOff", "Running", "Off"), ("Stop-VM v -TurnOff", "Paused", "Off"),
    ("Stop-VM v -TurnOff", "Saved", "Off"), ("Stop-VM v -TurnOff", "Off", "warn"),
    ("Stop-VM v -Save", "Running", "Saved"), ("Stop-VM v -Save", "Off", "error"),
    ("Save-VM v", "Running", "Saved"), ("Save-VM v", "Paused", "Saved"),
    ("Save-VM v", "Saved", "warn"), ("Save-VM v", "Off", "error"),
    ("Suspend-VM v", "Running", "Paused"), ("Suspend-VM v", "Paused", "warn"),
    ("Suspend-VM v", "Off", "error"), ("Suspend-VM v", "Saved", "error"),
    ("Resume-VM v", "Paused", "Running"), ("Resume-VM v", "Running", "warn"),
    ("Resume-VM v", "Off", "error"), ("Resume-VM v", "Saved", "error"),
    ("Restart-VM v -Force", "Running", "Running"), ("Restart-VM v -Force", "Off", "error"),
    ("Restart-VM v -Force", "Paused", "error"),
]


@pytest.mark.parametrize("command, start, result", TABLE)
def test_transition(ps, command, start, result):
    ps("New-VM v -MemoryStartupBytes 512MB | Out-Null")
    if SETUP[start]:
        ps(SETUP[start])
    text = ps.text(command)
    if result == "warn":
        assert f"WARNING: {ALREADY}" in text
        assert ps.state("v") == start
    elif result == "error":
        assert STATE_ERROR in text
        assert ps.state("v") == start
        verb = command.split("-")[0] + command.split("-")[1].split()[0]
        assert ps.error_id(command).startswith("InvalidState,Microsoft.HyperV.PowerShell.Commands.")
        assert ps.category(command) == "InvalidOperation"
    else:
        assert "WARNING" not in text or start == "Paused"
        assert ps.state("v") == result


def test_start_paused_vm_warns_and_resumes(ps):
    ps("New-VM db | Out-Null; Start-VM db; Suspend-VM db")
    text = ps.text("Start-VM db")
    assert ('WARNING: The virtual machine "db" was paused. Use the Resume-VM cmdlet to return a '
            "paused virtual machine to a running state.") in text
    assert ps.state("db") == "Running"


def test_uptime_follows_the_session_clock(ps):
    ps("New-VM a | Out-Null; Start-VM a")
    assert ps("(Get-VM a).Uptime.ToString()") == ["00:00:00"]
    ps("Start-Sleep -Seconds 90")
    assert ps("(Get-VM a).Uptime.ToString()") == ["00:01:30"]
    assert ps("(Get-VM a).MemoryAssigned") == [512 * 2**20]
    ps("Stop-VM a")
    assert ps("(Get-VM a).Uptime.ToString()") == ["00:00:00"]
    assert ps("(Get-VM a).MemoryAssigned") == [0]


def test_not_enough_memory_fails_the_start_and_keeps_the_vm_off(ps):
    ps("New-VM huge -Generation 2 -MemoryStartupBytes 1TB | Out-Null")
    assert ps.error_id("Start-VM huge") == \
        "OperationFailed,Microsoft.HyperV.PowerShell.Commands.StartVM"
    text = ps.text("Start-VM huge")
    assert "Not enough memory in the system to start the virtual machine huge" in text
    assert ps.state("huge") == "Off"


def test_one_failure_does_not_stop_the_others(ps):
    ps("New-VM huge -MemoryStartupBytes 1TB | Out-Null; New-VM small | Out-Null")
    ps("Start-VM huge, small -ErrorAction SilentlyContinue")
    assert ps.state("small") == "Running"


def test_stop_save_and_turnoff_are_mutually_exclusive(ps):
    ps("New-VM a | Out-Null; Start-VM a")
    out = ps("try { Stop-VM a -Save -TurnOff } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }")
    assert out == ["The Save and TurnOff parameters are mutually exclusive.",
                   "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.StopVM"]
    assert ps.state("a") == "Running"


def test_stop_of_a_saved_vm_turns_it_off_with_force(ps):
    ps("New-VM a | Out-Null; Start-VM a; Save-VM a")
    ps("Stop-VM a -Force")
    assert ps.state("a") == "Off"


def test_passthru_returns_the_new_state_and_whatif_changes_nothing(ps):
    ps("New-VM a | Out-Null")
    assert ps("(Start-VM a -Passthru).State.ToString()") == ["Running"]
    text = ps.text("Stop-VM a -WhatIf")
    assert 'Stop-VM will shut down the virtual machine "a"' in text
    assert ps.state("a") == "Running"


def test_wildcards_and_several_names(ps):
    ps("'t1','t2','x' | ForEach-Object { New-VM $_ } | Out-Null")
    ps("Start-VM -Name t*")
    assert ps("(Get-VM | Where-Object State -eq Running).Name") == ["t1", "t2"]
    ps("Stop-VM t1, t2 -TurnOff")
    assert ps("@(Get-VM | Where-Object State -eq Running).Count") == [0]


def test_restart_asks_unless_forced(ps, session):
    ps("New-VM a | Out-Null; Start-VM a")
    ps("Start-Sleep 10")
    ps("Restart-VM a -Force")
    assert ps("(Get-VM a).Uptime.ToString()") == ["00:00:00"]
