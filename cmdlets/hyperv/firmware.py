"""Get-VMFirmware and Set-VMFirmware: UEFI settings of Generation 2 VMs (§7.18)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Optional

from engine import errors as ee
from engine import partition as ep
from pyshell.runtime import Example, Parameter, Switch, cmdlet

from . import enums as E
from .errors import hyperv_record
from .records import VMFirmware
from .resolve import VMComponentCmdlet, VMComponentGetCmdlet

__all__ = ["GetVMFirmwareCommand", "SetVMFirmwareCommand", "GEN1_FIRMWARE"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
GEN1_FIRMWARE = ('The Generation 1 virtual machine or snapshot "{0}" does not support the '
                 "VMFirmware cmdlets. Use Get-VMBios and Set-VMBios instead.")
# The templates a Windows host ships (reference §7.18).
TEMPLATES = {
    "MicrosoftWindows": uuid.UUID("1734c6e8-3154-4dda-ba5f-a874cc483422"),
    "MicrosoftUEFICertificateAuthority": uuid.UUID("272e7447-90a4-4563-a4b9-8e4ab00526ce"),
    "OpenSourceShieldedVM": uuid.UUID("4292ae2b-ee2c-42b5-a969-dd8f8689f6f3"),
}


@cmdlet("Get", "VMFirmware", default_parameter_set="VMName", output_type=VMFirmware,
        dotnet_class=_CLS + "GetVMFirmware")
class GetVMFirmwareCommand(VMComponentGetCmdlet):
    """Gets the firmware configuration of a virtual machine.

    Shows Secure Boot, its template, the preferred network boot protocol and the boot order
    of a Generation 2 virtual machine. Generation 1 virtual machines have a BIOS instead.
    """

    examples = (Example('Get-VMFirmware "Test VM"',
                        'Gets the firmware settings of the Generation 2 virtual machine "Test VM".'),)

    def process_record(self) -> None:
        for p, c in self.component_targets():
            config = c.config if c is not None else p.config
            if config.generation != 2:
                self.write_error(self._gen1(p.name))
                continue
            self.write_object(VMFirmware.from_partition(p, self.computer, c))

    def _gen1(self, name: str) -> Any:
        return hyperv_record(self, GEN1_FIRMWARE.format(name), "InvalidOperation", name)


@cmdlet("Set", "VMFirmware", default_parameter_set="VMName", supports_should_process=True,
        output_type=VMFirmware, dotnet_class=_CLS + "SetVMFirmware")
class SetVMFirmwareCommand(VMComponentCmdlet):
    """Sets the firmware configuration of a virtual machine.

    Changes Secure Boot and its template, the preferred network boot protocol, the console
    mode and what happens after a boot failure, for Generation 2 virtual machines.
    """

    vm_firmware: Annotated[Optional[list[VMFirmware]], Parameter(
        mandatory=True, position=0, parameter_set="VMFirmware", from_pipeline=True,
        name="VMFirmware")] = None
    boot_order: Annotated[Optional[list[Any]], Parameter()] = None
    first_boot_device: Annotated[Optional[Any], Parameter()] = None
    enable_secure_boot: Annotated[Optional[E.OnOffState], Parameter()] = None
    secure_boot_template: Annotated[Optional[str], Parameter()] = None
    secure_boot_template_id: Annotated[Optional[uuid.UUID], Parameter()] = None
    preferred_network_boot_protocol: Annotated[Optional[E.IPProtocolPreference],
                                               Parameter()] = None
    console_mode: Annotated[Optional[E.ConsoleModeType], Parameter()] = None
    pause_after_boot_failure: Annotated[Optional[E.OnOffState], Parameter()] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example('Set-VMFirmware "Test VM" -EnableSecureBoot On',
                        'Turns Secure Boot on for "Test VM".'),)

    def begin_processing(self) -> None:
        super().begin_processing()
        if self.boot_order is not None and self.first_boot_device is not None:
            raise self.fail("The BootOrder and FirstBootEntry parameters are mutually exclusive.")
        if self.secure_boot_template is not None and self.secure_boot_template_id is not None:
            raise self.fail("The SecureBootTemplate and SecureBootTemplateId parameters are "
                            "mutually exclusive.")
        if self.boot_order is not None or self.first_boot_device is not None:
            # No disks or adapters are simulated, so nothing here is a boot device.
            raise self.fail("The specified device is not a valid boot device.")

    def _changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if self.enable_secure_boot is not None:
            changes["secure_boot"] = E.to_engine(self.enable_secure_boot, ep.OnOffState)
        if self.pause_after_boot_failure is not None:
            changes["pause_after_boot_failure"] = E.to_engine(self.pause_after_boot_failure,
                                                              ep.OnOffState)
        if self.preferred_network_boot_protocol is not None:
            changes["preferred_network_boot_protocol"] = E.to_engine(
                self.preferred_network_boot_protocol, ep.IPProtocolPreference)
        if self.console_mode is not None:
            changes["console_mode"] = E.to_engine(self.console_mode, ep.ConsoleMode)
        if self.secure_boot_template is not None:
            wanted = self.secure_boot_template.lower()
            matches = [n for n in TEMPLATES if n.lower().startswith(wanted)]
            exact = [n for n in matches if n.lower() == wanted]
            matches = exact or matches
            if not matches:
                raise self.fail(f"'{self.secure_boot_template}' matches none of the secure boot "
                                "templates.")
            if len(matches) > 1:
                raise self.fail(f"'{self.secure_boot_template}' matches more than one secure "
                                "boot template.")
            changes["secure_boot_template"] = matches[0]
            changes["secure_boot_template_id"] = TEMPLATES[matches[0]]
        if self.secure_boot_template_id is not None:
            name = next((n for n, i in TEMPLATES.items() if i == self.secure_boot_template_id),
                        None)
            if name is None:
                raise self.fail(f"'{self.secure_boot_template_id}' matches none of the secure "
                                "boot templates.")
            changes["secure_boot_template"] = name
            changes["secure_boot_template_id"] = self.secure_boot_template_id
        return changes

    def process_record(self) -> None:
        changes = self._changes()
        targets = self.find_by_records(self.vm_firmware) if self.vm_firmware else self.targets()
        for p in targets:
            if not self.should_process(p.name, description=(
                    "Set-VMFirmware will configure the firmware settings of virtual machine "
                    f'"{p.name}".')):
                continue
            try:
                self.hyperv.set_firmware(p, **changes)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if self.passthru:
                self.write_object(VMFirmware.from_partition(p, self.computer))
