<#
.SYNOPSIS
    Test-VMMemoryEncryption: is what a guest writes visible in DRAM?

.DESCRIPTION
    Writes a canary through each guest, looks for it in raw DRAM, and puts the guest's bytes
    back. Only the VM with its own TME-MK key keeps it hidden (on a host whose KeyID 0 is in
    bypass). Removes the VMs at the end.
#>
$ErrorActionPreference = 'Stop'
$names = 'lab-canary-plain', 'lab-canary-tmemk'
Get-VM -Name $names -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $names -ErrorAction SilentlyContinue | Remove-VM -Force
New-VM -Name lab-canary-plain -Generation 2 -MemoryStartupBytes 1GB | Out-Null
New-VM -Name lab-canary-tmemk -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName lab-canary-tmemk -MemoryEncryptionPolicy EnabledIfSupported
Start-VM -Name $names

Get-VM -Name $names | Test-VMMemoryEncryption

Stop-VM -Name $names -TurnOff
Remove-VM -Name $names -Force
