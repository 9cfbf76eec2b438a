"""Specialised closures for the hot binary operators.

A loop body like `$i % 2 -eq 0` runs millions of times, so an operator tree is compiled into
one generated Python function: constants are folded in, variables are read in place, a
nested operator over such operands is computed inline, and plain Int32/Double arithmetic
and comparisons are done directly. Everything else (strings, arrays, overflow, $null, mixed
types) goes to `operators.binary_operation`, the one definition of the semantics.

Functions are generated from source templates once per tree shape, so the fused variants
need no hand-written copy each.
"""

from __future__ import annotations

from typing import Any, Callable

from pyshell.language.ast import BinaryOperator

__all__ = ["fast_binary", "fast_test", "fast_if", "fast_compound", "FAST_OPERATORS",
           "Operand"]

# An operand: ("const", value), ("var", lower-case key), ("expr", closure), or
# ("bin", operator, left operand, right operand, slow) for a nested fast operator.
Operand = tuple[Any, ...]

_ARITH = {BinaryOperator.ADD: "+", BinaryOperator.SUBTRACT: "-",
          BinaryOperator.MULTIPLY: "*"}
_COMPARE = {BinaryOperator.IEQ: "==", BinaryOperator.CEQ: "==", BinaryOperator.INE: "!=",
            BinaryOperator.CNE: "!=", BinaryOperator.ILT: "<", BinaryOperator.CLT: "<",
            BinaryOperator.ILE: "<=", BinaryOperator.CLE: "<=", BinaryOperator.IGT: ">",
            BinaryOperator.CGT: ">", BinaryOperator.IGE: ">=", BinaryOperator.CGE: ">="}
FAST_OPERATORS = frozenset(_ARITH) | frozenset(_COMPARE) | {
    BinaryOperator.REMAINDER, BinaryOperator.DIVIDE}

# A plain int is an Int32 when it fits (values.py), so an int result in the Int32 range is
# the right answer; a result outside it (PowerShell widens Int32 overflow to Double) and
# every other type go to the full operator. Templates compute `{o}` from `{x}` and `{y}`.
_TEMPLATES = {
    "arith": """\
if type({x}) is int and type({y}) is int:
    {o} = {x} {sym} {y}
    if not -2147483648 <= {o} <= 2147483647:
        {o} = {slow}({op}, {x}, {y}, scope)
elif type({x}) is float and (type({y}) is float or type({y}) is int):
    {o} = {x} {sym} {y}
elif type({x}) is int and type({y}) is float:
    {o} = {x} {sym} {y}
else:
    {o} = {slow}({op}, {x}, {y}, scope)""",
    "compare": """\
if (type({x}) is int or type({x}) is float) and (type({y}) is int or type({y}) is float):
    {o} = {x} {sym} {y}
else:
    {o} = {slow}({op}, {x}, {y}, scope)""",
    # C# `%` truncates toward zero; Python's floors, so only non-negative ints are inlined.
    "remainder": """\
if type({x}) is int and type({y}) is int and {x} >= 0 and {y} > 0:
    {o} = {x} % {y}
else:
    {o} = {slow}({op}, {x}, {y}, scope)""",
    "divide": """\
if type({x}) is int and type({y}) is int and {y} and not {x} % {y}:
    {o} = {x} // {y}
    if not -2147483648 <= {o} <= 2147483647:
        {o} = {slow}({op}, {x}, {y}, scope)
elif type({x}) is float and type({y}) is float and {y}:
    {o} = {x} / {y}
else:
    {o} = {slow}({op}, {x}, {y}, scope)""",
}


def _template(op: BinaryOperator) -> str:
    if op in _ARITH:
        return _TEMPLATES["arith"].replace("{sym}", _ARITH[op])
    if op in _COMPARE:
        return _TEMPLATES["compare"].replace("{sym}", _COMPARE[op])
    return _TEMPLATES["remainder" if op is BinaryOperator.REMAINDER else "divide"]


class _Generator:
    """Turns an operand tree into source lines; payloads become the factory's parameters."""

    def __init__(self, find: Callable[[Any, str], Any]) -> None:
        self.find = find
        self.lines: list[str] = []
        self.params: list[str] = []
        self.values: list[Any] = []
        self.shape: list[Any] = []

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params.append(name)
        self.values.append(value)
        return name

    def load(self, operand: Operand) -> str:
        kind = operand[0]
        if kind == "const":
            self.shape.append("c")
            return self.param(operand[1])
        target = f"t{len(self.lines)}_{len(self.params)}"
        if kind == "var":
            self.shape.append("v")
            key = self.param(operand[1])
            self.lines += [f"v = scope.vars.get({key})",
                           f"{target} = v.value if v is not None else find(scope, {key})"]
        elif kind == "expr":
            self.shape.append("e")
            self.lines.append(f"{target} = {self.param(operand[1])}(scope)")
        else:
            _, op, left, right, slow = operand
            self.shape.append(("b", op))
            self.binary(op, left, right, slow, target)
        return target

    def binary(self, op: BinaryOperator, left: Operand, right: Operand, slow: Any,
               target: str) -> None:
        x, y = self.load(left), self.load(right)
        text = _template(op).format(x=x, y=y, o=target, op=self.param(op),
                                    slow=self.param(slow))
        self.lines += text.split("\n")


