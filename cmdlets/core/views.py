"""Format views of the core module's objects (powershell-views.md §4, §5, §10, §11)."""

from __future__ import annotations

from typing import Any

from pyshell.formatting.views import Column, CustomView, GroupBy, TableView

__all__ = ["VIEWS"]


def _command_name(info: Any) -> str:
    # Aliases show as `gcm -> Get-Command`.
    if str(getattr(info, "command_type", "")) == "Alias":
        return f"{info.name} -> {info.definition}"
    return str(info.name)


def _exported(module: Any) -> list[str]:
    return list(getattr(module, "exported_commands", ()) or ())


MEMBER_TABLE = TableView(
    "MemberDefinition", ("Microsoft.PowerShell.Commands.MemberDefinition",),
    columns=(Column("Name"), Column("MemberType"), Column("Definition")),
    group_by=GroupBy(prop="TypeName"), auto_size=True)

COMMAND_TABLE = TableView(
    "CommandInfo", ("System.Management.Automation.CommandInfo",
                    "System.Management.Automation.CmdletInfo",
                    "System.Management.Automation.AliasInfo",
                    "System.Management.Automation.FunctionInfo",
                    "System.Management.Automation.FilterInfo"),
    columns=(Column("CommandType", width=15, align="left"),
             Column("Name", value=_command_name, width=50, align="left"),
             Column("Version", width=10, align="left"),
             Column("Source", value=lambda c: getattr(c, "source", "") or "", align="left")))

def _help_lines(info: Any) -> list[str]:
    # lines() is the whole display; the formatter frames it with its own blank lines.
    lines: list[str] = info.lines()
    return lines[1:-1] if len(lines) > 2 else lines


HELP_VIEW = CustomView("MamlCommandHelpInfo", ("MamlCommandHelpInfo",), render=_help_lines)

HELP_SHORT_TABLE = TableView(
    "HelpInfoShort", ("HelpInfoShort",),
    columns=(Column("Name", width=33, align="left"), Column("Category", width=9, align="left"),
             Column("Module", width=25, align="left"), Column("Synopsis", align="left")))

VARIABLE_TABLE = TableView(
    "Variable", ("System.Management.Automation.PSVariable", "PSVariable"),
    columns=(Column("Name", value=lambda v: v.name, width=30, align="left"),
             Column("Value", value=lambda v: v.value, align="left")))

MODULE_TABLE = TableView(
    "Module", ("System.Management.Automation.PSModuleInfo",),
    columns=(Column("ModuleType", width=10, align="left"),
             Column("Version", width=10, align="left"),
             Column("PreRelease", width=10, align="left"),
             Column("Name", width=35, align="left"),
             Column("ExportedCommands", value=_exported, align="left")))

PATH_TABLE = TableView("PathInfo", ("System.Management.Automation.PathInfo",),
                       columns=(Column("Path"),))

VIEWS = (MEMBER_TABLE, COMMAND_TABLE, HELP_VIEW, HELP_SHORT_TABLE, VARIABLE_TABLE,
         MODULE_TABLE, PATH_TABLE)
