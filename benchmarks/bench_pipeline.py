"""Pipeline throughput against plain Python, in the same process (issue 4).

    python benchmarks/bench_pipeline.py [--items N] [--sort-items N] [--repeat R]

1. `1..N | Where-Object { $_ % 2 -eq 0 } | ForEach-Object { $_ * 2 } | Measure-Object -Sum`
   through the real pipeline, against `sum(x * 2 for x in range(1, N + 1) if x % 2 == 0)`.
   Prints `pipeline_ratio` (pipeline time / generator time, target <= 35) and
   `pipeline_items_per_s` (source items per second).
2. `$objects | Sort-Object N` of 100,000 objects against `sorted(objects, key=...)` over the
   same numbers. Prints `sort_ratio` (target <= 10).

The best of R runs is taken for each side, so a busy machine skews both sides alike.
"""

from __future__ import annotations

import argparse
import operator
import sys
import time
from typing import Any, Callable

__all__ = ["main"]

PIPELINE = ("1..{n} | Where-Object {{ $_ % 2 -eq 0 }} | ForEach-Object {{ $_ * 2 }} | "
            "Measure-Object -Sum")


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def _session() -> Any:
    from pyshell.runtime.session import Session, SessionOptions
    return Session(options=SessionOptions(deterministic=True, non_interactive=True))


class _Item:
    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n


def bench_pipeline(session: Any, n: int, repeat: int) -> tuple[float, float]:
    script = PIPELINE.format(n=n)
    pipeline_time, result = _best(lambda: session.invoke(script), repeat)
    expected = sum(x * 2 for x in range(1, n + 1) if x % 2 == 0)
    [measure] = result
    total = measure.sum if hasattr(measure, "sum") else measure.Sum
    if int(total) != expected:
        raise SystemExit(f"wrong pipeline result: {total} != {expected}")
    generator_time, _ = _best(
        lambda: sum(x * 2 for x in range(1, n + 1) if x % 2 == 0), repeat)
    return pipeline_time / generator_time, n / pipeline_time


def bench_sort(session: Any, n: int, repeat: int) -> float:
    from pyshell.runtime.members import PSObject, get_property_value
    numbers = [(i * 7919) % 100003 for i in range(n)]
    # The objects are built outside the timing: only the sort is compared.
    session.set_variable("global:objects", [PSObject.from_pairs([("N", k)]) for k in numbers])
    sort_time, result = _best(lambda: session.invoke("$objects | Sort-Object N"), repeat)
    if [get_property_value(o, "N") for o in result] != sorted(numbers):
        raise SystemExit("wrong sort result")
    items = [_Item(k) for k in numbers]
    python_time, _ = _best(lambda: sorted(items, key=operator.attrgetter("n")), repeat)
    return sort_time / python_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--sort-items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    session = _session()
    ratio, per_second = bench_pipeline(session, args.items, args.repeat)
    print(f"pipeline_ratio {ratio:.1f}")
    print(f"pipeline_items_per_s {per_second:.0f}")
    print(f"sort_ratio {bench_sort(session, args.sort_items, args.repeat):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
