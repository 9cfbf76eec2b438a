"""Join-Path and Split-Path: path strings as the FileSystem provider builds and takes them apart.

Scripts build paths from `$PSScriptRoot` with these, so they must give paths this machine can
open: a path written with backslashes keeps them (Windows scripts), anything else uses the
platform's separator.
"""

from __future__ import annotations

import ntpath
import os
from typing import Annotated, Any, Optional

from cmdlets.core._session import resolve_path
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.errors import ErrorCategory, ItemNotFoundException
from pyshell.runtime.parameters import Alias, Parameter, Switch

__all__ = ["JoinPathCommand", "SplitPathCommand"]


def _flavour(path: str) -> Any:
    """ntpath for a Windows-style path (`C:\\x`, `a\\b`), else the platform's own."""
    if "\\" in path and "/" not in path or ntpath.splitdrive(path)[0]:
        return ntpath
    return os.path


@cmdlet("Join", "Path", dotnet_class="Microsoft.PowerShell.Commands.JoinPathCommand")
class JoinPathCommand(Cmdlet):
    """Combines a path and child paths into a single path."""

    path: Annotated[list[str], Parameter(mandatory=True, position=0, from_pipeline=True,
                                         from_pipeline_by_property_name=True),
                    Alias("PSPath")] = None  # type: ignore[assignment]
    child_path: Annotated[Optional[str], Parameter(position=1,
                                                   from_pipeline_by_property_name=True)] = None
    additional_child_path: Annotated[Optional[list[str]],
                                     Parameter(position=2, from_remaining_arguments=True)] = None
    resolve: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Join-Path $HOME scripts deploy.ps1",
                        "The path of deploy.ps1 in the scripts folder of your home."),)

    def process_record(self) -> None:
        children = [c for c in [self.child_path, *(self.additional_child_path or [])] if c]
        for parent in self.path or []:
            flavour = _flavour(parent)
            joined = parent
            for child in children:
                joined = flavour.join(joined, child.lstrip("\\/"))
            if self.resolve:
                full = resolve_path(self.session, joined)
                if not os.path.exists(full):
                    self.write_error(self.error_record(
                        ItemNotFoundException(f"Cannot find path '{full}' because it does "
                                              "not exist."),
                        "PathNotFound", ErrorCategory.ObjectNotFound, full))
                    continue
                joined = full
            self.write_object(joined)


@cmdlet("Split", "Path", default_parameter_set="ParentSet",
        dotnet_class="Microsoft.PowerShell.Commands.SplitPathCommand")
class SplitPathCommand(Cmdlet):
    """Returns the specified part of a path: its parent (the default), leaf, extension..."""

    path: Annotated[list[str], Parameter(mandatory=True, position=0, from_pipeline=True,
                                         from_pipeline_by_property_name=True),
                    Alias("PSPath")] = None  # type: ignore[assignment]
    parent: Annotated[Switch, Parameter(parameter_set="ParentSet")] = Switch(False)
    leaf: Annotated[Switch, Parameter(mandatory=True, parameter_set="LeafSet")] = Switch(False)
    leaf_base: Annotated[Switch, Parameter(mandatory=True, parameter_set="LeafBaseSet")] \
        = Switch(False)
    extension: Annotated[Switch, Parameter(mandatory=True, parameter_set="ExtensionSet")] \
        = Switch(False)
    qualifier: Annotated[Switch, Parameter(mandatory=True, parameter_set="QualifierSet")] \
        = Switch(False)
    no_qualifier: Annotated[Switch, Parameter(mandatory=True, parameter_set="NoQualifierSet")] \
        = Switch(False)
    is_absolute: Annotated[Switch, Parameter(mandatory=True, parameter_set="IsAbsoluteSet")] \
        = Switch(False)

    examples = (Example("Split-Path /var/log/syslog -Leaf", "syslog"),
                Example("Split-Path C:\\Scripts\\deploy.ps1", "C:\\Scripts"))

    def process_record(self) -> None:
        for path in self.path or []:
            self.write_object(self._part(path))

    def _part(self, path: str) -> Any:
        flavour = _flavour(path)
        trimmed = path.rstrip("\\/") or path
        drive, rest = flavour.splitdrive(trimmed)
        if self.is_absolute:
            return flavour.isabs(path)
        if self.qualifier:
            if not drive:
                raise self.terminating_error(self.error_record(
                    f"Cannot parse path because path '{path}' does not have a qualifier "
                    "specified.", "ParsePathFormatError", ErrorCategory.InvalidArgument, path))
            return drive
        if self.no_qualifier:
            return rest
        leaf = flavour.basename(trimmed)
        if self.leaf:
            return leaf
        if self.leaf_base:
            return flavour.splitext(leaf)[0]
        if self.extension:
            return flavour.splitext(leaf)[1]
        parent = flavour.dirname(trimmed)
        return "" if parent == trimmed else parent
