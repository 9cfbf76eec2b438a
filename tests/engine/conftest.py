"""Shared fixtures for engine tests (engine tests never import pyshell)."""

from __future__ import annotations

import pytest

from engine import Host

# Hypothesis settings are set per test (not a global profile): other suites share the session.


@pytest.fixture
def host() -> Host:
    return Host.in_memory(name="HV01")
