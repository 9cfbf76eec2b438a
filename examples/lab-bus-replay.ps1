<#
.SYNOPSIS
    A DIMM interposer: record the bus, then replay an old line. AES-XTS has no integrity,
    so the guest silently reads the stale value.

.DESCRIPTION
    The guest stores 'balance=100', the interposer starts recording, the guest stores
    'balance=000'. The recorded Read of that write (the line as it was) is written back
    with Invoke-BusReplay, and the guest reads 'balance=100' again, without any error.
    See lab-integrity.ps1 for the same attack under an integrity algorithm.
#>
$ErrorActionPreference = 'Stop'
$name = 'lab-replay'
Get-VM -Name $name -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $name -ErrorAction SilentlyContinue | Remove-VM -Force
New-VM -Name $name -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName $name -MemoryEncryptionPolicy AlwaysEnabled
Start-VM -Name $name

Write-VMGuestMemory -VMName $name -Address 0x30000 -Value 'balance=100'
Start-MemoryBusTrace -VMName $name
Write-VMGuestMemory -VMName $name -Address 0x30000 -Value 'balance=000'
$trace = Stop-MemoryBusTrace
'What the interposer recorded (ciphertext only):'
$trace | Format-Table Sequence, Operation, @{ Name = 'Address'; Expression = { '0x{0:X}' -f $_.Address } }, VMName
"The guest now reads: $((Read-VMGuestMemory -VMName $name -Address 0x30000 -Count 11).Text)"

$trace | Where-Object Operation -eq Read | Invoke-BusReplay
"After the replay it reads: $((Read-VMGuestMemory -VMName $name -Address 0x30000 -Count 11).Text)"

Stop-VM -Name $name -TurnOff
Remove-VM -Name $name -Force
