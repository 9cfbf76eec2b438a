"""The interactive shell through prompt_toolkit's pipe input and a dummy output: what the
buffer holds and what runs, never the rendered bytes."""

from __future__ import annotations

import threading
import time

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pyshell.host.completion import complete_text
from pyshell.host.interactive import InterruptGuard, run_command, run_interactive, toolbar_text
from pyshell.host.psreadline import BufferState, buffer_state, prompt_fragments


@pytest.fixture
def pipe():
    with create_pipe_input() as pipe_input:
        with create_app_session(input=pipe_input, output=DummyOutput()):
            yield pipe_input


def _drive(session, host, pipe, keys: str) -> int:
    pipe.send_text(keys)
    return run_interactive(session, host, history=None)


def test_incomplete_input_continues_and_complete_input_runs(session, host, pipe):
    code = _drive(session, host, pipe,
                  "foreach ($i in 1..3) {\r  $i * 10\r}\r\x04")
    assert code == 0
    assert host.output.split() == ["10", "20", "30"]


def test_invalid_input_still_runs_so_the_error_is_shown(session, host, pipe):
    _drive(session, host, pipe, "1 +* 2\r\x04")
    assert "ParserError" in host.stderr or "You must provide" in host.stderr


def test_ctrl_c_at_the_prompt_abandons_the_line(session, host, pipe):
    _drive(session, host, pipe, "Write-Output abandoned\x03Write-Output kept\r\x04")
    assert host.output.split() == ["kept"]


def test_exit_ends_the_loop_with_its_code(session, host, pipe):
    assert _drive(session, host, pipe, "exit 3\r") == 3


def test_buffer_states():
    assert buffer_state("if ($x) {") == BufferState.INCOMPLETE
    assert buffer_state("Get-VM |") == BufferState.INCOMPLETE
    assert buffer_state("'open") == BufferState.INCOMPLETE
    assert buffer_state("1 +* 2") == BufferState.INVALID
    assert buffer_state("Get-VM") == BufferState.COMPLETE


def test_prompt_marks_invalid_buffers():
    styles = [style for style, _ in prompt_fragments("/tmp", "1 +* 2")]
    assert "class:prompt.error" in styles
    assert "".join(t for _, t in prompt_fragments("/tmp", "Get-VM")) == "PS /tmp> "
    assert "class:prompt.error" not in [s for s, _ in prompt_fragments("/tmp", "if ($x) {")]


def test_completion_of_commands_parameters_enum_values_and_vm_names(session):
    session.invoke("New-VM -Name web1 -Generation 2 | Out-Null; New-VM -Name web2 | Out-Null")
    _, commands = complete_text(session, "Get-VMMe")
    assert [c for c, _ in commands] == ["Get-VMMemory", "Get-VMMemoryMap"]
    _, params = complete_text(session, "Set-VMMemory -MemoryEnc")
    assert [p for p, _ in params] == ["-MemoryEncryptionPolicy"]
    _, values = complete_text(session, "Set-VMMemory -MemoryEncryptionPolicy ")
    assert [v for v, _ in values] == ["Disabled", "EnabledIfSupported", "AlwaysEnabled"]
    _, names = complete_text(session, "Start-VM -Name we")
    assert [n for n, _ in names] == ["web1", "web2"]
    _, positional = complete_text(session, "Start-VM w")
    assert [n for n, _ in positional] == ["web1", "web2"]
    _, after_switch = complete_text(session, "Stop-VM -TurnOff web")
    assert [n for n, _ in after_switch] == ["web1", "web2"]
    _, spaced = complete_text(session, "Set-VMHostHardware -KeyAlgorithm AES-XTS-128")
    assert "'AES-XTS-128 with integrity'" in [v for v, _ in spaced]
    _, wild = complete_text(session, "Get-VM*Memory")
    assert "Get-VMMemory" in [w for w, _ in wild]


def test_completion_of_variables_and_members(session):
    session.invoke("$vmName = 'x'; $vm = New-VM -Name m1")
    word, found = complete_text(session, "$vmN")
    assert word == "$vmN" and [v for v, _ in found] == ["$vmName"]
    _, members = complete_text(session, "$vm.MemoryStar")
    assert "MemoryStartup" in [m for m, _ in members]


def test_ctrl_c_while_a_pipeline_runs_stops_it_and_runs_finally(session, host):
    # A stop request from another thread, as the SIGINT handler makes it.
    timer = threading.Timer(0.3, session.stop)
    timer.start()
    started = time.monotonic()
    run_command(session, host,
                "try { 1..100000000 | ForEach-Object { $_ } | Out-Null } "
                "finally { Write-Host 'cleaned up' }")
    timer.cancel()
    assert time.monotonic() - started < 30
    # output written while stopping is dropped, as in PowerShell; the host still shows text
    assert "cleaned up" in host.text
    # the session is still usable
    assert session.invoke("1 + 1") == [2]


def test_interrupt_guard_restores_the_previous_handler(session):
    import signal
    before = signal.getsignal(signal.SIGINT)
    with InterruptGuard(session):
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before


def test_progress_is_drawn_as_a_bar_and_erased_after():
    import io

    from pyshell.host.interactive import ReplHost
    from pyshell.runtime.stream_records import ProgressRecord, ProgressRecordType

    out, err = io.StringIO(), io.StringIO()
    host = ReplHost(out, err, width=80)
    host.write_progress(ProgressRecord("Copying", "file 1 of 2", percent_complete=50))
    drawn = err.getvalue()
    assert "Copying: file 1 of 2" in drawn and " 50%" in drawn
    assert "[" + "o" * 15 + " " * 15 + "]" in drawn
    host.write_line("text")          # text never lands on the bar's line
    assert err.getvalue().endswith("\r\x1b[2K")
    host.write_progress(ProgressRecord("Copying", record_type=ProgressRecordType.Completed))
    assert out.getvalue() == "text\n"


def test_toolbar_reports_the_host_once_it_exists(session):
    assert toolbar_text(session) == ""        # the prompt never creates the engine host
    session.invoke("New-VM -Name a -Generation 2 -MemoryStartupBytes 1GB | Out-Null; "
                   "Set-VMMemory a -MemoryEncryptionPolicy AlwaysEnabled; Start-VM a; "
                   "New-VM -Name b | Out-Null")
    assert toolbar_text(session) == "VMs running: 1 of 2  |  KeyIDs in use: 1 of 15"
