"""Script-defined types: `class` and `enum` statements.

A script class becomes a Python class (so `-is`, casts, `[T]::new()`, `Get-Member` and the
formatter treat it like any registered type): its properties and methods are member-table
rows, its methods are compiled script blocks run with `$this`. As in PowerShell, a method's
output is only what `return` gives; a class is usable anywhere in the block that defines it.
"""

from __future__ import annotations

import enum
from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_base import CompilerBase
from pyshell.runtime.errors import ErrorCategory, MethodInvocationException, PSException
from pyshell.runtime.scopes import Scope
from pyshell.runtime.signals import ReturnSignal

__all__ = ["ScriptObject", "ClassInfo", "TypeDefinitionCompiler"]


class ScriptObject:
    """An instance of a script class: property values by lower-case name."""

    __ps_class__: Any = None
    __ps_typenames__: tuple[str, ...] = ("System.Object",)

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def __ps_tostring__(self) -> str:
        info = type(self).__ps_class__
        method = info.find_method("tostring", 0, static=False) if info else None
        if method is not None:
            return S.to_string(method(self, []))
        return type(self).__ps_typenames__[0]

    def __repr__(self) -> str:
        return f"<{type(self).__ps_typenames__[0]} {self._values!r}>"


def _type_default(type_name: Optional[str]) -> Any:
    if not type_name:
        return None
    ps_type = S.resolve_type(type_name)
    if ps_type is None or ps_type.python_class is None and ps_type.full_name in (
            "System.String", "System.Object"):
        return None
    try:
        return S.convert_to(None, ps_type)
    except Exception:  # reference types default to $null
        return None


def _converter(type_name: Optional[str]) -> Callable[[Any], Any]:
    if not type_name or type_name.lower() in ("object", "system.object"):
        return lambda value: S.as_value(value)
    cache: list[Any] = []

    def convert(value: Any) -> Any:
        if not cache:
            from pyshell.runtime.compiler_expr import resolve_type_or_fail
            cache.append(resolve_type_or_fail(type_name))
        return S.convert_to(S.as_value(value), cache[0])
    return convert


class _Method:
    """One method or constructor: parameters (name, converter) and the compiled body."""

    def __init__(self, node: A.FunctionMemberAst, compiled: Any, scope: Scope,
                 class_info: ClassInfo) -> None:
        self.node = node
        self.name = node.name
        self.compiled = compiled
        self.scope = scope
        self.class_info = class_info
        self.parameters = [(p.name.path.name, _converter(_param_type(p)))
                           for p in node.parameters]
        return_type = node.return_type.type_name.full_name if node.return_type else None
        self.void = return_type is None or return_type.lower() == "void"
        self.convert_result = _converter(return_type)

    def __call__(self, this: Any, args: list[Any]) -> Any:
        session = self.scope.session
        scope = self.scope.child()
        if this is not None:
            scope.set_local("this", this)
        for (name, convert), value in zip(self.parameters, args):
            scope.set_local(name, convert(value))
        previous = session.current_scope
        session.current_scope = scope
        result: Any = None
        try:
            if self.node.base_arguments is not None and this is not None:
                base = self.class_info.base_info
                if base is not None:
                    from pyshell.runtime.compiler import Compiler
                    values = [S.as_value(Compiler().expr(a)(scope))
                              for a in self.node.base_arguments]
                    base.run_constructor(this, values)
            try:
                self.compiled.end(scope, _discard) if self.compiled.end else None
            except ReturnSignal as signal:
                result = signal.value
        finally:
            session.current_scope = previous
        if self.void or self.node.is_constructor:
            return None
        return self.convert_result(result)


def _param_type(node: A.ParameterAst) -> Optional[str]:
    types = [a for a in node.attributes if isinstance(a, A.TypeConstraintAst)]
    return types[-1].type_name.full_name if types else None


def _discard(obj: Any) -> None:
    pass


