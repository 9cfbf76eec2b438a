"""Checkpoint-VM, Get-VMSnapshot, Restore-VMSnapshot, Remove-VMSnapshot (checkpoints).

The `*-VMCheckpoint` names are aliases, as in the real module. A checkpoint keeps the VM's
configuration (and, for a Standard checkpoint, its memory); restoring needs the VM off or
saved.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Iterable, Optional

from engine import errors as ee
from pyshell.runtime import (Alias, ArgumentCompleter, Example, Parameter, Switch,
                             SupportsWildcards, cmdlet)
from pyshell.runtime.errors import PSException
from pyshell.runtime.wildcard import compile_wildcard, has_wildcards

from . import enums as E
from .errors import hyperv_record, invalid_argument
from .records import CimSession, VirtualMachine, VMSnapshot
from .resolve import VMCmdlet, HyperVCmdlet, complete_vm_names

__all__ = ["CheckpointVMCommand", "GetVMSnapshotCommand", "RestoreVMSnapshotCommand",
           "RemoveVMSnapshotCommand", "NO_SNAPSHOT"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
NO_SNAPSHOT = "Unable to find a snapshot matching the given criteria."


@cmdlet("Checkpoint", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VMSnapshot, dotnet_class=_CLS + "CheckpointVM")
class CheckpointVMCommand(VMCmdlet):
    """Creates a checkpoint of a virtual machine.

    Takes a checkpoint named after the virtual machine and the time, or -SnapshotName.
    Production checkpoints (the default type) keep the configuration only; Standard ones
    also keep the memory of a running virtual machine. At most 50 per virtual machine.
    """

    snapshot_name: Annotated[Optional[str], Parameter(position=1),
                             Alias("CheckpointName")] = None
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Checkpoint-VM -Name Test -SnapshotName BeforeInstallingUpdates",
                "Takes a checkpoint of Test named BeforeInstallingUpdates."),
        Example("Get-VM Test | Checkpoint-VM", "Takes a checkpoint of Test named after the time."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if not self.should_process(p.name, description=(
                    f'Checkpoint-VM will create a snapshot for virtual machine "{p.name}".')):
                continue
            try:
                c = self.hyperv.checkpoint(p, self.snapshot_name)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(VMSnapshot.from_checkpoint(c, p, self.computer))


def _listed(value: Any) -> list[Any]:
    """A parameter's values: one value or a list of them; none when unset or empty."""
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


class _SnapshotCmdlet(HyperVCmdlet):
    """Finds checkpoints: by VM (name or object) and checkpoint name, or by object."""

    def checkpoints_of(self, partitions: Iterable[Any], names: Optional[list[str]],
                       report_missing: bool = True) -> list[tuple[Any, Any]]:
        pairs: list[tuple[Any, Any]] = []
        parts = list(partitions)
        for pattern in names or [None]:  # type: ignore[list-item]
            try:
                regex = None if pattern is None else compile_wildcard(pattern)
            except PSException as error:  # `c[`: not a pattern, and not a name either
                self.write_error(invalid_argument(self, error.message, pattern))
                continue
            hits = [(p, c) for p in parts for c in p.checkpoints
                    if regex is None or regex.fullmatch(c.name)]
            if not hits and pattern is not None and not has_wildcards(pattern) \
                    and report_missing and parts:
                self.write_error(hyperv_record(self, NO_SNAPSHOT, "ObjectNotFound"))
            pairs.extend(h for h in hits if h not in pairs)
        return pairs

    def selected(self, vms: Any, vm_names: Any, names: Any,
                 snapshots: Any = None) -> list[tuple[Any, Any]]:
        """The `-VMSnapshot` objects' checkpoints, else those named `names` (all when none)
        of the `-VM` objects, else of the VMs named `vm_names`. Each is a value or a list."""
        if snapshots:
            return self.find_checkpoints(snapshots)
        vms = _listed(vms)
        parts = self.find_by_records(vms) if vms else self.find_by_names(_listed(vm_names))
        return self.checkpoints_of(parts, _listed(names) or None)

    def snapshot_record(self, p: Any, c: Any) -> VMSnapshot:
        return VMSnapshot.from_checkpoint(c, p, self.computer)


