"""Conditionals and loops: if/elseif/else, while, do-while/until, for, foreach and switch,
with the parenthesised conditions they share."""

from __future__ import annotations

from typing import Any, Optional

from pyshell.language import ast as A
from pyshell.language.parser_core import CMD, END_OF_COMMAND, EXPR, K
from pyshell.language.parser_statements import StatementParser
from pyshell.language.tokens import Token

__all__ = ["ControlFlowParser"]

_SWITCH_FLAGS = ("regex", "wildcard", "exact", "casesensitive", "parallel", "file")


class ControlFlowParser(StatementParser):
    """Rules for conditionals and loops."""

    def _expect_loop_body(self, error_id: str, after: int, *args: Any
                          ) -> Optional[A.StatementBlockAst]:
        """A loop body: `break`/`continue` inside it stay inside a surrounding finally."""
        self._loops_in_finally += 1
        try:
            return self._expect_block(error_id, after, *args)
        finally:
            self._loops_in_finally -= 1

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
                path = None if nt.kind in END_OF_COMMAND or nt.kind is K.LCURLY \
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


def _expression_statement(expr: A.ExpressionAst) -> A.PipelineAst:
    return A.PipelineAst((A.CommandExpressionAst(expr, extent=expr.extent),), extent=expr.extent)
