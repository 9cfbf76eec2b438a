from __future__ import annotations

from pyshell.formatting.errorview import render_error, render_parse_error
from pyshell.language.ast import Extent
from pyshell.language.errors import ParseError, ParseErrorDetail
from pyshell.runtime.errors import ErrorCategory, ErrorRecord, InvocationInfo, RuntimeException


def _record(source, start, end, command="Write-Error", single=False, message="Bad"):
    extent = Extent(None, start, end, 1, start + 1, 1, end + 1, source)
    info = InvocationInfo(my_command=command, extent=extent, interactive_single_line=single)
    return ErrorRecord(RuntimeException(message), "X", ErrorCategory.NotSpecified, None, info)


def test_single_line_input_gives_one_line():
    assert render_error(_record("Write-Error Bad", 0, 15, single=True)) == ["Write-Error: Bad"]


def test_script_input_gives_the_location_block():
    lines = render_error(_record("Write-Error Bad", 0, 15))
    assert lines == ["Write-Error:", "Line |", "   1 |  Write-Error Bad",
                     "     |  ~~~~~~~~~~~~~~~", "     | Bad"]


def test_long_messages_wrap_with_the_bar():
    lines = render_error(_record("x", 0, 1, message="word " * 30), width=40)
    assert all(len(line) <= 40 for line in lines)
    assert all(line.startswith("     | ") for line in lines[4:])


def test_reason_falls_back_to_category():
    record = ErrorRecord(RuntimeException("boom"), "X", ErrorCategory.InvalidOperation)
    assert render_error(record) == ["InvalidOperation: boom"]


def test_parse_error_block():
    source = "$x = 1 +"
    extent = Extent("/s/bad.ps1", 8, 8, 1, 9, 1, 9, source)
    error = ParseError([ParseErrorDetail("ExpectedValueExpression",
                                         "You must provide a value expression following the '+' operator.",
                                         extent)])
    assert render_parse_error(error) == [
        "ParserError: /s/bad.ps1:1", "Line |", "   1 |  $x = 1 +", "     |          ~",
        "     | You must provide a value expression following the '+' operator."]
