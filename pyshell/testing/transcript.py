"""pytest plugin: every `*.pstest` file under a path given to pytest is one test.

Registered through the `pytest11` entry point, so `pytest ../shared/acceptance` and
`pytest tests/transcripts` collect transcripts with no conftest. A failure shows a unified
diff that names the file and the first command whose output differs;
`pytest --update-transcripts` rewrites the expected output instead (review the git diff).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from pyshell.testing.runner import TranscriptRun, run_transcript_file

__all__ = ["TranscriptFile", "TranscriptItem", "TranscriptMismatch",
           "pytest_addoption", "pytest_collect_file"]

SUFFIX = ".pstest"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pyshell", "pyshell transcripts")
    group.addoption("--update-transcripts", action="store_true", default=False,
                    help="rewrite the expected output of *.pstest files that differ")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Optional[pytest.Collector]:
    if file_path.suffix == SUFFIX:
        return TranscriptFile.from_parent(parent, path=file_path)
    return None


class TranscriptMismatch(Exception):
    def __init__(self, run: TranscriptRun) -> None:
        super().__init__(run.transcript.path)
        self.run = run


class TranscriptFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield TranscriptItem.from_parent(self, name=self.path.name)


class TranscriptItem(pytest.Item):
    def runtest(self) -> None:
        update = bool(self.config.getoption("update_transcripts", default=False))
        run = run_transcript_file(self.path, update=update)
        # In update mode a differing output was just rewritten; a bug in pyshell still fails.
        if not run.passed and (run.internal_errors or not update):
            raise TranscriptMismatch(run)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, TranscriptMismatch):
            return excinfo.value.run.report()
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, Optional[int], str]:
        return self.path, None, f"transcript {self.path.name}"
