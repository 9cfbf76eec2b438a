"""The Hyper-V module's manifest (its .psd1): what it exports, readable without importing it.

The session imports the module (`cmdlets.hyperv.module`, with the engine behind it) only when
one of these commands, aliases or types is first used. tests/cmdlets/test_manifests.py keeps
the lists equal to the module's.
"""

from __future__ import annotations

from pyshell.runtime.modules import ModuleManifest

__all__ = ["MANIFEST"]

_NS = "Microsoft.HyperV.PowerShell."

MANIFEST = ModuleManifest(
    name="Hyper-V",
    commands=(
        "New-VM", "Get-VM", "Set-VM", "Rename-VM", "Remove-VM", "Start-VM", "Stop-VM",
        "Save-VM", "Suspend-VM", "Resume-VM", "Restart-VM", "Checkpoint-VM", "Get-VMSnapshot",
        "Restore-VMSnapshot", "Remove-VMSnapshot", "Get-VMMemory", "Set-VMMemory",
        "Get-VMProcessor", "Set-VMProcessor", "Get-VMFirmware", "Set-VMFirmware", "Get-VMHost",
        "Set-VMHost", "Get-VMHostSupportedVersion", "Update-VMVersion",
    ),
    aliases={"Get-VMCheckpoint": "Get-VMSnapshot", "Restore-VMCheckpoint": "Restore-VMSnapshot",
             "Remove-VMCheckpoint": "Remove-VMSnapshot"},
    type_names=tuple(_NS + name for name in (
        "VirtualMachine", "VMSnapshot", "VMMemory", "VMProcessor", "VMFirmware", "VMHost",
        "VMHostSupportedVersion", "VMBootSource", "VMState", "VMOperationalStatus",
        "VMHeartbeatStatus", "StartAction", "StopAction", "CriticalErrorAction",
        "CheckpointType", "SnapshotType", "MemoryEncryptionPolicy", "OnOffState",
        "ConsoleModeType", "IPProtocolPreference", "BootDevice", "VirtualMachineType",
        "VirtualMachineSubType", "VMReplicationState", "VMReplicationMode",
        "VMReplicationHealthState", "EnhancedSessionTransportType", "GuestIsolationType",
        "RestartType", "WaitVMTypes",
    )) + ("Microsoft.Management.Infrastructure.CimSession",),
    load="cmdlets.hyperv:MODULE",
    version="2.0.0.0",
    description="Hyper-V cmdlets over the simulated Windows 11 22H2 host with Intel TME-MK.",
)
