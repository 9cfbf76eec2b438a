"""The tokenizer on its own: modes, numbers, strings, variables, comments, special entry points,
and the never-raising `tokenize()` used for highlighting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pyshell.language.tokenizer import Tokenizer, only_trivia_after, tokenize
from pyshell.language.tokens import Mode, TokenKind as K

__all__: list[str] = []

CMD = Mode.COMMAND
EXPR = Mode.EXPRESSION


def lex(text: str, mode: Mode = CMD, signed: bool = False) -> list[tuple[K, str]]:
    tz = Tokenizer(text)
    out = []
    while True:
        t = tz.next_token(mode, signed)
        if t.kind is K.EOF:
            return out
        out.append((t.kind, t.text))


def first(text: str, mode: Mode = CMD, signed: bool = False):
    return Tokenizer(text).next_token(mode, signed)


# ------------------------------------------------------------------ modes


def test_same_text_lexes_differently_per_mode() -> None:
    assert lex("Get-Item") == [(K.GENERIC, "Get-Item")]
    assert lex("Get-Item", EXPR) == [(K.IDENTIFIER, "Get"), (K.PARAMETER, "-Item")]


@pytest.mark.parametrize("text,kind,value", [
    ("-Name", K.PARAMETER, ("Name", False)),
    ("-Name:", K.PARAMETER, ("Name", True)),
    ("-Name=foo", K.PARAMETER, ("Name=foo", False)),
    ("-foo$x", K.PARAMETER, ("foo$x", False)),
    ("\u2013Name", K.PARAMETER, ("Name", False)),
    ("-?", K.PARAMETER, ("?", False)),
    ("-5", K.GENERIC, "-5"),
    ("--foo", K.GENERIC, "--foo"),
    ("--%", K.GENERIC, "--%"),
    ('-foo"x"', K.GENERIC, "-foox"),
    ("*.ps1", K.GENERIC, "*.ps1"),
    ("+5", K.GENERIC, "+5"),
    ("=x", K.GENERIC, "=x"),
    ("[abc]", K.GENERIC, "[abc]"),
    ("::x", K.GENERIC, "::x"),
    ("!x", K.GENERIC, "!x"),
    ("?", K.GENERIC, "?"),
    ("5-3", K.GENERIC, "5-3"),
    ("5.ps1", K.GENERIC, "5.ps1"),
    ("1_000", K.GENERIC, "1_000"),
    ("0b", K.GENERIC, "0b"),
    (".\\x.ps1", K.GENERIC, ".\\x.ps1"),
    ("..\\x", K.GENERIC, "..\\x"),
    ("a#b", K.GENERIC, "a#b"),
    ("hi>out.txt", K.GENERIC, "hi>out.txt"),
    ("a`nb", K.GENERIC, "a\nb"),
    ("a'b c'd", K.GENERIC, "ab cd"),
])
def test_command_mode_words(text: str, kind: K, value: object) -> None:
    t = first(text)
    assert (t.kind, t.value, t.end) == (kind, value, len(text))


def test_command_mode_single_chars() -> None:
    assert first("*").kind is K.OPERATOR
    assert first("%").value == "%"
    assert first("--").value == "--"
    assert first("- ").value == "-"
    assert first(":outer while").kind is K.LABEL
    assert first(":outer").value == "outer"
    assert first(". .\\x.ps1").kind is K.DOT
    assert first(".$cmd").kind is K.DOT


def test_keywords_only_in_command_mode() -> None:
    assert first("if").kind is K.KEYWORD
    assert first("IF").value == "if"
    assert first("if", EXPR).kind is K.IDENTIFIER
    assert first("if-foo").kind is K.GENERIC


@pytest.mark.parametrize("text,value", [
    ("-eq", "-ieq"), ("-EQ", "-ieq"), ("-ceq", "-ceq"), ("-ilike", "-ilike"),
    ("-split", "-isplit"), ("-join", "-join"), ("-f", "-f"), ("-not", "-not"),
    ("-shl", "-shl"), ("-is", "-is"), ("-isnot", "-isnot"), ("-as", "-as"),
    ("\u2014eq", "-ieq"),
])
def test_dash_operators_in_expression_mode(text: str, value: str) -> None:
    t = first(text, EXPR)
    assert (t.kind, t.value) == (K.OPERATOR, value)


def test_unknown_dash_word_is_parameter_in_expression_mode() -> None:
    assert first("-foo", EXPR).kind is K.PARAMETER


@pytest.mark.parametrize("text", ["=", "+=", "-=", "*=", "/=", "%=", "??=", "++", "--", "+",
                                  "-", "*", "/", "%", "..", "!", "?", "??"])
def test_symbol_operators(text: str) -> None:
    t = first(text + " 1", EXPR)
    assert (t.kind, t.value) == (K.OPERATOR, text)


def test_exclaim_before_identifier_is_a_bareword() -> None:
    assert first("!Test-Path", EXPR).kind is K.GENERIC
    assert first("!$x", EXPR).kind is K.OPERATOR


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("text,value", [
    ("5", 5), ("007", 7), ("1.5", 1.5), ("5.", 5.0), (".5", 0.5), ("1e3", 1000.0),
    ("1E-2", 0.01), ("0x10", 16), ("0xFF", 255), ("0b101", 5), ("4GB", 4294967296),
    ("1kb", 1024), ("2mb", 2097152), ("1tb", 1 << 40), ("1pb", 1 << 50), ("1.5kb", 1536.0),
    ("5l", 5), ("5s", 5), ("5y", 5), ("5u", 5), ("5us", 5), ("5ul", 5), ("5uy", 5),
    ("5n", 5), ("1.30d", Decimal("1.30")), ("2.5l", 2), ("3.5l", 4), ("3.72y", 4),
    ("0xFFFFFFFF", -1), ("0x80000000", -2147483648), ("0x7fffffff", 2147483647),
    ("0xFFFFFFFFFFFFFFFF", -1), ("0xFFFFFFFFFF", 1099511627775), ("0x100000000", 4294967296),
    ("0xFFFFs", -1), ("0xFFy", -1), ("0xFFFFFFFFu", 4294967295), ("0x1d", 29),
    ("0b11111111", -1), ("0b11111111u", 255), ("9223372036854775807", 9223372036854775807),
    ("9223372036854775808", Decimal("9223372036854775808")), ("0x", 0), ("1gb", 1 << 30),
])
def test_number_values(text: str, value: object) -> None:
    t = first(text, EXPR)
    assert t.kind is K.NUMBER
    assert t.value == value and type(t.value) is type(value)
    assert t.text == text


def test_signed_numbers_only_when_allowed() -> None:
    assert first("-5", EXPR, signed=True).value == -5
    assert first("-0x12", EXPR, signed=True).value == -18
    assert first("-5", EXPR).kind is K.OPERATOR
    assert first("+5", EXPR, signed=True).value == 5


@pytest.mark.parametrize("text", ["18uu", "21ss", "100ll", "100un", "160ud", "10ds", "16sl",
                                  "188lu", "1gbL", "16p", "80x"])
def test_bad_suffixes_make_barewords(text: str) -> None:
    assert first(text).kind is K.GENERIC


@pytest.mark.parametrize("text", ["500sgb", "1uykb", "0xFFFFFy", "0x10000000000000000"])
def test_out_of_range_is_bad_numeric_constant_in_expression_mode(text: str) -> None:
    tz = Tokenizer(text)
    tz.next_token(EXPR)
    assert [e.error_id for e in tz.errors] == ["BadNumericConstant"]
    assert tz.errors[0].message == f"The numeric constant {text} is not valid."
    assert first(text).kind is K.GENERIC


def test_number_ends_at_operator_in_expression_mode_only() -> None:
    assert lex("5-3", EXPR) == [(K.NUMBER, "5"), (K.OPERATOR, "-"), (K.NUMBER, "3")]
    assert lex("1..3", EXPR) == [(K.NUMBER, "1"), (K.OPERATOR, ".."), (K.NUMBER, "3")]


def test_ternary_branches_end_numbers_at_question_and_colon() -> None:
    tz = Tokenizer("2:3")
    tz.in_ternary = True
    assert tz.next_token(EXPR).value == 2


# ------------------------------------------------------------------ variables


@pytest.mark.parametrize("text,path", [
    ("$x", "x"), ("$_", "_"), ("$PSItem", "PSItem"), ("$script:x", "script:x"),
    ("$global:x", "global:x"), ("$env:PATH", "env:PATH"), ("$?", "?"), ("$$", "$"),
    ("$^", "^"), ("$true?2:3", "true?2:3"), ("$x?", "x?"), ("$:abc", ":abc"),
    ("$_x", "_x"), ("$5", "5"),
])
def test_simple_variables(text: str, path: str) -> None:
    t = first(text, EXPR)
    assert (t.kind, t.value) == (K.VARIABLE, (path, False))


def test_variable_stops_before_double_colon() -> None:
    assert lex("$a::b", EXPR)[0] == (K.VARIABLE, "$a")


@pytest.mark.parametrize("text,path", [
    ("${my var}", "my var"), ("${C:\\tmp\\a.txt}", "C:\\tmp\\a.txt"), ("${a`}b}", "a}b"),
])
def test_braced_variables(text: str, path: str) -> None:
    t = first(text, EXPR)
    assert (t.kind, t.value) == (K.VARIABLE, (path, True))


def test_splatted_variable() -> None:
    t = first("@params")
    assert (t.kind, t.value) == (K.SPLATTED_VARIABLE, ("params", False))


@pytest.mark.parametrize("text,error_id", [
    ("$global:", "InvalidVariableReference"), ("$env:", "InvalidVariableReferenceWithDrive"),
    ("${}", "EmptyVariableReference"), ("${abc", "IncompleteDollarVariableReference"),
    ("@", "UnrecognizedToken"),
])
def test_variable_errors(text: str, error_id: str) -> None:
    tz = Tokenizer(text)
    tz.next_token(EXPR)
    assert tz.errors[0].error_id == error_id


def test_command_mode_variable_followed_by_text_is_expandable_bareword() -> None:
    t = first("$x-y")
    assert t.kind is K.GENERIC_EXPANDABLE
    assert t.value == [("var", "x", False, 0, 2), "-y"]
    assert first("$x.y").kind is K.VARIABLE
    assert first("$x[0]").kind is K.VARIABLE


# ------------------------------------------------------------------ strings


@pytest.mark.parametrize("text,value", [
    ("'it''s'", "it's"), ("'a\nb'", "a\nb"), ("\u2018curly\u2019", "curly"), ("''", ""),
    ("'a`nb'", "a`nb"),
])
def test_single_quoted(text: str, value: str) -> None:
    t = first(text)
    assert (t.kind, t.value) == (K.STRING_LITERAL, value)


@pytest.mark.parametrize("text,value", [
    ('"a`tb"', ["a\tb"]), ('"say ""hi"""', ['say "hi"']), ('"`$x"', ["$x"]),
    ('"$ x"', ["$ x"]), ('"a$"', ["a$"]), ('"`u{1F600}"', ["\U0001F600"]),
    ('"`0`a`b`e`f`n`r`v"', ["\0\a\b\x1b\f\n\r\v"]), ('"``"', ["`"]),
])
def test_double_quoted_escapes(text: str, value: list) -> None:
    assert first(text).value == value