class ClassInfo:
    """What the runtime knows of one script class."""

    def __init__(self, name: str, python_class: type, base_info: Optional[ClassInfo]) -> None:
        self.name = name
        self.python_class = python_class
        self.base_info = base_info
        # lower name -> (display name, type name, default closure, converter)
        self.properties: dict[str, tuple[str, Optional[str], Any, Callable[[Any], Any]]] = {}
        self.static_values: dict[str, Any] = {}
        self.methods: dict[str, list[tuple[_Method, bool]]] = {}
        self.constructors: list[_Method] = []
        self.scope: Optional[Scope] = None

    def all_properties(self) -> dict[str, tuple[str, Optional[str], Any, Callable[[Any], Any]]]:
        inherited = self.base_info.all_properties() if self.base_info else {}
        return {**inherited, **self.properties}

    def find_method(self, name: str, count: int, *, static: bool) -> Optional[_Method]:
        for method, is_static in self.methods.get(name.lower(), []):
            if is_static == static and len(method.parameters) == count:
                return method
        if self.base_info is not None:
            return self.base_info.find_method(name, count, static=static)
        return None

    def initialize(self, obj: ScriptObject) -> None:
        for key, (name, type_name, default, convert) in self.all_properties().items():
            if key in self.static_values:
                continue
            value = default(self.scope) if default is not None else _type_default(type_name)
            obj._values[key] = convert(value) if value is not None else value

    def run_constructor(self, obj: ScriptObject, args: list[Any]) -> None:
        matching = [c for c in self.constructors if len(c.parameters) == len(args)]
        if matching:
            matching[0](obj, args)
        elif self.constructors or args:
            if self.base_info is not None and not self.constructors:
                self.base_info.run_constructor(obj, args)
                return
            raise _no_overload("new", len(args))

    def construct(self, *args: Any) -> ScriptObject:
        obj: ScriptObject = self.python_class()
        self.initialize(obj)
        self.run_constructor(obj, list(args))
        return obj

    def convert(self, value: Any) -> Any:
        """`[Class]$value`: a hashtable sets properties on a new instance; otherwise a
        one-argument constructor is tried."""
        if isinstance(value, dict):
            obj = self.construct()
            for key, item in value.items():
                prop = self.all_properties().get(str(key).lower())
                if prop is None:
                    raise S.runtime_error(
                        f"Cannot create object of type \"{self.name}\". The {key} property "
                        f"was not found for the {self.name} object. The available property "
                        f"is: {', '.join('[' + p[0] + ']' for p in self.all_properties().values())}",
                        "ObjectCreationError", ErrorCategory.InvalidArgument)
                obj._values[str(key).lower()] = prop[3](item)
            return obj
        if any(len(c.parameters) == 1 for c in self.constructors):
            return self.construct(value)
        from pyshell.runtime.conversion import ConversionFailure
        raise ConversionFailure(None)


def _no_overload(name: str, count: int) -> PSException:
    return S.runtime_error(f'Cannot find an overload for "{name}" and the argument count: '
                           f'"{count}".', "MethodCountCouldNotFindBest",
                           ErrorCategory.NotSpecified, exc_type=MethodInvocationException)


def _define_class(node: A.TypeDefinitionAst, scope: Scope, compile_body: Callable[..., Any]
                  ) -> None:
    from pyshell.runtime.dotnet.table import (
        MemberTable, method, prop, register_instance_table, register_static_table,
    )
    from pyshell.runtime.types import register_type
    base_info: Optional[ClassInfo] = None
    base_class: type = ScriptObject
    base_names: tuple[str, ...] = ("System.Object",)
    for base in node.base_types:
        found = S.resolve_type(base.full_name)
        klass = getattr(found, "python_class", None)
        if isinstance(klass, type) and issubclass(klass, ScriptObject):
            base_class, base_info = klass, klass.__ps_class__
            base_names = klass.__ps_typenames__
            break
    python_class = type(node.name, (base_class,), {"__ps_typenames__": (node.name,)
                                                   + base_names})
    info = ClassInfo(node.name, python_class, base_info)
    info.scope = scope
    python_class.__ps_class__ = info  # type: ignore[attr-defined]
    python_class.__ps_convert__ = staticmethod(info.convert)  # type: ignore[attr-defined]
    rows: list[Any] = []
    static_rows: list[Any] = [method("new", lambda *args: info.construct(*args),
                                     f"{node.name} new()")]
    for member in node.members:
        if isinstance(member, A.PropertyMemberAst):
            type_name = member.property_type.type_name.full_name if member.property_type \
                else None
            default = compile_body(member.initial_value) if member.initial_value else None
            convert = _converter(type_name)
            key = member.name.lower()
            info.properties[key] = (member.name, type_name, default, convert)
            shown = type_name or "System.Object"
            if member.is_static:
                info.static_values[key] = convert(default(scope)) if default else \
                    _type_default(type_name)
                static_rows.append(prop(member.name, shown, *_static_accessors(info, key,
                                                                               convert)))
    for member in node.members:
        if isinstance(member, A.FunctionMemberAst):
            compiled = compile_body(member.body, method_mode=True, parameters=member.parameters)
            one = _Method(member, compiled, scope, info)
            if member.is_constructor:
                info.constructors.append(one)
                continue
            info.methods.setdefault(member.name.lower(), []).append((one, member.is_static))
    for key, (name, type_name, _, convert) in info.all_properties().items():
        if key in info.static_values:
            continue
        rows.append(prop(name, type_name or "System.Object", *_instance_accessors(key, convert)))
    for lowered in {name for name in _all_method_names(info)}:
        rows.append(method(_display_name(info, lowered),
                           lambda obj, *args, n=lowered: _call(info, obj, n, list(args)),
                           f"{lowered}()"))
    for lowered, overloads in info.methods.items():
        if any(is_static for _, is_static in overloads):
            static_rows.append(method(overloads[0][0].name,
                                      lambda *args, n=lowered: _call(info, None, n, list(args)),
                                      f"static {lowered}()", static=True))
    register_instance_table(python_class, MemberTable.of(node.name, rows))
    register_static_table(node.name, MemberTable.of(node.name, static_rows))
    register_type(python_class)


