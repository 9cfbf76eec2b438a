"""Parameter declarations and the command metadata compiled from them.

A cmdlet declares each parameter as a class annotation (style.md §4)::

    name: Annotated[list[str] | None, Parameter(position=0, parameter_set="Name",
                    from_pipeline_by_property_name=True), Alias("VMName")] = None

`CommandMetadata.for_cmdlet(cls, ...)` compiles the annotations once per class into a frozen
`CommandMetadata`; the binder, `Get-Help`, `Get-Command` and tab completion all read it.

Advanced functions build the same metadata from their `param()` block::

    spec = ParameterSpec.create("Path", ParameterType.from_type_name("string[]"),
                                Parameter(mandatory=True, position=0),
                                aliases=("PSPath",), validators=(ValidateNotNullOrEmpty(),))
    meta = CommandMetadata.for_function("Get-Foo", [spec], cmdlet_binding=True,
                                        supports_should_process=False,
                                        default_parameter_set=None)

Parameter types live in `parameter_types.py` and validators in `validation.py`; both are
re-exported here, the module cmdlets import them from.
"""

from __future__ import annotations

import builtins
import enum
import functools
import keyword
import re
import sys
import typing
from typing import Any, Callable, Iterable, Optional, Sequence

from attrs import field, frozen

from pyshell.runtime.parameter_types import (_BY_TYPE_NAME, _OBJECT, _SWITCH, _STRING,
                                             ParameterType, Switch, TypeKind, _from_annotation)
from pyshell.runtime.validation import (AllowEmptyCollection, AllowEmptyString, AllowNull,
                                        ValidateCount, ValidateLength, ValidateNotNull,
                                        ValidateNotNullOrEmpty, ValidatePattern, ValidateRange,
                                        ValidateScript, ValidateSet, ValidationFailure,
                                        Validator)

__all__ = [
    "ALL_PARAMETER_SETS", "NO_DEFAULT", "Parameter", "Alias", "SupportsWildcards",
    "ArgumentCompleter", "Switch", "Validator", "ValidationFailure", "ValidateSet",
    "ValidateRange", "ValidatePattern", "ValidateNotNull", "ValidateNotNullOrEmpty",
    "ValidateCount", "ValidateLength", "ValidateScript", "AllowNull", "AllowEmptyString",
    "AllowEmptyCollection", "TypeKind", "ParameterType",
    "ParameterSetSpec", "ParameterSpec", "ConfirmImpact", "CommandMetadata",
    "COMMON_PARAMETER_NAMES", "SHOULD_PROCESS_PARAMETER_NAMES", "pascal_case",
    "check_parameter_annotations",
]

ALL_PARAMETER_SETS = "__AllParameterSets"


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


def pascal_case(attr_name: str) -> str:
    """`memory_startup_bytes` -> `MemoryStartupBytes` (the shell name of a Python attribute)."""
    return "".join(part[:1].upper() + part[1:] for part in attr_name.strip("_").split("_"))


# --------------------------------------------------------------------------- declarations

@frozen
class Parameter:
    """`[Parameter(...)]`: one parameter-set membership of a parameter."""

    mandatory: bool = False
    position: Optional[int] = None
    parameter_set: str = ALL_PARAMETER_SETS
    from_pipeline: bool = False
    from_pipeline_by_property_name: bool = False
    from_remaining_arguments: bool = False
    help_message: str = ""
    dont_show: bool = False
    # The shell name when PascalCase of the attribute is wrong (`CPUCount`).
    name: Optional[str] = None


@frozen(init=False)
class Alias:
    """`[Alias("VMName", ...)]`."""

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        self.__attrs_init__(tuple(names))


@frozen
class SupportsWildcards:
    """`[SupportsWildcards()]`: documented in help; the cmdlet does the matching."""


@frozen
class ArgumentCompleter:
    """`[ArgumentCompleter(fn)]`: fn(session, word) -> iterable of completion texts."""

    completer: Callable[..., Iterable[str]]


# --------------------------------------------------------------------------- specs

