"""Command help built from `CommandMetadata`: syntax lines, parameter blocks, the help views.

Cmdlets and functions with a synopsis (a docstring, comment-based help) get PowerShell's
full help layout (NAME, SYNOPSIS, SYNTAX, DESCRIPTION, RELATED LINKS, REMARKS); commands
without help text get the reduced layout PowerShell shows when no help is installed (NAME,
SYNTAX, ALIASES, REMARKS). Layouts follow powershell-views.md §10.
"""

from __future__ import annotations

import enum
from typing import Any, Optional, Sequence

from attrs import field, frozen

from pyshell.runtime.members import short_type_name
from pyshell.runtime.parameters import (ALL_PARAMETER_SETS, NO_DEFAULT, CommandMetadata,
                                        ParameterSpec, TypeKind, ValidateSet)

__all__ = ["syntax_lines", "ParameterHelp", "HelpInfo", "help_for", "HelpView"]

INDENT = "    "

class HelpView(enum.Enum):
    DEFAULT = "default"
    DETAILED = "detailed"
    FULL = "full"
    EXAMPLES = "examples"
    PARAMETER = "parameter"


def _type_text(spec: ParameterSpec, short: bool) -> str:
    t = spec.type
    if short:
        # No-help syntax lines use the accelerators Get-Member uses (`string`, `int`).
        element = t.element if t.is_array and t.element is not None else t
        name = short_type_name(element.full_name)
        if name == element.full_name:
            name = element.name
        return name + "[]" if t.is_array else name
    return t.name


def _value_text(spec: ParameterSpec, short: bool) -> str:
    choices = next((v.values for v in spec.validators if isinstance(v, ValidateSet)), None)
    if choices:
        return "{" + " | ".join(choices) + "}"
    return f"<{_type_text(spec, short)}>"


def _parameters_of_set(meta: CommandMetadata, set_name: str) -> list[ParameterSpec]:
    specs = [p for p in meta.parameters if not p.is_common and not p.dont_show
             and p.for_set(set_name) is not None]
    # WhatIf/Confirm come last, just before the common parameters.
    extra = [p for p in meta.parameters if p.is_common and p.name in ("WhatIf", "Confirm")]
    return specs + extra


def _syntax_item(spec: ParameterSpec, set_name: str, short: bool) -> str:
    entry = spec.for_set(set_name)
    mandatory = bool(entry and entry.mandatory)
    positional = entry is not None and entry.position is not None
    if spec.is_switch:
        text = f"-{spec.name}"
        return text if mandatory else f"[{text}]"
    name = f"[-{spec.name}]" if positional else f"-{spec.name}"
    text = f"{name} {_value_text(spec, short)}"
    return text if mandatory else f"[{text}]"


def syntax_lines(meta: CommandMetadata, *, short_types: bool = False) -> list[str]:
    """One syntax line per parameter set, default set first."""
    sets = list(meta.parameter_sets) or [ALL_PARAMETER_SETS]
    lines = []
    for set_name in sets:
        items = [_syntax_item(p, set_name, short_types) for p in _parameters_of_set(meta, set_name)]
        if meta.is_advanced:
            items.append("[<CommonParameters>]")
        line = " ".join([meta.name] + items)
        # A simple function's no-help syntax line ends with a space, as PowerShell's does.
        lines.append(line if meta.is_advanced else line + " ")
    return lines


