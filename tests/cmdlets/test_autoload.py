"""Module auto-loading: a module published as a manifest is imported into the session the
first time one of its commands, aliases or types is used, as PowerShell does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from pyshell.host.completion import complete_text
from pyshell.runtime.types import register_type, register_type_loader, resolve_type


def loaded(session) -> set[str]:
    return {m.name for m in session.get_modules()}


def pending(session) -> set[str]:
    return {m.name for m in session.pending_modules()}


def test_a_fresh_session_defers_hyperv_and_memorylab(session):
    assert "Microsoft.PowerShell.Core" in loaded(session)
    assert {"Hyper-V", "MemoryLab"} <= pending(session)
    assert not {"Hyper-V", "MemoryLab"} & loaded(session)


def test_a_command_loads_its_module(session):
    assert session.invoke("@(Get-VM).Count") == [0]
    assert "Hyper-V" in loaded(session) and "Hyper-V" not in pending(session)
    assert "MemoryLab" in pending(session)


def test_an_alias_loads_its_module(session):
    assert session.invoke("@(Get-VMCheckpoint -VMName none -ErrorAction Ignore).Count") == [0]
    assert "Hyper-V" in loaded(session)
    assert str(session.get_command("Get-VMCheckpoint").command_type) == "Alias"


def test_a_module_qualified_name_loads_its_module(session):
    assert session.invoke("@(Hyper-V\\Get-VM).Count") == [0]
    assert "Hyper-V" in loaded(session)


def test_a_function_of_the_same_name_runs_without_loading(session):
    # PowerShell auto-loads only for a name nothing else answers to.
    assert session.invoke("function Get-VM { 'mine' }; Get-VM") == ["mine"]
    assert "Hyper-V" in pending(session)


def test_module_state_loads_the_module(session):
    host = session.module_state("Hyper-V")
    assert host is not None and "Hyper-V" in loaded(session)


def test_a_memorylab_command_reaches_the_hyperv_host(session):
    session.invoke("New-VM -Name web1 -MemoryStartupBytes 64MB")
    assert session.invoke("@(Get-VMHostKeyId).Count")[0] > 0
    assert {"Hyper-V", "MemoryLab"} <= loaded(session)


def test_a_type_literal_works_before_any_command(session):
    assert session.invoke("[string][Microsoft.HyperV.PowerShell.VMState]::Running") == [
        "Running"]
    assert session.invoke("'Off' -as [Microsoft.HyperV.PowerShell.VMState]") != [None]


def test_get_command_loads_every_pending_module(session):
    names = session.invoke("Get-Command | % Name")
    assert {"Get-VM", "Get-VMCheckpoint", "Get-VMHostKeyId"} <= set(names)
    assert not pending(session)


def test_get_command_by_name_and_get_help(session):
    assert session.invoke("(Get-Command Get-VMHostKeyId).Source") == ["MemoryLab"]
    assert session.invoke("(Get-Command Read-PhysicalMemory).Name") == ["Read-PhysicalMemory"]


def test_completion_offers_commands_of_pending_modules(session):
    _, candidates = complete_text(session, "Get-VMMe")
    assert [c for c, _ in candidates] == ["Get-VMMemory", "Get-VMMemoryMap"]


def test_completion_of_parameters_loads_the_module(session):
    _, candidates = complete_text(session, "Get-VMHostKeyId -")
    assert candidates and "MemoryLab" in loaded(session)


def test_get_module_lists_loaded_modules_and_list_available_all(session):
    assert "Hyper-V" not in session.invoke("Get-Module | % Name")
    available = session.invoke("Get-Module -ListAvailable | % Name")
    assert {"Hyper-V", "MemoryLab", "Microsoft.PowerShell.Core"} <= set(available)
    commands = session.invoke("(Get-Module -ListAvailable Hyper-V).ExportedCommands")
    assert "Get-VM" in commands
    session.invoke("Get-VM")
    assert "Hyper-V" in session.invoke("Get-Module | % Name")


def test_import_module_loads_a_pending_module(session):
    assert session.invoke("Import-Module Hyper-V -PassThru | % Name") == ["Hyper-V"]
    assert "Hyper-V" in loaded(session) and "Hyper-V" not in pending(session)
    assert session.get_command("Get-VM").module_name == "Hyper-V"


def test_a_manifest_given_to_the_session_is_loaded_on_demand():
    from cmdlets.core import MODULE as CORE
    from cmdlets.memorylab.manifest import MANIFEST
    from pyshell.testing.sessions import deterministic_session
    with deterministic_session(modules=[CORE, MANIFEST]) as session:
        assert pending(session) == {"MemoryLab"}
        assert session.get_command("Get-VMHostKeyId") is not None
        assert loaded(session) == {"Microsoft.PowerShell.Core", "MemoryLab"}


def test_a_manifest_whose_module_fails_to_import_is_forgotten():
    from cmdlets.core import MODULE as CORE
    from pyshell.runtime.modules import ModuleManifest
    from pyshell.testing.sessions import deterministic_session
    broken = ModuleManifest(name="Broken", commands=("Get-Broken",),
                            load="no_such_package_anywhere:MODULE")
    with deterministic_session(modules=[CORE, broken]) as session:
        assert session.get_command("Get-Broken") is None
        assert session.get_command("Get-Broken") is None
        assert not pending(session)


def test_a_type_loader_runs_once_for_a_full_or_short_name():
    class LazyThing:
        __ps_typenames__ = ("PyShell.Tests.Autoload.LazyThing",)

    calls = []

    def loader():
        calls.append(1)
        register_type(LazyThing)

    register_type_loader(LazyThing.__ps_typenames__, loader)
    assert resolve_type("LazyThing").python_class is LazyThing
    assert resolve_type("[PyShell.Tests.Autoload.LazyThing]").python_class is LazyThing
    assert calls == [1]


def test_a_type_loader_that_registers_nothing_is_not_asked_again():
    calls = []
    register_type_loader(["PyShell.Tests.Autoload.Missing"], lambda: calls.append(1))
    assert resolve_type("PyShell.Tests.Autoload.Missing") is None
    assert resolve_type("PyShell.Tests.Autoload.Missing") is None
    assert calls == [1]


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_type_literal_loads_the_types_in_a_new_process():
    # In this process other tests have long since registered the Hyper-V types.
    out = _run("""
        import sys
        from pyshell.testing.sessions import deterministic_session
        with deterministic_session() as session:
            assert "cmdlets.hyperv.module" not in sys.modules
            print(session.invoke("[Microsoft.HyperV.PowerShell.VMState]::Saved")[0].name)
            print(session.invoke("[VMState]'Off'")[0].name)
            print("cmdlets.hyperv.module" in sys.modules)
    """)
    assert out.split() == ["Saved", "Off", "True"]


@pytest.mark.parametrize("package", ["cmdlets.hyperv", "cmdlets.memorylab"])
def test_start_up_does_not_import_deferred_modules(package):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "pyshell", "-NoProfile",
                             "-Command", "exit"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    # Only the package's light __init__ and its manifest, and nothing of the engine.
    assert {m for m in imported if m.split(".")[:2] == package.split(".")} <= {
        package, package + ".manifest"}
    assert not {m for m in imported if m.split(".")[0] == "engine"}
