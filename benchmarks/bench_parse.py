"""Parse time of a realistic 50-line and 5,000-line script (issue 2).

    python benchmarks/bench_parse.py [--repeat R]

The REPL re-parses the whole buffer on every key press, so the 50-line figure must stay well
under 10 ms. Prints `parse_50_lines_ms` and `parse_5000_lines_ms` (best of R runs) and, for
information, `tokenize_50_lines_ms` (the highlighting entry point, which also parses).
Times are the process's CPU time, so other load on a shared machine does not inflate them.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable

__all__ = ["main", "SCRIPT_50"]

# A 50-line script in the style the project's users write: a function with a param block,
# pipelines, hashtables, strings with expansions, loops, try/catch, switch.
SCRIPT_50 = r'''#Requires -Version 7.2
function New-LabVM {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [ValidateNotNullOrEmpty()]
        [string[]]$Name,
        [ValidateSet('Gen1', 'Gen2')][string]$Generation = 'Gen2',
        [long]$MemoryStartupBytes = 4GB,
        [switch]$Encrypted
    )
    begin { $created = [System.Collections.Generic.List[object]]::new() }
    process {
        foreach ($n in $Name) {
            $config = [ordered]@{
                Name               = $n
                Generation         = if ($Generation -eq 'Gen2') { 2 } else { 1 }
                MemoryStartupBytes = $MemoryStartupBytes
                Path               = Join-Path $env:TEMP "vms\$n"
            }
            try {
                $vm = New-VM @config -ErrorAction Stop
                if ($Encrypted) { Set-VMMemory -VMName $n -EncryptionKeyId ($created.Count + 1) }
                $created.Add($vm)
                Write-Verbose "Created $($vm.Name) with $($config.MemoryStartupBytes / 1MB) MB"
            } catch [System.InvalidOperationException] {
                Write-Warning "Could not create ${n}: $($_.Exception.Message)"
            } finally {
                $null = Get-VM -Name $n 2>&1
            }
        }
    }
    end { $created | Sort-Object Name | Select-Object Name, State, MemoryStartup }
}

$names = 1..3 | ForEach-Object { 'web{0:d2}' -f $_ }
$vms = $names | New-LabVM -Encrypted -Verbose:$false
switch -Wildcard ($vms.Name) {
    'web0*' { "front end: $_" }
    default { "other: $_" }
}
$total = ($vms | Measure-Object -Property MemoryStartup -Sum).Sum
$summary = @{ Count = $vms.Count; TotalGB = [math]::Round($total / 1GB, 2) }
for ($i = 0; $i -lt $vms.Count; $i++) {
    $vm = $vms[$i]
    $state = $vm.State -eq 'Running' ? 'up' : 'down'
    Write-Output ("{0,-10} {1}" -f $vm.Name, $state)
}
$summary.GetEnumerator() | Where-Object { $_.Value -gt 0 } | Format-Table -AutoSize
Start-VM -Name $names -Passthru | Stop-VM -TurnOff -Force && Write-Host 'done' || exit 1
'''


def _best(run: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(argv)

    from pyshell.language import parse
    from pyshell.language.tokenizer import tokenize

    assert SCRIPT_50.count("\n") == 50, SCRIPT_50.count("\n")
    # 100 copies, each with its own names so nothing is shared between them.
    script_5000 = "\n".join(SCRIPT_50.replace("New-LabVM", f"New-LabVM{i}")
                            .replace("#Requires -Version 7.2\n", "")
                            + "# ---" for i in range(100))
    lines_5000 = script_5000.count("\n") + 1
    parse(SCRIPT_50)
    parse(script_5000)
    small = _best(lambda: parse(SCRIPT_50), options.repeat)
    large = _best(lambda: parse(script_5000), max(3, options.repeat // 10))
    highlight = _best(lambda: tokenize(SCRIPT_50), options.repeat)
    print(f"parse_50_lines_ms {small * 1000:.2f}")
    print(f"parse_5000_lines_ms {large * 1000:.1f}")
    print(f"tokenize_50_lines_ms {highlight * 1000:.2f}")
    print(f"lines_in_large_script {lines_5000}")


if __name__ == "__main__":
    main()
