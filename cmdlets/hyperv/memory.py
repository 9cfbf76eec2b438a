"""Get-VMMemory and Set-VMMemory, including the memory-encryption policy (design.md §4).

Sizes are bytes and must be multiples of 2 MB; minimum, maximum and buffer need dynamic
memory; the encryption policy, dynamic memory on/off and the startup size change only
while the VM is off. The host checks each VM's change as a whole, so a refused change
leaves the VM untouched.
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

from engine import errors as ee
from engine import partition as ep
from pyshell.runtime import Example, Parameter, Switch, ValidateRange, cmdlet
from pyshell.runtime.values import Int64

from . import enums as E
from .records import VMMemory
from .resolve import VMComponentCmdlet, VMComponentGetCmdlet

__all__ = ["GetVMMemoryCommand", "SetVMMemoryCommand", "DM_REQUIRED"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
DM_REQUIRED = "Setting maximum, minimum, and buffer settings requires Dynamic Memory to be enabled."


@cmdlet("Get", "VMMemory", default_parameter_set="VMName", output_type=VMMemory,
        dotnet_class=_CLS + "GetVMMemory")
class GetVMMemoryCommand(VMComponentGetCmdlet):
    """Gets the memory of a virtual machine or snapshot.

    Shows the startup, minimum and maximum memory, dynamic memory settings, and the memory
    encryption policy with whether the running virtual machine's memory is encrypted now.
    """

    examples = (
        Example("Get-VMMemory TestVM", "Gets the memory settings of TestVM."),
        Example("Get-VMMemory -VMName web1 | Format-List MemoryEncryptionPolicy, "
                "MemoryEncryptionEnabled", "Shows whether web1's memory is encrypted."),
    )

    def process_record(self) -> None:
        for p, c in self.component_targets():
            self.write_object(VMMemory.from_partition(p, self.computer, c))


@cmdlet("Set", "VMMemory", default_parameter_set="VMName", supports_should_process=True,
        output_type=VMMemory, dotnet_class=_CLS + "SetVMMemory")
class SetVMMemoryCommand(VMComponentCmdlet):
    """Configures the memory of a virtual machine.

    Sets startup, minimum and maximum memory (bytes, multiples of 2 MB), dynamic memory,
    buffer, priority and the memory encryption policy (Disabled, EnabledIfSupported,
    AlwaysEnabled). Minimum, maximum and buffer require dynamic memory. The policy,
    dynamic memory and the startup size can be changed only while the virtual machine
    is off.
    """

    vm_memory: Annotated[Optional[list[VMMemory]], Parameter(
        mandatory=True, position=0, parameter_set="ResourceObject", from_pipeline=True,
        name="VMMemory")] = None
    buffer: Annotated[Optional[int], Parameter(), ValidateRange(5, 2000)] = None
    dynamic_memory_enabled: Annotated[Optional[bool], Parameter()] = None
    maximum_bytes: Annotated[Optional[Int64], Parameter()] = None
    startup_bytes: Annotated[Optional[Int64], Parameter()] = None
    minimum_bytes: Annotated[Optional[Int64], Parameter()] = None
    priority: Annotated[Optional[int], Parameter(), ValidateRange(0, 100)] = None
    maximum_amount_per_numa_node_bytes: Annotated[Optional[Int64], Parameter()] = None
    resource_pool_name: Annotated[Optional[str], Parameter()] = None
    memory_encryption_policy: Annotated[Optional[E.MemoryEncryptionPolicy], Parameter(
        help_message="Disabled, EnabledIfSupported (encrypt when the VM and host meet the "
                     "requirements, else start unencrypted with a warning) or AlwaysEnabled "
                     "(refuse to start unencrypted). Changed only while the VM is off.")] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Set-VMMemory TestVM -DynamicMemoryEnabled $true -MinimumBytes 64MB "
                "-StartupBytes 256MB -MaximumBytes 2GB -Priority 80 -Buffer 25",
                "Turns dynamic memory on for TestVM with these limits."),
        Example("Set-VMMemory -VMName web1 -MemoryEncryptionPolicy EnabledIfSupported",
                "Encrypts web1's memory with its own TME-MK key from its next start."),
    )

    def begin_processing(self) -> None:
        super().begin_processing()
        # Checked once before anything runs, as the real cmdlet does (and again per VM).
        dm_only = any(v is not None for v in (self.buffer, self.minimum_bytes,
                                              self.maximum_bytes))
        if dm_only and self.dynamic_memory_enabled is False:
            raise self.fail(DM_REQUIRED)

    def _targets(self) -> list[Any]:
        if self.vm_memory:
            return self.find_by_records(self.vm_memory)
        return self.targets()

    def process_record(self) -> None:
        def size(value: Any) -> Optional[int]:
            return None if value is None else int(value)

        policy = self.memory_encryption_policy
        for p in self._targets():
            if not self.should_process(p.name, description=(
                    "Set-VMMemory will configure the memory settings of the virtual machine "
                    f'"{p.name}".')):
                continue
            try:
                self.hyperv.set_memory(
                    p, startup=size(self.startup_bytes), minimum=size(self.minimum_bytes),
                    maximum=size(self.maximum_bytes),
                    dynamic_memory_enabled=self.dynamic_memory_enabled,
                    buffer=self.buffer, priority=self.priority,
                    encryption_policy=None if policy is None
                    else E.to_engine(policy, ep.MemoryEncryptionPolicy),
                    maximum_per_numa_node_bytes=size(self.maximum_amount_per_numa_node_bytes))
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(VMMemory.from_partition(p, self.computer))
