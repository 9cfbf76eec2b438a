"""PowerShell type literals: `[int]`, `[System.Int32]`, `[string[]]`, `[List[int]]`, module types.

`resolve_type(name)` gives a `PSType`: its .NET full name, how to test a value (`-is`), how to
convert one (casts, `-as`, typed variables and parameters) and its static members
(`[int]::MaxValue`, `[math]::Round(2.5)`). Type accelerators and full names resolve to the
same object; names are case-insensitive; `System.` may be left out, as in PowerShell.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
import uuid
from decimal import Decimal
from typing import Any, Callable, Iterable, Optional, cast

from attrs import field, frozen

from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, MethodInvocationException, PSException, RuntimeException,
    exception_types,
)
from pyshell.runtime.values import (
    AUTOMATION_NULL, Char, GenericDictionary, GenericHashSet, GenericList, Hashtable,
    NumericKind, OrderedDictionary, TypedArray, Version, numeric_kind,
)

__all__ = [
    "PSType", "resolve_type", "register_type", "register_type_loader", "type_of", "array_type",
    "all_types", "static_member_error", "call_method", "method_exception", "dotnet_exception",
    "OBJECT",
]


def _always(value: Any) -> bool:
    return value is not None and value is not AUTOMATION_NULL


def _identity(value: Any) -> Any:
    return None if value is AUTOMATION_NULL else value


@frozen(eq=False)
class PSType:
    """A .NET type as scripts see it (`[int]` is `PSType("System.Int32")`)."""

    dotnet_name = "System.RuntimeType"  # what `[int].GetType()` reports

    full_name: str
    check: Callable[[Any], bool] = field(default=_always, repr=False)
    converter: Callable[[Any], Any] = field(default=_identity, repr=False)
    element_type: Optional[PSType] = None
    type_arguments: tuple[PSType, ...] = ()
    python_class: Optional[type] = None
    # .NET base classes, most derived first (for PSTypeNames and Get-Member headers)
    bases: tuple[str, ...] = ("System.Object",)

    @property
    def name(self) -> str:
        """The short name (`Int32`, `Object[]`, ``List`1``)."""
        base = self.full_name.split("[", 1)[0]
        short = base.rsplit(".", 1)[-1]
        if self.element_type is not None:
            return f"{self.element_type.name}[]"
        return short  # generic names already carry their arity (List`1)

    @property
    def is_enum(self) -> bool:
        return isinstance(self.python_class, type) and issubclass(self.python_class, enum.Enum)

    @property
    def is_array(self) -> bool:
        return self.element_type is not None or self.full_name == "System.Array"

    def is_instance(self, value: Any) -> bool:
        if value is None or value is AUTOMATION_NULL:
            return False
        return self.check(value)

    def convert(self, value: Any, context: Any = None) -> Any:
        return cv.convert_to(value, self, context)

    # -- static members -----------------------------------------------------------------

    def _statics(self) -> Any:
        from pyshell.runtime import dotnet

        dotnet.load()
        table = dotnet.static_table_for(self.full_name)
        if self.is_enum:
            from pyshell.runtime.dotnet.statics_time import enum_static_table

            table = enum_static_table(self) if table is None else table
        return table

    def has_static(self, name: str) -> bool:
        table = self._statics()
        return table is not None and (table.property(name) is not None
                                      or table.method(name) is not None)

    def get_static(self, name: str, context: Any = None) -> Any:
        """`[T]::Name`: a static property's value (a missing one is `$null`, as in PowerShell
        outside strict mode); naming a method gives its PSMethod-like description."""
        table = self._statics()
        if table is not None:
            member = table.property(name)
            if member is not None:
                return member.getter(context)
            found = table.method(name)
            if found is not None:
                return found
        return None

    def set_static(self, name: str, value: Any) -> None:
        table = self._statics()
        member = table.property(name) if table is not None else None
        if member is None or member.setter is None:
            raise _property_error(name, self.full_name)
        member.setter(None, value)

    def invoke_static(self, name: str, args: tuple[Any, ...] | list[Any] = (), context: Any = None) -> Any:
        """`[T]::Method(args)`, wrapping .NET-style failures as PowerShell does."""
        if name.lower() == "new":
            return self.construct(list(args))
        table = self._statics()
        found = table.method(name) if table is not None else None
        if found is None:
            raise static_member_error(self.full_name, name)
        return call_method(found, None, list(args), context, static=True)

    def construct(self, args: list[Any]) -> Any:
        """`[T]::new(args)` (also what `New-Object T args` needs)."""
        from pyshell.runtime.dotnet.statics import construct

        self._statics()
        try:
            return construct(self, list(args))
        except RuntimeException:
            raise
        except PSException as inner:
            raise method_exception(inner, "new", len(args)) from None
        except cv.ConversionFailure as failure:
            raise cv.conversion_error(args[0] if args else None, self.full_name,
                                      failure.reason) from None
        except (TypeError, ValueError) as exc:
            text = f'Cannot find an overload for "new" and the argument count: "{len(args)}".'
            error = MethodInvocationException(text)
            error.error_record = ErrorRecord(error, "MethodCountCouldNotFindBest",
                                             ErrorCategory.NotSpecified)
            raise error from exc

    def static_members(self) -> list[Any]:
        table = self._statics()
        if table is None:
            return []
        return list(table.properties.values()) + list(table.methods.values())

    # -- enums --------------------------------------------------------------------------

    def enum_names(self) -> list[str]:
        if not self.is_enum:
            raise _argument_error("Type provided must be an Enum.")
        return [member.name for member in self.python_class]  # type: ignore[union-attr]

    def enum_values(self) -> list[Any]:
        if not self.is_enum:
            raise _argument_error("Type provided must be an Enum.")
        return list(cast("type[enum.Enum]", self.python_class))

    def __str__(self) -> str:
        return self.full_name

    def __repr__(self) -> str:
        return f"PSType({self.full_name!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PSType) and other.full_name.lower() == self.full_name.lower()

    def __hash__(self) -> int:
        return hash(self.full_name.lower())


