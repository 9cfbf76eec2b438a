"""The parser per construct: the trees it builds (extents are not part of equality, so the
expected trees are written out with the node constructors)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pyshell.language import ParseError, parse
from pyshell.language import ast as A

__all__: list[str] = []

BO = A.BinaryOperator
UO = A.UnaryOperator
SK = A.StringKind


def statements(src: str) -> tuple[A.StatementAst, ...]:
    block = parse(src).end_block
    assert block is not None
    return block.statements


def stmt(src: str) -> A.StatementAst:
    (s,) = statements(src)
    return s


def expr(src: str) -> A.ExpressionAst:
    s = stmt(src)
    assert isinstance(s, A.PipelineAst) and len(s.elements) == 1
    element = s.elements[0]
    assert isinstance(element, A.CommandExpressionAst)
    return element.expression


def cmd(src: str) -> A.CommandAst:
    s = stmt(src)
    assert isinstance(s, A.PipelineAst)
    element = s.elements[0]
    assert isinstance(element, A.CommandAst)
    return element


def args(src: str) -> tuple[A.CommandElementAst, ...]:
    return cmd(src).elements[1:]


def N(value: object, text: str | None = None) -> A.ConstantExpressionAst:
    return A.ConstantExpressionAst(value, text if text is not None else str(value))


def W(value: str) -> A.StringConstantExpressionAst:
    return A.StringConstantExpressionAst(value, SK.BARE_WORD)


def SQ(value: str) -> A.StringConstantExpressionAst:
    return A.StringConstantExpressionAst(value, SK.SINGLE_QUOTED)


def DQ(value: str) -> A.StringConstantExpressionAst:
    return A.StringConstantExpressionAst(value, SK.DOUBLE_QUOTED)


def V(path: str, braced: bool = False) -> A.VariableExpressionAst:
    return A.VariableExpressionAst(A.VariablePath(path), braced=braced)


def P(e: A.ExpressionAst) -> A.PipelineAst:
    return A.PipelineAst((A.CommandExpressionAst(e),))


def Bin(left: A.ExpressionAst, op: A.BinaryOperator, right: A.ExpressionAst) -> A.ExpressionAst:
    return A.BinaryExpressionAst(left, op, right)


def T(name: str) -> A.TypeConstraintAst:
    return A.TypeConstraintAst(A.TypeName(name))


# ------------------------------------------------------------------ script structure


def test_empty_script() -> None:
    ast = parse("")
    assert ast.end_block == A.NamedBlockAst(A.BlockKind.END, (), unnamed=True)


def test_statements_are_separated_by_newlines_and_semicolons() -> None:
    assert statements("1; 2\n3;;\n\n4") == (P(N(1)), P(N(2)), P(N(3)), P(N(4)))


def test_compound_statement_needs_no_separator() -> None:
    s = statements("if ($a) {1} 'next'")
    assert isinstance(s[0], A.IfStatementAst) and s[1] == P(SQ("next"))


def test_comments_and_line_continuation() -> None:
    assert statements("# c\n1 <# b #> + 2 # t\n") == (P(Bin(N(1), BO.ADD, N(2))),)
    assert args("Write-Output a `\n  b") == (W("a"), W("b"))


def test_requires_lines_are_collected() -> None:
    assert parse("#Requires -Version 7.2\n#requires -Modules Hyper-V\n1").requires == (
        "-Version 7.2", "-Modules Hyper-V")


def test_extents_have_offsets_lines_and_columns() -> None:
    s = stmt("\n  $x = 1")
    assert (s.extent.start_offset, s.extent.end_offset) == (3, 9)
    assert (s.extent.start_line, s.extent.start_column) == (2, 3)
    assert s.extent.text == "$x = 1"


def test_path_is_kept_in_extents() -> None:
    assert parse("1", "C:/s/x.ps1").extent.file == "C:/s/x.ps1"


# ------------------------------------------------------------------ variables


@pytest.mark.parametrize("src,path", [
    ("$x", "x"), ("$script:x", "script:x"), ("$global:x", "global:x"), ("$local:x", "local:x"),
    ("$private:x", "private:x"), ("$env:PATH", "env:PATH"), ("$_", "_"), ("$PSItem", "PSItem"),
    ("$args", "args"), ("$input", "input"), ("$true", "true"), ("$false", "false"),
    ("$null", "null"), ("$?", "?"),
])
def test_variables(src: str, path: str) -> None:
    assert expr(src) == V(path)


def test_variable_path_parts() -> None:
    v = expr("$script:x")
    assert isinstance(v, A.VariableExpressionAst)
    assert (v.path.scope, v.name) == ("script", "x")
    e = expr("$env:PATH")
    assert isinstance(e, A.VariableExpressionAst) and e.path.drive == "env"


def test_braced_variable() -> None:
    assert expr("${any name}") == V("any name", braced=True)


def test_using_variable() -> None:
    assert expr("$using:x") == A.UsingExpressionAst(V("using:x"))


def test_splatting_as_command_argument() -> None:
    assert args("Get-VM @params") == (A.VariableExpressionAst(A.VariablePath("params"),
                                                              splatted=True),)


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("src,value", [
    ("42", 42), ("0x10", 16), ("0b101", 5), ("1e3", 1000.0), ("1.5", 1.5), ("5l", 5),
    ("5u", 5), ("5ul", 5), ("5s", 5), ("5us", 5), ("5y", 5), ("5uy", 5), ("5d", Decimal(5)),
    ("5n", 5), ("1kb", 1024), ("1mb", 1 << 20), ("4GB", 4294967296), ("1tb", 1 << 40),
    ("1pb", 1 << 50), ("-5", -5),
])
def test_number_literals(src: str, value: object) -> None:
    assert expr(src) == N(value, src)


def test_numbers_in_command_mode_stay_numbers() -> None:
    assert args("New-VM -MemoryStartupBytes 4GB 0x10 1.50") == (
        A.CommandParameterAst("MemoryStartupBytes", text="-MemoryStartupBytes"),
        N(4294967296, "4GB"), N(16, "0x10"), N(1.5, "1.50"))


def test_minus_number_in_command_mode_is_a_string() -> None:
    assert args("Write-Output -5 5-3 +5") == (W("-5"), W("5-3"), W("+5"))


# ------------------------------------------------------------------ strings


def test_single_quoted_string() -> None:
    assert expr("'it''s'") == SQ("it's")


def test_double_quoted_string_without_expansion_is_constant() -> None:
    assert expr('"a`tb"') == DQ("a\tb")


def test_expandable_string_parts() -> None:
    e = expr('"Hi $name, ${x y} $a.b $($n + 1)!"')
    assert isinstance(e, A.ExpandableStringExpressionAst)
    sub = A.SubExpressionAst(A.StatementBlockAst((P(Bin(V("n"), BO.ADD, N(1))),)))
    assert e.parts == ("Hi ", V("name"), ", ", V("x y", braced=True), " ", V("a"), ".b ", sub,
                       "!")
    assert e.raw == 'Hi $name, ${x y} $a.b $($n + 1)!'


def test_subexpression_offsets_point_into_the_source() -> None:
    e = expr('"ab $(1 + $x) c"')
    assert isinstance(e, A.ExpandableStringExpressionAst)
    sub = e.parts[1]
    assert isinstance(sub, A.SubExpressionAst)
    assert sub.extent.text == "$(1 + $x)"
    inner = sub.subexpression.statements[0]
    assert inner.extent.text == "1 + $x"


def test_here_strings() -> None:
    assert expr("@'\nline $x\n'@") == A.StringConstantExpressionAst(
        "line $x", SK.SINGLE_QUOTED_HERE_STRING)
    e = expr('@"\nv=$x\n"@')
    assert isinstance(e, A.ExpandableStringExpressionAst)
    assert e.parts == ("v=", V("x")) and e.string_kind is SK.DOUBLE_QUOTED_HERE_STRING


def test_here_string_followed_by_pipeline() -> None:
    s = stmt("@'\nx\n'@ | Out-Null")
    assert isinstance(s, A.PipelineAst) and len(s.elements) == 2


# ------------------------------------------------------------------ arrays, hashtables, types


def test_array_literals() -> None:
    assert expr("1,2,3") == A.ArrayLiteralAst((N(1), N(2), N(3)))
    assert expr(",1") == A.UnaryExpressionAst(UO.COMMA, N(1))
    assert expr("@()") == A.ArrayExpressionAst(A.StatementBlockAst())
    assert expr("@(1\n2)") == A.ArrayExpressionAst(A.StatementBlockAst((P(N(1)), P(N(2)))))
    assert expr("$(1)") == A.SubExpressionAst(A.StatementBlockAst((P(N(1)),)))
    assert expr("(1,2)") == A.ParenExpressionAst(P(A.ArrayLiteralAst((N(1), N(2)))))


def test_array_binds_tighter_than_binary() -> None:
    assert expr("1,2 + 3") == Bin(A.ArrayLiteralAst((N(1), N(2))), BO.ADD, N(3))
    assert expr("1,\n2") == A.ArrayLiteralAst((N(1), N(2)))


def test_hashtable() -> None:
    e = expr("@{a=1; 'b c' = 2\n if = Get-Date}")
    assert e == A.HashtableAst((
        A.HashtableEntry(W("a"), P(N(1))), A.HashtableEntry(SQ("b c"), P(N(2))),
        A.HashtableEntry(W("if"), A.PipelineAst((A.CommandAst((W("Get-Date"),)),)))))


def test_hash_value_is_a_statement() -> None:
    e = expr("@{ v = if ($x) {1} else {2} }")
    assert isinstance(e, A.HashtableAst)
    assert isinstance(e.entries[0].value, A.IfStatementAst)


def test_ordered_hashtable() -> None:
    assert expr("[ordered]@{}") == A.ConvertExpressionAst(T("ordered"), A.HashtableAst())


@pytest.mark.parametrize("src,type_name", [
    ("[int]", A.TypeName("int")),
    ("[Microsoft.HyperV.PowerShell.VMState]", A.TypeName("Microsoft.HyperV.PowerShell.VMState")),
    ("[System.Collections.Generic.List[string]]", A.GenericTypeName(
        A.TypeName("System.Collections.Generic.List"), (A.TypeName("string"),))),
    ("[Dictionary[string,int]]", A.GenericTypeName(
        A.TypeName("Dictionary"), (A.TypeName("string"), A.TypeName("int")))),
    ("[int[]]", A.ArrayTypeName(A.TypeName("int"))),
    ("[int[,]]", A.ArrayTypeName(A.TypeName("int"), 2)),
    ("[List[int][]]", A.ArrayTypeName(A.GenericTypeName(A.TypeName("List"),
                                                        (A.TypeName("int"),)))),
    ("[Dictionary[[string],[int]]]", A.GenericTypeName(
        A.TypeName("Dictionary"), (A.TypeName("string"), A.TypeName("int")))),
])
def test_type_literals(src: str, type_name: A.AnyTypeName) -> None:
    assert expr(src) == A.TypeExpressionAst(type_name)


def test_casts() -> None:
    assert expr("[int]'5'") == A.ConvertExpressionAst(T("int"), SQ("5"))
    assert expr("[int] '5' + 1") == Bin(A.ConvertExpressionAst(T("int"), SQ("5")), BO.ADD, N(1))
    assert expr("[int]-5") == A.ConvertExpressionAst(T("int"), N(-5, "-5"))
    assert expr("[int][char]'a'") == A.ConvertExpressionAst(
        T("int"), A.ConvertExpressionAst(T("char"), SQ("a")))
    assert expr("[int]$a.b") == A.ConvertExpressionAst(
        T("int"), A.MemberExpressionAst(V("a"), W("b")))


def test_static_member_and_method() -> None:
    assert expr("[math]::Pi") == A.MemberExpressionAst(A.TypeExpressionAst(A.TypeName("math")),
                                                       W("Pi"), static=True)
    assert expr("[int]::Parse('5')") == A.InvokeMemberExpressionAst(
        A.TypeExpressionAst(A.TypeName("int")), W("Parse"), (SQ("5"),), static=True)


# ------------------------------------------------------------------ operators


@pytest.mark.parametrize("op,node", [
    ("+", BO.ADD), ("-", BO.SUBTRACT), ("*", BO.MULTIPLY), ("/", BO.DIVIDE),
    ("%", BO.REMAINDER), ("..", BO.RANGE), ("-f", BO.FORMAT), ("??", BO.COALESCE),
    ("-and", BO.AND), ("-or", BO.OR), ("-xor", BO.XOR), ("-band", BO.BAND), ("-bor", BO.BOR),
    ("-bxor", BO.BXOR), ("-shl", BO.SHL), ("-shr", BO.SHR), ("-is", BO.IS),
    ("-isnot", BO.ISNOT), ("-as", BO.AS), ("-join", BO.JOIN), ("-split", BO.ISPLIT),
    ("-isplit", BO.ISPLIT), ("-csplit", BO.CSPLIT),
    ("-eq", BO.IEQ), ("-ne", BO.INE), ("-gt", BO.IGT), ("-ge", BO.IGE), ("-lt", BO.ILT),
    ("-le", BO.ILE), ("-like", BO.ILIKE), ("-notlike", BO.INOTLIKE), ("-match", BO.IMATCH),
    ("-notmatch", BO.INOTMATCH), ("-replace", BO.IREPLACE), ("-contains", BO.ICONTAINS),
    ("-notcontains", BO.INOTCONTAINS), ("-in", BO.IIN), ("-notin", BO.INOTIN),
    ("-ieq", BO.IEQ), ("-ceq", BO.CEQ), ("-cne", BO.CNE), ("-cgt", BO.CGT), ("-cge", BO.CGE),
    ("-clt", BO.CLT), ("-cle", BO.CLE), ("-clike", BO.CLIKE), ("-cnotlike", BO.CNOTLIKE),
    ("-cmatch", BO.CMATCH), ("-cnotmatch", BO.CNOTMATCH), ("-creplace", BO.CREPLACE),
    ("-ccontains", BO.CCONTAINS), ("-cnotcontains", BO.CNOTCONTAINS), ("-cin", BO.CIN),
    ("-cnotin", BO.CNOTIN), ("-ilike", BO.ILIKE), ("-EQ", BO.IEQ),
])
def test_binary_operators(op: str, node: A.BinaryOperator) -> None:
    assert expr(f"$a {op} $b") == Bin(V("a"), node, V("b"))


@pytest.mark.parametrize("src,tree", [
    ("1 + 2 * 3", Bin(N(1), BO.ADD, Bin(N(2), BO.MULTIPLY, N(3)))),
    ("1 - 2 - 3", Bin(Bin(N(1), BO.SUBTRACT, N(2)), BO.SUBTRACT, N(3))),
    ("1 -eq 2 -and 3", Bin(Bin(N(1), BO.IEQ, N(2)), BO.AND, N(3))),
    ("1 -band 2 -or 3", Bin(Bin(N(1), BO.BAND, N(2)), BO.OR, N(3))),
    ("1 -eq 2 -band 3", Bin(Bin(N(1), BO.IEQ, N(2)), BO.BAND, N(3))),
    ("2 -shl 1 -eq 4", Bin(Bin(N(2), BO.SHL, N(1)), BO.IEQ, N(4))),
    ("$null -eq $null ?? 5", Bin(V("null"), BO.IEQ, Bin(V("null"), BO.COALESCE, N(5)))),
    ("1 + 2 ?? 3", Bin(Bin(N(1), BO.ADD, N(2)), BO.COALESCE, N(3))),
    ("'{0}' -f 1 + 2", Bin(Bin(SQ("{0}"), BO.FORMAT, N(1)), BO.ADD, N(2))),
    ("1..3 -f 2", Bin(Bin(N(1), BO.RANGE, N(3)), BO.FORMAT, N(2))),
    ("-1..3", Bin(N(-1, "-1"), BO.RANGE, N(3))),
    ("-not $a -eq $b", Bin(A.UnaryExpressionAst(UO.NOT, V("a")), BO.IEQ, V("b"))),
    ("-not 1..2", Bin(A.UnaryExpressionAst(UO.NOT, N(1)), BO.RANGE, N(2))),
    ("$a -1", Bin(V("a"), BO.SUBTRACT, N(1))),
    ("$a-1", Bin(V("a"), BO.SUBTRACT, N(1))),
    ("$a - -1", Bin(V("a"), BO.SUBTRACT, N(-1, "-1"))),
    ("5-3", Bin(N(5), BO.SUBTRACT, N(3))),
    ("1 +\n 2", Bin(N(1), BO.ADD, N(2))),
])
def test_precedence(src: str, tree: A.ExpressionAst) -> None:
    assert expr(src) == tree


@pytest.mark.parametrize("src,op", [
    ("-not $a", UO.NOT), ("!$a", UO.EXCLAIM), ("-bnot $a", UO.BNOT), ("-$a", UO.NEGATE),
    ("+$a", UO.PLUS), ("++$a", UO.PRE_INCREMENT), ("--$a", UO.PRE_DECREMENT),
    ("-split $a", UO.ISPLIT), ("-csplit $a", UO.CSPLIT), ("-join $a", UO.JOIN),
    ("$a++", UO.POST_INCREMENT), ("$a--", UO.POST_DECREMENT), ("$a ++", UO.POST_INCREMENT),
])
def test_unary_operators(src: str, op: A.UnaryOperator) -> None:
    assert expr(src) == A.UnaryExpressionAst(op, V("a"))


def test_unary_join_binds_tighter_than_comma() -> None:
    assert expr("-join 'a','b'") == A.ArrayLiteralAst(
        (A.UnaryExpressionAst(UO.JOIN, SQ("a")), SQ("b")))


def test_ternary() -> None:
    assert expr("$a ? 1 : 2") == A.TernaryExpressionAst(V("a"), N(1), N(2))
    assert expr("$a -gt 1 ? 'x' : $b ? 2 : 3") == A.TernaryExpressionAst(
        Bin(V("a"), BO.IGT, N(1)), SQ("x"), A.TernaryExpressionAst(V("b"), N(2), N(3)))
    assert expr("$c ? 1:2") == A.TernaryExpressionAst(V("c"), N(1), N(2))


def test_ternary_needs_spaces() -> None:
    assert expr("$true?2:3") == V("true?2:3")


@pytest.mark.parametrize("op,node", [
    ("=", A.AssignmentOperator.EQUALS), ("+=", A.AssignmentOperator.PLUS_EQUALS),
    ("-=", A.AssignmentOperator.MINUS_EQUALS), ("*=", A.AssignmentOperator.MULTIPLY_EQUALS),
    ("/=", A.AssignmentOperator.DIVIDE_EQUALS), ("%=", A.AssignmentOperator.REMAINDER_EQUALS),
    ("??=", A.AssignmentOperator.COALESCE_EQUALS),
])
def test_assignment_operators(op: str, node: A.AssignmentOperator) -> None:
    assert stmt(f"$x {op} 1") == A.AssignmentStatementAst(V("x"), node, P(N(1)))


def test_assignment_right_side_is_a_statement() -> None:
    s = stmt("$v = if ($a) { 1 } else { 2 }")
    assert isinstance(s, A.AssignmentStatementAst) and isinstance(s.right, A.IfStatementAst)
    s = stmt("$x = $y = 1")
    assert isinstance(s, A.AssignmentStatementAst)
    assert s.right == A.AssignmentStatementAst(V("y"), A.AssignmentOperator.EQUALS, P(N(1)))
    s = stmt("$x = Get-Date | Select-Object Year")
    assert isinstance(s, A.AssignmentStatementAst) and isinstance(s.right, A.PipelineAst)
    assert len(s.right.elements) == 2


def test_assignment_targets() -> None:
    for src in ("$a.b = 1", "$a[0] = 1", "[int]$a = 1", "$a, $b = 1, 2", "$x.y.z += 1"):
        assert isinstance(stmt(src), A.AssignmentStatementAst)


def test_member_access_and_invocation() -> None:
    assert expr("$a.b") == A.MemberExpressionAst(V("a"), W("b"))
    assert expr("$a?.b") == A.MemberExpressionAst(V("a?"), W("b"))
    assert expr("${a}?.b") == A.MemberExpressionAst(V("a", True), W("b"), null_conditional=True)
    assert expr("$a.'b c'") == A.MemberExpressionAst(V("a"), SQ("b c"))
    assert expr("$a.$n") == A.MemberExpressionAst(V("a"), V("n"))
    assert expr("$a.M(1, 2)") == A.InvokeMemberExpressionAst(V("a"), W("M"), (N(1), N(2)))
    assert expr("$a.M()") == A.InvokeMemberExpressionAst(V("a"), W("M"))
    assert expr("$a.\n  M()") == A.InvokeMemberExpressionAst(V("a"), W("M"))
    where = expr("$a.Where{ $_ }")
    assert isinstance(where, A.InvokeMemberExpressionAst)
    assert isinstance(where.arguments[0], A.ScriptBlockExpressionAst)
    assert expr("$a.M[int](1)") == A.InvokeMemberExpressionAst(
        V("a"), W("M"), (N(1),), generic_types=(A.TypeName("int"),))


def test_static_member_increment() -> None:
    assert expr("[C]::Total++") == A.UnaryExpressionAst(UO.POST_INCREMENT, A.MemberExpressionAst(
        A.TypeExpressionAst(A.TypeName("C")), W("Total"), static=True))


def test_index_expressions() -> None:
    assert expr("$a[0]") == A.IndexExpressionAst(V("a"), N(0))
    assert expr("$a[-1]") == A.IndexExpressionAst(V("a"), N(-1, "-1"))
    assert expr("$a[0,1]") == A.IndexExpressionAst(V("a"), A.ArrayLiteralAst((N(0), N(1))))
    assert expr("$a[1..3]") == A.IndexExpressionAst(V("a"), Bin(N(1), BO.RANGE, N(3)))
    assert expr("${a}?[0]") == A.IndexExpressionAst(V("a", True), N(0), null_conditional=True)
    assert expr("$h['k'].v") == A.MemberExpressionAst(A.IndexExpressionAst(V("h"), SQ("k")),
                                                      W("v"))


def test_script_block_value() -> None:
    e = expr("{ param($x) $x * 2 }")
    assert isinstance(e, A.ScriptBlockExpressionAst)
    assert e.script_block.param_block is not None
    assert e.script_block.end_block is not None and e.script_block.end_block.unnamed


# ------------------------------------------------------------------ pipelines and commands


def test_pipeline() -> None:
    s = stmt("Get-VM | Where-Object { $_.State -eq 'Running' } | Stop-VM")
    assert isinstance(s, A.PipelineAst) and len(s.elements) == 3


def test_pipeline_continues_on_next_line_starting_with_pipe() -> None:
    s = stmt("Get-VM\n  # comment\n  | Stop-VM")
    assert isinstance(s, A.PipelineAst) and len(s.elements) == 2
    with pytest.raises(ParseError) as info:
        parse("Get-VM\n\n| Stop-VM")
    assert info.value.error_id == "EmptyPipeElement"


def test_pipeline_chains() -> None:
    s = stmt("a && b || c")
    assert isinstance(s, A.PipelineChainAst) and s.operator == "||"
    assert isinstance(s.left, A.PipelineChainAst) and s.left.operator == "&&"


def test_background() -> None:
    s = statements("a & b")
    assert isinstance(s[0], A.PipelineAst) and s[0].background
    assert isinstance(s[1], A.PipelineAst) and not s[1].background


@pytest.mark.parametrize("src,stream,append", [
    ("x > f", A.RedirectionStream.OUTPUT, False), ("x >> f", A.RedirectionStream.OUTPUT, True),
    ("x 2> f", A.RedirectionStream.ERROR, False), ("x 3> f", A.RedirectionStream.WARNING, False),
    ("x *> f", A.RedirectionStream.ALL, False), ("x 6>> f", A.RedirectionStream.INFORMATION, True),
    ("x >f", A.RedirectionStream.OUTPUT, False),
])
def test_file_redirections(src: str, stream: A.RedirectionStream, append: bool) -> None:
    assert cmd(src).redirections == (A.FileRedirectionAst(stream, W("f"), append),)


def test_merging_redirections() -> None:
    c = cmd("Get-Thing 2>&1 > out.txt")
    assert c.redirections == (A.MergingRedirectionAst(A.RedirectionStream.ERROR),
                              A.FileRedirectionAst(A.RedirectionStream.OUTPUT, W("out.txt")))
    assert cmd("x *>&1").redirections == (A.MergingRedirectionAst(A.RedirectionStream.ALL),)


def test_redirection_after_expression() -> None:
    s = stmt('"x" > $null')
    assert isinstance(s, A.PipelineAst)
    element = s.elements[0]
    assert isinstance(element, A.CommandExpressionAst)
    assert element.redirections == (A.FileRedirectionAst(A.RedirectionStream.OUTPUT, V("null")),)


def test_command_names() -> None:
    for name in ("Get-Process", ".\\script.ps1", "./x", "C:\\tools\\x.exe", "%", "?", "*",
                 "git", "else", ":foo"):
        assert cmd(name + " x").elements[0] == W(name)


def test_call_and_dot_operators() -> None:
    c = cmd("& 'my script.ps1' -x")
    assert c.invocation_operator is A.InvocationOperator.AMPERSAND
    assert c.elements == (SQ("my script.ps1"), A.CommandParameterAst("x", text="-x"))
    c = cmd(". .\\x.ps1")
    assert c.invocation_operator is A.InvocationOperator.DOT and c.elements == (W(".\\x.ps1"),)
    assert cmd("& $cmd arg").elements == (V("cmd"), W("arg"))
    assert cmd("& { 1 }").invocation_operator is A.InvocationOperator.AMPERSAND


def test_parameters() -> None:
    assert args("gci -Path:C:\\ -Recurse -Name: x") == (
        A.CommandParameterAst("Path", W("C:\\"), "-Path:"),
        A.CommandParameterAst("Recurse", text="-Recurse"),
        A.CommandParameterAst("Name", W("x"), "-Name:"))
    assert args("x -Name value") == (A.CommandParameterAst("Name", text="-Name"), W("value"))
    assert args("x -Name:a,b") == (A.CommandParameterAst("Name", A.ArrayLiteralAst(
        (W("a"), W("b"))), "-Name:"),)


def test_bareword_arguments() -> None:
    assert args("echo a,b c") == (A.ArrayLiteralAst((W("a"), W("b"))), W("c"))
    assert args("Get-VM -Name web1, web2")[1] == A.ArrayLiteralAst((W("web1"), W("web2")))
    assert args("dir *.ps1") == (W("*.ps1"),)
    assert args('Write-Output "a"b') == (DQ("a"), W("b"))
    assert args('Write-Output a"b c"d') == (W("ab cd"),)
    assert args("Write-Output (1)(2)") == (A.ParenExpressionAst(P(N(1))),
                                           A.ParenExpressionAst(P(N(2))))
    assert args("echo a(1)") == (W("a"), A.ParenExpressionAst(P(N(1))))
    assert args("echo hi>out.txt") == (W("hi>out.txt"),)
    assert args("echo a#b") == (W("a#b"),)
    assert args("Write-Output $f.Name.txt") == (
        A.MemberExpressionAst(A.MemberExpressionAst(V("f"), W("Name")), W("txt")),)
    assert args("x (Get-Date).Year") == (A.MemberExpressionAst(A.ParenExpressionAst(
        A.PipelineAst((A.CommandAst((W("Get-Date"),)),))), W("Year")),)


def test_expandable_bareword_arguments() -> None:
    (a,) = args("echo $a-1")
    assert a == A.ExpandableStringExpressionAst((V("a"), "-1"), SK.BARE_WORD, "$a-1")
    assert args("echo $a -1") == (V("a"), W("-1"))
    assert args("echo $a - 1") == (V("a"), W("-"), N(1))


def test_stop_parsing_token() -> None:
    s = stmt('cmd /c --% echo "a|b" %PATH% | sort')
    assert isinstance(s, A.PipelineAst) and len(s.elements) == 2
    c = s.elements[0]
    assert isinstance(c, A.CommandAst)
    assert c.elements == (W("cmd"), W("/c"), W("--%"))
    assert c.verbatim_argument == 'echo "a|b" %PATH% '


def test_end_of_parameters_marker() -> None:
    assert args("Write-Output -- -InputObject") == (
        A.CommandParameterAst("-", text="--"), W("-InputObject"))


def test_command_with_parenthesised_arguments() -> None:
    assert args("f(1,2)") == (A.ParenExpressionAst(P(A.ArrayLiteralAst((N(1), N(2))))),)


def test_foreach_object_shorthand() -> None:
    s = stmt("1..3 | % { $_ }")
    assert isinstance(s, A.PipelineAst)
    c = s.elements[1]
    assert isinstance(c, A.CommandAst) and c.elements[0] == W("%")
    assert isinstance(c.elements[1], A.ScriptBlockExpressionAst)


# ------------------------------------------------------------------ statements


def test_if_elseif_else() -> None:
    s = stmt("if ($a) { 1 }\nelseif ($b) { 2 }\nelse { 3 }")
    assert isinstance(s, A.IfStatementAst)
    assert [c.condition for c in s.clauses] == [P(V("a")), P(V("b"))]
    assert s.else_clause == A.StatementBlockAst((P(N(3)),))


def test_semicolon_breaks_if_else() -> None:
    s = statements("if ($a) { 1 }; else { 2 }")
    assert isinstance(s[1], A.PipelineAst)
    c = s[1].elements[0]
    assert isinstance(c, A.CommandAst) and c.elements[0] == W("else")


def test_if_condition_is_a_pipeline() -> None:
    s = stmt("if (Test-Path x) {}")
    assert isinstance(s, A.IfStatementAst)
    cond = s.clauses[0].condition
    assert isinstance(cond, A.PipelineAst) and isinstance(cond.elements[0], A.CommandAst)


def test_loops() -> None:
    s = stmt("while ($i -lt 3) { $i++ }")
    assert isinstance(s, A.WhileStatementAst)
    s = stmt("do { $i++ } while ($i -lt 3)")
    assert isinstance(s, A.DoWhileStatementAst)
    s = stmt("do { $i++ }\nuntil ($i -ge 3)")
    assert isinstance(s, A.DoUntilStatementAst)
    s = stmt("for ($i = 0; $i -lt 3; $i++) { $i }")
    assert isinstance(s, A.ForStatementAst)
    assert isinstance(s.initializer, A.AssignmentStatementAst)
    assert s.condition == P(Bin(V("i"), BO.ILT, N(3)))
    s = stmt("for (;;) {}")
    assert isinstance(s, A.ForStatementAst) and s.initializer is None and s.condition is None
    s = stmt("for ($i = 0\n $i -lt 3\n $i++) {}")
    assert isinstance(s, A.ForStatementAst) and s.iterator is not None


def test_foreach() -> None:
    s = stmt("foreach ($f in Get-ChildItem) { $f }")
    assert isinstance(s, A.ForEachStatementAst)
    assert s.variable == V("f")
    assert isinstance(s.condition, A.PipelineAst)
    with pytest.raises(ParseError) as info:
        parse("foreach -parallel ($x in 1) {}")
    assert info.value.error_id == "KeywordParameterReservedForFutureUse"


def test_flow_statement_in_parentheses() -> None:
    e = expr("$x ?? (throw 'missing')")
    assert e == Bin(V("x"), BO.COALESCE, A.ParenExpressionAst(A.ThrowStatementAst(
        P(SQ("missing")))))


def test_labels() -> None:
    s = stmt(":outer foreach ($a in 1..2) { :inner while (1) { break outer; continue inner } }")
    assert isinstance(s, A.ForEachStatementAst) and s.label == "outer"
    inner = s.body.statements[0]
    assert isinstance(inner, A.WhileStatementAst) and inner.label == "inner"
    assert inner.body.statements == (A.BreakStatementAst(W("outer")),
                                     A.ContinueStatementAst(W("inner")))
    s = stmt(":lbl\nwhile (1) {}")
    assert isinstance(s, A.WhileStatementAst) and s.label == "lbl"
    assert stmt("break $l") == A.BreakStatementAst(V("l"))


def test_label_before_non_loop_is_a_command() -> None:
    c = cmd(":foo x")
    assert c.elements[0] == W(":foo")


def test_flow_statements() -> None:
    assert stmt("return") == A.ReturnStatementAst()
    assert stmt("return 1") == A.ReturnStatementAst(P(N(1)))
    assert stmt("exit 3") == A.ExitStatementAst(P(N(3)))
    assert stmt("throw 'x'") == A.ThrowStatementAst(P(SQ("x")))
    assert stmt("throw") == A.ThrowStatementAst()
    assert stmt("break") == A.BreakStatementAst()
    assert stmt("continue") == A.ContinueStatementAst()


def test_switch() -> None:
    s = stmt("switch -regex -casesensitive ($x) {\n 'a.*' { 1 }\n b { 2 } 5 {3}\n"
             " { $_ -gt 5 } { 4 }\n default { 5 }\n}")
    assert isinstance(s, A.SwitchStatementAst)
    assert s.flags == A.SwitchFlags(regex=True, case_sensitive=True)
    assert [c.condition for c in s.clauses[:3]] == [SQ("a.*"), W("b"), N(5)]
    assert isinstance(s.clauses[3].condition, A.ScriptBlockExpressionAst)
    assert s.default == A.StatementBlockAst((P(N(5)),))


def test_switch_flags_by_prefix_and_file() -> None:
    s = stmt("switch -w -e ($x) { a {} }")
    assert isinstance(s, A.SwitchStatementAst)
    assert s.flags == A.SwitchFlags(exact=True)
    s = stmt("switch -file input.txt { default {} }")
    assert isinstance(s, A.SwitchStatementAst)
    assert s.flags.file and s.condition == P(W("input.txt"))


def test_switch_default_is_special_only_as_bareword() -> None:
    s = stmt("switch ($x) { 'default' { 1 } }")
    assert isinstance(s, A.SwitchStatementAst) and s.default is None and len(s.clauses) == 1


def test_try_catch_finally() -> None:
    s = stmt("try { 1 }\ncatch [System.IO.IOException], [System.Exception] { 2 }\n"
             "catch { 3 }\nfinally { 4 }")
    assert isinstance(s, A.TryStatementAst)
    assert s.catch_clauses[0].catch_types == (T("System.IO.IOException"), T("System.Exception"))
    assert s.catch_clauses[1].is_catch_all
    assert s.finally_block == A.StatementBlockAst((P(N(4)),))


def test_trap() -> None:
    block = parse("trap [System.Exception] { continue }\n1").end_block
    assert block is not None
    assert block.traps == (A.TrapStatementAst(T("System.Exception"), A.StatementBlockAst(
        (A.ContinueStatementAst(),))),)
    assert block.statements == (P(N(1)),)


def test_function_with_param_block_and_attributes() -> None:
    src = """