def test_double_quoted_parts() -> None:
    t = first('"a $b.c ${d e} $(1 + 2) f"')
    assert t.value == ["a ", ("var", "b", False, 3, 5), ".c ", ("var", "d e", True, 8, 14),
                       " ", ("sub", 15, 23, 17, "1 + 2", True), " f"]


def test_subexpression_capture_ignores_quotes() -> None:
    t = first('"$(Get-Date -f "yyyy")x"')
    assert t.value[0][4] == 'Get-Date -f "yyyy"'
    assert t.value[1] == "x"


def test_unterminated_strings_are_incomplete() -> None:
    for text, terminator in (('"abc', '"'), ("'abc", "'")):
        tz = Tokenizer(text)
        tz.next_token(CMD)
        (error,) = tz.errors
        assert error.error_id == "TerminatorExpectedAtEndOfString"
        assert error.message == f"The string is missing the terminator: {terminator}."
        assert error.incomplete


def test_here_strings() -> None:
    assert first("@'\na'b\n'@").value == "a'b"
    assert first("@'\n'@").value == ""
    assert first('@"\nx $y\n"@').value == ["x ", ("var", "y", False, 5, 7)]
    assert first("@'\r\nline1\r\nline2\r\n'@").value == "line1\r\nline2"
    assert first("@'  \nz\n'@ | x").end == 9
    t = first("@'\n  '@\n'@")
    assert t.value == "  '@"


