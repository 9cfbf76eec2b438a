"""The parser's foundation: the token stream it reads in modes, error reporting, recovery.

The parser owns the tokenizer's mode: it asks for each token in the mode the grammar needs
(COMMAND at statement starts and after a command name, EXPRESSION inside expressions,
TYPE_NAME inside `[ ]`), keeps at most one lookahead token, and rescans that token when it
changes mode while holding it (see powershell-parsing.md §0). `ParserCore` holds that
lookahead, the parser's state and the error list; the grammar rules are built on it in
layers, each in its own module (parser_types → parser_expressions → parser_commands →
parser_statements → parser_control / parser_definitions), composed into `Parser` in
parser.py. The token sets several layers test against live here too.

Errors are collected, not raised, so one parse reports every problem it can find.
"""

from __future__ import annotations

from typing import Any, Optional

from pyshell.language import ast as A
from pyshell.language.errors import MESSAGES as MSG
from pyshell.language.errors import ParseErrorDetail
from pyshell.language.tokenizer import Tokenizer, only_trivia_after
from pyshell.language.tokens import MODE_INVARIANT, Mode, SourceText, Token, TokenKind

__all__ = ["ParserCore", "K", "CMD", "EXPR", "TYPE", "END_OF_COMMAND", "STATEMENT_END",
           "STRING_KINDS", "PRIMARY_START", "OPERAND_START"]

K = TokenKind
CMD = Mode.COMMAND
EXPR = Mode.EXPRESSION
TYPE = Mode.TYPE_NAME

# Tokens that end a command (and a pipeline element).
END_OF_COMMAND = frozenset((K.NEWLINE, K.SEMI, K.EOF, K.RPAREN, K.RCURLY, K.PIPE, K.AND_AND,
                            K.OR_OR, K.AMPERSAND))
# Tokens after which a statement needs no separator.
STATEMENT_END = frozenset((K.NEWLINE, K.SEMI, K.EOF, K.RCURLY, K.RPAREN))
STRING_KINDS = frozenset((K.STRING_LITERAL, K.STRING_EXPANDABLE, K.HERE_STRING_LITERAL,
                          K.HERE_STRING_EXPANDABLE))
# First tokens of a primary expression.
PRIMARY_START = STRING_KINDS | frozenset((
    K.NUMBER, K.VARIABLE, K.SPLATTED_VARIABLE, K.LPAREN, K.DOLLAR_PAREN, K.AT_PAREN,
    K.AT_CURLY, K.LCURLY))
# First tokens of a unary operand (a cast applies to what follows only if it is one of these).
OPERAND_START = PRIMARY_START | frozenset((K.LBRACKET,))


