"""What every operator module shares: error records, `$OFS`, operand normalisation."""

from __future__ import annotations

import enum
from typing import Any, Optional

from pyshell.runtime import conversion as cv
from pyshell.runtime.errors import (
    DivideByZeroException, ErrorCategory, ErrorRecord, PSException, RuntimeException,
    SystemException,
)
from pyshell.runtime.members import PSObject
from pyshell.runtime.values import AUTOMATION_NULL, Char, is_collection, numeric_kind

__all__ = [
    "operator_error", "divide_by_zero", "no_operator", "failed", "get_ofs", "normalize",
    "is_list", "is_numeric_like", "check_size", "MAX_ELEMENTS", "OutOfMemoryException",
]

# The most items (or characters) one operation may build. .NET fails with
# OutOfMemoryException long before a process runs out of memory; so does the shell, instead
# of being killed by the operating system.
MAX_ELEMENTS = 50_000_000


def operator_error(text: str, error_id: str, inner: Optional[PSException] = None,
                   category: ErrorCategory = ErrorCategory.InvalidOperation,
                   target: Any = None) -> RuntimeException:
    """A RuntimeException carrying its ErrorRecord (and the .NET exception as inner)."""
    exc = RuntimeException(text, inner=inner)
    exc.error_record = ErrorRecord(exc, error_id, category, target)
    return exc


def divide_by_zero() -> RuntimeException:
    inner = DivideByZeroException("Attempted to divide by zero.")
    return operator_error(inner.message, "RuntimeException", inner, ErrorCategory.NotSpecified)


def no_operator(left: Any, op_name: str) -> RuntimeException:
    return operator_error(
        f"Method invocation failed because [{cv.dotnet_type_name(left)}] does not contain a "
        f"method named '{op_name}'.", "MethodNotFound")


def failed(exc_value: Any, failure: cv.ConversionFailure, type_name: str) -> RuntimeException:
    return cv.conversion_error(exc_value, type_name, failure.reason, failure.error_id)


def get_ofs(context: Any) -> str:
    """`$OFS` from the context, a single space when unset."""
    return " " if context is None else cv.ofs_of(context)


def normalize(value: Any) -> Any:
    if value is AUTOMATION_NULL:
        return None
    if type(value) is PSObject and value.base is not None:
        return value.base
    return value


def is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or (is_collection(value) and not isinstance(
        value, (str, dict)))


def is_numeric_like(value: Any) -> bool:
    return (numeric_kind(value) is not None or isinstance(value, (bool, Char))
            or isinstance(value, enum.Enum))


class OutOfMemoryException(SystemException):
    dotnet_name = "System.OutOfMemoryException"


def check_size(count: int) -> None:
    """Raise PowerShell's out-of-memory error for a result of more than MAX_ELEMENTS."""
    if count > MAX_ELEMENTS:
        inner = OutOfMemoryException("Exception of type 'System.OutOfMemoryException' was "
                                     "thrown.")
        raise operator_error(inner.message, "System.OutOfMemoryException", inner,
                             ErrorCategory.NotSpecified)
