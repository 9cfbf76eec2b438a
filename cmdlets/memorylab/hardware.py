"""Get-VMHostHardware, Set-VMHostHardware, Get-VMHostKeyId: the CPU's memory encryption."""

from __future__ import annotations

from typing import Annotated, Optional

from engine import errors as ee
from engine.cpu import PROFILES
from pyshell.runtime import Example, Parameter, Switch, ValidateRange, ValidateSet, cmdlet
from pyshell.runtime.values import Int64

from .base import LabCmdlet
from .records import KeyIdState, VMHostHardware, VMHostKeyId

__all__ = ["GetVMHostHardwareCommand", "SetVMHostHardwareCommand", "GetVMHostKeyIdCommand"]

_ALGORITHM_NAMES = {
    "AES_XTS_128": "AES-XTS-128", "AES_XTS_256": "AES-XTS-256",
    "AES_XTS_128_INTEGRITY": "AES-XTS-128 with integrity",
    "AES_XTS_256_INTEGRITY": "AES-XTS-256 with integrity",
}


def algorithm_name(algorithm: object) -> str:
    if algorithm is None:
        return ""
    name = getattr(algorithm, "name", str(algorithm))
    return _ALGORITHM_NAMES.get(name, name)


def hardware_record(info: object) -> VMHostHardware:
    i = info
    return VMHostHardware(
        i.computer_name, i.profile, i.processor, i.max_physical_address_bits,  # type: ignore[attr-defined]
        i.memory_capacity, i.tme_supported, i.tme_enabled, i.tme_bypass,  # type: ignore[attr-defined]
        i.tme_algorithm, i.mktme_supported, i.key_id_bits, i.max_key_ids,  # type: ignore[attr-defined]
        i.key_ids_in_use, f"0x{i.ia32_tme_capability:016X}",  # type: ignore[attr-defined]
        f"0x{i.ia32_tme_activate:016X}")  # type: ignore[attr-defined]


@cmdlet("Get", "VMHostHardware", output_type=VMHostHardware,
        dotnet_class="PyShell.MemoryLab.Commands.GetVMHostHardware")
class GetVMHostHardwareCommand(LabCmdlet):
    """Gets the host's processor, memory and TME / TME-MK capabilities, with the raw MSRs.

    IA32_TME_CAPABILITY (MSR 981H) says what the CPU can do; IA32_TME_ACTIVATE (MSR 982H)
    what the BIOS turned on, including how many physical-address bits carry the KeyID.
    """

    examples = (Example("Get-VMHostHardware", "Shows the default Alder Lake host."),
                Example("(Get-VMHostHardware).MaxKeyIds",
                        "How many KeyIDs VMs can use (KeyID 0 is the platform's)."))

    def process_record(self) -> None:
        self.write_object(hardware_record(self.hyperv.hardware()))


@cmdlet("Set", "VMHostHardware", supports_should_process=True, output_type=VMHostHardware,
        dotnet_class="PyShell.MemoryLab.Commands.SetVMHostHardware")
class SetVMHostHardwareCommand(LabCmdlet):
    """Changes the host's processor or BIOS memory-encryption options (a host reboot).

    Every VM must be off: a BIOS change restarts the host, and every key in the CPU is lost.
    """

    profile: Annotated[Optional[str], Parameter(position=0),
                       ValidateSet(*sorted(PROFILES))] = None
    memory_bytes: Annotated[Optional[Int64], Parameter()] = None
    tme_enabled: Annotated[Optional[bool], Parameter()] = None
    tme_bypass: Annotated[Optional[bool], Parameter()] = None
    key_id_bits: Annotated[Optional[int], Parameter(), ValidateRange(0, 15)] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Set-VMHostHardware -Profile SapphireRapids -Passthru",
                "Moves the host to a Sapphire Rapids Xeon with 127 KeyIDs and integrity."),
        Example("Set-VMHostHardware -TmeBypass $false",
                "Lets the platform key encrypt memory outside TME-MK VMs too."),
    )

    def process_record(self) -> None:
        if not self.should_process(self.hyperv.name, "Change the processor and BIOS settings "
                                                     "and restart the host"):
            return
        try:
            info = self.hyperv.set_hardware(
                profile=self.profile, memory_bytes=self.memory_bytes,
                tme_enabled=self.tme_enabled, tme_bypass=self.tme_bypass,
                keyid_bits=self.key_id_bits)
        except ee.EngineError as error:
            raise self.terminating_error(self.error_record(
                error.message, error.error_id or "InvalidParameter")) from None
        if self.passthru:
            self.write_object(hardware_record(info))


@cmdlet("Get", "VMHostKeyId", output_type=VMHostKeyId,
        dotnet_class="PyShell.MemoryLab.Commands.GetVMHostKeyId")
class GetVMHostKeyIdCommand(LabCmdlet):
    """Lists the CPU's KeyID slots: state, algorithm and the VM that owns each. Never a key."""

    key_id: Annotated[Optional[list[int]], Parameter(position=0)] = None
    vm_name: Annotated[Optional[list[str]], Parameter(name="VMName")] = None

    examples = (Example("Get-VMHostKeyId", "Every KeyID slot of the host CPU."),
                Example("Get-VMHostKeyId -KeyId 0", "The platform (TME) KeyID."))

    def process_record(self) -> None:
        wanted_ids = set(self.key_id or ())
        names = [n.casefold() for n in self.vm_name or ()]
        for slot in self.hyperv.key_slots():
            if wanted_ids and slot.key_id not in wanted_ids:
                continue
            if names and (slot.vm_name or "").casefold() not in names:
                continue
            self.write_object(VMHostKeyId(slot.key_id, KeyIdState[slot.state.value],
                                          algorithm_name(slot.algorithm), slot.vm_name or ""))