@pytest.mark.parametrize("text,error_id,incomplete", [
    ("@'x\n'@", "UnexpectedCharactersAfterHereStringHeader", False),
    ("@'\nabc", "TerminatorExpectedAtEndOfString", True),
    ("@'\nabc\n  '@", "WhitespaceBeforeHereStringFooter", True),
    ("@'", "TerminatorExpectedAtEndOfString", True),
])
def test_here_string_errors(text: str, error_id: str, incomplete: bool) -> None:
    tz = Tokenizer(text)
    tz.next_token(CMD)
    assert (tz.errors[0].error_id, tz.errors[0].incomplete) == (error_id, incomplete)


# ------------------------------------------------------------------ comments, newlines


def test_comments_are_skipped_and_requires_collected() -> None:
    tz = Tokenizer("#Requires -Version 7\n# plain\n<# block #> x")
    kinds = []
    while (t := tz.next_token(CMD)).kind is not K.EOF:
        kinds.append(t.kind)
    assert kinds == [K.NEWLINE, K.NEWLINE, K.IDENTIFIER]
    assert list(tz.requires.values()) == ["-Version 7"]


def test_block_comment_does_not_nest() -> None:
    assert lex("<# a <# b #> c #>") == [(K.IDENTIFIER, "c")]


def test_unterminated_block_comment() -> None:
    tz = Tokenizer("<# x")
    tz.next_token(CMD)
    assert tz.errors[0].error_id == "MissingTerminatorMultiLineComment"
    assert tz.errors[0].incomplete


