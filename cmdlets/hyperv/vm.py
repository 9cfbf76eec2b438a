"""New-VM, Get-VM, Set-VM, Rename-VM, Remove-VM: creating, finding and configuring VMs.

Parameter sets, positions and pipeline input follow hyperv-cmdlets.md §7.1-7.7. Changes
are all-or-nothing: a value the host refuses leaves the VM as it was.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Optional

from attrs import evolve

from engine import errors as ee
from pyshell.runtime import (Alias, ArgumentCompleter, Example, Parameter, Switch,
                             SupportsWildcards, ValidateRange, ValidateSet, cmdlet,
                             get_property_value, to_string)
from pyshell.runtime.values import Int64, UInt32, UInt64, Version

from . import enums as E
from .records import CimSession, VirtualMachine
from .resolve import HyperVCmdlet, VMCmdlet, complete_vm_names

__all__ = ["NewVMCommand", "GetVMCommand", "SetVMCommand", "RenameVMCommand",
           "RemoveVMCommand", "version_text"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
MiB = 2**20


def _vm_id_of(obj: Any) -> Optional[uuid.UUID]:
    for prop in ("VMId", "Id"):
        value = get_property_value(obj, prop)
        if isinstance(value, uuid.UUID):
            return value
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                continue
    return None


def version_text(value: Any) -> str:
    """A configuration version as text: `9.0` arrives as a number in argument mode."""
    if isinstance(value, float):
        return repr(value)
    major = getattr(value, "major", None)
    if major is not None:
        return f"{major}.{max(getattr(value, 'minor', 0), 0)}"
    return str(value).strip()


@cmdlet("New", "VM", default_parameter_set="No VHD", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "NewVM")
class NewVMCommand(HyperVCmdlet):
    """Creates a new virtual machine.

    Creates a virtual machine in state Off with the host's defaults: Generation 1 unless
    -Generation 2 is given, 512 MB of startup memory unless -MemoryStartupBytes says
    otherwise, and the host's default configuration version (11.0) unless -Version picks
    an older one. Virtual hard disks and network switches are accepted but not simulated.
    """

    name: Annotated[Optional[str], Parameter(position=0, from_pipeline=True,
                                             from_pipeline_by_property_name=True),
                    Alias("VMName")] = None
    memory_startup_bytes: Annotated[Optional[Int64], Parameter(position=1)] = None
    boot_device: Annotated[Optional[E.BootDevice], Parameter()] = None
    no_vhd: Annotated[Switch, Parameter(parameter_set="No VHD", name="NoVHD")] = Switch(False)
    switch_name: Annotated[Optional[str], Parameter()] = None
    new_vhd_path: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="New VHD",
                                                     name="NewVHDPath")] = None
    new_vhd_size_bytes: Annotated[Optional[UInt64], Parameter(
        mandatory=True, parameter_set="New VHD", name="NewVHDSizeBytes")] = None
    vhd_path: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="Existing VHD",
                                                 name="VHDPath")] = None
    path: Annotated[Optional[str], Parameter()] = None
    source_guest_state_path: Annotated[Optional[str], Parameter()] = None
    version: Annotated[Optional[Version], Parameter()] = None
    prerelease: Annotated[Switch, Parameter()] = Switch(False)
    experimental: Annotated[Switch, Parameter()] = Switch(False)
    generation: Annotated[Optional[int], Parameter(position=2), ValidateSet("1", "2")] = None
    guest_state_isolation_type: Annotated[Optional[E.GuestIsolationType], Parameter()] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    cim_session: Annotated[Optional[list[CimSession]], Parameter()] = None
    computer_name: Annotated[Optional[list[str]], Parameter()] = None
    credential: Annotated[Optional[list[Any]], Parameter()] = None

    examples = (
        Example('New-VM -Name "VM01" -MemoryStartupBytes 512MB',
                "Creates a Generation 1 virtual machine named VM01 with 512 MB of memory."),
        Example("New-VM -Name web1 -Generation 2 -MemoryStartupBytes 4GB",
                "Creates a Generation 2 virtual machine, ready for memory encryption."),
        Example('New-VM -Name "VM02" -Generation 1 -BootDevice CD -NoVHD',
                "Creates a Generation 1 virtual machine that boots from its DVD drive."),
    )

    def _check(self, generation: int) -> Optional[str]:
        """The version to create, after the checks the real cmdlet makes up front."""
        for flag in ("prerelease", "experimental"):
            if self.version is not None and getattr(self, flag):
                raise self.fail(f"The parameters 'Version' and '{flag.capitalize()}' are "
                                "mutually exclusive. Specify only one or the other.")
        if self.prerelease or self.experimental:
            raise self.fail("Prerelease and experimental configuration versions are "
                            "available only on Windows Insider builds; this host supports "
                            "8.0 to 11.0.", "NotSupported")
        device = self.boot_device
        if generation == 2 and device is not None:
            refusal = {
                E.BootDevice.Floppy: "Generation 2 virtual machines do not support floppy drives.",
                E.BootDevice.IDE: "Generation 2 virtual machines do not support IDE.",
                E.BootDevice.LegacyNetworkAdapter:
                    "Generation 2 virtual machines do not support legacy network adapters.",
            }.get(device)
            if refusal:
                raise self.fail(refusal)
        if self.new_vhd_path is not None and not self.new_vhd_path.lower().endswith(".vhdx"):
            raise self.fail("The path for a new virtual hard disk must use the .VHDX file "
                            "extension.")
        if generation == 2 and self.vhd_path and \
                self.vhd_path.lower().endswith((".vhd", ".avhd")):
            raise self.fail("Generation 2 virtual machines do not support .vhd or .avhd format.")
        return None if self.version is None else version_text(self.version)

    def process_record(self) -> None:
        name = self.name if self.name is not None else "New Virtual Machine"
        generation = int(self.generation) if self.generation is not None else 1
        version = self._check(generation)
        if not self.should_process(name, description=(
                f'New-VM will create a new virtual machine "{name}".')):
            return
        try:
            p = self.hyperv.new_vm(
                name, generation,
                None if self.memory_startup_bytes is None else int(self.memory_startup_bytes),
                version, self.path)
        except ee.EngineError as error:
            self.write_engine_error(error)
            return
        if generation == 2 and self.boot_device is E.BootDevice.VHD \
                and not (self.vhd_path or self.new_vhd_path):
            # Gen 2 boots only from devices that exist; without a disk there is no VHD entry.
            self.write_warning("No boot source could be found that matches the specified boot "
                               "device type.")
        self.write_object(self.vm_record(p))


@cmdlet("Get", "VM", default_parameter_set="Name", output_type=VirtualMachine,
        dotnet_class=_CLS + "GetVM")
class GetVMCommand(HyperVCmdlet):
    """Gets the virtual machines from one or more Hyper-V hosts.

    Without a name every virtual machine of the host is returned, sorted by name. Names may
    contain wildcards; a plain name that matches nothing is reported as an error, a
    wildcard that matches nothing returns nothing.
    """

    cim_session: Annotated[Optional[list[CimSession]], Parameter(parameter_set="Name"),
                           Parameter(parameter_set="Id")] = None
    computer_name: Annotated[Optional[list[str]], Parameter(parameter_set="Name"),
                             Parameter(parameter_set="Id")] = None
    credential: Annotated[Optional[list[Any]], Parameter(parameter_set="Name"),
                          Parameter(parameter_set="Id")] = None
    name: Annotated[Optional[list[str]], Parameter(position=0, parameter_set="Name",
                                                   from_pipeline=True),
                    Alias("VMName"), SupportsWildcards(),
                    ArgumentCompleter(complete_vm_names)] = None
    id: Annotated[Optional[uuid.UUID], Parameter(position=0, parameter_set="Id",
                                                 from_pipeline=True,
                                                 from_pipeline_by_property_name=True)] = None
    cluster_object: Annotated[Any, Parameter(mandatory=True, position=0,
                                             parameter_set="ClusterObject",
                                             from_pipeline=True)] = None

    examples = (
        Example("Get-VM", "Gets every virtual machine on the local host."),
        Example("Get-VM -Name web*", "Gets the virtual machines whose names start with web."),
        Example("Get-VM | Where-Object {$_.State -eq 'Running'}",
                "Gets the running virtual machines."),
    )

    def process_record(self) -> None:
        vm_id = self.id
        if self.parameter_set_name == "ClusterObject":
            # Any object reaches this set by value. There are no clusters here, but an
            # object that names a VM by id (a VirtualMachine read earlier, a row with an
            # Id) is looked up again, so `Get-VM | Get-VM` refreshes a list.
            vm_id = _vm_id_of(self.cluster_object)
            if vm_id is None:
                target = self.cluster_object
                raise self.fail(f"The cluster object '{to_string(target)}' is not a valid "
                                "cluster group or virtual machine cluster resource. Run the "
                                "command again and specify an object that represents a cluster "
                                "group or virtual machine cluster resource.",
                                "InvalidParameter", target)
        if vm_id is not None:
            try:
                found = [self.hyperv.get(vm_id)]
            except ee.NotFound as error:
                self.write_engine_error(error, get_vm=True)
                return
        elif self.name:
            found = self.find_by_names(self.name, get_vm=True)
        else:
            found = self.hyperv.partitions()
        for p in found:
            self.write_object(self.vm_record(p))


@cmdlet("Set", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "SetVM")
class SetVMCommand(VMCmdlet):
    """Configures a virtual machine.

    Changes a virtual machine's processor count, memory, automatic start and stop actions,
    checkpoint type, notes and name. All the changes to one virtual machine happen
    together or not at all.
    """

    guest_controlled_cache_types: Annotated[Optional[bool], Parameter()] = None
    low_memory_mapped_io_space: Annotated[Optional[UInt32], Parameter()] = None
    high_memory_mapped_io_space: Annotated[Optional[UInt64], Parameter()] = None
    processor_count: Annotated[Optional[Int64], Parameter()] = None
    dynamic_memory: Annotated[Switch, Parameter()] = Switch(False)
    static_memory: Annotated[Switch, Parameter()] = Switch(False)
    memory_minimum_bytes: Annotated[Optional[Int64], Parameter()] = None
    memory_maximum_bytes: Annotated[Optional[Int64], Parameter()] = None
    memory_startup_bytes: Annotated[Optional[Int64], Parameter()] = None
    automatic_start_action: Annotated[Optional[E.StartAction], Parameter()] = None
    automatic_stop_action: Annotated[Optional[E.StopAction], Parameter()] = None
    automatic_start_delay: Annotated[Optional[int], Parameter(),
                                     ValidateRange(0, 2**31 - 1)] = None
    automatic_critical_error_action: Annotated[Optional[E.CriticalErrorAction],
                                               Parameter()] = None
    automatic_critical_error_action_timeout: Annotated[Optional[int], Parameter(),
                                                       ValidateRange(0, 2**31 - 1)] = None
    automatic_checkpoints_enabled: Annotated[Optional[bool], Parameter()] = None
    lock_on_disconnect: Annotated[Optional[E.OnOffState], Parameter()] = None
    notes: Annotated[Optional[str], Parameter()] = None
    new_vm_name: Annotated[Optional[str], Parameter(name="NewVMName")] = None
    snapshot_file_location: Annotated[Optional[str], Parameter()] = None
    smart_paging_file_path: Annotated[Optional[str], Parameter()] = None
    checkpoint_type: Annotated[Optional[E.CheckpointType], Parameter()] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)
    allow_unverified_paths: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Set-VM -Name TestVM -AutomaticStopAction ShutDown",
                "Makes TestVM shut down when the host stops."),
        Example("Stop-VM -Name TestVM -Passthru | Set-VM -ProcessorCount 2 -DynamicMemory "
                "-MemoryMaximumBytes 2GB -Passthru | Start-VM",
                "Turns TestVM off, gives it two processors and dynamic memory, and starts it."),
    )

    def begin_processing(self) -> None:
        super().begin_processing()
        if self.dynamic_memory and self.static_memory:
            raise self.fail("Dynamic and static memory settings cannot be specified together. "
                            "To set maximum memory, minimum memory and buffer settings, turn "
                            "on Dynamic Memory as well.")

    def _config_changes(self) -> dict[str, Any]:
        from engine import partition as ep
        changes: dict[str, Any] = {
            "guest_controlled_cache_types": self.guest_controlled_cache_types,
            "low_memory_mapped_io_space": self.low_memory_mapped_io_space,
            "high_memory_mapped_io_space": self.high_memory_mapped_io_space,
            "automatic_start_delay": self.automatic_start_delay,
            "automatic_critical_error_action_timeout":
                self.automatic_critical_error_action_timeout,
            "automatic_checkpoints_enabled": self.automatic_checkpoints_enabled,
            "notes": self.notes,
            "snapshot_file_location": self.snapshot_file_location,
            "smart_paging_file_path": self.smart_paging_file_path,
        }
        for attr, engine_enum in (("automatic_start_action", ep.StartAction),
                                  ("automatic_stop_action", ep.StopAction),
                                  ("automatic_critical_error_action", ep.CriticalErrorAction),
                                  ("lock_on_disconnect", ep.OnOffState),
                                  ("checkpoint_type", ep.CheckpointType)):
            value = getattr(self, attr)
            changes[attr] = None if value is None else E.to_engine(value, engine_enum)
        return {k: (int(v) if isinstance(v, int) and not isinstance(v, bool) else v)
                for k, v in changes.items() if v is not None}

    def _memory_changes(self, p: Any) -> dict[str, Any]:
        wants_dm = bool(self.dynamic_memory) or (
            not self.static_memory and p.memory.dynamic_memory_enabled)
        if (self.memory_minimum_bytes is not None or self.memory_maximum_bytes is not None) \
                and not wants_dm:
            raise ee.InvalidParameter(
                "DynamicMemory", False,
                "Dynamic and static memory settings cannot be specified together. To set "
                "maximum memory, minimum memory and buffer settings, turn on Dynamic Memory "
                "as well.")
        changes: dict[str, Any] = {}
        for key, value in (("startup", self.memory_startup_bytes),
                           ("minimum", self.memory_minimum_bytes),
                           ("maximum", self.memory_maximum_bytes)):
            if value is not None:
                changes[key] = int(value)
        if self.dynamic_memory:
            changes["dynamic_memory_enabled"] = True
        elif self.static_memory:
            changes["dynamic_memory_enabled"] = False
        return changes

    def process_record(self) -> None:
        host = self.hyperv
        for p in self.targets():
            if not self.should_process(p.name, description=(
                    f'Set-VM will configure the virtual machine "{p.name}".')):
                continue
            before = p.config
            try:
                memory = self._memory_changes(p)
                if memory:
                    host.set_memory(p, **memory)
                if self.processor_count is not None:
                    host.set_processor(p, count=int(self.processor_count))
                changes = self._config_changes()
                if changes:
                    host.set_vm(p, **changes)
                if self.new_vm_name is not None:
                    host.rename(p, self.new_vm_name)
            except ee.EngineError as error:
                self._roll_back(p, before)
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(self.vm_record(p))

    def _roll_back(self, p: Any, before: Any) -> None:
        # Undo the parts that did succeed, through the host, so the VM is as it was.
        host = self.hyperv
        if p.config == before:
            return
        m = before.memory
        memory: dict[str, Any] = {"startup": m.startup,
                                  "dynamic_memory_enabled": m.dynamic_memory_enabled}
        if m.dynamic_memory_enabled:
            memory.update(minimum=m.minimum, maximum=m.maximum)
        try:
            host.set_memory(p, **memory)
            host.set_processor(p, count=before.processor.count)
            host.set_vm(p, **{k: getattr(before, k) for k in self._config_changes()})
            if p.name != before.name:
                host.rename(p, before.name)
        except ee.EngineError:  # a rollback that fails leaves the best state reachable
            pass


@cmdlet("Rename", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "RenameVM")
class RenameVMCommand(VMCmdlet):
    """Renames a virtual machine.

    Changes the display name of a virtual machine; its id stays the same. The virtual
    machine may be in any state.
    """

    new_name: Annotated[str, Parameter(mandatory=True, position=1)] = None  # type: ignore[assignment]
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Rename-VM VM1 -NewName VM2", "Renames VM1 to VM2."),
        Example("Get-VM VM1 | Rename-VM -NewName VM2 -PassThru",
                "Renames VM1 to VM2 and shows the renamed virtual machine."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if not self.should_process(p.name, description=(
                    f'Rename-VM will rename the virtual machine "{p.name}" to '
                    f'"{self.new_name}".')):
                continue
            try:
                self.hyperv.rename(p, self.new_name)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(self.vm_record(p))


@cmdlet("Remove", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "RemoveVM")
class RemoveVMCommand(VMCmdlet):
    """Deletes a virtual machine.

    Deletes the configuration of a virtual machine and its checkpoints. The virtual
    machine must be off or saved. Asks for confirmation unless -Force is given.
    """

    force: Annotated[Switch, Parameter()] = Switch(False)
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example('Remove-VM -Name "new 2" -Force',
                'Removes the virtual machine "new 2" without asking.'),
        Example("Get-VM -Name New* | Remove-VM -Force",
                "Removes every virtual machine whose name starts with New."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if not self.should_process(p.name, description=(
                    f'Remove-VM will remove virtual machine "{p.name}".')):
                continue
            if not self.should_continue(
                    f'Are you sure you want to remove virtual machine "{p.name}"?', "Confirm",
                    force=bool(self.force)):
                continue
            record = self.vm_record(p)
            try:
                self.hyperv.remove(p)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(evolve(record, is_deleted=True))
