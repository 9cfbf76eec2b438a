"""Frozen records the Host returns: host settings, supported versions, hardware facts,
KeyID slots, power-loss reports and bus transactions. Plain values, no behaviour."""

from __future__ import annotations

import datetime as _dt
import os
import socket
import uuid

from attrs import frozen

from .cpu import Algorithm
from .keyunit import KeyState

__all__ = [
    "SupportedVersion",
    "SUPPORTED_VERSIONS",
    "HostSettings",
    "HardwareInfo",
    "KeySlotInfo",
    "PowerLossVictim",
    "PowerLossReport",
    "PhysicalRegion",
    "default_host_name",
]

#: Windows 11 22H2 (hyperv-cmdlets.md §8.3); 11.0 is the default.
_VERSION_NAMES = (
    ("8.0", "Microsoft Windows 10 Anniversary Update/Server 2016"),
    ("8.1", "Microsoft Windows 10 Creators Update"),
    ("8.2", "Microsoft Windows 10 Fall Creators Update/Server 1709"),
    ("8.3", "Microsoft Windows 10 April 2018 Update/Server 1803"),
    ("9.0", "Microsoft Windows 10 October 2018 Update/Server 2019"),
    ("9.1", "Microsoft Windows 10 May 2019 Update/Server 1903"),
    ("9.2", "Microsoft Windows 10 May 2020 Update/Server 2004"),
    ("9.3", "Microsoft Windows 10 (Manganese)"),
    ("10.0", "Microsoft Windows Server 2022"),
    ("11.0", "Microsoft Windows 11 (22H2)"),
)


@frozen
class SupportedVersion:
    name: str
    version: str
    is_default: bool


SUPPORTED_VERSIONS = tuple(SupportedVersion(n, v, v == "11.0") for v, n in _VERSION_NAMES)


@frozen
class HostSettings:
    """``Get-VMHost`` / ``Set-VMHost`` values."""

    name: str
    virtual_machine_path: str = "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V"
    virtual_hard_disk_path: str = "C:\\Users\\Public\\Documents\\Hyper-V\\Virtual Hard Disks"
    numa_spanning_enabled: bool = True
    enable_enhanced_session_mode: bool = True
    mac_address_minimum: str = "00155D327500"
    mac_address_maximum: str = "00155D3275FF"
    maximum_storage_migrations: int = 2
    maximum_virtual_machine_migrations: int = 2
    virtual_machine_migration_enabled: bool = False
    use_any_network_for_migration: bool = False
    virtual_machine_migration_authentication_type: str = "CredSSP"
    virtual_machine_migration_performance_option: str = "TCPIP"
    resource_metering_save_interval_hours: int = 1
    fibre_channel_wwnn: str = "C003FF0000FFFF00"
    fibre_channel_wwpn_minimum: str = "C003FF4C6C7C0000"
    fibre_channel_wwpn_maximum: str = "C003FF4C6C7CFFFF"


@frozen
class HardwareInfo:
    """The ``Get-VMHostHardware`` record (design.md §7); MSRs as integers."""

    computer_name: str
    profile: str
    processor: str
    max_physical_address_bits: int
    memory_capacity: int
    tme_supported: bool
    tme_enabled: bool
    tme_bypass: bool
    tme_algorithm: str
    mktme_supported: bool
    key_id_bits: int
    max_key_ids: int
    key_ids_in_use: int
    ia32_tme_capability: int
    ia32_tme_activate: int
    vm_key_algorithm: str = ""  # what new VM keys get (not in design.md §7's record)


@frozen
class KeySlotInfo:
    """One row of ``Get-VMHostKeyId``. Never carries key bytes."""

    key_id: int
    state: KeyState
    algorithm: Algorithm | None
    vm_name: str | None


@frozen
class PowerLossVictim:
    """A VM that had memory when the power went: where its frames were."""

    vm_name: str
    vm_id: uuid.UUID
    encrypted: bool
    key_id: int | None
    extents: tuple[tuple[int, int], ...]
    memory_size: int


@frozen
class PowerLossReport:
    time: _dt.datetime
    victims: tuple[PowerLossVictim, ...]


@frozen
class PhysicalRegion:
    """One run of host physical memory: ``kind`` is ``Root`` (the root partition's reserve:
    host OS, hypervisor, SLAT tables), ``VirtualMachine`` or ``Free``."""

    start: int
    length: int
    kind: str
    vm_name: str | None = None
    key_id: int | None = None


def default_host_name() -> str:
    """``$COMPUTERNAME`` where set (as on Windows), else this machine's short name."""
    name = os.environ.get("COMPUTERNAME") or socket.gethostname().split(".")[0] or "localhost"
    return name.upper()
