<#
.SYNOPSIS
    Where a VM's memory lives: its SLAT mappings with the KeyID in every entry, the walk of
    one guest address, and a map of host physical memory.

.DESCRIPTION
    Starts an encrypted and an unencrypted VM, shows Get-VMMemoryMap for both (the encrypted
    one's entries carry its KeyID in the upper physical-address bits), the four-level walk
    of guest address 0x10000, and Show-VMHostMemoryMap. Removes the VMs at the end.
#>
$ErrorActionPreference = 'Stop'
$names = 'lab-map-plain', 'lab-map-tmemk'
Get-VM -Name $names -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $names -ErrorAction SilentlyContinue | Remove-VM -Force
New-VM -Name lab-map-plain -Generation 2 -MemoryStartupBytes 2GB | Out-Null
New-VM -Name lab-map-tmemk -Generation 2 -MemoryStartupBytes 4GB | Out-Null
Set-VMMemory -VMName lab-map-tmemk -MemoryEncryptionPolicy AlwaysEnabled
Start-VM -Name $names

Get-VMMemoryMap -VMName lab-map-plain | Out-Host
Get-VMMemoryMap -VMName lab-map-tmemk | Out-Host
Write-Host 'The walk of guest address 0x10000 of lab-map-tmemk:'
Get-VMMemoryMap -VMName lab-map-tmemk -GuestAddress 0x10000 | Out-Host
Show-VMHostMemoryMap -Cells 256

Stop-VM -Name $names -TurnOff
Remove-VM -Name $names -Force