def _argument_error(text: str) -> RuntimeException:
    from pyshell.runtime.errors import ArgumentException

    inner = ArgumentException(text)
    return method_exception(inner)


def method_exception(inner: PSException, name: str = "", count: int = 0) -> RuntimeException:
    """MethodInvocationException: `Exception calling "Name" with "N" argument(s): "..."`."""
    text = inner.message
    if name:
        text = f'Exception calling "{name}" with "{count}" argument(s): "{inner.message}"'
    exc = MethodInvocationException(text, inner=inner)
    exc.error_record = ErrorRecord(exc, type(inner).dotnet_name.rsplit(".", 1)[-1],
                                   ErrorCategory.NotSpecified)
    return exc


def static_member_error(type_name: str, name: str) -> RuntimeException:
    text = f"Method invocation failed because [{type_name}] does not contain a method named '{name}'."
    exc = RuntimeException(text)
    exc.error_record = ErrorRecord(exc, "MethodNotFound", ErrorCategory.InvalidOperation)
    return exc


def _property_error(name: str, type_name: str) -> RuntimeException:
    text = f"'{name}' is a ReadOnly property."
    exc = RuntimeException(text)
    exc.error_record = ErrorRecord(exc, "PropertyAssignmentException",
                                   ErrorCategory.NotSpecified)
    return exc


def call_method(found: Any, target: Any, args: list[Any], context: Any, *,
                static: bool = False) -> Any:
    """Call a table `Method` with PowerShell's overload and exception rules."""
    if not found.accepts(len(args)):
        text = f'Cannot find an overload for "{found.name}" and the argument count: "{len(args)}".'
        exc = MethodInvocationException(text)
        exc.error_record = ErrorRecord(exc, "MethodCountCouldNotFindBest",
                                       ErrorCategory.NotSpecified)
        raise exc
    call_args = list(args) if static else [target, *args]
    if found.with_context:
        call_args.insert(0, context)
    try:
        result = found.function(*call_args)
    except RuntimeException:
        raise
    except PSException as inner:
        raise method_exception(inner, found.name, len(args)) from None
    except cv.ConversionFailure as failure:
        raise cv.conversion_error(args[0] if args else None, "System.Object",
                                  failure.reason) from None
    except (ArithmeticError, ValueError, TypeError, LookupError, MemoryError,
            AttributeError) as error:
        # Whatever else fails inside an emulated .NET method reaches the script as the
        # .NET exception it stands for, wrapped in MethodInvocationException as always.
        raise method_exception(dotnet_exception(error), found.name, len(args)) from None
    return AUTOMATION_NULL if result is None and found.is_void else result


