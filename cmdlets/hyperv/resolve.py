"""What every Hyper-V cmdlet shares: finding VMs, the local-host check, engine errors.

The real module picks VMs two ways (hyperv-cmdlets.md §2): by name (wildcards allowed,
case-insensitive, several VMs may share a name; a plain name that matches nothing is one
non-terminating error, a wildcard that matches nothing is silent) or by `-VM` objects, which
are snapshots and so are looked up again by id. `-ComputerName`/`-CimSession` exist only
in the name-based sets; this host answers only for itself (design.md §8-9).
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any, Iterable, Optional

from engine import errors as ee
from pyshell.runtime import Alias, ArgumentCompleter, Parameter, SupportsWildcards
from pyshell.runtime.commands import Cmdlet
from pyshell.runtime.errors import PSException
from pyshell.runtime.wildcard import compile_wildcard, has_wildcards, unescape_wildcards

from .errors import hyperv_record, invalid_argument, not_found_record, record_for
from .records import CimSession, VirtualMachine, VMSnapshot

__all__ = [
    "HyperVCmdlet", "VMCmdlet", "VMComponentCmdlet", "VMComponentGetCmdlet",
    "complete_vm_names", "LOCAL_NAMES", "NAME_SET", "OBJECT_SET", "VMNAME_SET", "SNAPSHOT_SET",
]

NAME_SET = "Name"
OBJECT_SET = "VMObject"
VMNAME_SET = "VMName"
SNAPSHOT_SET = "VMSnapshot"
LOCAL_NAMES = ("localhost", ".", "127.0.0.1", "::1")

_NAME_HELP = ("The names of the virtual machines. Wildcards are allowed; a name without "
              "wildcards that matches no virtual machine is an error.")
_VM_HELP = ("Virtual machine objects, as Get-VM returns them. Each one is looked up again by "
            "its id, so it may be out of date.")
_COMPUTER_HELP = ("The Hyper-V host: only the local host ('localhost', '.', or its name) is "
                  "available.")
_CIM_HELP = "A CIM session to the local host (the CimSession property of any Hyper-V object)."


def complete_vm_names(session: Any, word: str) -> list[str]:
    """Tab completion for VM name parameters: the names that start with what was typed."""
    try:
        host = session.module_state("Hyper-V")
        names = [p.name for p in host.partitions()]
    except Exception:  # completion must never break the prompt
        return []
    prefix = (word or "").strip("'\"")
    regex = compile_wildcard(prefix + "*" if not prefix.endswith("*") else prefix)
    seen: list[str] = []
    for name in names:
        if regex.fullmatch(name) and name not in seen:
            seen.append(name)
    return [f"'{n}'" if re.search(r"\s", n) else n for n in seen]


class HyperVCmdlet(Cmdlet):
    """Base of the module's cmdlets: the engine host, errors, remoting and job refusals."""

    @property
    def hyperv(self) -> Any:
        """The session's engine `Host` (the module state). Opening it can fail (another
        shell holds the store's lock): that is a terminating error, never a traceback."""
        try:
            return self.module_state
        except ee.EngineError as error:
            raise self.terminating_error(record_for(self, error)) from None

    @property
    def computer(self) -> str:
        return str(self.hyperv.name)

    # -- records ----------------------------------------------------------------------------
    def vm_record(self, p: Any) -> VirtualMachine:
        return VirtualMachine.from_partition(p, self.computer)

    # -- errors -----------------------------------------------------------------------------
    def write_engine_error(self, error: ee.EngineError, *, get_vm: bool = False) -> None:
        self.write_error(record_for(self, error, get_vm=get_vm))

    def fail(self, message: str, error_id: str = "InvalidParameter", target: Any = None) -> Any:
        """A terminating error with the module's exception type (raise the result)."""
        return self.terminating_error(hyperv_record(self, message, error_id, target))

    # -- remoting and jobs ------------------------------------------------------------------
    def is_local(self, computer: Any) -> bool:
        if isinstance(computer, CimSession):
            computer = computer.computer_name
        text = str(getattr(computer, "ComputerName", computer)).strip()
        return text.lower() in LOCAL_NAMES or text.lower() == self.computer.lower() \
            or text.lower().split(".")[0] == self.computer.lower()

    def check_local_host(self) -> None:
        """-ComputerName/-CimSession: the local host in any spelling, else a clear refusal."""
        for attr in ("computer_name", "cim_session"):
            for computer in getattr(self, attr, None) or ():
                if not self.is_local(computer):
                    shown = computer.computer_name if isinstance(computer, CimSession) \
                        else str(computer)
                    raise self.fail(
                        f"The operation on computer '{shown}' failed: this shell manages only "
                        f"the local Hyper-V host ('{self.computer}', 'localhost' or '.').",
                        "InvalidParameter", shown)

    def refuse_as_job(self) -> None:
        if not getattr(self, "as_job", False):
            return
        if getattr(self, "passthru", False):
            raise self.fail("The Asjob and Passthru switches cannot be set at the same time.")
        raise self.fail("Background jobs are not available in this shell yet: run the command "
                        "without -AsJob.", "NotSupported")

    def begin_processing(self) -> None:
        self.refuse_as_job()
        self.check_local_host()

    # -- finding VMs ------------------------------------------------------------------------
    def find_by_names(self, names: Iterable[str], *, get_vm: bool = False) -> list[Any]:
        """VMs matching each name in turn; one error per plain name that matched nothing."""
        found: list[Any] = []
        every = self.hyperv.partitions()
        for name in names:
            if name is None:
                continue
            text = str(name)
            if has_wildcards(text):
                try:
                    regex = compile_wildcard(text)
                except PSException as error:  # `a[`: not a pattern, and not a name either
                    self.write_error(invalid_argument(self, error.message, text))
                    continue
                matches = [p for p in every if regex.fullmatch(p.name)]
            else:
                plain = unescape_wildcards(text).casefold()
                matches = [p for p in every if p.name.casefold() == plain]
                if not matches:
                    message = f'Hyper-V was unable to find a virtual machine with name "{text}".'
                    self.write_error(not_found_record(self, message, text, get_vm=get_vm))
            for p in matches:
                if all(p.id != q.id for q in found):
                    found.append(p)
        return found

    def vm_targets(self, vms: Any, names: Any) -> list[Any]:
        """The VMs of the `-VM` objects, else of the names (the VMObject or a name set)."""
        if self.parameter_set_name == OBJECT_SET or (vms and not names):
            return self.find_by_records(vms or ())
        return self.find_by_names(names or ())

    def find_by_records(self, vms: Iterable[Any]) -> list[Any]:
        """Look each VM object up again by id: it may have changed (or gone) since."""
        found: list[Any] = []
        for vm in vms or ():
            vm_id = _id_of(vm)
            try:
                p = self.hyperv.get(vm_id)
            except ee.NotFound as error:
                self.write_engine_error(error)
                continue
            if all(p.id != q.id for q in found):
                found.append(p)
        return found

    def find_checkpoints(self, snapshots: Iterable[Any]) -> list[tuple[Any, Any]]:
        """(VM, checkpoint) of each `VMSnapshot` object, looked up again by id."""
        pairs = []
        for s in snapshots or ():
            try:
                p = self.hyperv.get(s.vm_id)
                pairs.append((p, self.hyperv.get_checkpoint(p, s.id)))
            except ee.EngineError as error:
                self.write_engine_error(error)
        return pairs