def test_line_continuation() -> None:
    assert lex("a `\nb") == [(K.IDENTIFIER, "a"), (K.IDENTIFIER, "b")]
    assert lex("a `\r\nb") == [(K.IDENTIFIER, "a"), (K.IDENTIFIER, "b")]
    # A backtick then a space is whitespace: the newline still ends the line.
    assert lex("a ` \nb") == [(K.IDENTIFIER, "a"), (K.NEWLINE, "\n"), (K.IDENTIFIER, "b")]
    # Glued to a word, the backtick escapes the newline into the word.
    assert first("a`\nb").value == "a\nb"


def test_newlines() -> None:
    assert lex("a\r\nb\rc") == [(K.IDENTIFIER, "a"), (K.NEWLINE, "\r\n"), (K.IDENTIFIER, "b"),
                                (K.NEWLINE, "\r"), (K.IDENTIFIER, "c")]
    # U+2028 is whitespace, not a newline.
    assert lex("a\u2028b") == [(K.IDENTIFIER, "a"), (K.IDENTIFIER, "b")]


def test_trailing_backtick_is_incomplete_string() -> None:
    tz = Tokenizer("foo `")
    tz.next_token(CMD)
    tz.next_token(CMD)
    assert tz.errors[0].error_id == "IncompleteString"


# ------------------------------------------------------------------ redirections, punctuation


@pytest.mark.parametrize("text,value", [
    (">", ("1", False, None)), (">>", ("1", True, None)), ("2>", ("2", False, None)),
    ("2>>", ("2", True, None)), ("2>&1", ("2", False, "1")), ("*>", ("*", False, None)),
    ("*>&1", ("*", False, "1")), ("*>>", ("*", True, None)), ("3>", ("3", False, None)),
    ("1>&2", ("1", False, "2")), ("<", ("<", False, None)),
])
def test_redirections(text: str, value: tuple) -> None:
    t = first(text + " x")
    assert (t.kind, t.value, t.text) == (K.REDIRECTION, value, text)


@pytest.mark.parametrize("text,kind", [
    ("(", K.LPAREN), (")", K.RPAREN), ("{", K.LCURLY), ("}", K.RCURLY), ("]", K.RBRACKET),
    (";", K.SEMI), (",", K.COMMA), ("@(", K.AT_PAREN), ("@{", K.AT_CURLY), ("$(", K.DOLLAR_PAREN),
    ("&&", K.AND_AND), ("||", K.OR_OR), ("&", K.AMPERSAND), ("|", K.PIPE),
])
def test_punctuation(text: str, kind: K) -> None:
    assert first(text).kind is kind


def test_member_access_operator_needs_adjacency() -> None:
    tz = Tokenizer("$a.b $a .b")
    tz.next_token(EXPR)
    assert tz.member_access_operator().kind is K.DOT
    tz.next_token(EXPR)
    tz.next_token(EXPR)
    assert tz.member_access_operator() is None
    for text, kind in (("::", K.COLONCOLON), ("?.", K.QUESTION_DOT), ("?[", K.QUESTION_LBRACKET),
                       ("[", K.LBRACKET), ("<#c#>.", K.DOT)):
        assert Tokenizer(text + "x").member_access_operator().kind is kind


def test_verbatim_argument() -> None:
    tz = Tokenizer('  echo "a|b" | sort')
    assert tz.verbatim_argument().value == 'echo "a|b" '


def test_only_trivia_after() -> None:
    assert only_trivia_after("abc  ", 3)
    assert only_trivia_after("abc <# x #> ", 3)
    assert only_trivia_after("abc # x", 3)
    assert not only_trivia_after("abc\n", 3)
    assert not only_trivia_after("abc # x\n", 3)


# ------------------------------------------------------------------ tokenize()


