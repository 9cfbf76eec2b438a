"""Get-Module and Import-Module over the session's ModuleSpecs and the manifests of modules not
loaded yet."""

from __future__ import annotations

import operator
from typing import Annotated, Any, Optional

from cmdlets.core._session import loaded_modules
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Alias, Parameter, SupportsWildcards, Switch, ValidateSet
from pyshell.runtime.errors import ErrorCategory, FileNotFoundException
from pyshell.runtime.modules import ModuleManifest, ModuleSpec, discover_modules
from pyshell.runtime.wildcard import WildcardPattern

__all__ = ["GetModuleCommand", "ImportModuleCommand", "available_modules"]


def available_modules(session: Any) -> list[ModuleSpec | ModuleManifest]:
    """Modules that can be imported: the loaded ones, those the session would load on first
    use (by their manifests) and every installed one."""
    found = {m.name.lower(): m for m in discover_modules()}
    pending = getattr(session, "pending_modules", list)
    for spec in [*loaded_modules(session), *pending()]:
        found.setdefault(spec.name.lower(), spec)
    return sorted(found.values(), key=lambda m: m.name.lower())


def _selected(specs: list[Any], names: Optional[list[str]]) -> list[Any]:
    if not names:
        return specs
    patterns = [WildcardPattern(n) for n in names]
    return [s for s in specs if any(p.is_match(s.name) for p in patterns)]


@cmdlet("Get", "Module", default_parameter_set="Loaded",
        dotnet_class="Microsoft.PowerShell.Commands.GetModuleCommand", aliases=("gmo",))
class GetModuleCommand(Cmdlet):
    """Lists the modules imported in the current session or that can be imported."""

    name: Annotated[Optional[list[str]], Parameter(position=0, from_pipeline=True),
                    SupportsWildcards()] = None
    list_available: Annotated[Switch, Parameter(parameter_set="Available")] = Switch(False)
    all: Annotated[Switch, Parameter()] = Switch(False)
    refresh: Annotated[Switch, Parameter(parameter_set="Available")] = Switch(False)
    ps_edition: Annotated[Optional[str], Parameter(name="PSEdition")] = None
    skip_edition_check: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Get-Module", "The modules of this session."),)

    def process_record(self) -> None:
        specs = (available_modules(self.session) if self.list_available
                 else sorted(loaded_modules(self.session), key=lambda m: m.name.lower()))
        for spec in _selected(specs, self.name):
            self.write_object(spec.info())  # a manifest's row is its module's


@cmdlet("Import", "Module", default_parameter_set="Name",
        dotnet_class="Microsoft.PowerShell.Commands.ImportModuleCommand", aliases=("ipmo",))
class ImportModuleCommand(Cmdlet):
    """Adds modules to the current session (modules installed as pyshell.modules plugins)."""

    name: Annotated[list[str], Parameter(mandatory=True, position=0, parameter_set="Name",
                    from_pipeline=True, from_pipeline_by_property_name=True)] = []
    force: Annotated[Switch, Parameter()] = Switch(False)
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    prefix: Annotated[Optional[str], Parameter()] = None
    global_: Annotated[Switch, Parameter(name="Global")] = Switch(False)
    scope: Annotated[Optional[str], Parameter(), ValidateSet("Local", "Global")] = None
    disable_name_checking: Annotated[Switch, Parameter()] = Switch(False)
    no_clobber: Annotated[Switch, Parameter()] = Switch(False)
    minimum_version: Annotated[Optional[str], Parameter(), Alias("Version")] = None
    required_version: Annotated[Optional[str], Parameter()] = None
    maximum_version: Annotated[Optional[str], Parameter()] = None

    examples = (Example("Import-Module Hyper-V", "Loads the Hyper-V module."),)

    def process_record(self) -> None:
        loaded = {m.name.lower() for m in loaded_modules(self.session)}
        available = available_modules(self.session)
        for name in self.name:
            specs = _selected(available, [name])
            if not specs:
                exc = FileNotFoundException(
                    f"The specified module '{name}' was not loaded because no valid module "
                    "file was found in any module directory.")
                self.write_error(self.error_record(exc, "Modules_ModuleNotFound",
                                                   ErrorCategory.ResourceUnavailable, name))
                continue
            for spec in specs:
                if not self._version_fits(spec):
                    continue
                if spec.name.lower() not in loaded or self.force:
                    self.session.register_module(spec)  # a manifest's module is imported
                if self.pass_thru:
                    self.write_object(spec.info())

    def _version_fits(self, spec: ModuleSpec | ModuleManifest) -> bool:
        have = _version(spec.version)
        wanted = [("RequiredVersion", self.required_version, operator.eq),
                  ("MinimumVersion", self.minimum_version, operator.ge),
                  ("MaximumVersion", self.maximum_version, operator.le)]
        for label, text, fits in wanted:
            if text is not None and not fits(have, _version(text)):
                exc = FileNotFoundException(
                    f"The specified module '{spec.name}' with version '{text}' was not loaded "
                    f"because no valid module file was found with that version ({label}).")
                self.write_error(self.error_record(exc, "Modules_ModuleWithVersionNotFound",
                                                   ErrorCategory.ResourceUnavailable, spec.name))
                return False
        return True


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) if p.isdigit() else 0 for p in str(text).split(".")]
    return tuple(parts + [0] * (4 - len(parts)))
