"""Statements: statement lists and blocks, the dispatch from a statement's first token to
its rule, labels, and the simple statements (return, exit, throw, break, continue, trap,
try, data and using).

Compound statements with their own modules build on this layer: conditionals and loops in
parser_control, script blocks, functions, classes and enums in parser_definitions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from attrs import evolve

from pyshell.language import ast as A
from pyshell.language.parser_commands import CommandParser
from pyshell.language.parser_core import CMD, END_OF_COMMAND, STATEMENT_END, K
from pyshell.language.tokens import Token, TokenKind

__all__ = ["StatementParser"]

# The statements a label may stand before.
_LOOP_KEYWORDS = frozenset(("switch", "foreach", "for", "while", "do"))


class StatementParser(CommandParser):
    """Rules for statement lists, statement dispatch and the simple statements."""

    if TYPE_CHECKING:
        # Defined by parser_definitions, on top of this layer.
        def _parse_attributed_type_definition(self) -> Optional[A.StatementAst]: ...

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
                if t.start == before and t.kind not in STATEMENT_END:
                    self._error("UnexpectedToken", t.start, t.end, t.text)
                    self._consume()
                continue
            if isinstance(stmt, A.TrapStatementAst):
                traps.append(stmt)
            else:
                stmts.append(stmt)
            t = self._peek(CMD)
            if t.kind not in STATEMENT_END and self._ended_with_brace():
                continue
            if t.kind not in STATEMENT_END:
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

    # ================================================================== statements

    def _parse_statement(self) -> Optional[A.StatementAst]:
        """statement := attribute* (if | switch | foreach | for | while | do | function |
        return | throw | exit | break | continue | trap | try | data | class | enum | using
        | label NL* loop | pipeline-chain)"""
        t = self._peek(CMD)
        k = t.kind
        if k is K.KEYWORD:
            handler = self._keyword_rules.get(t.value)
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
            stmt: Any = self._keyword_rules[t.value](self)
            if stmt is not None and hasattr(stmt, "label"):
                stmt = evolve(stmt, label=label.value, extent=self._ext(label.start))
            return stmt  # type: ignore[no-any-return]
        self._restore(state)
        return self._parse_pipeline_chain()

    def _parse_flow_statement(self) -> A.StatementAst:
        """return/exit/throw := keyword pipeline-chain?"""
        kw = self._next(CMD)
        t = self._peek(CMD)
        pipeline = None
        if t.kind not in END_OF_COMMAND:
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
        elif t.kind not in END_OF_COMMAND:
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
            item = None if t.kind in END_OF_COMMAND or t.kind is K.LCURLY \
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
        if t.kind not in STATEMENT_END:
            self._error("MissingStatementTerminator", t.start, t.end)
            self._sync()
        return A.UsingStatementAst(kind, name, alias, extent=self._ext(kw.start))

    def _parse_misplaced_using(self) -> A.StatementAst:
        """using-stmt anywhere but the start of a script: parsed, then refused"""
        stmt = self._parse_using_statement()
        self._error("UsingMustBeAtStartOfScript", stmt.extent.start_offset,
                    stmt.extent.end_offset)
        return stmt
