<#
.SYNOPSIS
    A script with a param() block: `pyshell examples/parameters.ps1 -Name web1 -Count 3`.

.DESCRIPTION
    Arguments after the script path bind to its parameters by name or by position, with
    type conversion ("3" becomes the [int] 3) and defaults for those not given.
#>
param(
    [string]$Name = 'web',
    [int]$Count = 2
)
foreach ($i in 1..$Count) {
    "$Name-$i"
}
"script: $([System.IO.Path]::GetFileName($PSCommandPath))"
