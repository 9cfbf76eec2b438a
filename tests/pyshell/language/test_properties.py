"""Property-based checks of the front end (Hypothesis).

- the parser raises nothing but ParseError, on arbitrary text and on mutated real scripts;
- `tokenize()` never raises, its tokens lie inside the source, are ordered, do not overlap,
  and leave only blanks uncovered;
- printing a tree and parsing it again gives the same tree, for generated expressions and
  statements.

Every test draws its settings from the "language" profile below: no deadline (a busy CI
machine must not make a test flaky) and derandomized when the CI environment variable is set,
so CI runs are reproducible; the example counts keep the whole language suite fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import given, settings, strategies as st

from pyshell.language import ParseError, parse
from pyshell.language import ast as A
from pyshell.language.tokenizer import Tokenizer, tokenize
from pyshell.language.tokens import UNARY_OPERATORS, Mode
from pyshell.language.unparse import unparse

__all__: list[str] = []

settings.register_profile("language", deadline=None, derandomize=bool(os.environ.get("CI")))
PROFILE = settings.get_profile("language")

_CASES = Path(__file__).resolve().parents[3] / ".." / "shared" / "conformance" / "cases.jsonl"
SCRIPTS = [json.loads(line)["script"] for line in _CASES.open(encoding="utf-8")] \
    if _CASES.exists() else []
SCRIPTS += [
    "function Get-Thing { [CmdletBinding()] param([Parameter(Mandatory)][string]$Name) "
    "process { $Name } }",
    "switch -regex ($x) { 'a' { 1 } default { 2 } }",
    "try { Get-VM x -ErrorAction Stop } catch [System.Exception] { $_ } finally { 'done' }",
    "$h = [ordered]@{ a = 1; b = @(1, 2) }; $h.a += 4GB",
    "@'\nhere $x\n'@ | Out-Null; \"a $($b.c) ${d}\" 2>&1 > $null",
    "class A : B { [int]$X = 1; A() : base() {} [void] M([int]$y) { $this.X = $y } }",
    "cmd /c --% echo \"a|b\" | sort; Write-Output -- -x; & $f @args",
]

# Fragments that exercise every corner of the lexer, mixed with arbitrary characters.
FRAGMENTS = [
    "$", "@", "{", "}", "(", ")", "[", "]", "$(", "@(", "@{", "'", '"', "@'\n", '@"\n', "\n'@",
    '\n"@', "`", "`\n", "#", "<#", "#>", "|", "||", "&&", "&", ";", ",", ".", "..", "::", "?.",
    "?[", "?", "??", "??=", ":", "=", "+=", "++", "--", "-", "+", "*", "/", "%", "!", ">", ">>",
    "2>&1", "*>", "<", "-eq", "-not", "-f", "-Name", "-Name:", "--%", " ", "\n", "\t", "if",
    "else", "foreach", "in", "function", "param", "begin", "process", "class", "enum", "switch",
    "default", "try", "catch", "finally", "trap", "while", "do", "until", "for", "return",
    "break", ":lbl", "$x", "${a b}", "$env:", "@splat", "0x", "4GB", "1.5d", "1e", "-5", "Get-VM",
    "[int]", "[ordered]", "[List[string]]", "[Parameter(Mandatory)]", "'a''b'", '"a$b"', "\u2013",
    "\u201c", "\u2018", "\xa0", "\r\n", "using", "data", "$_", "%", "using namespace x",
]
chunks = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3))
source_text = st.lists(chunks, max_size=30).map("".join)


def _parse_quietly(text: str) -> None:
    try:
        parse(text)
    except ParseError as e:
        assert e.errors
        for d in e.errors:
            assert 0 <= d.extent.start_offset <= d.extent.end_offset <= len(text)


@settings(PROFILE, max_examples=400)
@given(source_text)
def test_parser_raises_only_parse_error(text: str) -> None:
    _parse_quietly(text)


@settings(PROFILE, max_examples=300)
@given(st.sampled_from(SCRIPTS), st.data())
def test_parser_raises_only_parse_error_on_mutated_scripts(script: str, data: Any) -> None:
    text = script
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        piece = data.draw(chunks)
        if action == "insert":
            text = text[:pos] + piece + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + 1:]
        elif action == "replace":
            text = text[:pos] + piece + text[pos + 1:]
        else:
            text = text[:pos]
    _parse_quietly(text)


def _check_tokens(text: str) -> None:
    end = 0
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text), t
        assert t.start >= end, t
        assert text[t.start:t.end] == t.text
        assert text[end:t.start].strip() == "", (text[end:t.start], t)
        end = t.end
    assert text[end:].strip() == ""


@settings(PROFILE, max_examples=300)
@given(source_text)
def test_tokenize_extents_are_ordered_disjoint_and_cover_the_text(text: str) -> None:
    _check_tokens(text)


@settings(PROFILE, max_examples=100)
@given(st.sampled_from(SCRIPTS), st.integers(0, 10_000))
def test_tokenize_on_script_prefixes(script: str, cut: int) -> None:
    _check_tokens(script[:cut % (len(script) + 1)])


@settings(PROFILE, max_examples=300)
@given(source_text, st.sampled_from(list(Mode)))
def test_raw_tokenizer_extents_in_every_mode(text: str, mode: Mode) -> None:
    tz = Tokenizer(text)
    end = 0
    for _ in range(len(text) + 2):
        t = tz.next_token(mode)
        assert end <= t.start <= t.end <= len(text)
        end = t.end
        if t.kind.name == "EOF":
            break
    else:
        raise AssertionError("tokenizer did not reach the end")


def test_conformance_scripts_round_trip_through_unparse() -> None:
    for script in SCRIPTS:
        try:
            ast = parse(script)
        except ParseError:
            continue
        assert parse(unparse(ast)) == ast, script


# ------------------------------------------------------------------ generated trees

NUMBER_TEXTS = ["0", "1", "42", "1.5", "0x10", "4GB", "1e3", "7l", "1.5d", "3kb", "0b101",
                "-3", "-0.5", "2147483648"]


def _number(text: str) -> A.ConstantExpressionAst:
    return A.ConstantExpressionAst(Tokenizer(text).next_token(Mode.EXPRESSION, True).value, text)


names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
leaves = st.one_of(
    st.sampled_from(NUMBER_TEXTS).map(_number),
    st.text(max_size=8).map(lambda v: A.StringConstantExpressionAst(
        v, A.StringKind.SINGLE_QUOTED)),
    st.text(max_size=8).map(lambda v: A.StringConstantExpressionAst(
        v, A.StringKind.DOUBLE_QUOTED)),
    names.map(lambda n: A.VariableExpressionAst(A.VariablePath(n))),
    st.sampled_from(["int", "string", "System.IO.File"]).map(
        lambda n: A.TypeExpressionAst(A.TypeName(n))),
)
BINARY_OPS = [op for op in A.BinaryOperator]
UNARY_OPS = [A.UnaryOperator.NOT, A.UnaryOperator.EXCLAIM, A.UnaryOperator.BNOT,
             A.UnaryOperator.NEGATE, A.UnaryOperator.PLUS, A.UnaryOperator.COMMA,
             A.UnaryOperator.JOIN, A.UnaryOperator.ISPLIT, A.UnaryOperator.CSPLIT]
PRIMARY = (A.ConstantExpressionAst, A.StringConstantExpressionAst, A.VariableExpressionAst,
           A.MemberExpressionAst, A.InvokeMemberExpressionAst, A.IndexExpressionAst,
           A.ParenExpressionAst, A.HashtableAst, A.ScriptBlockExpressionAst,
           A.TypeExpressionAst, A.ArrayExpressionAst, A.SubExpressionAst)


def _pipeline(e: A.ExpressionAst) -> A.PipelineAst:
    return A.PipelineAst((A.CommandExpressionAst(e),))


def _paren(e: A.ExpressionAst) -> A.ExpressionAst:
    return A.ParenExpressionAst(_pipeline(e))


def _prec(e: A.ExpressionAst) -> int:
    from pyshell.language.tokens import BINARY_PRECEDENCE

    if isinstance(e, A.BinaryExpressionAst):
        return BINARY_PRECEDENCE[e.operator.value]
    if isinstance(e, A.ArrayLiteralAst):
        return 14
    if isinstance(e, A.TernaryExpressionAst):
        return 0
    return 20


def _unary_operand(e: A.ExpressionAst) -> A.ExpressionAst:
    ok = isinstance(e, PRIMARY + (A.UnaryExpressionAst, A.ConvertExpressionAst))
    return e if ok else _paren(e)


def _cast_operand(e: A.ExpressionAst) -> A.ExpressionAst:
    """`[int], 0` is an array holding a type literal: a comma cannot start a cast operand."""
    if isinstance(e, A.UnaryExpressionAst) and e.operator is A.UnaryOperator.COMMA:
        return _paren(e)
    return _unary_operand(e)


def _postfix_target(e: A.ExpressionAst, index: bool = False) -> A.ExpressionAst:
    ok = isinstance(e, PRIMARY) and not isinstance(e, A.ConstantExpressionAst)
    # `[int][0]` would read as two type literals, not an index into a type.
    if index and isinstance(e, A.TypeExpressionAst):
        ok = False
    return e if ok else _paren(e)


def _operand(e: A.ExpressionAst) -> A.ExpressionAst:
    """A type literal directly before an operator that is also unary would become a cast
    (`[int] + 0` is `[int](+0)`), so operands that end in one are parenthesised."""
    last = e
    while True:
        if isinstance(last, A.TypeExpressionAst):
            return _paren(e)
        if isinstance(last, A.BinaryExpressionAst):
            last = last.right
        elif isinstance(last, A.ArrayLiteralAst):
            last = last.elements[-1]
        elif isinstance(last, (A.UnaryExpressionAst, A.ConvertExpressionAst)) and \
                last.operator not in (A.UnaryOperator.POST_INCREMENT,
                                      A.UnaryOperator.POST_DECREMENT) \
                if isinstance(last, A.UnaryExpressionAst) else isinstance(
                    last, A.ConvertExpressionAst):
            last = last.child
        elif isinstance(last, A.TernaryExpressionAst):
            last = last.if_false
        else:
            return e


def _binary(left: A.ExpressionAst, op: A.BinaryOperator,
            right: A.ExpressionAst) -> A.ExpressionAst:
    from pyshell.language.tokens import BINARY_PRECEDENCE

    prec = BINARY_PRECEDENCE[op.value]
    if op.value in UNARY_OPERATORS:
        left = _operand(left)
    if _prec(left) < prec:
        left = _paren(left)
    if _prec(right) <= prec:
        right = _paren(right)
    return A.BinaryExpressionAst(left, op, right)


def _exposes_comma(e: A.ExpressionAst) -> bool:
    if isinstance(e, A.ArrayLiteralAst):
        return True
    if isinstance(e, A.BinaryExpressionAst):
        return _exposes_comma(e.left) or _exposes_comma(e.right)
    if isinstance(e, A.TernaryExpressionAst):
        return any(map(_exposes_comma, (e.condition, e.if_true, e.if_false)))
    return False


def _no_comma(e: A.ExpressionAst) -> A.ExpressionAst:
    """Method arguments are separated by commas, so no array literal may show in one."""
    return _paren(e) if _exposes_comma(e) else e


def _hashtable(pairs: list[tuple[str, A.ExpressionAst]]) -> A.ExpressionAst:
    unique = dict(pairs)
    return A.HashtableAst(tuple(
        A.HashtableEntry(A.StringConstantExpressionAst(k, A.StringKind.BARE_WORD), _pipeline(v))
        for k, v in unique.items()))


def _script_block(body: list[A.ExpressionAst]) -> A.ExpressionAst:
    block = A.NamedBlockAst(A.BlockKind.END, tuple(_pipeline(e) for e in body), unnamed=True)
    return A.ScriptBlockExpressionAst(A.ScriptBlockAst(end_block=block))


def _extend(children: st.SearchStrategy[A.ExpressionAst]) -> st.SearchStrategy[A.ExpressionAst]:
    return st.one_of(
        st.builds(_binary, children, st.sampled_from(BINARY_OPS), children),
        st.builds(lambda op, c: A.UnaryExpressionAst(op, _unary_operand(c)),
                  st.sampled_from(UNARY_OPS), children),
        st.builds(lambda items: A.ArrayLiteralAst(tuple(_unary_operand(i) for i in items)),
                  st.lists(children, min_size=2, max_size=3)),
        st.builds(lambda c, a, b: A.TernaryExpressionAst(
            _paren(c) if isinstance(c, A.TernaryExpressionAst) else c, a, b),
            children, children, children),
        st.builds(lambda t, m: A.MemberExpressionAst(
            _postfix_target(t), A.StringConstantExpressionAst(m, A.StringKind.BARE_WORD)),
            children, names),
        st.builds(lambda t, m, args: A.InvokeMemberExpressionAst(
            _postfix_target(t), A.StringConstantExpressionAst(m, A.StringKind.BARE_WORD),
            tuple(_no_comma(a) for a in args)), children, names, st.lists(children, max_size=2)),
        st.builds(lambda t, i: A.IndexExpressionAst(_postfix_target(t, index=True), i),
                  children, children),
        st.builds(lambda c, t: A.ConvertExpressionAst(A.TypeConstraintAst(A.TypeName(t)),
                                                      _cast_operand(c)),
                  children, st.sampled_from(["int", "string", "System.Int64"])),
        st.builds(lambda h: A.ConvertExpressionAst(A.TypeConstraintAst(A.TypeName("ordered")),
                                                   h),
                  st.lists(st.tuples(names, children), max_size=2).map(_hashtable)),
        st.builds(_paren, children),
        st.builds(_hashtable, st.lists(st.tuples(names, children), max_size=3)),
        st.builds(_script_block, st.lists(children, max_size=2)),
        st.builds(lambda body: A.ArrayExpressionAst(A.StatementBlockAst(
            tuple(_pipeline(e) for e in body))), st.lists(children, max_size=2)),
    )


expressions = st.recursive(leaves, _extend, max_leaves=12)


def _statement_strategies() -> st.SearchStrategy[A.StatementAst]:
    var = names.map(lambda n: A.VariableExpressionAst(A.VariablePath(n)))
    block = st.lists(expressions, max_size=2).map(
        lambda es: A.StatementBlockAst(tuple(_pipeline(e) for e in es)))
    words = st.from_regex(r"[A-Za-z][A-Za-z0-9.*\\-]{0,8}", fullmatch=True)
    command = st.builds(
        lambda name, argv: A.PipelineAst((A.CommandAst(
            (A.StringConstantExpressionAst(name, A.StringKind.BARE_WORD),)
            + tuple(A.StringConstantExpressionAst(a, A.StringKind.BARE_WORD) for a in argv)),)),
        words, st.lists(st.text(min_size=1, max_size=6), max_size=3))
    return st.one_of(
        expressions.map(_pipeline),
        command,
        st.builds(lambda v, e: A.AssignmentStatementAst(v, A.AssignmentOperator.EQUALS,
                                                        _pipeline(e)), var, expressions),
        st.builds(lambda c, b, e: A.IfStatementAst((A.IfClause(_pipeline(c), b),), e),
                  expressions, block, st.none() | block),
        st.builds(lambda v, c, b: A.ForEachStatementAst(None, v, _pipeline(c), b),
                  var, expressions, block),
        st.builds(lambda c, b: A.WhileStatementAst(None, _pipeline(c), b), expressions, block),
        st.builds(lambda e: A.ReturnStatementAst(_pipeline(e)), expressions),
    )


statements = _statement_strategies()


@settings(PROFILE, max_examples=300)
@given(expressions)
def test_unparse_round_trips_generated_expressions(e: A.ExpressionAst) -> None:
    text = unparse(_pipeline(e))
    ast = parse(text)
    assert ast.end_block is not None
    assert ast.end_block.statements == (_pipeline(e),), text


@settings(PROFILE, max_examples=200)
@given(st.lists(statements, min_size=1, max_size=3))
def test_unparse_round_trips_generated_scripts(body: list[A.StatementAst]) -> None:
    script = A.ScriptBlockAst(end_block=A.NamedBlockAst(A.BlockKind.END, tuple(body),
                                                        unnamed=True))
    text = unparse(script)
    assert parse(text) == script, text
