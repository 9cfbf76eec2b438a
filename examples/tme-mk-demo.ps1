<#
.SYNOPSIS
    The TME-MK demo: two VMs on one Hyper-V host, one with its memory encrypted by its own
    CPU key, and what a physical attacker sees of each.

.DESCRIPTION
    The scenario of Windows 11 22H2's multi-key total memory encryption:
        Set-VMMemory -VMName <name> -MemoryEncryptionPolicy EnabledIfSupported
    At Start-VM the CPU makes an ephemeral key for the VM under a KeyID of its own; the
    hypervisor puts that KeyID into the VM's SLAT entries, and the memory controller
    encrypts every line the VM writes to DRAM. Frozen DRAM, a DIMM interposer or a DMA
    device sees only ciphertext of that VM.

    Runs against a throw-away host unless PYSHELL_HOST_DIR names one.
#>

function Show-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text"
}

Show-Step 'The host: a 12th Gen Core with TME-MK (KeyID 0 is the platform key, in bypass)'
Get-VMHostHardware | Format-List Processor, TmeEnabled, TmeBypass, TmeAlgorithm, KeyIdBits, MaxKeyIds

Show-Step 'Two Generation 2 VMs; only "secret" asks for memory encryption'
Get-VM -Name clear, secret -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name clear, secret -ErrorAction SilentlyContinue | Remove-VM -Force
New-VM -Name clear -Generation 2 -MemoryStartupBytes 1GB | Out-Null
New-VM -Name secret -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName secret -MemoryEncryptionPolicy EnabledIfSupported
Start-VM -Name clear, secret
Get-VM -Name clear, secret

Show-Step 'Get-VMMemory | fl * of the encrypted VM'
Get-VMMemory -VMName secret | Format-List *

Show-Step 'Encryption of both VMs'
Get-VMMemory -VMName clear, secret |
    Format-Table VMName, MemoryEncryptionPolicy, MemoryEncryptionEnabled
Get-VMHostKeyId | Where-Object State -ne Unused

$secretText = 'card 4111-1111-1111-1111'
Show-Step "Both guests write the same secret: '$secretText'"
Write-VMGuestMemory -VMName clear -Address 0x10000 -Value $secretText
Write-VMGuestMemory -VMName secret -Address 0x10000 -Value $secretText
foreach ($name in 'clear', 'secret') {
    $seen = (Read-VMGuestMemory -VMName $name -Address 0x10000 -Count $secretText.Length).Text
    Write-Host ("  the guest of {0,-6} reads back: {1}" -f $name, $seen)
}

Show-Step 'The DRAM cells behind that address, as a cold-boot attacker dumps them'
foreach ($name in 'clear', 'secret') {
    Write-Host "  $name"
    Read-PhysicalMemory -VMName $name -GuestAddress 0x10000 -Count 32
}

Show-Step 'A DIMM interposer records the bus while each guest writes "hello"'
Start-MemoryBusTrace
Write-VMGuestMemory -VMName secret -Address 0x20000 -Value 'hello'
Write-VMGuestMemory -VMName clear -Address 0x20000 -Value 'hello'
$trace = Stop-MemoryBusTrace
$trace | Format-Table Sequence, Operation, VMName, Text
$leaks = @($trace | Where-Object Text -like '*hello*')
Write-Host ("  lines on the bus: {0}; lines that show 'hello': {1} (from {2})" -f `
    $trace.Count, $leaks.Count, (($leaks.VMName | Sort-Object -Unique) -join ', '))

Show-Step 'Cold boot: cut the power, freeze the DIMMs, search the dump'
Invoke-ColdBootAttack -Pattern '4111-1111' | Format-Table VMName, MemoryEncrypted, KeyId, PatternFound

Show-Step 'After the power loss every VM is off and every key is gone'
Get-VM -Name clear, secret | Format-Table Name, State
Get-VM -Name clear, secret | Remove-VM -Force
