"""Compiling expressions: each AST node becomes a closure `f(scope) -> value`.

Operands are resolved as far as the tree allows at compile time (constants folded into the
closure, variable keys lower-cased once, hot operators specialised by `compiler_fast`), so a
closure does only the work that depends on run-time values.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_base import CompilerBase
from pyshell.runtime.compiler_fast import FAST_OPERATORS, fast_binary
from pyshell.runtime.compiler_index import get_index
from pyshell.runtime.errors import ErrorCategory, PSException, RuntimeException
from pyshell.runtime.scopes import Scope

__all__ = ["ExpressionCompiler", "Expr", "SPECIAL_CONSTANTS", "resolve_type_or_fail", "typed_constant",
           "find_value"]

Expr = Callable[[Scope], Any]

SPECIAL_CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}

AUTOMATION_NULL = S.AUTOMATION_NULL
_to_bool = S.to_bool


def _register_reference_type() -> None:
    from pyshell.runtime.scopes import PSReference
    from pyshell.runtime.types import register_type
    register_type(PSReference, "ref")


_register_reference_type()


def find_value(scope: Scope, key: str) -> Any:
    """An unqualified variable read that missed the current scope: search outwards."""
    var = scope.find(key)
    return None if var is None else var.value


def resolve_type_or_fail(name: str, namespaces: tuple[str, ...] = ()) -> Any:
    """A type by name; `using namespace` prefixes are tried when the name alone is unknown."""
    ps_type = S.resolve_type(name)
    for namespace in namespaces:
        if ps_type is not None:
            break
        ps_type = S.resolve_type(f"{namespace}.{name}")
    if ps_type is None:
        raise S.runtime_error(f"Unable to find type [{name}].", "TypeNotFound",
                              ErrorCategory.InvalidOperation, target=name)
    return ps_type



def typed_constant(node: A.ConstantExpressionAst) -> Any:
    """A number literal's value with its .NET type: the parser gives plain ints, and the
    literal's suffix (`5L`, `10uy`, `4GB`) decides what GetType(), -is and overflow see."""
    value = node.value
    if node.text and type(value) is int:
        from pyshell.runtime.conversion_parse import parse_number

        typed = parse_number(node.text)
        if isinstance(typed, int) and typed == value:
            return typed
    return value

