"""The memory lab: see what a physical attacker sees of VMs with and without TME-MK.

Cmdlets over the Hyper-V module's engine host: the CPU's encryption hardware and KeyID
slots, guest and raw physical memory, the SLAT, and the attacker models (DIMM interposer
trace and replay, cold boot, canary test), plus a picture of host memory.
"""

from __future__ import annotations

from pyshell.runtime import ModuleSpec

from .attacks import (InvokeBusReplayCommand, InvokeColdBootAttackCommand,
                      StartMemoryBusTraceCommand, StopMemoryBusTraceCommand,
                      TestVMMemoryEncryptionCommand)
from .base import LabState
from .hardware import GetVMHostHardwareCommand, GetVMHostKeyIdCommand, SetVMHostHardwareCommand
from .memory import (GetVMMemoryMapCommand, ReadPhysicalMemoryCommand,
                     ReadVMGuestMemoryCommand, WriteVMGuestMemoryCommand)
from .picture import ShowVMHostMemoryMapCommand
from .records import BusOperation, KeyIdState
from .views import VIEWS

__all__ = ["MODULE"]

MODULE = ModuleSpec(
    name="MemoryLab",
    cmdlets=(GetVMHostHardwareCommand, SetVMHostHardwareCommand, GetVMHostKeyIdCommand,
             WriteVMGuestMemoryCommand, ReadVMGuestMemoryCommand, ReadPhysicalMemoryCommand,
             GetVMMemoryMapCommand, StartMemoryBusTraceCommand, StopMemoryBusTraceCommand,
             InvokeBusReplayCommand, InvokeColdBootAttackCommand,
             TestVMMemoryEncryptionCommand, ShowVMHostMemoryMapCommand),
    views=VIEWS,
    types=(BusOperation, KeyIdState),
    state_factory=lambda session: LabState(),
    version="1.0.0",
    description="The physical-attack memory lab over the simulated TME-MK host.",
)
