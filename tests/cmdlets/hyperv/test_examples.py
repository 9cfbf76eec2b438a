"""Every Hyper-V cmdlet has help (synopsis, description, an example) and its examples run."""

from __future__ import annotations

import pytest

from cmdlets.hyperv import CMDLETS

# Examples name VMs as the real help does; make them exist in each fresh session.
SETUP = ("'TestVM','Test','VM01','VM1','VM06','web1','Win10','new 2','Newbie' | "
         "ForEach-Object { New-VM -Name $_ -Generation 2 } | Out-Null; "
         "New-VM -Name 'Test VM' -Generation 2 | Out-Null; "
         "Checkpoint-VM TestVM BeforeUpdates; Checkpoint-VM TestVM ExperimentOne")

# State the examples of a few verbs need, as a reader of the help would have it.
BEFORE = {
    "Suspend-VM": "Start-VM Test*",
    "Resume-VM": "Start-VM TestVM; Suspend-VM TestVM",
    "Save-VM": "Start-VM TestVM, Win*",
    "Restart-VM": "Start-VM TestVM",
    "Stop-VM": "Start-VM TestVM",
}

EXAMPLES = [(c.metadata.name, e) for c in CMDLETS for e in c.metadata.examples]


@pytest.mark.parametrize("command", CMDLETS, ids=lambda c: c.metadata.name)
def test_help_is_complete(command):
    meta = command.metadata
    assert meta.synopsis and meta.description and meta.examples
    assert meta.dotnet_class == "Microsoft.HyperV.PowerShell.Commands." + meta.verb + meta.noun


@pytest.mark.parametrize("name, example", EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_example_runs_without_errors(ps, name, example):
    ps(SETUP)
    ps(BEFORE.get(name, ""))
    ps("$Error.Clear()")
    ps(example.code + " | Out-Null")
    errors = ps("$Error | ForEach-Object { $_.ToString() }")
    assert errors == [], f"{example.code}: {errors}"
