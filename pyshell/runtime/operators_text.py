"""Text operators: `-match -notmatch`, `-replace`, `-split`, `-join` and `-f`.

Patterns are .NET regular expressions (see regex.py), case-insensitive unless the `c`
variant is used. `-match` on a scalar sets `$Matches` through the context; on a collection it
filters and leaves `$Matches` alone. `-replace` and `-split` accept a script block.
"""

from __future__ import annotations

from typing import Any, Callable

from pyshell.language.ast import BinaryOperator, UnaryOperator
from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet_format import FormatStringError, composite_format
from pyshell.runtime.errors import FormatException
from pyshell.runtime.operators_common import failed, get_ofs, is_list, normalize, operator_error
from pyshell.runtime.regex import (
    NO_OPTIONS, Match, Regex, RegexOptions, matches_table, parse_options,
)
from pyshell.runtime.values import Char, NumericKind

__all__ = ["split_string", "invoke_block", "is_block", "TEXT_OPERATORS", "TEXT_UNARY_OPERATORS"]


# --------------------------------------------------------------------------- regex operators

def _regex(pattern: Any, cs: bool) -> Regex:
    if isinstance(pattern, Regex):
        return pattern
    return Regex(cv.to_string(pattern),
                 NO_OPTIONS if cs else RegexOptions.IgnoreCase)


