"""Every PowerShell operator on values: `binary_operation(op, left, right, context)` and
`unary_operation(op, value, context)`.

The semantics live in three modules by kind: arithmetic and bitwise operators
(operators_arith.py), comparisons, membership, types and ranges (operators_compare.py), and
the text operators (operators_text.py). This module joins their tables and holds the entry
points, with fast paths for the overwhelmingly common Int32 and Double operands.

`context` is duck-typed (the session or a scope): `get_variable(name)` supplies `$OFS`,
`set_variable("Matches", table)` receives `$Matches`. Operators that run script blocks
(`-replace` with a block, `-split` with a predicate) call `block.invoke(dollar_under=x)`.
"""

from __future__ import annotations

from typing import Any, Callable

from pyshell.language.ast import BinaryOperator, UnaryOperator
from pyshell.runtime import conversion as cv
from pyshell.runtime.operators_arith import (
    ARITHMETIC_OPERATORS, FAST_FLOAT, FAST_INT, I32_MAX, I32_MIN, NUMERIC_UNARY_OPERATORS,
    arithmetic,
)
from pyshell.runtime.operators_common import get_ofs, normalize, operator_error
from pyshell.runtime.operators_compare import (
    COMPARISON_OPERATORS, compare_values, range_values, values_equal,
)
from pyshell.runtime.operators_text import TEXT_OPERATORS, TEXT_UNARY_OPERATORS, split_string
from pyshell.runtime.values import AUTOMATION_NULL

__all__ = [
    "binary_operation", "unary_operation", "compare_values", "values_equal", "get_ofs",
    "arithmetic", "range_values", "split_string", "operator_error",
]


def _coalesce(left: Any, right: Any, context: Any) -> Any:
    return right if left is None else left


def _logical(fn: Callable[[bool, bool], bool]) -> Callable[..., Any]:
    def operation(left: Any, right: Any, context: Any) -> bool:
        return fn(cv.to_bool(left), cv.to_bool(right))
    return operation


B = BinaryOperator
_BINARY: dict[BinaryOperator, Callable[[Any, Any, Any], Any]] = {
    **ARITHMETIC_OPERATORS, **COMPARISON_OPERATORS, **TEXT_OPERATORS,
    B.COALESCE: _coalesce, B.AND: _logical(lambda a, b: a and b),
    B.OR: _logical(lambda a, b: a or b), B.XOR: _logical(lambda a, b: a != b),
}
_missing = set(BinaryOperator) - set(_BINARY)
assert not _missing, f"operators without semantics: {_missing}"


def binary_operation(op: BinaryOperator, left: Any, right: Any, context: Any = None) -> Any:
    """Apply a binary operator with PowerShell semantics.

    `-and`, `-or` and `??` are evaluated here on already-computed operands; the compiler
    short-circuits them before calling when the right side need not run.
    """
    tl, tr = type(left), type(right)
    if tl is int and tr is int:
        if I32_MIN <= left <= I32_MAX and I32_MIN <= right <= I32_MAX:
            fast = FAST_INT.get(op)
            if fast is not None:
                return fast(left, right)
    elif (tl is float or tl is int) and (tr is float or tr is int):
        fast = FAST_FLOAT.get(op)
        if fast is not None:
            return fast(left, right)
    return _BINARY[op](normalize(left), normalize(right), context)


U = UnaryOperator
_UNARY: dict[UnaryOperator, Callable[[Any], Any]] = {
    **NUMERIC_UNARY_OPERATORS, **TEXT_UNARY_OPERATORS,
    U.NOT: lambda v: not cv.to_bool(v), U.EXCLAIM: lambda v: not cv.to_bool(v),
    U.COMMA: lambda v: [v],
}
_missing_unary = set(UnaryOperator) - set(_UNARY)
assert not _missing_unary, f"unary operators without semantics: {_missing_unary}"


def unary_operation(op: UnaryOperator, value: Any, context: Any = None) -> Any:
    """Apply a unary operator. `++`/`--` return the new value; the compiler assigns it and
    chooses what the expression yields (old value for postfix)."""
    if op is U.COMMA:
        return [None if value is AUTOMATION_NULL else value]
    return _UNARY[op](normalize(value))
