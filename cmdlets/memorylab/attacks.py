"""The attacker models: a DIMM interposer (trace and replay), a cold boot, a canary test.

TME-MK hides data from whoever holds the DRAM, not from the hypervisor, and AES-XTS has no
integrity: a replayed line decrypts to the stale data without complaint. Only the integrity
algorithms of the Sapphire Rapids profile notice the replay (a machine check on read).
"""

from __future__ import annotations

from typing import Annotated, Optional

from engine import errors as ee
from engine import lab as engine_lab
from engine.dram import BusOp
from pyshell.runtime import Example, Parameter, ValidateRange, cmdlet

from .base import LabCmdlet
from .records import (BusOperation, ColdBootFinding, MemoryBusTransaction,
                      VMMemoryEncryptionTest, printable_text)

__all__ = ["StartMemoryBusTraceCommand", "StopMemoryBusTraceCommand",
           "InvokeBusReplayCommand", "InvokeColdBootAttackCommand",
           "TestVMMemoryEncryptionCommand"]

_OPERATIONS = {BusOp.READ: BusOperation.Read, BusOp.WRITE: BusOperation.Write}


def transaction_record(t: object) -> MemoryBusTransaction:
    return MemoryBusTransaction(
        t.sequence, t.time, _OPERATIONS[t.operation], t.address,  # type: ignore[attr-defined]
        bytes(t.data), printable_text(t.data), t.vm_name or "", t)  # type: ignore[attr-defined]


@cmdlet("Start", "MemoryBusTrace", dotnet_class="PyShell.MemoryLab.Commands.StartMemoryBusTrace")
class StartMemoryBusTraceCommand(LabCmdlet):
    """Attaches a passive interposer to the DIMM bus: every line that crosses it from now on
    is recorded, as the memory controller sends it (ciphertext for encrypted VMs)."""

    vm_name: Annotated[Optional[list[str]], Parameter(position=0, name="VMName")] = None

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
        self.lab.trace = self.hyperv.start_trace(vms)


@cmdlet("Stop", "MemoryBusTrace", output_type=MemoryBusTransaction,
        dotnet_class="PyShell.MemoryLab.Commands.StopMemoryBusTrace")
class StopMemoryBusTraceCommand(LabCmdlet):
    """Detaches the interposer and returns what it recorded, one record per line transfer."""

    examples = (Example("Start-MemoryBusTrace; Stop-MemoryBusTrace | Measure-Object",
                        "Nothing ran in between, so nothing crossed the bus."),)

    def process_record(self) -> None:
        trace = self.lab.trace
        if trace is None:
            raise self.terminating_error(self.error_record(
                "No memory bus trace is running. Start one with Start-MemoryBusTrace.",
                "NoTraceRunning"))
        self.lab.trace = None
        for t in self.hyperv.stop_trace(trace):
            self.write_object(transaction_record(t))


@cmdlet("Invoke", "BusReplay", supports_should_process=True,
        dotnet_class="PyShell.MemoryLab.Commands.InvokeBusReplay")
class InvokeBusReplayCommand(LabCmdlet):
    """An active interposer drives a recorded line back into DRAM (a replay attack)."""

    transaction: Annotated[list[MemoryBusTransaction],
                           Parameter(mandatory=True, position=0, from_pipeline=True)] = None  # type: ignore[assignment]

    examples = (Example("Start-MemoryBusTrace; Stop-MemoryBusTrace | "
                        "Where-Object Operation -eq Write | Invoke-BusReplay",
                        "Writes every recorded line back (none were recorded here)."),)

    def process_record(self) -> None:
        for record in self.transaction or ():
            if self.should_process(f"0x{record.address:X}", "Replay the recorded line"):
                self.hyperv.replay(record.transaction)


@cmdlet("Invoke", "ColdBootAttack", supports_should_process=True, output_type=ColdBootFinding,
        dotnet_class="PyShell.MemoryLab.Commands.InvokeColdBootAttack")
class InvokeColdBootAttackCommand(LabCmdlet):
    """Cuts the host's power, dumps the DRAM that survives, and searches each running VM's
    former memory for the patterns (and, without patterns, for its boot image).

    Afterwards the host has lost power: every VM is Off and every key is gone."""

    pattern: Annotated[Optional[list[str]], Parameter(position=0)] = None
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
            findings = engine_lab.cold_boot_attack(
                self.hyperv, patterns or engine_lab.DEFAULT_PATTERNS, float(self.decay_percent))
        except ee.EngineError as error:
            self.engine_error(error)
            return
        for f in findings:
            self.write_object(ColdBootFinding(f.vm_name, f.memory_encrypted, f.key_id or 0,
                                              f.pattern_found, f.bytes_scanned))


@cmdlet("Test", "VMMemoryEncryption", output_type=VMMemoryEncryptionTest,
        dotnet_class="PyShell.MemoryLab.Commands.TestVMMemoryEncryption")
class TestVMMemoryEncryptionCommand(LabCmdlet):
    """Writes a canary through the guest and reports whether it is visible in raw DRAM
    (the guest's bytes are restored afterwards)."""

    vm_name: Annotated[list[str], Parameter(mandatory=True, position=0, from_pipeline=True,
                                            from_pipeline_by_property_name=True,
                                            name="VMName")] = None  # type: ignore[assignment]

    examples = (Example("New-VM -Name t1 -Generation 2 -MemoryStartupBytes 1GB | Start-VM; "
                        "Test-VMMemoryEncryption -VMName t1",
                        "An unencrypted VM on a host with TME bypass: the canary shows."),)

    def process_record(self) -> None:
        for p in self.find_by_names(self.vm_name or ()):
            try:
                probe = engine_lab.probe_encryption(self.hyperv, p)
            except ee.EngineError as error:
                self.engine_error(error)
                continue
            self.write_object(VMMemoryEncryptionTest(
                probe.vm_name, probe.memory_encryption_enabled, probe.key_id or 0,
                probe.canary_visible_in_dram))
