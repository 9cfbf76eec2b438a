"""Fixtures every test may use: a fresh deterministic session per test with a TextHost.

The Hypothesis "ci" profile (derandomized, no deadline) is loaded when the CI environment
variable is set, so CI runs are reproducible and never flaky on a slow machine.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, settings

from pyshell.host.console import TextHost
from pyshell.testing.sessions import WIDTH, deterministic_session

__all__: list[str] = []

# `pytester` runs pytest inside a test: the transcript plugin's own tests use it.
pytest_plugins = ["pytester"]

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def host() -> TextHost:
    """The console of the `session` fixture: `.text`, `.stdout`, `.stderr`, `.output`."""
    return TextHost(width=WIDTH)


@pytest.fixture
def session(host: TextHost) -> Iterator[Any]:
    """A fresh deterministic session (virtual clock at 2022-11-23 09:00:00, seed 0, its own
    temporary host store) writing to the `host` fixture."""
    with deterministic_session(host) as fresh:
        yield fresh