_FACTORIES: dict[tuple[Any, ...], Callable[..., Any]] = {}


def _build(generator: _Generator, key: tuple[Any, ...], signature: str, epilogue: list[str],
           name: str) -> Callable[..., Any]:
    """Compile (once per shape) and instantiate the generated function."""
    factory = _FACTORIES.get(key)
    if factory is None:
        body = "".join(f"        {line}\n" for line in generator.lines + epilogue)
        source = (f"def factory(find, {', '.join(generator.params)}):\n"
                  f"    def {name}({signature}):\n{body}"
                  f"    return {name}\n")
        namespace: dict[str, Any] = {}
        exec(compile(source, f"<pyshell {name} {key[-1]}>", "exec"), namespace)
        factory = _FACTORIES[key] = namespace["factory"]
    made: Callable[..., Any] = factory(generator.find, *generator.values)
    return made


def fast_binary(op: BinaryOperator, left: Operand, right: Operand,
                slow: Callable[[Any, Any, Any, Any], Any],
                find: Callable[[Any, str], Any]) -> Callable[[Any], Any]:
    """One function computing `left op right` (operands may nest fast operators)."""
    generator = _Generator(find)
    generator.binary(op, left, right, slow, "result")
    return _build(generator, ("value", *generator.shape, op), "scope", ["return result"],
                  "binary")


def fast_test(op: BinaryOperator, left: Operand, right: Operand, slow: Callable[..., Any],
              find: Callable[[Any, str], Any], to_bool: Callable[[Any], bool]
              ) -> Callable[[Any], bool]:
    """A loop condition `left op right` as one function returning a Python bool."""
    generator = _Generator(find)
    generator.binary(op, left, right, slow, "result")
    bool_name = generator.param(to_bool)
    return _build(generator, ("test", *generator.shape, op), "scope",
                  [f"return result is True or (result is not False and {bool_name}(result))"],
                  "test")


def fast_if(op: BinaryOperator, left: Operand, right: Operand, slow: Callable[..., Any],
            find: Callable[[Any, str], Any], then: Callable[..., None],
            otherwise: Any, to_bool: Callable[[Any], bool]) -> Callable[[Any, Any], None]:
    """`if (left op right) { then } else { otherwise }` as one function: the condition is
    computed inline, the branches are called."""
    generator = _Generator(find)
    generator.binary(op, left, right, slow, "result")
    then_name, bool_name = generator.param(then), generator.param(to_bool)
    epilogue = [f"if result is True or (result is not False and {bool_name}(result)):",
                f"    {then_name}(scope, out)"]
    if otherwise is not None:
        epilogue += ["else:", f"    {generator.param(otherwise)}(scope, out)"]
    return _build(generator, ("if", otherwise is not None, *generator.shape, op), "scope, out",
                  epilogue, "if_statement")


def fast_compound(op: BinaryOperator, key: str, right: Operand, slow: Callable[..., Any],
                  plain: Any, store: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    """`$x op= right` on the current scope's variable as one function; a variable with a
    constraint, validators or options (or none yet) is stored through `store`."""
    generator = _Generator(_no_outer_scope)
    generator.binary(op, ("var", key), right, slow, "result")
    plain_name, store_name = generator.param(plain), generator.param(store)
    epilogue = ["if v is not None and v.convert is None and v.options is "
                f"{plain_name} and not v.validators:",
                "    v.value = result",
                "    return result",
                f"return {store_name}(scope, result)"]
    # `v` still holds the assigned variable: the right side is loaded first (see below).
    generator.lines = _right_first(generator.lines)
    return _build(generator, ("compound", *generator.shape, op), "scope, out=None",
                  epilogue, "compound_assignment")


def _right_first(lines: list[str]) -> list[str]:
    # The left operand's two load lines come first; move them after the right operand's so
    # that `v` names the assigned variable when the epilogue stores the result.
    head, rest = lines[:2], lines[2:]
    split = next(i for i, line in enumerate(rest) if line.startswith("if "))
    return rest[:split] + head + rest[split:]


def _no_outer_scope(scope: Any, key: str) -> Any:
    return None  # a compound assignment never reads an outer scope's variable
