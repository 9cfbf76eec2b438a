"""Get-VMProcessor and Set-VMProcessor (hyperv-cmdlets.md §7.14, §8.4).

The processor count changes only while the VM is off (Hyper-V does not hot-add virtual
processors) and cannot exceed the host's logical processors.
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

from engine import errors as ee
from pyshell.runtime import Example, Parameter, Switch, ValidateRange, cmdlet
from pyshell.runtime.values import Int64

from .records import VMProcessor
from .resolve import VMNAME_SET, VMComponentCmdlet, VMComponentGetCmdlet

__all__ = ["GetVMProcessorCommand", "SetVMProcessorCommand", "PERFMON_FEATURES"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
PERFMON_FEATURES = ("pmu", "lbr", "pebs", "ipt")


def _processor_record(cmd: Any, p: Any, checkpoint: Any = None) -> VMProcessor:
    return VMProcessor.from_partition(p, cmd.computer, checkpoint,
                                      cmd.hyperv.logical_processor_count)


@cmdlet("Get", "VMProcessor", default_parameter_set="VMName", output_type=VMProcessor,
        dotnet_class=_CLS + "GetVMProcessor")
class GetVMProcessorCommand(VMComponentGetCmdlet):
    """Gets the processor of a virtual machine or snapshot.

    Shows the number of virtual processors, compatibility settings, limits and weights.
    """

    examples = (Example("Get-VMProcessor TestVM", "Gets the processor settings of TestVM."),)

    def process_record(self) -> None:
        for p, c in self.component_targets():
            self.write_object(_processor_record(self, p, c))


@cmdlet("Set", "VMProcessor", default_parameter_set="VMName", supports_should_process=True,
        output_type=VMProcessor, dotnet_class=_CLS + "SetVMProcessor")
class SetVMProcessorCommand(VMComponentCmdlet):
    """Configures the processors of a virtual machine.

    Sets the number of virtual processors (only while the virtual machine is off), the
    reserve and maximum (percent), the relative weight, compatibility options, nested
    virtualization and performance-monitoring features.
    """

    vm_processor: Annotated[Optional[list[VMProcessor]], Parameter(
        mandatory=True, position=0, parameter_set="VMProcessor", from_pipeline=True,
        name="VMProcessor")] = None
    count: Annotated[Optional[Int64], Parameter()] = None
    compatibility_for_migration_enabled: Annotated[Optional[bool], Parameter()] = None
    compatibility_for_older_operating_systems_enabled: Annotated[Optional[bool],
                                                                 Parameter()] = None
    hw_thread_count_per_core: Annotated[Optional[Int64], Parameter()] = None
    maximum: Annotated[Optional[Int64], Parameter(), ValidateRange(0, 100)] = None
    reserve: Annotated[Optional[Int64], Parameter(), ValidateRange(0, 100)] = None
    relative_weight: Annotated[Optional[int], Parameter(), ValidateRange(1, 10000)] = None
    maximum_count_per_numa_node: Annotated[Optional[int], Parameter()] = None
    maximum_count_per_numa_socket: Annotated[Optional[int], Parameter()] = None
    resource_pool_name: Annotated[Optional[str], Parameter()] = None
    perfmon: Annotated[Optional[list[str]], Parameter(parameter_set=VMNAME_SET)] = None
    enable_host_resource_protection: Annotated[Optional[bool], Parameter()] = None
    expose_virtualization_extensions: Annotated[Optional[bool], Parameter()] = None
    enable_legacy_apic_mode: Annotated[Optional[bool], Parameter()] = None
    allow_acount_mcount: Annotated[Optional[bool], Parameter(name="AllowACountMCount")] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Set-VMProcessor TestVM -Count 2 -Reserve 10 -Maximum 75 -RelativeWeight 200",
                "Gives TestVM two processors with a 10% reserve and a 75% limit."),
        Example("Set-VMProcessor TestVM -ExposeVirtualizationExtensions $true",
                "Enables nested virtualization for TestVM."),
    )

    def begin_processing(self) -> None:
        super().begin_processing()
        for item in self.perfmon or ():
            if str(item).lower() not in PERFMON_FEATURES:
                raise self.fail(f"'{item}' is not a valid performance-monitoring feature. "
                                "Use pmu, lbr, pebs or ipt.")

    def _changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for attr in ("count", "compatibility_for_migration_enabled",
                     "compatibility_for_older_operating_systems_enabled",
                     "hw_thread_count_per_core", "maximum", "reserve", "relative_weight",
                     "maximum_count_per_numa_node", "maximum_count_per_numa_socket",
                     "resource_pool_name", "enable_host_resource_protection",
                     "expose_virtualization_extensions", "enable_legacy_apic_mode",
                     "allow_acount_mcount"):
            value = getattr(self, attr)
            if value is not None:
                changes[attr] = int(value) if type(value) not in (bool, str) else value
        if self.perfmon is not None:
            # -Perfmon rewrites every flag: the ones listed on, the others off.
            wanted = {str(f).lower() for f in self.perfmon}
            for feature in PERFMON_FEATURES:
                changes[f"enable_perfmon_{feature}"] = feature in wanted
        return changes

    def process_record(self) -> None:
        targets = self.find_by_records(self.vm_processor) if self.vm_processor \
            else self.targets()
        changes = self._changes()
        for p in targets:
            if not self.should_process(p.name, description=(
                    "Set-VMProcessor will configure the processor settings of the virtual "
                    f'machine "{p.name}".')):
                continue
            try:
                self.hyperv.set_processor(p, **changes)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(_processor_record(self, p))
