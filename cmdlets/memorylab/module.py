"""The memory lab: see what a physical attacker sees of VMs with and without TME-MK.

Cmdlets over the Hyper-V module's engine host: the CPU's encryption hardware and KeyID
slots, guest and raw physical memory, the SLAT, and the attacker models (DIMM interposer
trace and replay, cold boot, canary test), plus a picture of host memory.

`MODULE` is what `manifest.MANIFEST` (the `pyshell.modules` entry point) loads on first use,
as `cmdlets.memorylab.MODULE`.
"""

from __future__ import annotations

from pyshell.runtime import ModuleSpec

from .attacks import (InvokeBusReplayCommand, InvokeColdBootAttackCommand,
                      StartMemoryBusTraceCommand, StopMemoryBusTraceCommand,
                      TestVMMemoryEncryptionCommand)
from .base import LabState
from .hardware import GetVMHostHardwareCommand, GetVMHostKeyIdCommand, SetVMHostHardwareCommand
from .manifest import MANIFEST
from .memory import (GetVMMemoryMapCommand, ReadPhysicalMemoryCommand,
                     ReadVMGuestMemoryCommand, WriteVMGuestMemoryCommand)
from .picture import ShowVMHostMemoryMapCommand
from .records import BusOperation, KeyIdState
from .views import VIEWS

__all__ = ["MODULE"]

MODULE = ModuleSpec(
    name=MANIFEST.name,
    cmdlets=(GetVMHostHardwareCommand, SetVMHostHardwareCommand, GetVMHostKeyIdCommand,
             WriteVMGuestMemoryCommand, ReadVMGuestMemoryCommand, ReadPhysicalMemoryCommand,
             GetVMMemoryMapCommand, StartMemoryBusTraceCommand, StopMemoryBusTraceCommand,
             InvokeBusReplayCommand, InvokeColdBootAttackCommand,
             TestVMMemoryEncryptionCommand, ShowVMHostMemoryMapCommand),
    views=VIEWS,
    types=(BusOperation, KeyIdState),
    state_factory=lambda session: LabState(),
    version=MANIFEST.version,
    description=MANIFEST.description,
)
