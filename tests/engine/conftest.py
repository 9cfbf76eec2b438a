"""Shared fixtures for engine tests (engine tests never import pyshell)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from engine import Host, RecordingEntropy, SeededEntropy

settings.register_profile(
    "engine", max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("engine")


@pytest.fixture
def host() -> Host:
    return Host.in_memory(name="HV01")


@pytest.fixture
def recording() -> RecordingEntropy:
    return RecordingEntropy(SeededEntropy(7))
