"""The pyshell command line: pwsh's flags, prefixes, usage errors and exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pyshell.cli import EXIT_USAGE, VERSION_LINE, CommandLine, UsageError, parse_arguments


def pyshell(*args: str, stdin: str = "", cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pyshell", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=cwd)


@pytest.mark.parametrize("flag", ["-Command", "-command", "-c", "-com", "--command", "-COMMAND"])
def test_command_flag_accepts_case_and_unique_prefixes(flag):
    assert parse_arguments([flag, "Get-VM"]).command == "Get-VM"


def test_the_rest_of_the_line_is_the_command_text():
    assert parse_arguments(["-c", "Write-Output", "a", "b"]).command == "Write-Output a b"


def test_command_dash_means_standard_input():
    assert parse_arguments(["-Command", "-"]).command == "-"


@pytest.mark.parametrize("flag", ["-File", "-f", "-fi", "-FILE"])
def test_file_flag_takes_the_script_and_its_arguments(flag):
    line = parse_arguments([flag, "s.ps1", "-Name", "web1", "-Count", "3"])
    assert line.file == "s.ps1"
    assert line.args == ("-Name", "web1", "-Count", "3")


def test_a_bare_script_path_is_a_file():
    line = parse_arguments(["-NoProfile", "s.ps1", "x"])
    assert (line.file, line.args, line.no_profile) == ("s.ps1", ("x",), True)


@pytest.mark.parametrize("args, field", [
    (["-NoProfile"], "no_profile"), (["-nop"], "no_profile"),
    (["-NonInteractive"], "non_interactive"), (["-noni"], "non_interactive"),
    (["-NoLogo"], "no_logo"), (["-nol"], "no_logo"), (["-NoExit"], "no_exit"),
    (["-Version"], "version"), (["-v"], "version"),
    (["-Help"], "help"), (["-h"], "help"), (["-?"], "help"),
])
def test_switches(args, field):
    assert getattr(parse_arguments(args), field) is True


def test_execution_policy_is_accepted_and_ignored():
    assert parse_arguments(["-ExecutionPolicy", "Bypass", "-c", "1"]) == CommandLine(command="1")


@pytest.mark.parametrize("args", [["-Bogus"], ["-no"], ["-c"], ["-File"], ["-ExecutionPolicy"]])
def test_unusable_command_lines_are_refused(args):
    with pytest.raises(UsageError):
        parse_arguments(args)


def test_no_arguments_asks_for_nothing():
    assert parse_arguments([]) == CommandLine()


def test_version_prints_one_line():
    result = pyshell("-Version")
    assert result.returncode == 0
    assert result.stdout == VERSION_LINE + "\n"
    assert result.stdout.startswith("pyshell 0.1.0 (PowerShell 7.4")


def test_help_prints_usage():
    result = pyshell("-?")
    assert result.returncode == 0 and result.stdout.startswith("Usage: pyshell")


def test_an_unknown_flag_exits_64_with_pwsh_message():
    result = pyshell("-Bogus")
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("The argument '-Bogus' is not recognized as the name of a "
                                    "script file.")
    assert "Traceback" not in result.stderr


def test_a_missing_script_exits_64(tmp_path):
    result = pyshell("-File", str(tmp_path / "missing.ps1"))
    assert result.returncode == EXIT_USAGE
    assert "is not recognized as the name of a script file" in result.stderr


def test_a_script_must_be_a_ps1_file(tmp_path):
    path = tmp_path / "script.txt"
    path.write_text("1")
    result = pyshell("-File", str(path))
    assert result.returncode == EXIT_USAGE
    assert "does not have a '.ps1' extension" in result.stderr



@pytest.mark.parametrize("flag", ["-EncodedCommand", "-e", "-ec", "-enc"])
def test_encoded_command_is_base64_of_utf16(flag):
    import base64

    encoded = base64.b64encode("Get-VM | Format-List".encode("utf-16-le")).decode()
    assert parse_arguments([flag, encoded]).command == "Get-VM | Format-List"


def test_a_badly_encoded_command_is_refused():
    with pytest.raises(UsageError):
        parse_arguments(["-ec", "not base64!"])


def test_execution_policy_prefix_is_not_encoded_command():
    assert parse_arguments(["-ex", "Bypass", "-nop"]) == CommandLine(no_profile=True)
