"""Microsoft.PowerShell.Core: the commands every session has (ForEach-Object, Where-Object,
Get-Command, Get-Help, Get-Member, variables, aliases, modules, locations)."""

from __future__ import annotations

from cmdlets.core.aliases import GetAliasCommand, NewAliasCommand, SetAliasCommand
from cmdlets.core.commands import GetCommandCommand, GetHelpCommand
from cmdlets.core.foreach import ForEachObjectCommand
from cmdlets.core.invoke import (ClearHostCommand, InvokeCommandCommand, InvokeExpressionCommand,
                                 MeasureCommandCommand)
from cmdlets.core.location import (GetLocationCommand, PathInfo, PopLocationCommand,
                                   PushLocationCommand, SetLocationCommand, TestPathCommand,
                                   location_state)
from cmdlets.core.members import GetMemberCommand, MemberDefinition
from cmdlets.core.modules import GetModuleCommand, ImportModuleCommand
from cmdlets.core.paths import JoinPathCommand, SplitPathCommand
from cmdlets.core.variables import (ClearVariableCommand, GetVariableCommand, NewVariableCommand,
                                    RemoveVariableCommand, SetVariableCommand)
from cmdlets.core.views import VIEWS
from cmdlets.core.where import WhereObjectCommand
from pyshell.runtime import ModuleSpec

__all__ = ["MODULE"]

CMDLETS = (
    ForEachObjectCommand, WhereObjectCommand, GetCommandCommand, GetHelpCommand,
    GetMemberCommand, GetAliasCommand, SetAliasCommand, NewAliasCommand, GetVariableCommand,
    SetVariableCommand, NewVariableCommand, RemoveVariableCommand, ClearVariableCommand,
    GetModuleCommand, ImportModuleCommand, InvokeExpressionCommand, InvokeCommandCommand,
    MeasureCommandCommand, ClearHostCommand, GetLocationCommand, SetLocationCommand,
    PushLocationCommand, PopLocationCommand, TestPathCommand, JoinPathCommand, SplitPathCommand,
)

# PowerShell's built-in aliases of these commands (each cmdlet's own are in @cmdlet too).
ALIASES = {
    "%": "ForEach-Object", "foreach": "ForEach-Object",
    "?": "Where-Object", "where": "Where-Object",
    "gcm": "Get-Command", "gm": "Get-Member", "help": "Get-Help", "man": "Get-Help",
    "gal": "Get-Alias", "sal": "Set-Alias", "nal": "New-Alias",
    "gv": "Get-Variable", "sv": "Set-Variable", "set": "Set-Variable", "nv": "New-Variable",
    "rv": "Remove-Variable", "clv": "Clear-Variable",
    "gmo": "Get-Module", "ipmo": "Import-Module",
    "iex": "Invoke-Expression", "icm": "Invoke-Command",
    "clear": "Clear-Host", "cls": "Clear-Host",
    "gl": "Get-Location", "pwd": "Get-Location", "sl": "Set-Location", "cd": "Set-Location",
    "chdir": "Set-Location", "pushd": "Push-Location", "popd": "Pop-Location",
}

MODULE = ModuleSpec(name="Microsoft.PowerShell.Core", cmdlets=CMDLETS, aliases=ALIASES,
                    views=VIEWS, types=(MemberDefinition, PathInfo),
                    state_factory=location_state, version="7.5.0.0",
                    description="The core commands of the shell.", session_aliases=True)