class _SnapshotChangeCmdlet(_SnapshotCmdlet):
    """Restore and Remove: checkpoints as objects, or by VM and checkpoint name."""

    vm_snapshot: Annotated[Optional[list[VMSnapshot]], Parameter(
        mandatory=True, position=0, parameter_set="SnapshotObject", from_pipeline=True,
        name="VMSnapshot"), Alias("VMCheckpoint")] = None
    cim_session: Annotated[Optional[list[CimSession]], Parameter(parameter_set="SnapshotName")] = None
    computer_name: Annotated[Optional[list[str]], Parameter(parameter_set="SnapshotName")] = None
    credential: Annotated[Optional[list[Any]], Parameter(parameter_set="SnapshotName")] = None


@cmdlet("Get", "VMSnapshot", default_parameter_set="VMName", output_type=VMSnapshot,
        dotnet_class=_CLS + "GetVMSnapshot", aliases=("Get-VMCheckpoint",))
class GetVMSnapshotCommand(_SnapshotCmdlet):
    """Gets the checkpoints associated with a virtual machine or checkpoint.

    Lists the checkpoints of the named virtual machines (or -VM objects), optionally only
    those whose names match -Name; -Id finds one checkpoint by its id.
    """

    cim_session: Annotated[Optional[list[CimSession]], Parameter(parameter_set="VMName")] = None
    computer_name: Annotated[Optional[list[str]], Parameter(parameter_set="VMName")] = None
    credential: Annotated[Optional[list[Any]], Parameter(parameter_set="VMName")] = None
    vm_name: Annotated[Optional[list[str]], Parameter(
        mandatory=True, position=0, parameter_set="VMName", from_pipeline=True,
        from_pipeline_by_property_name=True, name="VMName"), SupportsWildcards(),
        ArgumentCompleter(complete_vm_names)] = None
    vm: Annotated[Optional[list[VirtualMachine]], Parameter(
        mandatory=True, position=0, parameter_set="VMObject", from_pipeline=True,
        name="VM")] = None
    id: Annotated[Optional[uuid.UUID], Parameter(mandatory=True, parameter_set="Id")] = None
    name: Annotated[Optional[str], Parameter(position=1, parameter_set="VMName"),
                    Parameter(position=1, parameter_set="VMObject"),
                    SupportsWildcards()] = None
    snapshot_type: Annotated[Optional[E.SnapshotType], Parameter()] = None

    examples = (
        Example("Get-VMSnapshot -VMName TestVM", "Lists the checkpoints of TestVM."),
        Example("Get-VM TestVM | Get-VMCheckpoint -Name Before*",
                "Lists TestVM's checkpoints whose names start with Before."),
    )

    def process_record(self) -> None:
        if self.id is not None:
            found = [(p, c) for p in self.hyperv.partitions() for c in p.checkpoints
                     if c.id == self.id]
            if not found:
                self.write_error(hyperv_record(self, NO_SNAPSHOT, "ObjectNotFound"))
        else:
            found = self.selected(self.vm, self.vm_name, self.name)
        for p, c in found:
            record = self.snapshot_record(p, c)
            if self.snapshot_type is None or record.snapshot_type is self.snapshot_type:
                self.write_object(record)


@cmdlet("Restore", "VMSnapshot", default_parameter_set="SnapshotObject",
        supports_should_process=True, confirm_impact="High", output_type=VMSnapshot,
        dotnet_class=_CLS + "RestoreVMSnapshot", aliases=("Restore-VMCheckpoint",))
