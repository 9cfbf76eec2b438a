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
    device sees only ciphertext of that VM. The hypervisor itself still can read it.

    The script makes the VMs demo-clear and demo-secret and removes them at the end. Its
    cold-boot step cuts the simulated host's power, so it refuses to run while other VMs are
    running. To keep your own host store out of it, point PYSHELL_HOST_DIR at an empty
    folder:  PYSHELL_HOST_DIR=$(mktemp -d) pyshell examples/tme-mk-demo.ps1
#>

$ErrorActionPreference = 'Stop'
$names = 'demo-clear', 'demo-secret'
$secretText = 'card 4111-1111-1111-1111'

function Show-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text"
}

# -- Is this host fit for the demo? ---------------------------------------------------------
$others = @(Get-VM | Where-Object { $_.Name -notin $names -and $_.State -in 'Running', 'Paused' })
if ($others.Count -gt 0) {
    throw ("The demo cuts the host's power, and these VMs are running: " +
           ($others.Name -join ', ') + '. Stop them, or run the demo against an empty host ' +
           'store: PYSHELL_HOST_DIR=$(mktemp -d) pyshell examples/tme-mk-demo.ps1')
}
$hw = Get-VMHostHardware
if (-not $hw.MkTmeSupported -or $hw.KeyIdBits -eq 0) {
    throw ("This host's CPU ($($hw.Profile)) has no TME-MK KeyIDs enabled. Give it one " +
           'that has: Set-VMHostHardware -Profile AlderLake')
}
Get-VM -Name $names -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $names -ErrorAction SilentlyContinue | Remove-VM -Force

# -- The host --------------------------------------------------------------------------------
Show-Step "The host: $($hw.Processor)"
$hw | Format-List Profile, TmeEnabled, TmeBypass, TmeAlgorithm, KeyIdBits, MaxKeyIds, KeyAlgorithm |
    Out-Host
if ($hw.TmeBypass) {
    Write-Host '   KeyID 0 is in bypass: memory outside TME-MK is stored in DRAM as plaintext.'
}
else {
    Write-Host "   KeyID 0 uses the platform key: DRAM holds only ciphertext; VMs without TME-MK share that key."
}

# -- Two VMs, one encrypted ------------------------------------------------------------------
Show-Step 'Two Generation 2 VMs; only demo-secret asks for memory encryption'
New-VM -Name demo-clear -Generation 2 -MemoryStartupBytes 1GB | Out-Null
New-VM -Name demo-secret -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName demo-secret -MemoryEncryptionPolicy EnabledIfSupported
Start-VM -Name $names
Get-VM -Name $names | Format-Table Name, State, Generation, MemoryAssigned | Out-Host

Show-Step 'Get-VMMemory | fl * of both VMs'
Get-VMMemory -VMName $names | Format-List * | Out-Host

Show-Step 'The KeyIDs in use: demo-secret got a random key under a KeyID of its own'
Get-VMHostKeyId | Where-Object State -ne Unused | Out-Host
Write-Host '   (No cmdlet shows a key: it is made inside the CPU and never leaves it.)'

# -- The same secret in both guests ----------------------------------------------------------
Show-Step "Both guests write the same secret at guest address 0x10000: '$secretText'"
foreach ($name in $names) {
    Write-VMGuestMemory -VMName $name -Address 0x10000 -Value $secretText
    $seen = (Read-VMGuestMemory -VMName $name -Address 0x10000 -Count $secretText.Length).Text
    Write-Host ('   the guest of {0,-11} reads back: {1}' -f $name, $seen)
}

Show-Step 'The DRAM cells behind that address, as a cold-boot attacker or a DIMM reader sees them'
foreach ($name in $names) {
    $raw = Read-PhysicalMemory -VMName $name -GuestAddress 0x10000 -Count 32
    $found = $raw.Text -like "*$secretText*"
    Write-Host ''
    Write-Host ('   {0}: guest 0x10000 is host 0x{1:X}; the secret is {2} in DRAM' -f `
        $name, $raw.Address, $(if ($found) { 'readable' } else { 'NOT readable' }))
    $raw | Out-Host
}

# -- A bus interposer -------------------------------------------------------------------------
Show-Step 'A DIMM interposer records the bus while each guest writes "hello"'
Start-MemoryBusTrace
Write-VMGuestMemory -VMName demo-secret -Address 0x20000 -Value 'hello'
Write-VMGuestMemory -VMName demo-clear -Address 0x20000 -Value 'hello'
$trace = Stop-MemoryBusTrace
$trace | Out-Host
$leaks = @($trace | Where-Object Text -like '*hello*')
$from = if ($leaks.Count) { ' (from ' + ((@($leaks.VMName) | Sort-Object -Unique) -join ', ') + ')' } else { '' }
Write-Host ("   lines on the bus: {0}; lines that show 'hello': {1}{2}" -f $trace.Count, $leaks.Count, $from)
Write-Host '   A write of part of a line is a Read and a Write of the whole 64-byte line.'
$before, $after = @($trace | Where-Object VMName -eq demo-secret)
$changed = @(0..3 | Where-Object {
    ($before.Data[($_ * 16)..($_ * 16 + 15)] -join ',') -ne ($after.Data[($_ * 16)..($_ * 16 + 15)] -join ',')
}).Count
Write-Host ("   demo-secret's line: {0} of its four 16-byte ciphertext blocks changed. AES-XTS hides" -f $changed)
Write-Host '   what was written, not where, nor which 16-byte block changed.'

# -- The honest part: the hypervisor ---------------------------------------------------------
Show-Step 'TME-MK does not protect a VM from its host: the hypervisor maps the frame with the VM''s KeyID'
$keyId = (Get-VMHostKeyId -VMName demo-secret).KeyId
$alias = Read-PhysicalMemory -VMName demo-secret -GuestAddress 0x10000 -Count $secretText.Length -KeyId $keyId
Write-Host "   through KeyID ${keyId}: $($alias.Text)"

# -- Cold boot --------------------------------------------------------------------------------
Show-Step 'Cold boot: cut the power, freeze the DIMMs, search the dump for "4111-1111"'
Invoke-ColdBootAttack -Pattern '4111-1111' |
    Format-Table VMName, MemoryEncrypted, KeyId, PatternFound, BytesScanned | Out-Host

Show-Step 'After the power loss every VM is off and every key is gone'
Get-VM -Name $names | Format-Table Name, State | Out-Host
Write-Host ("   KeyIDs still holding a key: {0}" -f @(Get-VMHostKeyId | Where-Object State -eq Random).Count)
Get-VM -Name $names | Remove-VM -Force
Write-Host ''
Write-Host 'Done: the demo VMs were removed.'
