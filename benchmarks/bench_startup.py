"""Start-up time of the shell (issue 8): how long until pyshell can do anything.

Prints
    startup_ratio X         median wall time of `pyshell -NoProfile -Command exit` over that of
                            `python -c pass` with the same interpreter (target: at most 6)
    repl_first_prompt_ms X  time from spawning `pyshell -NoProfile` in a pseudo terminal until
                            the first prompt is drawn (target: at most 300)

Run: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

__all__ = ["main"]


def _pyshell_command() -> list[str]:
    script = shutil.which("pyshell")
    return [script] if script else [sys.executable, "-m", "pyshell"]


def _median_seconds(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _first_prompt_ms(runs: int) -> float:
    import pexpect

    command = _pyshell_command()
    env = dict(os.environ, PYSHELL_HISTORY=os.devnull, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = pexpect.spawn(command[0], command[1:] + ["-NoProfile", "-NoLogo"], env=env,
                              encoding="utf-8", timeout=30, dimensions=(24, 120))
        child.expect("PS .*>")
        times.append((time.perf_counter() - started) * 1000)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    baseline = _median_seconds([sys.executable, "-c", "pass"], runs)
    shell = _median_seconds(_pyshell_command() + ["-NoProfile", "-Command", "exit"], runs)
    print(f"python_pass_ms {baseline * 1000:.1f}")
    print(f"pyshell_exit_ms {shell * 1000:.1f}")
    print(f"startup_ratio {shell / baseline:.2f}")
    print(f"repl_first_prompt_ms {_first_prompt_ms(max(3, runs // 3)):.0f}")


if __name__ == "__main__":
    main()