@frozen
class ParameterSetSpec:
    """A parameter's attributes within one parameter set."""

    set_name: str
    mandatory: bool = False
    position: Optional[int] = None
    from_pipeline: bool = False
    from_pipeline_by_property_name: bool = False
    from_remaining_arguments: bool = False
    help_message: str = ""

    @classmethod
    def from_parameter(cls, p: Parameter) -> ParameterSetSpec:
        return cls(p.parameter_set, p.mandatory, p.position, p.from_pipeline,
                   p.from_pipeline_by_property_name, p.from_remaining_arguments, p.help_message)


@frozen
class ParameterSpec:
    """One parameter of a command, as the binder and help see it."""

    name: str
    type: ParameterType
    sets: tuple[ParameterSetSpec, ...]
    attr_name: Optional[str] = None
    aliases: tuple[str, ...] = ()
    validators: tuple[Validator, ...] = ()
    completer: Optional[ArgumentCompleter] = None
    supports_wildcards: bool = False
    dont_show: bool = False
    is_common: bool = False
    # The class-level default of a cmdlet attribute (NO_DEFAULT: none declared).
    default: Any = field(default=NO_DEFAULT, eq=False)
    # Declared on a script function without a [Parameter()] attribute; position from order.
    description: str = ""

    @classmethod
    def create(cls, name: str, type: Optional[ParameterType] = None,
               *parameters: Parameter, attr_name: Optional[str] = None,
               aliases: Sequence[str] = (), validators: Sequence[Validator] = (),
               completer: Optional[ArgumentCompleter] = None, supports_wildcards: bool = False,
               default: Any = NO_DEFAULT, description: str = "") -> ParameterSpec:
        """A spec from one or more `Parameter` entries (none: one entry in every set)."""
        entries = parameters or (Parameter(),)
        return cls(name=name, type=type or _OBJECT,
                   sets=tuple(ParameterSetSpec.from_parameter(p) for p in entries),
                   attr_name=attr_name, aliases=tuple(aliases), validators=tuple(validators),
                   completer=completer, supports_wildcards=supports_wildcards,
                   dont_show=any(p.dont_show for p in entries), default=default,
                   description=description)

    @property
    def is_switch(self) -> bool:
        return self.type.kind is TypeKind.SWITCH

    @property
    def in_all_sets(self) -> bool:
        return any(s.set_name == ALL_PARAMETER_SETS for s in self.sets)

    def set_names(self) -> frozenset[str]:
        return frozenset(s.set_name for s in self.sets)

    def for_set(self, set_name: str) -> Optional[ParameterSetSpec]:
        """This parameter's attributes in a set (its all-sets entry when not named there)."""
        fallback = None
        for s in self.sets:
            if s.set_name == set_name:
                return s
            if s.set_name == ALL_PARAMETER_SETS:
                fallback = s
        return fallback

    @property
    def takes_pipeline_input(self) -> bool:
        return any(s.from_pipeline or s.from_pipeline_by_property_name for s in self.sets)

    @property
    def help_message(self) -> str:
        return next((s.help_message for s in self.sets if s.help_message), "")


class ConfirmImpact(enum.Enum):
    NONE = "None"
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"

    @property
    def rank(self) -> int:
        return ["None", "Low", "Medium", "High"].index(self.value)

    @classmethod
    def parse(cls, value: Any) -> ConfirmImpact:
        if isinstance(value, ConfirmImpact):
            return value
        text = str(getattr(value, "name", value)).lower()
        for member in cls:
            if member.value.lower() == text:
                return member
        return cls.MEDIUM


def _common(name: str, type_: ParameterType, *aliases: str) -> ParameterSpec:
    return ParameterSpec(name=name, type=type_, sets=(ParameterSetSpec(ALL_PARAMETER_SETS),),
                         aliases=aliases, is_common=True)


def _action_preference() -> ParameterType:
    from pyshell.runtime.streams import ActionPreference
    return ParameterType(TypeKind.ENUM, "System.Management.Automation.ActionPreference",
                         python=ActionPreference)


