"""Modules: `ModuleSpec` (what a module's `MODULE` is) and their discovery.

A module (`cmdlets/<name>/__init__.py`) declares::

    MODULE = ModuleSpec(name="Hyper-V", cmdlets=(GetVMCommand, ...), aliases={"gvm": "Get-VM"},
                        views=VIEWS, types=(VirtualMachine, VMState), state_factory=HyperVState,
                        version="2.0.0.0", description="...")

and is found through the entry-point group `pyshell.modules` (`discover_modules()`). The
session registers each spec: its commands (`spec.command_infos()`), aliases
(`spec.alias_infos()`), views and types. `ModuleInfo` is what `Get-Module` returns.

An entry point may instead name a `ModuleManifest` (PowerShell's .psd1 with its
CmdletsToExport): the names a module exports and where its `MODULE` is, in a file that imports
nothing heavy. The session then imports the module only when one of those names is first
used (PowerShell's module auto-loading), so a module most sessions never touch costs nothing
at start-up. tests/cmdlets/test_manifests.py keeps each manifest equal to its module.
"""

from __future__ import annotations

import enum
import functools
import importlib
import importlib.metadata
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from attrs import field, frozen

from pyshell.runtime.commands import AliasInfo, CmdletInfo, CommandInfo, command_name

__all__ = ["ModuleSpec", "ModuleManifest", "ModuleType", "ModuleInfo", "discover_modules",
           "ENTRY_POINT_GROUP", "ModuleLoadFailure"]

ENTRY_POINT_GROUP = "pyshell.modules"


