"""Locations: Get/Set/Push/Pop-Location and Test-Path, over the file system."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Annotated, Any, Optional

from attrs import define, field, frozen

from cmdlets.core._session import get_location, resolve_path, set_location
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import (Alias, Parameter, SupportsWildcards, Switch,
                                        ValidateSet)
from pyshell.runtime.errors import ErrorCategory, ItemNotFoundException
from pyshell.runtime.wildcard import WildcardPattern

__all__ = ["PathInfo", "LocationState", "GetLocationCommand", "SetLocationCommand",
           "PushLocationCommand", "PopLocationCommand", "TestPathCommand"]


@frozen
class PathInfo:
    """System.Management.Automation.PathInfo: what Get-Location returns."""

    __ps_typenames__ = ("System.Management.Automation.PathInfo",)

    path: str
    provider: str = "Microsoft.PowerShell.Core\\FileSystem"
    drive: str = field(default="/")
    provider_path: str = ""

    @classmethod
    def of(cls, path: str) -> PathInfo:
        return cls(path, provider_path=path)

    def __str__(self) -> str:
        return self.path


@define
class LocationState:
    """Per-session state of the core module: the named location stacks of Push-Location."""

    stacks: dict[str, list[str]] = field(factory=dict)
    default: str = "default"

    def stack(self, name: Optional[str]) -> list[str]:
        return self.stacks.setdefault((name or self.default).lower(), [])


def location_state(session: Any) -> LocationState:
    return LocationState()


def _not_found(cmd: Cmdlet, path: str) -> None:
    cmd.write_error(cmd.error_record(
        ItemNotFoundException(f"Cannot find path '{path}' because it does not exist."),
        "PathNotFound", ErrorCategory.ObjectNotFound, path))


@cmdlet("Get", "Location", default_parameter_set="Location",
        dotnet_class="Microsoft.PowerShell.Commands.GetLocationCommand", aliases=("gl", "pwd"))
class GetLocationCommand(Cmdlet):
    """Gets information about the current working location."""

    ps_provider: Annotated[Optional[list[str]], Parameter(parameter_set="Location",
                                                          name="PSProvider")] = None
    ps_drive: Annotated[Optional[list[str]], Parameter(parameter_set="Location",
                                                       name="PSDrive")] = None
    stack: Annotated[Switch, Parameter(parameter_set="Stack")] = Switch(False)
    stack_name: Annotated[Optional[list[str]], Parameter(parameter_set="Stack")] = None

    examples = (Example("Get-Location", "The current directory."),)

    def process_record(self) -> None:
        if self.stack or self.stack_name:
            state: LocationState = self.module_state
            for name in self.stack_name or [None]:  # type: ignore[list-item]
                for path in reversed(state.stack(name)):
                    self.write_object(PathInfo.of(path))
            return
        self.write_object(PathInfo.of(get_location(self.session)))


def _change_location(cmd: Cmdlet, path: Optional[str]) -> bool:
    target = resolve_path(cmd.session, path if path else "~")
    if not os.path.isdir(target):
        _not_found(cmd, path or target)
        return False
    set_location(cmd.session, target)
    return True


@cmdlet("Set", "Location", default_parameter_set="Path",
        dotnet_class="Microsoft.PowerShell.Commands.SetLocationCommand",
        aliases=("cd", "chdir", "sl"))
class SetLocationCommand(Cmdlet):
    """Sets the current working location to a specified location."""

    path: Annotated[Optional[str], Parameter(position=0, parameter_set="Path",
                    from_pipeline=True, from_pipeline_by_property_name=True)] = None
    literal_path: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="LiteralPath",
                            from_pipeline_by_property_name=True),
                            Alias("PSPath", "LP")] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    stack_name: Annotated[Optional[str], Parameter(parameter_set="Stack")] = None

    examples = (Example("Set-Location /tmp", "Makes /tmp the current directory."),)

    def process_record(self) -> None:
        if self.parameter_set_name == "Stack":
            # -StackName makes that stack the default one of Push/Pop-Location.
            state: LocationState = self.module_state
            state.default = self.stack_name or "default"
            return
        if _change_location(self, self.literal_path or self.path) and self.pass_thru:
            self.write_object(PathInfo.of(get_location(self.session)))


@cmdlet("Push", "Location", default_parameter_set="Path",
        dotnet_class="Microsoft.PowerShell.Commands.PushLocationCommand", aliases=("pushd",))
class PushLocationCommand(Cmdlet):
    """Adds the current location to the top of a location stack, then moves to a path."""

    path: Annotated[Optional[str], Parameter(position=0, parameter_set="Path",
                                             from_pipeline=True,
                                             from_pipeline_by_property_name=True)] = None
    literal_path: Annotated[Optional[str], Parameter(parameter_set="LiteralPath",
                            from_pipeline_by_property_name=True),
                            Alias("PSPath", "LP")] = None
    stack_name: Annotated[Optional[str], Parameter()] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Push-Location /tmp; Pop-Location", "Visits /tmp and comes back."),)

    def process_record(self) -> None:
        state: LocationState = self.module_state
        here = get_location(self.session)
        target = self.literal_path or self.path
        if target is None or _change_location(self, target):
            state.stack(self.stack_name).append(here)
            if self.pass_thru:
                self.write_object(PathInfo.of(get_location(self.session)))


@cmdlet("Pop", "Location", dotnet_class="Microsoft.PowerShell.Commands.PopLocationCommand",
        aliases=("popd",))
class PopLocationCommand(Cmdlet):
    """Changes the current location to the location most recently pushed onto the stack."""

    stack_name: Annotated[Optional[str], Parameter()] = None
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Push-Location /tmp; Pop-Location", "Visits /tmp and comes back."),)

    def process_record(self) -> None:
        state: LocationState = self.module_state
        stack = state.stack(self.stack_name)
        if not stack:
            if self.stack_name:
                self.write_error(self.error_record(
                    f"Cannot find location stack '{self.stack_name}'. It does not exist or it "
                    "is not a container.", "Argument", ErrorCategory.InvalidArgument,
                    self.stack_name))
            return
        set_location(self.session, stack.pop())
        if self.pass_thru:
            self.write_object(PathInfo.of(get_location(self.session)))


@cmdlet("Test", "Path", default_parameter_set="Path",
        dotnet_class="Microsoft.PowerShell.Commands.TestPathCommand")
class TestPathCommand(Cmdlet):
    """Determines whether all elements of a path exist."""

    path: Annotated[Optional[list[str]], Parameter(mandatory=True, position=0,
                    parameter_set="Path", from_pipeline=True,
                    from_pipeline_by_property_name=True), SupportsWildcards()] = None
    literal_path: Annotated[Optional[list[str]], Parameter(mandatory=True,
                            parameter_set="LiteralPath", from_pipeline_by_property_name=True),
                            Alias("PSPath", "LP")] = None
    path_type: Annotated[str, Parameter(), ValidateSet("Any", "Container", "Leaf"),
                         Alias("Type")] = "Any"
    is_valid: Annotated[Switch, Parameter()] = Switch(False)
    filter: Annotated[Optional[str], Parameter()] = None
    include: Annotated[Optional[list[str]], Parameter()] = None
    exclude: Annotated[Optional[list[str]], Parameter()] = None
    older_than: Annotated[Optional[_dt.datetime], Parameter()] = None
    newer_than: Annotated[Optional[_dt.datetime], Parameter()] = None
    credential: Annotated[Any, Parameter()] = None

    examples = (Example("Test-Path /tmp", "True when /tmp exists."),)

    def begin_processing(self) -> None:
        if self.is_bound("Credential"):
            raise self.terminating_error(self.error_record(
                "The FileSystem provider does not support credentials.",
                "NotSupported", ErrorCategory.NotImplemented))

    def process_record(self) -> None:
        for raw in self.literal_path or self.path or []:
            if raw is None or raw == "":
                self.write_error(self.error_record(
                    "Cannot bind argument to parameter 'Path' because it is an empty string.",
                    "NullPathNotPermitted", ErrorCategory.InvalidData, raw))
                continue
            if self.is_valid:
                self.write_object("\0" not in raw)
                continue
            self.write_object(self._exists(resolve_path(self.session, raw),
                                           wildcard=self.literal_path is None))

    def _exists(self, path: str, *, wildcard: bool) -> bool:
        import glob
        candidates = glob.glob(path) if wildcard and any(c in path for c in "*?[") else [path]
        kind = self.path_type.lower()
        for candidate in candidates:
            if not self._selected(candidate):
                continue
            if kind == "container" and os.path.isdir(candidate):
                return True
            if kind == "leaf" and os.path.isfile(candidate):
                return True
            if kind == "any" and os.path.exists(candidate):
                return True
        return False

    def _selected(self, candidate: str) -> bool:
        """-Filter, -Include and -Exclude test the leaf name; -OlderThan/-NewerThan the
        last write time."""
        leaf = os.path.basename(candidate)
        if self.filter and not WildcardPattern(self.filter).is_match(leaf):
            return False
        if self.include and not any(WildcardPattern(p).is_match(leaf) for p in self.include):
            return False
        if self.exclude and any(WildcardPattern(p).is_match(leaf) for p in self.exclude):
            return False
        if self.older_than is not None or self.newer_than is not None:
            try:
                written = _dt.datetime.fromtimestamp(os.path.getmtime(candidate))
            except OSError:
                return False
            if self.older_than is not None and not written < self.older_than:
                return False
            if self.newer_than is not None and not written > self.newer_than:
                return False
        return True
