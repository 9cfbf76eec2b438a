"""Specialised closures for the hot binary operators.

A loop body like `$i % 2 -eq 0` runs millions of times, so each operator is compiled into a
closure that reads variable and constant operands inline and computes plain Int32 and Double
arithmetic and comparisons directly; everything else (strings, arrays, overflow, $null,
mixed types) goes to `operators.binary_operation`, the one definition of the semantics.

The closures are generated from source templates once per (operator, operand shapes), so the
fused variants need no hand-written copy each.
"""

from __future__ import annotations

from typing import Any, Callable

from pyshell.language.ast import BinaryOperator

__all__ = ["fast_binary", "FAST_OPERATORS", "OperandShape"]

# Operand shapes: a constant, an unqualified variable read in place, or any closure.
OperandShape = str  # "const" | "var" | "expr"

_INT_ARITH = {BinaryOperator.ADD: "+", BinaryOperator.SUBTRACT: "-",
              BinaryOperator.MULTIPLY: "*"}
_COMPARE = {BinaryOperator.IEQ: "==", BinaryOperator.CEQ: "==", BinaryOperator.INE: "!=",
            BinaryOperator.CNE: "!=", BinaryOperator.ILT: "<", BinaryOperator.CLT: "<",
            BinaryOperator.ILE: "<=", BinaryOperator.CLE: "<=", BinaryOperator.IGT: ">",
            BinaryOperator.CGT: ">", BinaryOperator.IGE: ">=", BinaryOperator.CGE: ">="}
FAST_OPERATORS = frozenset(_INT_ARITH) | frozenset(_COMPARE) | {
    BinaryOperator.REMAINDER, BinaryOperator.DIVIDE}

def _load(shape: str, name: str, index: int) -> list[str]:
    if shape == "const":
        return [f"{name} = C{index}"]
    if shape == "var":
        return [f"v = scope.vars.get(K{index})",
                f"{name} = v.value if v is not None else find(scope, K{index})"]
    return [f"{name} = E{index}(scope)"]


# A plain int is an Int32 when it fits (values.py), so an int result in the Int32 range is
# the right answer; anything that could overflow, widen or change type is left to the full
# operator (PowerShell widens Int32 overflow to Double).
_BODY_ARITH = """\
    if type(a) is int and type(b) is int:
        r = a {sym} b
        if -2147483648 <= r <= 2147483647:
            return r
    elif type(a) is float and (type(b) is float or type(b) is int):
        return a {sym} b
    elif type(a) is int and type(b) is float:
        return a {sym} b
    return slow(OP, a, b, scope)
"""
_BODY_COMPARE = """\
    if type(a) is int and type(b) is int:
        return a {sym} b
    if (type(a) is int or type(a) is float) and (type(b) is int or type(b) is float):
        return a {sym} b
    return slow(OP, a, b, scope)
"""
# C# `%` truncates toward zero; Python's floors, so only non-negative ints are inlined.
_BODY_REMAINDER = """\
    if type(a) is int and type(b) is int and a >= 0 and b > 0:
        return a % b
    return slow(OP, a, b, scope)
"""
_BODY_DIVIDE = """\
    if type(a) is int and type(b) is int and b and not a % b:
        r = a // b
        if -2147483648 <= r <= 2147483647:
            return r
    elif type(a) is float and type(b) is float and b:
        return a / b
    return slow(OP, a, b, scope)
"""

_FACTORIES: dict[tuple[BinaryOperator, str, str], Callable[..., Any]] = {}


def _factory(op: BinaryOperator, left: str, right: str) -> Callable[..., Any]:
    key = (op, left, right)
    factory = _FACTORIES.get(key)
    if factory is not None:
        return factory
    if op in _INT_ARITH:
        body = _BODY_ARITH.format(sym=_INT_ARITH[op])
    elif op in _COMPARE:
        body = _BODY_COMPARE.format(sym=_COMPARE[op])
    elif op is BinaryOperator.REMAINDER:
        body = _BODY_REMAINDER
    else:
        body = _BODY_DIVIDE
    lines = _load(left, "a", 1) + _load(right, "b", 2) + body.rstrip().split("\n")
    source = ("def factory(C1, K1, E1, C2, K2, E2, OP, slow, find):\n"
              "    def binary(scope):\n"
              + "".join("        " + line.strip() + "\n" if not line.startswith("    ")
                        else "    " + line + "\n" for line in lines)
              + "    return binary\n")
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<pyshell binary {op.value} {left} {right}>", "exec"), namespace)
    factory = namespace["factory"]
    _FACTORIES[key] = factory
    return factory


def fast_binary(op: BinaryOperator, left: tuple[str, Any], right: tuple[str, Any],
                slow: Callable[[Any, Any, Any, Any], Any],
                find: Callable[[Any, str], Any]) -> Callable[[Any], Any]:
    """A closure for `left op right`; each operand is (shape, constant|key|closure)."""
    args: list[Any] = []
    for shape, payload in (left, right):
        args += [payload if shape == "const" else None, payload if shape == "var" else None,
                 payload if shape == "expr" else None]
    return _factory(op, left[0], right[0])(*args, op, slow, find)
