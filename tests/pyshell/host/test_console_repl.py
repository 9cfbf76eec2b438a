"""The minimal interactive loop: continuation lines, Ctrl-C, Ctrl-D, exit, and no exception
ever ends it. A scripted `read` stands in for the keyboard; a recording session for the
runtime."""

from __future__ import annotations

from pyshell.host.console import TextHost
from pyshell.host.repl import CONTINUATION_PROMPT, PROMPT, is_incomplete, run_repl


class RecordingSession:
    def __init__(self, host, fail_on=()):
        self.host = host
        self.inputs = []
        self.fail_on = fail_on
        self.exit_requested = False

    def run(self, text, *, path=None, args=()):
        self.inputs.append(text)
        if text in self.fail_on:
            raise RuntimeError("a bug")
        if text.startswith("exit"):
            self.exit_requested = True
            return int(text.split()[1]) if len(text.split()) > 1 else 0
        self.host.write_line(f"ran {text!r}")
        return 0


def keyboard(*lines):
    prompts = []
    pending = list(lines)

    def read(prompt):
        prompts.append(prompt)
        if not pending:
            raise EOFError
        line = pending.pop(0)
        if isinstance(line, BaseException):
            raise line
        return line
    return read, prompts


def test_incomplete_input_asks_for_more_lines():
    assert is_incomplete("foreach ($i in 1..3) {")
    assert is_incomplete("Get-VM |")
    assert not is_incomplete("Get-VM")
    assert not is_incomplete("1 +)")  # invalid, not incomplete: run it to show the error


def test_a_multi_line_command_runs_once_complete():
    host = TextHost()
    session = RecordingSession(host)
    read, prompts = keyboard("foreach ($i in 1..3) {", "  $i", "}", "Get-VM")
    assert run_repl(session, host, read=read) == 0
    assert session.inputs == ["foreach ($i in 1..3) {\n  $i\n}", "Get-VM"]
    assert prompts == [PROMPT, CONTINUATION_PROMPT, CONTINUATION_PROMPT, PROMPT, PROMPT]


def test_ctrl_c_abandons_the_input_and_ctrl_d_leaves():
    host = TextHost()
    session = RecordingSession(host)
    read, _ = keyboard("if ($true) {", KeyboardInterrupt(), "1")
    assert run_repl(session, host, read=read) == 0
    assert session.inputs == ["1"]


def test_exit_leaves_with_its_code():
    host = TextHost()
    session = RecordingSession(host)
    read, _ = keyboard("exit 4", "never")
    assert run_repl(session, host, read=read) == 4
    assert session.inputs == ["exit 4"]


def test_an_internal_error_is_reported_and_the_loop_goes_on():
    host = TextHost()
    session = RecordingSession(host, fail_on=("boom",))
    read, _ = keyboard("boom", "after")
    assert run_repl(session, host, read=read, banner="pyshell 0.1.0") == 0
    assert host.text.startswith("pyshell 0.1.0\n")
    assert "InternalError: RuntimeError: a bug" in host.stderr
    assert "ran 'after'" in host.stdout


def test_blank_lines_run_nothing():
    host = TextHost()
    session = RecordingSession(host)
    read, _ = keyboard("", "   ")
    run_repl(session, host, read=read)
    assert session.inputs == []