class ExpressionCompiler(CompilerBase):
    """Mixin of `Compiler`: the `expr` half."""

    script_name: Optional[str]
    single_line: bool


    def expr(self, node: A.ExpressionAst) -> Expr:
        method = getattr(self, "_expr_" + type(node).__name__, None)
        if method is None:
            positioned = self.fail_at(node.extent)
            error = S.runtime_error(f"The expression '{node.extent.text}' is not supported.",
                                    "NotSupported", ErrorCategory.NotImplemented)

            def unsupported(scope: Scope) -> Any:
                raise positioned(error)
            return unsupported
        compiled: Expr = method(node)
        return compiled

    def fail_at(self, extent: Optional[A.Extent]) -> Callable[..., PSException]:
        """A converter that turns a failure into a positioned PowerShell error."""
        script_name, single = self.script_name, self.single_line

        def positioned(exc: BaseException, what: str = "") -> PSException:
            ps = exc if isinstance(exc, PSException) else S.wrap_python_error(exc, what)
            return S.attach_position(ps, extent, script_name, single)
        return positioned

    # ------------------------------------------------------------------ constants and strings

    def _expr_ConstantExpressionAst(self, node: A.ConstantExpressionAst) -> Expr:
        value = typed_constant(node)
        return lambda scope: value

    def _expr_StringConstantExpressionAst(self, node: A.StringConstantExpressionAst) -> Expr:
        value = node.value
        return lambda scope: value

    def _expr_ExpandableStringExpressionAst(self, node: A.ExpandableStringExpressionAst) -> Expr:
        parts: list[Any] = [p if isinstance(p, str) else self.expr(p) for p in node.parts]
        to_string, is_collection = S.to_string, S.is_collection

        def expand(scope: Scope) -> str:
            pieces = []
            for part in parts:
                if type(part) is str:
                    pieces.append(part)
                    continue
                value = part(scope)
                if type(value) is str:
                    pieces.append(value)
                elif value is not None and is_collection(value):
                    ofs = find_value(scope, "ofs")
                    pieces.append(to_string(value, " " if ofs is None else to_string(ofs)))
                else:
                    pieces.append(to_string(value))
            return "".join(pieces)
        return expand

    # ------------------------------------------------------------------ variables

    def _expr_VariableExpressionAst(self, node: A.VariableExpressionAst) -> Expr:
        return self.variable_reader(node.path)

    def variable_reader(self, path: A.VariablePath) -> Expr:
        name = path.name
        key = name.lower()
        if path.drive is not None:
            return self._drive_reader(path.drive.lower(), name)
        scope_name = path.scope
        if scope_name is None:
            if key in SPECIAL_CONSTANTS:
                constant = SPECIAL_CONSTANTS[key]
                return lambda scope: constant
            if key == "?":
                return lambda scope: scope.session.last_success
            if key == "psitem":
                key = "_"

            def read(scope: Scope) -> Any:
                var = scope.vars.get(key)
                if var is not None:
                    return var.value
                var = scope.find(key)
                return None if var is None else var.value
            return read
        if key in SPECIAL_CONSTANTS:
            constant = SPECIAL_CONSTANTS[key]
            return lambda scope: constant

        def read_qualified(scope: Scope) -> Any:
            var = scope.find_qualified(key, scope_name)
            return None if var is None else var.value
        return read_qualified

    def _drive_reader(self, drive: str, name: str) -> Expr:
        key = name.lower()
        if drive == "env":
            return lambda scope: scope.session.environment.get(name)
        if drive == "variable":
            return lambda scope: find_value(scope, key)
        if drive == "function":
            def read_function(scope: Scope) -> Any:
                fn = scope.session.find_function(key, scope)
                return None if fn is None else fn.script_block
            return read_function
        return lambda scope: scope.session.read_drive_item(drive, name)

    # ------------------------------------------------------------------ operators

    def operand(self, node: A.ExpressionAst, nest: bool = True) -> tuple[Any, ...]:
        if nest and isinstance(node, A.ParenExpressionAst) and isinstance(
                node.pipeline, A.PipelineAst) and len(node.pipeline.elements) == 1 \
                and isinstance(node.pipeline.elements[0], A.CommandExpressionAst) \
                and not node.pipeline.elements[0].redirections:
            return self.operand(node.pipeline.elements[0].expression, nest)
        if nest and isinstance(node, A.BinaryExpressionAst) and node.operator in FAST_OPERATORS:
            # A nested fast operator over plain operands is computed inline, not called.
            left, right = self.operand(node.left, False), self.operand(node.right, False)
            if left[0] != "expr" and right[0] != "expr":
                return ("bin", node.operator, left, right, self.slow_binary(node.extent))
            return ("expr", self.expr(node))
        if isinstance(node, A.ConstantExpressionAst):
            return ("const", typed_constant(node))
        if isinstance(node, A.StringConstantExpressionAst):
            return ("const", node.value)
        if (isinstance(node, A.VariableExpressionAst) and node.path.is_unqualified
                and not node.splatted):
            key = node.path.name.lower()
            if key not in SPECIAL_CONSTANTS and key not in ("?", "psitem"):
                return ("var", key)
        return ("expr", self.expr(node))

    def slow_binary(self, extent: Optional[A.Extent]) -> Callable[[Any, Any, Any, Scope], Any]:
        positioned = self.fail_at(extent)
        binary_operation = S.binary_operation

        def slow(op: A.BinaryOperator, left: Any, right: Any, scope: Scope) -> Any:
            try:
                return binary_operation(op, left, right, scope)
            except Exception as exc:
                raise positioned(exc, f"The '{op.value}' operator") from None
        return slow

    def _expr_BinaryExpressionAst(self, node: A.BinaryExpressionAst) -> Expr:
        op = node.operator
        if op in (A.BinaryOperator.AND, A.BinaryOperator.OR):
            left, right = self.expr(node.left), self.expr(node.right)
            if op is A.BinaryOperator.AND:
                return lambda scope: _to_bool(left(scope)) and _to_bool(right(scope))
            return lambda scope: _to_bool(left(scope)) or _to_bool(right(scope))
        if op is A.BinaryOperator.XOR:
            left, right = self.expr(node.left), self.expr(node.right)
            return lambda scope: _to_bool(left(scope)) != _to_bool(right(scope))
        if op is A.BinaryOperator.COALESCE:
            left, right = self.expr(node.left), self.expr(node.right)

            def coalesce(scope: Scope) -> Any:
                value = left(scope)
                return right(scope) if value is None or value is AUTOMATION_NULL else value
            return coalesce
        slow = self.slow_binary(node.extent)
        if op in FAST_OPERATORS:
            return fast_binary(op, self.operand(node.left), self.operand(node.right), slow,
                               find_value)
        left, right = self.expr(node.left), self.expr(node.right)
        return lambda scope: slow(op, left(scope), right(scope), scope)

    def _expr_UnaryExpressionAst(self, node: A.UnaryExpressionAst) -> Expr:
        op = node.operator
        U = A.UnaryOperator
        if op in (U.PRE_INCREMENT, U.PRE_DECREMENT, U.POST_INCREMENT, U.POST_DECREMENT):
            return self.compile_increment(node, True)
        child = self.expr(node.child)
        if op in (U.NOT, U.EXCLAIM):
            return lambda scope: not _to_bool(child(scope))
        if op is U.COMMA:
            return lambda scope: [S.as_value(child(scope))]
        positioned = self.fail_at(node.extent)
        unary_operation = S.unary_operation

        def unary(scope: Scope) -> Any:
            value = child(scope)
            if op is U.NEGATE and type(value) is int and -2147483647 <= value <= 2147483647:
                return -value
            try:
                return unary_operation(op, S.as_value(value))
            except Exception as exc:
                raise positioned(exc, f"The '{op.value}' operator") from None
        return unary

    def _expr_TernaryExpressionAst(self, node: A.TernaryExpressionAst) -> Expr:
        cond, yes, no = self.expr(node.condition), self.expr(node.if_true), self.expr(node.if_false)
        return lambda scope: yes(scope) if _to_bool(cond(scope)) else no(scope)

    # ------------------------------------------------------------------ types

    def _expr_TypeExpressionAst(self, node: A.TypeExpressionAst) -> Expr:
        name = node.type_name.full_name
        positioned = self.fail_at(node.extent)
        namespaces = self.namespaces
        cache: list[Any] = []

        def type_literal(scope: Scope) -> Any:
            if not cache:
                try:
                    cache.append(resolve_type_or_fail(name, namespaces))
                except Exception as exc:
                    raise positioned(exc) from None
            return cache[0]
        return type_literal

    def _expr_ConvertExpressionAst(self, node: A.ConvertExpressionAst) -> Expr:
        name = node.type.type_name.full_name
        lowered = name.lower()
        child = self.expr(node.child)
        if lowered == "void":
            def void(scope: Scope) -> Any:
                child(scope)
                return AUTOMATION_NULL
            return void
        if lowered == "ordered" and isinstance(node.child, A.HashtableAst):
            return self._hashtable(node.child, S.OrderedDictionary)
        if lowered in ("ref", "system.management.automation.psreference"):
            return self._reference(node.child)
        return self.converter(name, child, node.extent)

    def converter(self, name: str, child: Expr, extent: Optional[A.Extent]) -> Expr:
        positioned = self.fail_at(extent)
        convert_to, to_string, is_collection = S.convert_to, S.to_string, S.is_collection
        to_text = name.lower() in ("string", "system.string")
        namespaces = self.namespaces
        cache: list[Any] = []

        def convert(scope: Scope) -> Any:
            value = child(scope)
            if value is AUTOMATION_NULL:
                value = None
            try:
                if to_text and value is not None and is_collection(value):
                    # `[string]$array` joins with $OFS, which only the caller's scope knows.
                    ofs = find_value(scope, "ofs")
                    return to_string(value, " " if ofs is None else to_string(ofs))
                if not cache:
                    cache.append(resolve_type_or_fail(name, namespaces))
                return convert_to(value, cache[0])
            except Exception as exc:
                raise positioned(exc, f"Conversion to [{name}]") from None
        return convert

    def _reference(self, node: A.ExpressionAst) -> Expr:
        """`[ref]$x` refers to the variable itself; `[ref]<value>` to a new holder."""
        from pyshell.runtime.scopes import PSReference, PSVariable
        if isinstance(node, A.VariableExpressionAst) and node.path.drive is None:
            key, name, scope_name = node.path.name.lower(), node.path.name, node.path.scope

            def variable_reference(scope: Scope) -> Any:
                var = scope.find_qualified(key, scope_name)
                if var is None:
                    var = scope.target(scope_name).local(key, name)
                return PSReference(var)
            return variable_reference
        value = self.expr(node)

        def value_reference(scope: Scope) -> Any:
            held = S.as_value(value(scope))
            if isinstance(held, PSReference):
                return held
            return PSReference(PSVariable("", held))
        return value_reference

    def _expr_AttributedExpressionAst(self, node: A.AttributedExpressionAst) -> Expr:
        return self.expr(node.child)

    # ------------------------------------------------------------------ members

    def member_name(self, node: A.ExpressionAst) -> Expr:
        if isinstance(node, A.StringConstantExpressionAst):
            name = node.value
            return lambda scope: name
        inner = self.expr(node)
        return lambda scope: S.to_string(inner(scope))

    def _expr_MemberExpressionAst(self, node: A.MemberExpressionAst) -> Expr:
        target, member = self.expr(node.expression), self.member_name(node.member)
        positioned = self.fail_at(node.extent)
        get_property_value = S.get_property_value
        if node.static:
            def static_member(scope: Scope) -> Any:
                ps_type, name = target(scope), member(scope)
                try:
                    return ps_type.get_static(name, scope)
                except Exception as exc:
                    raise positioned(exc, f"Reading [{ps_type}]::{name}") from None
            return static_member
        conditional = node.null_conditional

        def instance_member(scope: Scope) -> Any:
            obj = target(scope)
            if obj is AUTOMATION_NULL:
                obj = None
            if obj is None and conditional:
                return None
            name = member(scope)
            if obj is None and name.lower() in ("count", "length"):
                return 0  # `$null.Count` is 0 (so `if ($result.Count -eq 0)` works on no output)
            try:
                return get_property_value(obj, name)
            except Exception as exc:
                raise positioned(exc, f"Reading property '{name}'") from None
        return instance_member

    def _expr_InvokeMemberExpressionAst(self, node: A.InvokeMemberExpressionAst) -> Expr:
        from pyshell.runtime.compiler_methods import call_method, call_static
        target, member = self.expr(node.expression), self.member_name(node.member)
        arguments = tuple(self.expr(a) for a in node.arguments)
        positioned = self.fail_at(node.extent)
        static, conditional = node.static, node.null_conditional

        def invoke(scope: Scope) -> Any:
            obj = target(scope)
            name = member(scope)
            args = [S.as_value(a(scope)) for a in arguments]
            try:
                if static:
                    return call_static(scope, obj, name, args)
                if obj is None or obj is AUTOMATION_NULL:
                    if conditional:
                        return None
                    raise S.runtime_error("You cannot call a method on a null-valued "
                                          "expression.", "InvokeMethodOnNull",
                                          ErrorCategory.InvalidOperation)
                return call_method(scope, obj, name, args)
            except Exception as exc:
                raise positioned(exc, f"Calling method '{name}'") from None
        return invoke

    def _expr_IndexExpressionAst(self, node: A.IndexExpressionAst) -> Expr:
        target, index = self.expr(node.target), self.expr(node.index)
        positioned = self.fail_at(node.extent)
        conditional = node.null_conditional

        def indexer(scope: Scope) -> Any:
            obj = target(scope)
            if conditional and (obj is None or obj is AUTOMATION_NULL):
                return None
            try:
                return get_index(obj, S.as_value(index(scope)))
            except Exception as exc:
                raise positioned(exc, "Indexing") from None
        return indexer

    # ------------------------------------------------------------------ collections

    def _expr_ArrayLiteralAst(self, node: A.ArrayLiteralAst) -> Expr:
        elements = tuple(self.expr(e) for e in node.elements)

        def array(scope: Scope) -> list[Any]:
            result = []
            for element in elements:
                value = element(scope)
                result.append(None if value is AUTOMATION_NULL else value)
            return result
        return array

    def _expr_ArrayExpressionAst(self, node: A.ArrayExpressionAst) -> Expr:
        body = self.statements(node.subexpression)

        collect = S.collect
        return lambda scope: collect(body, scope)

    def _expr_SubExpressionAst(self, node: A.SubExpressionAst) -> Expr:
        return S.collected_value(self.statements(node.subexpression))

    def _expr_ParenExpressionAst(self, node: A.ParenExpressionAst) -> Expr:
        return self.value_of(node.pipeline, paren=True)

    def _expr_HashtableAst(self, node: A.HashtableAst) -> Expr:
        return self._hashtable(node, S.Hashtable)

    def _hashtable(self, node: A.HashtableAst, kind: type) -> Expr:
        entries = tuple((self.expr(e.key), self.value_of(e.value)) for e in node.entries)

        def hashtable(scope: Scope) -> Any:
            table = kind()
            for key, value in entries:
                table[S.as_value(key(scope))] = S.as_value(value(scope))
            return table
        return hashtable

    def _expr_ScriptBlockExpressionAst(self, node: A.ScriptBlockExpressionAst) -> Expr:
        return self.compile_scriptblock_expression(node)

    def _expr_UsingExpressionAst(self, node: A.UsingExpressionAst) -> Expr:
        return self.expr(node.sub_expression)

    def _expr_ErrorExpressionAst(self, node: A.ErrorExpressionAst) -> Expr:
        positioned = self.fail_at(node.extent)

        def error(scope: Scope) -> Any:
            raise positioned(RuntimeException("The expression could not be parsed."))
        return error
