"""Test tooling users of pyshell rely on: the `*.pstest` transcript runner (a pytest plugin,
also `python -m pyshell.testing FILE...`) and the conformance runner
(`python -m pyshell.testing.conformance FILE.jsonl`).

Importing this package stays cheap: the runtime loads only when something runs.
"""

from __future__ import annotations

__all__ = ["parse_transcript", "run_transcript", "run_transcript_file"]

from pyshell.testing.runner import run_transcript, run_transcript_file
from pyshell.testing.transcript_format import parse_transcript
