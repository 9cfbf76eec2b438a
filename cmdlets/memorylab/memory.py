"""Guest and physical memory: what the guest sees, what DRAM holds, how the SLAT maps it.

`Read-VMGuestMemory` goes the guest's way (SLAT, then the memory controller with the VM's
KeyID). `Read-PhysicalMemory` without `-KeyId` reads DRAM cells as stored, the view of a
cold-boot attacker or a DIMM interposer; with `-KeyId` it reads through the memory
controller with that KeyID, as a DMA device (KeyID 0) or the hypervisor's own alias would.
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

from engine import errors as ee
from pyshell.runtime import (Example, Parameter, ValidateNotNullOrEmpty, ValidateRange,
                             cmdlet)
from pyshell.runtime.errors import ErrorCategory
from pyshell.runtime.values import Byte, UInt64

from .base import VM_NAMES, LabCmdlet, size_text
from .records import MemoryBlock, VMMemoryMapping, VMMemoryWalkStep

__all__ = ["WriteVMGuestMemoryCommand", "ReadVMGuestMemoryCommand",
           "ReadPhysicalMemoryCommand", "GetVMMemoryMapCommand", "MAX_READ"]

# A read is shown as a hex dump; more than this is a mistake rather than a wish.
MAX_READ = 1 << 20


def _size_text(size: int) -> str:
    for unit, name in ((1 << 30, "1GB"), (1 << 21, "2MB"), (1 << 12, "4KB")):
        if size == unit:
            return name
    return f"{size}B"


def _access_text(permissions: Any) -> str:
    value = int(permissions)
    return "".join(ch if value & bit else "-" for ch, bit in (("R", 1), ("W", 2), ("X", 4)))


@cmdlet("Write", "VMGuestMemory", default_parameter_set="Value",
        dotnet_class="PyShell.MemoryLab.Commands.WriteVMGuestMemory")
class WriteVMGuestMemoryCommand(LabCmdlet):
    """Writes bytes into a running VM's memory as its guest would.

    The write goes through the VM's SLAT and the memory controller with the VM's KeyID, so
    an encrypted VM's data reaches DRAM only as ciphertext. -Value is written as UTF-8;
    -Bytes writes the bytes as given. Writing part of a 64-byte line makes the controller
    read the line, merge and write it back: one Read and one Write on the bus.
    """

    vm_name: Annotated[str, Parameter(mandatory=True, position=0, name="VMName"), VM_NAMES] = ""
    address: Annotated[UInt64, Parameter(mandatory=True, position=1)] = UInt64(0)
    value: Annotated[Optional[str], Parameter(mandatory=True, position=2,
                                              parameter_set="Value")] = None
    bytes_: Annotated[Optional[list[Byte]], Parameter(mandatory=True, parameter_set="Bytes",
                                                      name="Bytes"),
                      ValidateNotNullOrEmpty()] = None

    examples = (Example("New-VM -Name g1 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Write-VMGuestMemory -VMName g1 -Address 0x10000 -Value 'secret'",
                        "Puts a secret into the guest's memory."),
                Example("New-VM -Name g3 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Write-VMGuestMemory -VMName g3 -Address 0x2000 -Bytes 0xDE,0xAD,0xBE,0xEF",
                        "Writes four bytes."))

    def process_record(self) -> None:
        p = self.running_vm(self.vm_name)
        if p is None:
            return
        data = (self.value or "").encode("utf-8") if self.bytes_ is None \
            else bytes(int(b) & 0xFF for b in self.bytes_)
        if len(data) > MAX_READ:
            self.write_error(self.lab_error(
                f"Cannot write {len(data)} bytes at once; write at most {size_text(MAX_READ)} "
                "a call.", "CountTooLarge", ErrorCategory.InvalidArgument, len(data)))
            return
        address = int(self.address)
        if not self.guest_range_ok(p, address, len(data)):
            return
        try:
            self.hyperv.write_guest(p, address, data)
        except ee.EngineError as error:
            self.engine_error(error, guest=(p, address))


@cmdlet("Read", "VMGuestMemory", output_type=MemoryBlock,
        dotnet_class="PyShell.MemoryLab.Commands.ReadVMGuestMemory")
class ReadVMGuestMemoryCommand(LabCmdlet):
    """Reads a running VM's memory as its guest sees it: plaintext, encrypted or not.

    The read goes through the VM's SLAT and the memory controller with the VM's KeyID.
    Under an integrity algorithm a line whose ciphertext was changed behind the controller's
    back (for example by Invoke-BusReplay) fails with a MachineCheck error instead.
    The result is a memory block, shown as a hex dump.
    """

    vm_name: Annotated[str, Parameter(mandatory=True, position=0, name="VMName"), VM_NAMES] = ""
    address: Annotated[UInt64, Parameter(mandatory=True, position=1)] = UInt64(0)
    count: Annotated[int, Parameter(mandatory=True, position=2),
                     ValidateRange(1, MAX_READ)] = 0

    examples = (Example("New-VM -Name g2 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Read-VMGuestMemory -VMName g2 -Address 0x1000 -Count 32",
                        "The start of the guest's boot image."),)

    def process_record(self) -> None:
        p = self.running_vm(self.vm_name)
        address = int(self.address)
        if p is None or not self.guest_range_ok(p, address, self.count):
            return
        try:
            data = self.hyperv.read_guest(p, address, self.count)
        except ee.EngineError as error:
            self.engine_error(error, guest=(p, address))
            return
        self.write_object(MemoryBlock.of(address, data, f"Guest {p.name}"))


@cmdlet("Read", "PhysicalMemory", default_parameter_set="Address", output_type=MemoryBlock,
        dotnet_class="PyShell.MemoryLab.Commands.ReadPhysicalMemory")
class ReadPhysicalMemoryCommand(LabCmdlet):
    """Reads host physical memory: raw DRAM cells, or through the controller with a KeyID.

    Without -KeyId the bytes are the DRAM cells as stored: what a cold-boot attacker or a
    DIMM interposer sees (ciphertext for an encrypted VM). With -KeyId the read goes through
    the memory controller with that KeyID, as a DMA device (KeyID 0) or the hypervisor's own
    mapping (the VM's KeyID) would: the line is decrypted with whatever key that KeyID has
    now, so the wrong KeyID yields garbage and the VM's own KeyID yields its plaintext.
    -VMName with -GuestAddress reads the host frames behind that guest range.
    As in PowerShell, a hex literal of 0x80000000 or more without a suffix is a negative
    Int32 and no address: write 0xC0010000L (or 0xC0010000u).
    """

    address: Annotated[Optional[UInt64], Parameter(mandatory=True, position=0,
                                                   parameter_set="Address")] = None
    vm_name: Annotated[Optional[str], Parameter(mandatory=True, parameter_set="Guest",
                                                name="VMName"), VM_NAMES] = None
    guest_address: Annotated[Optional[UInt64], Parameter(mandatory=True,
                                                         parameter_set="Guest")] = None
    count: Annotated[int, Parameter(mandatory=True), ValidateRange(1, MAX_READ)] = 0
    key_id: Annotated[Optional[int], Parameter(), ValidateRange(0, 32767)] = None

    examples = (
        Example("New-VM -Name p1 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                "Read-PhysicalMemory -VMName p1 -GuestAddress 0x1000 -Count 32",
                "The DRAM cells behind the guest's boot image, as an attacker dumps them."),
        Example("Read-PhysicalMemory -Address 0x40000000 -Count 64 -KeyId 0",
                "A DMA device's view of host memory at 1 GB."),
    )

    def process_record(self) -> None:
        host = self.hyperv
        try:
            if self.parameter_set_name == "Guest":
                p = self.running_vm(self.vm_name or "")
                if p is None or not self.guest_range_ok(p, int(self.guest_address or 0),
                                                        self.count):
                    return
                from engine.lab import read_behind_guest  # the engine loads with the host

                data, start = read_behind_guest(host, p, int(self.guest_address or 0),
                                                self.count, self.key_id)
            else:
                start = int(self.address or 0)
                if not self.host_range_ok(start, self.count):
                    return
                data = host.read_physical(start, self.count, self.key_id)
        except ee.EngineError as error:
            self.engine_error(error)
            return
        source = "DRAM" if self.key_id is None else f"KeyID {self.key_id}"
        self.write_object(MemoryBlock.of(start, data, source))


@cmdlet("Get", "VMMemoryMap", output_type=(VMMemoryMapping, VMMemoryWalkStep),
        dotnet_class="PyShell.MemoryLab.Commands.GetVMMemoryMap")
class GetVMMemoryMapCommand(LabCmdlet):
    """Shows a running VM's SLAT: guest ranges, the host frames behind them and their KeyID.

    Each mapping is a run of SLAT leaves (1 GB, 2 MB or 4 KB pages) from a guest range to a
    host range, with the KeyID the hypervisor put into the upper physical-address bits of the
    entries and their R/W/X access. With -GuestAddress the cmdlet shows the four-level walk
    of that one address instead: each entry's table, index and raw value.
    """

    vm_name: Annotated[str, Parameter(mandatory=True, position=0, name="VMName"), VM_NAMES] = ""
    guest_address: Annotated[Optional[UInt64], Parameter(position=1)] = None

    examples = (Example("New-VM -Name m1 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Get-VMMemoryMap -VMName m1 -GuestAddress 0x10000",
                        "How the guest address 0x10000 is translated, level by level."),)

    def process_record(self) -> None:
        p = self.running_vm(self.vm_name)
        if p is None:
            return
        if self.guest_address is not None and not self.guest_range_ok(
                p, int(self.guest_address), 1):
            return
        try:
            if self.guest_address is None:
                for m in self.hyperv.memory_map(p):
                    self.write_object(VMMemoryMapping(
                        p.name, m.gpa, m.hpa, m.size, _size_text(m.page_size), m.key_id,
                        _access_text(m.permissions)))
                return
            walk = self.hyperv.walk(p, int(self.guest_address))
        except ee.EngineError as error:
            self.engine_error(error)
            return
        for step in walk.steps:
            e = step.entry
            leaf = e.present and e.leaf
            self.write_object(VMMemoryWalkStep(
                e.name, step.table_address, step.index, f"0x{e.value:016X}", e.present,
                _access_text(e.permissions), _size_text(e.page_size) if leaf else "",
                e.address, e.key_id if leaf else 0))
        if walk.fault:
            self.write_error(self.lab_error(
                f"EPT violation: guest address 0x{int(self.guest_address):X} of '{p.name}' is "
                f"{walk.fault}.", "EptViolation", target=int(self.guest_address)))
