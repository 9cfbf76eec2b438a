"""Every example in the utility cmdlets' help runs without an error."""

from __future__ import annotations

import pytest

from cmdlets.utility import MODULE
from pyshell.host.console import TextHost
from pyshell.testing.sessions import WIDTH

EXAMPLES = [(klass.metadata.name, example.code) for klass in MODULE.cmdlets
            for example in getattr(klass, "examples", ())]


@pytest.fixture
def host() -> TextHost:
    """A console with a few answers typed in, for the examples that ask (Read-Host)."""
    return TextHost(width=WIDTH, interactive=True, input_lines=["web1"] * 3)


@pytest.mark.parametrize("name, code", EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in
                                                     enumerate(EXAMPLES)])
def test_example_runs_cleanly(session, host, name, code):
    mark = host.mark()
    assert session.run(code) == 0
    text = host.text_since(mark)
    assert "Traceback" not in text
    assert not host.stderr
