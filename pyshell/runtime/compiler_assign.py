"""Assignments: `=`, the compound operators, `??=`, multiple assignment, typed variables,
member and index targets, and `++`/`--`.

Assignment creates or updates the variable in the current scope unless the name carries a
scope; a type constraint (`[int]$x = '5'`) stays with the variable and converts every later
assignment; `AutomationNull` is stored as `$null`.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_base import CompilerBase
from pyshell.runtime.compiler_expr import Expr, SPECIAL_CONSTANTS, resolve_type_or_fail
from pyshell.runtime.compiler_fast import fast_compound
from pyshell.runtime.compiler_index import get_index, set_index
from pyshell.runtime.errors import ErrorCategory, PSException
from pyshell.runtime.scopes import NO_OPTIONS, PSVariable, Scope, VariableOptions

__all__ = ["AssignmentCompiler", "assign_variable", "make_variable_setter",
           "constrained_conversion", "local_reader"]

AUTOMATION_NULL = S.AUTOMATION_NULL
BO = A.BinaryOperator
_COMPOUND = {A.AssignmentOperator.PLUS_EQUALS: BO.ADD, A.AssignmentOperator.MINUS_EQUALS:
             BO.SUBTRACT, A.AssignmentOperator.MULTIPLY_EQUALS: BO.MULTIPLY,
             A.AssignmentOperator.DIVIDE_EQUALS: BO.DIVIDE,
             A.AssignmentOperator.REMAINDER_EQUALS: BO.REMAINDER}
Setter = Callable[[Scope, Any], None]


def _not_writable(name: str) -> PSException:
    from pyshell.runtime.errors import UnauthorizedAccessException
    return S.runtime_error(f"Cannot overwrite variable {name} because it is read-only or "
                           "constant.", "VariableNotWritable", ErrorCategory.WriteError,
                           target=name, exc_type=UnauthorizedAccessException)


def constrained_conversion(value: Any, ps_type: Any) -> Any:
    """Convert for a type-constrained variable; a failure is PowerShell's
    ArgumentTransformationMetadataException (FullyQualifiedErrorId `RuntimeException`)."""
    try:
        return S.convert_to(value, ps_type)
    except PSException as exc:
        from pyshell.runtime.errors import ArgumentTransformationMetadataException
        raise S.runtime_error(exc.message, "RuntimeException", ErrorCategory.MetadataError,
                              target=value, exc_type=ArgumentTransformationMetadataException,
                              inner=exc) from None


def assign_variable(var: PSVariable, value: Any) -> None:
    """Store into an existing variable, honouring read-only, constraints and validators."""
    if var.is_read_only:
        raise _not_writable(var.name)
    if var.convert is not None:
        value = var.convert(value)
    for validate in var.validators:
        validate(value)
    var.value = value


def make_variable_setter(path: A.VariablePath) -> Setter:
    name, key = path.name, path.name.lower()
    if path.drive is not None:
        drive = path.drive.lower()
        if drive == "env":
            def set_env(scope: Scope, value: Any) -> None:
                env = scope.session.environment
                if value is None or value == "":
                    env.pop(name, None)
                else:
                    env[name] = S.to_string(value)
            return set_env
        if drive == "function":
            return lambda scope, value: scope.session.define_function(name, value, scope)
        if drive == "variable":
            return make_variable_setter(A.VariablePath(name))
        return lambda scope, value: scope.session.write_drive_item(drive, name, value)
    if key == "null" and path.scope is None:
        return lambda scope, value: None
    if key in ("true", "false"):
        def constant(scope: Scope, value: Any) -> None:
            raise _not_writable(name)
        return constant
    scope_name = path.scope
    private = scope_name == "private"
    if key == "psitem":
        key = "_"

    def set_variable(scope: Scope, value: Any) -> None:
        target = scope if scope_name in (None, "local", "private", "using") else (
            scope.target(scope_name))
        var = target.vars.get(key)
        if var is None:
            target.vars[key] = PSVariable(name, value, options=VariableOptions.PRIVATE
                                          if private else VariableOptions.NONE)
        elif var.convert is None and var.options is NO_OPTIONS and not var.validators:
            var.value = value
        else:
            assign_variable(var, value)
    return set_variable


def _variable_check(validator: Any, name: str, session: Any) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        from pyshell.runtime.errors import ValidationMetadataException
        from pyshell.runtime.parameters import ValidationFailure
        try:
            validator.validate(value, session)
        except ValidationFailure:
            raise S.runtime_error(
                f"The variable cannot be validated because the value {S.to_string(value)} is "
                f"not a valid value for the {name} variable.", "ValidationMetadataException",
                ErrorCategory.MetadataError, target=value,
                exc_type=ValidationMetadataException) from None
    return check


def local_reader(path: A.VariablePath) -> Expr:
    """Read a variable from the scope an assignment to it would write (no outward search)."""
    key, scope_name = path.name.lower(), path.scope
    if key == "psitem":
        key = "_"

    def read(scope: Scope) -> Any:
        target = scope if scope_name in (None, "local", "private", "using") else (
            scope.target(scope_name))
        var = target.vars.get(key)
        return None if var is None else var.value
    return read


class _Target:
    """An evaluated member or index target (the object is evaluated once)."""

    __slots__ = ("get", "set")

    def __init__(self, get: Callable[[], Any], set: Callable[[Any], None]) -> None:
        self.get = get
        self.set = set


class AssignmentCompiler(CompilerBase):
    """Mixin of `Compiler`: assignments and increments."""


    def _stmt_AssignmentStatementAst(self, node: A.AssignmentStatementAst) -> Any:
        # Assignment closures take an ignored `out`, so they serve as statements directly.
        return self.compile_assignment(node, False)

    # ------------------------------------------------------------------ targets

    def _target(self, node: A.ExpressionAst) -> Callable[[Scope], _Target]:
        """Compile a member or index target into 'evaluate once, then get/set'."""
        positioned = self.fail_at(node.extent)
        if isinstance(node, A.MemberExpressionAst):
            obj_fn, name_fn = self.expr(node.expression), self.member_name(node.member)
            static = node.static

            def member(scope: Scope) -> _Target:
                obj, name = obj_fn(scope), name_fn(scope)
                if static:
                    return _Target(lambda: obj.get_static(name),
                                   lambda v: obj.set_static(name, v))
                if obj is None or obj is AUTOMATION_NULL:
                    raise positioned(S.runtime_error(
                        f"The property '{name}' cannot be found on this object. Verify that "
                        "the property exists and can be set.", "PropertyNotFound"))
                return _Target(lambda: S.get_property_value(obj, name),
                               lambda v: S.set_property_value(obj, name, v))
            return member
        if isinstance(node, A.IndexExpressionAst):
            obj_fn, index_fn = self.expr(node.target), self.expr(node.index)

            def index(scope: Scope) -> _Target:
                obj, key = obj_fn(scope), S.as_value(index_fn(scope))
                return _Target(lambda: get_index(obj, key), lambda v: set_index(obj, key, v))
            return index
        positioned_error = positioned(S.runtime_error(
            "The assignment expression is not valid. The input to an assignment operator "
            "must be an object that is able to accept assignments, such as a variable or a "
            "property.", "InvalidLeftHandSide", ErrorCategory.ParserError))

        def invalid(scope: Scope) -> _Target:
            raise positioned_error
        return invalid

    def _setter(self, node: A.ExpressionAst) -> Setter:
        """A setter `(scope, value)` for any assignable expression."""
        if isinstance(node, A.VariableExpressionAst):
            return make_variable_setter(node.path)
        if isinstance(node, A.ConvertExpressionAst) and isinstance(
                node.child, (A.VariableExpressionAst, A.AttributedExpressionAst,
                             A.ConvertExpressionAst)):
            return self._typed_setter(node)
        if isinstance(node, A.AttributedExpressionAst):
            return self._validated_setter(node)
        if isinstance(node, A.ArrayLiteralAst):
            setters = tuple(self._setter(e) for e in node.elements)

            def multiple(scope: Scope, value: Any) -> None:
                items = list(value) if S.is_collection(value) else [value]
                last = len(setters) - 1
                for position, setter in enumerate(setters):
                    if position < last:
                        setter(scope, items[position] if position < len(items) else None)
                    else:
                        rest = items[position:]
                        setter(scope, rest[0] if len(rest) == 1 else (rest or None))
            return multiple
        if isinstance(node, A.ParenExpressionAst) and isinstance(node.pipeline, A.PipelineAst) \
                and len(node.pipeline.elements) == 1 and isinstance(
                    node.pipeline.elements[0], A.CommandExpressionAst):
            return self._setter(node.pipeline.elements[0].expression)
        target = self._target(node)
        return lambda scope, value: target(scope).set(value)

    def _validated_setter(self, node: A.AttributedExpressionAst) -> Setter:
        """`[ValidateRange(1,10)][int]$x = 5`: the validators stay with the variable and
        check every later assignment too."""
        attributes: list[A.AttributeAst] = []
        inner: A.ExpressionAst = node
        while isinstance(inner, (A.AttributedExpressionAst, A.ConvertExpressionAst)):
            if isinstance(inner, A.AttributedExpressionAst):
                attributes.append(inner.attribute)
            inner = inner.child
        assign = self._setter(node.child)
        if not isinstance(inner, A.VariableExpressionAst):
            return assign
        path = inner.path
        key, scope_name = path.name.lower(), path.scope

        def validated(scope: Scope, value: Any) -> None:
            from pyshell.runtime.functions import validators_from
            checks = tuple(_variable_check(v, path.name, scope.session)
                           for v in validators_from(attributes, scope))
            for check in checks:
                check(value)
            assign(scope, value)
            target = scope if scope_name in (None, "local", "private") else (
                scope.target(scope_name))
            var = target.vars.get(key)
            if var is not None:
                var.validators = checks
        return validated

    def _typed_setter(self, node: A.ConvertExpressionAst) -> Setter:
        type_name = node.type.type_name.full_name
        inner = node.child
        while isinstance(inner, (A.AttributedExpressionAst, A.ConvertExpressionAst)):
            inner = inner.child
        assert isinstance(inner, A.VariableExpressionAst)
        path = inner.path
        name, key, scope_name = path.name, path.name.lower(), path.scope
        cache: list[Any] = []

        def convert(value: Any) -> Any:
            if not cache:
                cache.append(resolve_type_or_fail(type_name))
            return constrained_conversion(value, cache[0])

        def typed(scope: Scope, value: Any) -> None:
            target = scope if scope_name in (None, "local", "private") else (
                scope.target(scope_name))
            value = convert(value)
            var = target.vars.get(key)
            if var is None:
                var = target.vars[key] = PSVariable(name)
            elif var.is_read_only:
                raise _not_writable(name)
            var.convert, var.type_name = convert, type_name
            var.value = value
        if type_name.lower() == "void":
            return lambda scope, value: None
        return typed

    def _getter(self, node: A.ExpressionAst) -> Expr:
        if isinstance(node, A.ConvertExpressionAst):
            return self._getter(node.child)
        if isinstance(node, A.AttributedExpressionAst):
            return self._getter(node.child)
        return self.expr(node)

    # ------------------------------------------------------------------ assignment

    def compile_assignment(self, node: A.AssignmentStatementAst, want_value: bool) -> Expr:
        op = node.operator
        rhs = self.value_of(node.right)
        left = node.left
        if op is A.AssignmentOperator.EQUALS:
            return self._plain_assignment(left, rhs, want_value)
        if isinstance(left, A.VariableExpressionAst) and left.path.drive is None:
            return self._variable_compound(left, op, rhs, want_value, node.extent, node.right)
        # Member and index targets: evaluate the target once, then read-modify-write.
        if isinstance(left, (A.MemberExpressionAst, A.IndexExpressionAst)):
            target = self._target(left)
            combine = self._combiner(op, node.extent)

            def compound(scope: Scope, out: Any = None) -> Any:
                handle = target(scope)
                value = combine(handle.get(), rhs, scope)
                if value is not _UNCHANGED:
                    handle.set(value)
                return handle.get() if want_value else None
            return compound
        return _read_modify_write(self._getter(left), self._setter(left),
                                  self._combiner(op, node.extent), rhs, want_value)

    def _plain_assignment(self, left: A.ExpressionAst, rhs: Expr, want_value: bool) -> Expr:
        if isinstance(left, A.VariableExpressionAst) and left.path.is_unqualified \
                and left.path.name.lower() not in SPECIAL_CONSTANTS:
            name = left.path.name
            key = "_" if name.lower() == "psitem" else name.lower()

            def assign_local(scope: Scope, out: Any = None) -> Any:
                value = rhs(scope)
                if value is AUTOMATION_NULL:
                    value = None
                var = scope.vars.get(key)
                if var is None:
                    scope.vars[key] = PSVariable(name, value)
                elif var.convert is None and var.options is NO_OPTIONS and not var.validators:
                    var.value = value
                else:
                    assign_variable(var, value)
                    return var.value
                return value
            return assign_local
        setter = self._setter(left)
        getter = self._getter(left) if want_value else None

        def assign(scope: Scope, out: Any = None) -> Any:
            value = rhs(scope)
            setter(scope, None if value is AUTOMATION_NULL else value)
            return getter(scope) if getter is not None else None
        return assign

    def _combiner(self, op: A.AssignmentOperator, extent: Optional[A.Extent]
                  ) -> Callable[[Any, Expr, Scope], Any]:
        if op is A.AssignmentOperator.COALESCE_EQUALS:
            def coalesce(current: Any, rhs: Expr, scope: Scope) -> Any:
                if current is None or current is AUTOMATION_NULL:
                    return S.as_value(rhs(scope))
                return _UNCHANGED
            return coalesce
        binary = _COMPOUND[op]
        slow = self.slow_binary(extent)

        def combine(current: Any, rhs: Expr, scope: Scope) -> Any:
            return slow(binary, current, S.as_value(rhs(scope)), scope)
        return combine

    def _right_operand(self, right: A.StatementAst, rhs: Expr) -> tuple[Any, ...]:
        if (isinstance(right, A.PipelineAst) and len(right.elements) == 1
                and isinstance(right.elements[0], A.CommandExpressionAst)
                and not right.elements[0].redirections):
            return self.operand(right.elements[0].expression)
        return ("expr", lambda scope: S.as_value(rhs(scope)))

    def _variable_compound(self, left: A.VariableExpressionAst, op: A.AssignmentOperator,
                           rhs: Expr, want_value: bool, extent: Optional[A.Extent],
                           right: A.StatementAst) -> Expr:
        """`$x += 1` and friends read and write the variable of the current scope (or the
        scope the name qualifies): in a child scope an outer `$x` is not seen, so
        `$x = 1; & { $x += 1; $x }` prints 1 (about_Assignment_Operators)."""
        read = local_reader(left.path)
        write = make_variable_setter(left.path)
        combine = self._combiner(op, extent)
        key = left.path.name.lower()
        if op in _COMPOUND and left.path.is_unqualified and key not in SPECIAL_CONSTANTS:
            # One generated function evaluates the right side, reads the current scope's
            # variable, combines and stores (`$s += $i * 2` makes no other call).
            def store(scope: Scope, value: Any) -> Any:
                write(scope, value)
                return read(scope)
            return fast_compound(_COMPOUND[op], key, self._right_operand(right, rhs),
                                 self.slow_binary(extent), NO_OPTIONS, store)
        return _read_modify_write(read, write, combine, rhs, want_value)

    # ------------------------------------------------------------------ ++ and --

    def compile_increment(self, node: A.UnaryExpressionAst, want_value: bool) -> Expr:
        U = A.UnaryOperator
        op = node.operator
        delta = 1 if op in (U.PRE_INCREMENT, U.POST_INCREMENT) else -1
        post = op in (U.POST_INCREMENT, U.POST_DECREMENT)
        slow = self.slow_binary(node.extent)
        child = node.child
        if not want_value and isinstance(child, A.VariableExpressionAst) \
                and child.path.is_unqualified and child.name.lower() not in SPECIAL_CONSTANTS:
            # `$i++` as a statement (a `for` step) is `$i += 1`: one generated function.
            key = "_" if child.name.lower() == "psitem" else child.name.lower()
            read, write = local_reader(child.path), make_variable_setter(child.path)

            def store(scope: Scope, value: Any) -> Any:
                write(scope, value)
                return read(scope)
            return _discarding(fast_compound(BO.ADD, key, ("const", delta), slow, NO_OPTIONS,
                                             store))
        if isinstance(child, (A.MemberExpressionAst, A.IndexExpressionAst)):
            target = self._target(child)

            def get_set(scope: Scope) -> tuple[Callable[[], Any], Callable[[Any], None]]:
                handle = target(scope)
                return handle.get, handle.set
        else:
            inner = child
            while isinstance(inner, (A.ConvertExpressionAst, A.AttributedExpressionAst)):
                inner = inner.child
            getter = (local_reader(inner.path) if isinstance(inner, A.VariableExpressionAst)
                      and inner.path.drive is None else self._getter(child))
            setter = self._setter(child)

            def get_set(scope: Scope) -> tuple[Callable[[], Any], Callable[[Any], None]]:
                return (lambda: getter(scope)), (lambda value: setter(scope, value))

        def increment(scope: Scope, out: Any = None) -> Any:
            get, put = get_set(scope)
            old = get()
            if old is None or old is AUTOMATION_NULL:
                old = 0
            if type(old) is int and -2147483647 <= old <= 2147483646:
                new = old + delta
            else:
                new = slow(BO.ADD, old, delta, scope)
            put(new)
            if not want_value:
                return AUTOMATION_NULL
            return old if post else new
        return increment


def _read_modify_write(read: Expr, write: Setter, combine: Callable[[Any, Expr, Scope], Any],
                       rhs: Expr, want_value: bool) -> Expr:
    def compound(scope: Scope, out: Any = None) -> Any:
        value = combine(read(scope), rhs, scope)
        if value is not _UNCHANGED:
            write(scope, value)
        return read(scope) if want_value else None
    return compound


def _discarding(step: Callable[..., Any]) -> Expr:
    # The statement form writes nothing: AutomationNull, not the new value.
    def increment_statement(scope: Scope, out: Any = None) -> Any:
        step(scope)
        return AUTOMATION_NULL
    return increment_statement


class _Unchanged:
    __slots__ = ()


_UNCHANGED: Any = _Unchanged()
