<#
.SYNOPSIS
    Objects flow through the pipeline: filter, transform, sort and measure them.

.DESCRIPTION
    Every stage receives typed objects, not text, so the last stage can still read the
    properties the first one created.
#>
$squares = 1..10 | Where-Object { $_ % 2 -eq 1 } | ForEach-Object {
    [pscustomobject]@{ Number = $_; Square = $_ * $_ }
}
$squares | Sort-Object Square -Descending | Select-Object -First 3
($squares | Measure-Object -Property Square -Sum).Sum
