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

`ParameterType` is the PowerShell type of a parameter. It is made from a Python annotation
(`int`, `str`, `list[str]`, `Switch`, an enum or record class, `ScriptBlock`, `Any`), from a
type name as written in a script (`from_type_name("int[]")`) or from a `types.PSType`
(`from_ps_type`). The binder converts arguments to it.
"""

from __future__ import annotations

import enum
import functools
import re
import types as pytypes
import typing
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from attrs import field, frozen

__all__ = [
    "ALL_PARAMETER_SETS", "NO_DEFAULT", "Parameter", "Alias", "SupportsWildcards",
    "ArgumentCompleter", "Switch", "Validator", "ValidationFailure", "ValidateSet",
    "ValidateRange", "ValidatePattern", "ValidateNotNull", "ValidateNotNullOrEmpty",
    "ValidateCount", "ValidateLength", "ValidateScript", "TypeKind", "ParameterType",
    "ParameterSetSpec", "ParameterSpec", "ConfirmImpact", "CommandMetadata",
    "COMMON_PARAMETER_NAMES", "SHOULD_PROCESS_PARAMETER_NAMES", "pascal_case",
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


@frozen
class Switch:
    """`[switch]`: truthy like a bool; `Switch(False)` is the class default of a switch."""

    is_present: bool = False

    def __bool__(self) -> bool:
        return self.is_present

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Switch):
            return self.is_present == other.is_present
        if isinstance(other, bool):
            return self.is_present == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.is_present)

    def __str__(self) -> str:
        return "True" if self.is_present else "False"

    __ps_typenames__ = ("System.Management.Automation.SwitchParameter",)


# --------------------------------------------------------------------------- validation

class ValidationFailure(Exception):
    """Raised by a validator; the binder wraps `detail` into PowerShell's error record.

    `error_id` is the id suffix (`ParameterArgumentValidationError` plus e.g.
    `NullNotAllowed`) PowerShell uses for that failure.
    """

    def __init__(self, detail: str, error_id: str = "ParameterArgumentValidationError") -> None:
        super().__init__(detail)
        self.detail = detail
        self.error_id = error_id


def _display(value: Any) -> str:
    # The text PowerShell puts in validation messages: the value's ToString().
    from pyshell.runtime.conversion import to_string
    return to_string(value)


def _each(value: Any) -> list[Any]:
    # Validation attributes apply to every element of a collection argument.
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


class Validator:
    """Base of the Validate* attributes: `validate(value, session)` raises ValidationFailure."""

    # Whether the validator runs on the elements of an array argument.
    per_element = True

    def check(self, value: Any, session: Any) -> None:
        raise NotImplementedError

    def validate(self, value: Any, session: Any = None) -> None:
        if self.per_element:
            for item in _each(value):
                self.check(item, session)
        else:
            self.check(value, session)


@frozen(init=False)
class ValidateSet(Validator):
    values: tuple[str, ...]
    ignore_case: bool = True
    error_message: Optional[str] = None

    def __init__(self, *values: str, ignore_case: bool = True,
                 error_message: Optional[str] = None) -> None:
        self.__attrs_init__(tuple(values), ignore_case, error_message)

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        if self.ignore_case:
            ok = text.lower() in (v.lower() for v in self.values)
        else:
            ok = text in self.values
        if not ok:
            joined = ",".join(self.values)
            if self.error_message:
                raise ValidationFailure(self.error_message.format(text, joined))
            raise ValidationFailure(
                f'The argument "{text}" does not belong to the set "{joined}" specified by '
                "the ValidateSet attribute. Supply an argument that is in the set and then try "
                "the command again.")


@frozen
class ValidateRange(Validator):
    min_range: Any
    max_range: Any

    def check(self, value: Any, session: Any) -> None:
        if value is None:
            raise ValidationFailure("The argument is null. Provide a valid value for the "
                                    "argument, and then try running the command again.")
        try:
            low = value < self.min_range
            high = value > self.max_range
        except TypeError:
            low = high = False
        if low:
            raise ValidationFailure(
                f"The {_display(value)} argument is less than the minimum allowed range of "
                f"{_display(self.min_range)}. Supply an argument that is greater than or equal "
                f"to {_display(self.min_range)} and then try the command again.")
        if high:
            raise ValidationFailure(
                f"The {_display(value)} argument is greater than the maximum allowed range of "
                f"{_display(self.max_range)}. Supply an argument that is less than or equal "
                f"to {_display(self.max_range)} and then try the command again.")


@frozen
class ValidatePattern(Validator):
    pattern: str
    error_message: Optional[str] = None

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        # PowerShell's default RegexOptions.IgnoreCase.
        try:
            found = re.search(self.pattern, text, re.IGNORECASE)
        except re.error as exc:
            raise ValidationFailure(f'The pattern "{self.pattern}" is not valid: {exc}.') from exc
        if found is None:
            if self.error_message:
                raise ValidationFailure(self.error_message.format(text, self.pattern))
            raise ValidationFailure(
                f'The argument "{text}" does not match the "{self.pattern}" pattern. Supply an '
                f'argument that matches "{self.pattern}" and try the command again.')


@frozen
class ValidateNotNull(Validator):
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        if value is None or (isinstance(value, (list, tuple))
                             and any(v is None for v in value)):
            raise ValidationFailure("The argument is null. Provide a valid value for the "
                                    "argument, and then try running the command again.")


@frozen
class ValidateNotNullOrEmpty(Validator):
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        if isinstance(value, (list, tuple)):
            if not value or any(v is None or v == "" for v in value):
                raise ValidationFailure(
                    "The argument is null, empty, or an element of the argument collection "
                    "contains a null value. Supply a collection that does not contain any null "
                    "values and then try the command again.")
        elif value is None or value == "" or (isinstance(value, dict) and not value):
            raise ValidationFailure("The argument is null or empty. Provide an argument that is "
                                    "not null or empty, and then try the command again.")


@frozen
class ValidateCount(Validator):
    min_length: int
    max_length: int
    per_element = False

    def check(self, value: Any, session: Any) -> None:
        count = len(value) if isinstance(value, (list, tuple)) else (0 if value is None else 1)
        if count < self.min_length or count > self.max_length:
            raise ValidationFailure(
                f"The parameter requires at least {self.min_length} value(s) and no more than "
                f"{self.max_length} value(s) - {count} value(s) were provided.")


@frozen
class ValidateLength(Validator):
    min_length: int
    max_length: int

    def check(self, value: Any, session: Any) -> None:
        text = _display(value)
        if len(text) < self.min_length:
            raise ValidationFailure(
                f"The character length ({len(text)}) of the argument is too short. Specify an "
                f'argument with a length that is greater than or equal to "{self.min_length}", '
                "and then try the command again.")
        if len(text) > self.max_length:
            raise ValidationFailure(
                f"The character length of the {len(text)} argument is too long. Shorten the "
                f'character length of the argument so it is fewer than or equal to '
                f'"{self.max_length}" characters, and then try the command again.')


@frozen
class ValidateScript(Validator):
    """`[ValidateScript({...})]`: a ScriptBlock (run with `$_` = the value) or a Python
    callable (value -> bool)."""

    script: Any
    error_message: Optional[str] = None

    def check(self, value: Any, session: Any) -> None:
        script = self.script
        try:
            if hasattr(script, "invoke"):
                ok = _truthy(script.invoke(dollar_under=value))
                text = getattr(script, "text", None) or str(script)
            else:
                ok = bool(script(value))
                text = getattr(script, "__name__", "script")
        except Exception as exc:  # the script itself failed: that is the reason shown
            raise ValidationFailure(str(exc) or type(exc).__name__) from exc
        if not ok:
            if self.error_message:
                raise ValidationFailure(self.error_message.format(_display(value), text))
            raise ValidationFailure(
                f'The "{text}" validation script for the argument with value "{_display(value)}" '
                "did not return a result of True. Determine why the validation script failed, "
                "and then try the command again.")


def _truthy(result: Any) -> bool:
    try:
        from pyshell.runtime.conversion import to_bool
    except ImportError:  # the values layer not there yet
        to_bool = bool  # type: ignore[assignment]
    if isinstance(result, list):
        if len(result) == 1:
            return bool(to_bool(result[0]))
        return len(result) > 1
    return bool(to_bool(result))


# --------------------------------------------------------------------------- types

class TypeKind(enum.Enum):
    """How the binder converts an argument for a parameter."""

    OBJECT = "object"
    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    DECIMAL = "decimal"
    BOOL = "bool"
    SWITCH = "switch"
    ENUM = "enum"
    SCRIPTBLOCK = "scriptblock"
    HASHTABLE = "hashtable"
    ARRAY = "array"
    CLASS = "class"          # a record or other Python class: instances only
    PSTYPE = "pstype"        # a types.PSType: converted by conversion.convert_to


_INT_RANGES = {
    "System.Int32": (-2**31, 2**31 - 1), "System.Int64": (-2**63, 2**63 - 1),
    "System.Int16": (-2**15, 2**15 - 1), "System.Byte": (0, 255), "System.SByte": (-128, 127),
    "System.UInt16": (0, 2**16 - 1), "System.UInt32": (0, 2**32 - 1),
    "System.UInt64": (0, 2**64 - 1), "System.Numerics.BigInteger": (None, None),
}


@frozen
class ParameterType:
    """A parameter's PowerShell type: `full_name` (`System.Int32`) for messages, `name`
    (`Int32`, `String[]`) for syntax lines, `kind` for the binder."""

    kind: TypeKind
    full_name: str
    element: Optional[ParameterType] = None
    python: Any = field(default=None, eq=False)     # Python class (int subclass, enum, record)
    ps_type: Any = field(default=None, eq=False)    # types.PSType for PSTYPE

    @property
    def name(self) -> str:
        if self.kind is TypeKind.ARRAY and self.element is not None:
            return self.element.name + "[]"
        if self.kind is TypeKind.SWITCH:
            return "SwitchParameter"
        return self.full_name.rsplit(".", 1)[-1]

    @property
    def is_array(self) -> bool:
        return self.kind is TypeKind.ARRAY

    @property
    def is_switch(self) -> bool:
        return self.kind is TypeKind.SWITCH

    # ---- constructors

    @classmethod
    def object(cls) -> ParameterType:
        return _OBJECT

    @classmethod
    def array_of(cls, element: ParameterType) -> ParameterType:
        return cls(TypeKind.ARRAY, element.full_name + "[]", element)

    @classmethod
    def from_annotation(cls, annotation: Any) -> ParameterType:
        """The PowerShell type of a Python annotation (`int`, `list[str] | None`, ...)."""
        return _from_annotation(annotation)

    @classmethod
    def from_ps_type(cls, ps_type: Any) -> ParameterType:
        """Wrap a `types.PSType` (what the compiler resolves `[T]` to)."""
        full = getattr(ps_type, "full_name", None) or str(ps_type)
        known = _BY_TYPE_NAME.get(full.lower())
        if known is not None:
            return known
        if full.endswith("[]"):
            element = getattr(ps_type, "element_type", None)
            inner = (cls.from_ps_type(element) if element is not None
                     else cls.from_type_name(full[:-2]))
            return cls.array_of(inner)
        python = getattr(ps_type, "python_class", None) or getattr(ps_type, "python", None)
        if isinstance(python, type):
            if issubclass(python, enum.Enum):
                return cls(TypeKind.ENUM, full, python=python, ps_type=ps_type)
        return cls(TypeKind.PSTYPE, full, ps_type=ps_type, python=python)

    @classmethod
    def from_type_name(cls, name: str) -> ParameterType:
        """`int`, `string[]`, `System.Int64`, `switch`, `Microsoft.HyperV....VMState`."""
        text = name.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1].strip()
        if text.endswith("[]"):
            return cls.array_of(cls.from_type_name(text[:-2]))
        known = _BY_TYPE_NAME.get(text.lower())
        if known is not None:
            return known
        try:
            from pyshell.runtime.types import resolve_type
            ps_type = resolve_type(text)
        except Exception:  # the type table is not there yet, or the name is odd
            ps_type = None
        if ps_type is not None:
            return cls.from_ps_type(ps_type)
        return cls(TypeKind.OBJECT, text)


_OBJECT = ParameterType(TypeKind.OBJECT, "System.Object")
_STRING = ParameterType(TypeKind.STRING, "System.String")
_BOOL = ParameterType(TypeKind.BOOL, "System.Boolean")
_SWITCH = ParameterType(TypeKind.SWITCH, "System.Management.Automation.SwitchParameter")
_DOUBLE = ParameterType(TypeKind.FLOAT, "System.Double")
_INT32 = ParameterType(TypeKind.INTEGER, "System.Int32", python=int)
_SCRIPTBLOCK = ParameterType(TypeKind.SCRIPTBLOCK, "System.Management.Automation.ScriptBlock")
_HASHTABLE = ParameterType(TypeKind.HASHTABLE, "System.Collections.Hashtable")


def _int_type(full: str) -> ParameterType:
    from pyshell.runtime import values
    short = full.rsplit(".", 1)[-1]
    python = {"Int32": int, "Int64": values.Int64, "Int16": values.Int16, "Byte": values.Byte,
              "SByte": values.SByte, "UInt16": values.UInt16, "UInt32": values.UInt32,
              "UInt64": values.UInt64, "BigInteger": values.BigInteger}[short]
    return ParameterType(TypeKind.INTEGER, full, python=python)


def _build_name_table() -> dict[str, ParameterType]:
    table: dict[str, ParameterType] = {}

    def add(pt: ParameterType, *names: str) -> None:
        for n in names + (pt.full_name,):
            table[n.lower()] = pt

    add(_OBJECT, "object", "psobject", "System.Management.Automation.PSObject")
    add(_STRING, "string")
    add(_BOOL, "bool")
    add(_SWITCH, "switch")
    add(_DOUBLE, "double")
    add(ParameterType(TypeKind.FLOAT, "System.Single"), "single", "float")
    add(ParameterType(TypeKind.DECIMAL, "System.Decimal"), "decimal")
    add(_SCRIPTBLOCK, "scriptblock")
    add(_HASHTABLE, "hashtable")
    add(_int_type("System.Int32"), "int", "int32")
    add(_int_type("System.Int64"), "long", "int64")
    add(_int_type("System.Int16"), "short", "int16")
    add(_int_type("System.Byte"), "byte")
    add(_int_type("System.SByte"), "sbyte")
    add(_int_type("System.UInt16"), "ushort", "uint16")
    add(_int_type("System.UInt32"), "uint", "uint32")
    add(_int_type("System.UInt64"), "ulong", "uint64")
    add(_int_type("System.Numerics.BigInteger"), "bigint")
    add(ParameterType(TypeKind.ARRAY, "System.Object[]", _OBJECT), "array")
    return table


_BY_TYPE_NAME = _build_name_table()


def _from_annotation(annotation: Any) -> ParameterType:
    if annotation is Any or annotation is object or annotation is None:
        return _OBJECT
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, pytypes.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _from_annotation(members[0]) if len(members) == 1 else _OBJECT
    if origin in (list, tuple, Sequence, typing.Sequence) or annotation in (list, tuple):
        args = typing.get_args(annotation)
        element = _from_annotation(args[0]) if args else _OBJECT
        return ParameterType.array_of(element)
    if origin in (dict, Mapping) or annotation is dict:
        return _HASHTABLE
    if not isinstance(annotation, type):
        return _OBJECT
    if annotation is Switch:
        return _SWITCH
    if annotation is bool:
        return _BOOL
    if annotation is str:
        return _STRING
    if annotation is float:
        return _DOUBLE
    if issubclass(annotation, int) and not issubclass(annotation, enum.Enum):
        if annotation is int:
            return _BY_TYPE_NAME["int"]
        full = {"Int64": "System.Int64", "Int16": "System.Int16", "Byte": "System.Byte",
                "SByte": "System.SByte", "UInt16": "System.UInt16", "UInt32": "System.UInt32",
                "UInt64": "System.UInt64", "BigInteger": "System.Numerics.BigInteger"}.get(
                    annotation.__name__, "System.Int32")
        return _BY_TYPE_NAME[full.lower()]
    if issubclass(annotation, enum.Enum):
        names = getattr(annotation, "__ps_typenames__", None)
        full = names[0] if names else annotation.__name__
        return ParameterType(TypeKind.ENUM, full, python=annotation)
    if annotation.__name__ == "ScriptBlock":
        return _SCRIPTBLOCK
    if issubclass(annotation, dict):
        return _HASHTABLE
    import datetime
    import decimal
    import uuid
    simple = {datetime.datetime: "datetime", datetime.timedelta: "timespan",
              uuid.UUID: "guid", decimal.Decimal: "decimal"}
    if annotation in simple:
        pt = ParameterType.from_type_name(simple[annotation])
        if pt.kind is not TypeKind.OBJECT:
            return pt
        full = {"datetime": "System.DateTime", "timespan": "System.TimeSpan",
                "guid": "System.Guid", "decimal": "System.Decimal"}[simple[annotation]]
        return ParameterType(TypeKind.CLASS, full, python=annotation)
    names = getattr(annotation, "__ps_typenames__", None)
    full = names[0] if names else annotation.__name__
    return ParameterType(TypeKind.CLASS, full, python=annotation)


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
