"""pyshell as a script host (issue 8 item 2), driven as users drive it: a subprocess.

Each test runs the real program on a script in a temporary folder, with its own host store,
and checks what a user would notice: standard output, standard error and the exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(tmp_path: Path):
    env = dict(os.environ, PYSHELL_HOST_DIR=str(tmp_path / "host"), NO_COLOR="1")
    env.pop("PYSHELL_DEBUG", None)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pyshell", "-NoProfile", *args],
                              input=stdin, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path, env=env)
    return run


@pytest.fixture
def script(tmp_path: Path):
    def write(text: str, name: str = "script.ps1") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


PARAMS = "param([string]$Name = 'none', [int]$Count = 1, [switch]$Force)\n" \
         "\"$Name $Count $Force\"\n$Count.GetType().Name\n"


def test_named_arguments_bind_to_the_param_block(run, script):
    result = run("-File", script(PARAMS), "-Name", "web1", "-Count", "3")
    assert result.stdout.splitlines() == ["web1 3 False", "Int32"]
    assert result.returncode == 0


def test_positional_arguments_and_defaults(run, script):
    result = run(script(PARAMS), "web2")
    assert result.stdout.splitlines() == ["web2 1 False", "Int32"]


def test_a_switch_argument(run, script):
    result = run("-File", script(PARAMS), "-Force")
    assert result.stdout.splitlines()[0] == "none 1 True"


def test_script_root_and_command_path(run, script, tmp_path: Path):
    path = script("$PSScriptRoot\n$PSCommandPath\n")
    assert run("-File", path).stdout.splitlines() == [str(tmp_path), path]


def test_exit_sets_the_exit_code(run, script):
    result = run("-File", script("'before'\nexit 7\n'after'\n"))
    assert (result.returncode, result.stdout) == (7, "before\n")


def test_a_terminating_error_exits_1_with_the_error_on_stderr(run, script):
    result = run("-File", script("'before'\nthrow 'it broke'\n'after'\n"))
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert "it broke" in result.stderr
    assert "Traceback" not in result.stderr


def test_errors_go_to_stderr_and_output_and_warnings_to_stdout(run, script):
    result = run("-File", script("Write-Output 'out'\nWrite-Error 'bad'\n"
                                 "Write-Warning 'careful'\n"))
    assert result.stdout.splitlines() == ["out", "WARNING: careful"]
    assert "bad" in result.stderr and "out" not in result.stderr
    assert result.returncode == 0  # pwsh -File: normal termination is 0


def test_a_parse_error_runs_nothing_and_shows_the_parser_error(run, script):
    path = script("'ran'\n$x = 1 +\n")
    result = run("-File", path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"ParserError: {path}:2"
    assert lines[1] == "Line |"
    assert lines[2] == "   2 |  $x = 1 +"
    assert "You must provide a value expression following the '+' operator." in result.stderr


def test_command_text_runs_and_reports_a_parse_error_without_a_path(run):
    assert run("-Command", "1 + 1").stdout == "2\n"
    result = run("-c", "Write-Output 'x' (")
    assert result.returncode == 1
    assert result.stderr.startswith("ParserError: \n") or result.stderr.startswith("ParserError:")


def test_command_dash_reads_standard_input(run):
    result = run("-Command", "-", stdin="$a = 20\n$a + 22\n")
    assert (result.returncode, result.stdout) == (0, "42\n")


def test_exit_code_of_a_command(run):
    assert run("-Command", "exit 3").returncode == 3


def test_a_missing_mandatory_parameter_is_an_error_not_a_prompt(run, script):
    path = script("param([Parameter(Mandatory)][string]$Name)\n\"hello $Name\"\n")
    result = run("-NonInteractive", "-File", path)
    assert result.returncode == 1
    assert "missing mandatory parameters: Name" in result.stderr
    assert result.stdout == ""


def test_arguments_that_do_not_bind_exit_1(run, script):
    result = run("-File", script(PARAMS), "-Count", "many")
    assert result.returncode == 1
    assert "Cannot process argument transformation on parameter 'Count'" in result.stderr


def test_a_script_with_a_bom_and_crlf_reads_as_on_windows(run, tmp_path: Path):
    path = tmp_path / "win.ps1"
    path.write_bytes(b"\xef\xbb\xbf'one'\r\n'two'\r\n")
    assert run("-File", str(path)).stdout == "one\ntwo\n"


def test_command_exit_code_follows_the_last_command(run):
    # pwsh -Command: 1 when `$?` is false at the end, else 0.
    assert run("-Command", "Get-Content ./missing.txt").returncode == 1
    assert run("-Command", "Get-Content ./missing.txt; 'then fine'").returncode == 0


def test_commands_piped_in_without_arguments_run(run):
    result = run(stdin="$a = 1 + 1\n\"two is $a\"\n")
    assert (result.returncode, result.stdout) == (0, "two is 2\n")


def test_scripts_dot_source_and_call_their_neighbours(run, tmp_path: Path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "lib.ps1").write_text("function Get-Greeting { 'hello from lib' }\n")
    (sub / "other.ps1").write_text("param($Who)\n\"other greets $Who\"\n")
    (sub / "main.ps1").write_text(". $PSScriptRoot/lib.ps1\nGet-Greeting\n"
                                  "& \"$PSScriptRoot/other.ps1\" -Who me\n"
                                  ". ./sub/lib.ps1\n'relative to the location too'\n")
    result = run(str(sub / "main.ps1"))
    assert result.stdout.splitlines() == ["hello from lib", "other greets me",
                                          "relative to the location too"]
    assert result.returncode == 0


def test_only_the_scripts_own_exit_sets_the_exit_code(run, script, tmp_path: Path):
    (tmp_path / "inner.ps1").write_text("exit 5\n")
    result = run("-File", script("& \"$PSScriptRoot/inner.ps1\"\n\"inner said $LASTEXITCODE\"\n"))
    assert (result.returncode, result.stdout) == (0, "inner said 5\n")


def test_confirm_fails_instead_of_waiting_when_non_interactive(run, tmp_path: Path):
    result = run("-NonInteractive", "-Command", "Set-Content ./c.txt -Value y -Confirm")
    assert "PowerShell is in NonInteractive mode." in result.stderr
    assert not (tmp_path / "c.txt").exists()
    assert result.returncode == 1