def _static_accessors(info: ClassInfo, key: str, convert: Callable[[Any], Any]
                      ) -> tuple[Callable[[Any], Any], Callable[[Any, Any], None]]:
    def get(context: Any) -> Any:
        return info.static_values.get(key)

    def set(context: Any, value: Any) -> None:
        info.static_values[key] = convert(value)
    return get, set


def _instance_accessors(key: str, convert: Callable[[Any], Any]
                        ) -> tuple[Callable[[Any], Any], Callable[[Any, Any], None]]:
    def get(obj: Any) -> Any:
        return obj._values.get(key)

    def set(obj: Any, value: Any) -> None:
        obj._values[key] = convert(value)
    return get, set


def _all_method_names(info: ClassInfo) -> set[str]:
    names = {n for n, overloads in info.methods.items()
             if any(not is_static for _, is_static in overloads)}
    return names | (_all_method_names(info.base_info) if info.base_info else set())


def _display_name(info: ClassInfo, lowered: str) -> str:
    current: Optional[ClassInfo] = info
    while current is not None:
        if lowered in current.methods:
            return current.methods[lowered][0][0].name
        current = current.base_info
    return lowered


def _call(info: ClassInfo, obj: Any, name: str, args: list[Any]) -> Any:
    own = type(obj).__ps_class__ if obj is not None else info  # overrides in subclasses
    found = own.find_method(name, len(args), static=obj is None)
    if found is None:
        raise _no_overload(name, len(args))
    return found(obj, args)


def _define_enum(node: A.TypeDefinitionAst, scope: Scope, evaluate: Callable[..., Any]) -> None:
    from pyshell.runtime.types import register_type
    members: list[tuple[str, int]] = []
    next_value = 0
    for member in node.members:
        if isinstance(member, A.EnumMemberAst):
            if member.initial_value is not None:
                next_value = int(S.as_value(evaluate(member.initial_value)(scope)))
            members.append((member.name, next_value))
            next_value += 1
    flags = any(a.type_name.full_name.lower() in ("flags", "system.flagsattribute")
                for a in node.attributes)
    base: Any = enum.IntFlag if flags else enum.Enum
    klass: Any = base(node.name, members)
    klass.__ps_typenames__ = (node.name, "System.Enum", "System.ValueType", "System.Object")
    klass.__str__ = _enum_name
    register_type(klass)


def _enum_name(member: Any) -> str:
    return str(member.name)


class TypeDefinitionCompiler(CompilerBase):
    """Mixin of `Compiler`: the `class` and `enum` statements."""

    def _stmt_TypeDefinitionAst(self, node: A.TypeDefinitionAst) -> Any:
        from pyshell.runtime.compiler import Compiler
        script_name = getattr(self, "script_name", None)

        def compile_body(target: Any, *, method_mode: bool = False,
                         parameters: tuple[Any, ...] = ()) -> Any:
            compiler = Compiler(script_name, method_mode=method_mode)
            if isinstance(target, A.ScriptBlockAst):
                return compiler.compile_scriptblock(target, parameters=parameters)
            return compiler.expr(target)
        def define(scope: Scope, out: Any) -> None:
            if node.is_enum:
                _define_enum(node, scope, compile_body)
            else:
                _define_class(node, scope, compile_body)
        return define