COMMON_PARAMETERS: tuple[ParameterSpec, ...] = (
    _common("Verbose", _SWITCH, "vb"),
    _common("Debug", _SWITCH, "db"),
    _common("ErrorAction", _action_preference(), "ea"),
    _common("WarningAction", _action_preference(), "wa"),
    _common("InformationAction", _action_preference(), "infa"),
    _common("ProgressAction", _action_preference(), "proga"),
    _common("ErrorVariable", _STRING, "ev"),
    _common("WarningVariable", _STRING, "wv"),
    _common("InformationVariable", _STRING, "iv"),
    _common("OutVariable", _STRING, "ov"),
    _common("OutBuffer", _BY_TYPE_NAME["int"], "ob"),
    _common("PipelineVariable", _STRING, "pv"),
)
SHOULD_PROCESS_PARAMETERS: tuple[ParameterSpec, ...] = (
    _common("WhatIf", _SWITCH, "wi"),
    _common("Confirm", _SWITCH, "cf"),
)
COMMON_PARAMETER_NAMES = tuple(p.name for p in COMMON_PARAMETERS)
SHOULD_PROCESS_PARAMETER_NAMES = tuple(p.name for p in SHOULD_PROCESS_PARAMETERS)


@frozen
class CommandMetadata:
    """Everything the binder, help and completion know about a command (frozen, cached)."""

    name: str
    parameters: tuple[ParameterSpec, ...]
    verb: str = ""
    noun: str = ""
    default_parameter_set: Optional[str] = None
    supports_should_process: bool = False
    confirm_impact: ConfirmImpact = ConfirmImpact.MEDIUM
    output_types: tuple[Any, ...] = ()
    synopsis: str = ""
    description: str = ""
    examples: tuple[Any, ...] = ()
    dotnet_class: str = ""
    positional_binding: bool = True
    # Cmdlets and [CmdletBinding()] functions: unknown parameters are errors, common
    # parameters exist. Simple functions pass unknown ones through $args.
    is_advanced: bool = True
    _index: dict[str, ParameterSpec] = field(factory=dict, eq=False, repr=False, hash=False,
                                             init=False)
    _sets: list[str] = field(factory=list, eq=False, repr=False, hash=False, init=False)
    _mandatory: dict[str, tuple[tuple[str, bool], ...]] = field(
        factory=dict, eq=False, repr=False, hash=False, init=False)

    def __attrs_post_init__(self) -> None:
        for p in self.parameters:
            self._index.setdefault(p.name.lower(), p)
        for p in self.parameters:
            for a in p.aliases:
                self._index.setdefault(a.lower(), p)
        if self.default_parameter_set:
            self._sets.append(self.default_parameter_set)
        for p in self.parameters:
            for s in p.sets:
                if s.set_name != ALL_PARAMETER_SETS and s.set_name not in self._sets:
                    self._sets.append(s.set_name)

    # ---- lookup

    @property
    def error_suffix(self) -> str:
        """What FullyQualifiedErrorId appends: the .NET class, or a function's name."""
        return self.dotnet_class or self.name

    def get(self, name: str) -> Optional[ParameterSpec]:
        """A parameter by exact name or alias, case-insensitively."""
        return self._index.get(name.lower())

    def matches(self, prefix: str) -> list[ParameterSpec]:
        """Parameters whose name or alias starts with prefix (exact match wins alone)."""
        exact = self._index.get(prefix.lower())
        if exact is not None:
            return [exact]
        low = prefix.lower()
        found: list[ParameterSpec] = []
        for key, p in self._index.items():
            if key.startswith(low) and p not in found:
                found.append(p)
        return found

    def mandatory_in(self, set_name: str) -> tuple[tuple[str, bool], ...]:
        """(name, takes pipeline input) of the parameters mandatory in a set (cached)."""
        found = self._mandatory.get(set_name)
        if found is None:
            entries = []
            for p in self.parameters:
                s = p.for_set(set_name)
                if s is not None and s.mandatory:
                    entries.append((p.name, s.from_pipeline or s.from_pipeline_by_property_name))
            found = self._mandatory[set_name] = tuple(entries)
        return found

    @property
    def parameter_sets(self) -> tuple[str, ...]:
        """The named parameter sets, in declaration order (default set first)."""
        return tuple(self._sets)

    @property
    def declared_parameters(self) -> tuple[ParameterSpec, ...]:
        return tuple(p for p in self.parameters if not p.is_common)

    @property
    def takes_pipeline_input(self) -> bool:
        return any(p.takes_pipeline_input for p in self.parameters)

    # ---- constructors

    @classmethod
    def for_function(cls, name: str, params: Sequence[ParameterSpec], *,
                     cmdlet_binding: bool = False, supports_should_process: bool = False,
                     default_parameter_set: Optional[str] = None,
                     confirm_impact: Any = ConfirmImpact.MEDIUM,
                     positional_binding: bool = True, synopsis: str = "",
                     description: str = "", examples: Sequence[Any] = (),
                     output_types: Sequence[Any] = ()) -> CommandMetadata:
        """The metadata of a function or script block from its `param()` block.

        A function is advanced when it has `[CmdletBinding()]` or any parameter carries a
        `[Parameter()]` attribute: pass `cmdlet_binding=True` then. Parameters without an
        explicit position get positions in declaration order (simple functions, and
        advanced ones unless `PositionalBinding=$false`).
        """
        specs = list(params)
        if positional_binding and not any(s.position is not None for p in specs
                                           for s in p.sets):
            specs = _number_positions(specs)
        if cmdlet_binding:
            specs.extend(p for p in COMMON_PARAMETERS if not _has(specs, p.name))
            if supports_should_process:
                specs.extend(p for p in SHOULD_PROCESS_PARAMETERS if not _has(specs, p.name))
        return cls(name=name, parameters=tuple(specs), verb=_verb(name), noun=_noun(name),
                   default_parameter_set=default_parameter_set,
                   supports_should_process=supports_should_process,
                   confirm_impact=ConfirmImpact.parse(confirm_impact),
                   output_types=tuple(output_types), synopsis=synopsis,
                   description=description, examples=tuple(examples), dotnet_class="",
                   positional_binding=positional_binding, is_advanced=cmdlet_binding)

    @classmethod
    def for_cmdlet(cls, klass: type, verb: str, noun: str, *,
                   default_parameter_set: Optional[str] = None,
                   supports_should_process: bool = False,
                   confirm_impact: Any = ConfirmImpact.MEDIUM,
                   output_types: Sequence[Any] = (), dotnet_class: Optional[str] = None,
                   examples: Sequence[Any] = ()) -> CommandMetadata:
        """Compile a Cmdlet class's annotations (see the module docstring)."""
        specs = list(_cmdlet_parameters(klass))
        specs.extend(p for p in COMMON_PARAMETERS if not _has(specs, p.name))
        if supports_should_process:
            specs.extend(p for p in SHOULD_PROCESS_PARAMETERS if not _has(specs, p.name))
        doc = (klass.__doc__ or "").strip()
        synopsis, _, description = doc.partition("\n")
        return cls(name=f"{verb}-{noun}", parameters=tuple(specs), verb=verb, noun=noun,
                   default_parameter_set=default_parameter_set,
                   supports_should_process=supports_should_process,
                   confirm_impact=ConfirmImpact.parse(confirm_impact),
                   output_types=tuple(output_types), synopsis=synopsis.strip(),
                   description=_dedent(description),
                   examples=tuple(examples),
                   dotnet_class=dotnet_class or
                   f"Microsoft.PowerShell.Commands.{verb}{noun.replace('-', '')}Command",
                   positional_binding=True, is_advanced=True)