def dotnet_exception(error: BaseException) -> PSException:
    """The .NET exception a Python failure inside an emulated method stands for."""
    from pyshell.runtime.dotnet_format import FormatStringError
    from pyshell.runtime.errors import (
        ArgumentException, ArgumentOutOfRangeException, FormatException, OverflowException,
    )

    if isinstance(error, FormatStringError):
        return FormatException(str(error))
    if isinstance(error, (OverflowError, ArithmeticError)):
        return OverflowException("Arithmetic operation resulted in an overflow.")
    if isinstance(error, LookupError):
        return ArgumentOutOfRangeException("Specified argument was out of the range of valid "
                                           "values.")
    if isinstance(error, MemoryError):
        return OverflowException("Array dimensions exceeded supported range.")
    return ArgumentException("Value does not fall within the expected range.")


# --------------------------------------------------------------------------- the type table

_TYPES: dict[str, PSType] = {}
_ACCELERATORS: dict[str, str] = {}


def _register(ps_type: PSType, *accelerators: str) -> PSType:
    _TYPES[ps_type.full_name.lower()] = ps_type
    for alias in accelerators:
        _ACCELERATORS[alias.lower()] = ps_type.full_name.lower()
    return ps_type


def _numeric(kind: NumericKind, *accelerators: str) -> PSType:
    def check(value: Any) -> bool:
        return numeric_kind(value) is kind

    if kind.is_integer:
        def convert(value: Any) -> Any:
            return cv.to_integer_kind(value, kind)
    elif kind is NumericKind.Double:
        convert = cv.to_double
    elif kind is NumericKind.Single:
        convert = cv.to_single
    else:
        convert = cv.to_decimal
    return _register(PSType(kind.full_name, check, convert,
                            bases=("System.ValueType", "System.Object")), *accelerators)


def _convert_string(value: Any) -> Any:
    if value is None or value is AUTOMATION_NULL:
        return ""
    return cv.to_string(value)


def _convert_bool(value: Any) -> bool:
    return cv.to_bool(value)


def _convert_void(value: Any) -> Any:
    return AUTOMATION_NULL


def _convert_type(value: Any) -> PSType:
    if isinstance(value, PSType):
        return value
    if isinstance(value, str):
        found = resolve_type(value)
        if found is not None:
            return found
        raise cv.ConversionFailure(f'Unable to find type [{value}].')
    raise cv.ConversionFailure(None)


def _convert_scriptblock(value: Any) -> Any:
    if type(value).__name__ == "ScriptBlock":
        return value
    raise cv.ConversionFailure(None)


def _convert_regex(value: Any) -> Any:
    from pyshell.runtime.regex import Regex

    if isinstance(value, Regex):
        return value
    return Regex(cv.to_string(value))


def _is_psobject(value: Any) -> bool:
    from pyshell.runtime.members import PSObject

    return isinstance(value, PSObject)


def _is_custom_object(value: Any) -> bool:
    from pyshell.runtime.members import PSObject

    return isinstance(value, PSObject) and value.base is None


def _is_scriptblock(value: Any) -> bool:
    return type(value).__name__ == "ScriptBlock"


def _is_regex(value: Any) -> bool:
    from pyshell.runtime.regex import Regex

    return isinstance(value, Regex)


def _is_enumerable(value: Any) -> bool:
    from pyshell.runtime.values import is_collection

    return isinstance(value, (str, dict)) or is_collection(value)


