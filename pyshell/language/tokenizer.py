"""The mode-aware PowerShell tokenizer (a port of the structure of engine/parser/tokenizer.cs).

The parser drives it: it sets the mode for every token it asks for (`next_token(mode)`), may
rewind it (`reset(offset)`) to rescan a token in another mode, and uses the special entry points
that PowerShell has for places where whitespace matters (`member_access_operator`,
`invoke_open_paren`, `verbatim_argument`). Nothing is tokenized ahead of the parser.

This module dispatches on each token's first character and scans words, variables, operators
and punctuation itself; strings and numbers have their own scanners (tokenizer_strings,
tokenizer_numbers), on the shared state and character classes of tokenizer_core.

`tokenize(text)` is the separate, never-raising entry point for syntax highlighting.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from pyshell.language.tokenizer_core import (
    DASHES, DOUBLE_QUOTES, FORCE_START, QUOTES, SINGLE_QUOTES, WHITESPACE, line_end, match_end,
    only_trivia_after,
)
from pyshell.language.tokenizer_numbers import NumberScanner
from pyshell.language.tokenizer_strings import StringScanner
from pyshell.language.tokens import DASH_OPERATORS, KEYWORDS, Mode, Token, TokenKind

__all__ = ["Tokenizer", "tokenize", "WHITESPACE", "FORCE_START", "DASHES", "SINGLE_QUOTES",
           "DOUBLE_QUOTES", "only_trivia_after"]

# Where a command-mode parameter name stops.
_PARAM_STOP = WHITESPACE | frozenset("\r\n{}();,|&.[")
# After a command-mode variable, these let it stay a variable; anything else makes a bareword.
_VAR_END_COMMAND = FORCE_START | frozenset(".[=")
# `.` in command mode is the dot-source operator when followed by one of these.
_DOT_SOURCE_NEXT = FORCE_START | frozenset("$") | QUOTES

_IDENT = re.compile(r"\w+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]*")
_GENERIC_CHUNK = re.compile("[^\\s\0&(),;{|}`'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e$]*")


class Tokenizer(StringScanner, NumberScanner):
    """Lexes `text[start:end]` one token at a time in the mode the parser asks for."""

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
                j = min(line_end(text, i), n)
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
        j = max(match_end(_IDENT, self.text, i, self.end), i + 1)
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
            j = match_end(_GENERIC_CHUNK, text, i, n)
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
        j = match_end(_ASCII_LETTERS, text, i + 1, n)
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
