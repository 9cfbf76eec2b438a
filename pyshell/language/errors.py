"""Parse errors: every problem found in one parse, each with PowerShell's id, text and extent."""

from __future__ import annotations

import enum

from attrs import frozen

from pyshell.language.ast import Extent

__all__ = ["ParseErrorKind", "ParseErrorDetail", "ParseError"]


class ParseErrorKind(enum.Enum):
    # INCOMPLETE: the text ended inside a construct (unclosed `{ ( "`, here-string, trailing
    # `|` or backtick); more lines could make it valid, so the REPL asks for them.
    INCOMPLETE = "incomplete"
    INVALID = "invalid"


@frozen
class ParseErrorDetail:
    """One parse error: `error_id` is PowerShell's (`MissingEndCurlyBrace`), `message` its text."""

    error_id: str
    message: str
    extent: Extent
    incomplete: bool = False


class ParseError(Exception):
    """Raised by `parse` with every error found; `kind` is INCOMPLETE only when all are."""

    def __init__(self, errors: list[ParseErrorDetail] | tuple[ParseErrorDetail, ...]) -> None:
        self.errors: tuple[ParseErrorDetail, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ParseError needs at least one error")
        super().__init__(self.errors[0].message)

    @property
    def kind(self) -> ParseErrorKind:
        # PowerShell's "incomplete input" test: the first error is at end of input and says so.
        return ParseErrorKind.INCOMPLETE if self.errors[0].incomplete else ParseErrorKind.INVALID

    @property
    def error_id(self) -> str:
        return self.errors[0].error_id

    @property
    def extent(self) -> Extent:
        return self.errors[0].extent

    @property
    def message(self) -> str:
        return self.errors[0].message
