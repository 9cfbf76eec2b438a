"""What the lab's cmdlets share: the Hyper-V host they attack, the lab's own state, VM lookup,
and the checks and error records every memory cmdlet needs.

The lab acts on the same engine host as the Hyper-V module (its module state), so a VM made
with `New-VM` is the one whose DRAM the lab reads. The lab's own state holds what lasts
between commands: the bus trace that is running.
"""

from __future__ import annotations

from typing import Any, Optional

from attrs import define

from cmdlets.hyperv.errors import record_for
from cmdlets.hyperv.resolve import HyperVCmdlet, complete_vm_names
from engine import errors as ee
from pyshell.runtime import ArgumentCompleter
from pyshell.runtime.errors import ErrorCategory, ErrorRecord

__all__ = ["LabState", "LabCmdlet", "HYPERV_MODULE", "VM_NAMES", "size_text", "range_text"]

HYPERV_MODULE = "Hyper-V"
#: -VMName completes to the host's VM names, as in the Hyper-V module.
VM_NAMES = ArgumentCompleter(complete_vm_names)


def size_text(n: int) -> str:
    """`1 GB`, `4 KB`, `24 bytes`: sizes in messages as a person writes them."""
    for unit, name in ((1 << 40, "TB"), (1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
        if n >= unit and n % unit == 0:
            return f"{n // unit} {name}"
    return f"{n} bytes"


def range_text(address: int, count: int) -> str:
    if count <= 1:
        return f"The address 0x{address:X} is"
    return f"The range 0x{address:X}-0x{address + count - 1:X} is"


@define
class LabState:
    """Per-session lab state: the interposer currently attached to the bus, if any."""

    trace: Optional[Any] = None


class LabCmdlet(HyperVCmdlet):
    """Base of the lab cmdlets."""

    @property
    def hyperv(self) -> Any:
        """The Hyper-V module's engine host (not this module's state). Opening it can fail
        (another shell holds the store's lock): a terminating error, never a traceback."""
        try:
            return self.session.module_state(HYPERV_MODULE)
        except ee.EngineError as error:
            raise self.terminating_error(record_for(self, error)) from None

    @property
    def lab(self) -> LabState:
        state: LabState = self.module_state
        return state

    # -- finding VMs -------------------------------------------------------------------------
    def one_vm(self, name: str) -> Optional[Any]:
        """The VM a lab cmdlet names; not found or ambiguous is a non-terminating error."""
        found = self.find_by_names([name])
        if len(found) > 1:
            self.write_error(self.lab_error(
                f'The name "{name}" matches {len(found)} virtual machines; name exactly one.',
                "AmbiguousVMName", ErrorCategory.InvalidArgument, name))
            return None
        return found[0] if found else None

    def running_vm(self, name: str) -> Optional[Any]:
        """The named VM if its memory exists, i.e. it is running or paused."""
        p = self.one_vm(name)
        if p is None:
            return None
        if p.runtime is None:
            self.write_error(self.lab_error(
                f"The virtual machine '{p.name}' is {p.state.name}: it has guest memory only "
                "while it runs. Start it with Start-VM first.",
                "InvalidState", ErrorCategory.InvalidOperation, p.name))
            return None
        return p

    def guest_range_ok(self, p: Any, address: int, count: int) -> bool:
        """Whether [address, address + count) lies inside the guest's memory; else an error.

        The SLAT would fault too, but its message names the first unmapped page rather than
        what the user asked for; this says which range is valid."""
        return self._range_ok(address, count, int(p.memory_assigned),
                              f"the guest memory of '{p.name}'", "AddressOutsideGuestMemory")

    def host_range_ok(self, address: int, count: int) -> bool:
        """Whether [address, address + count) lies inside host DRAM; else an error."""
        return self._range_ok(address, count, int(self.hyperv.memory_capacity),
                              "host memory", "AddressOutsideHostMemory")

    def _range_ok(self, address: int, count: int, size: int, where: str, error_id: str) -> bool:
        if address + count <= size:
            return True
        self.write_error(self.lab_error(
            f"{range_text(address, count)} outside {where} (0x0-0x{size - 1:X}, "
            f"{size_text(size)}).", error_id, ErrorCategory.InvalidArgument, address))
        return False

    # -- errors ------------------------------------------------------------------------------
    def lab_error(self, message: str, error_id: str,
                  category: ErrorCategory = ErrorCategory.InvalidArgument,
                  target: Any = None) -> ErrorRecord:
        return self.error_record(message, error_id, category, target)

    def engine_error(self, error: ee.EngineError, *, guest: Optional[tuple[Any, int]] = None,
                     ) -> None:
        """Write the record for an engine failure; `guest` = (VM, address) of a guest access."""
        self.write_error(self.engine_record(error, guest=guest))

    def engine_record(self, error: ee.EngineError, *,
                      guest: Optional[tuple[Any, int]] = None) -> ErrorRecord:
        if isinstance(error, ee.MachineCheck):
            where = f"guest address 0x{guest[1]:X} of '{guest[0].name}'" if guest else \
                f"host address 0x{error.address:X}"
            algorithm = self._algorithm_of(error.key_id)
            return self.lab_error(
                f"Machine check: the read of {where} failed the integrity check of KeyID "
                f"{error.key_id} ({algorithm}) on the line at 0x{error.address:X}: its "
                "ciphertext in DRAM is not what this key last wrote there.",
                "MachineCheck", ErrorCategory.ReadError, error.address)
        if isinstance(error, ee.EptViolation):
            return self.lab_error(error.message, "EptViolation", ErrorCategory.InvalidArgument,
                                  error.gpa)
        if isinstance(error, ee.InvalidParameter) and error.parameter in ("Address", "KeyId"):
            error_id = "AddressOutsideHostMemory" if error.parameter == "Address" \
                else "InvalidKeyId"
            return self.lab_error(error.message, error_id, ErrorCategory.InvalidArgument,
                                  error.value)
        return record_for(self, error)

    def _algorithm_of(self, key_id: int) -> str:
        from .hardware import algorithm_name

        for slot in self.hyperv.key_slots():
            if slot.key_id == key_id:
                return algorithm_name(slot.algorithm) or "no key"
        return "unknown"
