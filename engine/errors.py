"""EngineError hierarchy: structured failures the Hyper-V cmdlets turn into error records.

Every error carries the fields a cmdlet needs (names, ids, states, sizes) plus a one-line
English ``message`` modelled on the real Hyper-V text where one exists. The engine never
prints; cmdlets pick ``error_id``/category from the class and reuse or rephrase ``message``.
No error ever carries key material.
"""

from __future__ import annotations

import enum
import uuid
from typing import Any

__all__ = [
    "EngineError",
    "NotFound",
    "InvalidState",
    "InvalidParameter",
    "InvalidOperation",
    "OutOfMemory",
    "Requirement",
    "RequirementNotMet",
    "KeysExhausted",
    "HardwareBusy",
    "HostLocked",
    "GeneralProtection",
    "MachineCheck",
    "EptViolation",
    "StoreCorrupt",
]


class EngineError(Exception):
    """Base class. ``message`` is a complete sentence; ``error_id`` is Hyper-V's ErrorId."""

    error_id = "Unspecified"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(EngineError):
    """A virtual machine, checkpoint, profile or KeyID that does not exist.

    ``kind`` is ``"VirtualMachine"``, ``"Checkpoint"``, ``"Profile"`` or ``"KeyId"``;
    ``name`` is the name, id (``uuid.UUID``) or number that was asked for.
    """

    error_id = "ObjectNotFound"

    def __init__(self, kind: str, name: object) -> None:
        self.kind = kind
        self.name = name
        if kind == "VirtualMachine":
            what = "id" if isinstance(name, uuid.UUID) else "name"
            text = f'Hyper-V was unable to find a virtual machine with {what} "{name}".'
        elif kind == "Checkpoint":
            text = "Unable to find a snapshot matching the given criteria."
        else:
            text = f'Hyper-V was unable to find a {kind} "{name}".'
        super().__init__(text)


class InvalidState(EngineError):
    """The operation is not allowed in the VM's current state (hyperv-cmdlets.md §6)."""

    error_id = "InvalidState"

    def __init__(self, vm_name: str, state: enum.Enum, operation: str) -> None:
        self.vm_name = vm_name
        self.state = state
        self.operation = operation
        super().__init__(
            "The operation cannot be performed while the virtual machine is in its current state."
        )


class InvalidParameter(EngineError):
    """A value the host refuses. ``parameter`` is the cmdlet-facing parameter name."""

    error_id = "InvalidParameter"

    def __init__(self, parameter: str, value: Any, message: str) -> None:
        self.parameter = parameter
        self.value = value
        super().__init__(message)


class InvalidOperation(EngineError):
    """An operation that is refused for a reason other than state, e.g. checkpoints disabled."""

    error_id = "InvalidOperation"

    def __init__(self, vm_name: str, operation: str, message: str) -> None:
        self.vm_name = vm_name
        self.operation = operation
        super().__init__(message)


class OutOfMemory(EngineError):
    """Not enough host memory to start a VM; the VM stays in the state it was in."""

    error_id = "OperationFailed"

    def __init__(self, vm_name: str, vm_id: uuid.UUID, required: int, available: int) -> None:
        self.vm_name = vm_name
        self.vm_id = vm_id
        self.required = required
        self.available = available
        super().__init__(
            f"Not enough memory in the system to start the virtual machine {vm_name} with ram "
            f"size {required // 2**20} megabytes. (Virtual machine ID {str(vm_id).upper()})"
        )


class Requirement(enum.Enum):
    """The memory-encryption requirements of design.md §4, in the order they are checked."""

    GENERATION = "Generation"
    CONFIGURATION_VERSION = "ConfigurationVersion"
    PROCESSOR = "Processor"
    FREE_KEYID = "FreeKeyId"


class RequirementNotMet(EngineError):
    """An encryption requirement failed. Raised for AlwaysEnabled; for EnabledIfSupported the
    same object is returned as the fallback reason (``Outcome.encryption_fallback``)."""

    error_id = "OperationFailed"

    def __init__(self, vm_name: str, vm_id: uuid.UUID, requirement: Requirement, detail: str) -> None:
        self.vm_name = vm_name
        self.vm_id = vm_id
        self.requirement = requirement
        self.detail = detail
        super().__init__(detail)


class KeysExhausted(RequirementNotMet):
    """Every usable TME-MK KeyID is taken: ``in_use`` of ``total``."""

    def __init__(self, vm_name: str, vm_id: uuid.UUID, in_use: int, total: int) -> None:
        self.in_use = in_use
        self.total = total
        super().__init__(
            vm_name,
            vm_id,
            Requirement.FREE_KEYID,
            f"'{vm_name}' cannot use memory encryption: no free TME-MK KeyID "
            f"({in_use} of {total} in use).",
        )


class HardwareBusy(EngineError):
    """Firmware settings change only with every VM off (it is a host reboot)."""

    error_id = "InvalidState"

    def __init__(self, running: tuple[str, ...]) -> None:
        self.running = running
        names = ", ".join(running)
        super().__init__(
            "The host hardware settings can be changed only while every virtual machine is off "
            f"(still running: {names})."
        )


class HostLocked(EngineError):
    """Another process holds the host directory."""

    error_id = "ObjectInUse"

    def __init__(self, directory: str, holder: str) -> None:
        self.directory = directory
        self.holder = holder
        super().__init__(
            f"The host store '{directory}' is in use by another process ({holder}). "
            "Close the other shell or use a different host directory (PYSHELL_HOST_DIR)."
        )


class GeneralProtection(EngineError):
    """#GP(0) from WRMSR or PCONFIG; ``reason`` says which rule fired."""

    error_id = "InvalidOperation"

    def __init__(self, instruction: str, reason: str) -> None:
        self.instruction = instruction
        self.reason = reason
        super().__init__(f"#GP(0) on {instruction}: {reason}")


class MachineCheck(EngineError):
    """An integrity-protected line failed its MAC check on read."""

    error_id = "OperationFailed"

    def __init__(self, address: int, key_id: int) -> None:
        self.address = address
        self.key_id = key_id
        super().__init__(
            f"Machine check: integrity failure on line 0x{address:x} (KeyID {key_id})."
        )


class EptViolation(EngineError):
    """A guest access that SLAT cannot translate, or that the entry forbids."""

    error_id = "InvalidParameter"

    def __init__(self, gpa: int, access: str, reason: str) -> None:
        self.gpa = gpa
        self.access = access
        self.reason = reason
        super().__init__(f"EPT violation: {access} of guest address 0x{gpa:x} ({reason}).")


class StoreCorrupt(EngineError):
    """A host-store file could not be read back."""

    error_id = "InvalidData"

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"The host store file '{path}' is unreadable: {detail}")
