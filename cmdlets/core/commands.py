"""Get-Command and Get-Help: what the session can run, and how to run it."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from attrs import frozen

from cmdlets.core._session import all_commands, find_command
from pyshell.runtime.commands import Cmdlet, CommandType, Example, cmdlet
from pyshell.runtime.parameters import (Alias, Parameter, SupportsWildcards, Switch,
                                        ValidateSet)
from pyshell.runtime.errors import CommandNotFoundException, ErrorCategory
from pyshell.runtime.wildcard import WildcardPattern, has_wildcards

__all__ = ["GetCommandCommand", "GetHelpCommand", "HelpInfoShort", "command_sort_key",
           "not_recognized"]

_TYPE_ORDER = {t.lower(): i for i, t in enumerate(CommandType.ALL)}


def command_sort_key(info: Any) -> tuple[int, str]:
    return (_TYPE_ORDER.get(str(info.command_type).lower(), 99), info.name.lower())


def not_recognized(name: str) -> str:
    return (f"The term '{name}' is not recognized as a name of a cmdlet, function, script "
            "file, or executable program.\nCheck the spelling of the name, or if a path was "
            "included, verify that the path is correct and try again.")


def _matches(patterns: list[WildcardPattern], text: str) -> bool:
    return not patterns or any(p.is_match(text) for p in patterns)


@cmdlet("Get", "Command", default_parameter_set="CmdletSet",
        dotnet_class="Microsoft.PowerShell.Commands.GetCommandCommand", aliases=("gcm",))
class GetCommandCommand(Cmdlet):
    """Gets all commands.

    Lists the cmdlets, functions and aliases of the session, filtered by name (wildcards
    allowed), verb, noun, module or command type.
    """

    name: Annotated[Optional[list[str]], Parameter(position=0, parameter_set="AllCommandSet",
                    from_pipeline=True, from_pipeline_by_property_name=True),
                    SupportsWildcards()] = None
    verb: Annotated[Optional[list[str]], Parameter(parameter_set="CmdletSet",
                    from_pipeline_by_property_name=True)] = None
    noun: Annotated[Optional[list[str]], Parameter(parameter_set="CmdletSet",
                    from_pipeline_by_property_name=True)] = None
    module: Annotated[Optional[list[str]], Parameter(from_pipeline_by_property_name=True),
                      Alias("PSSnapin")] = None
    command_type: Annotated[Optional[list[str]], Parameter(parameter_set="AllCommandSet",
                            from_pipeline_by_property_name=True), Alias("Type"),
                            ValidateSet("Alias", "Function", "Filter", "Cmdlet",
                                        "ExternalScript", "Application", "Script",
                                        "Configuration", "All")] = None
    total_count: Annotated[int, Parameter(from_pipeline_by_property_name=True)] = -1
    syntax: Annotated[Switch, Parameter(from_pipeline_by_property_name=True)] = Switch(False)
    all: Annotated[Switch, Parameter(from_pipeline_by_property_name=True)] = Switch(False)
    list_imported: Annotated[Switch, Parameter(from_pipeline_by_property_name=True)] = Switch(False)
    parameter_name: Annotated[Optional[list[str]], Parameter()] = None
    parameter_type: Annotated[Optional[list[str]], Parameter()] = None
    argument_list: Annotated[Optional[list[Any]], Parameter(position=1), Alias("Args")] = None
    show_command_info: Annotated[Switch, Parameter()] = Switch(False)
    use_fuzzy_matching: Annotated[Switch, Parameter(parameter_set="AllCommandSet")] \
        = Switch(False)
    use_abbreviation_expansion: Annotated[Switch, Parameter(parameter_set="AllCommandSet")] \
        = Switch(False)
    fully_qualified_module: Annotated[Optional[list[Any]], Parameter()] = None

    examples = (
        Example("Get-Command -Verb Get -Noun VM*", "Commands that get VM objects."),
        Example("Get-Command gcm", "Shows the alias gcm and what it runs."),
    )

    def begin_processing(self) -> None:
        self._done = False
        unsupported = [p for p in ("ShowCommandInfo", "UseFuzzyMatching",
                                   "UseAbbreviationExpansion", "FullyQualifiedModule")
                       if self.is_bound(p)]
        if unsupported:
            raise self.terminating_error(self.error_record(
                f"The -{unsupported[0]} parameter of Get-Command is not supported by this shell.",
                "ParameterNotSupported", ErrorCategory.NotImplemented, unsupported[0]))

    def process_record(self) -> None:
        if self._done and not self.is_bound("Name"):
            return
        self._done = True
        commands = sorted(all_commands(self.session), key=command_sort_key)
        names = list(self.name or [])
        found: list[Any] = []
        if not names or any(has_wildcards(n) for n in names):
            # PowerShell sorts (by command type, then name) only when it searched.
            patterns = [WildcardPattern(n) for n in names]
            found = [c for c in commands if _matches(patterns, c.name) and self._fits(c)]
        for name in names:
            if has_wildcards(name) or any(c.name.lower() == name.lower() for c in found):
                continue
            # Without -All, the command that would run (aliases, functions, cmdlets).
            first = find_command(self.session, name)
            exact = [c for c in commands if c.name.lower() == name.lower() and self._fits(c)
                     and (self.all or first is None or c is first)]
            if exact:
                found.extend(exact)
                continue
            exc = CommandNotFoundException(not_recognized(name))
            self.write_error(self.error_record(exc, "CommandNotFoundException",
                                               ErrorCategory.ObjectNotFound, name))
        if self.total_count >= 0:
            found = found[:self.total_count]
        for info in found:
            if self.syntax:
                self.write_object(_syntax_text(self.session, info))
            else:
                self.write_object(info)

    def _fits(self, info: Any) -> bool:
        kinds = {k.lower() for k in (self.command_type or [])}
        if kinds and "all" not in kinds and str(info.command_type).lower() not in kinds:
            return False
        if self.verb or self.noun:
            if str(info.command_type) not in (CommandType.CMDLET, CommandType.FUNCTION,
                                              CommandType.FILTER) or "-" not in info.name:
                return False
            verb, noun = info.name.split("-", 1)
            if not _matches([WildcardPattern(v) for v in self.verb or []], verb):
                return False
            if not _matches([WildcardPattern(n) for n in self.noun or []], noun):
                return False
        if self.module and not _matches([WildcardPattern(m) for m in self.module],
                                        info.module_name or ""):
            return False
        meta = getattr(info, "metadata", None)
        if self.parameter_name:
            wanted = [WildcardPattern(p) for p in self.parameter_name]
            if meta is None or not any(_matches(wanted, p.name) for p in meta.parameters):
                return False
        if self.parameter_type:
            types = [WildcardPattern(t) for t in self.parameter_type]
            if meta is None or not any(_matches(types, p.type.name)
                                       or _matches(types, p.type.full_name)
                                       for p in meta.parameters):
                return False
        return True


def _syntax_text(session: Any, info: Any) -> str:
    if str(info.command_type) == CommandType.ALIAS:
        return str(info.definition)
    from pyshell.runtime.help import syntax_lines  # help text is built only when asked for

    meta = getattr(info, "metadata", None)
    if meta is None:
        return str(info.name)
    return "\n" + "\n\n".join(syntax_lines(meta)) + "\n"


@frozen
class HelpInfoShort:
    """A row of Get-Help when several topics match."""

    __ps_typenames__ = ("HelpInfoShort",)

    name: str
    category: str
    module: str
    synopsis: str


_HELP_NOT_FOUND = ('Get-Help could not find {0} in a help file in this session. To download '
                   'updated help topics type: "Update-Help". To get help online, search for '
                   'the help topic in the TechNet library at '
                   'https:/go.microsoft.com/fwlink/?LinkID=107116.')

_GENERAL_HELP = """
TOPIC
    PowerShell Help System

