"""Console hosts: what goes to which stream, in which order, with which prefix."""

from __future__ import annotations

import io

import pytest

from pyshell.host.console import (
    NON_INTERACTIVE_MESSAGE, ConsoleHost, StreamHost, TextHost,
)
from pyshell.runtime.errors import PSInvalidOperationException


def _write_everything(host):
    host.write("a")
    host.write_line("b")
    host.write_error_line("Get-VM: nope")
    host.write_warning_line("careful")
    host.write_verbose_line("chatty")
    host.write_debug_line("deep")
    host.write_information_line("info")
    host.write_progress(object())


def test_text_host_keeps_the_console_in_order_with_pwsh_prefixes():
    host = TextHost()
    _write_everything(host)
    assert host.text == ("ab\nGet-VM: nope\nWARNING: careful\nVERBOSE: chatty\n"
                         "DEBUG: deep\ninfo\n")


def test_text_host_splits_stdout_and_stderr_as_pwsh_does_when_redirected():
    host = TextHost()
    _write_everything(host)
    assert host.stderr == "Get-VM: nope\n"
    assert host.stdout == "ab\nWARNING: careful\nVERBOSE: chatty\nDEBUG: deep\ninfo\n"


def test_text_host_output_is_only_output_and_host_text():
    host = TextHost()
    _write_everything(host)
    assert host.output == "ab\ninfo\n"


def test_text_since_a_mark_is_what_came_after_it():
    host = TextHost()
    host.write_line("before")
    mark = host.mark()
    host.write_warning_line("after")
    assert host.text_since(mark) == "WARNING: after\n"


def test_text_host_has_the_console_defaults():
    host = TextHost()
    assert (host.width, host.color, host.interactive) == (120, False, False)
    assert isinstance(host, ConsoleHost)


def test_a_prompt_without_input_fails_instead_of_hanging():
    with pytest.raises(PSInvalidOperationException) as info:
        TextHost().read_line("Name: ")
    assert str(info.value) == NON_INTERACTIVE_MESSAGE


def test_scripted_input_answers_prompts_and_is_echoed():
    host = TextHost(input_lines=["web1"])
    assert host.read_line("Name: ") == "web1"
    assert host.text == "Name: web1\n"


def test_stream_host_sends_errors_to_stderr_and_the_rest_to_stdout():
    out, err = io.StringIO(), io.StringIO()
    host = StreamHost(out, err, io.StringIO())
    _write_everything(host)
    assert err.getvalue() == "Get-VM: nope\n"
    assert out.getvalue().startswith("ab\nWARNING: careful\n")


def test_stream_host_is_120_wide_without_colour_when_not_a_terminal():
    host = StreamHost(io.StringIO(), io.StringIO(), io.StringIO())
    assert host.width == 120 and host.color is False
    assert isinstance(host, ConsoleHost)


def test_stream_host_reads_a_line_and_fails_at_end_of_input():
    out = io.StringIO()
    host = StreamHost(out, io.StringIO(), io.StringIO("yes\r\n"))
    assert host.read_line("Continue? ") == "yes"
    assert out.getvalue() == "Continue? "
    with pytest.raises(PSInvalidOperationException):
        host.read_line("Again? ")


def test_stream_host_never_prompts_when_non_interactive():
    host = StreamHost(io.StringIO(), io.StringIO(), io.StringIO("yes\n"), non_interactive=True)
    with pytest.raises(PSInvalidOperationException):
        host.read_line("Continue? ")
