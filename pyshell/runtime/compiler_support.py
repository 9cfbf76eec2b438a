"""The compiler's view of the value layer, plus the small helpers every closure shares.

The operator, conversion and member semantics belong to `operators.py`, `conversion.py`,
`members.py` and `types.py`; this module imports them once, so compiled closures reach
them through one module.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language.ast import Extent
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, InvocationInfo, PSException, RuntimeException,
)
from pyshell.runtime.conversion import convert_to, to_bool, to_string
from pyshell.runtime.members import get_property_value, invoke_method, set_property_value
from pyshell.runtime.operators import binary_operation, unary_operation
from pyshell.runtime.signals import ReturnSignal
from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import AUTOMATION_NULL, Hashtable, OrderedDictionary, is_collection

__all__ = [
    "AUTOMATION_NULL", "binary_operation", "unary_operation", "to_bool", "to_string",
    "convert_to", "resolve_type", "get_property_value", "set_property_value", "invoke_method",
    "emit", "collected_value", "collect", "unwrap", "as_value", "is_collection", "runtime_error", "wrap_python_error",
    "attach_position", "Hashtable", "OrderedDictionary",
]

# --------------------------------------------------------------------------- output

def emit(value: Any, out: Callable[[Any], None]) -> None:
    """Write a value to the success stream: collections are unrolled one level."""
    if value is AUTOMATION_NULL:
        return
    if type(value) is list or (value is not None and is_collection(value)):
        for item in value:
            out(item)
    else:
        out(value)


def unwrap(items: list[Any]) -> Any:
    """What a pipeline's output is as a value: nothing, the one object, or an array."""
    n = len(items)
    if n == 0:
        return AUTOMATION_NULL
    if n == 1:
        return items[0]
    return items


def collected_value(run: Callable[[Any, Callable[[Any], None]], None]) -> Callable[[Any], Any]:
    """A closure giving the output of `run` as a value (see `unwrap`)."""
    def value(scope: Any) -> Any:
        return unwrap(collect(run, scope))
    return value


def collect(run: Callable[[Any, Callable[[Any], None]], None], scope: Any) -> list[Any]:
    """The output of `run` as a list (kept on a `return` that leaves early)."""
    items: list[Any] = []
    try:
        run(scope, items.append)
    except ReturnSignal as signal:
        signal.pending[:0] = items
        raise
    return items


def as_value(value: Any) -> Any:
    """AutomationNull becomes $null when stored."""
    return None if value is AUTOMATION_NULL else value


# --------------------------------------------------------------------------- errors

def runtime_error(message: str, error_id: str,
                  category: ErrorCategory = ErrorCategory.InvalidOperation,
                  target: Any = None, exc_type: type[PSException] = RuntimeException,
                  inner: Optional[BaseException] = None) -> PSException:
    """A terminating error carrying its record."""
    exc = exc_type(message, inner=inner)
    exc.error_record = ErrorRecord(exc, error_id, category, target)
    return exc


def wrap_python_error(exc: BaseException, what: str = "") -> PSException:
    """An unexpected Python failure as a PowerShell error that says what failed."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, ZeroDivisionError):
        from pyshell.runtime.errors import DivideByZeroException
        inner = DivideByZeroException("Attempted to divide by zero.")
        return runtime_error("Attempted to divide by zero.", "RuntimeException",
                             ErrorCategory.NotSpecified, inner=inner)
    if isinstance(exc, RecursionError):
        from pyshell.runtime.errors import ScriptCallDepthException
        return runtime_error("The script failed due to call depth overflow.",
                             "CallDepthOverflow", ErrorCategory.InvalidOperation,
                             exc_type=ScriptCallDepthException)
    prefix = f"{what} failed: " if what else "Internal error: "
    return runtime_error(f"{prefix}{type(exc).__name__}: {detail}", "InternalError",
                         ErrorCategory.NotSpecified, inner=exc)


def attach_position(exc: PSException, extent: Optional[Extent], script_name: Optional[str],
                    single_line: bool = False) -> PSException:
    """Give the exception's record the script position where it happened (first one wins)."""
    record = exc.error_record
    if record is None:
        record = ErrorRecord.from_exception(exc)
    if record.invocation_info is None or record.invocation_info.extent is None:
        command = record.invocation_info.my_command if record.invocation_info else None
        info = InvocationInfo(command, extent, script_name, single_line)
        exc.error_record = record.with_invocation(info)
    return exc