class ParserCore:
    """Token stream, state and error list of one parse; the base of every grammar layer."""

    def __init__(self, text: str, path: Optional[str] = None, *, start: int = 0,
                 end: Optional[int] = None, source: Optional[SourceText] = None,
                 errors: Optional[list[ParseErrorDetail]] = None) -> None:
        self.text = text
        self.path = path
        self.tok = Tokenizer(text, path, start, end, source)
        self.src = self.tok.src
        if errors is not None:
            self.tok.errors = errors
        self.errors = self.tok.errors
        self._ungot: Optional[Token] = None
        self._ungot_mode: Mode = CMD
        self._ungot_signed = False
        self._ungot_errs = 0
        self._ungot_errs_end = 0
        self._last_end = start
        self._start = start
        self.record: Optional[list[Token]] = None
        # For ControlLeavingFinally: inside a finally block (of this script block), and how
        # many loops deep inside it.
        self._in_finally = False
        self._loops_in_finally = 0
        # Attributes before `class`/`enum` need a trial parse at statement starts; skip it
        # for the (usual) scripts that cannot contain a type definition.
        low = text.lower() if end is None and start == 0 else ""
        self._may_have_types = "class" in low or "enum" in low

    # ================================================================== token stream

    def _peek(self, mode: Mode, signed: bool = False) -> Token:
        t = self._ungot
        if t is not None:
            if self._ungot_mode is mode or t.kind in MODE_INVARIANT:
                if self._ungot_signed == signed or not _sign_sensitive(t, signed):
                    return t
            self._rescan(t)
        self._ungot_errs = len(self.errors)
        t = self.tok.next_token(mode, signed)
        self._ungot_errs_end = len(self.errors)
        self._ungot = t
        self._ungot_mode = mode
        self._ungot_signed = signed
        return t

    def _rescan(self, t: Token) -> None:
        # Errors the tokenizer reported while lexing the held token belong to that reading of
        # it; drop them unless the parser has reported something since.
        errs = self.errors
        if len(errs) == self._ungot_errs_end and self._ungot_errs < self._ungot_errs_end:
            del errs[self._ungot_errs:]
        self.tok.reset(t.start)
        self._ungot = None

    def _consume(self) -> Token:
        t = self._ungot
        assert t is not None
        self._ungot = None
        if t.kind is not K.NEWLINE:
            # Extents end at the last real token, never on skipped line breaks.
            self._last_end = t.end
        if self.record is not None:
            kind = t.kind
            if self._ungot_mode is TYPE and kind is K.IDENTIFIER:
                t = t._replace(kind=K.TYPE_NAME)
            self.record.append(t)
        return t

    def _next(self, mode: Mode, signed: bool = False) -> Token:
        self._peek(mode, signed)
        return self._consume()

    def _unget_all(self) -> None:
        """Drop the lookahead so a special entry point sees the text right after the last
        consumed token."""
        if self._ungot is not None:
            self._rescan(self._ungot)

    def _skip_newlines(self, mode: Mode = CMD) -> None:
        while self._peek(mode).kind is K.NEWLINE:
            self._consume()

    def _skip_separators(self) -> None:
        while self._peek(CMD).kind in (K.NEWLINE, K.SEMI):
            self._consume()

    def _save(self) -> tuple[int, int, int, int]:
        self._unget_all()
        return (self.tok.pos, len(self.errors), len(self.record or ()), self._last_end)

    def _restore(self, state: tuple[int, int, int, int]) -> None:
        self.tok.reset(state[0])
        self._ungot = None
        del self.errors[state[1]:]
        if self.record is not None:
            del self.record[state[2]:]
        self._last_end = state[3]

    # ================================================================== errors, extents, recovery

    def _ext(self, start: int, end: Optional[int] = None) -> A.Extent:
        return self.src.extent(start, self._last_end if end is None else end)

    def _error(self, error_id: str, start: int, end: int, *args: Any,
               incomplete: bool = False) -> None:
        message = MSG[error_id].format(*args) if args else MSG[error_id]
        self.errors.append(ParseErrorDetail(error_id, message, self.src.extent(start, end),
                                            incomplete))

    def _error_after(self, error_id: str, offset: int, *args: Any) -> None:
        """An error at the empty extent at `offset` that is incomplete input when nothing but
        blanks and comments follows (ReportIncompleteInput)."""
        self._error(error_id, offset, offset, *args,
                    incomplete=only_trivia_after(self.text, offset) and offset >= self._start)

    def _error_at_eof(self, error_id: str, start: int, end: int, found: Token,
                      *args: Any) -> None:
        """An error detected at `found`: incomplete when that is the end of the input."""
        self._error(error_id, start, end, *args,
                    incomplete=found.kind is K.EOF and only_trivia_after(self.text, found.start))

    def _sync(self) -> None:
        """Error recovery: skip to the end of the statement (newline, `;` or an unmatched
        closing brace or parenthesis)."""
        depth = 0
        while True:
            t = self._peek(CMD)
            k = t.kind
            if k is K.EOF:
                return
            if depth == 0 and k in (K.NEWLINE, K.SEMI, K.RCURLY, K.RPAREN):
                return
            if k in (K.LCURLY, K.LPAREN, K.AT_CURLY, K.AT_PAREN, K.DOLLAR_PAREN):
                depth += 1
            elif k in (K.RCURLY, K.RPAREN):
                depth -= 1
            self._consume()

    def _sync_to_paren(self) -> None:
        depth = 0
        while True:
            t = self._peek(EXPR)
            if t.kind is K.EOF:
                return
            if t.kind in (K.LPAREN, K.AT_PAREN, K.DOLLAR_PAREN):
                depth += 1
            elif t.kind is K.RPAREN:
                if depth == 0:
                    self._consume()
                    return
                depth -= 1
            elif t.kind is K.RCURLY and depth == 0:
                return
            self._consume()

    def _list_continues(self, error_id: str) -> bool:
        """After an item of a parenthesised list: NL* ',' (True: another item follows) or
        NL* ')' (False: the list is closed); anything else is `error_id` (False)."""
        self._skip_newlines(EXPR)
        t = self._peek(EXPR)
        if t.kind is K.COMMA:
            self._consume()
            return True
        if t.kind is K.RPAREN:
            self._consume()
            return False
        self._error_at_eof(error_id, self._last_end, self._last_end, t)
        return False


def _sign_sensitive(t: Token, signed: bool) -> bool:
    """Whether a held token could lex differently with signed numbers on or off."""
    if signed:
        return t.kind is K.OPERATOR and (t.value == "-" or t.value == "+")
    return t.kind is K.NUMBER and t.text[:1] in "+-\u2013\u2014\u2015"
