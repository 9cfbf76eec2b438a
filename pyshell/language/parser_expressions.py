"""Expressions: operator precedence, unary operators and casts, primaries with their postfix
member access, indexing and method calls, parenthesised and sub-expressions, hash literals,
and the leaves (variables, strings and the `$( )` inside expandable strings).

Expressions recurse into the layers above them: `( )` holds a pipeline chain, `$( )` and
`@( )` a statement list, `{ }` a script block, and each hash entry value is a statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Optional, Union

from pyshell.language import ast as A
from pyshell.language.parser_core import CMD, EXPR, OPERAND_START, STRING_KINDS, TYPE, K
from pyshell.language.parser_types import TypeNameParser
from pyshell.language.tokens import BINARY_OPERATORS, BINARY_PRECEDENCE, UNARY_OPERATORS, Token

__all__ = ["ExpressionParser"]


class ExpressionParser(TypeNameParser):
    """Rules for expressions, from `,` and binary operators down to the leaves."""

    # Statement keyword -> its rule; Parser fills it in once every layer is defined.
    _keyword_rules: ClassVar[Mapping[str, Callable[[Any], Optional[A.StatementAst]]]]

    if TYPE_CHECKING:
        # Rules of the layers above (parser_commands, parser_statements, parser_definitions).
        def _parse_pipeline_chain(self) -> Optional[A.StatementAst]: ...
        def _parse_statement(self) -> Optional[A.StatementAst]: ...
        def _parse_statement_list(self, closer: Optional[K]
                                  ) -> tuple[list[A.StatementAst], list[A.TrapStatementAst]]: ...
        def _parse_script_block(self) -> A.ScriptBlockAst: ...

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
        if t.kind in OPERAND_START or (t.kind is K.OPERATOR and t.value in UNARY_OPERATORS):
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
        elif k in STRING_KINDS:
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
        if k in STRING_KINDS:
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
        if t.kind is K.KEYWORD and t.value in self._keyword_rules:
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
        # type(self): the whole Parser, every layer, whichever layer this method is in.
        parser = type(self)
        if self.text.startswith(inner, inner_start):
            nested = parser(self.text, self.path, start=inner_start,
                            end=inner_start + len(inner), source=self.src, errors=self.errors)
        else:
            # `""` was shrunk to `"`: parse the shrunk text, positioned where it started.
            nested = parser(self.text[:inner_start] + inner, self.path, start=inner_start,
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