function Get-Thing {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position=0, ValueFromPipeline)]
        [ValidateSet('a', 'b')]
        [string]$Name,
        [int]$Count = 1
    )
    process { $Name }
}"""
    s = stmt(src)
    assert isinstance(s, A.FunctionDefinitionAst) and s.name == "Get-Thing"
    pb = s.body.param_block
    assert pb is not None
    assert pb.attributes == (A.AttributeAst(A.TypeName("CmdletBinding")),)
    name, count = pb.parameters
    assert name.name == V("Name")
    assert name.attributes == (
        A.AttributeAst(A.TypeName("Parameter"), (), (
            A.NamedAttributeArgumentAst("Mandatory", V("true"), True),
            A.NamedAttributeArgumentAst("Position", N(0)),
            A.NamedAttributeArgumentAst("ValueFromPipeline", V("true"), True))),
        A.AttributeAst(A.TypeName("ValidateSet"), (SQ("a"), SQ("b"))),
        T("string"))
    assert count.default_value == N(1)
    assert s.body.process_block is not None and s.body.end_block is None


def test_function_with_parenthesised_parameters() -> None:
    s = stmt("function f($a, $b = 2) { $a + $b }")
    assert isinstance(s, A.FunctionDefinitionAst)
    assert [p.name for p in s.parameters] == [V("a"), V("b")]
    assert s.body.end_block is not None and s.body.end_block.unnamed


def test_parameter_default_has_no_comma_operator() -> None:
    s = stmt("function f { param($a = 1, $b) }")
    assert isinstance(s, A.FunctionDefinitionAst) and s.body.param_block is not None
    assert len(s.body.param_block.parameters) == 2


def test_filter_body_is_its_process_block() -> None:
    s = stmt("filter f { $_ * 2 }")
    assert isinstance(s, A.FunctionDefinitionAst) and s.is_filter
    assert s.body.process_block is not None and s.body.end_block is None


def test_named_blocks() -> None:
    ast = parse("begin { 1 } process { 2 } end { 3 } clean { 4 }")
    assert ast.begin_block == A.NamedBlockAst(A.BlockKind.BEGIN, (P(N(1)),))
    assert ast.process_block == A.NamedBlockAst(A.BlockKind.PROCESS, (P(N(2)),))
    assert ast.end_block == A.NamedBlockAst(A.BlockKind.END, (P(N(3)),))
    assert ast.clean_block == A.NamedBlockAst(A.BlockKind.CLEAN, (P(N(4)),))


def test_script_param_block_with_attributes() -> None:
    ast = parse("[CmdletBinding()]\nparam([string]$Name = 'x')\n$Name")
    assert ast.param_block is not None
    assert ast.param_block.attributes == (A.AttributeAst(A.TypeName("CmdletBinding")),)
    assert ast.end_block is not None and len(ast.end_block.statements) == 1


def test_param_later_is_a_command() -> None:
    c = statements("1\nparam($x)")[1]
    assert isinstance(c, A.PipelineAst)


def test_function_names() -> None:
    for name in ("Get-Thing", "global:f", "a?b:c", "2?3:4", "f.x"):
        s = stmt(f"function {name} {{ }}")
        assert isinstance(s, A.FunctionDefinitionAst) and s.name == name


def test_function_then_call_on_same_line() -> None:
    s = statements("function f {} f")
    assert isinstance(s[0], A.FunctionDefinitionAst) and isinstance(s[1], A.PipelineAst)


def test_attributed_variable() -> None:
    s = stmt("[ValidateRange(1,5)][int]$x = 3")
    assert isinstance(s, A.AssignmentStatementAst)
    assert s.left == A.AttributedExpressionAst(
        A.AttributeAst(A.TypeName("ValidateRange"), (N(1), N(5))),
        A.ConvertExpressionAst(T("int"), V("x")))


def test_class_definition() -> None:
    src = """
