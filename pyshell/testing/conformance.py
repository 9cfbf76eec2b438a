"""The conformance runner: PowerShell behaviour cases (`cases.jsonl`) against pyshell.

    python -m pyshell.testing.conformance FILE.jsonl [--failures] [--category PREFIX] [--id ID]

Each case's script is written to a temporary `.ps1` and run non-interactively in a fresh
deterministic session; its standard output (pipeline output as Out-Default renders it and host
writes, never errors, warnings or verbose text) is compared with the expected text by the
case's `compare` mode (`../shared/conformance/README.md`). The report gives the pass rate per
category and per source (the id's prefix) and ends with the line `passed N of M`.

A case gets `TIME_LIMIT` seconds: then the session is asked to stop, and a case that ignores
that is abandoned, so one bad case never ends the run.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from attrs import frozen

from pyshell.host.console import TextHost
from pyshell.testing.sessions import WIDTH, deterministic_session

__all__ = [
    "TIME_LIMIT", "Case", "CaseResult", "Report", "load_cases", "compare_output",
    "normalize_actual", "run_case", "run_cases", "main",
]

TIME_LIMIT = 5.0
# How long past the stop request a case may take to wind down before it is abandoned.
GRACE = 5.0
COMPARE_MODES = ("exact", "trim", "trim-unordered-rows")


@frozen
class Case:
    id: str
    script: str
    expected: str
    category: str = ""
    compare: str = "exact"
    kind: str = ""

    @property
    def source(self) -> str:
        """`ps`, `doc` or `pash`: who stated the expected result."""
        return self.id.split("-", 1)[0]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        return cls(id=str(data["id"]), script=str(data["script"]),
                   expected=str(data["expected"]), category=str(data.get("category", "")),
                   compare=str(data.get("compare", "exact")), kind=str(data.get("kind", "")))


@frozen
class CaseResult:
    case: Case
    passed: bool
    actual: str
    problem: str = ""  # why the run itself went wrong: a time-out or an internal error
    detail: str = ""  # the Python traceback of an internal error, for whoever fixes it


def load_cases(path: str | Path) -> list[Case]:
    """Every case of a `.jsonl` file, in file order (blank lines skipped)."""
    cases = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                cases.append(Case.from_json(json.loads(line)))
    return cases


def normalize_actual(text: str) -> str:
    """CRLF to LF and one trailing newline removed, as the expected text was written."""
    text = text.replace("\r\n", "\n")
    return text[:-1] if text.endswith("\n") else text


def _trimmed(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_underline(line: str) -> bool:
    return bool(line.strip()) and set(line.strip()) <= {"-", " "}


def _split_rows(lines: list[str]) -> tuple[list[str], list[str]]:
    """The header through its underline, and the rows after it."""
    for index, line in enumerate(lines):
        if _is_underline(line):
            return lines[: index + 1], lines[index + 1:]
    return [], lines


def compare_output(expected: str, actual: str, mode: str) -> bool:
    """Whether normalised `actual` output satisfies `expected` under `mode`."""
    if mode == "exact":
        return actual == expected
    exp, act = _trimmed(expected), _trimmed(actual)
    if mode == "trim":
        return exp == act
    if mode == "trim-unordered-rows":
        exp_head, exp_rows = _split_rows(exp)
        act_head, act_rows = _split_rows(act)
        return (exp_head == act_head
                and collections.Counter(exp_rows) == collections.Counter(act_rows))
    raise ValueError(f"unknown compare mode {mode!r}")


def _execute(case: Case, time_limit: float, outcome: dict[str, Any]) -> None:
    host = TextHost(width=WIDTH)
    outcome["host"] = host
    try:
        with tempfile.TemporaryDirectory(prefix="pyshell-case-") as folder:
            script = Path(folder) / f"{case.id}.ps1"
            script.write_text(case.script, encoding="utf-8")
            with deterministic_session(host, non_interactive=True) as session:
                timer = threading.Timer(time_limit, session.stop)
                timer.daemon = True
                timer.start()
                try:
                    session.run(case.script, path=str(script))
                finally:
                    timer.cancel()
    except BaseException as exc:  # an internal error: a failed case, never a dead run
        outcome["problem"] = f"internal error: {type(exc).__name__}: {exc}"
        outcome["traceback"] = traceback.format_exc()


def run_case(case: Case, time_limit: float = TIME_LIMIT) -> CaseResult:
    """Run one case in a fresh session on a worker thread, within the time limit."""
    outcome: dict[str, Any] = {}
    worker = threading.Thread(target=_execute, args=(case, time_limit, outcome),
                              name=f"case {case.id}", daemon=True)
    worker.start()
    worker.join(time_limit + GRACE)
    host: Optional[TextHost] = outcome.get("host")
    actual = normalize_actual(host.output if host is not None else "")
    if worker.is_alive():
        return CaseResult(case, False, actual, f"did not finish in {time_limit:g} s")
    problem = outcome.get("problem", "")
    passed = not problem and compare_output(case.expected, actual, case.compare)
    return CaseResult(case, passed, actual, problem, outcome.get("traceback", ""))


@frozen
class Report:
    results: tuple[CaseResult, ...]

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def _table(self, title: str, key: Callable[[CaseResult], str]) -> list[str]:
        groups: dict[str, list[CaseResult]] = collections.defaultdict(list)
        for result in self.results:
            groups[key(result)].append(result)
        width = max([len(title)] + [len(name) for name in groups])
        lines = [f"{title:<{width}}  passed  total    rate"]
        for name in sorted(groups):
            group = groups[name]
            ok = sum(r.passed for r in group)
            lines.append(f"{name:<{width}}  {ok:>6}  {len(group):>5}  {ok / len(group):>6.1%}")
        return lines

    def summary_lines(self) -> list[str]:
        return (self._table("category", lambda r: r.case.category) + [""]
                + self._table("source", lambda r: r.case.source) + [""]
                + [f"passed {self.passed} of {self.total}"])

    def failure_lines(self) -> list[str]:
        lines: list[str] = []
        for result in self.results:
            if result.passed:
                continue
            case = result.case
            lines.append(f"FAIL {case.id} [{case.category}, {case.compare}]"
                         + (f": {result.problem}" if result.problem else ""))
            lines += ["  script:"] + [f"    {line}" for line in case.script.split("\n")]
            lines += ["  expected:"] + [f"    {line}" for line in case.expected.split("\n")]
            lines += ["  actual:"] + [f"    {line}" for line in result.actual.split("\n")]
            if result.detail:
                lines += [f"    {line}" for line in result.detail.rstrip().split("\n")]
            lines.append("")
        return lines


def run_cases(cases: Iterable[Case], time_limit: float = TIME_LIMIT) -> Report:
    return Report(tuple(run_case(case, time_limit) for case in cases))


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyshell.testing.conformance",
                                     description="Run PowerShell conformance cases.")
    parser.add_argument("file", help="a cases.jsonl file")
    parser.add_argument("--failures", action="store_true",
                        help="show each failing case: script, expected and actual output")
    parser.add_argument("--category", help="only cases whose category starts with this")
    parser.add_argument("--id", action="append", help="only this case (may repeat)")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT,
                        help=f"seconds a case may run (default {TIME_LIMIT:g})")
    args = parser.parse_args(argv)
    try:
        cases = load_cases(args.file)
    except (OSError, ValueError, KeyError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.category:
        cases = [c for c in cases if c.category.startswith(args.category)]
    if args.id:
        cases = [c for c in cases if c.id in args.id]
    report = run_cases(cases, args.time_limit)
    if args.failures:
        print("\n".join(report.failure_lines()))
    print("\n".join(report.summary_lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
