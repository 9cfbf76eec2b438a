<#
.SYNOPSIS
    Cold boot with KeyID 0 in bypass and with the platform key: what survives a power cut.

.DESCRIPTION
    Runs the same attack twice on a VM without TME-MK. With TME bypass (Alder Lake's
    default) its memory is plaintext in DRAM and the dump finds the secret. With
    -TmeBypass $false the platform key encrypts it, and that key dies with the power, so
    the dump finds nothing. A VM with its own TME-MK key is never found. The host's bypass
    setting is put back at the end.
#>
$ErrorActionPreference = 'Stop'
$names = 'lab-cold-plain', 'lab-cold-tmemk'
Get-VM -Name $names -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $names -ErrorAction SilentlyContinue | Remove-VM -Force
$running = @(Get-VM | Where-Object State -in 'Running', 'Paused')
if ($running.Count -gt 0) {
    throw "A cold boot turns every VM off; running: $($running.Name -join ', ')."
}
$previous = Get-VMHostHardware
New-VM -Name lab-cold-plain -Generation 2 -MemoryStartupBytes 1GB | Out-Null
New-VM -Name lab-cold-tmemk -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName lab-cold-tmemk -MemoryEncryptionPolicy AlwaysEnabled

foreach ($bypass in $true, $false) {
    Set-VMHostHardware -Profile AlderLake -TmeBypass $bypass
    Write-Host ''
    Write-Host "== TmeBypass = $bypass; KeyID 0 is $((Get-VMHostKeyId -KeyId 0).State)"
    Start-VM -Name $names
    foreach ($name in $names) {
        Write-VMGuestMemory -VMName $name -Address 0x10000 -Value 'password=hunter2'
    }
    Invoke-ColdBootAttack -Pattern 'hunter2' |
        Format-Table VMName, MemoryEncrypted, KeyId, PatternFound, BytesScanned | Out-Host
}

Remove-VM -Name $names -Force
Set-VMHostHardware -Profile $previous.Profile -TmeBypass $previous.TmeBypass
