<#
.SYNOPSIS
    Guest memory versus DRAM: the guest reads its plaintext, raw DRAM holds ciphertext, and
    the memory controller decrypts only with the VM's own KeyID.

.DESCRIPTION
    Starts one VM with memory encryption, writes a string through the guest, then reads the
    same bytes four ways: as the guest (Read-VMGuestMemory), as raw DRAM cells (a cold-boot
    attacker), through KeyID 0 (a DMA device) and through the VM's KeyID (the hypervisor's
    own mapping). Removes the VM at the end.
#>
$ErrorActionPreference = 'Stop'
$name = 'lab-guest'
Get-VM -Name $name -ErrorAction SilentlyContinue | Stop-VM -TurnOff -Force
Get-VM -Name $name -ErrorAction SilentlyContinue | Remove-VM -Force
New-VM -Name $name -Generation 2 -MemoryStartupBytes 1GB | Out-Null
Set-VMMemory -VMName $name -MemoryEncryptionPolicy AlwaysEnabled
Start-VM -Name $name

Write-VMGuestMemory -VMName $name -Address 0x10000 -Value 'attack at dawn'
$keyId = (Get-VMHostKeyId -VMName $name).KeyId

Write-Host 'The guest reads:'
Read-VMGuestMemory -VMName $name -Address 0x10000 -Count 14 | Out-Host
Write-Host 'Raw DRAM behind it (what a cold-boot attacker dumps):'
Read-PhysicalMemory -VMName $name -GuestAddress 0x10000 -Count 14 | Out-Host
$dma = Read-PhysicalMemory -VMName $name -GuestAddress 0x10000 -Count 14 -KeyId 0
Write-Host "Through KeyID 0 (a DMA device): $($dma.Text)"
$alias = Read-PhysicalMemory -VMName $name -GuestAddress 0x10000 -Count 14 -KeyId $keyId
Write-Host "Through KeyID $keyId (the hypervisor maps the frame with the VM's KeyID): $($alias.Text)"
Write-Host 'Format-Hex takes a memory block too:'
Read-VMGuestMemory -VMName $name -Address 0x10000 -Count 14 | Format-Hex | Out-Host

Stop-VM -Name $name -TurnOff
Remove-VM -Name $name -Force