def _build_builtin_types() -> None:
    _register(PSType("System.Object"), "object")
    _numeric(NumericKind.Int32, "int", "int32")
    _numeric(NumericKind.Int64, "long", "int64")
    _numeric(NumericKind.Int16, "short", "int16")
    _numeric(NumericKind.Byte, "byte")
    _numeric(NumericKind.SByte, "sbyte")
    _numeric(NumericKind.UInt16, "ushort", "uint16")
    _numeric(NumericKind.UInt32, "uint", "uint32")
    _numeric(NumericKind.UInt64, "ulong", "uint64")
    _numeric(NumericKind.BigInteger, "bigint")
    _numeric(NumericKind.Double, "double")
    _numeric(NumericKind.Single, "single", "float")
    _numeric(NumericKind.Decimal, "decimal")
    value_type = ("System.ValueType", "System.Object")
    _register(PSType("System.String", lambda v: isinstance(v, str) and not isinstance(v, Char),
                     _convert_string), "string")
    _register(PSType("System.Char", lambda v: isinstance(v, Char), cv.to_char, bases=value_type),
              "char")
    _register(PSType("System.Boolean", lambda v: isinstance(v, bool), _convert_bool,
                     bases=value_type), "bool")
    _register(PSType("System.Management.Automation.SwitchParameter",
                     lambda v: type(v).__name__ in ("Switch", "SwitchParameter"),
                     _convert_bool, bases=value_type), "switch")
    _register(PSType("System.Void", lambda v: False, _convert_void), "void")
    _register(PSType("System.Array", lambda v: isinstance(v, (list, tuple)) and not isinstance(
        v, (GenericList, GenericHashSet)), cv.to_object_array), "array")
    _register(PSType("System.Object[]", lambda v: type(v) in (list, tuple), cv.to_object_array,
                     element_type=_TYPES["system.object"], bases=("System.Array", "System.Object")))
    _register(PSType("System.Collections.Hashtable",
                     lambda v: isinstance(v, Hashtable) and type(v) is Hashtable, cv.to_hashtable),
              "hashtable")
    _register(PSType("System.Collections.Specialized.OrderedDictionary",
                     lambda v: isinstance(v, OrderedDictionary), cv.to_ordered), "ordered")
    _register(PSType("System.Collections.IDictionary", lambda v: isinstance(v, dict),
                     cv.to_hashtable))
    _register(PSType("System.Collections.IEnumerable", _is_enumerable))
    _register(PSType("System.Collections.ICollection",
                     lambda v: isinstance(v, (list, tuple, dict))))
    _register(PSType("System.Collections.IList", lambda v: isinstance(v, (list, tuple))))
    _register(PSType("System.Management.Automation.PSObject", _is_psobject, _identity),
              "psobject")
    _register(PSType("System.Management.Automation.PSCustomObject", _is_custom_object,
                     cv.to_pscustomobject), "pscustomobject")
    _register(PSType("System.DateTime", lambda v: isinstance(v, _dt.datetime), cv.to_datetime,
                     bases=value_type), "datetime")
    _register(PSType("System.TimeSpan", lambda v: isinstance(v, _dt.timedelta), cv.to_timespan,
                     bases=value_type), "timespan")
    _register(PSType("System.Guid", lambda v: isinstance(v, uuid.UUID), cv.to_guid,
                     bases=value_type), "guid")
    _register(PSType("System.Version", lambda v: isinstance(v, Version), cv.to_version),
              "version")
    _register(PSType("System.Text.RegularExpressions.Regex", _is_regex, _convert_regex),
              "regex")
    _register(PSType("System.Management.Automation.ScriptBlock", _is_scriptblock,
                     _convert_scriptblock), "scriptblock")
    _register(PSType("System.Type", lambda v: isinstance(v, PSType), _convert_type), "type")
    _register(PSType("System.Enum", lambda v: isinstance(v, enum.Enum),
                     bases=("System.ValueType", "System.Object")), "enum")
    _register(PSType("System.ValueType", lambda v: isinstance(
        v, (int, float, Decimal, Char, _dt.datetime, _dt.timedelta, uuid.UUID, enum.Enum))))
    _register(PSType("System.Management.Automation.ErrorRecord",
                     lambda v: isinstance(v, ErrorRecord)), "ErrorRecord")
    _register(PSType("System.Text.StringBuilder",
                     lambda v: type(v).__name__ == "StringBuilder"))
    _register(PSType("System.Collections.ArrayList",
                     lambda v: isinstance(v, GenericList) and v.element_type is None,
                     lambda v: GenericList([] if v is None else list(v) if isinstance(
                         v, (list, tuple)) else [v]), bases=("System.Object",)))
    # Static-only classes: they have members but no instances here.
    for full_name, *aliases in (
        ("System.Math", "math"), ("System.Convert",), ("System.Text.Encoding",),
        ("System.IO.Path",), ("System.Environment",), ("System.Console",),
        ("System.BitConverter",), ("System.Management.Automation.LanguagePrimitives",),
        ("System.StringComparison",), ("System.Globalization.CultureInfo", "cultureinfo"),
    ):
        _register(PSType(full_name, lambda v: False), *aliases)
    _register_runtime_enums()
    for exc_class in exception_types():
        name = exc_class.__dict__.get("dotnet_name")
        if name and name.lower() not in _TYPES:
            _register(PSType(name, _instance_check(exc_class), python_class=exc_class))


def _register_runtime_enums() -> None:
    import importlib

    from pyshell.runtime.dotnet.enums import RUNTIME_ENUMS

    for module_name, class_name, full_name in RUNTIME_ENUMS:
        register_type(getattr(importlib.import_module(module_name), class_name),
                      full_name=full_name)


