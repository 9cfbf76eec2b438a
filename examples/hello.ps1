<#
.SYNOPSIS
    Hello from pyshell: variables, string expansion and the output stream.

.DESCRIPTION
    Run it with `pyshell examples/hello.ps1`. Output objects go to standard output, formatted
    as PowerShell formats them; Write-Host writes straight to the console.
#>
$name = 'pyshell'
Write-Host "Hello from $name!"
"2 + 3 = $(2 + 3)"
"4GB is $(4GB) bytes"
