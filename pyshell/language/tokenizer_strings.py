"""String literals: single- and double-quoted strings, here-strings, backtick escapes, and
what expandable strings embed (`$name`, `${name}`, `$( ... )`). Barewords in command mode
reuse the same pieces, so the variable-reference scanners live here too."""

from __future__ import annotations

import re
from typing import Any

from pyshell.language.tokenizer_core import (
    DOUBLE_QUOTES, SINGLE_QUOTES, WHITESPACE, TokenizerCore, line_end, match_end,
)
from pyshell.language.tokens import Mode, Token, TokenKind

__all__ = ["StringScanner"]

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t", "v": "\v"}

_VAR_REST = re.compile(r"(?:[\w?]|:(?!:))*")
_SQ_CHUNK = re.compile("[^'\u2018\u2019\u201a\u201b]*")
_DQ_CHUNK = re.compile('[^"\u201c\u201d\u201e`$]*')
_HERE_CHUNK = re.compile("[^`$]*")

_SCOPE_PREFIXES = frozenset(("global", "local", "script", "private", "variable", "using",
                             "workflow"))

MSG_VAR_INVALID = ("Variable reference is not valid. '$' was not followed by a valid variable "
                   "name character. Consider using ${} to delimit the name.")
MSG_VAR_INVALID_DRIVE = ("Variable reference is not valid. ':' was not followed by a valid "
                         "variable name character. Consider using ${} to delimit the name.")


class StringScanner(TokenizerCore):
    """Scans quoted strings, here-strings, escapes and variable references."""

    # ------------------------------------------------------------------ quoted strings

    def _single_quoted_body(self, i: int) -> tuple[str, int]:
        """Content of `'...'` starting at the quote; returns (value, offset after it)."""
        text = self.text
        n = self.end
        j = i + 1
        chunks = []
        while True:
            k = match_end(_SQ_CHUNK, text, j, n)
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
            k = match_end(chunk, text, i, limit)
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

    # ------------------------------------------------------------------ variable references

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
        return match_end(_VAR_REST, text, j + 1, limit)

    def _check_variable_path(self, path: str, start: int, end: int) -> None:
        if len(path) > 1 and path.endswith(":"):
            head = path[:-1].lower()
            if head in _SCOPE_PREFIXES:
                self.error("InvalidVariableReference", MSG_VAR_INVALID, start, end)
            else:
                self.error("InvalidVariableReferenceWithDrive", MSG_VAR_INVALID_DRIVE,
                           start, end)

    # ------------------------------------------------------------------ here-strings

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
            eol = line_end(text, j)
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
            eol = line_end(text, line)
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


def _shrink_quotes(inner: str) -> tuple[str, bool]:
    if '"' not in inner:
        return inner, False
    out = inner.replace('""', '"').replace('`"', '"')
    return out, out != inner
