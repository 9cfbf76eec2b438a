"""The shared acceptance transcripts are the product's contract: run them with every suite.

They live beside the checkout (`../shared/acceptance`), as they do in CI; a checkout without
them skips this module rather than failing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pyshell.testing.runner import run_transcript_file

ACCEPTANCE = Path(__file__).resolve().parents[1].parent / "shared" / "acceptance"
FILES = sorted(ACCEPTANCE.glob("*.pstest")) if ACCEPTANCE.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/acceptance is not beside the checkout")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_acceptance_transcript(path):
    run = run_transcript_file(path)
    assert run.passed, run.report()
