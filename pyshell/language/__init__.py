"""The PowerShell language front end: tokenizer, parser and syntax tree.

Public entry point: `parse(text, path=None) -> ScriptBlockAst`, raising `ParseError`.
"""

from __future__ import annotations

from pyshell.language.ast import Extent, ScriptBlockAst
from pyshell.language.errors import ParseError, ParseErrorDetail, ParseErrorKind

__all__ = ["parse", "ParseError", "ParseErrorDetail", "ParseErrorKind", "Extent", "ScriptBlockAst"]


def parse(text: str, path: str | None = None) -> ScriptBlockAst:
    """Parse a whole script; raise ParseError listing every error found."""
    from pyshell.language.parser import Parser

    return Parser(text, path).parse_script()
