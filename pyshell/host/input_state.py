"""Is console input ready to run? Both interactive loops ask the parser the same question.

Complete input runs; incomplete input (an open `{`, string or here-string, a trailing `|` or
backtick) waits for more lines; invalid input runs too, so that its error is shown. Light on
purpose: the plain loop for piped input must not load the line editor to ask.
"""

from __future__ import annotations

__all__ = ["BufferState", "buffer_state"]


class BufferState:
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    INVALID = "invalid"


def buffer_state(text: str) -> str:
    """Whether the text parses, needs more lines, or is wrong (and will run to show why)."""
    from pyshell.language import ParseError, ParseErrorKind, parse

    try:
        parse(text)
    except ParseError as error:
        return BufferState.INCOMPLETE if error.kind is ParseErrorKind.INCOMPLETE \
            else BufferState.INVALID
    except Exception:  # a parser bug must not trap the user in continuation lines
        return BufferState.INVALID
    return BufferState.COMPLETE
