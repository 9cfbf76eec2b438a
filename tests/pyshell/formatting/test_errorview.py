from __future__ import annotations

from attrs import evolve

from pyshell.formatting.errorview import render_error, render_parse_error
from pyshell.language.ast import Extent
from pyshell.language.errors import ParseError, ParseErrorDetail
from pyshell.runtime.errors import (
    CommandNotFoundException, ErrorCategory, ErrorRecord, InvocationInfo, RuntimeException,
)


def _record(source, start, end, command="Write-Error", single=False, message="Bad",
            file=None, line=1):
    extent = Extent(file, start, end, line, start + 1, line, end + 1, source)
    info = InvocationInfo(my_command=command, extent=extent, script_name=file,
                          interactive_single_line=single)
    return ErrorRecord(RuntimeException(message), "X", ErrorCategory.NotSpecified, None, info)


def test_single_line_input_gives_one_line():
    assert render_error(_record("Write-Error Bad", 0, 15, single=True)) == ["Write-Error: Bad"]


def test_script_files_give_the_location_block():
    lines = render_error(_record("Write-Error Bad", 0, 15, file="/s/a.ps1"))
    assert lines == ["Write-Error: /s/a.ps1:1", "Line |", "   1 |  Write-Error Bad",
                     "     |  ~~~~~~~~~~~~~~~", "     | Bad"]


def test_the_first_line_of_console_input_gives_one_line_even_without_a_console():
    # PowerShell's rule is `ScriptName -or ScriptLineNumber -gt 1`, not interactivity.
    assert render_error(_record("Write-Error Bad", 0, 15)) == ["Write-Error: Bad"]


def test_multi_line_input_gives_the_block_without_a_path():
    lines = render_error(_record("1\nWrite-Error Bad", 2, 17, line=2))
    assert lines[:3] == ["Write-Error:", "Line |", "   2 |  Write-Error Bad"]


def test_long_messages_wrap_with_the_bar():
    lines = render_error(_record("x", 0, 1, message="word " * 30, line=2), width=40)
    assert all(len(line) <= 40 for line in lines)
    assert all(line.startswith("     | ") for line in lines[4:])


def test_reason_falls_back_to_category_then_type():
    record = ErrorRecord(RuntimeException("boom"), "X", ErrorCategory.InvalidOperation)
    assert render_error(record) == ["InvalidOperation: boom"]
    assert render_error(evolve(record, category=ErrorCategory.NotSpecified)) == \
        ["RuntimeException: boom"]


def test_command_not_found_is_reported_under_the_name_typed():
    record = ErrorRecord(CommandNotFoundException("The term 'foo' is not recognized.\nCheck."),
                         "CommandNotFoundException", ErrorCategory.ObjectNotFound, "foo")
    assert render_error(record) == ["foo: The term 'foo' is not recognized.", "Check."]


def test_recommended_action_follows_the_message():
    record = evolve(_record("x", 0, 1, single=True), recommended_action="Try again.")
    assert render_error(record)[-1] == "  Recommendation: Try again."


def test_parse_error_block():
    source = "$x = 1 +"
    extent = Extent("/s/bad.ps1", 8, 8, 1, 9, 1, 9, source)
    error = ParseError([ParseErrorDetail("ExpectedValueExpression",
                                         "You must provide a value expression following the '+' operator.",
                                         extent)])
    assert render_parse_error(error) == [
        "ParserError: /s/bad.ps1:1", "Line |", "   1 |  $x = 1 +", "     |          ~",
        "     | You must provide a value expression following the '+' operator."]
