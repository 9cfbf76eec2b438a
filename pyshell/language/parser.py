"""Hand-written recursive-descent parser for PowerShell 7 (the structure of Parser.cs).

The parser owns the tokenizer's mode: it asks for each token in the mode the grammar needs
(COMMAND at statement starts and after a command name, EXPRESSION inside expressions,
TYPE_NAME inside `[ ]`), keeps at most one lookahead token, and rescans that token when it
changes mode while holding it (see powershell-parsing.md §0). Each grammar rule is a
`_parse_<rule>` method with its production in the docstring.

Errors are collected, not raised, so one parse reports every problem it can find; the public
`parse_script()` raises a single `ParseError` carrying all of them at the end.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Optional, Union

from attrs import evolve

from pyshell.language import ast as A
from pyshell.language.errors import MESSAGES as MSG
from pyshell.language.errors import ParseError, ParseErrorDetail
from pyshell.language.tokenizer import Tokenizer, only_trivia_after
from pyshell.language.tokens import (
    ASSIGNMENT_OPERATORS, BINARY_OPERATORS, BINARY_PRECEDENCE, MODE_INVARIANT, UNARY_OPERATORS,
    Mode, SourceText, Token, TokenKind,
)

__all__ = ["Parser", "tokenize_for_highlighting"]

K = TokenKind
CMD = Mode.COMMAND
EXPR = Mode.EXPRESSION
TYPE = Mode.TYPE_NAME

_BLOCK_NAMES = {"begin": A.BlockKind.BEGIN, "process": A.BlockKind.PROCESS,
                "end": A.BlockKind.END, "clean": A.BlockKind.CLEAN,
                "dynamicparam": A.BlockKind.DYNAMICPARAM}
_LOOP_KEYWORDS = frozenset(("switch", "foreach", "for", "while", "do"))
# Tokens that end a command (and a pipeline element).
_END_OF_COMMAND = frozenset((K.NEWLINE, K.SEMI, K.EOF, K.RPAREN, K.RCURLY, K.PIPE, K.AND_AND,
                             K.OR_OR, K.AMPERSAND))
# Tokens after which a statement needs no separator.
_STATEMENT_END = frozenset((K.NEWLINE, K.SEMI, K.EOF, K.RCURLY, K.RPAREN))
_STRING_KINDS = frozenset((K.STRING_LITERAL, K.STRING_EXPANDABLE, K.HERE_STRING_LITERAL,
                           K.HERE_STRING_EXPANDABLE))
# First tokens of a primary expression.
_PRIMARY_START = _STRING_KINDS | frozenset((
    K.NUMBER, K.VARIABLE, K.SPLATTED_VARIABLE, K.LPAREN, K.DOLLAR_PAREN, K.AT_PAREN,
    K.AT_CURLY, K.LCURLY))
# First tokens of a unary operand (a cast applies to what follows only if it is one of these).
_OPERAND_START = _PRIMARY_START | frozenset((K.LBRACKET,))
_STREAMS = {"*": A.RedirectionStream.ALL, "1": A.RedirectionStream.OUTPUT,
            "2": A.RedirectionStream.ERROR, "3": A.RedirectionStream.WARNING,
            "4": A.RedirectionStream.VERBOSE, "5": A.RedirectionStream.DEBUG,
            "6": A.RedirectionStream.INFORMATION}
_STREAM_WORDS = {"*": "* stream", "1": "output stream", "2": "error stream",
                 "3": "warning stream", "4": "verbose stream", "5": "debug stream",
                 "6": "information stream"}
_ASSIGN_OPS = {op.value: op for op in A.AssignmentOperator}
_SWITCH_FLAGS = ("regex", "wildcard", "exact", "casesensitive", "parallel", "file")
_RECURSION_LIMIT = 8000



class Parser:
    """Parses one script (or, nested, the text of a `$( )` inside a string)."""

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

    # ================================================================== entry point

    def parse_script(self) -> A.ScriptBlockAst:
        """Parse the whole text; raise ParseError listing every error found."""
        # Each nesting level costs several Python frames; allow scripts nested a few hundred
        # levels deep (Python 3.11 does not grow the C stack for these calls).
        limit = sys.getrecursionlimit()
        if limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        try:
            ast = self._parse_script()
        except RecursionError:
            self.errors.append(ParseErrorDetail("ScriptTooComplex", MSG["ScriptTooComplex"],
                                                self.src.extent(0, len(self.text))))
            ast = A.ScriptBlockAst()
        finally:
            if limit < _RECURSION_LIMIT:
                sys.setrecursionlimit(limit)
        if self.errors:
            raise ParseError(_dedupe(self.errors))
        return ast

    # ================================================================== token plumbing

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

    # ================================================================== errors and extents

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

    # ================================================================== script blocks

    def _parse_script(self) -> A.ScriptBlockAst:
        """script := NL* using-stmt* (attribute* param-block)? (';'|NL)* (named-blocks |
        stmt-list) EOF"""
        usings = self._parse_using_statements()
        body = self._parse_script_block_body(self._start, closer=None)
        t = self._peek(CMD)
        while t.kind is not K.EOF:
            # A stray `)` or `}` at top level: report and carry on after it.
            self._error("UnexpectedToken", t.start, t.end, t.text)
            self._consume()
            stmts, traps = self._parse_statement_list(None)
            if body.end_block is not None:
                block = body.end_block
                body = evolve(body, end_block=evolve(
                    block, statements=block.statements + tuple(stmts),
                    traps=block.traps + tuple(traps)))
            t = self._peek(CMD)
        requires = tuple(self.tok.requires[k] for k in sorted(self.tok.requires))
        return evolve(body, using_statements=tuple(usings), requires=requires,
                      extent=self.src.extent(self._start, self.tok.end))

    def _parse_script_block_body(self, start: int, closer: Optional[TokenKind]
                                 ) -> A.ScriptBlockAst:
        """body := NL* (attribute* param-block)? (';'|NL)* (named-blocks | stmt-list)"""
        self._skip_separators()
        param_block = self._parse_param_block()
        self._skip_separators()
        t = self._peek(CMD)
        if t.kind is K.KEYWORD and t.value in _BLOCK_NAMES:
            blocks = self._parse_named_blocks(closer)
            return A.ScriptBlockAst(
                param_block=param_block, begin_block=blocks.get(A.BlockKind.BEGIN),
                process_block=blocks.get(A.BlockKind.PROCESS),
                end_block=blocks.get(A.BlockKind.END), clean_block=blocks.get(A.BlockKind.CLEAN),
                dynamicparam_block=blocks.get(A.BlockKind.DYNAMICPARAM),
                extent=self._ext(start))
        body_start = t.start
        stmts, traps = self._parse_statement_list(closer)
        end = A.NamedBlockAst(A.BlockKind.END, tuple(stmts), tuple(traps), unnamed=True,
                              extent=self._ext(body_start))
        return A.ScriptBlockAst(param_block=param_block, end_block=end, extent=self._ext(start))

    def _skip_separators(self) -> None:
        while self._peek(CMD).kind in (K.NEWLINE, K.SEMI):
            self._consume()

    def _parse_named_blocks(self, closer: Optional[TokenKind]) -> dict[A.BlockKind,
                                                                        A.NamedBlockAst]:
        """named-blocks := ( ('begin'|'process'|'end'|'clean'|'dynamicparam') stmt-block
        (';'|NL)* )+"""
        blocks: dict[A.BlockKind, A.NamedBlockAst] = {}
        while True:
            self._skip_separators()
            t = self._peek(CMD)
            if t.kind is K.EOF or t.kind is closer:
                return blocks
            if not (t.kind is K.KEYWORD and t.value in _BLOCK_NAMES):
                self._error("MissingNamedBlocks", t.start, t.end, t.text)
                self._consume()
                self._sync()
                continue
            self._consume()
            kind = _BLOCK_NAMES[t.value]
            self._skip_newlines()
            lc = self._peek(CMD)
            if lc.kind is not K.LCURLY:
                self._error_after("MissingNamedStatementBlock", t.end, t.text)
                continue
            block = self._parse_statement_block()
            named = A.NamedBlockAst(kind, block.statements, block.traps, extent=self._ext(t.start))
            if kind in blocks:
                self._error("DuplicateScriptCommandClause", t.start, t.end, t.text)
            else:
                blocks[kind] = named

    def _parse_param_block(self) -> Optional[A.ParamBlockAst]:
        """param-block := attribute* NL* 'param' NL* '(' param-list NL* ')'"""
        t = self._peek(CMD)
        attributes: list[A.AttributeBaseAst] = []
        if t.text.startswith("[") and t.kind in (K.GENERIC, K.GENERIC_EXPANDABLE, K.LBRACKET):
            state = self._save()
            attributes = self._parse_attribute_list()
            self._skip_newlines()
            t = self._peek(CMD)
            if not (t.kind is K.KEYWORD and t.value == "param"):
                self._restore(state)
                return None
        if not (t.kind is K.KEYWORD and t.value == "param"):
            return None
        start = attributes[0].extent.start_offset if attributes else t.start
        for a in attributes:
            if isinstance(a, A.TypeConstraintAst):
                self._error("TypeNotAllowedBeforeParam", a.extent.start_offset,
                            a.extent.end_offset, a.type_name.full_name)
        state = self._save()
        self._next(CMD)
        self._skip_newlines()
        lp = self._peek(CMD)
        if lp.kind is not K.LPAREN:
            # `param` not followed by `(` is a command named param.
            self._restore(state)
            return None
        self._consume()
        params = self._parse_parameter_list(lp)
        return A.ParamBlockAst(tuple(a for a in attributes if isinstance(a, A.AttributeAst)),
                               params, extent=self._ext(start))

    def _parse_parameter_list(self, open_paren: Token) -> tuple[A.ParameterAst, ...]:
        """param-list := (NL* param (NL* ',' param)*)? NL* ')'
        param := NL* attribute* NL* variable (NL* '=' NL* expr)?"""
        params: list[A.ParameterAst] = []
        seen: set[str] = set()
        while True:
            self._skip_newlines(EXPR)
            t = self._peek(EXPR)
            if t.kind is K.RPAREN:
                self._consume()
                break
            start = t.start
            attributes = self._parse_attribute_list()
            self._skip_newlines(EXPR)
            t = self._peek(EXPR)
            if t.kind is K.SPLATTED_VARIABLE:
                self._error("SplattingNotPermitted", t.start, t.end, t.value[0])
            elif t.kind is not K.VARIABLE:
                if attributes:
                    self._error_after("InvalidFunctionParameter", self._last_end)
                else:
                    self._error_at_eof("MissingEndParenthesisInFunctionParameterList",
                                       self._last_end, self._last_end, t)
                self._sync_to_paren()
                break
            self._consume()
            var = self._plain_variable(t)
            default = None
            if self._peek(EXPR).kind is K.OPERATOR and self._ungot.value == "=":  # type: ignore
                eq = self._consume()
                self._skip_newlines(EXPR)
                default = self._parse_expression(comma=False)
                if default is None:
                    self._error_after("ExpectedValueExpression", eq.end, "=")
            name = var.path.user_path.lower()
            if name in seen:
                self._error("DuplicateFormalParameter", t.start, t.end, var.path.user_path)
            seen.add(name)
            for a in attributes:
                if isinstance(a, A.TypeConstraintAst) and _is_void(a.type_name):
                    self._error("VoidTypeConstraintNotAllowed", a.extent.start_offset,
                                a.extent.end_offset)
            params.append(A.ParameterAst(var, tuple(attributes), default,
                                         extent=self._ext(start)))
            if not self._list_continues("MissingEndParenthesisInFunctionParameterList"):
                break
        return tuple(params)

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

    # ================================================================== statement lists

    def _parse_statement_list(self, closer: Optional[TokenKind]
                              ) -> tuple[list[A.StatementAst], list[A.TrapStatementAst]]:
        """stmt-list := (';'|NL)* (statement (';'|NL)*)*"""
        stmts: list[A.StatementAst] = []
        traps: list[A.TrapStatementAst] = []
        while True:
            t = self._peek(CMD)
            k = t.kind
            if k is K.NEWLINE or k is K.SEMI:
                self._consume()
                continue
            if k is K.EOF or k is closer:
                break
            if k is K.RCURLY or k is K.RPAREN:
                if closer is None and self._start == 0:
                    break
                self._error("UnexpectedToken", t.start, t.end, t.text)
                self._consume()
                continue
            before = t.start
            stmt = self._parse_statement()
            if stmt is None:
                t = self._peek(CMD)
                if t.start == before and t.kind not in _STATEMENT_END:
                    self._error("UnexpectedToken", t.start, t.end, t.text)
                    self._consume()
                continue
            if isinstance(stmt, A.TrapStatementAst):
                traps.append(stmt)
            else:
                stmts.append(stmt)
            t = self._peek(CMD)
            if t.kind not in _STATEMENT_END and self._ended_with_brace():
                continue
            if t.kind not in _STATEMENT_END:
                # Like PowerShell, report the token and go on parsing from it as the start of
                # a new statement (`1 &` then also reports the `&` without a command).
                self._error("UnexpectedToken", t.start, t.end, t.text)
                if t.start == before:
                    self._consume()
        return stmts, traps

    def _ended_with_brace(self) -> bool:
        """Compound statements and a background `&` need no separator after them."""
        end = self._last_end
        return end > 0 and self.text[end - 1] in "}&"

    def _parse_statement_block(self) -> A.StatementBlockAst:
        """stmt-block := '{' stmt-list '}'   (the `{` is the lookahead)"""
        lc = self._next(CMD)
        stmts, traps = self._parse_statement_list(K.RCURLY)
        t = self._peek(CMD)
        if t.kind is K.RCURLY:
            self._consume()
        else:
            self._error_at_eof("MissingEndCurlyBrace", lc.start, lc.end, t)
        return A.StatementBlockAst(tuple(stmts), tuple(traps), extent=self._ext(lc.start))

    def _expect_block(self, error_id: str, after: int, *args: Any
                      ) -> Optional[A.StatementBlockAst]:
        """NL* stmt-block, or the given error just after `after`."""
        self._skip_newlines()
        if self._peek(CMD).kind is K.LCURLY:
            return self._parse_statement_block()
        self._error_after(error_id, after, *args)
        return None

    def _expect_loop_body(self, error_id: str, after: int, *args: Any
                          ) -> Optional[A.StatementBlockAst]:
        """A loop body: `break`/`continue` inside it stay inside a surrounding finally."""
        self._loops_in_finally += 1
        try:
            return self._expect_block(error_id, after, *args)
        finally:
            self._loops_in_finally -= 1

    # ================================================================== statements

    def _parse_statement(self) -> Optional[A.StatementAst]:
        """statement := attribute* (if | switch | foreach | for | while | do | function |
        return | throw | exit | break | continue | trap | try | data | class | enum | using
        | label NL* loop | pipeline-chain)"""
        t = self._peek(CMD)
        k = t.kind
        if k is K.KEYWORD:
            handler = _KEYWORD_RULES.get(t.value)
            if handler is not None:
                return handler(self)
            if t.value in ("parallel", "sequence"):
                # Workflow-only keywords (workflows themselves are refused).
                self._error("UnexpectedKeyword", t.start, t.end, t.text)
            elif t.value in ("from", "define", "var"):
                self._error("ReservedKeywordNotAllowed", t.start, t.end, t.value)
                self._consume()
                self._sync()
                return A.ErrorStatementAst(extent=self._ext(t.start))
        elif k is K.LABEL:
            return self._parse_labeled_statement()
        elif self._may_have_types and t.text.startswith("[") and k in (
                K.GENERIC, K.GENERIC_EXPANDABLE, K.LBRACKET):
            stmt = self._parse_attributed_type_definition()
            if stmt is not None:
                return stmt
        return self._parse_pipeline_chain()

    def _parse_labeled_statement(self) -> Optional[A.StatementAst]:
        """label NL* (switch|foreach|for|while|do); otherwise the label is a command name"""
        state = self._save()
        label = self._next(CMD)
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind is K.KEYWORD and t.value in _LOOP_KEYWORDS:
            stmt: Any = _KEYWORD_RULES[t.value](self)
            if stmt is not None and hasattr(stmt, "label"):
                stmt = evolve(stmt, label=label.value, extent=self._ext(label.start))
            return stmt  # type: ignore[no-any-return]
        self._restore(state)
        return self._parse_pipeline_chain()

    def _parse_attributed_type_definition(self) -> Optional[A.StatementAst]:
        """attribute+ NL* ('class' | 'enum') ...; None (nothing consumed) otherwise"""
        state = self._save()
        attributes = self._parse_attribute_list()
        self._skip_newlines()
        t = self._peek(CMD)
        if attributes and t.kind is K.KEYWORD and t.value in ("class", "enum"):
            for a in attributes:
                if isinstance(a, A.TypeConstraintAst):
                    self._error("TypeNotAllowedBeforeStatement", a.extent.start_offset,
                                a.extent.end_offset, a.type_name.full_name)
            return self._parse_type_definition(
                tuple(a for a in attributes if isinstance(a, A.AttributeAst)))
        self._restore(state)
        return None

    def _parse_if_statement(self) -> A.StatementAst:
        """if := 'if' NL* '(' NL* pipeline-chain NL* ')' stmt-block
        (NL* 'elseif' NL* '(' NL* pipeline-chain NL* ')' stmt-block)* (NL* 'else' stmt-block)?"""
        kw = self._next(CMD)
        start = kw.start
        clauses: list[A.IfClause] = []
        else_block = None
        while True:
            name = kw.text
            self._skip_newlines()
            lp = self._peek(CMD)
            if lp.kind is not K.LPAREN:
                self._error_after("MissingOpenParenthesisInIfStatement", kw.end, name)
                break
            self._consume()
            self._skip_newlines()
            cond = self._parse_pipeline_chain()
            if cond is None:
                self._error_after("IfStatementMissingCondition", lp.end, name)
                cond = A.ErrorStatementAst(extent=self._ext(lp.end, lp.end))
            self._skip_newlines()
            if not self._close_condition(name):
                break
            body = self._expect_block("MissingStatementBlock", self._last_end, name)
            if body is None:
                break
            clauses.append(A.IfClause(cond, body))
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind is K.KEYWORD and t.value == "elseif":
                kw = self._consume()
                continue
            if t.kind is K.KEYWORD and t.value == "else":
                e = self._consume()
                else_block = self._expect_block("MissingStatementBlockAfterElse", e.end)
            break
        return A.IfStatementAst(tuple(clauses), else_block, extent=self._ext(start))

    def _close_condition(self, keyword: str) -> bool:
        """The `)` after a statement's condition. Anything else there is reported as an
        unexpected token plus the missing `)`, both at that token (`if ($a {`); at the end of
        the input only the missing `)`, as incomplete input."""
        rp = self._peek(CMD)
        if rp.kind is K.RPAREN:
            self._consume()
            return True
        if rp.kind is K.EOF:
            self._error_at_eof("MissingEndParenthesisAfterStatement", self._last_end,
                               self._last_end, rp, keyword)
        else:
            self._error("UnexpectedToken", rp.start, rp.end, rp.text)
            self._error("MissingEndParenthesisAfterStatement", rp.start, rp.start, keyword)
        return False

    def _parse_condition(self, kw: Token, missing_paren: str,
                         missing_cond: str) -> Optional[A.StatementAst]:
        """NL* '(' NL* pipeline-chain NL* ')'"""
        self._skip_newlines()
        lp = self._peek(CMD)
        if lp.kind is not K.LPAREN:
            self._error_after(missing_paren, kw.end, kw.text.lower())
            return None
        self._consume()
        self._skip_newlines()
        cond = self._parse_pipeline_chain()
        if cond is None:
            self._error_after(missing_cond, lp.end, kw.text.lower())
            cond = A.ErrorStatementAst(extent=self._ext(lp.end, lp.end))
        self._skip_newlines()
        if not self._close_condition(kw.text.lower()):
            return None
        return cond

    def _parse_while_statement(self) -> A.StatementAst:
        """while := 'while' NL* '(' NL* pipeline-chain NL* ')' stmt-block"""
        kw = self._next(CMD)
        cond = self._parse_condition(kw, "MissingOpenParenthesisAfterKeyword",
                                     "MissingExpressionAfterKeyword")
        if cond is None:
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        body = self._expect_loop_body("MissingLoopStatement", self._last_end, "while")
        return A.WhileStatementAst(None, cond, body or A.StatementBlockAst(),
                                   extent=self._ext(kw.start))

    def _parse_do_statement(self) -> A.StatementAst:
        """do := 'do' stmt-block NL* ('while'|'until') NL* '(' NL* pipeline-chain NL* ')'"""
        kw = self._next(CMD)
        body = self._expect_loop_body("MissingLoopStatement", kw.end, "do")
        if body is None:
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._skip_newlines()
        t = self._peek(CMD)
        if not (t.kind is K.KEYWORD and t.value in ("while", "until")):
            self._error_after("MissingWhileOrUntilInDoWhile", self._last_end)
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        w = self._consume()
        cond = self._parse_condition(w, "MissingOpenParenthesisAfterKeyword",
                                     "MissingExpressionAfterKeyword")
        if cond is None:
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        node = A.DoWhileStatementAst if w.value == "while" else A.DoUntilStatementAst
        return node(None, cond, body, extent=self._ext(kw.start))

    def _parse_for_statement(self) -> A.StatementAst:
        """for := 'for' NL* '(' NL* pipeline-chain? ';'? NL* pipeline-chain? ';'? NL*
        pipeline-chain? NL* ')' stmt-block"""
        kw = self._next(CMD)
        self._skip_newlines()
        lp = self._peek(CMD)
        if lp.kind is not K.LPAREN:
            self._error_after("MissingOpenParenthesisAfterKeyword", kw.end, "for")
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        parts: list[Optional[A.StatementAst]] = []
        for index in range(3):
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind in (K.SEMI, K.RPAREN, K.EOF):
                parts.append(None)
            else:
                parts.append(self._parse_pipeline_chain())
            if index < 2:
                # `;` or newlines separate the three parts.
                t = self._peek(CMD)
                if t.kind is K.SEMI:
                    self._consume()
        self._skip_newlines()
        if not self._close_condition("for"):
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        body = self._expect_loop_body("MissingLoopStatement", self._last_end, "for")
        return A.ForStatementAst(None, parts[0], parts[1], parts[2],
                                 body or A.StatementBlockAst(), extent=self._ext(kw.start))

    def _parse_foreach_statement(self) -> A.StatementAst:
        """foreach := 'foreach' NL* ('-parallel' | '-throttlelimit' NL* single-argument)* NL*
        '(' NL* variable NL* 'in' NL* pipeline-chain NL* ')' stmt-block"""
        kw = self._next(CMD)
        parallel = False
        throttle: Optional[A.ExpressionAst] = None
        while True:
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind is not K.PARAMETER:
                break
            self._consume()
            name = t.value[0].lower()
            if name and "parallel".startswith(name):
                parallel = True
                self._error("KeywordParameterReservedForFutureUse", t.start, t.end, "foreach",
                            "parallel")
            elif name and "throttlelimit".startswith(name):
                self._skip_newlines()
                throttle = self._parse_command_argument_item()
                self._error("KeywordParameterReservedForFutureUse", t.start, t.end, "foreach",
                            "throttlelimit")
            else:
                self._error("InvalidForeachFlag", t.start, t.end, t.value[0])
        lp = self._peek(CMD)
        if lp.kind is not K.LPAREN:
            self._error_after("MissingOpenParenthesisAfterKeyword", self._last_end, "foreach")
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        self._skip_newlines(EXPR)
        v = self._peek(EXPR)
        if v.kind is not K.VARIABLE:
            if v.kind is K.SPLATTED_VARIABLE:
                self._error("SplattingNotPermitted", v.start, v.end, v.value[0])
            self._error_after("MissingVariableNameAfterForeach", lp.end)
            self._sync_to_paren()
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        variable = self._plain_variable(v)
        self._skip_newlines()
        t = self._peek(CMD)
        if not (t.kind is K.KEYWORD and t.value == "in"):
            self._error_after("MissingInInForeach", v.end)
            self._sync_to_paren()
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        i = self._consume()
        self._skip_newlines()
        cond = self._parse_pipeline_chain()
        if cond is None:
            self._error_after("MissingForeachExpression", i.end)
            cond = A.ErrorStatementAst()
        self._skip_newlines()
        rp = self._peek(CMD)
        if rp.kind is K.RPAREN:
            self._consume()
        else:
            self._error_at_eof("MissingEndParenthesisAfterForeach", self._last_end,
                               self._last_end, rp)
            if rp.kind is not K.LCURLY:
                return A.ErrorStatementAst(extent=self._ext(kw.start))
        body = self._expect_loop_body("MissingForeachStatement", self._last_end)
        return A.ForEachStatementAst(None, variable, cond, body or A.StatementBlockAst(),
                                     parallel, throttle, extent=self._ext(kw.start))

    def _parse_switch_statement(self) -> A.StatementAst:
        """switch := 'switch' NL* switch-flag* ('(' NL* pipeline-chain NL* ')' | ) NL*
        '{' NL* (clause (';'|NL)*)+ '}'
        clause := ('default' | single-argument) stmt-block"""
        kw = self._next(CMD)
        flags: dict[str, bool] = {}
        condition: Optional[A.StatementAst] = None
        while True:
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind is not K.PARAMETER:
                break
            self._consume()
            name = t.value[0].lower()
            flag = next((f for f in _SWITCH_FLAGS if name and f.startswith(name)), None)
            if flag is None:
                self._error("InvalidSwitchFlag", t.start, t.end, t.value[0])
                continue
            if flag in ("regex", "wildcard", "exact"):
                for other in ("regex", "wildcard", "exact"):
                    flags[other] = False
            flags[flag] = True
            if flag == "parallel":
                self._error("KeywordParameterReservedForFutureUse", t.start, t.end, "switch",
                            "parallel")
            if flag == "file":
                self._skip_newlines()
                nt = self._peek(CMD)
                path = None if nt.kind in _END_OF_COMMAND or nt.kind is K.LCURLY \
                    else self._parse_command_argument_item()
                if path is None:
                    self._error_after("MissingFilenameOption", t.end)
                else:
                    condition = _expression_statement(path)
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind is K.LPAREN:
            lp = self._consume()
            if flags.get("file"):
                self._error("PipelineValueRequired", lp.start, lp.end)
            self._skip_newlines()
            condition = self._parse_pipeline_chain()
            if condition is None:
                self._error_after("PipelineValueRequired", lp.end)
            self._skip_newlines()
            rp = self._peek(CMD)
            if rp.kind is K.RPAREN:
                self._consume()
            else:
                self._error_at_eof("MissingEndParenthesisInSwitchStatement", self._last_end,
                                   self._last_end, rp)
        elif not flags.get("file"):
            self._error_after("PipelineValueRequired", self._last_end)
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._skip_newlines()
        lc = self._peek(CMD)
        if lc.kind is not K.LCURLY:
            self._error_after("MissingCurlyBraceInSwitchStatement", self._last_end)
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        clauses: list[A.SwitchClause] = []
        default: Optional[A.StatementBlockAst] = None
        while True:
            self._skip_separators()
            t = self._peek(CMD)
            if t.kind is K.RCURLY:
                self._consume()
                break
            if t.kind is K.EOF:
                self._error_at_eof("MissingSwitchConditionExpression", self._last_end,
                                   self._last_end, t)
                break
            is_default = t.kind is K.IDENTIFIER and t.text.lower() == "default"
            if is_default:
                self._consume()
                cond: Optional[A.ExpressionAst] = None
            else:
                cond = self._parse_command_argument_item()
                if cond is None:
                    self._error("MissingSwitchConditionExpression", t.start, t.end)
                    self._consume()
                    continue
            body = self._expect_loop_body("MissingSwitchStatementClause", self._last_end)
            if body is None:
                self._sync()
                continue
            if is_default:
                if default is not None:
                    self._error("MultipleSwitchDefaultClauses", t.start, t.end)
                default = body
            else:
                assert cond is not None
                clauses.append(A.SwitchClause(cond, body))
        sw_flags = A.SwitchFlags(
            regex=flags.get("regex", False), wildcard=flags.get("wildcard", False),
            exact=flags.get("exact", False), case_sensitive=flags.get("casesensitive", False),
            parallel=flags.get("parallel", False), file=flags.get("file", False))
        return A.SwitchStatementAst(None, condition, sw_flags, tuple(clauses), default,
                                    extent=self._ext(kw.start))

    def _parse_function_definition(self) -> A.StatementAst:
        """function := ('function'|'filter'|'workflow') NL* func-name NL*
        ('(' param-list NL* ')')? NL* '{' script-block-body '}'"""
        kw = self._next(CMD)
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind in (K.EOF, K.NEWLINE, K.LCURLY, K.LPAREN, K.RPAREN, K.RCURLY, K.SEMI,
                      K.PIPE, K.AT_PAREN, K.AT_CURLY, K.AMPERSAND, K.AND_AND, K.OR_OR,
                      K.VARIABLE, K.REDIRECTION) or t.kind in _STRING_KINDS:
            self._error_after("MissingNameAfterKeyword", kw.end, kw.text.lower())
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        name = t.value if t.kind is K.GENERIC else t.text
        self._skip_newlines()
        parameters: tuple[A.ParameterAst, ...] = ()
        lp = self._peek(CMD)
        if lp.kind is K.LPAREN:
            self._consume()
            parameters = self._parse_parameter_list(lp)
            self._skip_newlines()
        lc = self._peek(CMD)
        if lc.kind is not K.LCURLY:
            self._error_after("MissingFunctionBody", self._last_end)
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        body = self._parse_script_block()
        if parameters and body.param_block is not None:
            pb = body.param_block
            self._error("OnlyOneParameterListAllowed", pb.extent.start_offset,
                        pb.extent.end_offset)
        is_filter = kw.value == "filter"
        if kw.value == "workflow":
            self._error("WorkflowNotSupportedInPowerShellCore", kw.start, self._last_end)
        if is_filter and body.end_block is not None and body.end_block.unnamed:
            # A filter's body is its process block.
            body = evolve(body, process_block=evolve(body.end_block,
                                                     kind=A.BlockKind.PROCESS),
                          end_block=None)
        return A.FunctionDefinitionAst(name, body, is_filter=is_filter,
                                       is_workflow=kw.value == "workflow",
                                       parameters=parameters, extent=self._ext(kw.start))

    def _parse_script_block(self) -> A.ScriptBlockAst:
        """scriptblock := '{' script-block-body '}'   (the `{` is the lookahead)"""
        lc = self._next(CMD)
        saved = self._in_finally, self._loops_in_finally
        self._in_finally, self._loops_in_finally = False, 0
        try:
            body = self._parse_script_block_body(lc.start, K.RCURLY)
        finally:
            self._in_finally, self._loops_in_finally = saved
        t = self._peek(CMD)
        if t.kind is K.RCURLY:
            self._consume()
        else:
            self._error_at_eof("MissingEndCurlyBrace", lc.start, lc.end, t)
        return evolve(body, extent=self._ext(lc.start))

    def _parse_flow_statement(self) -> A.StatementAst:
        """return/exit/throw := keyword pipeline-chain?"""
        kw = self._next(CMD)
        t = self._peek(CMD)
        pipeline = None
        if t.kind not in _END_OF_COMMAND:
            pipeline = self._parse_pipeline_chain()
        node: Any = {"return": A.ReturnStatementAst, "exit": A.ExitStatementAst,
                     "throw": A.ThrowStatementAst}[kw.value]
        if kw.value == "return" and self._in_finally:
            self._error("ControlLeavingFinally", kw.start, self._last_end)
        return node(pipeline, extent=self._ext(kw.start))  # type: ignore[no-any-return]

    def _parse_break_statement(self) -> A.StatementAst:
        """break/continue := ('break'|'continue') (simple-name | unary-expr)?"""
        kw = self._next(CMD)
        t = self._peek(CMD)
        label: Optional[A.ExpressionAst] = None
        if t.kind in (K.IDENTIFIER, K.GENERIC, K.KEYWORD):
            self._consume()
            label = A.StringConstantExpressionAst(t.value if t.kind is K.GENERIC else t.text,
                                                  A.StringKind.BARE_WORD, extent=t.extent)
        elif t.kind not in _END_OF_COMMAND:
            label = self._parse_unary()
        node = A.BreakStatementAst if kw.value == "break" else A.ContinueStatementAst
        if self._in_finally and not self._loops_in_finally:
            self._error("ControlLeavingFinally", kw.start, self._last_end)
        return node(label, extent=self._ext(kw.start))

    def _parse_trap_statement(self) -> A.StatementAst:
        """trap := 'trap' NL* type-literal? stmt-block"""
        kw = self._next(CMD)
        self._skip_newlines()
        trap_type = None
        t = self._peek(CMD)
        if t.text.startswith("["):
            trap_type = self._parse_type_constraint()
        body = self._expect_block("MissingTrapStatement", self._last_end)
        return A.TrapStatementAst(trap_type, body or A.StatementBlockAst(),
                                  extent=self._ext(kw.start))

    def _parse_type_constraint(self) -> Optional[A.TypeConstraintAst]:
        """type-literal := '[' type-name ']'   (as a catch or trap type)"""
        lb = self._peek(EXPR)
        if lb.kind is not K.LBRACKET:
            return None
        self._consume()
        attr = self._parse_attribute_after_lbracket(lb)
        if isinstance(attr, A.TypeConstraintAst):
            return attr
        return None

    def _parse_try_statement(self) -> A.StatementAst:
        """try := 'try' stmt-block (NL* 'catch' (NL* type-literal (NL* ',' NL* type-literal)*)?
        stmt-block)* (NL* 'finally' stmt-block)?"""
        kw = self._next(CMD)
        body = self._expect_block("MissingTryStatementBlock", kw.end)
        if body is None:
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        catches: list[A.CatchClauseAst] = []
        final: Optional[A.StatementBlockAst] = None
        while True:
            state = self._save()
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind is K.KEYWORD and t.value == "catch":
                self._consume()
                types: list[A.TypeConstraintAst] = []
                while True:
                    self._skip_newlines()
                    t2 = self._peek(CMD)
                    if not t2.text.startswith("["):
                        if types:
                            self._error_after("MissingTypeLiteralToken", self._last_end)
                        break
                    tc = self._parse_type_constraint()
                    if tc is None:
                        break
                    types.append(tc)
                    self._skip_newlines()
                    if self._peek(CMD).kind is not K.COMMA:
                        break
                    self._consume()
                block = self._expect_block("MissingCatchHandlerBlock", self._last_end)
                if block is None:
                    break
                if catches and catches[-1].is_catch_all:
                    previous = catches[-1].extent
                    self._error("EmptyCatchNotLast", previous.start_offset, previous.end_offset)
                for tc in types:
                    name = tc.type_name.full_name
                    if any(name.lower() == other.type_name.full_name.lower()
                           for c in catches for other in c.catch_types):
                        self._error("ExceptionTypeAlreadyCaught", tc.extent.start_offset,
                                    tc.extent.end_offset, name)
                catches.append(A.CatchClauseAst(tuple(types), block, extent=self._ext(t.start)))
                continue
            if t.kind is K.KEYWORD and t.value == "finally":
                f = self._consume()
                saved = self._in_finally, self._loops_in_finally
                self._in_finally, self._loops_in_finally = True, 0
                try:
                    final = self._expect_block("MissingFinallyStatementBlock", f.end)
                finally:
                    self._in_finally, self._loops_in_finally = saved
                break
            self._restore(state)
            break
        if not catches and final is None:
            self._error_after("MissingCatchOrFinally", body.extent.end_offset)
        return A.TryStatementAst(body, tuple(catches), final, extent=self._ext(kw.start))

    def _parse_data_statement(self) -> A.StatementAst:
        """data := 'data' NL* simple-name? NL* ('-supportedcommand' argument)? stmt-block"""
        kw = self._next(CMD)
        self._skip_newlines()
        name = None
        t = self._peek(CMD)
        if t.kind in (K.IDENTIFIER, K.GENERIC):
            self._consume()
            name = t.value if t.kind is K.GENERIC else t.text
            self._skip_newlines()
            t = self._peek(CMD)
        commands: tuple[A.ExpressionAst, ...] = ()
        if t.kind is K.PARAMETER:
            self._consume()
            if not t.value[0] or not "supportedcommand".startswith(t.value[0].lower()):
                self._error("InvalidParameterForDataSectionStatement", t.start, t.end, t.text)
                self._sync()
                return A.ErrorStatementAst(extent=self._ext(kw.start))
            commands = self._parse_supported_commands(t)
            if not commands:
                return A.ErrorStatementAst(extent=self._ext(kw.start))
        body = self._expect_block("MissingStatementBlockForDataSection", self._last_end)
        return A.DataStatementAst(name, commands, body or A.StatementBlockAst(),
                                  extent=self._ext(kw.start))

    def _parse_supported_commands(self, parameter: Token) -> tuple[A.ExpressionAst, ...]:
        """single-argument (',' NL* single-argument)*  after -SupportedCommand"""
        commands: list[A.ExpressionAst] = []
        while True:
            t = self._peek(CMD)
            item = None if t.kind in _END_OF_COMMAND or t.kind is K.LCURLY \
                else self._parse_command_argument_item()
            if item is None:
                self._error_after("MissingValueForSupportedCommandInDataSectionStatement",
                                  self._last_end)
                return ()
            commands.append(item)
            if self._peek(CMD).kind is not K.COMMA:
                return tuple(commands)
            self._consume()
            self._skip_newlines()

    def _parse_using_statements(self) -> list[A.UsingStatementAst]:
        """using-stmt* at the start of a script"""
        usings: list[A.UsingStatementAst] = []
        if self._start != 0:
            return usings
        while True:
            self._skip_separators()
            t = self._peek(CMD)
            if not (t.kind is K.KEYWORD and t.value == "using"):
                return usings
            stmt = self._parse_using_statement()
            if isinstance(stmt, A.UsingStatementAst):
                usings.append(stmt)

    def _parse_using_statement(self) -> A.StatementAst:
        """using-stmt := 'using' ('namespace'|'module'|'assembly'|'type'|'command') name
        ('=' name)? T"""
        kw = self._next(CMD)
        t = self._peek(CMD)
        kind = t.text.lower()
        if kind not in ("namespace", "module", "assembly", "type", "command"):
            self._error("UnexpectedToken", t.start, t.end, t.text)
            self._sync()
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        self._consume()
        name = self._parse_command_argument_item()
        if name is None:
            self._error_after("MissingNameAfterKeyword", self._last_end, "using " + kind)
            return A.ErrorStatementAst(extent=self._ext(kw.start))
        alias = None
        t = self._peek(CMD)
        if t.kind is K.OPERATOR and t.value == "=" or (t.kind is K.GENERIC and t.text == "="):
            self._consume()
            alias = self._parse_command_argument_item()
            name, alias = alias or name, name
        t = self._peek(CMD)
        if t.kind not in _STATEMENT_END:
            self._error("MissingStatementTerminator", t.start, t.end)
            self._sync()
        return A.UsingStatementAst(kind, name, alias, extent=self._ext(kw.start))

    def _parse_misplaced_using(self) -> A.StatementAst:
        """using-stmt anywhere but the start of a script: parsed, then refused"""
        stmt = self._parse_using_statement()
        self._error("UsingMustBeAtStartOfScript", stmt.extent.start_offset,
                    stmt.extent.end_offset)
        return stmt

    def _parse_class_statement(self) -> A.StatementAst:
        """class | enum   (without attributes before the keyword)"""
        return self._parse_type_definition(())

    # ------------------------------------------------------------------ classes and enums

    def _parse_type_definition(self, attributes: tuple[A.AttributeAst, ...]) -> A.StatementAst:
        """class := 'class' NL* simple-name NL* (':' NL* type-name (',' NL* type-name)*)?
        '{' member* '}'
        enum := 'enum' NL* simple-name (':' NL* type-name)? NL* '{' enum-member* '}'"""
        kw = self._next(CMD)
        start = attributes[0].extent.start_offset if attributes else kw.start
        is_enum = kw.value == "enum"
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind not in (K.IDENTIFIER, K.GENERIC, K.KEYWORD):
            self._error_after("MissingNameAfterKeyword", kw.end, kw.value)
            self._sync()
            return A.ErrorStatementAst(extent=self._ext(start))
        self._consume()
        name = t.value if t.kind is K.GENERIC else t.text
        bases: list[A.AnyTypeName] = []
        if name.endswith(":"):
            name = name[:-1]
            colon = True
        else:
            self._skip_newlines(EXPR)
            colon = self._peek(EXPR).kind is K.COLON
            if colon:
                self._consume()
        if colon:
            while True:
                self._skip_newlines(TYPE)
                tn = self._peek(TYPE)
                if tn.kind is not K.IDENTIFIER:
                    self._error_after("MissingTypename", self._last_end)
                    break
                self._consume()
                bases.append(self._parse_type_name_rest(tn))
                self._skip_newlines(TYPE)
                if self._peek(TYPE).kind is not K.COMMA:
                    break
                self._consume()
        self._skip_newlines()
        lc = self._peek(CMD)
        if lc.kind is not K.LCURLY:
            self._error_after("MissingTypeBody", self._last_end)
            return A.ErrorStatementAst(extent=self._ext(start))
        self._consume()
        members: list[Any] = []
        while True:
            self._skip_separators()
            t = self._peek(CMD)
            if t.kind is K.RCURLY:
                self._consume()
                break
            if t.kind is K.EOF:
                self._error_at_eof("MissingEndCurlyBrace", lc.end, lc.end, t)
                break
            before = t.start
            member = (self._parse_enum_member() if is_enum
                      else self._parse_class_member(name))
            if member is not None:
                members.append(member)
            elif self._peek(CMD).start == before:
                self._error("UnexpectedToken", t.start, t.end, t.text)
                self._consume()
                self._sync()
        return A.TypeDefinitionAst(name, is_enum, tuple(bases), tuple(members), attributes,
                                   extent=self._ext(start))

    def _parse_enum_member(self) -> Optional[A.EnumMemberAst]:
        """enum-member := simple-name ('=' expr)? (NL|';'|before '}')"""
        t = self._peek(CMD)
        if t.kind not in (K.IDENTIFIER, K.KEYWORD, K.GENERIC):
            return None
        if t.kind is K.GENERIC and "=" in t.text:
            # `A=1` lexes as one bareword in command mode; read it again as an expression.
            self._unget_all()
            t = self._peek(EXPR)
            if t.kind is not K.IDENTIFIER:
                return None
        self._consume()
        value = None
        nt = self._peek(EXPR)
        if nt.kind is K.OPERATOR and nt.value == "=":
            eq = self._consume()
            self._skip_newlines(EXPR)
            value = self._parse_expression()
            if value is None:
                self._error_after("ExpectedValueExpression", eq.end, "=")
        return A.EnumMemberAst(t.text, value, extent=self._ext(t.start))

    def _parse_class_member(self, class_name: str) -> Optional[Any]:
        """member := (attribute | type-constraint | 'static' | 'hidden')* (variable ('=' expr)?
        | simple-name '(' param-list ')' (':' 'base' '(' args ')')? '{' body '}')"""
        start = self._peek(CMD).start
        attributes: list[A.AttributeAst] = []
        type_constraint: Optional[A.TypeConstraintAst] = None
        is_static = is_hidden = False
        while True:
            self._skip_newlines()
            t = self._peek(CMD)
            if t.kind is K.KEYWORD and t.value in ("static", "hidden"):
                self._consume()
                if (is_static if t.value == "static" else is_hidden):
                    self._error("DuplicateQualifier", t.start, t.end, t.value)
                if t.value == "static":
                    is_static = True
                else:
                    is_hidden = True
                continue
            if t.text.startswith("["):
                self._unget_all()
                lb = self._peek(EXPR)
                if lb.kind is not K.LBRACKET:
                    return None
                self._consume()
                attr = self._parse_attribute_after_lbracket(lb)
                if isinstance(attr, A.TypeConstraintAst):
                    if type_constraint is not None:
                        self._error("TooManyTypes", attr.extent.start_offset,
                                    attr.extent.end_offset)
                    type_constraint = attr
                elif isinstance(attr, A.AttributeAst):
                    attributes.append(attr)
                continue
            break
        t = self._peek(CMD)
        if (attributes or type_constraint is not None or is_static or is_hidden) and \
                t.kind in (K.RCURLY, K.EOF, K.SEMI, K.NEWLINE):
            self._error_after("IncompleteMemberDefinition", self._last_end)
            return None
        if t.kind is K.VARIABLE:
            self._consume()
            value = None
            nt = self._peek(EXPR)
            if nt.kind is K.OPERATOR and nt.value == "=":
                eq = self._consume()
                self._skip_newlines(EXPR)
                value = self._parse_expression()
                if value is None:
                    self._error_after("ExpectedValueExpression", eq.end, "=")
            end = self._peek(CMD)
            if end.kind not in (K.NEWLINE, K.SEMI, K.RCURLY, K.EOF):
                self._error("MissingPropertyTerminator", end.start, end.end)
                self._sync()
            return A.PropertyMemberAst(t.value[0], type_constraint, tuple(attributes), value,
                                       is_static, is_hidden, extent=self._ext(start))
        if t.kind in (K.IDENTIFIER, K.KEYWORD):
            self._consume()
            lp = self._peek(CMD)
            if lp.kind is not K.LPAREN:
                self._error_after("MissingOpenParenthesisInMethodParameterList", t.end)
                self._sync()
                return None
            self._consume()
            params = self._parse_parameter_list(lp)
            base_args: Optional[tuple[A.ExpressionAst, ...]] = None
            self._skip_newlines(EXPR)
            if self._peek(EXPR).kind is K.COLON:
                self._consume()
                self._skip_newlines(EXPR)
                b = self._peek(EXPR)
                if b.kind is K.IDENTIFIER and b.text.lower() == "base":
                    self._consume()
                    self._skip_newlines(EXPR)
                    p = self._peek(EXPR)
                    if p.kind is K.LPAREN:
                        self._consume()
                        base_args = self._parse_method_arguments(p)
            self._skip_newlines()
            lc = self._peek(CMD)
            if lc.kind is not K.LCURLY:
                self._error_after("MissingFunctionBody", self._last_end)
                return None
            body = self._parse_script_block()
            return A.FunctionMemberAst(
                t.text, body, params, type_constraint, tuple(attributes), is_static, is_hidden,
                is_constructor=t.text.lower() == class_name.lower(), base_arguments=base_args,
                extent=self._ext(start))
        return None

    # ================================================================== pipelines

    def _parse_pipeline_chain(self) -> Optional[A.StatementAst]:
        """pipeline-chain := (expr assign-op NL* statement)
                           | pipeline (('&&'|'||') NL* pipeline)* ('&')?"""
        left = self._parse_pipeline(allow_assignment=True)
        if left is None or isinstance(left, A.AssignmentStatementAst):
            return left
        result: A.StatementAst = left
        while True:
            t = self._peek(CMD)
            if t.kind is K.AND_AND or t.kind is K.OR_OR:
                self._consume()
                if isinstance(result, (A.PipelineAst, A.PipelineChainAst)) and \
                        result.background:
                    self._error("BackgroundOperatorInPipelineChain", t.start, t.end)
                self._skip_newlines()
                right = self._parse_pipeline(allow_assignment=False)
                if right is None or isinstance(right, A.AssignmentStatementAst):
                    nt = self._peek(CMD)
                    if nt.kind is K.EOF:
                        self._error_after("EmptyPipelineChainElement", t.end)
                    else:
                        self._error("EmptyPipelineChainElement", t.start, nt.end)
                    return result
                result = A.PipelineChainAst(result, t.text, right,  # type: ignore[arg-type]
                                            extent=self._ext(left.extent.start_offset))
                continue
            if t.kind is K.AMPERSAND:
                last = result.right if isinstance(result, A.PipelineChainAst) else result
                if not (isinstance(last, A.PipelineAst)
                        and isinstance(last.elements[-1], A.CommandAst)):
                    # Only a command runs in the background: `1 &` is an unexpected `&`.
                    return result
                self._consume()
                result = evolve(result, background=True,  # type: ignore[call-arg]
                                extent=self._ext(left.extent.start_offset))
                continue
            return result

    def _parse_pipeline(self, allow_assignment: bool) -> Optional[A.StatementAst]:
        """pipeline := element ( NL? '|' NL* command )*"""
        t = self._peek(CMD)
        start = t.start
        elements: list[A.CommandBaseAst] = []
        if t.kind is K.PIPE:
            self._error("EmptyPipeElement", t.start, t.end)
        else:
            first = self._parse_pipeline_element(allow_assignment)
            if first is None:
                return None
            if isinstance(first, A.AssignmentStatementAst):
                return first
            elements.append(first)
        while True:
            t = self._peek(CMD)
            if t.kind is K.NEWLINE and elements and self._pipe_continues(t.end):
                self._skip_newlines()
                t = self._peek(CMD)
            if t.kind is not K.PIPE:
                break
            pipe = self._consume()
            self._skip_newlines()
            nt = self._peek(CMD)
            if nt.kind in _END_OF_COMMAND and nt.kind is not K.AMPERSAND:
                self._error_after("EmptyPipeElement", pipe.end)
                if nt.kind is K.PIPE:
                    continue
                break
            element = self._parse_pipeline_element(False)
            if element is None:
                self._error_after("EmptyPipeElement", pipe.end)
                break
            if isinstance(element, A.CommandExpressionAst):
                self._error("ExpressionsMustBeFirstInPipeline", element.extent.start_offset,
                            element.extent.end_offset)
            elements.append(element)  # type: ignore[arg-type]
        if not elements:
            return None
        return A.PipelineAst(tuple(elements), extent=self._ext(start))

    def _pipe_continues(self, offset: int) -> bool:
        """A pipeline continues over newlines when the next non-comment line starts with `|`
        (blank lines in between end it)."""
        text = self.text
        n = self.tok.end
        i = offset
        while i < n:
            c = text[i]
            if c == " " or c == "\t":
                i += 1
            elif c == "#":
                j = text.find("\n", i)
                if j < 0:
                    return False
                i = j + 1
            elif c == "|":
                return not text.startswith("||", i)
            else:
                return False
        return False

    def _parse_pipeline_element(self, allow_assignment: bool
                                ) -> Optional[Union[A.CommandBaseAst,
                                                    A.AssignmentStatementAst]]:
        """element := expr redirection* | command; with an assignment operator after the
        expression this is an assignment whose right side is a statement"""
        t = self._peek(EXPR, signed=True)
        k = t.kind
        if k in _OPERAND_START or k is K.COMMA or (
                k is K.OPERATOR and t.value in UNARY_OPERATORS):
            expr = self._parse_expression()
            if expr is not None:
                nt = self._peek(EXPR)
                if nt.kind is K.OPERATOR and nt.value in ASSIGNMENT_OPERATORS:
                    if allow_assignment:
                        return self._parse_assignment(expr)
                    self._error("UnexpectedToken", nt.start, nt.end, nt.text)
                redirections = self._parse_redirections(EXPR)
                return A.CommandExpressionAst(expr, redirections,
                                              extent=self._ext(expr.extent.start_offset))
        return self._parse_command()

    def _parse_assignment(self, left: A.ExpressionAst) -> A.AssignmentStatementAst:
        """assignment := expr assign-op NL* statement"""
        op = self._consume()
        operator = _ASSIGN_OPS[op.value]
        if not _is_assignable(left, operator is A.AssignmentOperator.EQUALS):
            self._error("InvalidLeftHandSide", left.extent.start_offset, left.extent.end_offset)
        elif isinstance(left, A.ConvertExpressionAst) and _is_void(left.type.type_name):
            self._error("VoidTypeConstraintNotAllowed", left.type.extent.start_offset,
                        left.type.extent.end_offset)
        self._skip_newlines()
        right = self._parse_statement()
        if right is None:
            self._error_after("ExpectedValueExpression", op.end, op.text)
            right = A.ErrorStatementAst(extent=self._ext(op.end, op.end))
        return A.AssignmentStatementAst(left, operator, right,
                                        extent=self._ext(left.extent.start_offset))

    # ================================================================== commands

    def _parse_command(self) -> Optional[A.CommandAst]:
        """command := ('&' | '.')? name-expr command-element*"""
        t = self._peek(CMD)
        k = t.kind
        invocation = A.InvocationOperator.NONE
        if k is K.AMPERSAND or k is K.DOT:
            self._consume()
            invocation = A.InvocationOperator.AMPERSAND if k is K.AMPERSAND \
                else A.InvocationOperator.DOT
            name = self._parse_command_argument_item()
            if name is None:
                self._error("MissingExpression", t.start, t.end, t.text)
                return A.CommandAst((A.ErrorExpressionAst(extent=t.extent),), invocation,
                                    extent=t.extent)
        else:
            if k in _END_OF_COMMAND or k is K.COMMA or k is K.LCURLY or k is K.LPAREN \
                    or k in _PRIMARY_START:
                return None
            self._consume()
            if self.record is not None:
                self.record[-1] = self.record[-1]._replace(kind=K.COMMAND_NAME)
            value = t.value if k is K.GENERIC else t.text
            name = A.StringConstantExpressionAst(value, A.StringKind.BARE_WORD, extent=t.extent)
        elements: list[A.CommandElementAst] = [name]
        redirections: list[A.RedirectionAst] = []
        verbatim = self._parse_command_elements(elements, redirections)
        return A.CommandAst(tuple(elements), invocation, tuple(redirections),
                            verbatim_argument=verbatim, extent=self._ext(t.start))

    def _parse_command_elements(self, elements: list[A.CommandElementAst],
                                redirections: list[A.RedirectionAst]) -> Optional[str]:
        """command-element := parameter | argument | redirection | '--' | '--%' verbatim-rest"""
        end_of_parameters = False
        streams: set[str] = set()
        while True:
            t = self._peek(CMD)
            k = t.kind
            if k in _END_OF_COMMAND:
                return None
            if k is K.PARAMETER and not end_of_parameters:
                self._consume()
                name, colon = t.value
                argument = None
                if colon:
                    argument = self._parse_command_argument()
                    if argument is None:
                        self._error("ParameterRequiresArgument", t.end, t.end, t.text)
                elements.append(A.CommandParameterAst(name, argument, t.text,
                                                      extent=self._ext(t.start)))
            elif k is K.OPERATOR and t.value == "--" and not end_of_parameters:
                self._consume()
                end_of_parameters = True
                elements.append(A.CommandParameterAst("-", None, t.text, extent=t.extent))
            elif k is K.REDIRECTION:
                r = self._parse_redirection(streams)
                if r is not None:
                    redirections.append(r)
            elif k is K.GENERIC and t.value == "--%":
                self._consume()
                elements.append(A.StringConstantExpressionAst("--%", A.StringKind.BARE_WORD,
                                                              extent=t.extent))
                self._unget_all()
                v = self.tok.verbatim_argument()
                if v is not None:
                    if self.record is not None:
                        self.record.append(v)
                    self._last_end = v.end
                    return str(v.value)
                return ""
            elif k is K.COMMA:
                self._error("MissingArgument", t.start, t.end)
                self._consume()
            else:
                arg = self._parse_command_argument()
                if arg is None:
                    self._error("UnexpectedToken", t.start, t.end, t.text)
                    self._consume()
                    continue
                elements.append(arg)

    def _parse_command_argument(self) -> Optional[A.ExpressionAst]:
        """argument := arg-item (',' NL* arg-item)*"""
        first = self._parse_command_argument_item()
        if first is None:
            return None
        t = self._peek(CMD)
        if t.kind is not K.COMMA:
            return first
        items = [first]
        while t.kind is K.COMMA:
            comma = self._consume()
            self._skip_newlines()
            nt = self._peek(CMD)
            item = None if nt.kind in _END_OF_COMMAND else self._parse_command_argument_item()
            if item is None:
                if nt.kind is K.COMMA:
                    self._error("MissingArgument", nt.start, nt.end)
                else:
                    self._error_after("MissingExpression", comma.end, ",")
                break
            items.append(item)
            t = self._peek(CMD)
        for item in items:
            if isinstance(item, A.VariableExpressionAst) and item.splatted:
                self._error("SplattingNotPermittedInArgumentList", item.extent.start_offset,
                            item.extent.end_offset, item.path.user_path)
        return A.ArrayLiteralAst(tuple(items), extent=self._ext(first.extent.start_offset))

    def _parse_command_argument_item(self) -> Optional[A.ExpressionAst]:
        """arg-item := bareword | number | string | variable postfix* | '(' ... ')' postfix*
        | '$(' ... ')' postfix* | '@(' ... ')' postfix* | '@{' ... '}' postfix*
        | scriptblock postfix* | splat"""
        t = self._peek(CMD)
        k = t.kind
        if k is K.GENERIC:
            self._consume()
            return A.StringConstantExpressionAst(t.value, A.StringKind.BARE_WORD, extent=t.extent)
        if k is K.GENERIC_EXPANDABLE:
            self._consume()
            return self._expandable(t, A.StringKind.BARE_WORD, t.text)
        if k is K.NUMBER:
            self._consume()
            return A.ConstantExpressionAst(t.value, t.text, extent=t.extent)
        if k is K.SPLATTED_VARIABLE:
            self._consume()
            return self._variable(t, splatted=True)
        if k in _PRIMARY_START:
            return self._parse_primary()
        if k in _END_OF_COMMAND or k is K.COMMA or k is K.REDIRECTION:
            return None
        # Keywords, labels, operators and punctuation used as words.
        self._consume()
        return A.StringConstantExpressionAst(t.text, A.StringKind.BARE_WORD, extent=t.extent)

    def _parse_redirection(self, streams: set[str]) -> Optional[A.RedirectionAst]:
        """redirection := ('>'|'>>'|'n>'|'n>>'|'*>'|'*>>') single-argument | 'n>&1' | '*>&1'"""
        t = self._consume()
        stream, append, merge = t.value
        if stream == "<":
            self._error("RedirectionNotSupported", t.start, t.end, t.text)
            return None
        if stream in streams:
            self._error("StreamAlreadyRedirected", t.start, t.end, _STREAM_WORDS[stream])
        streams.add(stream)
        if merge is not None:
            if merge != "1" or stream == "1":
                self._error("RedirectionNotSupported", t.start, t.end, t.text)
                return None
            return A.MergingRedirectionAst(_STREAMS[stream], A.RedirectionStream.OUTPUT,
                                           extent=t.extent)
        nt = self._peek(CMD)
        target = None if nt.kind in _END_OF_COMMAND else self._parse_command_argument_item()
        if target is None:
            self._error("MissingFileSpecification", t.end, t.end)
            return None
        return A.FileRedirectionAst(_STREAMS[stream], target, append, extent=self._ext(t.start))

    def _parse_redirections(self, mode: Mode) -> tuple[A.RedirectionAst, ...]:
        """redirection* after an expression element"""
        result: list[A.RedirectionAst] = []
        streams: set[str] = set()
        while self._peek(mode).kind is K.REDIRECTION:
            r = self._parse_redirection(streams)
            if r is not None:
                result.append(r)
        return tuple(result)

    # ================================================================== expressions

    def _parse_expression(self, comma: bool = True) -> Optional[A.ExpressionAst]:
        """expr := ternary;  ternary := binary ('?' NL* expr NL* ':' NL* expr)?"""
        cond = self._parse_binary(comma)
        if cond is None:
            return None
        t = self._peek(EXPR)
        if not (t.kind is K.OPERATOR and t.value == "?"):
            return cond
        self._consume()
        saved = self.tok.in_ternary
        self.tok.in_ternary = True
        try:
            self._skip_newlines(EXPR)
            if_true = self._parse_expression(comma)
            if if_true is None:
                self._error_after("ExpectedValueExpression", t.end, "?")
                return cond
            self._skip_newlines(EXPR)
            c = self._peek(EXPR)
            if c.kind is not K.COLON:
                self._error_at_eof("MissingColonInTernaryExpression", c.start, c.end, c)
                return cond
            self._consume()
            self._skip_newlines(EXPR)
            if_false = self._parse_expression(comma)
            if if_false is None:
                self._error_after("ExpectedValueExpression", c.end, ":")
                if_false = A.ErrorExpressionAst(extent=self._ext(c.end, c.end))
        finally:
            self.tok.in_ternary = saved
        return A.TernaryExpressionAst(cond, if_true, if_false,
                                      extent=self._ext(cond.extent.start_offset))

    def _parse_binary(self, comma: bool, min_prec: int = 1) -> Optional[A.ExpressionAst]:
        """binary := array-lit (binop NL* array-lit)*   (precedence climbing, table 4.1)"""
        left = self._parse_array_literal() if comma else self._parse_unary()
        if left is None:
            return None
        return self._parse_binary_rest(left, min_prec, comma)

    def _parse_binary_rest(self, left: A.ExpressionAst, min_prec: int,
                           comma: bool) -> A.ExpressionAst:
        """(binop NL* operand)* for operators binding at least `min_prec`, left-associative;
        a tighter operator after an operand takes that operand first (precedence climbing)."""
        while True:
            t = self._peek(EXPR)
            if t.kind is not K.OPERATOR:
                return left
            prec = BINARY_PRECEDENCE.get(t.value)
            if prec is None or prec < min_prec:
                return left
            self._consume()
            self._skip_newlines(EXPR)
            right = self._parse_array_literal() if comma else self._parse_unary()
            if right is None:
                self._error_after("ExpectedValueExpression", t.end, t.text)
                right = A.ErrorExpressionAst(extent=self._ext(t.end, t.end))
            else:
                while True:
                    nt = self._peek(EXPR)
                    if nt.kind is not K.OPERATOR:
                        break
                    nprec = BINARY_PRECEDENCE.get(nt.value)
                    if nprec is None or nprec <= prec:
                        break
                    right = self._parse_binary_rest(right, nprec, comma)
            left = A.BinaryExpressionAst(left, BINARY_OPERATORS[t.value], right,
                                         extent=self._ext(left.extent.start_offset))

    def _parse_array_literal(self) -> Optional[A.ExpressionAst]:
        """array-lit := unary (',' NL* unary)*"""
        first = self._parse_unary()
        if first is None:
            return None
        t = self._peek(EXPR)
        if t.kind is not K.COMMA:
            return first
        items = [first]
        while t.kind is K.COMMA:
            self._consume()
            self._skip_newlines(EXPR)
            item = self._parse_unary()
            if item is None:
                self._error_after("MissingExpressionAfterToken", t.end, ",")
                break
            items.append(item)
            t = self._peek(EXPR)
        return A.ArrayLiteralAst(tuple(items), extent=self._ext(first.extent.start_offset))

    def _parse_unary(self) -> Optional[A.ExpressionAst]:
        """unary := ('-not'|'!'|'-bnot'|'+'|'-'|'++'|'--'|','|'-split'|'-join') NL* unary
                  | attribute+ (NL* unary)? | primary ('++'|'--')?"""
        t = self._peek(EXPR, signed=True)
        k = t.kind
        if k is K.OPERATOR:
            op = UNARY_OPERATORS.get(t.value)
            if op is None:
                return None
            self._consume()
            self._skip_newlines(EXPR)
            child = self._parse_unary()
            if child is None:
                self._error_after("MissingExpressionAfterOperator", t.end, t.text)
                child = A.ErrorExpressionAst(extent=self._ext(t.end, t.end))
            elif op in (A.UnaryOperator.PRE_INCREMENT, A.UnaryOperator.PRE_DECREMENT):
                self._check_increment_operand(child, t.text)
            return A.UnaryExpressionAst(op, child, extent=self._ext(t.start))
        if k is K.COMMA:
            self._consume()
            self._skip_newlines(EXPR)
            child = self._parse_unary()
            if child is None:
                self._error_after("MissingExpressionAfterOperator", t.end, ",")
                child = A.ErrorExpressionAst(extent=self._ext(t.end, t.end))
            return A.UnaryExpressionAst(A.UnaryOperator.COMMA, child, extent=self._ext(t.start))
        if k is K.LBRACKET:
            expr: Optional[A.ExpressionAst] = self._parse_cast_or_type_literal()
            # Only `[T]::Member` (not a cast) may take a postfix `++`.
            if not isinstance(expr, (A.MemberExpressionAst, A.IndexExpressionAst)):
                return expr
        else:
            expr = self._parse_primary()
        if expr is None:
            return None
        t = self._peek(EXPR)
        if t.kind is K.OPERATOR and (t.value == "++" or t.value == "--"):
            self._consume()
            self._check_increment_operand(expr, t.text)
            op = A.UnaryOperator.POST_INCREMENT if t.value == "++" \
                else A.UnaryOperator.POST_DECREMENT
            return A.UnaryExpressionAst(op, expr, extent=self._ext(expr.extent.start_offset))
        return expr

    def _check_increment_operand(self, expr: A.ExpressionAst, op_text: str) -> None:
        inner = expr
        while isinstance(inner, (A.ConvertExpressionAst, A.AttributedExpressionAst)):
            inner = inner.child
        if not isinstance(inner, (A.VariableExpressionAst, A.MemberExpressionAst,
                                  A.IndexExpressionAst)):
            self._error("OperatorRequiresVariableOrProperty", expr.extent.start_offset,
                        expr.extent.end_offset, op_text)

    def _parse_cast_or_type_literal(self) -> A.ExpressionAst:
        """'[' type-name ']' followed by an operand is a cast, by `.`/`::`/`[` a type literal
        with member access, and otherwise a bare type literal; `[A(...)]` is an attribute"""
        lb = self._consume()
        attr = self._parse_attribute_after_lbracket(lb)
        if attr is None:
            return A.ErrorExpressionAst(extent=self._ext(lb.start))
        if isinstance(attr, A.TypeConstraintAst):
            self._unget_all()
            c = self.text[self.tok.pos] if self.tok.pos < self.tok.end else ""
            if c == "." or (c == ":" and self.text.startswith("::", self.tok.pos)):
                return self._parse_postfix(A.TypeExpressionAst(attr.type_name,
                                                               extent=attr.extent))
        t = self._peek(EXPR, signed=True)
        if t.kind in _OPERAND_START or (t.kind is K.OPERATOR and t.value in UNARY_OPERATORS):
            child = self._parse_unary()
            if child is not None:
                if isinstance(attr, A.AttributeAst):
                    inner = child
                    while isinstance(inner, (A.ConvertExpressionAst, A.AttributedExpressionAst)):
                        inner = inner.child
                    if not isinstance(inner, A.VariableExpressionAst):
                        # Attributes decorate variables only (`[a()][b]` is an error).
                        self._unexpected_attribute(attr)
                if isinstance(attr, A.TypeConstraintAst):
                    name = attr.type_name
                    if isinstance(name, A.TypeName) and name.name.lower() == "ordered" and \
                            not isinstance(child, A.HashtableAst):
                        self._error("OrderedAttributeOnlyOnHashLiteralNode", lb.start,
                                    self._last_end, name.name)
                    return A.ConvertExpressionAst(attr, child, extent=self._ext(lb.start))
                return A.AttributedExpressionAst(attr, child, extent=self._ext(lb.start))
        if isinstance(attr, A.AttributeAst):
            self._unexpected_attribute(attr)
            return A.ErrorExpressionAst(extent=self._ext(lb.start))
        return A.TypeExpressionAst(attr.type_name, extent=attr.extent)

    # ------------------------------------------------------------------ attributes and types

    def _unexpected_attribute(self, attr: A.AttributeAst) -> None:
        self._error("UnexpectedAttribute", attr.extent.start_offset, attr.extent.end_offset,
                    attr.type_name.full_name)

    def _parse_attribute_list(self) -> list[A.AttributeBaseAst]:
        """attribute* (newlines allowed between them)"""
        result: list[A.AttributeBaseAst] = []
        while True:
            self._skip_newlines(EXPR)
            lb = self._peek(EXPR)
            if lb.kind is not K.LBRACKET:
                return result
            self._consume()
            attr = self._parse_attribute_after_lbracket(lb)
            if attr is None:
                return result
            result.append(attr)

    def _parse_attribute_after_lbracket(self, lb: Token
                                        ) -> Optional[Union[A.AttributeAst,
                                                            A.TypeConstraintAst]]:
        """attribute := '[' NL* type-name ('(' NL* attr-args? NL* ')')? ']'"""
        self._skip_newlines(TYPE)
        t = self._peek(TYPE)
        if t.kind is not K.IDENTIFIER:
            self._error_after("MissingTypename", lb.end)
            if t.kind is K.RBRACKET:
                self._consume()
            return None
        self._consume()
        type_name = self._parse_type_name_rest(t)
        t = self._peek(TYPE)
        if t.kind is K.COMMA:
            # `[Type, Assembly, Version=...]`: the assembly part names where .NET would load
            # the type from; we resolve types by name only, so it is read and dropped.
            while t.kind not in (K.RBRACKET, K.EOF, K.NEWLINE, K.LPAREN):
                self._consume()
                t = self._peek(TYPE)
        if t.kind is K.LPAREN:
            self._consume()
            positional, named = self._parse_attribute_arguments(t)
            rb = self._peek(EXPR)
            if rb.kind is K.RBRACKET:
                self._consume()
            else:
                self._error("EndSquareBracketExpectedAtEndOfAttribute", self._last_end,
                            self._last_end)
            return A.AttributeAst(type_name, positional, named, extent=self._ext(lb.start))
        if t.kind is K.RBRACKET:
            self._consume()
        else:
            self._error("EndSquareBracketExpectedAtEndOfAttribute", self._last_end,
                        self._last_end)
        return A.TypeConstraintAst(type_name, extent=self._ext(lb.start))

    def _parse_type_name_rest(self, name: Token) -> A.AnyTypeName:
        """type-name := ident-chars ('[' (','* ']' | type-arg (',' type-arg)* ']'))*"""
        result: A.AnyTypeName = A.TypeName(name.text, extent=name.extent)
        while True:
            self._unget_all()
            if not self.text.startswith("[", self.tok.pos):
                return result
            self._next(TYPE)
            t = self._peek(TYPE)
            if t.kind is K.RBRACKET or t.kind is K.COMMA:
                rank = 1
                while self._peek(TYPE).kind is K.COMMA:
                    self._consume()
                    rank += 1
                if self._peek(TYPE).kind is K.RBRACKET:
                    self._consume()
                else:
                    self._error("EndSquareBracketExpectedAtEndOfAttribute", self._last_end,
                                self._last_end)
                    return result
                result = A.ArrayTypeName(result, rank, extent=self._ext(name.start))
                continue
            args: list[A.AnyTypeName] = []
            while True:
                self._skip_newlines(TYPE)
                t = self._peek(TYPE)
                if t.kind is K.LBRACKET:
                    self._consume()
                    inner = self._peek(TYPE)
                    if inner.kind is not K.IDENTIFIER:
                        self._error_after("MissingTypename", t.end)
                        return result
                    self._consume()
                    args.append(self._parse_type_name_rest(inner))
                    if self._peek(TYPE).kind is K.RBRACKET:
                        self._consume()
                elif t.kind is K.IDENTIFIER:
                    self._consume()
                    args.append(self._parse_type_name_rest(t))
                else:
                    self._error_after("MissingTypename", self._last_end)
                    return result
                t = self._peek(TYPE)
                if t.kind is K.COMMA:
                    self._consume()
                    continue
                if t.kind is K.RBRACKET:
                    self._consume()
                    break
                self._error("EndSquareBracketExpectedAtEndOfAttribute", self._last_end,
                            self._last_end)
                return result
            base = result if isinstance(result, A.TypeName) else A.TypeName(str(result))
            result = A.GenericTypeName(base, tuple(args), extent=self._ext(name.start))

    def _parse_attribute_arguments(self, lp: Token
                                   ) -> tuple[tuple[A.ExpressionAst, ...],
                                              tuple[A.NamedAttributeArgumentAst, ...]]:
        """attr-args := attr-arg (NL* ',' attr-arg)*;
        attr-arg := NL* (simple-name (NL* '=' NL* expr)? | expr)"""
        positional: list[A.ExpressionAst] = []
        named: list[A.NamedAttributeArgumentAst] = []
        while True:
            self._skip_newlines(EXPR)
            t = self._peek(EXPR)
            if t.kind is K.RPAREN:
                self._consume()
                break
            if t.kind is K.IDENTIFIER:
                self._consume()
                if any(n.name.lower() == t.text.lower() for n in named):
                    self._error("DuplicateNamedArgument", t.start, t.end, t.text)
                self._skip_newlines(EXPR)
                nt = self._peek(EXPR)
                if nt.kind is K.OPERATOR and nt.value == "=":
                    self._consume()
                    self._skip_newlines(EXPR)
                    value = self._parse_expression(comma=False)
                    if value is None:
                        self._error_after("ExpectedValueExpression", nt.end, "=")
                        value = A.ErrorExpressionAst(extent=self._ext(nt.end, nt.end))
                    named.append(A.NamedAttributeArgumentAst(t.text, value,
                                                             extent=self._ext(t.start)))
                else:
                    value = A.VariableExpressionAst(A.VariablePath("true"), extent=t.extent)
                    named.append(A.NamedAttributeArgumentAst(t.text, value, True,
                                                             extent=t.extent))
            else:
                value = self._parse_expression(comma=False)
                if value is None:
                    self._error_at_eof("MissingEndParenthesisInExpression", self._last_end,
                                       self._last_end, t)
                    if t.kind is not K.EOF and t.kind is not K.RBRACKET:
                        self._consume()
                    break
                positional.append(value)
            if not self._list_continues("MissingEndParenthesisInExpression"):
                break
        return tuple(positional), tuple(named)

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

    # ------------------------------------------------------------------ primary expressions

    def _parse_primary(self) -> Optional[A.ExpressionAst]:
        """primary := value postfix*
        value := number | string | variable | '(' NL* pipeline-chain NL* ')' | '$(' stmt-list
        ')' | '@(' stmt-list ')' | '@{' hash '}' | scriptblock"""
        t = self._ungot if self._ungot is not None else self._peek(EXPR)
        k = t.kind
        if k is K.VARIABLE:
            self._consume()
            expr: A.ExpressionAst = self._variable(t)
        elif k is K.NUMBER:
            self._consume()
            expr = A.ConstantExpressionAst(t.value, t.text, extent=t.extent)
        elif k in _STRING_KINDS:
            self._consume()
            expr = self._string(t)
        elif k is K.LPAREN:
            expr = self._parse_paren_expression()
        elif k is K.DOLLAR_PAREN or k is K.AT_PAREN:
            expr = self._parse_sub_expression()
        elif k is K.AT_CURLY:
            expr = self._parse_hash_literal()
        elif k is K.LCURLY:
            expr = self._parse_script_block_expression()
        elif k is K.SPLATTED_VARIABLE:
            self._consume()
            self._error("SplattingNotPermitted", t.start, t.end, t.value[0])
            expr = self._variable(t, splatted=True)
        else:
            return None
        return self._parse_postfix(expr)

    def _parse_postfix(self, expr: A.ExpressionAst) -> A.ExpressionAst:
        """postfix := ('.'|'::'|'?.') NL* member-name ('(' args ')' | scriptblock)?
                    | ('['|'?[') NL* expr NL* ']'     -- touching the expression"""
        while True:
            self._unget_all()
            op = self.tok.member_access_operator()
            if op is None:
                return expr
            self._last_end = op.end
            if self.record is not None:
                self.record.append(op)
            start = expr.extent.start_offset
            if op.kind is K.LBRACKET or op.kind is K.QUESTION_LBRACKET:
                self._skip_newlines(EXPR)
                index = self._parse_expression()
                if index is None:
                    self._error_after("MissingArrayIndexExpression", op.end)
                    index = A.ErrorExpressionAst(extent=self._ext(op.end, op.end))
                self._skip_newlines(EXPR)
                rb = self._peek(EXPR)
                if rb.kind is K.RBRACKET:
                    self._consume()
                else:
                    self._error_at_eof("MissingEndSquareBracket", self._last_end,
                                       self._last_end, rb)
                expr = A.IndexExpressionAst(expr, index, op.kind is K.QUESTION_LBRACKET,
                                            extent=self._ext(start))
                continue
            static = op.kind is K.COLONCOLON
            null_conditional = op.kind is K.QUESTION_DOT
            self._skip_newlines(EXPR)
            member = self._parse_member_name()
            if member is None:
                self._error_after("MissingPropertyName", op.end)
                return A.MemberExpressionAst(expr, A.ErrorExpressionAst(
                    extent=self._ext(op.end, op.end)), static, null_conditional,
                    extent=self._ext(start))
            self._unget_all()
            generic_types: tuple[A.AnyTypeName, ...] = ()
            if self.text.startswith("[", self.tok.pos):
                generic_types = self._parse_generic_method_types()
            paren = self.tok.invoke_open_paren()
            if paren is None:
                expr = A.MemberExpressionAst(expr, member, static, null_conditional,
                                             extent=self._ext(start))
                continue
            self._last_end = paren.end
            if self.record is not None:
                self.record.append(paren)
            if paren.kind is K.LPAREN:
                args = self._parse_method_arguments(paren)
            else:
                self._ungot = None
                self.tok.reset(paren.start)
                self._peek(CMD)
                args = (self._parse_script_block_expression(),)
            expr = A.InvokeMemberExpressionAst(expr, member, args, static, null_conditional,
                                               generic_types, extent=self._ext(start))

    def _parse_generic_method_types(self) -> tuple[A.AnyTypeName, ...]:
        """`.M[T1,T2](...)`: only when `[` ... `]` is directly followed by `(`"""
        state = self._save()
        self._next(TYPE)
        types: list[A.AnyTypeName] = []
        while True:
            t = self._peek(TYPE)
            if t.kind is not K.IDENTIFIER:
                break
            self._consume()
            types.append(self._parse_type_name_rest(t))
            t = self._peek(TYPE)
            if t.kind is K.COMMA:
                self._consume()
                continue
            if t.kind is K.RBRACKET:
                self._consume()
                self._unget_all()
                if self.text.startswith("(", self.tok.pos):
                    return tuple(types)
            break
        self._restore(state)
        return ()

    def _parse_member_name(self) -> Optional[A.ExpressionAst]:
        """member-name := simple-name | string | variable | '(' ... ')' | '$(' ... ')'"""
        t = self._peek(EXPR)
        k = t.kind
        if k is K.IDENTIFIER:
            self._consume()
            return A.StringConstantExpressionAst(t.text, A.StringKind.BARE_WORD, extent=t.extent)
        if k is K.GENERIC:
            self._consume()
            return A.StringConstantExpressionAst(t.value, A.StringKind.BARE_WORD,
                                                 extent=t.extent)
        if k in _STRING_KINDS:
            self._consume()
            return self._string(t)
        if k is K.VARIABLE:
            self._consume()
            return self._variable(t)
        if k is K.LPAREN:
            return self._parse_paren_expression()
        if k is K.DOLLAR_PAREN:
            return self._parse_sub_expression()
        if k is K.NUMBER:
            self._consume()
            return A.StringConstantExpressionAst(t.text, A.StringKind.BARE_WORD,
                                                 extent=t.extent)
        return None

    def _parse_method_arguments(self, lp: Token) -> tuple[A.ExpressionAst, ...]:
        """args := (NL* expr (NL* ',' NL* expr)*)? NL* ')'"""
        args: list[A.ExpressionAst] = []
        self._skip_newlines(EXPR)
        t = self._peek(EXPR)
        if t.kind is K.RPAREN:
            self._consume()
            return ()
        while True:
            self._skip_newlines(EXPR)
            arg = self._parse_expression(comma=False)
            if arg is None:
                t = self._peek(EXPR)
                if args:
                    self._error_after("MissingExpressionAfterToken", self._last_end, ",")
                else:
                    self._error_at_eof("MissingEndParenthesisInMethodCall", lp.end, lp.end, t)
                if t.kind is K.RPAREN:
                    self._consume()
                break
            args.append(arg)
            if not self._list_continues("MissingEndParenthesisInMethodCall"):
                break
        return tuple(args)

    def _parse_paren_expression(self) -> A.ExpressionAst:
        """'(' NL* pipeline-chain NL* ')'"""
        lp = self._consume()
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind is K.RPAREN:
            self._error("ExpectedExpression", lp.end, lp.end)
            self._consume()
            return A.ParenExpressionAst(A.ErrorStatementAst(), extent=self._ext(lp.start))
        # PowerShell 7 accepts a flow statement here: `$x ?? (throw 'missing')`.
        if t.kind is K.KEYWORD and t.value in _KEYWORD_RULES:
            pipeline = self._parse_statement()
        else:
            pipeline = self._parse_pipeline_chain()
        if pipeline is None:
            self._error_after("ExpectedExpression", lp.end)
            self._sync()
            pipeline = A.ErrorStatementAst()
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind is K.RPAREN:
            self._consume()
        else:
            self._error_at_eof("MissingEndParenthesisInExpression", self._last_end,
                               self._last_end, t)
        return A.ParenExpressionAst(pipeline, extent=self._ext(lp.start))

    def _parse_sub_expression(self) -> A.ExpressionAst:
        """'$(' stmt-list ')' | '@(' stmt-list ')'"""
        op = self._consume()
        stmts, traps = self._parse_statement_list(K.RPAREN)
        t = self._peek(CMD)
        if t.kind is K.RPAREN:
            self._consume()
        else:
            self._error_at_eof("MissingEndParenthesisInSubexpression", t.start, t.end, t)
        block = A.StatementBlockAst(tuple(stmts), tuple(traps), extent=self._ext(op.start))
        if op.kind is K.AT_PAREN:
            return A.ArrayExpressionAst(block, extent=self._ext(op.start))
        return A.SubExpressionAst(block, extent=self._ext(op.start))

    def _parse_script_block_expression(self) -> A.ExpressionAst:
        """scriptblock := '{' script-block-body '}'"""
        start = self._peek(CMD).start
        body = self._parse_script_block()
        return A.ScriptBlockExpressionAst(body, extent=self._ext(start))

    def _parse_hash_literal(self) -> A.ExpressionAst:
        """hash := '@{' NL* (key NL* '=' NL* statement ((';'|NL)+ key '=' NL* statement)*)?
        (';'|NL)* '}'"""
        op = self._consume()
        entries: list[A.HashtableEntry] = []
        seen: dict[str, bool] = {}
        while True:
            t = self._peek(EXPR)
            while t.kind is K.NEWLINE or t.kind is K.SEMI:
                self._consume()
                t = self._peek(EXPR)
            if t.kind is K.RCURLY:
                self._consume()
                break
            if t.kind is K.EOF:
                self._error_at_eof("MissingEndCurlyBrace", op.end, op.end, t)
                break
            if t.kind is K.IDENTIFIER:
                self._consume()
                key: Optional[A.ExpressionAst] = A.StringConstantExpressionAst(
                    t.text, A.StringKind.BARE_WORD, extent=t.extent)
            else:
                key = self._parse_unary()
            if key is None:
                self._error("MissingEqualsInHashLiteral", t.start, t.start)
                self._consume()
                self._sync_hash()
                continue
            eq = self._peek(EXPR)
            if not (eq.kind is K.OPERATOR and eq.value == "="):
                self._error("MissingEqualsInHashLiteral", key.extent.end_offset,
                            key.extent.end_offset)
                self._sync_hash()
                continue
            self._consume()
            self._skip_newlines()
            value = self._parse_statement()
            if value is None:
                self._error_after("MissingStatementInHashLiteral", eq.end)
                value = A.ErrorStatementAst(extent=self._ext(eq.end, eq.end))
            if isinstance(key, (A.StringConstantExpressionAst, A.ConstantExpressionAst)):
                text = str(key.value).lower()
                if text in seen:
                    self._error("DuplicateKeyInHashLiteral", key.extent.start_offset,
                                key.extent.end_offset, str(key.value))
                seen[text] = True
            entries.append(A.HashtableEntry(key, value))
            t = self._peek(CMD)
            if t.kind not in (K.NEWLINE, K.SEMI, K.RCURLY, K.EOF):
                self._error("UnexpectedToken", t.start, t.end, t.text)
                self._sync_hash()
        return A.HashtableAst(tuple(entries), extent=self._ext(op.start))

    def _sync_hash(self) -> None:
        depth = 0
        while True:
            t = self._peek(CMD)
            k = t.kind
            if k is K.EOF or (depth == 0 and k in (K.NEWLINE, K.SEMI, K.RCURLY)):
                return
            if k in (K.LCURLY, K.LPAREN, K.AT_CURLY, K.AT_PAREN, K.DOLLAR_PAREN):
                depth += 1
            elif k in (K.RCURLY, K.RPAREN):
                depth -= 1
                if depth < 0:
                    return
            self._consume()

    # ------------------------------------------------------------------ leaves

    def _plain_variable(self, t: Token) -> A.VariableExpressionAst:
        path, braced = t.value
        return A.VariableExpressionAst(A.VariablePath(path), False, braced, extent=t.extent)

    def _variable(self, t: Token, splatted: bool = False) -> A.ExpressionAst:
        path, braced = t.value
        var = A.VariableExpressionAst(A.VariablePath(path), splatted, braced, extent=t.extent)
        if path[:6].lower() == "using:" and len(path) > 6:
            return A.UsingExpressionAst(var, extent=t.extent)
        return var

    def _string(self, t: Token) -> A.ExpressionAst:
        k = t.kind
        if k is K.STRING_LITERAL:
            return A.StringConstantExpressionAst(t.value, A.StringKind.SINGLE_QUOTED,
                                                 extent=t.extent)
        if k is K.HERE_STRING_LITERAL:
            return A.StringConstantExpressionAst(t.value, A.StringKind.SINGLE_QUOTED_HERE_STRING,
                                                 extent=t.extent)
        if k is K.STRING_EXPANDABLE:
            return self._expandable(t, A.StringKind.DOUBLE_QUOTED, t.text[1:-1])
        text = t.text
        # The raw content of a here-string: between the header line and the footer line.
        first = text.find("\n")
        raw = text[first + 1:-2] if first >= 0 else ""
        if raw.endswith("\n"):
            raw = raw[:-2] if raw.endswith("\r\n") else raw[:-1]
        return self._expandable(t, A.StringKind.DOUBLE_QUOTED_HERE_STRING, raw)

    def _expandable(self, t: Token, kind: A.StringKind, raw: str) -> A.ExpressionAst:
        parts: list[Union[str, A.ExpressionAst]] = []
        for part in t.value:
            if isinstance(part, str):
                if parts and isinstance(parts[-1], str):
                    parts[-1] += part
                else:
                    parts.append(part)
            elif part[0] == "var":
                _, path, braced, s, e = part
                var = A.VariableExpressionAst(A.VariablePath(path), False, braced,
                                              extent=self.src.extent(s, e))
                if path[:6].lower() == "using:" and len(path) > 6:
                    parts.append(A.UsingExpressionAst(var, extent=var.extent))
                else:
                    parts.append(var)
            else:
                parts.append(self._nested_subexpression(part))
        if all(isinstance(p, str) for p in parts):
            value = "".join(parts)  # type: ignore[arg-type]
            return A.StringConstantExpressionAst(value, kind, extent=t.extent)
        return A.ExpandableStringExpressionAst(tuple(parts), kind, raw, extent=t.extent)

    def _nested_subexpression(self, part: tuple[Any, ...]) -> A.ExpressionAst:
        """Re-parse the captured text of `$( ... )` inside a string as a statement list, with
        offsets pointing into the original source."""
        _, start, end, inner_start, inner, _closed = part
        if self.text.startswith(inner, inner_start):
            nested = Parser(self.text, self.path, start=inner_start,
                            end=inner_start + len(inner), source=self.src, errors=self.errors)
        else:
            # `""` was shrunk to `"`: parse the shrunk text, positioned where it started.
            nested = Parser(self.text[:inner_start] + inner, self.path, start=inner_start,
                            end=inner_start + len(inner), errors=self.errors)
        nested._may_have_types = self._may_have_types
        stmts, traps = nested._parse_statement_list(None)
        t = nested._peek(CMD)
        while t.kind is not K.EOF:
            nested._error("UnexpectedToken", t.start, t.end, t.text)
            nested._consume()
            more, more_traps = nested._parse_statement_list(None)
            stmts += more
            traps += more_traps
            t = nested._peek(CMD)
        block = A.StatementBlockAst(tuple(stmts), tuple(traps),
                                    extent=self.src.extent(start, end))
        return A.SubExpressionAst(block, extent=self.src.extent(start, end))


def _sign_sensitive(t: Token, signed: bool) -> bool:
    """Whether a held token could lex differently with signed numbers on or off."""
    if signed:
        return t.kind is K.OPERATOR and (t.value == "-" or t.value == "+")
    return t.kind is K.NUMBER and t.text[:1] in "+-\u2013\u2014\u2015"


def _is_void(name: A.AnyTypeName) -> bool:
    return isinstance(name, A.TypeName) and name.name.lower() in ("void", "system.void")


def _is_assignable(expr: A.ExpressionAst, plain: bool) -> bool:
    if isinstance(expr, A.VariableExpressionAst):
        return not expr.splatted
    if isinstance(expr, (A.MemberExpressionAst, A.IndexExpressionAst)):
        return True
    if isinstance(expr, (A.ConvertExpressionAst, A.AttributedExpressionAst)):
        return _is_assignable(expr.child, plain)
    if isinstance(expr, A.ArrayLiteralAst):
        return plain and all(_is_assignable(e, plain) for e in expr.elements)
    if isinstance(expr, A.ParenExpressionAst):
        inner = expr.pipeline
        if isinstance(inner, A.PipelineAst) and len(inner.elements) == 1 and \
                isinstance(inner.elements[0], A.CommandExpressionAst):
            return _is_assignable(inner.elements[0].expression, plain)
    return False


def _expression_statement(expr: A.ExpressionAst) -> A.PipelineAst:
    return A.PipelineAst((A.CommandExpressionAst(expr, extent=expr.extent),), extent=expr.extent)


def _dedupe(errors: list[ParseErrorDetail]) -> list[ParseErrorDetail]:
    """PowerShell drops an error with the same id and position as an earlier one."""
    seen: set[tuple[str, int, int]] = set()
    result = []
    for e in errors:
        key = (e.error_id, e.extent.start_offset, e.extent.end_offset)
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result


_KEYWORD_RULES: dict[str, Callable[[Parser], Optional[A.StatementAst]]] = {
    "if": Parser._parse_if_statement,
    "while": Parser._parse_while_statement,
    "do": Parser._parse_do_statement,
    "for": Parser._parse_for_statement,
    "foreach": Parser._parse_foreach_statement,
    "switch": Parser._parse_switch_statement,
    "function": Parser._parse_function_definition,
    "filter": Parser._parse_function_definition,
    "workflow": Parser._parse_function_definition,
    "return": Parser._parse_flow_statement,
    "exit": Parser._parse_flow_statement,
    "throw": Parser._parse_flow_statement,
    "break": Parser._parse_break_statement,
    "continue": Parser._parse_break_statement,
    "trap": Parser._parse_trap_statement,
    "try": Parser._parse_try_statement,
    "data": Parser._parse_data_statement,
    "class": Parser._parse_class_statement,
    "enum": Parser._parse_class_statement,
    "using": Parser._parse_misplaced_using,
}


def tokenize_for_highlighting(text: str) -> list[Token]:
    """Every token of `text` the way the parser reads it (command names and type names
    marked), comments included, sorted and non-overlapping; never raises."""
    tokens: list[Token] = []
    comments: dict[int, Token] = {}
    try:
        parser = Parser(text)
        parser.record = tokens
        parser.tok.keep_comments = True
        try:
            parser.parse_script()
        except ParseError:
            pass
        comments = parser.tok.comments
    except Exception:  # noqa: BLE001 - highlighting must never fail; fall back to plain lexing
        tokens = []
    merged = sorted([t for t in tokens if t.kind is not K.EOF and t.end > t.start]
                    + list(comments.values()), key=lambda t: (t.start, -t.end))
    result: list[Token] = []
    end = 0
    source = SourceText(text)
    for t in merged:
        if t.start < end:
            continue
        if t.start > end and not text[end:t.start].isspace():
            result.extend(_lex_gap(text, end, t.start, source))
        result.append(t)
        end = t.end
    if end < len(text) and not text[end:].isspace():
        result.extend(_lex_gap(text, end, len(text), source))
    return result


def _lex_gap(text: str, start: int, end: int, source: SourceText) -> list[Token]:
    """Command-mode tokens for text the parser never consumed (after errors)."""
    out: list[Token] = []
    try:
        tz = Tokenizer(text, None, start, end, source)
        tz.keep_comments = True
        while True:
            t = tz.next_token(CMD)
            if t.kind is K.EOF or t.end > end or t.end <= t.start:
                break
            out.append(t)
    except Exception:  # noqa: BLE001
        pass
    if not out and text[start:end].strip():
        out.append(Token(K.UNKNOWN, text[start:end], start, end))
    return out
