"""The VM configuration rules (hyperv-cmdlets.md §8), as functions from old value + change
to new value. They raise ``InvalidParameter`` for values the host refuses and
``InvalidState`` for changes a running VM cannot take; ``Host`` applies the result.
"""

from __future__ import annotations

from typing import Any

from attrs import evolve

from .errors import InvalidOperation, InvalidParameter, InvalidState
from .partition import (
    MemoryEncryptionPolicy,
    MemorySettings,
    Partition,
    ProcessorSettings,
    VMConfig,
    VMFirmwareSettings,
    _enum,
    version_tuple,
)
from .records import SUPPORTED_VERSIONS

__all__ = [
    "new_config",
    "checked_memory",
    "memory_change",
    "processor_change",
    "firmware_change",
    "config_change",
    "evolve_checked",
    "default_path",
]

MiB = 2**20
GiB = 2**30
_OUT_OF_RANGE = "The value specified in the '{0}' parameter was out of the range of valid values."


def _normalise_version(version: str) -> str:
    major, minor = version_tuple(str(version))
    return f"{major}.{minor}"


def new_config(name: str, generation: int, version: str | None, default_version: str, path: str,
               memory_capacity: int) -> VMConfig:
    """``New-VM``'s checks and defaults (memory is set separately with ``checked_memory``)."""
    if generation not in (1, 2):
        raise InvalidParameter("Generation", generation, _OUT_OF_RANGE.format("Generation"))
    version = default_version if version is None else _normalise_version(version)
    if version not in {v.version for v in SUPPORTED_VERSIONS}:
        raise InvalidParameter("Version", version, f"The configuration version {version} is not supported by this host.")
    if not name:
        raise InvalidParameter("Name", name, "The virtual machine name cannot be empty.")
    memory = MemorySettings(maximum_per_numa_node_mb=memory_capacity // MiB)
    return VMConfig(name=name, generation=generation, version=version, path=path, memory=memory,
                    firmware=VMFirmwareSettings())


def evolve_checked(value: Any, changes: dict[str, Any]) -> Any:
    """``attrs.evolve`` that reports unknown settings and bad enum names as InvalidParameter."""
    try:
        return evolve(value, **changes)
    except (TypeError, ValueError) as exc:
        bad = next(iter(changes), "?")
        text = str(exc) if isinstance(exc, ValueError) else f"{type(value).__name__} has no setting {bad!r}."
        raise InvalidParameter(bad, changes.get(bad), text) from None


def checked_memory(config: VMConfig, m: MemorySettings, **changes: Any) -> MemorySettings:
    """Sizes are 2 MB multiples within the generation's limit; min/max/buffer need dynamic
    memory; with dynamic memory, minimum <= startup <= maximum."""
    changes = {k: v for k, v in changes.items() if v is not None}
    limit = GiB * 1024 if config.generation == 1 else GiB * 240 * 1024
    for key, param in (("startup", "StartupBytes"), ("minimum", "MinimumBytes"), ("maximum", "MaximumBytes")):
        value = changes.get(key)
        if value is not None and (value % (2 * MiB) or value < 32 * MiB or value > limit):
            raise InvalidParameter(param, value, "Failed to modify device 'Memory'. The memory size must be "
                                   "a multiple of 2 MB between 32 MB and the generation's maximum.")
    for key, param, lo, hi in (("buffer", "Buffer", 5, 2000), ("priority", "Priority", 0, 100)):
        if key in changes and not lo <= changes[key] <= hi:
            raise InvalidParameter(param, changes[key], _OUT_OF_RANGE.format(param))
    new: MemorySettings = evolve_checked(m, changes)
    if any(k in changes for k in ("minimum", "maximum", "buffer")) and not new.dynamic_memory_enabled:
        raise InvalidParameter("DynamicMemoryEnabled", False,
                               "Setting maximum, minimum, and buffer settings requires Dynamic Memory to be enabled.")
    if new.dynamic_memory_enabled and not new.minimum <= new.startup <= new.maximum:
        raise InvalidParameter("StartupBytes", new.startup, "The minimum memory must not exceed the startup "
                               "memory, and the startup memory must not exceed the maximum memory.")
    return new


def memory_change(p: Partition, *, encryption_policy: Any = None, maximum_per_numa_node_bytes: int | None = None,
                  **changes: Any) -> MemorySettings:
    """``Set-VMMemory``: policy, dynamic memory on/off and startup change only without memory
    (Off/Saved); while running, the minimum may only go down and the maximum only up.

    Real hosts hot-add/remove static memory only for Windows 10 / Server 2016 guests; the
    simulated guest is a boot image without that support, so a running VM keeps its size."""
    m = p.memory
    if encryption_policy is not None:
        try:
            encryption_policy = _enum(MemoryEncryptionPolicy)(encryption_policy)
        except ValueError as exc:
            raise InvalidParameter("MemoryEncryptionPolicy", encryption_policy, str(exc)) from None
    if maximum_per_numa_node_bytes is not None and maximum_per_numa_node_bytes % (2 * MiB):
        raise InvalidParameter("MaximumAmountPerNumaNodeBytes", maximum_per_numa_node_bytes,
                               "The MaximumAmountPerNUMANodeBytes should be a multiple of 2 MB (2*1024*1024 "
                               "bytes). Specify a valid value, such as 512 MB or 2 GB.")
    new = checked_memory(
        p.config, m, encryption_policy=encryption_policy, **changes,
        maximum_per_numa_node_mb=None if maximum_per_numa_node_bytes is None else maximum_per_numa_node_bytes // MiB,
    )
    if p.runtime is not None and (
        new.encryption_policy is not m.encryption_policy
        or new.dynamic_memory_enabled != m.dynamic_memory_enabled
        or new.startup != m.startup
        or (new.dynamic_memory_enabled and (new.minimum > m.minimum or new.maximum < m.maximum))
    ):
        raise InvalidState(p.name, p.state, "Set-VMMemory")
    return new


def processor_change(p: Partition, logical_processors: int, changes: dict[str, Any]) -> ProcessorSettings:
    """``Set-VMProcessor``: 1..host LPs; percentages 0-100; weight 1-10000; the count and
    nested virtualisation change only while the VM has no memory."""
    count = changes.get("count")
    if count is not None and not 1 <= count <= logical_processors:
        raise InvalidParameter("Count", count, "The virtual machine cannot have more virtual processors than the "
                               f"host has logical processors ({logical_processors}), nor fewer than one.")
    for key, param, lo, hi in (("maximum", "Maximum", 0, 100), ("reserve", "Reserve", 0, 100),
                               ("relative_weight", "RelativeWeight", 1, 10000)):
        if key in changes and not lo <= changes[key] <= hi:
            raise InvalidParameter(param, changes[key], _OUT_OF_RANGE.format(param))
    new: ProcessorSettings = evolve_checked(p.processor, changes)
    old = p.processor
    if p.runtime is not None and (new.count != old.count
                                  or new.expose_virtualization_extensions != old.expose_virtualization_extensions):
        raise InvalidState(p.name, p.state, "Set-VMProcessor")
    return new


def firmware_change(p: Partition, changes: dict[str, Any]) -> VMFirmwareSettings:
    if p.generation != 2:
        raise InvalidOperation(p.name, "Set-VMFirmware", f'The Generation 1 virtual machine or snapshot "{p.name}" '
                               "does not support the VMFirmware cmdlets. Use Get-VMBios and Set-VMBios instead.")
    new: VMFirmwareSettings = evolve_checked(p.firmware, changes)
    return new


def config_change(p: Partition, changes: dict[str, Any]) -> VMConfig:
    if "name" in changes and not changes["name"]:
        raise InvalidParameter("NewName", changes["name"], "The virtual machine name cannot be empty.")
    new: VMConfig = evolve_checked(p.config, changes)
    return new


def default_path(base: str, name: str, explicit: bool) -> str:
    """``New-VM -Path`` puts the VM in ``<Path>\\<Name>``; otherwise the host's VM folder."""
    return base.rstrip("\\/") + "\\" + name if explicit else base

