"""Hand-written recursive-descent parser for PowerShell 7 (the structure of Parser.cs).

`Parser` composes the grammar layers, each a module with one `_parse_<rule>` method per
production (the production in its docstring):

    parser_core         token stream in modes, lookahead and rescans, errors, recovery
    parser_types        attributes and type names
    parser_expressions  expressions, primaries, postfix, hash literals, strings
    parser_commands     pipeline chains, pipelines, commands, arguments, redirections
    parser_statements   statement lists and dispatch, flow, trap, try, data, using
    parser_control      if, while, do, for, foreach, switch
    parser_definitions  script blocks, param blocks, functions, classes, enums

Each layer builds on the ones listed above it; the few rules a layer recurses into from a
higher one are declared (for type checking only) at the top of its class.

Errors are collected, not raised, so one parse reports every problem it can find; the public
`parse_script()` raises a single `ParseError` carrying all of them at the end.
"""

from __future__ import annotations

import sys

from pyshell.language import ast as A
from pyshell.language.errors import MESSAGES as MSG
from pyshell.language.errors import ParseError, ParseErrorDetail
from pyshell.language.parser_control import ControlFlowParser
from pyshell.language.parser_core import CMD, K
from pyshell.language.parser_definitions import DefinitionParser
from pyshell.language.parser_statements import StatementParser
from pyshell.language.tokenizer import Tokenizer
from pyshell.language.tokens import SourceText, Token

__all__ = ["Parser", "tokenize_for_highlighting"]

_RECURSION_LIMIT = 8000


class Parser(DefinitionParser, ControlFlowParser):
    """Parses one script (or, nested, the text of a `$( )` inside a string)."""

    _keyword_rules = {
        "if": ControlFlowParser._parse_if_statement,
        "while": ControlFlowParser._parse_while_statement,
        "do": ControlFlowParser._parse_do_statement,
        "for": ControlFlowParser._parse_for_statement,
        "foreach": ControlFlowParser._parse_foreach_statement,
        "switch": ControlFlowParser._parse_switch_statement,
        "function": DefinitionParser._parse_function_definition,
        "filter": DefinitionParser._parse_function_definition,
        "workflow": DefinitionParser._parse_function_definition,
        "return": StatementParser._parse_flow_statement,
        "exit": StatementParser._parse_flow_statement,
        "throw": StatementParser._parse_flow_statement,
        "break": StatementParser._parse_break_statement,
        "continue": StatementParser._parse_break_statement,
        "trap": StatementParser._parse_trap_statement,
        "try": StatementParser._parse_try_statement,
        "data": StatementParser._parse_data_statement,
        "class": DefinitionParser._parse_class_statement,
        "enum": DefinitionParser._parse_class_statement,
        "using": StatementParser._parse_misplaced_using,
    }

    def parse_script(self) -> A.ScriptBlockAst:
        """Parse the whole text; raise ParseError listing every error found."""
        # Each nesting level costs several Python frames; allow scripts nested a few hundred
        # levels deep (Python 3.11 does not grow the C stack for these calls).
        limit = sys.getrecursionlimit()
        if limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        try:
            ast = self._parse_script()
        except RecursionError:
            self.errors.append(ParseErrorDetail("ScriptTooComplex", MSG["ScriptTooComplex"],
                                                self.src.extent(0, len(self.text))))
            ast = A.ScriptBlockAst()
        finally:
            if limit < _RECURSION_LIMIT:
                sys.setrecursionlimit(limit)
        if self.errors:
            raise ParseError(_dedupe(self.errors))
        return ast


def _dedupe(errors: list[ParseErrorDetail]) -> list[ParseErrorDetail]:
    """PowerShell drops an error with the same id and position as an earlier one."""
    seen: set[tuple[str, int, int]] = set()
    result = []
    for e in errors:
        key = (e.error_id, e.extent.start_offset, e.extent.end_offset)
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result

def tokenize_for_highlighting(text: str) -> list[Token]:
    """Every token of `text` the way the parser reads it (command names and type names
    marked), comments included, sorted and non-overlapping; never raises."""
    tokens: list[Token] = []
    comments: dict[int, Token] = {}
    try:
        parser = Parser(text)
        parser.record = tokens
        parser.tok.keep_comments = True
        try:
            parser.parse_script()
        except ParseError:
            pass
        comments = parser.tok.comments
    except Exception:  # noqa: BLE001 - highlighting must never fail; fall back to plain lexing
        tokens = []
    merged = sorted([t for t in tokens if t.kind is not K.EOF and t.end > t.start]
                    + list(comments.values()), key=lambda t: (t.start, -t.end))
    result: list[Token] = []
    end = 0
    source = SourceText(text)
    for t in merged:
        if t.start < end:
            continue
        if t.start > end and not text[end:t.start].isspace():
            result.extend(_lex_gap(text, end, t.start, source))
        result.append(t)
        end = t.end
    if end < len(text) and not text[end:].isspace():
        result.extend(_lex_gap(text, end, len(text), source))
    return result

def _lex_gap(text: str, start: int, end: int, source: SourceText) -> list[Token]:
    """Command-mode tokens for text the parser never consumed (after errors)."""
    out: list[Token] = []
    try:
        tz = Tokenizer(text, None, start, end, source)
        tz.keep_comments = True
        while True:
            t = tz.next_token(CMD)
            if t.kind is K.EOF or t.end > end or t.end <= t.start:
                break
            out.append(t)
    except Exception:  # noqa: BLE001
        pass
    if not out and text[start:end].strip():
        out.append(Token(K.UNKNOWN, text[start:end], start, end))
    return out
