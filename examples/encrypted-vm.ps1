<#
.SYNOPSIS
    The scenario pyshell was made for: a Generation 2 VM whose memory is encrypted with its
    own TME-MK key while it runs.

.DESCRIPTION
    Creates the VM demo-web1 on the simulated Hyper-V host, turns memory encryption on,
    starts the VM, shows that its memory is encrypted, then turns it off and removes it, so
    the script can run again. The host store is per user; set PYSHELL_HOST_DIR to use another.
#>
$name = 'demo-web1'
if (Get-VM -Name $name -ErrorAction SilentlyContinue) {
    Stop-VM -Name $name -TurnOff -ErrorAction SilentlyContinue
    Remove-VM -Name $name -Force
}
New-VM -Name $name -Generation 2 -MemoryStartupBytes 4GB | Out-Null
Set-VMMemory -VMName $name -MemoryEncryptionPolicy EnabledIfSupported
Start-VM -Name $name
Get-VM -Name $name
Get-VMMemory -VMName $name | Format-List VMName, Startup, MemoryEncryptionPolicy, MemoryEncryptionEnabled
Stop-VM -Name $name -TurnOff
"encrypted after stop: $((Get-VMMemory -VMName $name).MemoryEncryptionEnabled)"
Remove-VM -Name $name -Force
