"""The tokenizer's foundation: character classes, the scan position and error reporting.

`TokenizerCore` holds the state every scanner shares (text, position, end, errors); the
scanners are built on it, one module each (tokenizer_strings, tokenizer_numbers), and
composed into `Tokenizer` in tokenizer.py.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from pyshell.language.errors import ParseErrorDetail
from pyshell.language.tokens import SourceText, Token, TokenKind

__all__ = ["TokenizerCore", "WHITESPACE", "FORCE_START", "FORCE_START_AFTER_NUMBER", "DASHES",
           "SINGLE_QUOTES", "DOUBLE_QUOTES", "QUOTES", "match_end", "only_trivia_after",
           "line_end"]

# Character classes (CharTraits.cs). U+2028/2029 are whitespace, not newlines.
WHITESPACE = frozenset(" \t\v\f\xa0\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                       "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# Characters that end any bareword or number in every mode.
FORCE_START = WHITESPACE | frozenset("\0\r\n&(),;{|}")
# In expression mode a number may also end at these.
FORCE_START_AFTER_NUMBER = frozenset("!#%*+-./<=>]\u2013\u2014\u2015")
DASHES = frozenset("-\u2013\u2014\u2015")
SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")
DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e')
QUOTES = SINGLE_QUOTES | DOUBLE_QUOTES


def match_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
    """Where a pattern that always matches (it ends in `*`) stops."""
    m = pattern.match(text, start, end)
    return m.end() if m else start


def only_trivia_after(text: str, offset: int) -> bool:
    """True when only non-newline whitespace and comments follow `offset` (PowerShell's
    'at end of script' test for incomplete input)."""
    n = len(text)
    i = offset
    while i < n:
        c = text[i]
        if c in WHITESPACE:
            i += 1
        elif c == "#":
            return False if line_end(text, i) < n else True
        elif c == "<" and text.startswith("<#", i):
            j = text.find("#>", i + 2)
            if j < 0:
                return True
            i = j + 2
        else:
            return False
    return True


def line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    k = text.find("\r", i, j if j >= 0 else len(text))
    if k >= 0:
        return k
    return j if j >= 0 else len(text)


class TokenizerCore:
    """Scan state of one tokenizer: `text[start:end]`, the position, errors and comments."""

    def __init__(self, text: str, file: Optional[str] = None, start: int = 0,
                 end: Optional[int] = None, source: Optional[SourceText] = None) -> None:
        self.text = text
        self.src = source if source is not None else SourceText(text, file)
        self.pos = start
        self.end = len(text) if end is None else end
        self.errors: list[ParseErrorDetail] = []
        self.requires: dict[int, str] = {}
        self.comments: dict[int, Token] = {}
        self.keep_comments = False
        # Inside ternary branches `?` and `:` also end numbers.
        self.in_ternary = False

    def reset(self, offset: int) -> None:
        self.pos = offset

    def _tok(self, kind: TokenKind, start: int, end: int, value: Any = None) -> Token:
        return Token(kind, self.text[start:end], start, end, value, self.src)

    def error(self, error_id: str, message: str, start: int, end: int,
              incomplete: bool = False) -> None:
        # Unterminated constructs are incomplete input only when they run to the end of the
        # whole text (not just to the end of a `$( )` re-parsed inside a string).
        if incomplete:
            incomplete = only_trivia_after(self.text, end)
        self.errors.append(ParseErrorDetail(error_id, message, self.src.extent(start, end),
                                            incomplete))

    def at_terminator(self, i: int) -> bool:
        return i >= self.end or self.text[i] in FORCE_START
