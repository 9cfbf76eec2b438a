"""Select-String: lines that match a pattern, as MatchInfo objects."""

from __future__ import annotations

import glob
import os
from typing import Annotated, Any, Optional

from attrs import define, field

from cmdlets.utility.encoding import ENCODINGS, codec
from cmdlets.utility.out import resolve_path
from pyshell.formatting.objects import to_string
from pyshell.runtime import Alias, Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, FileNotFoundException, PSException
from pyshell.runtime.regex import Regex, RegexOptions

__all__ = ["SelectStringCommand", "MatchInfo"]


@define(eq=False)
class MatchInfo:
    """Microsoft.PowerShell.Commands.MatchInfo; shown as its ToString (the line, with
    `path:number:` for file input and `> ` marks with -Context)."""

    __ps_typenames__ = ("Microsoft.PowerShell.Commands.MatchInfo",)
    ignore_case: bool
    line_number: int
    line: str
    filename: str
    path: str
    pattern: str
    matches: list[Any] = field(factory=list)
    context: Any = None
    relative_to: Optional[str] = field(default=None, metadata={"ps_hidden": True})
    pre_context: list[str] = field(factory=list, metadata={"ps_hidden": True})
    post_context: list[str] = field(factory=list, metadata={"ps_hidden": True})

    def _prefix_line(self, text: str, number: int, mark: str) -> str:
        if self.path == "InputStream":
            return mark + text
        shown = self.path
        if self.relative_to and self.path.lower().startswith(self.relative_to.lower() + os.sep):
            shown = self.path[len(self.relative_to) + 1:]
        return f"{mark}{shown}:{number}:{text}"

    def __str__(self) -> str:
        if not self.pre_context and not self.post_context and self.context is None:
            return self._prefix_line(self.line, self.line_number, "")
        lines = []
        first = self.line_number - len(self.pre_context)
        for i, text in enumerate(self.pre_context):
            lines.append(self._prefix_line(text, first + i, "  "))
        lines.append(self._prefix_line(self.line, self.line_number, "> "))
        for i, text in enumerate(self.post_context):
            lines.append(self._prefix_line(text, self.line_number + 1 + i, "  "))
        return "\n".join(lines)


@cmdlet("Select", "String", default_parameter_set="File")
class SelectStringCommand(Cmdlet):
    """Finds text in strings and files."""

    examples = (Example("'hello','world' | Select-String o", "Finds the lines with an o."),)

    input_object: Annotated[Any, Parameter(mandatory=True, from_pipeline=True,
                                           parameter_set="Object")] = None
    pattern: Annotated[list[str], Parameter(mandatory=True, position=0)] = []  # noqa: RUF012
    path: Annotated[Optional[list[str]], Parameter(mandatory=True, position=1,
                                                   parameter_set="File")] = None
    literal_path: Annotated[Optional[list[str]], Parameter(mandatory=True,
                                                           parameter_set="LiteralFile"),
                            Alias("PSPath", "LP")] = None
    raw: Annotated[Switch, Parameter()] = Switch(False)
    simple_match: Annotated[Switch, Parameter()] = Switch(False)
    case_sensitive: Annotated[Switch, Parameter()] = Switch(False)
    quiet: Annotated[Switch, Parameter()] = Switch(False)
    first_only: Annotated[Switch, Parameter(name="List")] = Switch(False)
    no_emphasis: Annotated[Switch, Parameter()] = Switch(False)
    not_match: Annotated[Switch, Parameter()] = Switch(False)
    all_matches: Annotated[Switch, Parameter()] = Switch(False)
    encoding: Annotated[Optional[str], Parameter(), ENCODINGS] = None
    context: Annotated[Optional[list[int]], Parameter()] = None

    def begin_processing(self) -> None:
        options = RegexOptions(0) if self.case_sensitive else RegexOptions.IgnoreCase
        try:
            self._regexes = [Regex(_escape(p) if self.simple_match else p, options)
                             for p in self.pattern]
        except PSException as exc:
            raise self.terminating_error(self.error_record(
                exc, "InvalidRegex", ErrorCategory.InvalidArgument, self.pattern))
        self._found = False
        self._done = False

    def _match(self, text: str) -> tuple[Optional[str], list[Any]]:
        for regex in self._regexes:
            found = regex.matches(text) if self.all_matches else [regex.match(text)]
            found = [m for m in found if m.success]
            if found:
                return regex.pattern, found
        return None, []

    def _scan(self, lines: list[str], path: str, filename: str) -> None:
        before = self.context[0] if self.context else 0
        after = (self.context[1] if len(self.context) > 1 else self.context[0]) \
            if self.context else 0
        cwd = None
        try:
            cwd = os.path.dirname(path) if path != "InputStream" else None
            cwd = resolve_path(self.session, ".").rstrip(os.sep + ".") or cwd
        except Exception:
            pass
        for index, text in enumerate(lines):
            if self._done:
                return
            pattern, matches = self._match(text)
            hit = bool(matches) != bool(self.not_match)
            if not hit:
                continue
            self._found = True
            if self.quiet:
                continue
            if self.raw:
                self.write_object(text)
            else:
                self.write_object(MatchInfo(
                    not self.case_sensitive, index + 1, text, filename, path,
                    pattern or self.pattern[0], matches, None, cwd,
                    lines[max(0, index - before):index], lines[index + 1:index + 1 + after]))
            if self.first_only:
                return

    def process_record(self) -> None:
        if self.input_object is not None or self.parameter_set_name == "Object":
            obj = self.input_object
            if obj is None:
                return
            self._scan([to_string(obj)], "InputStream", "InputStream")
            return
        for pattern in (self.path or self.literal_path or []):
            full = resolve_path(self.session, pattern)
            targets = [full] if self.literal_path else (sorted(glob.glob(full)) or [full])
            for target in targets:
                try:
                    with open(target, encoding=codec(self.encoding), errors="replace") as handle:
                        lines = handle.read().splitlines()
                except OSError:
                    self.write_error(self.error_record(
                        FileNotFoundException(f"Cannot find path '{target}' because it does "
                                              "not exist."),
                        "PathNotFound", ErrorCategory.ObjectNotFound, target))
                    continue
                self._scan(lines, target, os.path.basename(target))

    def end_processing(self) -> None:
        if self.quiet:
            self.write_object(self._found)


def _escape(text: str) -> str:
    import re

    return re.escape(text)
