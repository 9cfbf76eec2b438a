"""The Hyper-V module: the real Hyper-V cmdlets over the simulated host (issue 6).

`MODULE` is what `manifest.MANIFEST` (the `pyshell.modules` entry point) loads on first use,
as `cmdlets.hyperv.MODULE`. Its state is the session's
engine `Host` (`state.create_host`): a cmdlet of any module reaches it with
`self.session.module_state("Hyper-V")` (inside this module: `self.module_state`).
"""

from __future__ import annotations

from pyshell.runtime import ModuleSpec

from . import enums
from .firmware import GetVMFirmwareCommand, SetVMFirmwareCommand
from .host import GetVMHostCommand, GetVMHostSupportedVersionCommand, SetVMHostCommand
from .manifest import MANIFEST
from .memory import GetVMMemoryCommand, SetVMMemoryCommand
from .power import (RestartVMCommand, ResumeVMCommand, SaveVMCommand, StartVMCommand,
                    StopVMCommand, SuspendVMCommand)
from .processor import GetVMProcessorCommand, SetVMProcessorCommand
from .records import RECORD_TYPES
from .snapshot import (CheckpointVMCommand, GetVMSnapshotCommand, RemoveVMSnapshotCommand,
                       RestoreVMSnapshotCommand)
from .state import create_host, host_status
from .version import UpdateVMVersionCommand
from .views import VIEWS
from .vm import GetVMCommand, NewVMCommand, RemoveVMCommand, RenameVMCommand, SetVMCommand

__all__ = ["MODULE", "CMDLETS"]

CMDLETS = (
    NewVMCommand, GetVMCommand, SetVMCommand, RenameVMCommand, RemoveVMCommand,
    StartVMCommand, StopVMCommand, SaveVMCommand, SuspendVMCommand, ResumeVMCommand,
    RestartVMCommand, CheckpointVMCommand, GetVMSnapshotCommand, RestoreVMSnapshotCommand,
    RemoveVMSnapshotCommand, GetVMMemoryCommand, SetVMMemoryCommand, GetVMProcessorCommand,
    SetVMProcessorCommand, GetVMFirmwareCommand, SetVMFirmwareCommand, GetVMHostCommand,
    SetVMHostCommand, GetVMHostSupportedVersionCommand, UpdateVMVersionCommand,
)

MODULE = ModuleSpec(
    name=MANIFEST.name,
    cmdlets=CMDLETS,
    aliases={},
    views=VIEWS,
    types=RECORD_TYPES + enums.ENUM_TYPES,
    state_factory=create_host,
    status=host_status,
    version=MANIFEST.version,
    description=MANIFEST.description,
)
