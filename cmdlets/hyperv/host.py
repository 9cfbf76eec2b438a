"""Get-VMHost, Set-VMHost, Get-VMHostSupportedVersion: the host itself (§7.15-7.16).

The simulated host is a Windows 11 22H2 machine: configuration versions 8.0 to 11.0,
11.0 the default. Remote hosts are not available (design.md §9).
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Optional

from engine import errors as ee
from pyshell.runtime import Example, Parameter, Switch, cmdlet

from .records import CimSession, VMHost, VMHostSupportedVersion
from .resolve import HyperVCmdlet

__all__ = ["GetVMHostCommand", "SetVMHostCommand", "GetVMHostSupportedVersionCommand"]

_CLS = "Microsoft.HyperV.PowerShell.Commands."


class _HostCmdlet(HyperVCmdlet):
    computer_name: Annotated[Optional[list[str]], Parameter(
        position=0, parameter_set="ComputerName", from_pipeline=True)] = None
    credential: Annotated[Optional[list[Any]], Parameter(
        position=1, parameter_set="ComputerName")] = None
    cim_session: Annotated[Optional[list[CimSession]], Parameter(
        mandatory=True, position=0, parameter_set="CimSession",
        from_pipeline_by_property_name=True)] = None


@cmdlet("Get", "VMHost", default_parameter_set="ComputerName", output_type=VMHost,
        dotnet_class=_CLS + "GetVMHost")
class GetVMHostCommand(_HostCmdlet):
    """Gets a Hyper-V host.

    Shows the host's name, logical processors, memory capacity, default paths, migration
    settings and the configuration versions it supports.
    """

    examples = (Example("Get-VMHost", "Gets the local Hyper-V host."),)

    def process_record(self) -> None:
        self.check_local_host()
        self.write_object(VMHost.from_host(self.hyperv))


@cmdlet("Set", "VMHost", default_parameter_set="ComputerName", supports_should_process=True,
        output_type=VMHost, dotnet_class=_CLS + "SetVMHost")
class SetVMHostCommand(_HostCmdlet):
    """Configures a Hyper-V host.

    Changes the host's default folders, NUMA spanning, enhanced session mode, MAC address
    range and live-migration settings.
    """

    maximum_storage_migrations: Annotated[Optional[int], Parameter()] = None
    maximum_virtual_machine_migrations: Annotated[Optional[int], Parameter()] = None
    virtual_machine_migration_authentication_type: Annotated[Optional[str], Parameter()] = None
    use_any_network_for_migration: Annotated[Optional[bool], Parameter()] = None
    virtual_machine_migration_performance_option: Annotated[Optional[str], Parameter()] = None
    resource_metering_save_interval: Annotated[Optional[_dt.timedelta], Parameter()] = None
    virtual_hard_disk_path: Annotated[Optional[str], Parameter()] = None
    virtual_machine_path: Annotated[Optional[str], Parameter()] = None
    mac_address_maximum: Annotated[Optional[str], Parameter()] = None
    mac_address_minimum: Annotated[Optional[str], Parameter()] = None
    fibre_channel_wwnn: Annotated[Optional[str], Parameter()] = None
    fibre_channel_wwpn_maximum: Annotated[Optional[str], Parameter()] = None
    fibre_channel_wwpn_minimum: Annotated[Optional[str], Parameter()] = None
    numa_spanning_enabled: Annotated[Optional[bool], Parameter()] = None
    enable_enhanced_session_mode: Annotated[Optional[bool], Parameter()] = None
    passthru: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example(r"Set-VMHost -VirtualMachinePath 'D:\Hyper-V' -Passthru",
                "Makes D:\\Hyper-V the default folder for new virtual machines."),
    )

    _FIELDS = ("maximum_storage_migrations", "maximum_virtual_machine_migrations",
               "virtual_machine_migration_authentication_type", "use_any_network_for_migration",
               "virtual_machine_migration_performance_option", "virtual_hard_disk_path",
               "virtual_machine_path", "mac_address_maximum", "mac_address_minimum",
               "fibre_channel_wwnn", "fibre_channel_wwpn_maximum", "fibre_channel_wwpn_minimum",
               "numa_spanning_enabled", "enable_enhanced_session_mode")

    def process_record(self) -> None:
        self.check_local_host()
        changes = {f: getattr(self, f) for f in self._FIELDS if getattr(self, f) is not None}
        interval = self.resource_metering_save_interval
        if interval is not None:
            # The host keeps whole hours, at least one.
            changes["resource_metering_save_interval_hours"] = max(
                1, int(interval.total_seconds() // 3600))
        if not changes:
            raise self.fail("No changes were made to the host because no parameters were "
                            "specified. To make changes to the host, run Set-VMHost with one "
                            "or more parameters.")
        host = self.hyperv
        if not self.should_process(host.name, description=(
                f'Set-VMHost will configure host "{host.name}".')):
            return
        spanning = host.settings.numa_spanning_enabled
        try:
            host.set_host(**changes)
        except ee.EngineError as error:
            self.write_engine_error(error)
            return
        if host.settings.numa_spanning_enabled != spanning:
            self.write_warning("You must restart the Hyper-V Virtual Machine Management Service "
                               "to apply the changes.")
        if self.passthru:
            self.write_object(VMHost.from_host(host))


@cmdlet("Get", "VMHostSupportedVersion", default_parameter_set="ComputerName",
        output_type=VMHostSupportedVersion, dotnet_class=_CLS + "GetVMHostSupportedVersion")
class GetVMHostSupportedVersionCommand(_HostCmdlet):
    """Returns a list of virtual machine configuration versions that are supported on a host.

    This host is a Windows 11 22H2 machine: versions 8.0 to 11.0, and 11.0 is the default
    for new virtual machines. -Default returns only the default version.
    """

    default: Annotated[Switch, Parameter()] = Switch(False)

    examples = (
        Example("Get-VMHostSupportedVersion", "Lists the configuration versions of the host."),
        Example("Get-VMHostSupportedVersion -Default", "Shows the default configuration version."),
    )

    def process_record(self) -> None:
        self.check_local_host()
        for v in self.hyperv.supported_versions():
            if self.default and not v.is_default:
                continue
            self.write_object(VMHostSupportedVersion.from_engine(v, self.computer))
