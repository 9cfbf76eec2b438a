"""Start-VM, Stop-VM, Save-VM, Suspend-VM, Resume-VM, Restart-VM: the VM state machine.

The allowed transitions are the table of hyperv-cmdlets.md §6, enforced by the engine:
asking for the state a VM is already in is a warning, a transition the state does not
allow is an `InvalidState` error, and either way the cmdlet goes on with the next VM.
Guests run the shutdown integration service (design.md §8), so `Stop-VM` shuts a running
VM down cleanly instead of asking to turn it off.
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Optional

from engine import errors as ee
from engine.partition import Operation, VMState
from pyshell.runtime import Alias, Example, Parameter, Switch, ValidateRange, cmdlet
from pyshell.runtime.values import UInt16

from . import enums as E
from .errors import ALREADY_IN_STATE, PAUSED_WARNING, fallback_warning
from .records import VirtualMachine
from .resolve import VMCmdlet

__all__ = ["StartVMCommand", "StopVMCommand", "SaveVMCommand", "SuspendVMCommand",
           "ResumeVMCommand", "RestartVMCommand"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."


class _PowerCmdlet(VMCmdlet):
    """A state change per VM: confirm, call the host, report warnings, pass through."""

    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    def change(self, p: Any, action: Callable[[Any], Any]) -> None:
        try:
            outcome = action(p)
        except ee.EngineError as error:
            self.write_engine_error(error)
            return
        if outcome is not None:
            self.report(p, outcome)
        if self.passthru:
            self.write_object(self.vm_record(p))

    def report(self, p: Any, outcome: Any) -> None:
        if outcome.already_in_state:
            self.write_warning(ALREADY_IN_STATE)
        if outcome.encryption_fallback is not None:
            self.write_warning(fallback_warning(outcome.encryption_fallback))


@cmdlet("Start", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "StartVM")
class StartVMCommand(_PowerCmdlet):
    """Starts a virtual machine.

    Starts virtual machines that are off, saved or paused. A saved virtual machine is
    restored (with a new memory-encryption key); a paused one is resumed with a warning.
    With a memory encryption policy the virtual machine gets its own TME-MK key when it
    meets the requirements; otherwise EnabledIfSupported starts it unencrypted with a
    warning and AlwaysEnabled refuses to start it.
    """

    examples = (
        Example("Start-VM -Name TestVM", "Starts the virtual machine TestVM."),
        Example("Start-VM -Name Test*", "Starts every virtual machine whose name starts with Test."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if self.should_process(p.name, description=(
                    f'Start-VM will start the virtual machine "{p.name}".')):
                self.change(p, self._start)

    def _start(self, p: Any) -> Any:
        """Start, taking the automatic checkpoint the real cmdlet takes first (§7.3): an Off
        VM with automatic checkpoints on and no parent checkpoint. If the start fails the
        checkpoint goes again, so a failed start leaves nothing behind."""
        host = self.hyperv
        automatic = None
        if p.state is VMState.Off and p.config.automatic_checkpoints_enabled \
                and p.parent_checkpoint is None and p.config.checkpoint_type.name != "Disabled":
            now = host.clock.now()
            hour = now.strftime("%I").lstrip("0")
            stamp = f"{now.month}/{now.day}/{now.year} - {hour}:{now:%M:%S %p}"
            automatic = host.checkpoint(p, f"Automatic Checkpoint - {p.name} - ({stamp})")
        try:
            return host.start(p)
        except ee.EngineError:
            if automatic is not None:
                host.remove_checkpoint(p, automatic)
            raise

    def report(self, p: Any, outcome: Any) -> None:
        if outcome.resumed_from_pause:
            self.write_warning(PAUSED_WARNING.format(p.name))
        super().report(p, outcome)


SHUTDOWN_PROMPT = (
    'Hyper-V can\'t shut down virtual machine "{0}" because the Shutdown integration service '
    "is unavailable. You can turn off the virtual machine by selecting [Y]es, but this is "
    "similar to pulling the power on a physical machine. To avoid potential data loss, select "
    "[N]o, then pause or save the virtual machine. Do you want to turn off the virtual machine?")


@cmdlet("Stop", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "StopVM")
class StopVMCommand(_PowerCmdlet):
    """Shuts down, turns off, or saves a virtual machine.

    By default the guest is shut down through its shutdown integration service (Running to
    Off). -TurnOff cuts the power (also from Paused or Saved, discarding the saved state);
    -Save saves the virtual machine instead. The memory-encryption key of the virtual
    machine is destroyed when it stops.
    """

    save: Annotated[Switch, Parameter()] = Switch(False)
    turn_off: Annotated[Switch, Parameter()] = Switch(False)
    force: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Stop-VM -Name TestVM", "Shuts down the guest of TestVM."),
        Example("Stop-VM -Name TestVM -TurnOff", "Turns TestVM off at once."),
        Example("Stop-VM -Name TestVM -Save", "Saves TestVM."),
    )

    def begin_processing(self) -> None:
        super().begin_processing()
        if self.save and self.turn_off:
            raise self.fail("The Save and TurnOff parameters are mutually exclusive.")

    def process_record(self) -> None:
        host = self.hyperv
        for p in self.targets():
            if self.save:
                text, action = f'Stop-VM will save virtual machine "{p.name}".', host.save
            elif self.turn_off:
                text = f'Stop-VM will turn off virtual machine "{p.name}".'
                action = host.turn_off
            else:
                text = f'Stop-VM will shut down the virtual machine "{p.name}".'
                action = self._shut_down
            if self.should_process(p.name, description=text):
                self.change(p, action)

    def _shut_down(self, p: Any) -> Any:
        # Only a running guest can run its shutdown service; a paused or saved one can
        # only be turned off, which the real cmdlet asks about first (yes with -Force).
        if p.state in (VMState.Paused, VMState.Saved, VMState.FastSaved):
            if not self.should_continue(SHUTDOWN_PROMPT.format(p.name), "Confirm",
                                        force=bool(self.force)):
                return None
            return self.hyperv.turn_off(p)
        return self.hyperv.stop(p, Operation.SHUTDOWN, force=bool(self.force))


@cmdlet("Save", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "SaveVM")
class SaveVMCommand(_PowerCmdlet):
    """Saves a virtual machine.

    Saves the memory of a running or paused virtual machine and turns it off (state
    Saved). Start-VM restores it. The saved state is plaintext, as a real .vmrs file is:
    TME-MK protects DRAM, not saved state.
    """

    examples = (
        Example("Save-VM -Name TestVM", "Saves TestVM."),
        Example("Get-VM -Name Win* | Save-VM", "Saves every virtual machine whose name starts with Win."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if self.should_process(p.name, description=(
                    f'Save-VM will save virtual machine "{p.name}".')):
                self.change(p, self.hyperv.save)


@cmdlet("Suspend", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "SuspendVM")
class SuspendVMCommand(_PowerCmdlet):
    """Suspends, or pauses, a virtual machine.

    Pauses a running virtual machine; its memory and encryption key stay in place.
    """

    examples = (
        Example("Suspend-VM -Name TestVM", "Pauses TestVM."),
        Example("Suspend-VM -Name Test*", "Pauses every virtual machine whose name starts with Test."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if self.should_process(p.name, description=(
                    f'Suspend-VM will suspend the virtual machine "{p.name}".')):
                self.change(p, self.hyperv.pause)


@cmdlet("Resume", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "ResumeVM")
class ResumeVMCommand(_PowerCmdlet):
    """Resumes a suspended (paused) virtual machine.

    Only a paused virtual machine can be resumed; use Start-VM for one that is saved or off.
    """

    examples = (Example("Resume-VM -Name TestVM", "Resumes the paused virtual machine TestVM."),)

    def process_record(self) -> None:
        for p in self.targets():
            if self.should_process(p.name, description=(
                    f'Resume-VM will resume the virtual machine "{p.name}".')):
                self.change(p, self.hyperv.resume)


@cmdlet("Restart", "VM", default_parameter_set="Name", supports_should_process=True,
        output_type=VirtualMachine, dotnet_class=_CLS + "RestartVM")
class RestartVMCommand(_PowerCmdlet):
    """Restarts a virtual machine.

    Resets a running virtual machine: its memory is cleared, it gets a new encryption key,
    and its uptime starts again. Asks for confirmation unless -Force is given.
    """

    # -Wait/-For/-Delay/-Timeout exist in every set of the real cmdlet's Wait sets; the
    # guest's heartbeat is back at once here, so waiting never takes time.
    force: Annotated[Switch, Parameter()] = Switch(False)
    wait: Annotated[Switch, Parameter()] = Switch(False)
    for_: Annotated[Optional[E.WaitVMTypes], Parameter(name="For")] = None
    delay: Annotated[Optional[UInt16], Parameter(), ValidateRange(1, 65535)] = None
    timeout: Annotated[Optional[int], Parameter(), Alias("TimeoutSec"),
                       ValidateRange(-1, 2**31 - 1)] = None
    type: Annotated[Optional[E.RestartType], Parameter()] = None

    examples = (
        Example("Restart-VM TestVM -Force", "Restarts TestVM without asking."),
        Example("Restart-VM -Name TestVM -Force -Wait -For Heartbeat",
                "Restarts TestVM and waits for its heartbeat."),
    )

    def process_record(self) -> None:
        for p in self.targets():
            if not self.should_process(p.name, description=(
                    f'Restart-VM will restart virtual machine "{p.name}".')):
                continue
            if not self.should_continue(
                    f'Are you sure you want to restart virtual machine "{p.name}"?', "Confirm",
                    force=bool(self.force)):
                continue
            self.change(p, self.hyperv.restart)
