"""The pytest plugin: *.pstest files are collected from any path, one test each; failures
show the diff; --update-transcripts rewrites them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
ACCEPTANCE = REPO.parent / "shared" / "acceptance"


@pytest.mark.skipif(not ACCEPTANCE.is_dir(), reason="../shared/acceptance is not beside the repo")
def test_the_shared_acceptance_transcripts_are_collected():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         str(ACCEPTANCE)], cwd=REPO, capture_output=True, text=True, timeout=120)
    names = sorted(p.name for p in ACCEPTANCE.glob("*.pstest"))
    assert len(names) == 5
    for name in names:
        assert f"{name}::{name}" in result.stdout
    assert "5 tests collected" in result.stdout


def test_a_passing_transcript_is_one_passing_test(pytester, fake_sessions):
    pytester.makefile(".pstest", ok="# c\nPS> say hi\nhi\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_failure_shows_the_diff_naming_file_and_command(pytester, fake_sessions):
    pytester.makefile(".pstest", bad="PS> say one\none\nPS> say two\nthree\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*bad.pstest:3: output differs for command 'PS> say two'*",
                                 "*-three*", "*+two*"])


def test_update_transcripts_rewrites_the_expected_output(pytester, fake_sessions):
    path = pytester.makefile(".pstest", upd="# head\nPS> say new\nold\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--update-transcripts")
    result.assert_outcomes(passed=1)
    assert path.read_text() == "# head\nPS> say new\nnew\n"
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_other_files_are_not_collected(pytester, fake_sessions):
    pytester.makefile(".txt", notes="PS> say hi\nwrong\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
