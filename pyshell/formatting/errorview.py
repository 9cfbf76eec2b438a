"""PowerShell 7's ConciseView of error records and parse errors (powershell-semantics.md
§2.1, powershell-parsing.md §6.4).

Interactive single-line input gets one line, `Reason: message`. Scripts and multi-line
input get the location block:

    Reason: path:line
    Line |
       3 |  $hash1 + $hash2
         |  ~~~~~~~~~~~~~~~
         | message, word-wrapped at the width
"""

from __future__ import annotations

from typing import Any, Optional

from pyshell.formatting.text import word_wrap

__all__ = ["error_reason", "render_error", "render_parse_error", "wrap_words"]

_BAR = "     | "


def wrap_words(text: str, width: int) -> list[str]:
    """Word-wrap one paragraph to `width` cells; a word longer than the width is split."""
    return word_wrap(text, max(1, width))


def error_reason(record: Any) -> str:
    """What ConciseView puts before the colon, in PowerShell's order: `Exception` for
    `throw`, an explicit reason, the failing command, the name it was invoked by (a command
    that was not found), the category, the exception's type."""
    exception = getattr(record, "exception", None)
    if getattr(exception, "was_thrown_from_throw_statement", False):
        return "Exception"
    activity = getattr(record, "activity", "")
    if activity:
        return str(activity)
    info = getattr(record, "invocation_info", None)
    command = getattr(info, "my_command", None) if info is not None else None
    if command:
        return str(command)
    dotnet = getattr(type(exception), "dotnet_name", "") if exception is not None else ""
    target = getattr(record, "target_object", None)
    if dotnet.endswith(".CommandNotFoundException") and isinstance(target, str) and target:
        # InvocationName: the name the user typed.
        return target
    category = getattr(record, "category", None)
    name = getattr(category, "name", None)
    if name and name != "NotSpecified":
        return str(name)
    return dotnet.rsplit(".", 1)[-1] if dotnet else "Error"


def _message(record: Any) -> str:
    message = getattr(record, "message", None)
    if message is None:
        message = str(record)
    return str(message)


def _location_block(reason: str, extent: Any, message: str, width: int,
                    script_name: Optional[str]) -> list[str]:
    line_no = int(getattr(extent, "start_line", 1) or 1)
    source = getattr(extent, "source", "") or ""
    source_lines = source.replace("\r\n", "\n").split("\n")
    code = source_lines[line_no - 1] if 0 < line_no <= len(source_lines) else ""
    code = code.replace("\t", "    ").rstrip()
    start_col = max(1, int(getattr(extent, "start_column", 1) or 1))
    end_line = int(getattr(extent, "end_line", line_no) or line_no)
    end_col = int(getattr(extent, "end_column", start_col) or start_col)
    if end_line != line_no:
        end_col = len(code) + 1
    tildes = max(1, end_col - start_col)
    digits = max(4, len(str(line_no)))
    where = f"{script_name}:{line_no}" if script_name else ""
    out = [f"{reason}: {where}".rstrip()]
    out.append(" " * (digits - 4) + "Line |")
    out.append(f"{line_no:>{digits}} |  {code}".rstrip())
    bar = " " * digits + " | "
    out.append(bar + " " + " " * (start_col - 1) + "~" * tildes)
    flat = " ".join(message.replace("\r\n", "\n").replace("\t", " ").split("\n"))
    for piece in wrap_words(flat, width - len(bar)):
        out.append((bar + piece).rstrip())
    return out


def _recommendation(record: Any) -> list[str]:
    action = getattr(record, "recommended_action", "") or ""
    return [f"  Recommendation: {action}"] if action.strip() else []


def render_error(record: Any, width: int = 120, *,
                 interactive_single_line: Optional[bool] = None) -> list[str]:
    """The ConciseView lines of an ErrorRecord.

    One line for an error on the first line of console input (interactive or -Command); the
    location block, message word-wrapped, for script files and later lines of multi-line
    input — PowerShell's own ConciseView rule (`ScriptName -or ScriptLineNumber -gt 1`).
    """
    reason = error_reason(record)
    message = _message(record)
    info = getattr(record, "invocation_info", None)
    extent = getattr(info, "extent", None) if info is not None else None
    script_name = (getattr(info, "script_name", None) or getattr(extent, "file", None)) \
        if extent is not None else None
    if interactive_single_line is None:
        # PowerShell's ConciseView shows where only for a script file or a line after the
        # first of console input (`$myinv.ScriptName -or $myinv.ScriptLineNumber -gt 1`),
        # whether the console is interactive or runs -Command.
        line_number = int(getattr(extent, "start_line", 1) or 1) if extent is not None else 1
        interactive_single_line = not script_name and line_number <= 1
    detailed = extent is not None and bool(getattr(extent, "source", "")) \
        and not str(script_name or "").endswith(".psm1")
    if interactive_single_line or not detailed:
        lines = message.replace("\r\n", "\n").split("\n")
        return [f"{reason}: {lines[0]}".rstrip()] + [line.rstrip() for line in lines[1:]] \
            + _recommendation(record)
    return _location_block(reason, extent, message, width, script_name) \
        + _recommendation(record)


def render_parse_error(parse_error: Any, width: int = 120,
                       script_name: Optional[str] = None) -> list[str]:
    """The `ParserError:` block of the first error of a `ParseError`."""
    errors = getattr(parse_error, "errors", None) or (parse_error,)
    first = errors[0]
    extent = first.extent
    script_name = script_name or getattr(extent, "file", None)
    return _location_block("ParserError", extent, first.message, width, script_name)
