"""The alias cmdlets: Get-Alias, Set-Alias, New-Alias."""

from __future__ import annotations

from typing import Annotated, Optional

from cmdlets.core._session import aliases, find_command, set_alias
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Parameter, SupportsWildcards, Switch, ValidateSet
from pyshell.runtime.errors import ErrorCategory, ItemNotFoundException
from pyshell.runtime.wildcard import WildcardPattern, has_wildcards

__all__ = ["GetAliasCommand", "SetAliasCommand", "NewAliasCommand"]

_OPTIONS = ("None", "ReadOnly", "Constant", "Private", "AllScope", "Unspecified")


@cmdlet("Get", "Alias", default_parameter_set="Default",
        dotnet_class="Microsoft.PowerShell.Commands.GetAliasCommand", aliases=("gal",))
class GetAliasCommand(Cmdlet):
    """Gets the aliases for the current session."""

    name: Annotated[Optional[list[str]], Parameter(position=0, parameter_set="Default",
                    from_pipeline=True, from_pipeline_by_property_name=True),
                    SupportsWildcards()] = None
    definition: Annotated[Optional[list[str]], Parameter(parameter_set="Definition"),
                          SupportsWildcards()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None
    scope: Annotated[Optional[str], Parameter()] = None

    examples = (Example("Get-Alias -Definition Get-ChildItem", "Aliases of a command."),
                Example("Get-Alias g*", "Aliases that start with g."))

    def process_record(self) -> None:
        table = aliases(self.session)
        excludes = [WildcardPattern(e) for e in self.exclude or []]
        table = [a for a in table if not any(p.is_match(a.name) for p in excludes)]
        if self.definition:
            targets = [WildcardPattern(d) for d in self.definition]
            for alias in table:
                if any(t.is_match(alias.definition) for t in targets):
                    self.write_object(alias)
            return
        for name in self.name or ["*"]:
            pattern = WildcardPattern(name)
            hits = [a for a in table if pattern.is_match(a.name)]
            if not hits and not has_wildcards(name):
                self.write_error(self.error_record(
                    ItemNotFoundException(f"Cannot find an alias because alias '{name}' does "
                                          "not exist."),
                    "ItemNotFoundException", ErrorCategory.ObjectNotFound, name))
            for alias in hits:
                self.write_object(alias)


class _AliasDefinition(Cmdlet):
    """The parameters Set-Alias and New-Alias share."""

    name: Annotated[str, Parameter(mandatory=True, position=0,
                                   from_pipeline_by_property_name=True)] = ""
    value: Annotated[str, Parameter(mandatory=True, position=1,
                                    from_pipeline_by_property_name=True)] = ""
    description: Annotated[Optional[str], Parameter()] = None
    option: Annotated[Optional[list[str]], Parameter(), ValidateSet(*_OPTIONS)] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    scope: Annotated[Optional[str], Parameter()] = None
    force: Annotated[Switch, Parameter()] = Switch(False)

    def _define(self, action: str) -> None:
        target = f"Name: {self.name} Value: {self.value}"
        if not self.should_process(target, action):
            return
        info = set_alias(self.session, self.name, self.value,
                         description=self.description or "", scope=self.scope)
        if self.pass_thru:
            self.write_object(info)


@cmdlet("Set", "Alias", dotnet_class="Microsoft.PowerShell.Commands.SetAliasCommand",
        supports_should_process=True, confirm_impact="Low", aliases=("sal",))
class SetAliasCommand(_AliasDefinition):
    """Creates or changes an alias for a cmdlet or other command in the current session."""

    examples = (Example("Set-Alias -Name list -Value Get-ChildItem", "Defines `list`."),)

    def process_record(self) -> None:
        self._define("Set Alias")


@cmdlet("New", "Alias", dotnet_class="Microsoft.PowerShell.Commands.NewAliasCommand",
        supports_should_process=True, confirm_impact="Low", aliases=("nal",))
class NewAliasCommand(_AliasDefinition):
    """Creates a new alias (an error when the alias already exists, unless -Force)."""

    examples = (Example("New-Alias -Name list -Value Get-ChildItem", "Defines `list`."),)

    def process_record(self) -> None:
        existing = find_command(self.session, self.name)
        if existing is not None and str(existing.command_type) == "Alias" and not self.force:
            self.write_error(self.error_record(
                f"The alias is not allowed, because an alias with the name '{self.name}' "
                "already exists.", "AliasAlreadyExists", ErrorCategory.ResourceExists,
                self.name))
            return
        self._define("New Alias")
