"""README.md opens with the two commands for a fresh machine, and .ci/run runs the second."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _first_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.match(r"```\w*\n(.*?)\n```", text, re.S)
    assert match, "README.md must start with a code block"
    return match[1].splitlines()


def test_readme_starts_with_exactly_two_commands():
    install_and_run, install_and_test = _first_commands()
    assert install_and_run.startswith("pip install -e . && pyshell ")
    assert install_and_test == "pip install -e '.[test]' && python -m pytest"


def test_the_main_job_is_a_script_that_exists():
    install_and_run = _first_commands()[0]
    script = install_and_run.split("&& pyshell ", 1)[1].split()[0]
    assert (REPO / script).is_file()


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in ci
    assert _first_commands()[1] in ci.splitlines()
