"""The attacker models: a DIMM interposer (trace and replay), a cold boot, a canary test.

TME-MK hides data from whoever holds the DRAM, not from the hypervisor, and AES-XTS has no
integrity: a replayed line decrypts to the stale data without complaint. The integrity
algorithms of the Sapphire Rapids profile keep a tag per line and raise a machine check on
read when the ciphertext no longer matches it; an interposer that replays the recorded tag
with the data still goes unnoticed (tme-mk.md §4, §7: they detect tampering, not replay).
"""

from __future__ import annotations

from typing import Annotated, Any, Optional

import attrs

from engine import errors as ee
from pyshell.runtime import (Example, Parameter, Switch, ValidateNotNullOrEmpty, ValidateRange,
                             cmdlet)
from pyshell.runtime.errors import ErrorCategory

from .base import VM_NAMES, LabCmdlet
from .records import (BusOperation, ColdBootFinding, MemoryBusTransaction,
                      VMMemoryEncryptionTest, printable_text)

__all__ = ["StartMemoryBusTraceCommand", "StopMemoryBusTraceCommand",
           "InvokeBusReplayCommand", "InvokeColdBootAttackCommand",
           "TestVMMemoryEncryptionCommand"]



def transaction_record(t: Any) -> MemoryBusTransaction:
    return MemoryBusTransaction(
        t.sequence, t.time, BusOperation[t.operation.value], t.address, bytes(t.data),
        printable_text(t.data), t.vm_name or "", t.tag, t)


@cmdlet("Start", "MemoryBusTrace", dotnet_class="PyShell.MemoryLab.Commands.StartMemoryBusTrace")
class StartMemoryBusTraceCommand(LabCmdlet):
    """Attaches a passive interposer to the DIMM bus and records every line that crosses it.

    Each line is recorded as the memory controller sends it: ciphertext for encrypted VMs,
    the DRAM address without the KeyID (which never leaves the CPU), and the integrity tag
    where the VM's key has one. With -VMName only lines of those VMs' frames are kept.
    Guests do nothing on their own, so the trace holds only what later commands cause.
    Stop-MemoryBusTrace returns the lines.
    """

    vm_name: Annotated[Optional[list[str]], Parameter(position=0, name="VMName"), VM_NAMES] = None

    examples = (Example("Start-MemoryBusTrace; $t = Stop-MemoryBusTrace",
                        "Records the bus while the commands in between run."),)

    def process_record(self) -> None:
        if self.lab.trace is not None:
            self.write_warning("A memory bus trace is already running; it was restarted.")
            self.hyperv.stop_trace(self.lab.trace)
            self.lab.trace = None
        vms = None
        if self.vm_name:
            vms = self.find_by_names(self.vm_name)
            if not vms:
                return
        try:
            self.lab.trace = self.hyperv.start_trace(vms)
        except ee.EngineError as error:
            self.engine_error(error)


@cmdlet("Stop", "MemoryBusTrace", output_type=MemoryBusTransaction,
        dotnet_class="PyShell.MemoryLab.Commands.StopMemoryBusTrace")
class StopMemoryBusTraceCommand(LabCmdlet):
    """Detaches the bus interposer and returns what it recorded, one record per line.

    A write of part of a line shows as a Read and a Write of that line (the controller
    merges in the CPU); a whole-line write is a Write only.
    """

    examples = (Example("Start-MemoryBusTrace; Stop-MemoryBusTrace | Measure-Object",
                        "Nothing ran in between, so nothing crossed the bus."),)

    def process_record(self) -> None:
        trace = self.lab.trace
        if trace is None:
            raise self.terminating_error(self.error_record(
                "No memory bus trace is running. Start one with Start-MemoryBusTrace.",
                "NoTraceRunning", ErrorCategory.InvalidOperation))
        self.lab.trace = None
        for t in self.hyperv.stop_trace(trace):
            self.write_object(transaction_record(t))


@cmdlet("Invoke", "BusReplay", supports_should_process=True,
        dotnet_class="PyShell.MemoryLab.Commands.InvokeBusReplay")
