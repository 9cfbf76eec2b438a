"""The language runtime's speed: issue 3's statement loop against plain Python.

    python benchmarks/bench_language.py

prints `language_loop_ratio X` (pyshell time / Python time for the same loop, in the same
process; target: at most 12) and the timings behind it. Each side is timed several times and
the best run counts, so a busy machine disturbs the figure less.
"""

from __future__ import annotations

import time

__all__ = ["SCRIPT", "python_loop", "measure", "main"]

SCRIPT = "$s = 0; foreach ($i in 1..1000000) { if ($i % 2 -eq 0) { $s += $i * 2 } }; $s"
EXPECTED = 500001000000


def python_loop() -> int:
    s = 0
    for i in range(1, 1000001):
        if i % 2 == 0:
            s += i * 2
    return s


def _best(run, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(repeat: int = 3) -> dict[str, float]:
    from pyshell.runtime import Session, SessionOptions

    session = Session(modules=[], options=SessionOptions(deterministic=True))
    shell_time, output = _best(lambda: session.invoke(SCRIPT), repeat)
    python_time, expected = _best(python_loop, repeat)
    if output != [expected] or expected != EXPECTED:
        raise SystemExit(f"wrong result: {output!r}, expected {expected}")
    return {"pyshell_seconds": shell_time, "python_seconds": python_time,
            "ratio": shell_time / python_time}


def main() -> None:
    figures = measure(repeat=5)
    print(f"pyshell_seconds {figures['pyshell_seconds']:.3f}")
    print(f"python_seconds {figures['python_seconds']:.3f}")
    print(f"language_loop_ratio {figures['ratio']:.1f}")


if __name__ == "__main__":
    main()