@frozen
class ParameterHelp:
    __ps_typenames__ = ("MamlCommandHelpInfo#parameter",)

    name: str
    type_name: str
    description: str
    required: bool
    position: str
    default_value: str
    pipeline_input: str
    aliases: tuple[str, ...]
    wildcards: bool
    parameter_set_name: str

    @classmethod
    def from_spec(cls, spec: ParameterSpec, meta: CommandMetadata, *, maml: bool
                  ) -> ParameterHelp:
        required = any(s.mandatory for s in spec.sets)
        positions = [s.position for s in spec.sets if s.position is not None]
        if positions:
            position = str(positions[0] + 1 if maml and not meta.dotnet_class else positions[0])
        else:
            position = "Named" if (meta.dotnet_class or not maml) else "named"
        kinds = []
        if any(s.from_pipeline for s in spec.sets):
            kinds.append("ByValue")
        if any(s.from_pipeline_by_property_name for s in spec.sets):
            kinds.append("ByPropertyName")
        if any(s.from_remaining_arguments for s in spec.sets) and not maml:
            kinds.append("FromRemainingArguments")
        true = "True" if meta.dotnet_class else "true"
        false = "False" if meta.dotnet_class else "false"
        pipeline = f"{true} ({', '.join(kinds)})" if kinds else false
        default = spec.default
        if default is NO_DEFAULT or default is None or (hasattr(default, "is_present")
                                                        and not default):
            default_text = "None" if meta.dotnet_class else ""
        else:
            default_text = _text(default)
        sets = sorted(s.set_name for s in spec.sets)
        set_text = ", ".join("(All)" if s == ALL_PARAMETER_SETS else s for s in sets)
        return cls(spec.name, _type_text(spec, not maml), spec.description or spec.help_message,
                   required, position, default_text, pipeline, spec.aliases,
                   spec.supports_wildcards, set_text)

    def lines(self, indent: str, *, maml: bool) -> list[str]:
        inner = indent + INDENT
        header = f"{indent}-{self.name}"
        if self.type_name != "SwitchParameter":
            header += f" <{self.type_name}>"
        out = [header]
        if self.description:
            out.extend(inner + line for line in self.description.splitlines())
        out.append(inner)
        if maml:
            rows = [("Required?", _bool(self.required)), ("Position?", self.position),
                    ("Default value", self.default_value),
                    ("Accept pipeline input?", self.pipeline_input),
                    ("Aliases", ", ".join(self.aliases) or "None"),
                    ("Accept wildcard characters?", _bool(self.wildcards))]
        else:
            rows = [("Required?", _bool(self.required)), ("Position?", self.position),
                    ("Accept pipeline input?", self.pipeline_input),
                    ("Parameter set name", self.parameter_set_name),
                    ("Aliases", ", ".join(self.aliases) or "None"),
                    ("Dynamic?", "false"),
                    ("Accept wildcard characters?", _bool(self.wildcards))]
        out.extend(f"{inner}{label:<29}{value}" for label, value in rows)
        out.append(inner)
        return out


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


def _text(value: Any) -> str:
    from pyshell.runtime.conversion import to_string
    return to_string(value)


