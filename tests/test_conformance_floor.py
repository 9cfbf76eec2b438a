"""The conformance pass rate on ../shared/conformance/cases.jsonl never falls below the floor
kept in tests/conformance_floor.json."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CASES = REPO.parent / "shared" / "conformance" / "cases.jsonl"
FLOOR = json.loads((REPO / "tests" / "conformance_floor.json").read_text())["min_pass_rate"]


@pytest.mark.skipif(not CASES.is_file(), reason="../shared/conformance is not beside the repo")
def test_pass_rate_stays_above_the_floor():
    result = subprocess.run([sys.executable, "-m", "pyshell.testing.conformance", str(CASES)],
                            capture_output=True, text=True, timeout=540, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"passed (\d+) of (\d+)", last)
    assert match, result.stdout[-2000:]
    passed, total = int(match[1]), int(match[2])
    assert total == sum(1 for line in CASES.read_text().splitlines() if line.strip())
    assert passed / total >= FLOOR, (
        f"conformance fell to {passed}/{total} ({passed / total:.1%}), below the floor of "
        f"{FLOOR:.1%}; run `python -m pyshell.testing.conformance {CASES} --failures`")
