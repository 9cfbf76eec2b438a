"""Pipelines and commands: pipeline chains (`&&`, `||`, background `&`), pipelines and
their elements, assignments, command names, arguments, parameters and redirections.

A pipeline element is an expression (parser_expressions) or a command; the right-hand side
of an assignment is a whole statement, the one rule above this layer it recurses into.
"""

from __future__ import annotations

from typing import Optional, Union

from attrs import evolve

from pyshell.language import ast as A
from pyshell.language.parser_core import (
    CMD, END_OF_COMMAND, EXPR, OPERAND_START, PRIMARY_START, K,
)
from pyshell.language.parser_expressions import ExpressionParser
from pyshell.language.parser_types import is_void
from pyshell.language.tokens import ASSIGNMENT_OPERATORS, UNARY_OPERATORS, Mode

__all__ = ["CommandParser"]

_STREAMS = {"*": A.RedirectionStream.ALL, "1": A.RedirectionStream.OUTPUT,
            "2": A.RedirectionStream.ERROR, "3": A.RedirectionStream.WARNING,
            "4": A.RedirectionStream.VERBOSE, "5": A.RedirectionStream.DEBUG,
            "6": A.RedirectionStream.INFORMATION}
_STREAM_WORDS = {"*": "* stream", "1": "output stream", "2": "error stream",
                 "3": "warning stream", "4": "verbose stream", "5": "debug stream",
                 "6": "information stream"}
_ASSIGN_OPS = {op.value: op for op in A.AssignmentOperator}


class CommandParser(ExpressionParser):
    """Rules for pipeline chains, pipelines, commands and redirections."""

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
            if nt.kind in END_OF_COMMAND and nt.kind is not K.AMPERSAND:
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
        if k in OPERAND_START or k is K.COMMA or (
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
        elif isinstance(left, A.ConvertExpressionAst) and is_void(left.type.type_name):
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
            if k in END_OF_COMMAND or k is K.COMMA or k is K.LCURLY or k is K.LPAREN \
                    or k in PRIMARY_START:
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
            if k in END_OF_COMMAND:
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
            item = None if nt.kind in END_OF_COMMAND else self._parse_command_argument_item()
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
        if k in PRIMARY_START:
            return self._parse_primary()
        if k in END_OF_COMMAND or k is K.COMMA or k is K.REDIRECTION:
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
        target = None if nt.kind in END_OF_COMMAND else self._parse_command_argument_item()
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
