"""Attributes and type names: `[Name(args)]`, `[type]`, generic `[List[int]]` and arrays.

The lowest grammar layer: what sits between `[ ]` in TYPE_NAME mode, shared by casts and
type literals (expressions), param blocks and class members (definitions), and catch and
trap types (statements). Attribute arguments are expressions, the one rule above this layer
it recurses into.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from pyshell.language import ast as A
from pyshell.language.parser_core import EXPR, TYPE, K, ParserCore
from pyshell.language.tokens import Token

__all__ = ["TypeNameParser", "is_void"]


class TypeNameParser(ParserCore):
    """Rules for attributes, type constraints and type names."""

    if TYPE_CHECKING:
        # Defined by the expression layer (parser_expressions) built on this one.
        def _parse_expression(self, comma: bool = True) -> Optional[A.ExpressionAst]: ...

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


def is_void(name: A.AnyTypeName) -> bool:
    return isinstance(name, A.TypeName) and name.name.lower() in ("void", "system.void")