class InvokeBusReplayCommand(LabCmdlet):
    """An active interposer writes a recorded line's old ciphertext back into DRAM.

    AES-XTS has no integrity and no freshness: the guest then reads the stale data without
    any complaint. Under an integrity algorithm (Set-VMHostHardware -KeyAlgorithm on
    SapphireRapids) the line's stored integrity tag no longer matches the old ciphertext, so
    the next read of it raises a machine check. With -IncludeIntegrityTag the interposer
    also writes back the tag it recorded: the old line is then consistent again and even
    the integrity algorithms accept it. They detect tampering, not replay.
    """

    transaction: Annotated[list[MemoryBusTransaction],
                           Parameter(mandatory=True, position=0, from_pipeline=True)] = []
    include_integrity_tag: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Start-MemoryBusTrace; Stop-MemoryBusTrace | "
                        "Where-Object Operation -eq Write | Invoke-BusReplay",
                        "Writes every recorded line back (none were recorded here)."),)

    def process_record(self) -> None:
        for record in self.transaction or ():
            if not self.should_process(f"0x{record.address:X}", "Replay the recorded line"):
                continue
            old = record.transaction
            if not self.include_integrity_tag:
                # Only the data lines are driven; the tag stored with the line stays.
                old = attrs.evolve(old, tag=None)
            try:
                self.hyperv.replay(old)
            except ee.EngineError as error:
                self.engine_error(error)


@cmdlet("Invoke", "ColdBootAttack", supports_should_process=True, output_type=ColdBootFinding,
        dotnet_class="PyShell.MemoryLab.Commands.InvokeColdBootAttack")
class InvokeColdBootAttackCommand(LabCmdlet):
    """Cuts the host's power, dumps the DRAM that survives and searches it for patterns.

    Each running VM's former memory is searched for the patterns (as UTF-8 and UTF-16) or,
    without -Pattern, for its boot image; -DecayPercent flips that share of the bits first,
    as warm DRAM loses them. One finding per VM that was running. Afterwards the host has
    lost power, as after a real power cut: every VM is Off and every key in the CPU is gone
    (KeyID 0 gets a new platform key when the host comes back).
    """

    pattern: Annotated[Optional[list[str]], Parameter(position=0), ValidateNotNullOrEmpty()] = None
    decay_percent: Annotated[float, Parameter(), ValidateRange(0, 100)] = 0.0

    examples = (Example("Invoke-ColdBootAttack -Pattern 'password'",
                        "Cuts the power and searches what DRAM kept."),)

    def process_record(self) -> None:
        if not self.should_process(self.hyperv.name, "Cut the power and dump DRAM"):
            return
        patterns: list[bytes] = []
        for text in self.pattern or ():
            # Guests keep text as UTF-8 and as UTF-16 (Windows): look for both.
            patterns += [text.encode("utf-8"), text.encode("utf-16-le")]
        try:
            from engine import lab as engine_lab  # numpy: only when the lab runs

            findings = engine_lab.cold_boot_attack(
                self.hyperv, patterns or engine_lab.DEFAULT_PATTERNS, float(self.decay_percent))
        except ee.EngineError as error:
            self.engine_error(error)
            return
        if not findings:
            self.write_warning("No virtual machine was running: the power was cut, but the "
                               "DRAM held no VM memory to search.")
        for f in findings:
            self.write_object(ColdBootFinding(f.vm_name, f.memory_encrypted, f.key_id or 0,
                                              f.pattern_found, f.bytes_scanned))


@cmdlet("Test", "VMMemoryEncryption", output_type=VMMemoryEncryptionTest,
        dotnet_class="PyShell.MemoryLab.Commands.TestVMMemoryEncryption")
class TestVMMemoryEncryptionCommand(LabCmdlet):
    """Writes a canary through the guest and reports whether it is visible in raw DRAM.

    The canary goes into the last page of guest memory; the guest's own bytes there are
    put back afterwards. CanaryVisibleInDram is False when the VM's lines reach DRAM as
    ciphertext: under its own TME-MK key, or under the platform key when KeyID 0 is not
    in bypass.
    """

    vm_name: Annotated[list[str], Parameter(mandatory=True, position=0, from_pipeline=True,
                                            from_pipeline_by_property_name=True,
                                            name="VMName"), VM_NAMES] = []

    examples = (Example("New-VM -Name t1 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Test-VMMemoryEncryption -VMName t1",
                        "An unencrypted VM on a host with TME bypass: the canary shows."),)

    def process_record(self) -> None:
        for p in self.find_by_names(self.vm_name or ()):
            if p.runtime is None:
                self.write_error(self.lab_error(
                    f"The virtual machine '{p.name}' is {p.state.name}: it has guest memory "
                    "only while it runs. Start it with Start-VM first.",
                    "InvalidState", ErrorCategory.InvalidOperation, p.name))
                continue
            try:
                from engine import lab as engine_lab

                probe = engine_lab.probe_encryption(self.hyperv, p)
            except ee.EngineError as error:
                self.engine_error(error)
                continue
            self.write_object(VMMemoryEncryptionTest(
                probe.vm_name, probe.memory_encryption_enabled, probe.key_id or 0,
                probe.canary_visible_in_dram, probe.host_address))
