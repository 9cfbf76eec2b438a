"""style.md §6: engine/, pyshell/ and cmdlets/ type-check under mypy strict (the settings are
in pyproject.toml). A cold run takes a few seconds; its cache lives in pytest's tmp_path so
the repository stays clean and a stale cache cannot hide an error."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_packages_type_check_under_mypy_strict(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run([
        "--config-file", str(REPO / "pyproject.toml"),
        "--cache-dir", str(tmp_path / "mypy_cache"),
        "--no-error-summary",
        str(REPO / "pyshell"), str(REPO / "cmdlets"), str(REPO / "engine"),
    ])
    assert status == 0, stdout + stderr