class RestoreVMSnapshotCommand(_SnapshotChangeCmdlet):
    """Restores a virtual machine checkpoint.

    Applies a checkpoint: the virtual machine gets the checkpoint's configuration and comes
    back Off, or Saved when the checkpoint kept memory. The virtual machine must be off or
    saved, and keeps its current name.
    """

    name: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                             parameter_set="SnapshotName"),
                    Parameter(mandatory=True, position=0,
                              parameter_set="VMObject")] = None
    vm_name: Annotated[Optional[str], Parameter(mandatory=True, position=1,
                                                parameter_set="SnapshotName", name="VMName",
                                                from_pipeline_by_property_name=True),
                       ArgumentCompleter(complete_vm_names)] = None
    vm: Annotated[Optional[VirtualMachine], Parameter(mandatory=True, position=1,
                                                      parameter_set="VMObject",
                                                      from_pipeline=True, name="VM")] = None
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Restore-VMSnapshot -Name BeforeUpdates -VMName TestVM -Confirm:$false",
                "Applies TestVM's checkpoint BeforeUpdates."),
        Example("Get-VMSnapshot TestVM -Name BeforeUpdates | Restore-VMSnapshot -Confirm:$false",
                "The same, through the pipeline."),
    )

    def process_record(self) -> None:
        for p, c in self.selected(self.vm, self.vm_name, self.name, self.vm_snapshot):
            if not self.should_process(c.name, description=(
                    f'Restore-VMSnapshot will apply the checkpoint "{c.name}" to virtual '
                    f'machine "{p.name}".')):
                continue
            try:
                self.hyperv.apply_checkpoint(p, c)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(self.snapshot_record(p, c))


@cmdlet("Remove", "VMSnapshot", default_parameter_set="SnapshotObject",
        supports_should_process=True, output_type=VMSnapshot,
        dotnet_class=_CLS + "RemoveVMSnapshot", aliases=("Remove-VMCheckpoint",))
class RemoveVMSnapshotCommand(_SnapshotChangeCmdlet):
    """Deletes a virtual machine checkpoint.

    Deletes checkpoints given as objects, or by virtual machine and checkpoint name
    (wildcards allowed). Child checkpoints are kept and re-parented unless
    -IncludeAllChildSnapshots is given.
    """

    vm_name: Annotated[Optional[list[str]], Parameter(
        mandatory=True, position=0, parameter_set="SnapshotName", name="VMName",
        from_pipeline_by_property_name=True), ArgumentCompleter(complete_vm_names)] = None
    vm: Annotated[Optional[list[VirtualMachine]], Parameter(
        mandatory=True, position=0, parameter_set="VMObject", from_pipeline=True,
        name="VM")] = None
    name: Annotated[Optional[list[str]], Parameter(position=1, parameter_set="SnapshotName"),
                    Parameter(position=1, parameter_set="VMObject"),
                    SupportsWildcards()] = None
    include_all_child_snapshots: Annotated[Switch, Parameter(), Alias(
        "IncludeAllChildCheckpoints")] = Switch(False)
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Remove-VMSnapshot -VMName TestVM -Name Experiment*",
                "Deletes TestVM's checkpoints whose names start with Experiment."),
        Example("Get-VMSnapshot -VMName TestVM | Remove-VMSnapshot",
                "Deletes every checkpoint of TestVM."),
    )

    def process_record(self) -> None:
        pairs = self.selected(self.vm, self.vm_name, self.name, self.vm_snapshot)
        if self.include_all_child_snapshots:
            pairs = self._with_children(pairs)
        for p, c in pairs:
            if c not in p.checkpoints:
                continue  # already gone with an earlier parent
            if not self.should_process(c.name, description=(
                    f'Remove-VMSnapshot will remove the checkpoint "{c.name}" of virtual '
                    f'machine "{p.name}".')):
                continue
            record = self.snapshot_record(p, c)
            try:
                self.hyperv.remove_checkpoint(p, c)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(record)

    @staticmethod
    def _with_children(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        out = list(pairs)
        i = 0
        while i < len(out):
            p, c = out[i]
            for child in p.checkpoints:
                if child.parent_id == c.id and (p, child) not in out:
                    out.append((p, child))
            i += 1
        # Children first, so each removal leaves a consistent tree behind.
        return list(reversed(out))
