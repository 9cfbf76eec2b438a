"""The mode-aware PowerShell tokenizer (a port of the structure of engine/parser/tokenizer.cs).

The parser drives it: it sets the mode for every token it asks for (`next_token(mode)`), may
rewind it (`reset(offset)`) to rescan a token in another mode, and uses the special entry points
that PowerShell has for places where whitespace matters (`member_access_operator`,
`invoke_open_paren`, `verbatim_argument`). Nothing is tokenized ahead of the parser.

`tokenize(text)` is the separate, never-raising entry point for syntax highlighting.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from pyshell.language.errors import ParseErrorDetail
from pyshell.language.tokens import DASH_OPERATORS, KEYWORDS, Mode, SourceText, Token, TokenKind

__all__ = ["Tokenizer", "tokenize", "WHITESPACE", "FORCE_START", "DASHES", "SINGLE_QUOTES",
           "DOUBLE_QUOTES", "only_trivia_after"]

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
# Where a command-mode parameter name stops.
_PARAM_STOP = WHITESPACE | frozenset("\r\n{}();,|&.[")
# After a command-mode variable, these let it stay a variable; anything else makes a bareword.
_VAR_END_COMMAND = FORCE_START | frozenset(".[=")
# `.` in command mode is the dot-source operator when followed by one of these.
_DOT_SOURCE_NEXT = FORCE_START | frozenset("$") | QUOTES

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t", "v": "\v"}

_IDENT = re.compile(r"\w+")
_VAR_REST = re.compile(r"(?:[\w?]|:(?!:))*")
_ASCII_LETTERS = re.compile(r"[A-Za-z]*")
_DIGITS = re.compile(r"[0-9]*")
_HEX = re.compile(r"[0-9a-fA-F]*")
_BIN = re.compile(r"[01]*")
_SQ_CHUNK = re.compile("[^'\u2018\u2019\u201a\u201b]*")
_DQ_CHUNK = re.compile('[^"\u201c\u201d\u201e`$]*')
_HERE_CHUNK = re.compile("[^`$]*")
_GENERIC_CHUNK = re.compile("[^\\s\0&(),;{|}`'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e$]*")

_SCOPE_PREFIXES = frozenset(("global", "local", "script", "private", "variable", "using",
                             "workflow"))

_INT_RANGES = {
    "": None, "l": (-(1 << 63), (1 << 63) - 1), "s": (-(1 << 15), (1 << 15) - 1),
    "y": (-128, 127), "u": (0, (1 << 64) - 1), "us": (0, 0xFFFF), "ul": (0, (1 << 64) - 1),
    "uy": (0, 255), "n": None,
}
_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_DECIMAL_MAX = (1 << 96) - 1
# Hex/binary digit counts at which the top bit is a sign bit, per suffix.
_HEX_SIGN_DIGITS = {"": (8, 16), "l": (16,), "s": (4,), "y": (2,), "n": ()}

MSG_VAR_INVALID = ("Variable reference is not valid. '$' was not followed by a valid variable "
                   "name character. Consider using ${} to delimit the name.")
MSG_VAR_INVALID_DRIVE = ("Variable reference is not valid. ':' was not followed by a valid "
                         "variable name character. Consider using ${} to delimit the name.")


def _match_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int:
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
            return False if _line_end(text, i) < n else True
        elif c == "<" and text.startswith("<#", i):
            j = text.find("#>", i + 2)
            if j < 0:
                return True
            i = j + 2
        else:
            return False
    return True


def _line_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    k = text.find("\r", i, j if j >= 0 else len(text))
    if k >= 0:
        return k
    return j if j >= 0 else len(text)


class Tokenizer:
    """Lexes `text[start:end]` one token at a time in the mode the parser asks for."""

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

    # ------------------------------------------------------------------ infrastructure

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

    # ------------------------------------------------------------------ main entry point

    def next_token(self, mode: Mode, signed: bool = False) -> Token:
        """The next token in `mode`; `signed` lets `-5`/`+5` lex as one number."""
        text = self.text
        n = self.end
        while True:
            i = self.pos
            if i >= n:
                return Token(TokenKind.EOF, "", n, n, None, self.src)
            c = text[i]
            if c in WHITESPACE:
                i += 1
                while i < n and text[i] in WHITESPACE:
                    i += 1
                self.pos = i
                continue
            if c == "\n" or c == "\r":
                j = i + 2 if c == "\r" and i + 1 < n and text[i + 1] == "\n" else i + 1
                self.pos = j
                return self._tok(TokenKind.NEWLINE, i, j)
            if c == "#":
                j = min(_line_end(text, i), n)
                self._comment(i, j)
                self.pos = j
                if self.keep_comments:
                    return self._tok(TokenKind.COMMENT, i, j)
                continue
            if c == "<" and i + 1 < n and text[i + 1] == "#":
                j = text.find("#>", i + 2, n)
                if j < 0:
                    self.error("MissingTerminatorMultiLineComment",
                               "The terminator '#>' is missing from the multiline comment.",
                               i, n, True)
                    j = n
                else:
                    j += 2
                self._comment(i, j)
                self.pos = j
                if self.keep_comments:
                    return self._tok(TokenKind.COMMENT, i, j)
                continue
            if c == "`":
                if i + 1 >= n:
                    self.error("IncompleteString", "Incomplete string token.", i, n, True)
                    self.pos = n
                    continue
                d = text[i + 1]
                if d == "\n":
                    self.pos = i + 2
                    continue
                if d == "\r":
                    self.pos = i + 3 if i + 2 < n and text[i + 2] == "\n" else i + 2
                    continue
                if d in WHITESPACE:
                    self.pos = i + 2
                    continue
                return self._scan_generic(i, mode)
            if mode is Mode.TYPE_NAME and c not in "[](),=#<":
                # Inside `[ ]` every other character belongs to a type name (`[0]` names a
                # type "0"; whether it exists is the runtime's question).
                return self._scan_type_name(i)
            handler = _DISPATCH.get(c)
            if handler is not None:
                result: Token = handler(self, i, mode, signed)
                return result
            if c.isalpha() or c == "_":
                return self._scan_identifier(i, mode)
            return self._scan_generic(i, mode)

    def _comment(self, i: int, j: int) -> None:
        text = self.text
        if self.keep_comments:
            self.comments[i] = self._tok(TokenKind.COMMENT, i, j)
        if j - i >= 9 and text[i] == "#" and text[i + 1:i + 9].lower() == "requires" and (
                j == i + 9 or text[i + 9] in WHITESPACE):
            self.requires[i] = text[i + 9:j].strip()

    # ------------------------------------------------------------------ special entry points

    def member_access_operator(self) -> Optional[Token]:
        """`.`, `::`, `?.`, `?[` or `[` directly after the previous token (block comments may
        sit between), else None without moving."""
        text = self.text
        n = self.end
        i = self.pos
        while i + 1 < n and text[i] == "<" and text[i + 1] == "#":
            j = text.find("#>", i + 2, n)
            if j < 0:
                return None
            i = j + 2
        if i >= n:
            return None
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "." and nxt != ".":
            self.pos = i + 1
            return self._tok(TokenKind.DOT, i, i + 1)
        if c == ":" and nxt == ":":
            self.pos = i + 2
            return self._tok(TokenKind.COLONCOLON, i, i + 2)
        if c == "[":
            self.pos = i + 1
            return self._tok(TokenKind.LBRACKET, i, i + 1)
        if c == "?" and nxt == ".":
            self.pos = i + 2
            return self._tok(TokenKind.QUESTION_DOT, i, i + 2)
        if c == "?" and nxt == "[":
            self.pos = i + 2
            return self._tok(TokenKind.QUESTION_LBRACKET, i, i + 2)
        return None

    def invoke_open_paren(self) -> Optional[Token]:
        """`(` or `{` directly adjacent to the previous token (a method call), else None."""
        i = self.pos
        if i < self.end:
            c = self.text[i]
            if c == "(":
                self.pos = i + 1
                return self._tok(TokenKind.LPAREN, i, i + 1)
            if c == "{":
                self.pos = i + 1
                return self._tok(TokenKind.LCURLY, i, i + 1)
        return None

    def verbatim_argument(self) -> Optional[Token]:
        """The raw rest of the line after `--%`, up to an unquoted `|` or `&&`."""
        text = self.text
        n = self.end
        i = self.pos
        while i < n and text[i] in WHITESPACE:
            i += 1
        j = i
        quoted = False
        while j < n:
            c = text[j]
            if c == "\r" or c == "\n":
                break
            if c == '"':
                quoted = not quoted
            elif not quoted and (c == "|" or (c == "&" and j + 1 < n and text[j + 1] == "&")):
                break
            j += 1
        if j == i:
            return None
        self.pos = j
        return self._tok(TokenKind.GENERIC, i, j, text[i:j])

    # ------------------------------------------------------------------ words

    def _scan_identifier(self, i: int, mode: Mode) -> Token:
        j = max(_match_end(_IDENT, self.text, i, self.end), i + 1)
        if mode is Mode.TYPE_NAME:
            return self._scan_type_name(i)
        if mode is Mode.EXPRESSION:
            self.pos = j
            return self._tok(TokenKind.IDENTIFIER, i, j)
        if not self.at_terminator(j):
            return self._scan_generic(i, mode)
        self.pos = j
        low = self.text[i:j].lower()
        if low in KEYWORDS:
            return self._tok(TokenKind.KEYWORD, i, j, low)
        return self._tok(TokenKind.IDENTIFIER, i, j)

    def _scan_type_name(self, i: int) -> Token:
        text = self.text
        n = self.end
        j = i
        while j < n:
            c = text[j]
            if c in "[](),=" or c in WHITESPACE or c == "\r" or c == "\n":
                break
            if c == "`" and j + 1 < n:
                j += 2
                continue
            j += 1
        j = max(j, i + 1)
        self.pos = j
        return self._tok(TokenKind.IDENTIFIER, i, j)

    def _scan_generic(self, start: int, mode: Mode) -> Token:
        """A bareword up to the next ForceStartNewToken char, with quotes, escapes and `$`
        expansions processed inside it."""
        text = self.text
        n = self.end
        buf: list[str] = []
        parts: list[Any] = []
        i = start
        while i < n:
            j = _match_end(_GENERIC_CHUNK, text, i, n)
            if j > i:
                buf.append(text[i:j])
                i = j
                if i >= n:
                    break
            c = text[i]
            if c in FORCE_START:
                break
            if c == "`":
                if i + 1 >= n:
                    self.error("IncompleteString", "Incomplete string token.", i, n, True)
                    i = n
                    break
                i = self._escape(i, n, buf)
                continue
            if c in SINGLE_QUOTES:
                value, i = self._single_quoted_body(i)
                buf.append(value)
                continue
            if c in DOUBLE_QUOTES:
                i = self._dq_body(i + 1, n, buf, parts, here=False, quoted=True)
                continue
            if c == "$":
                i = self._dollar_in_string(i, n, buf, parts, in_dq=False)
                continue
            buf.append(c)
            i += 1
        if i == start:
            # A lone char that could not start anything else (never happens for valid input,
            # but keeps the lexer moving).
            i = start + 1
            buf.append(text[start])
        self.pos = i
        if parts:
            if buf:
                parts.append("".join(buf))
            return self._tok(TokenKind.GENERIC_EXPANDABLE, start, i, parts)
        return self._tok(TokenKind.GENERIC, start, i, "".join(buf))

    # ------------------------------------------------------------------ strings

    def _single_quoted_body(self, i: int) -> tuple[str, int]:
        """Content of `'...'` starting at the quote; returns (value, offset after it)."""
        text = self.text
        n = self.end
        j = i + 1
        chunks = []
        while True:
            k = _match_end(_SQ_CHUNK, text, j, n)
            chunks.append(text[j:k])
            if k >= n:
                self.error("TerminatorExpectedAtEndOfString",
                           "The string is missing the terminator: '.", i, n, True)
                return "".join(chunks), n
            if k + 1 < n and text[k + 1] in SINGLE_QUOTES:
                chunks.append(text[k])
                j = k + 2
                continue
            return "".join(chunks), k + 1

    def _scan_single_quoted(self, i: int, mode: Mode, signed: bool) -> Token:
        value, j = self._single_quoted_body(i)
        self.pos = j
        return self._tok(TokenKind.STRING_LITERAL, i, j, value)

    def _scan_double_quoted(self, i: int, mode: Mode, signed: bool) -> Token:
        buf: list[str] = []
        parts: list[Any] = []
        j = self._dq_body(i + 1, self.end, buf, parts, here=False, quoted=True, open_at=i)
        self.pos = j
        if parts:
            if buf:
                parts.append("".join(buf))
            return self._tok(TokenKind.STRING_EXPANDABLE, i, j, parts)
        return self._tok(TokenKind.STRING_EXPANDABLE, i, j, ["".join(buf)] if buf else [])

    def _dq_body(self, i: int, limit: int, buf: list[str], parts: list[Any], here: bool,
                 quoted: bool, open_at: int = -1) -> int:
        """Scan expandable text from i; literal text goes to `buf`, expansions are flushed to
        `parts` as ('var', path, braced, start, end) / ('sub', start, end, inner_start, inner,
        closed). Returns the offset after the closing quote (or `limit` for here-strings)."""
        text = self.text
        chunk = _HERE_CHUNK if here else _DQ_CHUNK
        while True:
            k = _match_end(chunk, text, i, limit)
            if k > i:
                buf.append(text[i:k])
                i = k
            if i >= limit:
                if quoted and not here:
                    start = open_at if open_at >= 0 else i
                    self.error("TerminatorExpectedAtEndOfString",
                               'The string is missing the terminator: ".', start, limit, True)
                return limit
            c = text[i]
            if c == "`":
                if i + 1 >= limit:
                    buf.append("`")
                    i += 1
                    continue
                i = self._escape(i, limit, buf)
                continue
            if c == "$":
                i = self._dollar_in_string(i, limit, buf, parts, in_dq=not here)
                continue
            # a double quote
            if i + 1 < limit and text[i + 1] in DOUBLE_QUOTES:
                buf.append('"')
                i += 2
                continue
            return i + 1

    def _escape(self, i: int, limit: int, buf: list[str]) -> int:
        text = self.text
        d = text[i + 1]
        if d == "u" and i + 2 < limit and text[i + 2] == "{":
            close = text.find("}", i + 3, min(limit, i + 12))
            digits = text[i + 3:close] if close >= 0 else ""
            if close < 0:
                self.error("MissingUnicodeEscapeSequenceTerminator",
                           "The Unicode escape sequence is missing the closing '}'.",
                           i, min(limit, i + 3 + len(digits)))
                buf.append("u")
                return i + 2
            if not digits or any(ch not in "0123456789abcdefABCDEF" for ch in digits):
                self.error("InvalidUnicodeEscapeSequence",
                           "The Unicode escape sequence is not valid. A valid sequence is `u{ "
                           "followed by 1 to 6 hex digits and a closing '}'.", i, close + 1)
                return close + 1
            if len(digits) > 6:
                self.error("TooManyDigitsInUnicodeEscapeSequence",
                           "The Unicode escape sequence contains too many hex digits. It must "
                           "have at most 6 hex digits.", i, close + 1)
                return close + 1
            code = int(digits, 16)
            if code > 0x10FFFF:
                self.error("InvalidUnicodeEscapeSequenceValue",
                           "The Unicode escape sequence value is out of range. The maximum "
                           "value is 0x10FFFF.", i, close + 1)
                return close + 1
            buf.append(chr(code))
            return close + 1
        if d == "\r" and i + 2 < limit and text[i + 2] == "\n":
            buf.append("\r\n")
            return i + 3
        buf.append(_ESCAPES.get(d, d))
        return i + 2

    def _dollar_in_string(self, i: int, limit: int, buf: list[str], parts: list[Any],
                          in_dq: bool) -> int:
        """`$name`, `${name}` or `$(...)` inside a string or bareword; a lone `$` is text."""
        text = self.text
        j = i + 1
        if j >= limit:
            buf.append("$")
            return j
        c = text[j]
        if c == "(":
            end, inner, closed = self._capture_subexpression(j + 1, limit, in_dq)
            if not closed:
                self.error("IncompleteDollarSubexpressionReference",
                           "$(subexpression) is missing the closing ')'.", i, limit, True)
            if buf:
                parts.append("".join(buf))
                buf.clear()
            parts.append(("sub", i, end, j + 1, inner, closed))
            return end
        if c == "{":
            path, end = self._braced_variable(i, limit, in_dq)
            if buf:
                parts.append("".join(buf))
                buf.clear()
            parts.append(("var", path, True, i, end))
            return end
        name_end = self._variable_name_end(j, limit)
        if name_end == j:
            buf.append("$")
            return j
        path = text[j:name_end]
        self._check_variable_path(path, i, name_end)
        if buf:
            parts.append("".join(buf))
            buf.clear()
        parts.append(("var", path, False, i, name_end))
        return name_end

    def _capture_subexpression(self, i: int, limit: int, in_dq: bool) -> tuple[int, str, bool]:
        """Raw text of `$( ... )` by counting parentheses (quotes are not understood, as in
        PowerShell). Returns (offset after `)`, inner text, closed)."""
        text = self.text
        depth = 1
        j = i
        shrunk = False
        while j < limit:
            c = text[j]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    inner = text[i:j]
                    if in_dq:
                        inner, shrunk = _shrink_quotes(inner)
                    return j + 1, inner, True
            elif c == "`":
                j += 1
            j += 1
        inner = text[i:limit]
        if in_dq:
            inner, shrunk = _shrink_quotes(inner)
        return limit, inner, False

    def _braced_variable(self, i: int, limit: int, in_dq: bool = False) -> tuple[str, int]:
        """`${...}` from the `$`; returns (path, offset after `}`)."""
        text = self.text
        j = i + 2
        name: list[str] = []
        while j < limit:
            c = text[j]
            if c == "}":
                path = "".join(name)
                if not path:
                    self.error("EmptyVariableReference",
                               "Empty ${} variable reference, there should be a name between "
                               "the braces.", i, j + 1)
                elif path.endswith(":") and ":" in path[:-1] + ":" and len(path) > 1:
                    self.error("InvalidBracedVariableReference",
                               "Variable reference is not valid. The variable name is missing.",
                               i, j + 1)
                return path, j + 1
            if c == "`" and j + 1 < limit:
                j = self._escape(j, limit, name)
                continue
            if c == "{":
                self.error("OpenBraceNeedsToBeBackTickedInVariableName",
                           "Use `{ instead of { in variable names.", j, j + 1)
            if in_dq and c in DOUBLE_QUOTES and j + 1 < limit and text[j + 1] in DOUBLE_QUOTES:
                j += 1
            name.append(c)
            j += 1
        self.error("IncompleteDollarVariableReference",
                   "${{variable}} reference starting is missing the closing '}}'.",
                   i, limit, True)
        return "".join(name), limit

    def _variable_name_end(self, j: int, limit: int) -> int:
        """End of a simple variable name whose first char is at j (j itself if none)."""
        text = self.text
        if j >= limit:
            return j
        c = text[j]
        if c in "$?^":
            return j + 1
        if not (c.isalnum() or c == "_" or c == ":"):
            return j
        return _match_end(_VAR_REST, text, j + 1, limit)

    def _check_variable_path(self, path: str, start: int, end: int) -> None:
        if len(path) > 1 and path.endswith(":"):
            head = path[:-1].lower()
            if head in _SCOPE_PREFIXES:
                self.error("InvalidVariableReference", MSG_VAR_INVALID, start, end)
            else:
                self.error("InvalidVariableReferenceWithDrive", MSG_VAR_INVALID_DRIVE,
                           start, end)

    def _scan_here_string(self, i: int, expandable: bool) -> Token:
        """`@"` / `@'` at i: header, lines, footer at column 1 of a later line."""
        text = self.text
        n = self.end
        quote = '"' if expandable else "'"
        quote_class = DOUBLE_QUOTES if expandable else SINGLE_QUOTES
        kind = TokenKind.HERE_STRING_EXPANDABLE if expandable else TokenKind.HERE_STRING_LITERAL
        j = i + 2
        while j < n and text[j] in WHITESPACE:
            j += 1
        if j < n and text[j] not in "\r\n":
            self.error("UnexpectedCharactersAfterHereStringHeader",
                       "No characters are allowed after a here-string header but before the "
                       "end of the line.", j, j + 1)
            eol = _line_end(text, j)
            k = j
            while k < eol - 1 and not (text[k] in quote_class and text[k + 1] == "@"):
                k += 1
            end = k + 2 if k < eol - 1 else eol
            self.pos = min(end, n)
            return self._tok(kind, i, self.pos, [] if expandable else "")
        if j >= n:
            self.error("TerminatorExpectedAtEndOfString",
                       f"The string is missing the terminator: {quote}@.", i, n, True)
            self.pos = n
            return self._tok(kind, i, n, [] if expandable else "")
        content_start = j + 2 if text[j] == "\r" and j + 1 < n and text[j + 1] == "\n" else j + 1
        line = content_start
        indented = -1
        while line < n:
            if text[line] in quote_class and line + 1 < n and text[line + 1] == "@":
                break
            if indented < 0:
                k = line
                while k < n and text[k] in WHITESPACE:
                    k += 1
                if k > line and k + 1 < n and text[k] in quote_class and text[k + 1] == "@":
                    indented = k
            eol = _line_end(text, line)
            if eol >= n:
                line = n
                break
            line = eol + 2 if text[eol] == "\r" and eol + 1 < n and text[eol + 1] == "\n" \
                else eol + 1
        if line >= n:
            if indented >= 0:
                self.error("WhitespaceBeforeHereStringFooter",
                           "White space is not allowed before the string terminator.",
                           indented, n, True)
            else:
                self.error("TerminatorExpectedAtEndOfString",
                           f"The string is missing the terminator: {quote}@.", i, n, True)
            content_end = n
            end = n
        else:
            content_end = line
            if content_end > content_start:
                if text[content_end - 1] == "\n":
                    content_end -= 1
                    if content_end > content_start and text[content_end - 1] == "\r":
                        content_end -= 1
                elif text[content_end - 1] == "\r":
                    content_end -= 1
            end = line + 2
        self.pos = end
        if not expandable:
            return self._tok(kind, i, end, text[content_start:content_end])
        buf: list[str] = []
        parts: list[Any] = []
        self._dq_body(content_start, content_end, buf, parts, here=True, quoted=False)
        if buf:
            parts.append("".join(buf))
        return self._tok(kind, i, end, parts)

    # ------------------------------------------------------------------ variables

    def _scan_dollar(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        if i + 1 < n and text[i + 1] == "(":
            self.pos = i + 2
            return self._tok(TokenKind.DOLLAR_PAREN, i, i + 2)
        if i + 1 < n and text[i + 1] == "{":
            path, j = self._braced_variable(i, n)
            if mode is Mode.COMMAND and not (j >= n or text[j] in _VAR_END_COMMAND):
                return self._scan_generic(i, mode)
            self.pos = j
            return self._tok(TokenKind.VARIABLE, i, j, (path, True))
        j = self._variable_name_end(i + 1, n)
        if j == i + 1:
            return self._scan_generic(i, mode)
        if mode is Mode.COMMAND and not (j >= n or text[j] in _VAR_END_COMMAND):
            return self._scan_generic(i, mode)
        path = text[i + 1:j]
        self._check_variable_path(path, i, j)
        self.pos = j
        return self._tok(TokenKind.VARIABLE, i, j, (path, False))

    def _scan_at(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        c = text[i + 1] if i + 1 < n else ""
        if c == "{":
            self.pos = i + 2
            return self._tok(TokenKind.AT_CURLY, i, i + 2)
        if c == "(":
            self.pos = i + 2
            return self._tok(TokenKind.AT_PAREN, i, i + 2)
        if c and c in DOUBLE_QUOTES:
            return self._scan_here_string(i, True)
        if c and c in SINGLE_QUOTES:
            return self._scan_here_string(i, False)
        j = self._variable_name_end(i + 1, n) if c else i + 1
        if j > i + 1:
            self.pos = j
            return self._tok(TokenKind.SPLATTED_VARIABLE, i, j, (text[i + 1:j], False))
        if mode is Mode.COMMAND and not self.at_terminator(i + 1):
            return self._scan_generic(i, mode)
        self.error("UnrecognizedToken", "Unrecognized token in source text.", i, i + 1)
        self.pos = i + 1
        return self._tok(TokenKind.UNKNOWN, i, i + 1)

    # ------------------------------------------------------------------ operators

    def _operator(self, i: int, j: int, mode: Mode, value: str) -> Token:
        """An operator token i..j; in command mode a following non-terminator makes the whole
        word a bareword instead (`*.ps1`, `+5`, `=x`)."""
        if mode is Mode.COMMAND and not self.at_terminator(j):
            return self._scan_generic(i, mode)
        self.pos = j
        return self._tok(TokenKind.OPERATOR, i, j, value)

    def _scan_dash(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        c = text[i + 1] if i + 1 < n else ""
        if c and (c.isalpha() or c == "_" or c == "?"):
            return self._scan_parameter(i, mode)
        if c and (c.isdigit() or (c == "." and i + 2 < n and text[i + 2].isdigit())):
            if signed:
                tok = self._scan_number(i, mode, True)
                if tok is not None:
                    return tok
            if mode is Mode.COMMAND:
                return self._scan_generic(i, mode)
        if c == "=":
            return self._operator(i, i + 2, mode, "-=")
        if c and c in DASHES:
            if mode is Mode.COMMAND and i + 2 < n and text[i + 2] not in FORCE_START:
                return self._scan_generic(i, mode)
            self.pos = i + 2
            return self._tok(TokenKind.OPERATOR, i, i + 2, "--")
        return self._operator(i, i + 1, mode, "-")

    def _scan_parameter(self, i: int, mode: Mode) -> Token:
        text = self.text
        n = self.end
        if mode is Mode.COMMAND:
            j = i + 1
            colon = False
            while j < n:
                c = text[j]
                if c in _PARAM_STOP:
                    break
                if c == ":":
                    colon = True
                    j += 1
                    break
                if c in QUOTES:
                    return self._scan_generic(i, mode)
                j += 1
            name = text[i + 1:j - 1] if colon else text[i + 1:j]
            self.pos = j
            return self._tok(TokenKind.PARAMETER, i, j, (name, colon))
        j = _match_end(_ASCII_LETTERS, text, i + 1, n)
        if j == i + 1:
            j = i + 2
        word = text[i + 1:j].lower()
        op = DASH_OPERATORS.get(word)
        self.pos = j
        if op is not None:
            return self._tok(TokenKind.OPERATOR, i, j, op)
        return self._tok(TokenKind.PARAMETER, i, j, (text[i + 1:j], False))

    def _scan_plus(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        c = text[i + 1] if i + 1 < n else ""
        if c == "=":
            return self._operator(i, i + 2, mode, "+=")
        if c == "+":
            return self._operator(i, i + 2, mode, "++")
        if signed and c and (c.isdigit() or c == "."):
            tok = self._scan_number(i, mode, True)
            if tok is not None:
                return tok
        return self._operator(i, i + 1, mode, "+")

    def _scan_star(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        if text.startswith("*>", i):
            return self._scan_redirection(i, i + 1, "*")
        if i + 1 < n and text[i + 1] == "=":
            return self._operator(i, i + 2, mode, "*=")
        return self._operator(i, i + 1, mode, "*")

    def _scan_slash(self, i: int, mode: Mode, signed: bool) -> Token:
        if i + 1 < self.end and self.text[i + 1] == "=":
            return self._operator(i, i + 2, mode, "/=")
        return self._operator(i, i + 1, mode, "/")

    def _scan_percent(self, i: int, mode: Mode, signed: bool) -> Token:
        if i + 1 < self.end and self.text[i + 1] == "=":
            return self._operator(i, i + 2, mode, "%=")
        return self._operator(i, i + 1, mode, "%")

    def _scan_equals(self, i: int, mode: Mode, signed: bool) -> Token:
        return self._operator(i, i + 1, mode, "=")

    def _scan_exclaim(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        if mode is Mode.COMMAND:
            return self._operator(i, i + 1, mode, "!")
        c = text[i + 1] if i + 1 < n else ""
        if c and (c.isalpha() or c == "_"):
            return self._scan_generic(i, mode)
        if c.isdigit() and self._scan_number(i + 1, mode, False) is None:
            # `!5` negates a number, but `!5x` is a word like `!Test-Path`.
            return self._scan_generic(i, mode)
        self.pos = i + 1
        return self._tok(TokenKind.OPERATOR, i, i + 1, "!")

    def _scan_question(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        if mode is Mode.COMMAND:
            return self._scan_generic(i, mode)
        if text.startswith("??=", i):
            self.pos = i + 3
            return self._tok(TokenKind.OPERATOR, i, i + 3, "??=")
        if text.startswith("??", i):
            self.pos = i + 2
            return self._tok(TokenKind.OPERATOR, i, i + 2, "??")
        self.pos = i + 1
        return self._tok(TokenKind.OPERATOR, i, i + 1, "?")

    def _scan_colon(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        if i + 1 < n and text[i + 1] == ":":
            if mode is Mode.COMMAND and not self.at_terminator(i + 2):
                return self._scan_generic(i, mode)
            self.pos = i + 2
            return self._tok(TokenKind.COLONCOLON, i, i + 2)
        if mode is Mode.COMMAND:
            m = _IDENT.match(text, i + 1, n)
            if m and self.at_terminator(m.end()):
                self.pos = m.end()
                return self._tok(TokenKind.LABEL, i, m.end(), text[i + 1:m.end()])
            return self._scan_generic(i, mode)
        self.pos = i + 1
        return self._tok(TokenKind.COLON, i, i + 1)

    def _scan_dot(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        n = self.end
        c = text[i + 1] if i + 1 < n else ""
        if c == ".":
            if mode is Mode.COMMAND and not self.at_terminator(i + 2):
                return self._scan_generic(i, mode)
            self.pos = i + 2
            return self._tok(TokenKind.OPERATOR, i, i + 2, "..")
        if c.isdigit() and c.isascii():
            tok = self._scan_number(i, mode, False)
            if tok is not None:
                return tok
            if mode is Mode.COMMAND:
                return self._scan_generic(i, mode)
        if mode is Mode.COMMAND and c and c not in _DOT_SOURCE_NEXT:
            return self._scan_generic(i, mode)
        self.pos = i + 1
        return self._tok(TokenKind.DOT, i, i + 1)

    def _single_or_double(self, i: int, single: TokenKind, double: TokenKind) -> Token:
        """`&` or `&&`, `|` or `||`."""
        j = i + 2 if i + 1 < self.end and self.text[i + 1] == self.text[i] else i + 1
        self.pos = j
        return self._tok(double if j == i + 2 else single, i, j)

    def _scan_amp(self, i: int, mode: Mode, signed: bool) -> Token:
        return self._single_or_double(i, TokenKind.AMPERSAND, TokenKind.AND_AND)

    def _scan_pipe(self, i: int, mode: Mode, signed: bool) -> Token:
        return self._single_or_double(i, TokenKind.PIPE, TokenKind.OR_OR)

    def _scan_lbracket(self, i: int, mode: Mode, signed: bool) -> Token:
        if mode is Mode.COMMAND and not self.at_terminator(i + 1):
            return self._scan_generic(i, mode)
        self.pos = i + 1
        return self._tok(TokenKind.LBRACKET, i, i + 1)

    def _scan_gt(self, i: int, mode: Mode, signed: bool) -> Token:
        return self._scan_redirection(i, i, "1")

    def _scan_lt(self, i: int, mode: Mode, signed: bool) -> Token:
        self.pos = i + 1
        return self._tok(TokenKind.REDIRECTION, i, i + 1, ("<", False, None))

    def _scan_redirection(self, start: int, gt: int, stream: str) -> Token:
        """`>`, `>>`, `n>`, `n>>`, `n>&m`, `*>...` with `gt` the offset of `>`."""
        text = self.text
        n = self.end
        j = gt + 1
        if j < n and text[j] == ">":
            self.pos = j + 1
            return self._tok(TokenKind.REDIRECTION, start, j + 1, (stream, True, None))
        if j + 1 < n and text[j] == "&" and text[j + 1] in "123456":
            self.pos = j + 2
            return self._tok(TokenKind.REDIRECTION, start, j + 2, (stream, False, text[j + 1]))
        self.pos = j
        return self._tok(TokenKind.REDIRECTION, start, j, (stream, False, None))

    def _scan_digit(self, i: int, mode: Mode, signed: bool) -> Token:
        text = self.text
        c = text[i]
        if c in "123456" and i + 1 < self.end and text[i + 1] == ">":
            redirection = self._scan_redirection(i, i + 1, c)
            if mode is Mode.COMMAND or redirection.value[2] is not None:
                return redirection
            # In expression mode a file redirection with a digit is unread; the digit is a
            # number again (`1>2` compares nothing: it is still an error later).
            self.pos = i
        number = self._scan_number(i, mode, False)
        if number is not None:
            return number
        return self._scan_generic(i, mode)

    def _punct(self, i: int, kind: TokenKind) -> Token:
        self.pos = i + 1
        return self._tok(kind, i, i + 1)

    # ------------------------------------------------------------------ numbers

    def _scan_number(self, i: int, mode: Mode, signed: bool) -> Optional[Token]:
        """A number literal at i (with its sign when `signed`), or None when the word is not a
        well-formed number (the caller then lexes a bareword)."""
        text = self.text
        n = self.end
        j = i
        negative = False
        if signed and text[j] in "+-\u2013\u2014\u2015":
            negative = text[j] != "+"
            j += 1
        body_start = j
        radix = 10
        real = False
        if text.startswith(("0x", "0X"), j):
            k = _match_end(_HEX, text, j + 2, n)
            radix = 16
            digits = text[j + 2:k]
        elif text.startswith(("0b", "0B"), j) and j + 2 < n and text[j + 2] in "01":
            k = _match_end(_BIN, text, j + 2, n)
            radix = 2
            digits = text[j + 2:k]
        else:
            k = _match_end(_DIGITS, text, j, n)
            int_digits = k - j
            frac_digits = 0
            if k < n and text[k] == "." and not (k + 1 < n and text[k + 1] == "."):
                m = _match_end(_DIGITS, text, k + 1, n)
                frac_digits = m - k - 1
                if int_digits or frac_digits:
                    real = True
                    k = m
            if int_digits == 0 and frac_digits == 0:
                return None
            if k < n and text[k] in "eE":
                m = k + 1
                if m < n and text[m] in "+-\u2013\u2014\u2015":
                    m += 1
                e = _match_end(_DIGITS, text, m, n)
                if e == m:
                    return None
                real = True
                k = e
            digits = text[j:k]
        suffix = ""
        if k < n:
            c = text[k].lower()
            if c == "u":
                c2 = text[k + 1].lower() if k + 1 < n else ""
                if c2 in ("s", "l", "y") and c2:
                    suffix = "u" + c2
                    k += 2
                else:
                    suffix = "u"
                    k += 1
            elif c in "sldyn":
                suffix = c
                k += 1
        multiplier = 1
        if k + 1 < n and text[k] in "kmgtpKMGTP" and text[k + 1] in "bB":
            multiplier = _MULTIPLIERS[text[k].lower()]
            k += 2
        if k < n:
            c = text[k]
            if c not in FORCE_START:
                if mode is Mode.COMMAND:
                    return None
                if not (c in FORCE_START_AFTER_NUMBER or (self.in_ternary and c in "?:")):
                    return None
        try:
            value = _number_value(radix, digits, real, suffix, multiplier, negative,
                                  text[body_start:k])
        except (ValueError, InvalidOperation, OverflowError):
            if mode is Mode.COMMAND:
                return None
            self.error("BadNumericConstant", f"The numeric constant {text[i:k]} is not valid.",
                       i, k)
            value = 0
        self.pos = k
        return self._tok(TokenKind.NUMBER, i, k, value)


def _shrink_quotes(inner: str) -> tuple[str, bool]:
    if '"' not in inner:
        return inner, False
    out = inner.replace('""', '"').replace('`"', '"')
    return out, out != inner


def _number_value(radix: int, digits: str, real: bool, suffix: str, multiplier: int,
                  negative: bool, literal: str) -> Any:
    """Convert a scanned literal to its Python value, raising ValueError when it does not fit
    its type (BadNumericConstant)."""
    value: Any
    if radix != 10:
        if suffix == "d":
            raise ValueError(literal)
        value = int(digits, radix) if digits else 0
        count = len(digits)
        if radix == 16:
            sign_counts = _HEX_SIGN_DIGITS.get(suffix, ())
            sign_bits = {8: 32, 16: 64, 4: 16, 2: 8}
            if count in sign_counts and value >> (count * 4 - 1):
                value -= 1 << sign_bits[count]
            elif count > 16 and value >> 63 and not suffix.startswith("u"):
                raise ValueError(literal)
        elif not suffix.startswith("u") and (count in (8, 16, 32, 64, 96) or count >= 128) \
                and value >> (count - 1):
            value -= 1 << count
        value *= multiplier
        if not suffix and not (-(1 << 63) <= value < (1 << 63)):
            raise ValueError(literal)
    elif suffix == "d":
        value = Decimal(digits) * multiplier
        if abs(value) > _DECIMAL_MAX:
            raise ValueError(literal)
        return -value if negative else value
    elif real:
        if suffix:
            value = round(Decimal(digits) * multiplier)
        else:
            value = float(digits) * multiplier
            return -value if negative else value
    else:
        value = int(digits) * multiplier
        if not suffix:
            if negative:
                value = -value
            if -(1 << 63) <= value < (1 << 63):
                return value
            if abs(value) <= _DECIMAL_MAX:
                return Decimal(value)
            return float(value)
    if negative:
        value = -value
    bounds = _INT_RANGES.get(suffix)
    if suffix == "u" and value > 0xFFFFFFFF:
        bounds = (0, (1 << 64) - 1)
    if bounds is not None and not (bounds[0] <= value <= bounds[1]):
        raise ValueError(literal)
    return int(value)


_DISPATCH: dict[str, Any] = {
    "'": Tokenizer._scan_single_quoted, '"': Tokenizer._scan_double_quoted,
    "@": Tokenizer._scan_at, "$": Tokenizer._scan_dollar,
    "=": Tokenizer._scan_equals, "+": Tokenizer._scan_plus, "*": Tokenizer._scan_star,
    "/": Tokenizer._scan_slash, "%": Tokenizer._scan_percent, "!": Tokenizer._scan_exclaim,
    "?": Tokenizer._scan_question, ":": Tokenizer._scan_colon, ".": Tokenizer._scan_dot,
    "&": Tokenizer._scan_amp, "|": Tokenizer._scan_pipe, "[": Tokenizer._scan_lbracket,
    ">": Tokenizer._scan_gt, "<": Tokenizer._scan_lt,
    "(": lambda t, i, m, s: t._punct(i, TokenKind.LPAREN),
    ")": lambda t, i, m, s: t._punct(i, TokenKind.RPAREN),
    "{": lambda t, i, m, s: t._punct(i, TokenKind.LCURLY),
    "}": lambda t, i, m, s: t._punct(i, TokenKind.RCURLY),
    "]": lambda t, i, m, s: t._punct(i, TokenKind.RBRACKET),
    ";": lambda t, i, m, s: t._punct(i, TokenKind.SEMI),
    ",": lambda t, i, m, s: t._punct(i, TokenKind.COMMA),
}
for _q in SINGLE_QUOTES:
    _DISPATCH[_q] = Tokenizer._scan_single_quoted
for _q in DOUBLE_QUOTES:
    _DISPATCH[_q] = Tokenizer._scan_double_quoted
for _d in DASHES:
    _DISPATCH[_d] = Tokenizer._scan_dash
for _d in "0123456789":
    _DISPATCH[_d] = Tokenizer._scan_digit


def tokenize(text: str) -> list[Token]:
    """Every token of `text` as the parser reads it, for syntax highlighting; never raises.

    Defined in parser.py's terms (the parser decides modes), so it lives there and is
    re-exported here."""
    from pyshell.language.parser import tokenize_for_highlighting

    return tokenize_for_highlighting(text)
