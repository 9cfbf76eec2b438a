"""Microsoft.PowerShell.Core: the commands every session has (ForEach-Object, Where-Object,
Get-Command, Get-Help, Get-Member, variables, aliases, modules, locations)."""

from __future__ import annotations

from pyshell.runtime import ModuleSpec

__all__ = ["MODULE"]

MODULE = ModuleSpec(name="Microsoft.PowerShell.Core", cmdlets=(), aliases={},
                    version="7.5.0.0",
                    description="The core commands of the shell.")
