"""EngineError -> ErrorRecord, with the ids, categories and texts of the real module.

hyperv-cmdlets.md §2 and §9: every failure is a `VirtualizationException` whose ErrorId
comes from a fixed list (`InvalidParameter`, `InvalidState`, `ObjectNotFound`,
`OperationFailed`, ...). `Get-VM` is the one cmdlet that reports a missing name as
`InvalidParameter`/InvalidArgument with the name as target; the others use
`ObjectNotFound` without a target. A host job failure (a VM that cannot start) surfaces as
`OperationFailed` with category NotSpecified.
"""

from __future__ import annotations

from typing import Any

from engine import errors as ee
from pyshell.runtime.errors import ErrorCategory, ErrorRecord, PSException

__all__ = [
    "VirtualizationException", "hyperv_record", "record_for", "not_found_record", "invalid_argument",
    "fallback_warning", "start_failure_text", "ALREADY_IN_STATE", "PAUSED_WARNING",
    "WRONG_STATE",
]

ALREADY_IN_STATE = "The virtual machine is already in the specified state."
PAUSED_WARNING = ('The virtual machine "{0}" was paused. Use the Resume-VM cmdlet to return a '
                  "paused virtual machine to a running state.")
WRONG_STATE = ("The operation cannot be performed while the virtual machine is in its current "
               "state.")


class VirtualizationException(PSException):
    """`Microsoft.HyperV.PowerShell.VirtualizationException`: what every Hyper-V error wraps."""

    dotnet_name = "Microsoft.HyperV.PowerShell.VirtualizationException"


# ErrorId -> category, as the module's helper assigns them (§2).
_CATEGORIES = {
    "InvalidParameter": ErrorCategory.InvalidArgument,
    "InvalidState": ErrorCategory.InvalidOperation,
    "InvalidOperation": ErrorCategory.InvalidOperation,
    "ObjectNotFound": ErrorCategory.ObjectNotFound,
    "OperationFailed": ErrorCategory.NotSpecified,
    "ObjectInUse": ErrorCategory.ResourceBusy,
    "InvalidData": ErrorCategory.InvalidData,
    "AccessDenied": ErrorCategory.PermissionDenied,
    "NotSupported": ErrorCategory.NotImplemented,
    "OutOfMemory": ErrorCategory.NotSpecified,
}


def hyperv_record(cmd: Any, message: str, error_id: str, target: Any = None) -> ErrorRecord:
    """A record of the module's own: a VirtualizationException with the category its id has."""
    category = _CATEGORIES.get(error_id, ErrorCategory.NotSpecified)
    record: ErrorRecord = cmd.error_record(VirtualizationException(message), error_id, category,
                                           target)
    return record


def start_failure_text(error: ee.EngineError) -> str:
    """One line: the VM failed to start, and why (the requirement or the memory)."""
    name = getattr(error, "vm_name", "")
    if isinstance(error, ee.RequirementNotMet):
        prefix = f"'{name}' cannot use memory encryption: "
        reason = error.message[len(prefix):] if error.message.startswith(prefix) \
            else error.message
        return (f"'{name}' failed to start: its memory encryption policy is AlwaysEnabled, "
                f"but {reason}")
    return f"'{name}' failed to start. {error.message}"


def record_for(cmd: Any, error: ee.EngineError, *, get_vm: bool = False) -> ErrorRecord:
    """The error record a cmdlet writes for an engine error."""
    if isinstance(error, ee.NotFound):
        if error.kind == "VirtualMachine":
            return not_found_record(cmd, error.message, error.name, get_vm=get_vm)
        return hyperv_record(cmd, error.message, "ObjectNotFound")
    if isinstance(error, ee.InvalidState):
        return hyperv_record(cmd, WRONG_STATE, "InvalidState", error.vm_name)
    if isinstance(error, (ee.OutOfMemory, ee.RequirementNotMet)):
        return hyperv_record(cmd, start_failure_text(error), "OperationFailed")
    if isinstance(error, ee.InvalidParameter):
        return hyperv_record(cmd, error.message, "InvalidParameter", error.value)
    if isinstance(error, ee.InvalidOperation):
        return hyperv_record(cmd, error.message, "InvalidOperation", error.vm_name)
    return hyperv_record(cmd, error.message, error.error_id)


def not_found_record(cmd: Any, message: str, name: Any, *, get_vm: bool) -> ErrorRecord:
    if get_vm:
        return hyperv_record(cmd, message, "InvalidParameter", name)
    return hyperv_record(cmd, message, "ObjectNotFound")


def invalid_argument(cmd: Any, message: str, target: Any = None) -> ErrorRecord:
    return hyperv_record(cmd, message, "InvalidParameter", target)


def fallback_warning(reason: ee.RequirementNotMet) -> str:
    """EnabledIfSupported could not encrypt: one line naming the failed requirement."""
    return f"{reason.message} The virtual machine was started without memory encryption."