def _dedent(text: str) -> str:
    import textwrap
    return textwrap.dedent(text).strip()


def _has(specs: Sequence[ParameterSpec], name: str) -> bool:
    return any(p.name.lower() == name.lower() for p in specs)


def _verb(name: str) -> str:
    return name.split("-", 1)[0] if "-" in name else ""


def _noun(name: str) -> str:
    return name.split("-", 1)[1] if "-" in name else ""


def _number_positions(specs: list[ParameterSpec]) -> list[ParameterSpec]:
    # PowerShell numbers the positions of a param block in order, skipping switches and
    # remaining-arguments parameters.
    from attrs import evolve
    out: list[ParameterSpec] = []
    position = 0
    for p in specs:
        if p.is_switch or any(s.from_remaining_arguments for s in p.sets):
            out.append(p)
            continue
        out.append(evolve(p, sets=tuple(evolve(s, position=position) for s in p.sets)))
        position += 1
    return out


@functools.lru_cache(maxsize=None)
def _cmdlet_parameters(klass: type) -> tuple[ParameterSpec, ...]:
    hints = _annotations(klass)
    specs: list[ParameterSpec] = []
    for attr, annotation in hints.items():
        if typing.get_origin(annotation) is not typing.Annotated:
            continue
        base, *extras = typing.get_args(annotation)
        entries = [e for e in extras if isinstance(e, Parameter)]
        if not entries:
            continue
        aliases: list[str] = []
        for e in extras:
            if isinstance(e, Alias):
                aliases.extend(e.names)
        name = next((e.name for e in entries if e.name), None) or pascal_case(attr)
        default = getattr(klass, attr, NO_DEFAULT)
        if isinstance(default, (property, classmethod, staticmethod)):
            default = NO_DEFAULT
        specs.append(ParameterSpec.create(
            name, _from_annotation(base), *entries, attr_name=attr, aliases=aliases,
            validators=[e for e in extras if isinstance(e, Validator)],
            completer=next((e for e in extras if isinstance(e, ArgumentCompleter)), None),
            supports_wildcards=any(isinstance(e, SupportsWildcards) for e in extras),
            default=default))
    return tuple(specs)


