"""Definitions: the script and script-block bodies (using statements, param block, named
begin/process/end blocks), functions and filters, classes and enums."""

from __future__ import annotations

from typing import Any, Optional

from attrs import evolve

from pyshell.language import ast as A
from pyshell.language.parser_core import CMD, EXPR, STRING_KINDS, TYPE, K
from pyshell.language.parser_statements import StatementParser
from pyshell.language.parser_types import is_void
from pyshell.language.tokens import Token, TokenKind

__all__ = ["DefinitionParser"]

_BLOCK_NAMES = {"begin": A.BlockKind.BEGIN, "process": A.BlockKind.PROCESS,
                "end": A.BlockKind.END, "clean": A.BlockKind.CLEAN,
                "dynamicparam": A.BlockKind.DYNAMICPARAM}


class DefinitionParser(StatementParser):
    """Rules for script blocks, param blocks, functions, classes and enums."""

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
            ahead = self._peek(EXPR)
            if ahead.kind is K.OPERATOR and ahead.value == "=":
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
                if isinstance(a, A.TypeConstraintAst) and is_void(a.type_name):
                    self._error("VoidTypeConstraintNotAllowed", a.extent.start_offset,
                                a.extent.end_offset)
            params.append(A.ParameterAst(var, tuple(attributes), default,
                                         extent=self._ext(start)))
            if not self._list_continues("MissingEndParenthesisInFunctionParameterList"):
                break
        return tuple(params)

    # ================================================================== functions

    def _parse_function_definition(self) -> A.StatementAst:
        """function := ('function'|'filter'|'workflow') NL* func-name NL*
        ('(' param-list NL* ')')? NL* '{' script-block-body '}'"""
        kw = self._next(CMD)
        self._skip_newlines()
        t = self._peek(CMD)
        if t.kind in (K.EOF, K.NEWLINE, K.LCURLY, K.LPAREN, K.RPAREN, K.RCURLY, K.SEMI,
                      K.PIPE, K.AT_PAREN, K.AT_CURLY, K.AMPERSAND, K.AND_AND, K.OR_OR,
                      K.VARIABLE, K.REDIRECTION) or t.kind in STRING_KINDS:
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

    # ================================================================== classes and enums

    def _parse_class_statement(self) -> A.StatementAst:
        """class | enum   (without attributes before the keyword)"""
        return self._parse_type_definition(())

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
        value = self._parse_member_initializer()
        return A.EnumMemberAst(t.text, value, extent=self._ext(t.start))

    def _parse_member_initializer(self) -> Optional[A.ExpressionAst]:
        """initializer := ('=' NL* expr)?  -- of an enum member or a class property"""
        nt = self._peek(EXPR)
        if not (nt.kind is K.OPERATOR and nt.value == "="):
            return None
        eq = self._consume()
        self._skip_newlines(EXPR)
        value = self._parse_expression()
        if value is None:
            self._error_after("ExpectedValueExpression", eq.end, "=")
        return value

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
            value = self._parse_member_initializer()
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
