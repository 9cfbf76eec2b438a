<#
.SYNOPSIS
    Errors as PowerShell handles them: try/catch for terminating errors, -ErrorAction for
    the others, and the error record's FullyQualifiedErrorId.
#>
try {
    throw 'something went wrong'
}
catch {
    "caught: $($_.Exception.Message)"
}
$result = Get-Content -Path ./no-such-file.txt -ErrorAction SilentlyContinue
"nothing read: $($null -eq $result)"
try {
    Get-Content -Path ./no-such-file.txt -ErrorAction Stop
}
catch {
    "error id: $($_.FullyQualifiedErrorId)"
}
