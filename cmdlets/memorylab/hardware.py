"""Get-VMHostHardware, Set-VMHostHardware, Get-VMHostKeyId: the CPU's memory encryption."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from engine import errors as ee
from engine.cpu import PROFILES, Algorithm
from pyshell.runtime import Example, Parameter, Switch, ValidateRange, ValidateSet, cmdlet
from pyshell.runtime.errors import ErrorCategory
from pyshell.runtime.values import Int64

from .base import VM_NAMES, LabCmdlet
from .records import KeyIdState, VMHostHardware, VMHostKeyId

__all__ = ["GetVMHostHardwareCommand", "SetVMHostHardwareCommand", "GetVMHostKeyIdCommand",
           "algorithm_name", "hardware_record", "ALGORITHM_NAMES", "PROFILE_NAMES"]

#: The names a learner reads in Intel's documents, in the order of the MSR bits.
ALGORITHM_NAMES = tuple(a.display_name for a in sorted(Algorithm, key=lambda a: a.value))
PROFILE_NAMES = tuple(sorted(p.name for p in PROFILES.values()))


def algorithm_name(algorithm: Any) -> str:
    if algorithm is None:
        return ""
    return str(getattr(algorithm, "display_name", algorithm))


def hardware_record(host: Any) -> VMHostHardware:
    i = host.hardware()
    activated = sorted(host.cpu.crypto_algs, key=lambda a: a.value)
    return VMHostHardware(
        i.computer_name, i.profile, i.processor, i.max_physical_address_bits,
        i.memory_capacity, i.tme_supported, i.tme_enabled, i.tme_bypass,
        i.tme_algorithm, i.mktme_supported, i.key_id_bits, i.max_key_ids,
        i.key_ids_in_use, f"0x{i.ia32_tme_capability:016X}",
        f"0x{i.ia32_tme_activate:016X}", i.vm_key_algorithm,
        tuple(a.display_name for a in activated))


@cmdlet("Get", "VMHostHardware", output_type=VMHostHardware,
        dotnet_class="PyShell.MemoryLab.Commands.GetVMHostHardware")
class GetVMHostHardwareCommand(LabCmdlet):
    """Gets the host's processor, memory and TME / TME-MK capabilities, with the raw MSRs.

    IA32_TME_CAPABILITY (MSR 981H) says what the CPU can do; IA32_TME_ACTIVATE (MSR 982H)
    what the BIOS turned on: TME, KeyID 0 in bypass (no encryption), the algorithm of the
    platform key, how many physical-address bits carry the KeyID, and the algorithms TME-MK
    KeyIDs may use. KeyAlgorithm is the one new VM keys get.
    """

    examples = (Example("Get-VMHostHardware", "Shows the default Alder Lake host."),
                Example("(Get-VMHostHardware).MaxKeyIds",
                        "How many KeyIDs VMs can use (KeyID 0 is the platform's)."))

    def process_record(self) -> None:
        self.write_object(hardware_record(self.hyperv))


@cmdlet("Set", "VMHostHardware", supports_should_process=True, output_type=VMHostHardware,
        dotnet_class="PyShell.MemoryLab.Commands.SetVMHostHardware")
class SetVMHostHardwareCommand(LabCmdlet):
    """Changes the host's processor, BIOS memory-encryption options or VM key algorithm.

    -Profile, -MemoryBytes, -TmeEnabled, -TmeBypass and -KeyIdBits are a BIOS change and a
    host restart: every VM must be off, and every key in the CPU is lost. A new profile
    starts from that processor's BIOS defaults (a DRAM size set before is kept).
    -KeyAlgorithm only chooses the algorithm the keys of VMs started from now on get (for
    example an integrity algorithm on SapphireRapids, under which a line whose ciphertext
    was changed or replayed without its tag raises a machine check on read).
    """

    profile: Annotated[Optional[str], Parameter(position=0), ValidateSet(*PROFILE_NAMES)] = None
    memory_bytes: Annotated[Optional[Int64], Parameter()] = None
    tme_enabled: Annotated[Optional[bool], Parameter()] = None
    tme_bypass: Annotated[Optional[bool], Parameter()] = None
    key_id_bits: Annotated[Optional[int], Parameter(), ValidateRange(0, 15)] = None
    key_algorithm: Annotated[Optional[str], Parameter(), ValidateSet(*ALGORITHM_NAMES)] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Set-VMHostHardware -Profile SapphireRapids -Passthru",
                "Moves the host to a Sapphire Rapids Xeon with 127 KeyIDs."),
        Example("Set-VMHostHardware -Profile SapphireRapids -KeyAlgorithm "
                "'AES-XTS-128 with integrity'",
                "VMs started from now on get keys with integrity: changed ciphertext is caught."),
        Example("Set-VMHostHardware -TmeBypass $false",
                "Lets the platform key encrypt memory outside TME-MK VMs too."),
    )

    def process_record(self) -> None:
        host = self.hyperv
        bios = (self.profile, self.memory_bytes, self.tme_enabled, self.tme_bypass,
                self.key_id_bits)
        reboot = any(v is not None for v in bios)
        if not reboot and self.key_algorithm is None:
            raise self.terminating_error(self.lab_error(
                "Name a setting to change: -Profile, -MemoryBytes, -TmeEnabled, -TmeBypass, "
                "-KeyIdBits or -KeyAlgorithm.", "NoSettingGiven"))
        action = "Change the processor and BIOS settings and restart the host" if reboot \
            else f"Give new VM keys {self.key_algorithm}"
        if not self.should_process(host.name, action):
            return
        try:
            if reboot:
                host.set_hardware(
                    profile=self.profile,
                    memory_bytes=None if self.memory_bytes is None else int(self.memory_bytes),
                    tme_enabled=self.tme_enabled, tme_bypass=self.tme_bypass,
                    keyid_bits=self.key_id_bits)
            if self.key_algorithm is not None:
                if not host.cpu.mktme_enabled:
                    raise self.terminating_error(self.lab_error(
                        f"The host has no TME-MK KeyIDs ({host.profile.name}, TME "
                        f"{'enabled' if host.cpu.tme_enabled else 'disabled'}), so no VM key "
                        "algorithm can be chosen.", "MkTmeNotEnabled",
                        ErrorCategory.InvalidOperation, self.key_algorithm))
                host.set_vm_key_algorithm(self.key_algorithm)
        except ee.EngineError as error:
            raise self.terminating_error(self.engine_record(error)) from None
        if self.passthru:
            self.write_object(hardware_record(host))


@cmdlet("Get", "VMHostKeyId", output_type=VMHostKeyId,
        dotnet_class="PyShell.MemoryLab.Commands.GetVMHostKeyId")
class GetVMHostKeyIdCommand(LabCmdlet):
    """Lists the CPU's KeyID slots: state, algorithm and the VM that owns each. Never a key.

    KeyID 0 is the platform (TME) KeyID: Bypass when the BIOS stores its memory unencrypted,
    Platform when the boot-time random key encrypts it. A running encrypted VM owns one
    KeyID programmed with a Random key; the other slots are Unused.
    """

    key_id: Annotated[Optional[list[int]], Parameter(position=0)] = None
    vm_name: Annotated[Optional[list[str]], Parameter(name="VMName"), VM_NAMES] = None

    examples = (Example("Get-VMHostKeyId", "Every KeyID slot of the host CPU."),
                Example("Get-VMHostKeyId -KeyId 0", "The platform (TME) KeyID."),
                Example("Get-VMHostKeyId | Where-Object State -ne Unused",
                        "The KeyIDs in use."))

    def process_record(self) -> None:
        host = self.hyperv
        slots = host.key_slots()
        wanted_ids = set(self.key_id or ())
        last = slots[-1].key_id if slots else 0
        for key_id in sorted(wanted_ids):
            if not any(s.key_id == key_id for s in slots):
                self.write_error(self.lab_error(
                    f"KeyID {key_id} does not exist on this host (KeyIDs 0-{last}).",
                    "InvalidKeyId", ErrorCategory.ObjectNotFound, key_id))
        names: Optional[set[str]] = None
        if self.vm_name:
            names = {p.name.casefold() for p in self.find_by_names(self.vm_name)}
        for slot in slots:
            if wanted_ids and slot.key_id not in wanted_ids:
                continue
            if names is not None and (slot.vm_name or "").casefold() not in names:
                continue
            self.write_object(VMHostKeyId(slot.key_id, KeyIdState[slot.state.value],
                                          algorithm_name(slot.algorithm), slot.vm_name or ""))
