"""Running transcripts: one session per file, console text per command, update mode, and
`python -m pyshell.testing`; driven by a stand-in session so no runtime is needed."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

from pyshell.testing.__main__ import main as run_main
from pyshell.testing.runner import run_transcript, run_transcript_file
from pyshell.testing.transcript_format import parse_transcript

PASSING = """\
# a transcript that passes
PS> say hello
hello
PS> warn careful
WARNING: careful
PS> say a
>> say b
a
b
"""


def test_each_command_gets_the_console_text_it_wrote(fake_sessions):
    run = run_transcript(parse_transcript(PASSING, "p.pstest"))
    assert run.actuals == ("hello\n", "WARNING: careful\n", "a\nb\n")
    assert run.passed


def test_all_commands_of_a_file_share_one_session(fake_sessions):
    seen = []

    @contextlib.contextmanager
    def opener(host, **options):
        with fake_sessions(host, **options) as session:
            seen.append(session)
            yield session

    run_transcript(parse_transcript(PASSING), open_session=opener)
    assert len(seen) == 1
    assert seen[0].commands == ["say hello", "warn careful", "say a\nsay b"]


def test_error_lines_are_part_of_the_console_text(fake_sessions):
    run = run_transcript(parse_transcript("PS> fail Get-VM: nope\nGet-VM: nope\n"))
    assert run.passed


def test_an_internal_error_fails_the_transcript_without_stopping_it(fake_sessions):
    run = run_transcript(parse_transcript("PS> crash\nPS> say after\nafter\n", "c.pstest"))
    assert not run.passed
    assert run.actuals[1] == "after\n"
    assert "InternalError: ZeroDivisionError" in run.actuals[0]
    assert "Traceback" in run.report() and "c.pstest:1:" in run.report()


def test_update_rewrites_the_file(fake_sessions, tmp_path: Path):
    path = tmp_path / "u.pstest"
    path.write_text("# keep me\nPS> say new\nold\n")
    run = run_transcript_file(path, update=True)
    assert not run.passed
    assert path.read_text() == "# keep me\nPS> say new\nnew\n"
    assert run_transcript_file(path).passed


def test_without_update_the_file_is_untouched(fake_sessions, tmp_path: Path):
    path = tmp_path / "u.pstest"
    path.write_text("PS> say new\nold\n")
    run_transcript_file(path)
    assert path.read_text() == "PS> say new\nold\n"


def test_module_main_prints_pass_fail_and_the_diff(fake_sessions, tmp_path: Path, capsys):
    good = tmp_path / "good.pstest"
    good.write_text(PASSING)
    bad = tmp_path / "bad.pstest"
    bad.write_text("PS> say x\ny\n")
    assert run_main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"PASS {good}" in out and f"FAIL {bad}" in out
    assert "-y" in out.splitlines() and "+x" in out.splitlines()
    assert out.rstrip().endswith("1 passed, 1 failed")
    assert run_main([str(good)]) == 0


def test_module_main_reports_a_missing_file(tmp_path: Path, capsys):
    assert run_main([str(tmp_path / "none.pstest")]) == 1
    assert "ERROR" in capsys.readouterr().out


def test_module_main_runs_as_a_program(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "pyshell.testing", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "transcripts" in result.stdout


def test_a_command_that_runs_too_long_is_stopped_and_fails_the_transcript(fake_sessions):
    run = run_transcript(parse_transcript("PS> hang\nstopped\nPS> say next\nnext\n", "h.pstest"),
                         time_limit=0.2)
    assert run.actuals == ("stopped\n", "next\n")
    assert run.matches and not run.passed
    assert "stopped after 0.2 s" in run.report()
