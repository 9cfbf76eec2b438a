"""Every script in examples/ runs cleanly: exit code 0 and nothing on standard error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.ps1"))


def test_there_are_examples():
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path, tmp_path: Path):
    env = dict(os.environ, PYSHELL_HOST_DIR=str(tmp_path / "host"), NO_COLOR="1")
    result = subprocess.run([sys.executable, "-m", "pyshell", "-NoProfile", "-NonInteractive",
                             "-File", str(path)], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()
