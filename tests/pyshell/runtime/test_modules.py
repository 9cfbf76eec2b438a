"""ModuleSpec, module discovery and the module info Get-Module prints."""

from __future__ import annotations

from pyshell.runtime import ModuleSpec
from pyshell.runtime.modules import ModuleInfo, ModuleLoadFailure, discover_modules


def test_installed_modules_are_discovered_by_entry_point():
    failures: list[ModuleLoadFailure] = []
    names = [m.name for m in discover_modules(failures=failures)]
    assert "Microsoft.PowerShell.Core" in names
    assert all(isinstance(f, ModuleLoadFailure) for f in failures)


def test_a_spec_gives_command_and_alias_infos():
    from cmdlets.core import MODULE
    commands = {c.name: c for c in MODULE.command_infos()}
    assert commands["ForEach-Object"].module_name == "Microsoft.PowerShell.Core"
    aliases = {a.name: a.definition for a in MODULE.alias_infos()}
    assert aliases["%"] == "ForEach-Object" and aliases["gcm"] == "Get-Command"
    assert aliases["iex"] == "Invoke-Expression"


def test_module_info_lists_exported_commands():
    from cmdlets.core import MODULE
    info = ModuleInfo.from_spec(MODULE)
    assert info.name == "Microsoft.PowerShell.Core" and str(info.module_type) == "Manifest"
    assert "Where-Object" in info.exported_commands
    assert list(info.exported_commands) == sorted(info.exported_commands)


def test_empty_spec_defaults():
    spec = ModuleSpec(name="Empty")
    assert spec.command_infos() == [] and spec.alias_infos() == []
    assert spec.version == "1.0.0"
