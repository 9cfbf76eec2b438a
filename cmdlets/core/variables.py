"""The variable cmdlets: Get/Set/New/Remove/Clear-Variable."""

from __future__ import annotations

from typing import Annotated, Any, Iterator, Optional

from cmdlets.core._session import current_scope, visible_variables
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Parameter, SupportsWildcards, Switch, ValidateSet
from pyshell.runtime.errors import ErrorCategory, ItemNotFoundException
from pyshell.runtime.wildcard import WildcardPattern, has_wildcards

__all__ = ["GetVariableCommand", "SetVariableCommand", "NewVariableCommand",
           "RemoveVariableCommand", "ClearVariableCommand"]

_OPTIONS = ("None", "ReadOnly", "Constant", "Private", "AllScope", "Unspecified")


class ScopeError(Exception):
    """-Scope names no scope: the cmdlet reports it as an argument error."""


def _scope_of(session: Any, scope_name: Optional[str]) -> Any:
    """The Scope object `-Scope` names: Global, Script, Local, or a number of levels up."""
    scope = current_scope(session)
    if scope is None or not scope_name:
        return scope
    name = str(scope_name).lower()
    if name.isdigit():
        for _ in range(int(name)):
            if scope.parent is None:
                raise ScopeError(f"The scope number '{name}' exceeds the number of active "
                                 f"scopes. (Parameter 'Scope')\nActual value was {name}.")
            scope = scope.parent
        return scope
    if name not in ("global", "script", "local", "private"):
        raise ScopeError(f"The scope '{scope_name}' is not valid. Valid scopes are Global, "
                         "Local, Script, Private, or a scope number.")
    return scope.target(name if name in ("global", "script") else None)


def _variables(session: Any, scope_name: Optional[str]) -> list[Any]:
    if scope_name:
        scope = _scope_of(session, scope_name)
        if scope is None:
            return []
        return sorted(scope.vars.values(), key=lambda v: v.name.lower())
    return visible_variables(session)


def _option_flags(options: list[str]) -> Any:
    from pyshell.runtime.scopes import VariableOptions
    flags = VariableOptions.NONE
    table = {"readonly": VariableOptions.READ_ONLY, "constant": VariableOptions.CONSTANT,
             "private": VariableOptions.PRIVATE, "allscope": VariableOptions.ALL_SCOPE}
    for option in options:
        for part in str(option).split(","):
            flags |= table.get(part.strip().lower(), VariableOptions.NONE)
    return flags


class _VariableCmdlet(Cmdlet):
    """Shared lookups of the variable cmdlets."""

    scope: Annotated[Optional[str], Parameter()] = None

    def begin_processing(self) -> None:
        try:
            _scope_of(self.session, self.scope)
        except ScopeError as exc:
            raise self.terminating_error(self.error_record(
                str(exc), "ArgumentOutOfRange" if "number" in str(exc) else "Argument",
                ErrorCategory.InvalidArgument, self.scope)) from None

    def _matching(self, names: list[str], include: Optional[list[str]] = None,
                  exclude: Optional[list[str]] = None, *, report: bool = True) -> Iterator[Any]:
        found = _variables(self.session, self.scope)
        includes = [WildcardPattern(p) for p in include or []]
        excludes = [WildcardPattern(p) for p in exclude or []]
        for name in names or ["*"]:
            pattern = WildcardPattern(name)
            hits = [v for v in found if pattern.is_match(v.name)
                    and (not includes or any(p.is_match(v.name) for p in includes))
                    and not any(p.is_match(v.name) for p in excludes)]
            if not hits and not has_wildcards(name) and report:
                self.write_error(self.error_record(
                    ItemNotFoundException(f"Cannot find a variable with the name '{name}'."),
                    "VariableNotFound", ErrorCategory.ObjectNotFound, name))
            yield from hits

    def _qualified(self, name: str) -> str:
        scope = (self.scope or "").lower()
        return f"{scope}:{name}" if scope in ("global", "script", "local", "private") else name

    def _assign(self, name: str, value: Any, options: list[str], description: Optional[str],
                force: bool) -> Any:
        scope = _scope_of(self.session, self.scope)
        if scope is None:
            self.session.set_variable(self._qualified(name), value)
            return None
        var = scope.vars.get(name.lower()) if self.scope else scope.find(name.lower())
        if var is not None and var.is_read_only and not force:
            self.write_error(self.error_record(
                f"Cannot overwrite variable {name} because it is read-only or constant.",
                "VariableNotWritable", ErrorCategory.WriteError, name))
            return None
        if var is None:
            var = scope.local(name.lower(), name)
        var.value = value if var.convert is None else var.convert(value)
        if options:
            var.options = _option_flags(options)
        if description is not None:
            var.description = description
        return var


@cmdlet("Get", "Variable", dotnet_class="Microsoft.PowerShell.Commands.GetVariableCommand",
        aliases=("gv",))
