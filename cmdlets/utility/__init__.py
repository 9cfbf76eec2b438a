"""Microsoft.PowerShell.Utility: formatting and output, object selection, sorting,
grouping and measuring, the stream cmdlets, JSON and CSV conversion."""

from __future__ import annotations

from cmdlets.utility.add_member import AddMemberCommand
from cmdlets.utility.compare_object import CompareObjectCommand
from cmdlets.utility.content import AddContentCommand, GetContentCommand, SetContentCommand
from cmdlets.utility.convert_csv import (
    ConvertFromCsvCommand, ConvertToCsvCommand, ExportCsvCommand, ImportCsvCommand,
)
from cmdlets.utility.convert_json import ConvertFromJsonCommand, ConvertToJsonCommand
from cmdlets.utility.dates import GetDateCommand, NewTimeSpanCommand
from cmdlets.utility.format import FormatListCommand, FormatTableCommand, FormatWideCommand
from cmdlets.utility.group import GroupObjectCommand
from cmdlets.utility.hex import FormatHexCommand
from cmdlets.utility.join_string import JoinStringCommand
from cmdlets.utility.measure import MeasureObjectCommand
from cmdlets.utility.newobject import NewObjectCommand
from cmdlets.utility.out import (
    OutDefaultCommand, OutFileCommand, OutHostCommand, OutNullCommand, OutStringCommand,
)
from cmdlets.utility.select_object import SelectObjectCommand
from cmdlets.utility.random import GetRandomCommand
from cmdlets.utility.read_host import ReadHostCommand
from cmdlets.utility.select_string import SelectStringCommand
from cmdlets.utility.sleep import StartSleepCommand
from cmdlets.utility.sort import GetUniqueCommand, SortObjectCommand
from cmdlets.utility.tee import TeeObjectCommand
from cmdlets.utility.write import (
    WriteDebugCommand, WriteErrorCommand, WriteHostCommand, WriteInformationCommand,
    WriteOutputCommand, WriteProgressCommand, WriteVerboseCommand, WriteWarningCommand,
)
from pyshell.runtime.modules import ModuleSpec

__all__ = ["MODULE"]

_CMDLETS: list[type] = [
    FormatTableCommand, FormatListCommand, FormatWideCommand,
    OutDefaultCommand, OutHostCommand, OutStringCommand, OutNullCommand, OutFileCommand,
    SelectObjectCommand, SortObjectCommand, GetUniqueCommand, GroupObjectCommand,
    MeasureObjectCommand, CompareObjectCommand, TeeObjectCommand, SelectStringCommand,
    FormatHexCommand, JoinStringCommand, AddMemberCommand,
    ConvertToJsonCommand, ConvertFromJsonCommand, ConvertToCsvCommand, ConvertFromCsvCommand,
    ExportCsvCommand, ImportCsvCommand,
    WriteOutputCommand, WriteHostCommand, WriteErrorCommand, WriteWarningCommand,
    WriteVerboseCommand, WriteDebugCommand, WriteInformationCommand, WriteProgressCommand,
]

# Cmdlets of the foundation engineer that live in this module's folder.
_CMDLETS += [GetContentCommand, SetContentCommand, AddContentCommand, GetDateCommand,
             NewTimeSpanCommand, StartSleepCommand, GetRandomCommand, NewObjectCommand,
             ReadHostCommand]

ALIASES = {
    "ft": "Format-Table", "fl": "Format-List", "fw": "Format-Wide",
    "select": "Select-Object", "sort": "Sort-Object", "group": "Group-Object",
    "measure": "Measure-Object", "echo": "Write-Output", "write": "Write-Output",
    "oh": "Out-Host", "gu": "Get-Unique", "compare": "Compare-Object",
    "diff": "Compare-Object", "tee": "Tee-Object", "sls": "Select-String",
    "fhx": "Format-Hex", "epcsv": "Export-Csv", "ipcsv": "Import-Csv",
}

MODULE = ModuleSpec(
    name="Microsoft.PowerShell.Utility",
    cmdlets=_CMDLETS,
    aliases=ALIASES,
    # The built-in views (pyshell.formatting.builtin_views) are in every ViewRegistry from
    # the start, so that a module loaded after this one can still override them.
    views=(),
    version="7.0.0.0",
    description="Formatting, output, object and text utilities.",
)
