"""Malformed input: PowerShell's error ids, exact messages, positions, and whether the input
is merely incomplete (the REPL then asks for more lines) or invalid."""

from __future__ import annotations

import pytest

from pyshell.language import ParseError, ParseErrorKind, parse

__all__: list[str] = []


def errors(src: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(src)
    return info.value


def first_error(src: str) -> tuple[str, int, bool]:
    e = errors(src).errors[0]
    return e.error_id, e.extent.start_offset, e.incomplete


@pytest.mark.parametrize("src,error_id,offset,incomplete", [
    # unclosed blocks and brackets
    ("if ($x) {", "MissingEndCurlyBrace", 8, True),
    ("if ($x) {\n 1\n", "MissingEndCurlyBrace", 8, True),
    ("{", "MissingEndCurlyBrace", 0, True),
    ("@{ a = 1", "MissingEndCurlyBrace", 2, True),
    ("function f {", "MissingEndCurlyBrace", 11, True),
    ("(1", "MissingEndParenthesisInExpression", 2, True),
    ("(1\n", "MissingEndParenthesisInExpression", 2, True),
    ("(1 2)", "MissingEndParenthesisInExpression", 2, False),
    ("$(1", "MissingEndParenthesisInSubexpression", 3, True),
    ("@(1", "MissingEndParenthesisInSubexpression", 3, True),
    ("$a.M(1", "MissingEndParenthesisInMethodCall", 6, True),
    ("$a.M(", "MissingEndParenthesisInMethodCall", 5, True),
    ("()", "ExpectedExpression", 1, False),
    # strings and comments
    ('"abc', "TerminatorExpectedAtEndOfString", 0, True),
    ("'abc", "TerminatorExpectedAtEndOfString", 0, True),
    ('Write-Output "unterminated', "TerminatorExpectedAtEndOfString", 13, True),
    ("@'\nabc", "TerminatorExpectedAtEndOfString", 0, True),
    ('@"\nabc\n  "@', "WhitespaceBeforeHereStringFooter", 9, True),
    ("@'x\n'@", "UnexpectedCharactersAfterHereStringHeader", 2, False),
    ('@""@', "UnexpectedCharactersAfterHereStringHeader", 2, False),
    ("<# x", "MissingTerminatorMultiLineComment", 0, True),
    ("foo `", "IncompleteString", 4, True),
    ('"$(1', "IncompleteDollarSubexpressionReference", 1, True),
    # operators
    ("$x = 1 +", "ExpectedValueExpression", 8, True),
    ("1 -and", "ExpectedValueExpression", 6, True),
    ("$x =", "ExpectedValueExpression", 4, True),
    ("-not", "MissingExpressionAfterOperator", 4, True),
    ("!", "MissingExpressionAfterOperator", 1, True),
    ("1,2,", "MissingExpressionAfterToken", 4, True),
    ("$a ? 1", "MissingColonInTernaryExpression", 6, True),
    ("$a ?", "ExpectedValueExpression", 4, True),
    ("$a-b", "UnexpectedToken", 2, False),
    ("1 2", "UnexpectedToken", 2, False),
    ('"C:\\x.exe" -v', "UnexpectedToken", 11, False),
    ("$list [0]", "UnexpectedToken", 6, False),
    ("$x.M ()", "UnexpectedToken", 5, False),
    ("1 = 2", "InvalidLeftHandSide", 0, False),
    ("$a,$b += 1,2", "InvalidLeftHandSide", 0, False),
    ("1 ??= 1", "InvalidLeftHandSide", 0, False),
    ("5++", "OperatorRequiresVariableOrProperty", 0, False),
    ("++5", "OperatorRequiresVariableOrProperty", 2, False),
    # pipelines and commands
    ("gps |", "EmptyPipeElement", 5, True),
    ("gps |\n", "EmptyPipeElement", 5, False),
    ("|gps", "EmptyPipeElement", 0, False),
    ("gps | | x", "EmptyPipeElement", 5, False),
    ("1|1", "ExpressionsMustBeFirstInPipeline", 2, False),
    ("a &&", "EmptyPipelineChainElement", 4, True),
    ("a ||", "EmptyPipelineChainElement", 4, True),
    ("a & && b", "BackgroundOperatorInPipelineChain", 4, False),
    ("gcm -a:", "ParameterRequiresArgument", 7, False),
    ("gcm ,", "MissingArgument", 4, False),
    ("write-output 2,,1", "MissingArgument", 15, False),
    ("gcm -a: 1,", "MissingExpression", 10, True),
    ("& ", "MissingExpression", 0, False),
    ("x >", "MissingFileSpecification", 3, False),
    ("x 1>&2", "RedirectionNotSupported", 2, False),
    ("x < y", "RedirectionNotSupported", 2, False),
    ("x > a > b", "StreamAlreadyRedirected", 6, False),
    ("@a", "SplattingNotPermitted", 0, False),
    ("x @a,@b", "SplattingNotPermittedInArgumentList", 2, False),
    # member access and indexing
    ("$a.", "MissingPropertyName", 3, True),
    ("${x}?.", "MissingPropertyName", 6, True),
    ("$a[", "MissingArrayIndexExpression", 3, True),
    ("$a[]", "MissingArrayIndexExpression", 3, False),
    ("$a[0", "MissingEndSquareBracket", 4, True),
    # types and attributes
    ("[", "MissingTypename", 1, True),
    ("[int", "EndSquareBracketExpectedAtEndOfAttribute", 4, False),
    ("[Parameter()]", "UnexpectedAttribute", 0, False),
    # hashtables
    ("@{a-b=1}", "MissingEqualsInHashLiteral", 3, False),
    ("@{a=}", "MissingStatementInHashLiteral", 4, False),
    ("@{a=", "MissingStatementInHashLiteral", 4, True),
    ("@{a=1; a=2}", "DuplicateKeyInHashLiteral", 7, False),
    # statements
    ("if", "MissingOpenParenthesisInIfStatement", 2, True),
    ("if (", "IfStatementMissingCondition", 4, True),
    ("if ($a", "MissingEndParenthesisAfterStatement", 6, True),
    ("if ($a)", "MissingStatementBlock", 7, True),
    ("if ($a) {} else", "MissingStatementBlockAfterElse", 15, True),
    ("if ($a) {} elseif", "MissingOpenParenthesisInIfStatement", 17, True),
    ("while", "MissingOpenParenthesisAfterKeyword", 5, True),
    ("while (", "MissingExpressionAfterKeyword", 7, True),
    ("while ($a)", "MissingLoopStatement", 10, True),
    ("for", "MissingOpenParenthesisAfterKeyword", 3, True),
    ("for (;;)", "MissingLoopStatement", 8, True),
    ("do", "MissingLoopStatement", 2, True),
    ("do {}", "MissingWhileOrUntilInDoWhile", 5, True),
    ("do {} while", "MissingOpenParenthesisAfterKeyword", 11, True),
    ("foreach", "MissingOpenParenthesisAfterKeyword", 7, True),
    ("foreach (", "MissingVariableNameAfterForeach", 9, True),
    ("foreach ($a", "MissingInInForeach", 11, True),
    ("foreach ($a in", "MissingForeachExpression", 14, True),
    ("foreach ($a in $x", "MissingEndParenthesisAfterForeach", 17, True),
    ("foreach ($a in $x)", "MissingForeachStatement", 18, True),
    ("foreach (@a in $x) {}", "SplattingNotPermitted", 9, False),
    ("foreach -bogus ($a in $x) {}", "InvalidForeachFlag", 8, False),
    ("switch", "PipelineValueRequired", 6, True),
    ("switch (x)", "MissingCurlyBraceInSwitchStatement", 10, True),
    ("switch (x) {", "MissingSwitchConditionExpression", 12, True),
    ('switch ("abc")  { 1', "MissingSwitchStatementClause", 19, True),
    ("switch -file", "MissingFilenameOption", 12, True),
    ("switch -abc", "InvalidSwitchFlag", 7, False),
    ("for(", "MissingEndParenthesisAfterStatement", 4, True),
    ("for($a;$b;$c", "MissingEndParenthesisAfterStatement", 12, True),
    (":lab for($a;$b;$c)", "MissingLoopStatement", 18, True),
    ("foreach ($a into", "MissingInInForeach", 11, False),
    ("do {} until (1", "MissingEndParenthesisAfterStatement", 14, True),
    ("trap [int]", "MissingTrapStatement", 10, True),
    ("begin process {}", "MissingNamedStatementBlock", 5, False),
    ("data", "MissingStatementBlockForDataSection", 4, True),
    ("data -abc", "InvalidParameterForDataSectionStatement", 5, False),
    ("data -s & {}", "MissingValueForSupportedCommandInDataSectionStatement", 7, False),
    ("data -sup a,", "MissingValueForSupportedCommandInDataSectionStatement", 12, True),
    ("data -sup a,b", "MissingStatementBlockForDataSection", 13, True),
    ("function foo {param(}", "MissingEndParenthesisInFunctionParameterList", 20, False),
    ("function foo { function bar { if (1) {} }", "MissingEndCurlyBrace", 13, True),
    ("function f { param($a,[int]$a) }", "DuplicateFormalParameter", 27, False),
    ("param(@a)", "SplattingNotPermitted", 6, False),
    ("function foo (@a) {}", "SplattingNotPermitted", 14, False),
    ("1 &", "UnexpectedToken", 2, False),
    ("   )", "UnexpectedToken", 3, False),
    ("class", "MissingNameAfterKeyword", 5, True),
    ("class foo", "MissingTypeBody", 9, True),
    ("class foo {", "MissingEndCurlyBrace", 11, True),
    ("class C : B", "MissingTypeBody", 11, True),
    ("enum foo", "MissingTypeBody", 8, True),
    ("class foo { [int] }", "IncompleteMemberDefinition", 17, False),
    ("class foo { [Attr()] }", "IncompleteMemberDefinition", 20, False),
    ("class foo { [int][string]$x; }", "TooManyTypes", 17, False),
    ("class foo { static static $x; }", "DuplicateQualifier", 19, False),
    ("class foo { $private: }", "InvalidVariableReference", 12, False),
    ("[a()][b]", "UnexpectedAttribute", 0, False),
    ("[a()][b]2", "UnexpectedAttribute", 0, False),
    ("enum foo { x = }", "ExpectedValueExpression", 14, False),
    ("enum foo { a;b;c;", "MissingEndCurlyBrace", 10, True),
    ("switch (x) { a }", "MissingSwitchStatementClause", 14, False),
    ("switch -bogus (x) {}", "InvalidSwitchFlag", 7, False),
    ("switch (x) { default {} default {} }", "MultipleSwitchDefaultClauses", 24, False),
    ("switch -file f (x) {}", "PipelineValueRequired", 15, False),
    ("function", "MissingNameAfterKeyword", 8, True),
    ("function f", "MissingFunctionBody", 10, True),
    ("function f (", "MissingEndParenthesisInFunctionParameterList", 12, True),
    ("function f ($a", "MissingEndParenthesisInFunctionParameterList", 14, True),
    ("function f ($a, $a) {}", "DuplicateFormalParameter", 16, False),
    ("function f ($a) { param($b) }", "OnlyOneParameterListAllowed", 18, False),
    ("param([int])", "InvalidFunctionParameter", 11, False),
    ("param(", "MissingEndParenthesisInFunctionParameterList", 6, True),
    ("try", "MissingTryStatementBlock", 3, True),
    ("try {}", "MissingCatchOrFinally", 6, True),
    ("try {} catch", "MissingCatchHandlerBlock", 12, True),
    ("try {} catch [int],", "MissingTypeLiteralToken", 19, True),
    ("try {} finally", "MissingFinallyStatementBlock", 14, True),
    ("trap", "MissingTrapStatement", 4, True),
    ("begin {} Hi", "MissingNamedBlocks", 9, False),
    ("begin", "MissingNamedStatementBlock", 5, True),
    ("from x", "ReservedKeywordNotAllowed", 0, False),
    ("1\nusing namespace x", "UsingMustBeAtStartOfScript", 2, False),
    ("using namespace x y", "MissingStatementTerminator", 18, False),
    # checks after parsing
    ("try {} finally { return }", "ControlLeavingFinally", 17, False),
    ("try {} finally { break }", "ControlLeavingFinally", 17, False),
    ("try {} catch {} catch [int] {}", "EmptyCatchNotLast", 7, False),
    ("try {} catch [IO.IOException] {} catch [io.ioexception] {}", "ExceptionTypeAlreadyCaught",
     39, False),
    ("foreach -parallel ($a in 1) {}", "KeywordParameterReservedForFutureUse", 8, False),
    ("foreach -throttlelimit 5 ($a in 1) {}", "KeywordParameterReservedForFutureUse", 8, False),
    ("switch -parallel (1) {}", "KeywordParameterReservedForFutureUse", 7, False),
    ("workflow w {}", "WorkflowNotSupportedInPowerShellCore", 0, False),
    ("[ordered]$x", "OrderedAttributeOnlyOnHashLiteralNode", 0, False),
    ("function f { param([Parameter(Mandatory, mandatory)]$a) }", "DuplicateNamedArgument",
     41, False),
    ("parallel { 1 }", "UnexpectedKeyword", 0, False),
    ("param([void]$x)", "VoidTypeConstraintNotAllowed", 6, False),
    ("[void]$x = 1", "VoidTypeConstraintNotAllowed", 0, False),
    # variables and numbers
    ("$global:", "InvalidVariableReference", 0, False),
    ("$env:", "InvalidVariableReferenceWithDrive", 0, False),
    ('"Name: $name: done"', "InvalidVariableReferenceWithDrive", 7, False),
    ("${}", "EmptyVariableReference", 0, False),
    ("${abc", "IncompleteDollarVariableReference", 0, True),
    ("$n = 0x10000000000000000", "BadNumericConstant", 5, False),
    ("@", "UnrecognizedToken", 0, False),
    ('"`u{}"', "InvalidUnicodeEscapeSequence", 1, False),
    ('"`u{1234567}"', "TooManyDigitsInUnicodeEscapeSequence", 1, False),
    ('"`u{110000}"', "InvalidUnicodeEscapeSequenceValue", 1, False),
])
def test_error_id_offset_and_incomplete(src: str, error_id: str, offset: int,
                                        incomplete: bool) -> None:
    assert first_error(src) == (error_id, offset, incomplete)


@pytest.mark.parametrize("src,message", [
    ("if ($x) {", "Missing closing '}' in statement block or type definition."),
    ("(1", "Missing closing ')' in expression."),
    ("$a.M(1", "Missing ')' in method call."),
    ('"abc', 'The string is missing the terminator: ".'),
    ("'abc", "The string is missing the terminator: '."),
    ("@'\nabc", "The string is missing the terminator: '@."),
    ("1 2", "Unexpected token '2' in expression or statement."),
    ("'a'b'c'", "Unexpected token 'b'c'' in expression or statement."),
    ("$x = 1 +", "You must provide a value expression following the '+' operator."),
    ("$x -EQ", "You must provide a value expression following the '-EQ' operator."),
    ("-not", "Missing expression after unary operator '-not'."),
    ("gps |", "An empty pipe element is not allowed."),
    ("try {}", "The Try statement is missing its Catch or Finally block."),
    ("[", "Missing type name after '['."),
    ("$a[]", "Array index expression is missing or not valid."),
    ("$a[0", "Missing ']' after array index expression."),
    ("x >", "Missing file specification after redirection operator."),
    ("if ($a)", "Missing statement block after if ( condition )."),
    ("if (", "Missing condition in if statement after 'if ('."),
    ("if", "Missing '(' after 'if' in if statement."),
    ("while", "Missing opening '(' after keyword 'while'."),
    ("while ($a)", "Missing statement body in while loop."),
    ("gcm -a:", "Parameter -a: requires an argument."),
    ("x 1>&2", "The '1>&2' operator is reserved for future use."),
    ("x < y", "The '<' operator is reserved for future use."),
    ("@{a-b=1}", "Missing '=' operator after key in hash literal."),
    ("begin {} Hi", "unexpected token 'Hi', expected 'begin', 'process', 'end', 'clean', or "
                    "'dynamicparam'."),
    ("begin", "Missing statement block after 'begin'."),
    ("switch", "A switch statement must have one of the following:  '-file file_name' or "
               "'( expression )'."),
    ("1 = 2", "The assignment expression is not valid. The input to an assignment operator "
              "must be an object that is able to accept assignments, such as a variable or a "
              "property."),
    ("5++", "The '++' operator works only on variables or on properties."),
    ("@{a=1; A=2}", "Duplicate keys 'A' are not allowed in hash literals."),
    ("function f ($a, $a) {}", "Duplicate parameter $a in parameter list."),
    ("@a", "The splatting operator '@' cannot be used to reference variables in an expression. "
           "'@a' can be used only as an argument to a command. To reference variables in an "
           "expression use '$a'."),
    ("$n = 0x10000000000000000", "The numeric constant 0x10000000000000000 is not valid."),
    ("$global:", "Variable reference is not valid. '$' was not followed by a valid variable "
                 "name character. Consider using ${} to delimit the name."),
    ("$env:", "Variable reference is not valid. ':' was not followed by a valid variable name "
              "character. Consider using ${} to delimit the name."),
    ("from x", "The 'from' keyword is not supported in this version of the language."),
    ("foreach (", "Missing variable name after foreach.\n"
                  "The correct form is: foreach ($a in $b) {...}"),
    ("x > a > b", "The output stream for this command is already redirected."),
    ("1|1", "Expressions are only allowed as the first element of a pipeline."),
    ("function", "Missing name after function keyword."),
    ("<# x", "The terminator '#>' is missing from the multiline comment."),
    ("try {} finally { return }", "Flow of control cannot leave a Finally block."),
    ("foreach -parallel ($a in 1) {}",
     "The foreach '-parallel' parameter is reserved for future use."),
    ("[ordered]$x", "The ordered attribute can be specified only on a hash literal node."),
])
def test_exact_messages(src: str, message: str) -> None:
    assert errors(src).errors[0].message == message


def test_kind_follows_the_first_error() -> None:
    assert errors("if ($x) {").kind is ParseErrorKind.INCOMPLETE
    assert errors("1 2").kind is ParseErrorKind.INVALID
    e = errors("if ($a {")
    assert e.kind is ParseErrorKind.INVALID


def test_several_errors_are_all_reported() -> None:
    e = errors("$x = 1 2\n@{a-b=1}\nfoo | | bar\n$y = (3")
    ids = [d.error_id for d in e.errors]
    assert ids == ["UnexpectedToken", "MissingEqualsInHashLiteral", "EmptyPipeElement",
                   "MissingEndParenthesisInExpression"]
    assert e.kind is ParseErrorKind.INVALID


def test_condition_not_closed_before_block() -> None:
    e = errors("if ($a {")
    assert [(d.error_id, d.extent.start_offset, d.incomplete) for d in e.errors[:2]] == [
        ("UnexpectedToken", 7, False), ("MissingEndParenthesisAfterStatement", 7, False)]
    assert e.errors[1].message == "Missing closing ')' after expression in 'if' statement."


def test_parsing_goes_on_from_an_unexpected_token() -> None:
    assert [(d.error_id, d.extent.start_offset) for d in errors("1 &").errors] == [
        ("UnexpectedToken", 2), ("MissingExpression", 2)]
    assert [d.error_id for d in errors("$x.M ()").errors] == ["UnexpectedToken",
                                                              "ExpectedExpression"]


def test_unterminated_string_inside_a_closed_string_is_not_incomplete() -> None:
    # The `$( )` capture ends at the first `)`, quotes or not: `'` alone is left inside.
    e = errors('"$(\')\')"')
    assert (e.error_id, e.kind) == ("TerminatorExpectedAtEndOfString", ParseErrorKind.INVALID)


def test_exclaim_before_a_number() -> None:
    from pyshell.language import ast as A

    block = parse("!5; !5x").end_block
    assert block is not None
    first, second = block.statements
    assert isinstance(first, A.PipelineAst) and isinstance(second, A.PipelineAst)
    assert isinstance(first.elements[0], A.CommandExpressionAst)
    assert isinstance(second.elements[0], A.CommandAst)


def test_index_after_blank_is_one_unexpected_token() -> None:
    assert [d.error_id for d in errors("$list [0]").errors] == ["UnexpectedToken"]


def test_same_error_at_same_place_is_reported_once() -> None:
    e = errors("$env:")
    assert len(e.errors) == 1


def test_error_extent_lines_and_columns() -> None:
    e = errors("1\n$x = 1 +").errors[0]
    assert (e.extent.start_line, e.extent.start_column) == (2, 9)
    assert e.extent.start_offset == e.extent.end_offset


def test_unclosed_string_extent_runs_to_end() -> None:
    e = errors('Write-Output "unterminated').errors[0]
    assert e.extent.text == '"unterminated'


def test_error_inside_string_subexpression_points_into_the_source() -> None:
    e = errors('"a $(1 +) b"').errors[0]
    assert e.error_id == "ExpectedValueExpression"
    assert e.extent.start_offset == 8


@pytest.mark.parametrize("src", [
    "if ($a) {\n", "foreach ($x in 1..3) {\n  $x\n", "function f {\n  param(\n", "@{\n a = 1\n",
    "Get-VM |", "$x = @(\n", "\"line1\n", "@'\nabc\n", "<# comment\n", "1 + `", "switch ($x) {\n",
    "try {\n} catch {\n", "class A {\n", "$a = ",
])
def test_repl_continuation_inputs_are_incomplete(src: str) -> None:
    assert errors(src).kind is ParseErrorKind.INCOMPLETE


@pytest.mark.parametrize("src", [
    "1 2", "gcm -a:", "$a[]", "x >", "@a", "@{a-b=1}", "$global:", "(1 2)", "& ",
    "begin {} Hi", "}",
])
def test_invalid_inputs_are_not_incomplete(src: str) -> None:
    assert errors(src).kind is ParseErrorKind.INVALID


@pytest.mark.parametrize("src", [
    "if ($a) { 1 }; else { 2 }", ":foo if (1) {}", "function 2?3:4 { }", "-foo", "default",
    "a & b", "Write-Output .$HOME", "$x??= 1", "x 2>&1", "f(1,2)", "Get-Item -Path:$p",
    "echo `#notacomment", "[int]\n$x", "@{if=1}.if", "$x.if",
    "try {} finally { foreach ($a in 1) { break } }", "try {} finally { & { return } }",
])
def test_legal_oddities_parse(src: str) -> None:
    parse(src)
