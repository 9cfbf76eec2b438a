"""Start-up time of the shell (issue 8): how long until pyshell can do anything.

Prints
    startup_ratio X         median wall time of `pyshell -NoProfile -Command exit` over that of
                            `python -c pass` with the same interpreter (target: at most 6)
    repl_first_prompt_ms X  time from spawning `pyshell -NoProfile` in a pseudo terminal until
                            the first prompt is drawn (target: at most 300)

Run: python benchmarks/bench_startup.py [--runs N]

Two things keep the comparison fair. The project's packages are byte-compiled first: an
installed package ships bytecode, while a checkout run with PYTHONDONTWRITEBYTECODE=1 would
recompile every source on every start. And pyshell is started through the console script
installed beside this interpreter rather than whatever `pyshell` is first on PATH, which may
be a version-manager shim (pyenv's costs ~50 ms of bash before Python even starts) that the
`python -c pass` baseline does not pay.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import sysconfig
import time

__all__ = ["main"]


_PACKAGES = ("pyshell", "cmdlets", "engine")


def _pyshell_command() -> list[str]:
    script = os.path.join(sysconfig.get_path("scripts"), "pyshell")
    return [script] if os.path.isfile(script) else [sys.executable, "-m", "pyshell"]


def _byte_compile() -> None:
    # find_spec locates each package without importing it (and every cmdlet with it); cmdlets is
    # a namespace package, so it has search locations but no __file__.
    directories: list[str] = []
    for name in _PACKAGES:
        spec = importlib.util.find_spec(name)
        locations = (spec.submodule_search_locations or []) if spec is not None else []
        directories.extend(location for location in locations if os.path.isdir(location))
    subprocess.run([sys.executable, "-m", "compileall", "-q", *directories], check=True)
    print(f"byte-compiled {', '.join(_PACKAGES)} first, as an installed package would be")


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
    _byte_compile()
    print(f"pyshell command: {' '.join(_pyshell_command())}")
    baseline = _median_seconds([sys.executable, "-c", "pass"], runs)
    shell = _median_seconds(_pyshell_command() + ["-NoProfile", "-Command", "exit"], runs)
    print(f"python_pass_ms {baseline * 1000:.1f}")
    print(f"pyshell_exit_ms {shell * 1000:.1f}")
    print(f"startup_ratio {shell / baseline:.2f}")
    print(f"repl_first_prompt_ms {_first_prompt_ms(max(3, runs // 3)):.0f}")


if __name__ == "__main__":
    main()