class GetVariableCommand(_VariableCmdlet):
    """Gets the variables in the current console."""

    name: Annotated[Optional[list[str]], Parameter(position=0,
                    from_pipeline_by_property_name=True), SupportsWildcards()] = None
    value_only: Annotated[Switch, Parameter()] = Switch(False)
    include: Annotated[Optional[list[str]], Parameter()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None

    examples = (Example("$desc = 'A description'; Get-Variable -Name desc",
                        "Shows one variable."),)

    def process_record(self) -> None:
        for var in self._matching(list(self.name or []), self.include, self.exclude):
            self.write_object(var.value if self.value_only else var)


@cmdlet("Set", "Variable", dotnet_class="Microsoft.PowerShell.Commands.SetVariableCommand",
        supports_should_process=True, confirm_impact="Low", aliases=("set",))
class SetVariableCommand(_VariableCmdlet):
    """Sets the value of a variable, creating it when it does not exist."""

    name: Annotated[list[str], Parameter(mandatory=True, position=0,
                    from_pipeline_by_property_name=True)] = []
    value: Annotated[Any, Parameter(position=1, from_pipeline=True,
                                    from_pipeline_by_property_name=True)] = None
    include: Annotated[Optional[list[str]], Parameter()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None
    description: Annotated[Optional[str], Parameter()] = None
    option: Annotated[Optional[list[str]], Parameter(), ValidateSet(*_OPTIONS)] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    visibility: Annotated[Optional[str], Parameter(), ValidateSet("Public", "Private")] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Set-Variable -Name desc -Value 'A description'", "Sets $desc."),)

    def process_record(self) -> None:
        for name in self.name:
            if not self.should_process(f"Name: {name} Value: {self.value}", "Set variable"):
                continue
            var = self._assign(name, self.value, list(self.option or []), self.description,
                               bool(self.force))
            if self.pass_thru and var is not None:
                self.write_object(var)


@cmdlet("New", "Variable", dotnet_class="Microsoft.PowerShell.Commands.NewVariableCommand",
        supports_should_process=True, confirm_impact="Low", aliases=("nv",))
class NewVariableCommand(_VariableCmdlet):
    """Creates a new variable."""

    name: Annotated[str, Parameter(mandatory=True, position=0,
                                   from_pipeline_by_property_name=True)] = ""
    value: Annotated[Any, Parameter(position=1, from_pipeline=True,
                                    from_pipeline_by_property_name=True)] = None
    description: Annotated[Optional[str], Parameter()] = None
    option: Annotated[Optional[list[str]], Parameter(), ValidateSet(*_OPTIONS)] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    visibility: Annotated[Optional[str], Parameter(), ValidateSet("Public", "Private")] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("New-Variable -Name days -Value 7", "Creates $days."),)

    def process_record(self) -> None:
        scope = _scope_of(self.session, self.scope or "local")
        exists = scope is not None and self.name.lower() in scope.vars
        if exists and not self.force:
            self.write_error(self.error_record(
                f"A variable with name '{self.name}' already exists.", "VariableAlreadyExists",
                ErrorCategory.ResourceExists, self.name))
            return
        if not self.should_process(f"Name: {self.name} Value: {self.value}", "New variable"):
            return
        if self.scope is None:
            self.scope = "local"
        var = self._assign(self.name, self.value, list(self.option or []), self.description,
                           bool(self.force))
        if self.pass_thru and var is not None:
            self.write_object(var)


@cmdlet("Remove", "Variable", dotnet_class="Microsoft.PowerShell.Commands.RemoveVariableCommand",
        supports_should_process=True, confirm_impact="Medium", aliases=("rv",))
class RemoveVariableCommand(_VariableCmdlet):
    """Deletes a variable and its value."""

    name: Annotated[list[str], Parameter(mandatory=True, position=0,
                    from_pipeline_by_property_name=True), SupportsWildcards()] = []
    include: Annotated[Optional[list[str]], Parameter()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None
    force: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("$a = 1; Remove-Variable -Name a", "Deletes $a."),)

    def process_record(self) -> None:
        for var in list(self._matching(self.name, self.include, self.exclude)):
            if var.is_read_only and not self.force:
                self.write_error(self.error_record(
                    f"Cannot remove variable {var.name} because it is constant or read-only. "
                    "If the variable is read-only, try the operation again specifying the Force "
                    "option.", "VariableNotRemovable", ErrorCategory.WriteError, var.name))
                continue
            if self.should_process(f"Name: {var.name}", "Remove variable"):
                self._remove(var)

    def _remove(self, var: Any) -> None:
        scope = _scope_of(self.session, self.scope)
        for candidate in (scope.chain() if scope is not None else ()):
            if candidate.vars.get(var.name.lower()) is var:
                del candidate.vars[var.name.lower()]
                return


@cmdlet("Clear", "Variable", dotnet_class="Microsoft.PowerShell.Commands.ClearVariableCommand",
        supports_should_process=True, confirm_impact="Medium", aliases=("clv",))
class ClearVariableCommand(_VariableCmdlet):
    """Deletes the value of a variable (the variable stays, holding $null)."""

    name: Annotated[list[str], Parameter(mandatory=True, position=0,
                    from_pipeline_by_property_name=True), SupportsWildcards()] = []
    include: Annotated[Optional[list[str]], Parameter()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("$a = 1; Clear-Variable -Name a", "$a is now $null."),)

    def process_record(self) -> None:
        for var in list(self._matching(self.name, self.include, self.exclude)):
            if self.should_process(f"Name: {var.name}", "Clear variable"):
                var.value = None
                if self.pass_thru:
                    self.write_object(var)
