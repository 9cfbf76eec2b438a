"""Print a syntax tree back to PowerShell text.

`unparse(ast)` produces text that parses back to an equal tree for every tree the parser
builds (`parse(unparse(t)) == t`, extents aside): literals keep their source text (`text` of
numbers, `raw` of expandable strings), barewords are re-quoted only when they would not read
back as the same word, and no parentheses are added that the tree does not hold. For trees
built by hand that the grammar cannot express directly (an unparenthesised binary expression
as a command argument, say), it adds parentheses so the text is still valid PowerShell.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.language.tokenizer import WHITESPACE
from pyshell.language.tokens import BINARY_PRECEDENCE, UNARY_OPERATORS, Mode, TokenKind

__all__ = ["unparse", "bareword"]

_INDENT = "    "
_ESCAPE_CHARS = {"\0": "`0", "\a": "`a", "\b": "`b", "\x1b": "`e", "\f": "`f", "\n": "`n",
                 "\r": "`r", "\t": "`t", "\v": "`v"}
_DQ_CLASS = '"\u201c\u201d\u201e'
_SQ_CLASS = "'\u2018\u2019\u201a\u201b"
# First characters that stay a bareword when a quoted part follows them.
_EXPRESSION_START_KINDS = frozenset((
    TokenKind.NUMBER, TokenKind.VARIABLE, TokenKind.SPLATTED_VARIABLE, TokenKind.LPAREN,
    TokenKind.DOLLAR_PAREN, TokenKind.AT_PAREN, TokenKind.AT_CURLY, TokenKind.LCURLY,
    TokenKind.LBRACKET, TokenKind.COMMA, TokenKind.STRING_LITERAL, TokenKind.STRING_EXPANDABLE,
    TokenKind.HERE_STRING_LITERAL, TokenKind.HERE_STRING_EXPANDABLE))
# First characters that make a statement-start word an expression instead of a command name.
_EXPRESSION_FIRST = frozenset("-+!,[\u2013\u2014\u2015")
_STATEMENT_KEYWORDS = frozenset(
    "if while do for foreach switch function filter workflow return exit throw break "
    "continue trap try data class enum using from define var param begin process end clean "
    "dynamicparam".split())
_UNARY_TEXT = {
    A.UnaryOperator.NOT: "-not ", A.UnaryOperator.EXCLAIM: "!", A.UnaryOperator.BNOT: "-bnot ",
    A.UnaryOperator.NEGATE: "- ", A.UnaryOperator.PLUS: "+ ", A.UnaryOperator.COMMA: ", ",
    A.UnaryOperator.PRE_INCREMENT: "++", A.UnaryOperator.PRE_DECREMENT: "--",
    A.UnaryOperator.ISPLIT: "-split ", A.UnaryOperator.CSPLIT: "-csplit ",
    A.UnaryOperator.JOIN: "-join ",
}
_REDIRECT_PREFIX = {A.RedirectionStream.ALL: "*", A.RedirectionStream.OUTPUT: ""}


def unparse(node: Any) -> str:
    """PowerShell text for any AST node (a script block prints as a script)."""
    return _Printer().node(node, 0)


def _single_quoted(value: str) -> str:
    out = []
    for c in value:
        out.append(c + c if c in _SQ_CLASS else c)
    return "'" + "".join(out) + "'"


def _escape_dq(value: str, here: bool = False) -> str:
    out = []
    for c in value:
        if c == "`" or c == "$" or c in _DQ_CLASS:
            out.append("`" + c)
        elif c in _ESCAPE_CHARS and not (here and c in "\r\n\t"):
            out.append(_ESCAPE_CHARS[c])
        else:
            out.append(c)
    return "".join(out)


def _reads_back(text: str, value: str, argument: bool) -> bool:
    """Whether `text` lexes in command mode as one word with this value."""
    from pyshell.language.tokenizer import Tokenizer

    tz = Tokenizer(text)
    t = tz.next_token(Mode.COMMAND)
    if t.start != 0 or t.end != len(text) or tz.errors:
        return False
    if t.kind is TokenKind.GENERIC:
        return bool(t.value == value)
    if t.kind is TokenKind.IDENTIFIER:
        return text == value
    if t.kind is TokenKind.KEYWORD:
        return argument and text == value
    return False


def bareword(value: str, argument: bool = True) -> str:
    """A bareword that reads back as `value` in command mode, as an argument or (with
    `argument=False`) as the command name at the start of a statement, where it must also not
    read as an expression (`-x`, `+x`, `[x]`, `!5` would)."""
    if value and _reads_back(value, value, argument) and (
            argument or not _starts_expression(value)):
        return value
    return bareword_forced(value)


def _starts_expression(text: str) -> bool:
    """Whether a statement starting with `text` would be read as an expression."""
    from pyshell.language.tokenizer import Tokenizer

    if text[0] in _EXPRESSION_FIRST:
        return True
    t = Tokenizer(text).next_token(Mode.EXPRESSION, True)
    if t.kind is TokenKind.OPERATOR:
        return t.value in UNARY_OPERATORS
    return t.kind in _EXPRESSION_START_KINDS


def bareword_forced(value: str) -> str:
    """A bareword that cannot be read as a keyword, parameter, number or expression: the first
    character escaped and the rest single-quoted inside the word."""
    if not value:
        return "''"
    first = value[0]
    if first.isalnum() or first == "_":
        head = first
    elif first in WHITESPACE or first in "\r\n" or first in _ESCAPE_CHARS or first == "`":
        # A backtick before blank space is blank space, and `n, `t ... are escapes.
        head = "`u{%x}" % ord(first)
    else:
        head = "`" + first
    return head + (_single_quoted(value[1:]) if len(value) > 1 or first.isdigit() else "")


class _Printer:
    """One method per node type; `node(n, indent)` dispatches on the type."""

    def node(self, n: Any, indent: int) -> str:
        method: Optional[Callable[[Any, int], str]] = getattr(
            self, "_" + type(n).__name__, None)
        if method is None:
            raise TypeError(f"cannot unparse {type(n).__name__}")
        return method(n, indent)

    # ---------------------------------------------------------------- script blocks

    def _ScriptBlockAst(self, n: A.ScriptBlockAst, indent: int) -> str:
        lines: list[str] = []
        pad = _INDENT * indent
        for r in n.requires:
            lines.append(f"#Requires {r}")
        for u in n.using_statements:
            lines.append(pad + self.node(u, indent))
        if n.param_block is not None:
            lines.append(pad + self.node(n.param_block, indent))
        blocks = [n.dynamicparam_block, n.begin_block, n.process_block, n.end_block,
                  n.clean_block]
        unnamed = [b for b in blocks if b is not None and b.unnamed]
        if unnamed and len([b for b in blocks if b is not None]) == 1:
            lines.extend(self._statements(unnamed[0].statements, unnamed[0].traps, indent))
        else:
            for b in blocks:
                if b is not None:
                    lines.append(pad + self._NamedBlockAst(b, indent))
        return "\n".join(lines)

    def _NamedBlockAst(self, n: A.NamedBlockAst, indent: int) -> str:
        return n.kind.value + " " + self._block(n.statements, n.traps, indent)

    def _ParamBlockAst(self, n: A.ParamBlockAst, indent: int) -> str:
        attrs = "".join(self.node(a, indent) + "\n" + _INDENT * indent for a in n.attributes)
        return attrs + "param(" + self._parameters(n.parameters, indent) + ")"

    def _parameters(self, params: tuple[A.ParameterAst, ...], indent: int) -> str:
        return ", ".join(self.node(p, indent) for p in params)

    def _ParameterAst(self, n: A.ParameterAst, indent: int) -> str:
        text = "".join(self.node(a, indent) + " " for a in n.attributes)
        text += self.node(n.name, indent)
        if n.default_value is not None:
            text += " = " + self._operand(n.default_value, indent, comma=False)
        return text

    def _AttributeAst(self, n: A.AttributeAst, indent: int) -> str:
        args = [self._operand(a, indent, comma=False) for a in n.positional_arguments]
        for named in n.named_arguments:
            if named.expression_omitted:
                args.append(named.name)
            else:
                args.append(named.name + " = " + self._operand(named.value, indent,
                                                               comma=False))
        return f"[{n.type_name.full_name}({', '.join(args)})]"

    def _TypeConstraintAst(self, n: A.TypeConstraintAst, indent: int) -> str:
        return f"[{n.type_name.full_name}]"

    def _statements(self, statements: tuple[A.StatementAst, ...],
                    traps: tuple[A.TrapStatementAst, ...], indent: int) -> list[str]:
        pad = _INDENT * indent
        items = sorted(list(statements) + list(traps),
                       key=lambda s: s.extent.start_offset if s.extent.source else 0) \
            if traps else list(statements)
        return [pad + self.node(s, indent) for s in items]

    def _block(self, statements: tuple[A.StatementAst, ...],
               traps: tuple[A.TrapStatementAst, ...], indent: int) -> str:
        lines = self._statements(statements, traps, indent + 1)
        if not lines:
            return "{}"
        return "{\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"

    def _StatementBlockAst(self, n: A.StatementBlockAst, indent: int) -> str:
        return self._block(n.statements, n.traps, indent)

    # ---------------------------------------------------------------- statements

    def _ErrorStatementAst(self, n: A.ErrorStatementAst, indent: int) -> str:
        return ""

    def _PipelineAst(self, n: A.PipelineAst, indent: int) -> str:
        text = ""
        for i, e in enumerate(n.elements):
            if i:
                verbatim = getattr(n.elements[i - 1], "verbatim_argument", None) is not None
                # The text after `--%` runs to the `|`: a blank before it would join the text.
                text = (text if verbatim else _spaced(text)) + "| "
            text += self.node(e, indent)
        return text + (_spaced(text)[len(text):] + "&" if n.background else "")

    def _PipelineChainAst(self, n: A.PipelineChainAst, indent: int) -> str:
        left = self.node(n.left, indent)
        last = n.left.elements[-1] if isinstance(n.left, A.PipelineAst) else None
        verbatim = getattr(last, "verbatim_argument", None) is not None
        return (left if verbatim else _spaced(left)) + \
            f"{n.operator} {self.node(n.right, indent)}" + \
            (" &" if n.background else "")

    def _AssignmentStatementAst(self, n: A.AssignmentStatementAst, indent: int) -> str:
        return f"{self._operand(n.left, indent)} {n.operator.value} {self.node(n.right, indent)}"

    def _CommandExpressionAst(self, n: A.CommandExpressionAst, indent: int) -> str:
        text = self._operand(n.expression, indent)
        return text + "".join(" " + self.node(r, indent) for r in n.redirections)

    def _CommandAst(self, n: A.CommandAst, indent: int) -> str:
        parts: list[str] = []
        name = n.elements[0]
        if n.invocation_operator is not A.InvocationOperator.NONE:
            parts.append(n.invocation_operator.value)
            parts.append(self._argument(name, indent))
        elif isinstance(name, A.StringConstantExpressionAst) and \
                name.string_kind is A.StringKind.BARE_WORD:
            word = bareword(name.value, argument=False)
            if name.value.lower() in _STATEMENT_KEYWORDS and word == name.value:
                word = bareword_forced(name.value)
            parts.append(word)
        else:
            parts.append("& " + self._argument(name, indent))
        after_dashdash = False
        rest = n.elements[1:]
        # Redirections may sit anywhere after the name, but nothing can follow `--%` and its
        # verbatim text: print them before it.
        verbatim_marker = rest[-1:] if n.verbatim_argument is not None else ()
        if verbatim_marker:
            rest = rest[:-1]
        for e in rest:
            if isinstance(e, A.CommandParameterAst):
                if e.parameter_name == "-" and e.argument is None and not after_dashdash:
                    after_dashdash = True
                    parts.append("--")
                    continue
                text = e.text or ("-" + e.parameter_name + (":" if e.argument else ""))
                if e.argument is not None:
                    if not text.endswith(":"):
                        text += ":"
                    text += self._argument(e.argument, indent)
                parts.append(text)
            else:
                parts.append(self._argument(e, indent, after_dashdash))
        parts.extend(self.node(r, indent) for r in n.redirections)
        parts.extend(self._argument(e, indent) for e in verbatim_marker)
        text = " ".join(parts)
        if n.verbatim_argument is not None:
            text += " " + n.verbatim_argument
        return text

    def _FileRedirectionAst(self, n: A.FileRedirectionAst, indent: int) -> str:
        prefix = _REDIRECT_PREFIX.get(n.from_stream, n.from_stream.value)
        return prefix + (">> " if n.append else "> ") + self._argument(n.location, indent)

    def _MergingRedirectionAst(self, n: A.MergingRedirectionAst, indent: int) -> str:
        return f"{n.from_stream.value}>&{n.to_stream.value}"

    def _condition(self, s: A.StatementAst, indent: int) -> str:
        return "(" + self.node(s, indent) + ")"

    def _IfStatementAst(self, n: A.IfStatementAst, indent: int) -> str:
        text = ""
        for i, c in enumerate(n.clauses):
            text += ("if " if i == 0 else " elseif ") + self._condition(c.condition, indent) + \
                " " + self.node(c.body, indent)
        if n.else_clause is not None:
            text += " else " + self.node(n.else_clause, indent)
        return text

    @staticmethod
    def _label(label: Optional[str]) -> str:
        return f":{label} " if label else ""

    def _WhileStatementAst(self, n: A.WhileStatementAst, indent: int) -> str:
        return self._label(n.label) + "while " + self._condition(n.condition, indent) + " " + \
            self.node(n.body, indent)

    def _DoWhileStatementAst(self, n: A.DoWhileStatementAst, indent: int) -> str:
        return self._label(n.label) + "do " + self.node(n.body, indent) + " while " + \
            self._condition(n.condition, indent)

    def _DoUntilStatementAst(self, n: A.DoUntilStatementAst, indent: int) -> str:
        return self._label(n.label) + "do " + self.node(n.body, indent) + " until " + \
            self._condition(n.condition, indent)

    def _ForStatementAst(self, n: A.ForStatementAst, indent: int) -> str:
        parts = [self.node(p, indent) if p is not None else ""
                 for p in (n.initializer, n.condition, n.iterator)]
        return self._label(n.label) + "for (" + "; ".join(parts) + ") " + \
            self.node(n.body, indent)

    def _ForEachStatementAst(self, n: A.ForEachStatementAst, indent: int) -> str:
        flags = " -parallel" if n.parallel else ""
        if n.throttle_limit is not None:
            flags += " -throttlelimit " + self._argument(n.throttle_limit, indent)
        return (self._label(n.label) + "foreach" + flags + " (" + self.node(n.variable, indent)
                + " in " + self.node(n.condition, indent) + ") " + self.node(n.body, indent))

    def _SwitchStatementAst(self, n: A.SwitchStatementAst, indent: int) -> str:
        text = self._label(n.label) + "switch"
        f = n.flags
        for name, on in (("regex", f.regex), ("wildcard", f.wildcard), ("exact", f.exact),
                         ("casesensitive", f.case_sensitive), ("parallel", f.parallel)):
            if on:
                text += " -" + name
        if f.file and n.condition is not None:
            cond = n.condition
            expr = cond.elements[0].expression if isinstance(cond, A.PipelineAst) and \
                isinstance(cond.elements[0], A.CommandExpressionAst) else None
            text += " -file " + (self._argument(expr, indent) if expr is not None
                                 else "(" + self.node(cond, indent) + ")")
        elif n.condition is not None:
            text += " " + self._condition(n.condition, indent)
        pad = _INDENT * (indent + 1)
        lines = [pad + self._argument(c.condition, indent + 1) + " " +
                 self.node(c.body, indent + 1) for c in n.clauses]
        if n.default is not None:
            lines.append(pad + "default " + self.node(n.default, indent + 1))
        return text + " {\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"

    def _TryStatementAst(self, n: A.TryStatementAst, indent: int) -> str:
        text = "try " + self.node(n.body, indent)
        for c in n.catch_clauses:
            text += " catch " + "".join(self.node(t, indent) + ", " for t in c.catch_types)
            text = text[:-2] + " " if c.catch_types else text
            text += self.node(c.body, indent)
        if n.finally_block is not None:
            text += " finally " + self.node(n.finally_block, indent)
        return text

    def _CatchClauseAst(self, n: A.CatchClauseAst, indent: int) -> str:
        types = ", ".join(self.node(t, indent) for t in n.catch_types)
        return "catch " + (types + " " if types else "") + self.node(n.body, indent)

    def _TrapStatementAst(self, n: A.TrapStatementAst, indent: int) -> str:
        text = "trap "
        if n.trap_type is not None:
            text += self.node(n.trap_type, indent) + " "
        return text + self.node(n.body, indent)

    def _flow(self, keyword: str, pipeline: Optional[A.StatementAst], indent: int) -> str:
        return keyword + ("" if pipeline is None else " " + self.node(pipeline, indent))

    def _ReturnStatementAst(self, n: A.ReturnStatementAst, indent: int) -> str:
        return self._flow("return", n.pipeline, indent)

    def _ExitStatementAst(self, n: A.ExitStatementAst, indent: int) -> str:
        return self._flow("exit", n.pipeline, indent)

    def _ThrowStatementAst(self, n: A.ThrowStatementAst, indent: int) -> str:
        return self._flow("throw", n.pipeline, indent)

    def _jump(self, keyword: str, label: Optional[A.ExpressionAst], indent: int) -> str:
        if label is None:
            return keyword
        if isinstance(label, A.StringConstantExpressionAst) and \
                label.string_kind is A.StringKind.BARE_WORD:
            return f"{keyword} {label.value}"
        return f"{keyword} {self._operand(label, indent, comma=False)}"

    def _BreakStatementAst(self, n: A.BreakStatementAst, indent: int) -> str:
        return self._jump("break", n.label, indent)

    def _ContinueStatementAst(self, n: A.ContinueStatementAst, indent: int) -> str:
        return self._jump("continue", n.label, indent)

    def _FunctionDefinitionAst(self, n: A.FunctionDefinitionAst, indent: int) -> str:
        keyword = "filter" if n.is_filter else "workflow" if n.is_workflow else "function"
        body = n.body
        if n.is_filter and body.process_block is not None and body.process_block.unnamed:
            body = A.ScriptBlockAst(param_block=body.param_block,
                                    end_block=body.process_block)
        params = f" ({self._parameters(n.parameters, indent)})" if n.parameters else ""
        return f"{keyword} {bareword(n.name, argument=True)}{params} " + \
            self._script_block_braces(body, indent)

    def _script_block_braces(self, n: A.ScriptBlockAst, indent: int) -> str:
        inner = self._ScriptBlockAst(n, indent + 1)
        if not inner:
            return "{}"
        return "{\n" + inner + "\n" + _INDENT * indent + "}"

    def _DataStatementAst(self, n: A.DataStatementAst, indent: int) -> str:
        text = "data"
        if n.variable:
            text += " " + n.variable
        if n.commands_allowed:
            text += " -SupportedCommand " + ",".join(self._argument(c, indent)
                                                     for c in n.commands_allowed)
        return text + " " + self.node(n.body, indent)

    def _UsingStatementAst(self, n: A.UsingStatementAst, indent: int) -> str:
        text = f"using {n.kind} "
        if n.alias is not None:
            text += self._argument(n.alias, indent) + " = "
        return text + self._argument(n.name, indent)

    def _TypeDefinitionAst(self, n: A.TypeDefinitionAst, indent: int) -> str:
        text = "".join(self.node(a, indent) + "\n" + _INDENT * indent for a in n.attributes)
        text += ("enum " if n.is_enum else "class ") + bareword(n.name)
        if n.base_types:
            text += " : " + ", ".join(b.full_name for b in n.base_types)
        pad = _INDENT * (indent + 1)
        lines = [pad + self.node(m, indent + 1) for m in n.members]
        return text + " {\n" + "\n".join(lines) + ("\n" if lines else "") + \
            _INDENT * indent + "}"

    def _member_prefix(self, n: Any, indent: int) -> str:
        text = "".join(self.node(a, indent) + " " for a in n.attributes)
        if n.is_static:
            text += "static "
        if n.is_hidden:
            text += "hidden "
        return text

    def _PropertyMemberAst(self, n: A.PropertyMemberAst, indent: int) -> str:
        text = self._member_prefix(n, indent)
        if n.property_type is not None:
            text += self.node(n.property_type, indent) + " "
        text += "$" + n.name if _simple_name(n.name) else "${" + n.name + "}"
        if n.initial_value is not None:
            text += " = " + self._operand(n.initial_value, indent)
        return text

    def _FunctionMemberAst(self, n: A.FunctionMemberAst, indent: int) -> str:
        text = self._member_prefix(n, indent)
        if n.return_type is not None:
            text += self.node(n.return_type, indent) + " "
        text += f"{n.name}({self._parameters(n.parameters, indent)})"
        if n.base_arguments is not None:
            text += " : base(" + ", ".join(self._operand(a, indent, comma=False)
                                           for a in n.base_arguments) + ")"
        return text + " " + self._script_block_braces(n.body, indent)

    def _EnumMemberAst(self, n: A.EnumMemberAst, indent: int) -> str:
        if n.initial_value is None:
            return n.name
        return n.name + " = " + self._operand(n.initial_value, indent)

    # ---------------------------------------------------------------- command arguments

    def _argument(self, e: A.CommandElementAst, indent: int,
                  after_dashdash: bool = False) -> str:
        """An expression in command-argument position (no binary operators there)."""
        if isinstance(e, A.StringConstantExpressionAst) and \
                e.string_kind is A.StringKind.BARE_WORD:
            word = bareword(e.value)
            if word.startswith("-") and not after_dashdash and word != "-" and \
                    _looks_like_parameter(word):
                word = bareword_forced(e.value)
            return word
        if isinstance(e, A.ExpandableStringExpressionAst) and \
                e.string_kind is A.StringKind.BARE_WORD:
            return e.raw or self._expandable_raw(e, indent, bare=True)
        if isinstance(e, A.ArrayLiteralAst):
            return ",".join(self._argument(x, indent) for x in e.elements)
        if isinstance(e, A.VariableExpressionAst) and e.splatted:
            return "@" + e.path.user_path
        if isinstance(e, A.ConstantExpressionAst) and _number_text(e).startswith(("-", "+")):
            return "(" + _number_text(e) + ")"
        if not isinstance(e, A.ExpressionAst) or _is_primary(e):
            return self.node(e, indent)
        return "(" + self._operand(e, indent) + ")"

    # ---------------------------------------------------------------- expressions

    def _operand(self, e: A.ExpressionAst, indent: int, comma: bool = True) -> str:
        """An expression in expression position."""
        if not comma and _exposes_comma(e):
            return "(" + self.node(e, indent) + ")"
        return self.node(e, indent)

    def _ErrorExpressionAst(self, n: A.ErrorExpressionAst, indent: int) -> str:
        return "$null"

    def _ConstantExpressionAst(self, n: A.ConstantExpressionAst, indent: int) -> str:
        return _number_text(n)

    def _StringConstantExpressionAst(self, n: A.StringConstantExpressionAst,
                                     indent: int) -> str:
        k = n.string_kind
        if k is A.StringKind.SINGLE_QUOTED:
            return _single_quoted(n.value)
        if k is A.StringKind.DOUBLE_QUOTED:
            return '"' + _escape_dq(n.value) + '"'
        if k is A.StringKind.SINGLE_QUOTED_HERE_STRING:
            return "@'\n" + n.value + "\n'@"
        if k is A.StringKind.DOUBLE_QUOTED_HERE_STRING:
            return '@"\n' + _escape_dq(n.value, here=True) + '\n"@'
        return bareword(n.value)

    def _ExpandableStringExpressionAst(self, n: A.ExpandableStringExpressionAst,
                                       indent: int) -> str:
        raw = n.raw or self._expandable_raw(n, indent,
                                            bare=n.string_kind is A.StringKind.BARE_WORD)
        if n.string_kind is A.StringKind.DOUBLE_QUOTED_HERE_STRING:
            return '@"\n' + raw + '\n"@'
        if n.string_kind is A.StringKind.BARE_WORD:
            return raw
        return '"' + raw + '"'

    def _expandable_raw(self, n: A.ExpandableStringExpressionAst, indent: int,
                        bare: bool) -> str:
        out: list[str] = []
        parts = n.parts
        for i, p in enumerate(parts):
            if isinstance(p, str):
                out.append(_escape_dq(p, here=n.string_kind is
                                      A.StringKind.DOUBLE_QUOTED_HERE_STRING))
                continue
            var = p.sub_expression if isinstance(p, A.UsingExpressionAst) else p
            if isinstance(var, A.VariableExpressionAst):
                nxt = parts[i + 1] if i + 1 < len(parts) else ""
                if var.braced or not _simple_name(var.path.user_path) or (
                        isinstance(nxt, str) and nxt[:1] and (nxt[0].isalnum() or
                                                               nxt[0] in "_?:")):
                    out.append("${" + var.path.user_path + "}")
                else:
                    out.append("$" + var.path.user_path)
            elif isinstance(p, A.SubExpressionAst):
                out.append(self.node(p, indent))
            else:
                out.append("$(" + self.node(p, indent) + ")")
        return "".join(out)

    def _VariableExpressionAst(self, n: A.VariableExpressionAst, indent: int) -> str:
        sigil = "@" if n.splatted else "$"
        path = n.path.user_path
        if n.braced or not _simple_name(path):
            escaped = path.replace("`", "``").replace("}", "`}").replace("{", "`{")
            return sigil + "{" + escaped + "}"
        return sigil + path

    def _UsingExpressionAst(self, n: A.UsingExpressionAst, indent: int) -> str:
        return self.node(n.sub_expression, indent)

    def _TypeExpressionAst(self, n: A.TypeExpressionAst, indent: int) -> str:
        return f"[{n.type_name.full_name}]"

    def _ConvertExpressionAst(self, n: A.ConvertExpressionAst, indent: int) -> str:
        return self.node(n.type, indent) + self._cast_operand(n.child, indent)

    def _AttributedExpressionAst(self, n: A.AttributedExpressionAst, indent: int) -> str:
        return self.node(n.attribute, indent) + self._cast_operand(n.child, indent)

    def _cast_operand(self, e: A.ExpressionAst, indent: int) -> str:
        # `[int], 0` is an array holding a type literal, not a cast of `,0`.
        if isinstance(e, A.UnaryExpressionAst) and e.operator is A.UnaryOperator.COMMA:
            return "(" + self.node(e, indent) + ")"
        text = self._unary_operand(e, indent)
        # `[string].5` would be member access on the type; `[string] .5` is the cast.
        return " " + text if text[:1] in ".:[" else text

    def _unary_operand(self, e: A.ExpressionAst, indent: int) -> str:
        if _is_unary(e):
            return self.node(e, indent)
        return "(" + self.node(e, indent) + ")"

    def _UnaryExpressionAst(self, n: A.UnaryExpressionAst, indent: int) -> str:
        op = n.operator
        if op is A.UnaryOperator.POST_INCREMENT or op is A.UnaryOperator.POST_DECREMENT:
            child = self.node(n.child, indent) if _is_primary(n.child) \
                else "(" + self.node(n.child, indent) + ")"
            return child + ("++" if op is A.UnaryOperator.POST_INCREMENT else "--")
        return _UNARY_TEXT[op] + self._unary_operand(n.child, indent)

    def _BinaryExpressionAst(self, n: A.BinaryExpressionAst, indent: int) -> str:
        op = n.operator.value
        prec = BINARY_PRECEDENCE[op]
        left = self.node(n.left, indent)
        # `[int] + 0` would read as a cast of `+0`: only operators that are also unary.
        if _precedence(n.left) < prec or (op in UNARY_OPERATORS and _ends_with_type(n.left)):
            left = "(" + left + ")"
        right = self.node(n.right, indent)
        if _precedence(n.right) <= prec:
            right = "(" + right + ")"
        return f"{left} {_binary_text(n.operator)} {right}"

    def _TernaryExpressionAst(self, n: A.TernaryExpressionAst, indent: int) -> str:
        cond = self.node(n.condition, indent)
        if isinstance(n.condition, A.TernaryExpressionAst):
            cond = "(" + cond + ")"
        return f"{cond} ? {self.node(n.if_true, indent)} : {self.node(n.if_false, indent)}"

    def _ArrayLiteralAst(self, n: A.ArrayLiteralAst, indent: int) -> str:
        return ", ".join(self._unary_operand(e, indent) for e in n.elements)

    def _postfix_target(self, e: A.ExpressionAst, indent: int) -> str:
        text = self.node(e, indent)
        if not _is_primary(e) or (isinstance(e, A.ConstantExpressionAst)
                                  and not _number_takes_member(text)):
            return "(" + text + ")"
        return text

    def _member_name(self, m: A.ExpressionAst, indent: int) -> str:
        if isinstance(m, A.StringConstantExpressionAst) and \
                m.string_kind is A.StringKind.BARE_WORD:
            return m.value if _member_word(m.value) else _single_quoted(m.value)
        return self.node(m, indent)

    def _MemberExpressionAst(self, n: A.MemberExpressionAst, indent: int) -> str:
        op = "::" if n.static else "?." if n.null_conditional else "."
        return self._postfix_target(n.expression, indent) + op + \
            self._member_name(n.member, indent)

    def _InvokeMemberExpressionAst(self, n: A.InvokeMemberExpressionAst, indent: int) -> str:
        op = "::" if n.static else "?." if n.null_conditional else "."
        generic = ""
        if n.generic_types:
            generic = "[" + ",".join(t.full_name for t in n.generic_types) + "]"
        args = ", ".join(self._operand(a, indent, comma=False) for a in n.arguments)
        return self._postfix_target(n.expression, indent) + op + \
            self._member_name(n.member, indent) + generic + "(" + args + ")"

    def _IndexExpressionAst(self, n: A.IndexExpressionAst, indent: int) -> str:
        op = "?[" if n.null_conditional else "["
        return self._postfix_target(n.target, indent) + op + self.node(n.index, indent) + "]"

    def _ParenExpressionAst(self, n: A.ParenExpressionAst, indent: int) -> str:
        return "(" + self.node(n.pipeline, indent) + ")"

    def _sub(self, opener: str, block: A.StatementBlockAst, indent: int) -> str:
        lines = self._statements(block.statements, block.traps, 0)
        if any("\n" in line for line in lines):
            return opener + "\n" + "\n".join(self._statements(
                block.statements, block.traps, indent + 1)) + "\n" + _INDENT * indent + ")"
        return opener + "; ".join(lines) + ")"

    def _SubExpressionAst(self, n: A.SubExpressionAst, indent: int) -> str:
        return self._sub("$(", n.subexpression, indent)

    def _ArrayExpressionAst(self, n: A.ArrayExpressionAst, indent: int) -> str:
        return self._sub("@(", n.subexpression, indent)

    def _HashtableAst(self, n: A.HashtableAst, indent: int) -> str:
        if not n.entries:
            return "@{}"
        pad = _INDENT * (indent + 1)
        lines = []
        for e in n.entries:
            key = e.key
            if isinstance(key, A.StringConstantExpressionAst) and \
                    key.string_kind is A.StringKind.BARE_WORD:
                k = key.value
            else:
                k = self._unary_operand(key, indent + 1)
            lines.append(f"{pad}{k} = {self.node(e.value, indent + 1)}")
        return "@{\n" + "\n".join(lines) + "\n" + _INDENT * indent + "}"

    def _ScriptBlockExpressionAst(self, n: A.ScriptBlockExpressionAst, indent: int) -> str:
        return self._script_block_braces(n.script_block, indent)


def _looks_like_parameter(word: str) -> bool:
    return len(word) > 1 and (word[1].isalpha() or word[1] in "_?")


def _simple_name(path: str) -> bool:
    """Whether `$path` lexes back as exactly this variable."""
    from pyshell.language.tokenizer import Tokenizer

    if not path:
        return False
    tz = Tokenizer("$" + path + " ")
    t = tz.next_token(Mode.EXPRESSION)
    return t.kind is TokenKind.VARIABLE and t.value == (path, False) and not tz.errors


def _number_text(n: A.ConstantExpressionAst) -> str:
    if n.text:
        return n.text
    value = n.value
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, float):
        return repr(value)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value) + "d"
    return str(value)


def _spaced(text: str) -> str:
    """`text` and one separating blank, unless it already ends in one (the verbatim text after
    `--%` keeps its trailing blanks, and one more would change it)."""
    return text if text[-1:].isspace() else text + " "


def _number_takes_member(text: str) -> bool:
    """`1.5.x`, `0x10.x` and `4GB.x` are a number then `.x`; in `5.x` the dot would be a
    decimal point."""
    return not text.lstrip("+-\u2013\u2014\u2015").isdigit()


def _member_word(value: str) -> bool:
    """Whether a member name reads back unquoted after `.` (an identifier, or a number as in
    `$a.1.5d`)."""
    from pyshell.language.tokenizer import Tokenizer

    if not value:
        return False
    tz = Tokenizer(value)
    t = tz.next_token(Mode.EXPRESSION)
    return t.start == 0 and t.end == len(value) and not tz.errors and (
        t.kind in (TokenKind.IDENTIFIER, TokenKind.NUMBER)
        or (t.kind is TokenKind.GENERIC and t.value == value))


def _binary_text(op: A.BinaryOperator) -> str:
    text = op.value
    # `-ieq` is how the tree spells PowerShell's default (case-insensitive) `-eq`.
    if text.startswith("-i") and text not in ("-is", "-isnot", "-in"):
        return "-" + text[2:]
    return text


def _exposes_comma(e: A.ExpressionAst) -> bool:
    """Whether an array literal would show at the top level of the printed expression (where
    commas separate arguments, it must be parenthesised)."""
    if isinstance(e, A.ArrayLiteralAst):
        return True
    if isinstance(e, A.BinaryExpressionAst):
        return _exposes_comma(e.left) or _exposes_comma(e.right)
    if isinstance(e, A.TernaryExpressionAst):
        return any(_exposes_comma(x) for x in (e.condition, e.if_true, e.if_false))
    return False


def _ends_with_type(e: A.ExpressionAst) -> bool:
    """Whether the printed expression ends in a bare type literal, which an operator that is
    also unary would turn into a cast (`[int] + 0` reads as `[int](+0)`)."""
    while True:
        if isinstance(e, A.TypeExpressionAst):
            return True
        if isinstance(e, A.BinaryExpressionAst):
            e = e.right
        elif isinstance(e, A.ArrayLiteralAst):
            e = e.elements[-1]
        elif isinstance(e, A.UnaryExpressionAst) and e.operator not in (
                A.UnaryOperator.POST_INCREMENT, A.UnaryOperator.POST_DECREMENT):
            e = e.child
        elif isinstance(e, (A.ConvertExpressionAst, A.AttributedExpressionAst)):
            e = e.child
        elif isinstance(e, A.TernaryExpressionAst):
            e = e.if_false
        else:
            return False


def _is_primary(e: A.ExpressionAst) -> bool:
    return isinstance(e, (
        A.ConstantExpressionAst, A.StringConstantExpressionAst,
        A.ExpandableStringExpressionAst, A.VariableExpressionAst, A.MemberExpressionAst,
        A.InvokeMemberExpressionAst, A.IndexExpressionAst, A.ParenExpressionAst,
        A.SubExpressionAst, A.ArrayExpressionAst, A.HashtableAst, A.ScriptBlockExpressionAst,
        A.TypeExpressionAst, A.UsingExpressionAst, A.ErrorExpressionAst))


def _is_unary(e: A.ExpressionAst) -> bool:
    return _is_primary(e) or isinstance(e, (A.UnaryExpressionAst, A.ConvertExpressionAst,
                                            A.AttributedExpressionAst))


def _precedence(e: A.ExpressionAst) -> int:
    """How tightly an expression holds together when printed bare (binary precedence for
    binary expressions; arrays bind tighter than any binary operator but looser than unary)."""
    if isinstance(e, A.BinaryExpressionAst):
        return BINARY_PRECEDENCE[e.operator.value]
    if isinstance(e, A.ArrayLiteralAst):
        return 14
    if isinstance(e, A.TernaryExpressionAst):
        return 0
    return 20
