"""The MemoryLab module's manifest: what it exports, readable without importing it.

The session imports the module (`cmdlets.memorylab.module`, and Hyper-V's engine with it) only
when one of these commands or types is first used. tests/cmdlets/test_manifests.py keeps the
lists equal to the module's.
"""

from __future__ import annotations

from pyshell.runtime.modules import ModuleManifest

__all__ = ["MANIFEST"]

MANIFEST = ModuleManifest(
    name="MemoryLab",
    commands=(
        "Get-VMHostHardware", "Set-VMHostHardware", "Get-VMHostKeyId", "Write-VMGuestMemory",
        "Read-VMGuestMemory", "Read-PhysicalMemory", "Get-VMMemoryMap", "Start-MemoryBusTrace",
        "Stop-MemoryBusTrace", "Invoke-BusReplay", "Invoke-ColdBootAttack",
        "Test-VMMemoryEncryption", "Show-VMHostMemoryMap",
    ),
    type_names=("PyShell.MemoryLab.BusOperation", "PyShell.MemoryLab.KeyIdState"),
    load="cmdlets.memorylab:MODULE",
    version="1.0.0",
    description="The physical-attack memory lab over the simulated TME-MK host.",
)