class Vm : Base, IThing {
    [string]$Name
    static [int]$Count = 0
    hidden $Secret
    Vm([string]$n) : base($n) { $this.Name = $n }
    [string] ToString() { return $this.Name }
    static [Vm] Create() { return [Vm]::new('x') }
}"""
    s = stmt(src)
    assert isinstance(s, A.TypeDefinitionAst) and not s.is_enum and s.name == "Vm"
    assert s.base_types == (A.TypeName("Base"), A.TypeName("IThing"))
    name, count, secret, ctor, to_string, create = s.members
    assert name == A.PropertyMemberAst("Name", T("string"))
    assert isinstance(count, A.PropertyMemberAst) and count.is_static
    assert count.initial_value == N(0)
    assert isinstance(secret, A.PropertyMemberAst) and secret.is_hidden
    assert isinstance(ctor, A.FunctionMemberAst) and ctor.is_constructor
    assert ctor.base_arguments == (V("n"),)
    assert isinstance(to_string, A.FunctionMemberAst) and to_string.return_type == T("string")
    assert isinstance(create, A.FunctionMemberAst) and create.is_static


def test_enum_definition() -> None:
    s = stmt("[Flags()] enum Color : int { Red = 1\n Green; Blue = 4 }")
    assert isinstance(s, A.TypeDefinitionAst) and s.is_enum
    assert s.attributes == (A.AttributeAst(A.TypeName("Flags")),)
    assert s.base_types == (A.TypeName("int"),)
    assert s.members == (A.EnumMemberAst("Red", N(1)), A.EnumMemberAst("Green"),
                         A.EnumMemberAst("Blue", N(4)))


def test_using_statements() -> None:
    ast = parse("using namespace System.Text\nusing module ./M.psm1\n1")
    assert [u.kind for u in ast.using_statements] == ["namespace", "module"]
    assert ast.using_statements[0].name == W("System.Text")


def test_data_statement() -> None:
    s = stmt("data msgs -SupportedCommand ConvertFrom-StringData { 'x' }")
    assert isinstance(s, A.DataStatementAst) and s.variable == "msgs"
    assert s.commands_allowed == (W("ConvertFrom-StringData"),)


def test_deep_nesting_raises_parse_error_not_recursion_error() -> None:
    with pytest.raises(ParseError):
        parse("(" * 5000)


def test_assembly_qualified_type_names_drop_the_assembly() -> None:
    assert expr("[System.Int32, mscorlib, Version=4.0.0.0]::MaxValue") == A.MemberExpressionAst(
        A.TypeExpressionAst(A.TypeName("System.Int32")), W("MaxValue"), static=True)