def _instance_check(klass: type) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, klass)
    return check


# --------------------------------------------------------------------------- module types

def _record_converter(klass: type, full_name: str) -> Callable[[Any], Any]:
    """Conversion to a module or script type: its own instances pass; a class may accept
    more through `__ps_convert__(value)` (script classes take a hashtable of properties)."""
    custom = getattr(klass, "__ps_convert__", None)

    def convert(value: Any) -> Any:
        if value is None or value is AUTOMATION_NULL:
            return None
        if isinstance(value, klass):
            return value
        if custom is not None:
            return custom(value)
        raise cv.ConversionFailure(None)
    return convert


def _enum_converter(klass: type[enum.Enum]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return cv.to_enum(value, klass)
    return convert


def register_type(python_class: type, *accelerators: str,
                  full_name: Optional[str] = None) -> PSType:
    """Make a module's record or enum class known by `__ps_typenames__[0]` (or `full_name`),
    and by its short name as an accelerator unless a built-in type has that name."""
    if not _TYPES:
        # The built-ins first: the lookups build them only while the table is empty, and a
        # module's short name must not take a built-in's accelerator.
        _build_builtin_types()
    names = getattr(python_class, "__ps_typenames__", None) or (python_class.__name__,)
    if full_name is not None:
        names = (full_name,)
    full_name = names[0]
    if isinstance(python_class, type) and issubclass(python_class, enum.Enum):
        ps_type = PSType(full_name, _instance_check(python_class), _enum_converter(python_class),
                         python_class=python_class,
                         bases=("System.Enum", "System.ValueType", "System.Object"))
    else:
        ps_type = PSType(full_name, _instance_check(python_class),
                         _record_converter(python_class, full_name), python_class=python_class,
                         bases=tuple(names[1:]) + ("System.Object",))
    _register(ps_type)
    short = full_name.rsplit(".", 1)[-1].lower()
    if short not in _ACCELERATORS and short not in _TYPES:
        _ACCELERATORS[short] = full_name.lower()
    for alias in accelerators:
        _ACCELERATORS[alias.lower()] = full_name.lower()
    return ps_type


# A module loaded on demand (a ModuleManifest) is not imported until it is used, yet a script
# may name one of its types first (`[Microsoft.HyperV.PowerShell.VMState]::Running`). The
# table is process-wide, as the types are, so the loaders are too: a type name, full or short,
# maps to a function that registers the types of the module that declares it.
_TYPE_LOADERS: dict[str, Callable[[], None]] = {}


def register_type_loader(full_names: Iterable[str], loader: Callable[[], None]) -> None:
    """Have `resolve_type` call `loader` (once) the first time it misses one of these names or
    their short names; the loader registers the types. An earlier loader of a name wins."""
    for full_name in full_names:
        _TYPE_LOADERS.setdefault(full_name.lower(), loader)
        _TYPE_LOADERS.setdefault(full_name.rsplit(".", 1)[-1].lower(), loader)


def _run_type_loader(name: str) -> bool:
    loader = _TYPE_LOADERS.get(name)
    if loader is None:
        return False
    # Forgotten before it runs: a loader that fails, or does not register the name after all,
    # is not asked again, and resolution cannot recurse into it.
    for key in [k for k, v in _TYPE_LOADERS.items() if v == loader]:
        del _TYPE_LOADERS[key]
    try:
        loader()
    except Exception:  # a broken module: its types stay unknown, as its commands do
        return False
    return True


# --------------------------------------------------------------------------- arrays, generics

def array_type(element: PSType) -> PSType:
    """`T[]`; `object[]` is a plain list, other element types a `TypedArray`."""
    if element.full_name == "System.Object":
        return _TYPES["system.object[]"]
    full = f"{element.full_name}[]"
    cached = _TYPES.get(full.lower())
    if cached is not None:
        return cached

    def check(value: Any) -> bool:
        return isinstance(value, TypedArray) and value.element_type == element

    def convert(value: Any) -> Any:
        if isinstance(value, TypedArray) and value.element_type == element:
            return value
        return cv.to_typed_array(value, element.converter, element)

    ps_type = PSType(full, check, convert, element_type=element,
                     bases=("System.Array", "System.Object"))
    _TYPES[full.lower()] = ps_type
    return ps_type


def _generic_collection(klass: type, full_name: str, element: PSType) -> PSType:
    """`List[T]` / `HashSet[T]`: a collection converting each item to T."""
    def check(value: Any) -> bool:
        return isinstance(value, klass) and cast(Any, value).element_type == element

    def convert(value: Any) -> Any:
        if check(value):
            return value
        items = [] if value is None else list(value) if isinstance(
            value, (list, tuple)) else [value]
        return klass((element.converter(i) for i in items), element)
    return PSType(full_name, check, convert, type_arguments=(element,))


def _generic(base: str, args: tuple[PSType, ...]) -> Optional[PSType]:
    short = base.lower().rsplit(".", 1)[-1].split("`")[0]
    arg_names = ",".join(a.full_name for a in args)
    collections = {"list": (GenericList, "List"), "hashset": (GenericHashSet, "HashSet")}
    if short in collections and len(args) == 1:
        klass, name = collections[short]
        return _generic_collection(klass, f"System.Collections.Generic.{name}`1[{arg_names}]",
                                   args[0])
    if short in ("dictionary", "sorteddictionary") and len(args) == 2:
        key_type, value_type = args

        def convert_dict(value: Any) -> Any:
            if isinstance(value, GenericDictionary) and (value.key_type, value.value_type) == (
                    key_type, value_type):
                return value
            result = GenericDictionary(key_type=key_type, value_type=value_type)
            if isinstance(value, dict):
                for k, v in value.items():
                    result[key_type.converter(k)] = value_type.converter(v)
            elif value is not None:
                raise cv.ConversionFailure(None)
            return result
        return PSType(f"System.Collections.Generic.Dictionary`2[{arg_names}]",
                      lambda v: isinstance(v, GenericDictionary), convert_dict,
                      type_arguments=args)
    return None


# --------------------------------------------------------------------------- resolution

def _split_generic_args(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return [p[1:-1] if p.startswith("[") and p.endswith("]") else p for p in parts]


_ARRAY_SUFFIX = re.compile(r"^(.*)\[\s*(,*)\s*\]$", re.S)


def resolve_type(name: Any) -> Optional[PSType]:
    """The type a script names (`int`, `System.Int32`, `string[]`, `List[int]`,
    `Dictionary[string,int]`, a module's `Microsoft.HyperV.PowerShell.VMState`), or None."""
    if isinstance(name, PSType):
        return name
    if not isinstance(name, str):
        name = getattr(name, "full_name", None) or str(name)
    if not _TYPES:
        _build_builtin_types()
    text = name.strip()
    if text.startswith("[") and text.endswith("]") and not _ARRAY_SUFFIX.match(text[1:-1] + "x"):
        text = text[1:-1].strip()
    lowered = text.lower()
    found = _TYPES.get(lowered) or _TYPES.get(_ACCELERATORS.get(lowered, "")) \
        or _TYPES.get("system." + lowered)
    if found is not None:
        return found
    if _TYPE_LOADERS and _run_type_loader(lowered):
        return resolve_type(text)
    array = _ARRAY_SUFFIX.match(text)
    if array and array.group(1).strip():
        inner = array.group(1).strip()
        # `List[int]` also ends in "]": only an empty or comma-only bracket makes an array.
        element = resolve_type(inner)
        return array_type(element) if element is not None else None
    if "[" in text and text.endswith("]"):
        base, _, rest = text.partition("[")
        args = [resolve_type(a) for a in _split_generic_args(rest[:-1])]
        if any(a is None for a in args):
            return None
        generic = _generic(base.strip(), tuple(args))  # type: ignore[arg-type]
        if generic is not None:
            _TYPES.setdefault(generic.full_name.lower(), generic)
        return generic
    return None


def type_of(value: Any) -> PSType:
    """The PSType of a value (what `.GetType()` returns)."""
    if not _TYPES:
        _build_builtin_types()
    if isinstance(value, TypedArray) and isinstance(value.element_type, PSType):
        return array_type(value.element_type)
    full = cv.dotnet_type_name(value)
    found = _TYPES.get(full.lower())
    if found is not None:
        return found
    if isinstance(value, enum.Enum):
        return register_type(type(value))
    names = getattr(value, "__ps_typenames__", None)
    if names and not isinstance(value, type):
        return register_type(type(value))
    return PSType(full, _instance_check(type(value)), python_class=type(value))


def all_types() -> list[PSType]:
    if not _TYPES:
        _build_builtin_types()
    return list(_TYPES.values())


OBJECT: PSType


def __getattr__(name: str) -> Any:
    if name == "OBJECT":
        return resolve_type("object")
    raise AttributeError(name)