def _matcher(negate: bool, cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        regex = _regex(right, cs)
        if is_list(left):
            return [item for item in left
                    if regex.is_match(cv.to_string(item)) != negate]
        match = regex.match(cv.to_string(left))
        if match.success and context is not None:
            context.set_variable("Matches", matches_table(match))
        return match.success != negate
    return operation


def invoke_block(block: Any, dollar_under: Any) -> Any:
    if hasattr(block, "invoke"):
        results = block.invoke(dollar_under=dollar_under)
    else:
        results = block(dollar_under)
    if isinstance(results, list):
        return results[0] if len(results) == 1 else (results or None)
    return results


def is_block(value: Any) -> bool:
    """A script block (anything with the `invoke` of the ScriptBlock contract) or a plain
    Python callable standing in for one."""
    if hasattr(value, "invoke") and not isinstance(value, (str, dict, list)):
        return True
    return callable(value) and not isinstance(value, (type, Regex)) and not hasattr(
        value, "full_name")


def _replacer(cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        items = list(right) if is_list(right) else [right]
        if len(items) > 2:
            raise operator_error(
                f"The -replace operator allows only two elements to follow it, not {len(items)}.",
                "BadReplaceArgument")
        regex = _regex(items[0] if items else "", cs)
        replacement = normalize(items[1]) if len(items) > 1 else ""
        if is_block(replacement):
            block = replacement

            def substitute(match: Match) -> str:
                return cv.to_string(invoke_block(block, match))
            sub: Any = substitute
        else:
            sub = cv.to_string(replacement)

        def replace_one(value: Any) -> str:
            return regex.replace(cv.to_string(value), sub)
        if is_list(left):
            return [replace_one(item) for item in left]
        return replace_one(left)
    return operation


_SPLIT_OPTIONS = {"simplematch", "regexmatch", "cultureinvariant", "ignorepatternwhitespace",
                  "multiline", "singleline", "ignorecase", "explicitcapture"}


def split_string(text: str, pattern: Any, max_count: int = 0, options: str = "",
                 case_sensitive: bool = False) -> list[str]:
    """`-split` on one string: regex or SimpleMatch, captures kept, `max_count` pieces at
    most (negative: counted from the right), a script block as a per-character predicate."""
    names = {part.strip().lower() for part in options.split(",") if part.strip()}
    unknown = names - _SPLIT_OPTIONS
    if unknown:
        raise operator_error(f'Cannot convert value "{options}" to type '
                             '"System.Management.Automation.SplitOptions".',
                             "InvalidCastFromStringToInteger")
    if is_block(pattern):
        return _split_with_block(text, pattern, max_count)
    pattern_text = cv.to_string(pattern)
    regex_options = NO_OPTIONS
    if "simplematch" in names:
        import re
        pattern_text = re.escape(pattern_text)
    else:
        for name in names & {"multiline", "singleline", "ignorepatternwhitespace",
                             "explicitcapture"}:
            regex_options |= parse_options(name)
    if not case_sensitive or "ignorecase" in names:
        regex_options |= RegexOptions.IgnoreCase
    regex = Regex(pattern_text, regex_options)
    found = list(regex.compiled.finditer(text))
    if max_count > 0:
        found = found[:max_count - 1]
    elif max_count < 0:
        found = found[len(found) - (-max_count - 1):] if -max_count - 1 < len(found) else found
        if -max_count - 1 == 0:
            found = []
    pieces: list[str] = []
    last = 0
    for m in found:
        pieces.append(text[last:m.start()])
        pieces.extend(g for g in m.groups() if g is not None)
        last = m.end()
    pieces.append(text[last:])
    return pieces


def _split_with_block(text: str, block: Any, max_count: int) -> list[str]:
    from pyshell.runtime.dotnet.strings import split_where

    return split_where(text, lambda ch: cv.to_bool(invoke_block(block, Char(ch))), max_count)


def _splitter(cs: bool) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> Any:
        args = list(right) if is_list(right) else [right]
        pattern = normalize(args[0]) if args else " "
        max_count = 0
        options = ""
        if len(args) > 1:
            try:
                max_count = int(cv.to_integer_kind(normalize(args[1]), NumericKind.Int32))
            except cv.ConversionFailure as failure:
                raise failed(args[1], failure, "System.Int32") from None
        if len(args) > 2:
            options = cv.to_string(args[2], ",")
        values = list(left) if is_list(left) else [left]
        result: list[str] = []
        for value in values:
            result.extend(split_string(cv.to_string(value), pattern, max_count, options, cs))
        return result
    return operation


def _join(left: Any, right: Any, context: Any) -> str:
    separator = cv.to_string(right)
    if is_list(left):
        return separator.join(cv.dotnet_string(item) for item in left)
    return cv.to_string(left)


def _format(left: Any, right: Any, context: Any) -> str:
    template = cv.to_string(left, get_ofs(context))
    args = list(right) if is_list(right) else [right]
    try:
        return composite_format(template, args, cv.dotnet_string)
    except FormatStringError as exc:
        inner = FormatException(str(exc))
        raise operator_error(f"Error formatting a string: {exc}.", "FormatError", inner,
                             target=template) from None


def _unary_split(value: Any) -> list[str]:
    values = list(value) if is_list(value) else [value]
    result: list[str] = []
    for item in values:
        result.extend(cv.to_string(item).split())
    return result


def _unary_join(value: Any) -> str:
    if is_list(value):
        return "".join(cv.dotnet_string(item) for item in value)
    return cv.to_string(value)


B = BinaryOperator
U = UnaryOperator
TEXT_OPERATORS: dict[BinaryOperator, Callable[[Any, Any, Any], Any]] = {
    B.JOIN: _join, B.FORMAT: _format,
}
for _cs, _prefix in ((False, "I"), (True, "C")):
    TEXT_OPERATORS[BinaryOperator[_prefix + "MATCH"]] = _matcher(False, _cs)
    TEXT_OPERATORS[BinaryOperator[_prefix + "NOTMATCH"]] = _matcher(True, _cs)
    TEXT_OPERATORS[BinaryOperator[_prefix + "REPLACE"]] = _replacer(_cs)
    TEXT_OPERATORS[BinaryOperator[_prefix + "SPLIT"]] = _splitter(_cs)

TEXT_UNARY_OPERATORS: dict[UnaryOperator, Callable[[Any], Any]] = {
    U.ISPLIT: _unary_split, U.CSPLIT: _unary_split, U.JOIN: _unary_join,
}