SHORT DESCRIPTION
    Displays help about PowerShell cmdlets and concepts.

LONG DESCRIPTION
    Get-Help shows the help of a command: its synopsis, syntax, parameters and examples.

      Get-Help <CommandName>              Help about a command.
      Get-Help <CommandName> -Examples    Its examples.
      Get-Help <CommandName> -Full        Everything, with every parameter.
      Get-Help <CommandName> -Parameter <Name>
                                          One parameter.
      Get-Command                         Every command of this session.
"""


@cmdlet("Get", "Help", default_parameter_set="AllUsersView",
        dotnet_class="Microsoft.PowerShell.Commands.GetHelpCommand")
class GetHelpCommand(Cmdlet):
    """Displays information about PowerShell commands.

    Help is generated from each command's declaration: synopsis, syntax lines for every
    parameter set, parameter attributes and examples.
    """

    name: Annotated[Optional[str], Parameter(position=0, from_pipeline_by_property_name=True)] \
        = None
    full: Annotated[Switch, Parameter(parameter_set="AllUsersView")] = Switch(False)
    detailed: Annotated[Switch, Parameter(mandatory=True, parameter_set="DetailedView")] \
        = Switch(False)
    examples_: Annotated[Switch, Parameter(mandatory=True, parameter_set="Examples",
                                           name="Examples")] = Switch(False)
    parameter: Annotated[Optional[list[str]], Parameter(mandatory=True,
                         parameter_set="Parameters")] = None
    category: Annotated[Optional[list[str]], Parameter()] = None
    path: Annotated[Optional[str], Parameter()] = None
    component: Annotated[Optional[list[str]], Parameter()] = None
    functionality: Annotated[Optional[list[str]], Parameter()] = None
    role: Annotated[Optional[list[str]], Parameter()] = None
    online: Annotated[Switch, Parameter(mandatory=True, parameter_set="Online")] = Switch(False)
    show_window: Annotated[Switch, Parameter(mandatory=True, parameter_set="ShowWindow")] \
        = Switch(False)

    examples = (
        Example("Get-Help Get-Command", "Shows the help of Get-Command."),
        Example("Get-Help Where-Object -Parameter Property", "Describes one parameter."),
    )

    def process_record(self) -> None:
        if self.online or self.show_window:
            switch = "Online" if self.online else "ShowWindow"
            raise self.terminating_error(self.error_record(
                f"The -{switch} parameter is not supported: this shell has no help viewer or "
                "browser.", "InvalidOperation", ErrorCategory.NotImplemented))
        if not self.name:
            self.write_object(_GENERAL_HELP)
            return
        matches = self._matches(self.name)
        if not matches:
            exc = CommandNotFoundException(_HELP_NOT_FOUND.format(self.name))
            raise self.terminating_error(self.error_record(
                exc, "HelpNotFound", ErrorCategory.ResourceUnavailable, self.name))
        if len(matches) > 1:
            for info in matches:
                meta = getattr(info, "metadata", None)
                self.write_object(HelpInfoShort(info.name, str(info.command_type),
                                                info.module_name or "",
                                                meta.synopsis if meta else ""))
            return
        self.write_object(self._help(matches[0]))

    def _matches(self, name: str) -> list[Any]:
        if not has_wildcards(name):
            found = find_command(self.session, name)
            return [found] if found is not None else []
        pattern = WildcardPattern(name)
        commands = [c for c in all_commands(self.session)
                    if pattern.is_match(c.name) and str(c.command_type) != CommandType.ALIAS]
        return sorted(commands, key=command_sort_key)

    def _help(self, info: Any) -> Any:
        from pyshell.runtime.help import HelpView, help_for

        target = info
        if str(info.command_type) == CommandType.ALIAS:
            target = info.resolve(self.session)
        aliases = sorted(a.name for a in all_commands(self.session)
                         if str(a.command_type) == CommandType.ALIAS
                         and a.definition.lower() == target.name.lower())
        if self.parameter:
            view = HelpView.PARAMETER
        elif self.full:
            view = HelpView.FULL
        elif self.detailed:
            view = HelpView.DETAILED
        elif self.examples_:
            view = HelpView.EXAMPLES
        else:
            view = HelpView.DEFAULT
        help_info = help_for(target, view=view, parameters=self._parameter_names(target),
                             aliases=aliases)
        return help_info

    def _parameter_names(self, target: Any) -> tuple[str, ...]:
        if not self.parameter:
            return ()
        meta = getattr(target, "metadata", None)
        names: list[str] = []
        for wanted in self.parameter:
            pattern = WildcardPattern(wanted)
            found = [p.name for p in (meta.parameters if meta else ()) if pattern.is_match(p.name)]
            if not found:
                raise self.terminating_error(self.error_record(
                    f'No parameter matches criteria {wanted}.', "NoParmsFound",
                    ErrorCategory.InvalidArgument, wanted))
            names.extend(found)
        return tuple(names)
