"""-ComputerName / -CimSession answer for the local host only; -AsJob is refused clearly."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("computer", ["localhost", ".", "$env:COMPUTERNAME"])
def test_local_names_are_accepted(ps, computer):
    ps("New-VM a | Out-Null")
    assert ps(f"(Get-VM -ComputerName {computer}).Name") == ["a"]
    assert len(ps(f"Get-VMHost -ComputerName {computer}")) == 1


def test_host_name_is_accepted(ps):
    ps("New-VM a | Out-Null")
    assert ps("$n = (Get-VMHost).Name; (Get-VM -ComputerName $n).Name") == ["a"]


def test_remote_hosts_are_refused(ps):
    out = ps("try { Get-VM -ComputerName Server1 } catch { $_.Exception.Message }")
    assert "Server1" in out[0] and "local Hyper-V host" in out[0]
    out = ps("try { Start-VM a -ComputerName Server1 } catch { $_.FullyQualifiedErrorId }")
    assert out == ["InvalidParameter,Microsoft.HyperV.PowerShell.Commands.StartVM"]


def test_as_job_is_refused_and_nothing_happens(ps):
    ps("New-VM a | Out-Null")
    out = ps("try { Start-VM a -AsJob } catch { $_.Exception.Message }")
    assert "-AsJob" in out[0]
    assert ps.state("a") == "Off"
    out = ps("try { Start-VM a -AsJob -Passthru } catch { $_.Exception.Message }")
    assert out == ["The Asjob and Passthru switches cannot be set at the same time."]


def test_computer_name_environment_variable(ps):
    assert ps("$env:COMPUTERNAME") == [ps.one("(Get-VMHost).Name")]
