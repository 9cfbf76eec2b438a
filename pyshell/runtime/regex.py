""".NET regular expressions on top of Python's `re`.

The syntax differences that scripts meet are translated: named groups `(?<n>...)` and
`(?'n'...)`, back references `\\k<n>`, `\\z` / `\\Z`, inline options in the middle of a pattern,
and the substitutions of `-replace` (`$1`, `${name}`, `$0`, `$&`, `$$`, `` $` ``, `$'`, `$+`,
`$_`). Groups are numbered as .NET numbers them: unnamed groups first, then named ones.
Matches come back as `Match` objects with `Value`, `Index`, `Length`, `Success` and `Groups`.
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional, Union

from pyshell.runtime.errors import ArgumentException, ErrorCategory, ErrorRecord, RuntimeException
from pyshell.runtime.values import Hashtable

__all__ = [
    "RegexOptions", "NO_OPTIONS", "Regex", "Match", "Group", "compile_regex", "translate_pattern",
    "expand_replacement", "matches_table", "parse_options", "regex_error",
]


class RegexOptions(enum.Flag):
    """System.Text.RegularExpressions.RegexOptions (`None` is the empty flag set)."""

    __ps_typenames__ = ("System.Text.RegularExpressions.RegexOptions",)

    IgnoreCase = 1
    Multiline = 2
    ExplicitCapture = 4
    Compiled = 8
    Singleline = 16
    IgnorePatternWhitespace = 32
    RightToLeft = 64
    ECMAScript = 256
    CultureInvariant = 512


NO_OPTIONS = RegexOptions(0)


def parse_options(value: Any) -> RegexOptions:
    """Options from a RegexOptions, a number, or text like `"IgnoreCase, Multiline"`."""
    if isinstance(value, RegexOptions):
        return value
    if value is None:
        return NO_OPTIONS
    if isinstance(value, int):
        return RegexOptions(value)
    if isinstance(value, (list, tuple)):
        result = NO_OPTIONS
        for item in value:
            result |= parse_options(item)
        return result
    result = NO_OPTIONS
    for part in str(value).split(","):
        name = part.strip().lower()
        if not name or name == "none":
            continue
        member = next((m for m in RegexOptions if m.name and m.name.lower() == name), None)
        if member is None:
            raise ValueError(name)
        result |= member
    return result


def regex_error(pattern: str, reason: str) -> RuntimeException:
    inner = ArgumentException(f"Invalid pattern '{pattern}' at offset 0. {reason}")
    exc = RuntimeException(
        f"The regular expression pattern {pattern} is not valid.", inner=inner)
    exc.error_record = ErrorRecord(exc, "InvalidRegularExpression", ErrorCategory.InvalidOperation,
                                   pattern)
    return exc


_UNICODE_CLASSES = {
    "L": r"^\W\d_", "Lu": "A-Z", "Ll": "a-z", "N": r"\d", "Nd": r"\d", "P": r"!-/:-@\[-`{-~",
    "Z": r"\s", "Zs": " ", "S": r"$+<=>^`|~",
}


_SHORTHANDS = {"\\w", "\\W", "\\d", "\\D", "\\s", "\\S"}


def translate_pattern(pattern: str) -> tuple[str, list[Union[int, str]]]:
    """The Python pattern for a .NET one, and the .NET group names in Python group order
    (an int for an unnamed group: its .NET number)."""
    out: list[str] = []
    group_names: list[Optional[str]] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "k" and i + 2 < n and pattern[i + 2] in "<'":
                close = ">" if pattern[i + 2] == "<" else "'"
                end = pattern.find(close, i + 3)
                if end > 0:
                    name = pattern[i + 3:end]
                    out.append(f"(?P={name})" if not name.isdigit() else "\\" + name)
                    i = end + 1
                    continue
            if nxt in "pP" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                cls = _UNICODE_CLASSES.get(pattern[i + 3:end]) if end > 0 else None
                if cls is not None:
                    negate = nxt == "P"
                    if in_class:
                        out.append(cls.lstrip("^") if not negate else cls)
                    else:
                        inverted = cls[1:] if cls.startswith("^") else "^" + cls
                        out.append(f"[{inverted if negate else cls}]")
                    i = end + 1
                    continue
            if nxt == "z" and not in_class:
                out.append(r"\Z")
                i += 2
                continue
            if nxt == "Z" and not in_class:
                out.append(r"(?=\n?\Z)")
                i += 2
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "-" and (out[-1] in _SHORTHANDS or pattern[i + 1:i + 3] in _SHORTHANDS):
                # .NET reads `[\w-.]` as a literal '-'; Python calls it a bad range.
                out.append("\\-")
                i += 1
                continue
            if ch == "]":
                in_class = False
            elif ch == "[" and i + 1 < n and pattern[i + 1] == ":":
                out.append("\\[")
                i += 1
                continue
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("\\]")
                i += 1
            continue
        if ch == "(":
            if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
                end = pattern.find(">", i)
                name = pattern[i + 3:end]
                out.append(f"(?P<{name}>")
                group_names.append(name)
                i = end + 1
                continue
            if pattern.startswith("(?'", i):
                end = pattern.find("'", i + 3)
                name = pattern[i + 3:end]
                out.append(f"(?P<{name}>")
                group_names.append(name)
                i = end + 1
                continue
            flags = re.match(r"\(\?([imnsx-]+)\)", pattern[i:])
            if flags:
                letters = flags.group(1).replace("n", "")
                if letters and "-" not in letters:
                    # Python accepts global flags only at the start: move them there.
                    out.insert(0, f"(?{letters})")
                i += flags.end()
                continue
            scoped = re.match(r"\(\?([imsx]*)n([imsx]*)(-[imsx]*)?:", pattern[i:])
            if scoped:
                out.append(scoped.group(0).replace("n", ""))
                i += scoped.end()
                continue
            if not pattern.startswith("(?", i):
                group_names.append(None)
            out.append(ch)
            i += 1
            continue
        out.append(ch)
        i += 1
    unnamed = 0
    numbering: list[Union[int, str]] = []
    for group in group_names:
        if group is None:
            unnamed += 1
            numbering.append(unnamed)
        else:
            numbering.append(group)
    return "".join(out), numbering


@lru_cache(maxsize=512)
def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], tuple[Union[int, str], ...]]:
    translated, numbering = translate_pattern(pattern)
    try:
        return re.compile(translated, flags), tuple(numbering)
    except re.error as exc:
        raise regex_error(pattern, str(exc)) from None


def _flags(options: RegexOptions) -> int:
    flags = 0
    if options & RegexOptions.IgnoreCase:
        flags |= re.IGNORECASE
    if options & RegexOptions.Multiline:
        flags |= re.MULTILINE
    if options & RegexOptions.Singleline:
        flags |= re.DOTALL
    if options & RegexOptions.IgnorePatternWhitespace:
        flags |= re.VERBOSE
    return flags


def compile_regex(pattern: str, options: RegexOptions = RegexOptions.IgnoreCase) -> Regex:
    return Regex(pattern, options)


class Group:
    """System.Text.RegularExpressions.Group: Success, Value, Index, Length, Name."""

    dotnet_name = "System.Text.RegularExpressions.Group"
    __slots__ = ("name", "success", "value", "index")

    def __init__(self, name: str, success: bool, value: str, index: int) -> None:
        self.name = name
        self.success = success
        self.value = value
        self.index = index

    @property
    def length(self) -> int:
        return len(self.value)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Group({self.name!r}, {self.value!r})"


class Match(Group):
    """System.Text.RegularExpressions.Match; `groups` in .NET order (0 first)."""

    dotnet_name = "System.Text.RegularExpressions.Match"
    __slots__ = ("groups",)

    def __init__(self, match: Optional[re.Match[str]],
                 numbering: Iterable[Union[int, str]] = ()) -> None:
        if match is None:
            super().__init__("0", False, "", 0)
            self.groups: list[Group] = [Group("0", False, "", 0)]
            return
        super().__init__("0", True, match.group(0), match.start())
        numbered: list[tuple[int, Group]] = []
        named: list[Group] = []
        for position, key in enumerate(numbering, start=1):
            text = match.group(position)
            group = Group(str(key), text is not None, text or "",
                          match.start(position) if text is not None else 0)
            if isinstance(key, int):
                numbered.append((key, group))
            else:
                named.append(group)
        self.groups = [Group("0", True, match.group(0), match.start())]
        self.groups += [g for _, g in sorted(numbered, key=lambda pair: pair[0])] + named

    def group(self, key: Union[int, str]) -> Optional[Group]:
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            index = int(key)
            return self.groups[index] if 0 <= index < len(self.groups) else None
        return next((g for g in self.groups if g.name.lower() == str(key).lower()), None)

    def __repr__(self) -> str:
        return f"Match({self.value!r}, success={self.success})"


def matches_table(match: Match) -> Hashtable:
    """`$Matches`: the successful groups, numbered ones by number and named ones by name,
    highest first as PowerShell lists them."""
    table = Hashtable()
    for group in reversed(match.groups):
        if group.success:
            table[int(group.name) if group.name.isdigit() else group.name] = group.value
    return table


def expand_replacement(replacement: str, match: Match, source: str) -> str:
    """.NET substitutions: `$1`, `${name}`, `$0`/`$&`, `$$`, `` $` ``, `$'`, `$+`, `$_`."""
    out: list[str] = []
    i, n = 0, len(replacement)
    while i < n:
        ch = replacement[i]
        if ch != "$" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = replacement[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "&":
            out.append(match.value)
            i += 2
        elif nxt == "`":
            out.append(source[:match.index])
            i += 2
        elif nxt == "'":
            out.append(source[match.index + match.length:])
            i += 2
        elif nxt == "_":
            out.append(source)
            i += 2
        elif nxt == "+":
            last = match.groups[-1] if len(match.groups) > 1 else match
            out.append(last.value)
            i += 2
        elif nxt == "{":
            end = replacement.find("}", i + 2)
            group = match.group(replacement[i + 2:end]) if end > 0 else None
            if group is None:
                out.append(replacement[i:end + 1 if end > 0 else n])
            else:
                out.append(group.value)
            i = end + 1 if end > 0 else n
        elif nxt.isdigit():
            j = i + 1
            while j < n and replacement[j].isdigit():
                j += 1
            # .NET takes the longest number that names an existing group.
            while j > i + 2 and match.group(int(replacement[i + 1:j])) is None:
                j -= 1
            group = match.group(int(replacement[i + 1:j]))
            if group is None:
                out.append(replacement[i:i + 2])
                i += 2
            else:
                out.append(group.value)
                i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class Regex:
    """`[regex]`: a compiled .NET pattern with Match, Matches, Replace, Split and IsMatch."""

    dotnet_name = "System.Text.RegularExpressions.Regex"
    __slots__ = ("pattern", "options", "_compiled", "_numbering")

    def __init__(self, pattern: str, options: Any = NO_OPTIONS) -> None:
        self.pattern = pattern
        self.options = parse_options(options)
        self._compiled, self._numbering = _compile(pattern, _flags(self.options))

    @property
    def compiled(self) -> re.Pattern[str]:
        return self._compiled

    def match(self, text: str, start: int = 0) -> Match:
        return Match(self._compiled.search(text, start), self._numbering)

    def matches(self, text: str) -> list[Match]:
        return [Match(m, self._numbering) for m in self._compiled.finditer(text)]

    def is_match(self, text: str) -> bool:
        return self._compiled.search(text) is not None

    def replace(self, text: str, replacement: Union[str, Callable[[Match], str]],
                count: int = -1) -> str:
        def substitute(m: re.Match[str]) -> str:
            match = Match(m, self._numbering)
            if callable(replacement):
                return replacement(match)
            return expand_replacement(replacement, match, text)
        return self._compiled.sub(substitute, text, count=max(count, 0))

    def split(self, text: str, count: int = 0) -> list[str]:
        """Regex.Split: captured groups are included; `count` limits the pieces."""
        pieces: list[str] = []
        last = 0
        splits = 0
        for m in self._compiled.finditer(text):
            if count > 0 and splits >= count - 1:
                break
            if m.end() == 0 and m.start() == 0 and not m.group(0):
                continue
            pieces.append(text[last:m.start()])
            pieces.extend(g for g in m.groups() if g is not None)
            last = m.end()
            splits += 1
        pieces.append(text[last:])
        return pieces

    def __str__(self) -> str:
        return self.pattern

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"