def test_tokenize_classifies_like_the_parser() -> None:
    tokens = tokenize("Get-VM -Name web* | Where-Object { $_.State -eq 'Running' } # c")
    kinds = [(t.kind, t.text) for t in tokens]
    assert kinds[:4] == [(K.COMMAND_NAME, "Get-VM"), (K.PARAMETER, "-Name"),
                         (K.GENERIC, "web*"), (K.PIPE, "|")]
    assert (K.COMMAND_NAME, "Where-Object") in kinds
    assert (K.OPERATOR, "-eq") in kinds
    assert (K.STRING_LITERAL, "'Running'") in kinds
    assert kinds[-1] == (K.COMMENT, "# c")


def test_tokenize_marks_type_names_keywords_and_numbers() -> None:
    kinds = [(t.kind, t.text) for t in tokenize("if ($x -gt 4GB) { [int]::MaxValue }")]
    assert kinds[0] == (K.KEYWORD, "if")
    assert (K.NUMBER, "4GB") in kinds
    assert (K.TYPE_NAME, "int") in kinds


@pytest.mark.parametrize("text", ["", "   ", "if (", '"abc', "@{ a = ", "} ) ]", "`", "@",
                                  "function", "$(", "<#", "x | | y"])
def test_tokenize_never_raises_and_covers_everything(text: str) -> None:
    tokens = tokenize(text)
    end = 0
    for t in tokens:
        assert t.start >= end
        assert text[end:t.start].strip() == ""
        end = t.end
    assert text[end:].strip() == ""


# PowerShell's own "Numerical Notations" table (Parser.Tests.ps1): value, in expression mode.
@pytest.mark.parametrize("text,value", [
    ("+10", 10), ("-6.5", -6.5), (".01", 0.01), ("-0e2", -0.0), ("5e-2", 0.05), ("-0x12", -18),
    ("0xFFFFFF", 16777215), ("0xFFFFFFFFFFFFFF", 72057594037927935), ("-0b10", -2),
    ("0b1111111111111111", -1), ("0b11111111111111111111111111111111", -1),
    ("0b" + "1" * 64, -1), ("+100d", Decimal(100)), ("0.0d", Decimal("0.0")),
    ("15e3d", Decimal(15000)), ("1dkb", Decimal(1024)), ("-10y", -10), ("-3.72y", -4),
    ("3e1y", 30), ("0x41y", 65), ("-0x41y", -65), ("0b11111111y", -1), ("3.72s", 4),
    ("-3e2s", -300), ("0b11111111s", -1), ("1skb", 1024), ("-2.5l", -2), ("1lpb", 1 << 50),
    ("0b11111111l", -1), ("2.5n", 2), ("0b11111111n", -1), ("1Nkb", 1024), ("2.5u", 2),
    ("0xFFFFFFFFFFu", 1099511627775), ("0xFFFFFFFFFFFFFFFFu", (1 << 64) - 1),
    ("0b11111111u", 255), ("0b" + "1" * 64 + "u", (1 << 64) - 1), ("1utb", 1 << 40),
    ("3.72uy", 4), ("0b11111111uy", 255), ("3e2us", 300), ("1uskb", 1024), ("2.5ul", 2),
    ("1ulpb", 1 << 50),
])
def test_powershell_numeric_notations(text: str, value: object) -> None:
    t = first(text, EXPR, signed=True)
    assert (t.kind, t.end) == (K.NUMBER, len(text))
    assert t.value == value


@pytest.mark.parametrize("text", ["16p", "1_6", "80x", "20ux", "18uu", "21ss", "100ll", "100Il",
                                  "100Is", "100un", "100ln", "100sn", "100In", "100yu", "150su",
                                  "160ud", "160ld", "160yd", "160sd", "160dd", "10ds", "10ud",
                                  "16sl", "188lu", "10_000ul"])
def test_invalid_numerals_are_command_names(text: str) -> None:
    assert first(text, EXPR).kind is K.GENERIC


@pytest.mark.parametrize("text", ["0xFFFFy", "500sgb", "10000usgb", "10000.0usgb", "1uykb"])
def test_numerals_out_of_range_are_parse_errors(text: str) -> None:
    tz = Tokenizer(text)
    tz.next_token(EXPR)
    assert tz.errors[0].error_id == "BadNumericConstant"


def test_unicode_escapes_in_braced_variables_and_barewords() -> None:
    assert first("${foo`u{2195}}", EXPR).value == ("foo\u2195", True)
    assert first("xyzzy`u{2195}").value == "xyzzy\u2195"
