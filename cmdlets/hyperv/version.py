"""Update-VMVersion: raise a VM's configuration version to the host's maximum (§7.17)."""

from __future__ import annotations

from typing import Annotated

from engine import errors as ee
from pyshell.runtime import Example, Parameter, Switch, cmdlet

from .records import VirtualMachine
from .resolve import VMCmdlet

__all__ = ["UpdateVMVersionCommand", "AT_MAXIMUM"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."
AT_MAXIMUM = ('No update was performed for the virtual machine "{0}" because its configuration '
              "version is already at the maximum level supported by this server.  For clustered "
              "servers, the maximum supported configuration version can be limited by the "
              "cluster functional level.")


@cmdlet("Update", "VMVersion", default_parameter_set="Name", supports_should_process=True,
        confirm_impact="High", output_type=VirtualMachine, dotnet_class=_CLS + "UpdateVMVersion")
class UpdateVMVersionCommand(VMCmdlet):
    """Updates the version of virtual machines.

    Raises the configuration version of a virtual machine that is off or saved to the
    highest version the host supports (11.0). A saved state is discarded. The update cannot
    be undone, so the cmdlet asks for confirmation unless -Force is given.
    """

    force: Annotated[Switch, Parameter()] = Switch(False)
    as_job: Annotated[Switch, Parameter()] = Switch(False)
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example('Update-VMVersion -Name "VM06" -Force',
                        "Updates VM06 to the host's highest configuration version."),)

    def process_record(self) -> None:
        for p in self.targets():
            text = (f'Performing a configuration version update of "{p.name}" will prevent it '
                    "from being migrated to or imported on previous versions of Windows. This "
                    "operation is not reversible.")
            # -Force answers the high-impact confirmation; -WhatIf still only reports.
            if self.force and not self.is_bound("WhatIf"):
                proceed = True
            else:
                proceed = self.should_process(p.name, description=text)
            if not proceed:
                continue
            try:
                outcome = self.hyperv.update_version(p)
            except ee.EngineError as error:
                self.write_engine_error(error)
                continue
            if outcome.at_maximum_version:
                self.write_warning(AT_MAXIMUM.format(p.name))
            if self.passthru:
                self.write_object(self.vm_record(p))