def _id_of(vm: Any) -> uuid.UUID:
    for attr in ("vm_id", "id"):
        value = getattr(vm, attr, None)
        if isinstance(value, uuid.UUID):
            return value
    from pyshell.runtime import get_property_value
    value = get_property_value(vm, "VMId") or get_property_value(vm, "Id")
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# -VM, the same in both families of VM cmdlets below.
VMObjects = Annotated[list[VirtualMachine], Parameter(
    mandatory=True, position=0, parameter_set=OBJECT_SET, from_pipeline=True, name="VM",
    help_message=_VM_HELP)]


# Parameters shared by the VM verbs (Start-VM, Stop-VM, ...): the Name and VMObject sets.
class VMCmdlet(HyperVCmdlet):
    """Cmdlets that act on whole VMs: `-Name` (alias `-VMName`) or `-VM`."""

    cim_session: Annotated[Optional[list[CimSession]], Parameter(
        parameter_set=NAME_SET, help_message=_CIM_HELP)] = None
    computer_name: Annotated[Optional[list[str]], Parameter(
        parameter_set=NAME_SET, help_message=_COMPUTER_HELP)] = None
    credential: Annotated[Optional[list[Any]], Parameter(parameter_set=NAME_SET)] = None
    name: Annotated[list[str], Parameter(mandatory=True, position=0, parameter_set=NAME_SET,
                                         from_pipeline=True, help_message=_NAME_HELP),
                    Alias("VMName"), SupportsWildcards(),
                    ArgumentCompleter(complete_vm_names)] = None  # type: ignore[assignment]
    vm: VMObjects = None  # type: ignore[assignment]

    def targets(self) -> list[Any]:
        return self.vm_targets(self.vm, self.name)


class VMComponentCmdlet(HyperVCmdlet):
    """Cmdlets over a part of a VM (memory, processor, firmware): `-VMName` or `-VM`."""

    cim_session: Annotated[Optional[list[CimSession]], Parameter(
        parameter_set=VMNAME_SET, help_message=_CIM_HELP)] = None
    computer_name: Annotated[Optional[list[str]], Parameter(
        parameter_set=VMNAME_SET, help_message=_COMPUTER_HELP)] = None
    credential: Annotated[Optional[list[Any]], Parameter(parameter_set=VMNAME_SET)] = None
    vm_name: Annotated[list[str], Parameter(mandatory=True, position=0, parameter_set=VMNAME_SET,
                                            from_pipeline=True, name="VMName",
                                            help_message=_NAME_HELP),
                       SupportsWildcards(),
                       ArgumentCompleter(complete_vm_names)] = None  # type: ignore[assignment]
    vm: VMObjects = None  # type: ignore[assignment]

    def targets(self) -> list[Any]:
        return self.vm_targets(self.vm, self.vm_name)


class VMComponentGetCmdlet(VMComponentCmdlet):
    """Get-VMMemory and its kin: the part of a VM, or of a checkpoint (`-VMSnapshot`)."""

    vm_snapshot: Annotated[Optional[VMSnapshot], Parameter(
        mandatory=True, position=0, parameter_set=SNAPSHOT_SET, from_pipeline=True,
        name="VMSnapshot"), Alias("VMCheckpoint")] = None

    def component_targets(self) -> list[tuple[Any, Any]]:
        """(VM, checkpoint or None) of each part to show."""
        if self.vm_snapshot is not None:
            return self.find_checkpoints([self.vm_snapshot])
        return [(p, None) for p in self.targets()]