@frozen
class HelpInfo:
    """What Get-Help returns for one command; `lines()` is its display."""

    __ps_typenames__ = ("MamlCommandHelpInfo", "HelpInfo")

    name: str
    synopsis: str
    syntax: tuple[str, ...]
    description: str
    parameters: tuple[ParameterHelp, ...]
    examples: tuple[Any, ...]
    aliases: tuple[str, ...] = ()
    category: str = "Cmdlet"
    module_name: str = ""
    has_help: bool = True
    view: HelpView = field(default=HelpView.DEFAULT, metadata={"ps_hidden": True})
    selected_parameters: tuple[str, ...] = field(default=(), metadata={"ps_hidden": True})

    @property
    def Name(self) -> str:  # noqa: N802 - what Get-Help's table shows
        return self.name

    def lines(self) -> list[str]:
        if self.view is HelpView.PARAMETER:
            return self._parameter_lines()
        if not self.has_help:
            return self._reduced_lines()
        return self._full_lines()

    def _section(self, title: str, body: Sequence[str], trailer: Sequence[str]) -> list[str]:
        return [title] + [INDENT + line if line else INDENT for line in body] + list(trailer)

    def _reduced_lines(self) -> list[str]:
        out = ["", "NAME", INDENT + self.name, INDENT, "SYNTAX"]
        out += [INDENT + line for line in self.syntax] + [INDENT, ""]
        out += ["ALIASES"] + [INDENT + a for a in (self.aliases or ("None",))] + [INDENT, ""]
        out += ["REMARKS", INDENT + "None", "", ""]
        return out

    def _full_lines(self) -> list[str]:
        name = self.name
        view = self.view
        out = ["", "NAME", INDENT + name, INDENT]
        if view is HelpView.EXAMPLES:
            out += ["SYNOPSIS", INDENT + self.synopsis, INDENT, INDENT]
            out += self._example_lines()
            return out + [""]
        out += ["SYNOPSIS", INDENT + self.synopsis, INDENT, INDENT]
        out += ["SYNTAX"] + [INDENT + line for line in self.syntax] + [INDENT, INDENT]
        if self.description:
            out += ["DESCRIPTION"] + [INDENT + line if line else INDENT
                                      for line in self.description.splitlines()]
            out += [INDENT, ""]
        if view in (HelpView.FULL, HelpView.DETAILED):
            out += ["PARAMETERS"]
            for p in self.parameters:
                if view is HelpView.FULL:
                    out += p.lines(INDENT, maml=True)
                else:  # -Detailed: each parameter with its description, no attribute table
                    out += p.lines(INDENT, maml=True)[:-7] + [INDENT]
            out += [INDENT + "<CommonParameters>",
                    INDENT * 2 + "This cmdlet supports the common parameters: Verbose, Debug,",
                    INDENT * 2 + "ErrorAction, ErrorVariable, WarningAction, WarningVariable,",
                    INDENT * 2 + "OutBuffer, PipelineVariable, and OutVariable. For more "
                    "information, see",
                    INDENT * 2 + "about_CommonParameters "
                    "(https://go.microsoft.com/fwlink/?LinkID=113216).", INDENT, ""]
            if self.examples:
                out += self._example_lines()
        out += ["RELATED LINKS", ""]
        if view is HelpView.DEFAULT:
            out += ["REMARKS",
                    f'{INDENT}To see the examples, type: "Get-Help {name} -Examples"',
                    f'{INDENT}For more information, type: "Get-Help {name} -Detailed"',
                    f'{INDENT}For technical information, type: "Get-Help {name} -Full"']
        elif view is HelpView.DETAILED:
            out += ["REMARKS",
                    f'{INDENT}To see the examples, type: "Get-Help {name} -Examples"',
                    f'{INDENT}For technical information, type: "Get-Help {name} -Full"']
        out += ["", ""]
        return out

    def _example_lines(self) -> list[str]:
        out: list[str] = []
        for number, example in enumerate(self.examples, 1):
            title = getattr(example, "title", "")
            banner = (f"{'-' * 10} Example {number}: {title} {'-' * 10}" if title
                      else f"{'-' * 26} EXAMPLE {number} {'-' * 26}")
            out.append(INDENT + banner)
            out.append(INDENT)
            out += [f"{INDENT}PS > {line}" if i == 0 else INDENT + line
                    for i, line in enumerate(example.code.splitlines())]
            out.append(INDENT)
            if example.remarks:
                out += [INDENT + line for line in example.remarks.splitlines()]
            out += [INDENT, INDENT]
        return out + [""]

    def _parameter_lines(self) -> list[str]:
        out = [""]
        wanted = {n.lower() for n in self.selected_parameters}
        for p in self.parameters:
            if p.name.lower() in wanted:
                block = p.lines("", maml=self.has_help)
                out += block + [""]
        return out + [""]


def help_for(command: Any, *, view: HelpView = HelpView.DEFAULT,
             parameters: Sequence[str] = (), aliases: Sequence[str] = ()) -> HelpInfo:
    """The help of a CommandInfo (cmdlet, function, ...)."""
    meta: Optional[CommandMetadata] = getattr(command, "metadata", None)
    name = getattr(command, "name", str(command))
    if meta is None:
        return HelpInfo(name, "", (name,), "", (), (), tuple(aliases),
                        getattr(command, "command_type", "Cmdlet"),
                        getattr(command, "module_name", ""), False, view, tuple(parameters))
    has_help = bool(meta.synopsis)
    syntax = tuple(syntax_lines(meta, short_types=not has_help))
    params = tuple(ParameterHelp.from_spec(p, meta, maml=has_help) for p in meta.parameters
                   if not p.is_common or p.name in ("WhatIf", "Confirm"))
    return HelpInfo(name, meta.synopsis, syntax, meta.description, params, meta.examples,
                    tuple(aliases), getattr(command, "command_type", "Cmdlet"),
                    getattr(command, "module_name", ""), has_help, view, tuple(parameters))
