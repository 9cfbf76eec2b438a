<#
.SYNOPSIS
    TME-MK with integrity on a Sapphire Rapids host: a replayed line is caught as a machine
    check, unless the interposer also replays the line's integrity tag.

.DESCRIPTION
    Moves the host to the SapphireRapids profile and gives VM keys 'AES-XTS-128 with
    integrity' (a BIOS change: every VM must be off). The replay of lab-bus-replay.ps1 now
    ends in a MachineCheck error record. Replaying the recorded tag as well makes the old
    line consistent again: integrity detects tampering, not replay. The host's previous
    hardware profile is put back at the end.
#>
$ErrorActionPreference = 'Stop'
$name = 'lab-integrity'
Get-VM -Name $name -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $name -ErrorAction SilentlyContinue | Remove-VM -Force
$running = @(Get-VM | Where-Object State -in 'Running', 'Paused')
if ($running.Count -gt 0) {
    throw "Changing the host's CPU needs every VM off; running: $($running.Name -join ', ')."
}
$previous = Get-VMHostHardware
Set-VMHostHardware -Profile SapphireRapids -KeyAlgorithm 'AES-XTS-128 with integrity' -Passthru |
    Format-List Profile, Processor, MaxKeyIds, AvailableKeyAlgorithms, KeyAlgorithm | Out-Host

New-VM -Name $name -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName $name -MemoryEncryptionPolicy AlwaysEnabled
Start-VM -Name $name
Get-VMHostKeyId -VMName $name | Out-Host

function Invoke-Replay([switch] $WithTag) {
    Write-VMGuestMemory -VMName $name -Address 0x30000 -Value ('balance=100'.PadRight(64))
    Start-MemoryBusTrace -VMName $name
    Write-VMGuestMemory -VMName $name -Address 0x30000 -Value 'balance=000'
    $trace = Stop-MemoryBusTrace
    $trace | Where-Object Operation -eq Read | Invoke-BusReplay -IncludeIntegrityTag:$WithTag
    try {
        $seen = Read-VMGuestMemory -VMName $name -Address 0x30000 -Count 11
        Write-Host "   the guest reads: $($seen.Text)"
    }
    catch {
        Write-Host "   $($_.FullyQualifiedErrorId)"
        Write-Host "   $($_.Exception.Message)"
    }
}

Write-Host 'Replaying the old ciphertext (the stored tag stays):'
Invoke-Replay
Write-Host 'Replaying the old ciphertext together with its recorded tag:'
Invoke-Replay -WithTag

Stop-VM -Name $name -TurnOff
Remove-VM -Name $name -Force
Set-VMHostHardware -Profile $previous.Profile
