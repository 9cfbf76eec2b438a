"""Tokens of the PowerShell language: kinds, the token value type and the operator tables.

The tables here are the single source the tokenizer and the parser share: which dash-words are
operators, how tightly each binary operator binds (PowerShell's `TokenFlags` precedence values,
not the about_Operator_Precedence page, see powershell-parsing.md §4.1), and which token kinds
survive a change of tokenizer mode without being rescanned.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from typing import Any, NamedTuple, Optional

from pyshell.language.ast import BinaryOperator, Extent, UnaryOperator

__all__ = [
    "TokenKind", "Mode", "Token", "SourceText", "KEYWORDS", "DASH_OPERATORS",
    "BINARY_PRECEDENCE", "BINARY_OPERATORS", "UNARY_OPERATORS", "ASSIGNMENT_OPERATORS",
    "MODE_INVARIANT", "PREC_TERNARY_OPERAND",
]


class Mode(enum.Enum):
    """What the parser expects next; the same characters lex differently per mode."""

    COMMAND = "command"
    EXPRESSION = "expression"
    TYPE_NAME = "typename"
    SIGNATURE = "signature"


class TokenKind(enum.Enum):
    EOF = "eof"
    NEWLINE = "newline"
    COMMENT = "comment"
    # words
    IDENTIFIER = "identifier"
    KEYWORD = "keyword"            # value: the keyword in lower case
    GENERIC = "generic"            # command-mode bareword; value: text with quotes/escapes removed
    GENERIC_EXPANDABLE = "generic_expandable"  # bareword with `$` parts; value: parts list
    LABEL = "label"                # `:name`; value: name
    PARAMETER = "parameter"        # `-Name` / `-Name:`; value: (name, used_colon)
    # values
    NUMBER = "number"              # value: the converted number (None when not valid)
    VARIABLE = "variable"          # value: (path, braced)
    SPLATTED_VARIABLE = "splatted_variable"
    STRING_LITERAL = "string_literal"        # value: str
    STRING_EXPANDABLE = "string_expandable"  # value: parts list
    HERE_STRING_LITERAL = "here_string_literal"
    HERE_STRING_EXPANDABLE = "here_string_expandable"
    # punctuation
    LPAREN = "("
    RPAREN = ")"
    LCURLY = "{"
    RCURLY = "}"
    LBRACKET = "["
    RBRACKET = "]"
    AT_PAREN = "@("
    AT_CURLY = "@{"
    DOLLAR_PAREN = "$("
    SEMI = ";"
    COMMA = ","
    DOT = "."
    COLONCOLON = "::"
    COLON = ":"
    QUESTION_DOT = "?."
    QUESTION_LBRACKET = "?["
    AMPERSAND = "&"
    AND_AND = "&&"
    OR_OR = "||"
    PIPE = "|"
    # every other operator (`+`, `=`, `-eq`, `!`, `..`, `?`, ...); value: canonical text
    OPERATOR = "operator"
    REDIRECTION = "redirection"    # value: (from stream char, append, merge target or None)
    UNKNOWN = "unknown"            # a lone `@` and similar; always a parse error
    # Only produced by `tokenize()` for highlighting: words the parser read as a command name
    # or inside `[ ]` as a type name.
    COMMAND_NAME = "command_name"
    TYPE_NAME = "type_name"


# Kinds the parser does not rescan when it switches mode while holding them (Resync).
MODE_INVARIANT = frozenset({
    TokenKind.NEWLINE, TokenKind.COMMENT, TokenKind.EOF, TokenKind.STRING_LITERAL,
    TokenKind.STRING_EXPANDABLE, TokenKind.HERE_STRING_LITERAL, TokenKind.HERE_STRING_EXPANDABLE,
    TokenKind.LPAREN, TokenKind.RPAREN, TokenKind.LCURLY, TokenKind.RCURLY, TokenKind.RBRACKET,
    TokenKind.AT_PAREN, TokenKind.AT_CURLY, TokenKind.DOLLAR_PAREN, TokenKind.SEMI,
    TokenKind.AND_AND, TokenKind.OR_OR, TokenKind.AMPERSAND, TokenKind.PIPE, TokenKind.COMMA,
})

KEYWORDS = frozenset(
    "begin break catch class clean continue data define do dynamicparam else elseif end enum "
    "exit filter finally for foreach from function hidden if in param process return static "
    "switch throw trap try until using var while workflow parallel sequence".split()
)


class SourceText:
    """The text being lexed plus a line table, shared by every token and extent of one parse."""

    __slots__ = ("text", "file", "_line_starts")

    def __init__(self, text: str, file: Optional[str] = None) -> None:
        self.text = text
        self.file = file
        starts = [0]
        # CR, LF and CRLF each end a line (CRLF once).
        i = 0
        n = len(text)
        find_lf = text.find
        if "\r" not in text:
            while True:
                j = find_lf("\n", i)
                if j < 0:
                    break
                starts.append(j + 1)
                i = j + 1
        else:
            while i < n:
                c = text[i]
                if c == "\n":
                    starts.append(i + 1)
                elif c == "\r":
                    if i + 1 < n and text[i + 1] == "\n":
                        i += 1
                    starts.append(i + 1)
                i += 1
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of an offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def extent(self, start: int, end: int) -> Extent:
        # Hot (one per node and per leaf token): the two lookups are inlined.
        n = len(self.text)
        if end > n:
            end = n
        if start > end:
            start = end
        starts = self._line_starts
        sl = bisect_right(starts, start)
        el = sl if end == start else bisect_right(starts, end, sl - 1)
        return Extent(self.file, start, end, sl, start - starts[sl - 1] + 1, el,
                      end - starts[el - 1] + 1, self.text)


class Token(NamedTuple):
    """One token: `start`/`end` are offsets into the source; `value` depends on the kind.

    A named tuple rather than an attrs class: the parser makes tens of thousands of them per
    script and re-lexes on every key press in the REPL, and tuples are the cheapest frozen
    value Python has."""

    kind: TokenKind
    text: str
    start: int
    end: int
    value: Any = None
    source: Optional[SourceText] = None

    @property
    def extent(self) -> Extent:
        if self.source is None:
            return Extent(None, self.start, self.end, 1, self.start + 1, 1, self.end + 1)
        return self.source.extent(self.start, self.end)

    def __repr__(self) -> str:
        return (f"Token(kind={self.kind!r}, text={self.text!r}, start={self.start}, "
                f"end={self.end}, value={self.value!r})")


# Dash-word operators (the word after the dash, lower case) → canonical operator text.
DASH_OPERATORS: dict[str, str] = {}
for _op in ("eq ne gt ge lt le like notlike match notmatch replace contains notcontains "
            "in notin").split():
    DASH_OPERATORS[_op] = "-i" + _op
    DASH_OPERATORS["i" + _op] = "-i" + _op
    DASH_OPERATORS["c" + _op] = "-c" + _op
for _op in "is isnot as join f and or xor not band bor bxor bnot shl shr".split():
    DASH_OPERATORS[_op] = "-" + _op
DASH_OPERATORS["split"] = "-isplit"
DASH_OPERATORS["isplit"] = "-isplit"
DASH_OPERATORS["csplit"] = "-csplit"

# Binding strength of binary operators: higher binds tighter (token.cs precedence values).
BINARY_PRECEDENCE: dict[str, int] = {
    "-and": 1, "-or": 1, "-xor": 1,
    "-band": 2, "-bor": 2, "-bxor": 2,
    "??": 7,
    "+": 9, "-": 9,
    "*": 10, "/": 10, "%": 10,
    "-f": 12,
    "..": 13,
}
for _text in DASH_OPERATORS.values():
    if _text not in BINARY_PRECEDENCE and _text not in ("-not", "-bnot"):
        BINARY_PRECEDENCE[_text] = 5

# The ternary's condition is a binary expression of any level.
PREC_TERNARY_OPERAND = 1

BINARY_OPERATORS: dict[str, BinaryOperator] = {op.value: op for op in BinaryOperator}
BINARY_OPERATORS["-isplit"] = BinaryOperator.ISPLIT
BINARY_OPERATORS["-csplit"] = BinaryOperator.CSPLIT

UNARY_OPERATORS: dict[str, UnaryOperator] = {
    "-not": UnaryOperator.NOT, "!": UnaryOperator.EXCLAIM, "-bnot": UnaryOperator.BNOT,
    "-": UnaryOperator.NEGATE, "+": UnaryOperator.PLUS, "++": UnaryOperator.PRE_INCREMENT,
    "--": UnaryOperator.PRE_DECREMENT, "-isplit": UnaryOperator.ISPLIT,
    "-csplit": UnaryOperator.CSPLIT, "-join": UnaryOperator.JOIN,
}

ASSIGNMENT_OPERATORS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "??="})
