"""Syntax colouring of the input line, from our own tokenizer, in PSReadLine's default colours.

The tokenizer decides what each piece of text is (command name, parameter, string, ...);
pygments supplies only the token types and the style machinery prompt_toolkit understands.
"""

from __future__ import annotations

from typing import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.styles import Style
from prompt_toolkit.styles.pygments import style_from_pygments_dict
from pygments.token import Token as T
from pygments.token import _TokenType

from pyshell.language.tokens import TokenKind

__all__ = ["PowerShellLexer", "PSREADLINE_STYLE", "token_type_of"]

_KIND_TO_TOKEN: dict[TokenKind, _TokenType] = {
    TokenKind.COMMAND_NAME: T.Name.Function,
    TokenKind.PARAMETER: T.Name.Attribute,
    TokenKind.KEYWORD: T.Keyword,
    TokenKind.COMMENT: T.Comment,
    TokenKind.NUMBER: T.Number,
    TokenKind.VARIABLE: T.Name.Variable,
    TokenKind.SPLATTED_VARIABLE: T.Name.Variable,
    TokenKind.STRING_LITERAL: T.String,
    TokenKind.STRING_EXPANDABLE: T.String,
    TokenKind.HERE_STRING_LITERAL: T.String,
    TokenKind.HERE_STRING_EXPANDABLE: T.String,
    TokenKind.TYPE_NAME: T.Name.Class,
    TokenKind.OPERATOR: T.Operator,
    TokenKind.REDIRECTION: T.Operator,
    TokenKind.PIPE: T.Operator,
    TokenKind.AND_AND: T.Operator,
    TokenKind.OR_OR: T.Operator,
    TokenKind.AMPERSAND: T.Operator,
    TokenKind.COMMA: T.Operator,
    TokenKind.LABEL: T.Name.Label,
    TokenKind.UNKNOWN: T.Error,
}

# PSReadLine's default console colours (Set-PSReadLineOption -Colors): Command Yellow,
# Parameter/Operator DarkGray, String DarkCyan, Variable/Keyword Green, Comment DarkGreen,
# Number White, Type Gray. prompt_toolkit's `ansigreen` is the dark console colour and
# `ansibrightgreen` the light one, like ConsoleColor's DarkGreen/Green.
PSREADLINE_STYLE: Style = style_from_pygments_dict({
    T.Name.Function: "ansibrightyellow",
    T.Name.Attribute: "ansibrightblack",
    T.Operator: "ansibrightblack",
    T.String: "ansicyan",
    T.Name.Variable: "ansibrightgreen",
    T.Keyword: "ansibrightgreen",
    T.Comment: "ansigreen",
    T.Number: "ansiwhite",
    T.Name.Class: "ansigray",
    T.Name.Label: "ansibrightgreen",
    T.Error: "ansired",
})


def token_type_of(kind: TokenKind) -> _TokenType:
    return _KIND_TO_TOKEN.get(kind, T.Text)


def _style_class(token_type: _TokenType) -> str:
    # prompt_toolkit names pygments styles `class:pygments.<dotted lower-case path>`.
    return "class:pygments." + ".".join(token_type).lower() if token_type is not T.Text else ""


class PowerShellLexer(Lexer):
    """Colours the whole buffer at once (constructs span lines) and serves it line by line."""

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        text = document.text
        styles = [""] * len(text)
        try:
            from pyshell.language.tokenizer import tokenize

            tokens = tokenize(text)
        except Exception:  # the REPL never dies of its colouring: show the text plain
            tokens = []
        for token in tokens:
            style = _style_class(token_type_of(token.kind))
            if style:
                for i in range(max(token.start, 0), min(token.end, len(text))):
                    styles[i] = style

        lines: list[StyleAndTextTuples] = []
        current: StyleAndTextTuples = []
        for ch, style in zip(text, styles):
            if ch == "\n":
                lines.append(current)
                current = []
            elif current and current[-1][0] == style:
                current[-1] = (style, current[-1][1] + ch)
            else:
                current.append((style, ch))
        lines.append(current)

        def get_line(lineno: int) -> StyleAndTextTuples:
            return lines[lineno] if 0 <= lineno < len(lines) else []

        return get_line