def _to_dict(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen(eq=False)
class ModuleSpec:
    name: str
    cmdlets: tuple[Any, ...] = field(default=(), converter=_to_tuple)
    aliases: dict[str, str] = field(factory=dict, converter=_to_dict)
    views: tuple[Any, ...] = field(default=(), converter=_to_tuple)
    types: tuple[Any, ...] = field(default=(), converter=_to_tuple)
    state_factory: Optional[Callable[[Any], Any]] = None
    version: str = "1.0.0"
    description: str = ""
    # PowerShell's built-in aliases (`%`, `gcm`, `select`) belong to the session, not to a
    # module: Get-Command shows no Source for them. A module's own aliases show its name.
    session_aliases: bool = False
    # A one-line summary of the module's state for the interactive shell's toolbar
    # (`status(session) -> str`); it must be cheap and must not create the state itself.
    status: Optional[Callable[[Any], str]] = None

    def command_infos(self) -> list[CommandInfo]:
        """One CommandInfo per cmdlet (a class with `metadata`, or a ready CommandInfo)."""
        infos: list[CommandInfo] = []
        for item in self.cmdlets:
            if isinstance(item, CommandInfo):
                infos.append(item)
            else:
                item.module_name = self.name
                infos.append(CmdletInfo.from_class(item, self.name, self.version))
        return infos

    def alias_infos(self) -> list[AliasInfo]:
        """The module's aliases, plus those a cmdlet declares in `@cmdlet(aliases=...)`."""
        owner = "" if self.session_aliases else self.name
        infos = [AliasInfo.create(alias, target, owner) for alias, target in self.aliases.items()]
        known = {a.name.lower() for a in infos}
        for item in self.cmdlets:
            for alias in getattr(item, "cmdlet_aliases", ()):
                if alias.lower() not in known:
                    known.add(alias.lower())
                    infos.append(AliasInfo.create(alias, _command_name(item), owner))
        return infos

    def info(self) -> ModuleInfo:
        return ModuleInfo.from_spec(self)


@frozen(eq=False)
class ModuleManifest:
    """What a module exports, known without importing it; `load` ("package:MODULE") names
    its `ModuleSpec`. `aliases` are all the aliases the module defines (its own and those its
    cmdlets declare), and `type_names` the full names of its `ModuleSpec.types`."""

    name: str
    commands: tuple[str, ...] = field(converter=_to_names)
    load: str
    aliases: dict[str, str] = field(factory=dict, converter=_to_dict)
    type_names: tuple[str, ...] = field(default=(), converter=_to_names)
    version: str = "1.0.0"
    description: str = ""

    def load_spec(self) -> ModuleSpec:
        """Import the module and return its ModuleSpec (Python caches the import)."""
        module_name, _, attribute = self.load.partition(":")
        spec = getattr(importlib.import_module(module_name), attribute or "MODULE")
        if not isinstance(spec, ModuleSpec):
            raise TypeError(f"{self.load} is not a ModuleSpec")
        return spec

    def register_types(self) -> None:
        """Make the module's types known (what naming one of them in a script needs)."""
        from pyshell.runtime.types import register_type
        for python_class in self.load_spec().types:
            register_type(python_class)

    def info(self) -> ModuleInfo:
        """The Get-Module -ListAvailable row, the same as the loaded module's."""
        return ModuleInfo(self.name, self.version, ModuleType.Manifest, self.description,
                          tuple(sorted(self.commands)), tuple(sorted(self.aliases)), "", self)


class ModuleType(enum.Enum):
    Script = "Script"
    Binary = "Binary"
    Manifest = "Manifest"

    def __str__(self) -> str:
        return str(self.value)

    __ps_typenames__ = ("System.Management.Automation.ModuleType",)


@frozen(eq=False)
class ModuleInfo:
    """System.Management.Automation.PSModuleInfo: the rows of Get-Module."""

    __ps_typenames__ = ("System.Management.Automation.PSModuleInfo",)

    name: str
    version: str
    module_type: ModuleType = field(default=ModuleType.Manifest, metadata={"ps_name": "ModuleType"})
    description: str = ""
    exported_commands: tuple[str, ...] = ()
    exported_aliases: tuple[str, ...] = ()
    pre_release: str = field(default="", metadata={"ps_name": "PreRelease"})
    spec: Any = field(default=None, metadata={"ps_hidden": True})

    @property
    def exported_cmdlets(self) -> tuple[str, ...]:
        return self.exported_commands

    @classmethod
    def from_spec(cls, spec: ModuleSpec) -> ModuleInfo:
        commands = tuple(sorted(_command_name(c) for c in spec.cmdlets if _has_metadata(c)))
        aliases = tuple(sorted(a.name for a in spec.alias_infos()))
        return cls(spec.name, spec.version, ModuleType.Manifest, spec.description,
                   commands, aliases, "", spec)

    def __str__(self) -> str:
        return self.name


def _has_metadata(item: Any) -> bool:
    if isinstance(item, type):  # without reading it, which would compile it
        return any("metadata" in base.__dict__ for base in item.__mro__)
    return hasattr(item, "metadata")


def _command_name(item: Any) -> str:
    # A cmdlet class's name is known without compiling its metadata (commands.command_name).
    if isinstance(item, type):
        return command_name(item)
    name: str = item.metadata.name
    return name


@frozen
class ModuleLoadFailure:
    """An entry point that could not be loaded: reported, never fatal to start-up."""

    entry_point: str
    error: str


def discover_modules(group: str = ENTRY_POINT_GROUP,
                     failures: Optional[list[ModuleLoadFailure]] = None,
                     ) -> list[ModuleSpec | ModuleManifest]:
    """Load every `ModuleSpec` or `ModuleManifest` published under the entry-point group, in
    name order (a manifest's module itself is not imported).

    A module that fails to import is left out (and listed in `failures` when given), so one
    broken module cannot stop the shell from starting.
    """
    specs: list[ModuleSpec | ModuleManifest] = []
    seen: set[str] = set()
    for ep in _entry_points(group):
        try:
            spec = ep.load()
        except Exception as exc:  # a broken or half-written module
            if failures is not None:
                failures.append(ModuleLoadFailure(ep.name, f"{type(exc).__name__}: {exc}"))
            continue
        if isinstance(spec, (ModuleSpec, ModuleManifest)) and spec.name.lower() not in seen:
            seen.add(spec.name.lower())
            specs.append(spec)
    return specs


@functools.lru_cache(maxsize=None)
def _entry_points(group: str) -> tuple[Any, ...]:
    # Scanning every installed distribution's metadata takes milliseconds, and each new
    # session (Import-Module too) asked again; what is installed does not change while the
    # process runs. Loading stays per call, so a failure is still reported each time.
    return tuple(sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name))


def find_module(specs: Sequence[ModuleSpec], name: str) -> Optional[ModuleSpec]:
    lowered = name.lower()
    return next((s for s in specs if s.name.lower() == lowered), None)
