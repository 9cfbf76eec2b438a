"""Tab completion from the command metadata, as PSReadLine's MenuComplete offers it.

What is completed depends on where the cursor is:
- the command position: command names (aliases, functions, cmdlets), wildcards allowed;
- a word starting with `-` inside a command: that command's parameter names;
- the argument of a parameter: enum values, ValidateSet values, or the parameter's
  ArgumentCompleter (VM names for the Hyper-V cmdlets);
- `$name`: variables; `$var.Na`: the members of the variable's value;
- anything else: file-system paths.
The completer never raises: a failure yields no completions, and the prompt goes on.
"""

from __future__ import annotations

import enum
import os
import re
from typing import Any, Iterator, Optional

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

__all__ = ["ShellCompleter", "complete_text"]

# What separates one command from the next (the completer reads only the current one).
_COMMAND_BREAK = re.compile(r"[|;{}()\n]|&&|\|\|")
_WORD = re.compile(r"[^\s|;{}()=,]*$")


def _has_wildcard(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _matches(pattern: str, name: str) -> bool:
    from pyshell.runtime.wildcard import wildcard_match

    return wildcard_match(name, pattern)


class _Context:
    """The current command's words before the cursor and the word being completed."""

    def __init__(self, text: str) -> None:
        segment = _COMMAND_BREAK.split(text)[-1]
        self.word = _WORD.search(segment).group(0)  # type: ignore[union-attr]
        before = segment[: len(segment) - len(self.word)]
        self.words = before.split()
        # `& 'cmd'` and `. script` call a command too: skip the operator.
        if self.words and self.words[0] in ("&", "."):
            self.words = self.words[1:]

    @property
    def at_command_position(self) -> bool:
        return not self.words

    @property
    def command_name(self) -> Optional[str]:
        return self.words[0] if self.words else None

    @property
    def previous_parameter(self) -> Optional[str]:
        if len(self.words) >= 2 and self.words[-1].startswith("-") and len(self.words[-1]) > 1:
            return self.words[-1][1:].rstrip(":")
        return None


def _commands(session: Any) -> list[Any]:
    lister = getattr(session, "get_commands", None) or getattr(session, "all_commands", None)
    return list(lister()) if lister else []


def _variables(session: Any) -> list[str]:
    scope = getattr(session, "current_scope", None)
    if scope is None:
        return []
    return sorted({v.name for v in scope.visible_variables().values()}, key=str.lower)


def _metadata(session: Any, name: str) -> Any:
    info = session.get_command(name)
    if info is None:
        return None
    resolve = getattr(info, "resolve", None)
    if resolve is not None:
        info = resolve(session)
    return getattr(info, "metadata", None)


def _parameter_values(session: Any, spec: Any, word: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    python = getattr(spec.type, "python", None)
    element = getattr(spec.type, "element", None)
    if python is None and element is not None:
        python = getattr(element, "python", None)
    if isinstance(python, type) and issubclass(python, enum.Enum):
        out += [(m.name, python.__name__) for m in python]
    for validator in spec.validators:
        values = getattr(validator, "values", None)
        if values:
            out += [(str(v), "ValidateSet") for v in values]
    if spec.completer is not None:
        out += [(str(v), spec.name) for v in spec.completer.completer(session, word)]
    prefix = word.strip("'\"")
    pattern = prefix if _has_wildcard(prefix) else prefix + "*"
    return [(_quoted(v), d) for v, d in out if _matches(pattern, v.strip("'\""))]


def _quoted(value: str) -> str:
    """A value with spaces goes in as one argument: `'AES-XTS-128 with integrity'`."""
    if value[:1] in ("'", '"') or not re.search(r"\s", value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _members(session: Any, expression: str, partial: str) -> list[tuple[str, str]]:
    """Members of a variable's current value (`$vm.Mem` -> MemoryStartup, ...)."""
    if not re.fullmatch(r"\$[\w:]+", expression):
        return []
    value = session.get_variable(expression[1:])
    if value is None:
        return []
    from pyshell.runtime.members import get_members

    names: list[tuple[str, str]] = []
    for member in get_members(value):
        name = getattr(member, "name", None)
        if name and name.lower().startswith(partial.lower()):
            names.append((name, str(getattr(member, "member_type", ""))))
    return sorted(set(names))


def _paths(word: str) -> list[tuple[str, str]]:
    text = word.strip("'\"")
    directory, _, stem = text.rpartition("/") if "/" in text else ("", "", text)
    base = os.path.expanduser(directory) if directory else "."
    try:
        entries = sorted(os.listdir(base))
    except OSError:
        return []
    out = []
    for entry in entries:
        if entry.lower().startswith(stem.lower()):
            full = f"{directory}/{entry}" if directory else entry
            if os.path.isdir(os.path.join(base, entry)):
                full += "/"
            out.append((f"'{full}'" if " " in full else full, "path"))
    return out


def complete_text(session: Any, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The word being completed and its candidates `(text, description)` for input `text`."""
    ctx = _Context(text)
    word = ctx.word
    if word.startswith("$"):
        if "." in word:
            expression, _, partial = word.rpartition(".")
            return partial, _members(session, expression, partial)
        stem = word[1:]
        return word, [("$" + n, "variable") for n in _variables(session)
                      if n.lower().startswith(stem.lower())]
    if ctx.at_command_position:
        pattern = word if _has_wildcard(word) else word + "*"
        seen: dict[str, str] = {}
        for info in _commands(session):
            name = getattr(info, "name", str(info))
            if name.lower() not in {k.lower() for k in seen} and _matches(pattern, name):
                seen[name] = str(getattr(info, "command_type", ""))
        if seen:
            return word, sorted(seen.items(), key=lambda kv: kv[0].lower())
        return word, _paths(word)
    meta = _metadata(session, ctx.command_name or "")
    if meta is not None and word.startswith("-"):
        stem = word[1:].lower()
        return word, [("-" + p.name, p.type.name) for p in meta.parameters
                      if p.name.lower().startswith(stem) and not p.dont_show]
    if meta is not None and ctx.previous_parameter:
        matches = meta.matches(ctx.previous_parameter) if hasattr(meta, "matches") else []
        if len(matches) == 1 and not matches[0].type.is_switch:
            return word, _parameter_values(session, matches[0], word)
    if meta is not None:
        spec = _positional_parameter(meta, _positional_index(meta, ctx.words[1:]))
        if spec is not None:
            values = _parameter_values(session, spec, word)
            if values:
                return word, values
    return word, _paths(word)


def _positional_index(meta: Any, words: list[str]) -> int:
    """How many positional arguments the words after the command name already give."""
    index = 0
    expecting_value = False
    for w in words:
        if w.startswith("-") and len(w) > 1 and not w[1:2].isdigit():
            matches = meta.matches(w[1:].rstrip(":"))
            expecting_value = (len(matches) == 1 and not matches[0].type.is_switch
                               and not w.endswith(":"))
            continue
        if expecting_value:
            expecting_value = False
            continue
        index += 1
    return index


def _positional_parameter(meta: Any, index: int) -> Any:
    """The parameter at that position, preferring the default parameter set."""
    candidates = []
    for spec in meta.parameters:
        for entry in spec.sets:
            if entry.position == index:
                preferred = entry.set_name == meta.default_parameter_set
                candidates.append((not preferred, spec))
    candidates.sort(key=lambda c: c[0])
    return candidates[0][1] if candidates else None


class ShellCompleter(Completer):
    """prompt_toolkit's side: candidates with their descriptions for the completion menu."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterator[Completion]:
        try:
            word, candidates = complete_text(self.session, document.text_before_cursor)
        except Exception:  # completion must never break the prompt
            return
        for text, description in candidates:
            yield Completion(text, start_position=-len(word), display_meta=description)