_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')
_CONSTANTS = frozenset({"None", "True", "False"})
# A name the annotation reads: not an attribute (`.x`), not a keyword argument (`x=`).
_NAME_READ = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\b(?!\s*=(?!=))")


def check_parameter_annotations(klass: type) -> None:
    """Raise the TypeError compiling would for a parameter annotation naming something
    undefined, without compiling the metadata (which @cmdlet leaves to first use).

    Names are checked textually; an annotation the check cannot vouch for (a lambda, a
    comprehension, an unknown name) is evaluated as compiling would, so the error and its
    message are the same."""
    for base in klass.__mro__:
        if not _names_resolve(base):
            _annotations(klass)  # raises for the broken annotation
            return


def _names_resolve(base: type) -> bool:
    """Whether every name read by the parameter annotations `base` itself declares exists."""
    own = base.__dict__.get("__annotations__", {})
    module = sys.modules.get(base.__module__)
    namespace = vars(module) if module is not None else {}
    local = base.__dict__
    for raw in own.values():
        if not isinstance(raw, str) or "Parameter(" not in raw:
            continue
        for name in _NAME_READ.findall(_STRING_LITERAL.sub("''", raw)):
            if name in _CONSTANTS:
                continue
            if keyword.iskeyword(name) or not (name in namespace or name in local
                                               or name == "Annotated" or hasattr(builtins, name)):
                return False
    return True


def _annotations(klass: type) -> dict[str, Any]:
    # Base classes first, so a subclass can add parameters to a shared base.
    merged: dict[str, Any] = {}
    for base in reversed(klass.__mro__):
        if "__annotations__" not in base.__dict__:
            continue
        module = __import__(base.__module__, fromlist=["_"]) if base.__module__ else None
        namespace = dict(vars(module)) if module else {}
        namespace.setdefault("Annotated", typing.Annotated)
        for attr, raw in base.__dict__["__annotations__"].items():
            if isinstance(raw, str):
                try:
                    raw = eval(raw, namespace, dict(vars(base)))  # noqa: S307 - our own source
                except Exception as exc:
                    if "Parameter(" in raw:
                        # A parameter that silently vanished would be far harder to find.
                        raise TypeError(f"{base.__qualname__}.{attr}: cannot evaluate the "
                                        f"annotation {raw!r}: {exc}") from exc
                    continue
            merged[attr] = raw
    return merged
