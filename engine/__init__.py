"""engine: the simulated Hyper-V host with an Intel TME-MK CPU. Knows nothing of shells.

Cmdlets talk to one object, ``Host``; everything else is returned values and raised
``EngineError``s. Nothing here prints or formats. Underneath: ``cpu`` (profiles, MSRs),
``keyunit`` (PCONFIG key table), ``xts`` (per-line AES-XTS), ``dram``, ``memory_controller``,
``slat``, ``partition`` (VM values + state table), ``hypervisor`` (AddPage/EvictPage, KeyIDs),
``configuration`` and ``checkpoints`` (rules), ``store`` (durable directory), ``lab``
(attacker models). ``host.cpu``, ``host.keys``, ``host.dram`` and ``host.controller`` expose
the hardware objects for the lab; none of them can yield key bytes.

Getting a host
--------------
``Host.in_memory(clock=None, entropy=None, profile=None, name=None)``
    Throw-away host for tests and transcripts: ``VirtualClock`` starting 2022-11-23 09:00
    (pass a ``datetime`` or any ``Clock``), ``SeededEntropy(0)`` (pass an int seed or any
    ``Entropy``), profile ``"AlderLake"`` (15 KeyIDs, 64 GiB, TME on with KeyID-0 bypass).
``Host.open(directory=None, clock=..., entropy=..., profile=..., name=...)``
    Durable host in a directory (``$PYSHELL_HOST_DIR`` or the per-user data directory).
    Raises ``HostLocked`` if another process has it. Runs automatic stop/start actions for
    VMs the last process left running. ``host.close()`` (or ``with``) runs stop actions.

Host facts
----------
``host.name``, ``host.settings`` (``HostSettings``: ``Get-VMHost`` values; change with
``host.set_host(name=..., virtual_machine_path=..., ...)``), ``host.memory_capacity``,
``host.memory_available``, ``host.logical_processor_count``, ``host.supported_versions()``
(``SupportedVersion(name, version, is_default)`` for 8.0 ... 11.0, default 11.0),
``host.default_version``, ``host.maximum_version``, ``host.clock``.

VMs (``Partition``)
-------------------
``host.partitions()`` (sorted by name), ``host.find(name)`` (exact, case-insensitive; names
may repeat; wildcards are the cmdlet's business), ``host.get_by_name(name)``, ``host.get(uuid)``
-- the last two raise ``NotFound("VirtualMachine", name_or_id)``. Every method below takes a
``Partition``, a ``uuid.UUID`` or a name.

A ``Partition`` exposes ``id``, ``name``, ``generation``, ``version`` (``"11.0"``),
``creation_time``, ``state`` (``VMState``), ``uptime`` (``timedelta`` from the host clock),
``memory_assigned``, ``memory_encryption_enabled``, ``key_id``, ``config`` (``VMConfig``:
``memory`` = ``MemorySettings``, ``processor`` = ``ProcessorSettings``, ``firmware`` =
``VMFirmwareSettings``, automatic actions, ``checkpoint_type``, ``notes``, ``path``...),
``checkpoints``, ``parent_checkpoint``.

Configuration: ``new_vm(name="New Virtual Machine", generation=1, memory_startup_bytes=None,
version=None, path=None)``, ``set_memory(vm, startup=, minimum=, maximum=,
dynamic_memory_enabled=, buffer=, priority=, encryption_policy=,
maximum_per_numa_node_bytes=)`` (policy, dynamic memory on/off and startup only while Off or
Saved), ``set_processor(vm, count=, reserve=, maximum=,
relative_weight=, expose_virtualization_extensions=, ...)``, ``set_firmware(vm,
secure_boot=OnOffState.On, secure_boot_template=..., ...)`` (Gen 2 only),
``set_vm(vm, notes=, automatic_start_action=, automatic_stop_action=, checkpoint_type=,
processor_count=, memory_startup_bytes=, dynamic_memory=, ...)``, ``rename(vm, new)``,
``remove(vm)`` (not while running).

State changes return an ``Outcome(changed, already_in_state, resumed_from_pause,
encryption_fallback, at_maximum_version)``; the cmdlet turns the flags into warnings
(``encryption_fallback`` is a ``RequirementNotMet`` whose ``message`` is the one-line reason).
``start(vm)``, ``stop(vm, Operation.SHUTDOWN | Operation.TURN_OFF | Operation.SAVE,
force=False)``, ``turn_off(vm)``, ``save(vm)``, ``pause(vm)``, ``resume(vm)``,
``restart(vm)``, ``delete_saved_state(vm)``, ``update_version(vm)``.
Wrong state -> ``InvalidState(vm_name, state, operation)``. ``start`` may raise
``OutOfMemory(vm_name, vm_id, required, available)`` or, for ``AlwaysEnabled``,
``RequirementNotMet(vm_name, vm_id, requirement, detail)`` / ``KeysExhausted(..., in_use,
total)``; the VM then stays as it was. ``host.encryption_requirements(vm)`` previews that.

Checkpoints (``Checkpoint``: ``id, name, vm_id, vm_name, creation_time, config, state,
parent_id, is_automatic, snapshot_type``): ``checkpoint(vm, name=None, automatic=False)``
(Standard type keeps running memory, Production never; ``InvalidOperation`` when disabled or at
50), ``list_checkpoints(vm)``, ``get_checkpoint(vm,
name_or_id)``, ``apply_checkpoint(vm, cp)``, ``remove_checkpoint(vm, cp)``,
``rename_checkpoint(vm, cp, new)``.

Hardware and the memory lab
---------------------------
``hardware()`` -> ``HardwareInfo`` (the ``Get-VMHostHardware`` record, MSRs as ints);
``set_hardware(profile=, memory_bytes=, tme_enabled=, tme_bypass=, keyid_bits=)`` (a reboot:
``HardwareBusy`` unless every VM is off; ``InvalidParameter`` where the BIOS/WRMSR refuses);
``key_slots()`` -> ``KeySlotInfo(key_id, state: KeyState, algorithm, vm_name)``;
``vm_key_algorithm`` / ``set_vm_key_algorithm(alg)`` (e.g. ``"AES-XTS-128 with integrity"`` on
Sapphire Rapids, where tampered lines then raise ``MachineCheck`` on read);
``power_loss(decay_percent=0)`` -> ``PowerLossReport``; ``reboot()``.
Memory: ``read_guest(vm, gpa, n)``, ``write_guest(vm, gpa, data)``, ``guest_to_host(vm, gpa)``
-> ``(hpa, key_id)``, ``read_physical(hpa, n, key_id=None)`` (``None`` = raw DRAM dump),
``write_physical(hpa, data, key_id=None)``, ``memory_map(vm)`` -> ``[SlatMapping]``,
``walk(vm, gpa)`` -> ``SlatWalk`` (steps with ``SlatEntry`` values, decoded bits),
``physical_map()`` -> ``[PhysicalRegion(start, length, kind, vm_name, key_id)]``.
Bus: ``trace = start_trace(vms=None)``; ``stop_trace(trace)`` -> ``[BusTransaction(sequence,
time, operation: BusOp, address, data, tag, vm_name)]``; ``replay(transaction)``.
``engine.lab``: ``cold_boot_attack(host, patterns, decay_percent)`` -> ``[ColdBootFinding]``,
``probe_encryption(host, vm)`` -> ``EncryptionProbe``, ``dma_read``, ``hypervisor_alias_read``.

Enums use the real Hyper-V member names (``VMState.Running``, ``StopAction.ShutDown``,
``CriticalErrorAction["None"]``...); configuration fields also accept member names as strings,
case-insensitive. Engine time and ids come from the injected clock and entropy only.

Errors (``engine.errors``) all derive from ``EngineError`` (``message``, ``error_id``):
``NotFound``, ``InvalidState``, ``InvalidParameter(parameter, value, message)``,
``InvalidOperation``, ``OutOfMemory``, ``RequirementNotMet``, ``KeysExhausted``,
``HardwareBusy``, ``HostLocked``, ``GeneralProtection``, ``MachineCheck``, ``EptViolation``,
``StoreCorrupt``.
"""
from __future__ import annotations

import importlib
from typing import Any

# Public name -> the submodule that defines it. Loaded on first use, so that a shell that
# never starts a VM never pays for numpy and cryptography (issue 8: start-up time).
_EXPORTS: dict[str, str] = {
    "lab": "lab",
    "DEFAULT_EPOCH": "clock",
    "Clock": "clock",
    "Entropy": "clock",
    "EntropyExhausted": "clock",
    "RecordingEntropy": "clock",
    "SeededEntropy": "clock",
    "SystemClock": "clock",
    "SystemEntropy": "clock",
    "VirtualClock": "clock",
    "PROFILES": "cpu",
    "Algorithm": "cpu",
    "AddressLayout": "cpu",
    "Cpu": "cpu",
    "CpuProfile": "cpu",
    "HostFirmware": "cpu",
    "get_profile": "cpu",
    "BusOp": "dram",
    "EngineError": "errors",
    "EptViolation": "errors",
    "GeneralProtection": "errors",
    "HardwareBusy": "errors",
    "HostLocked": "errors",
    "InvalidOperation": "errors",
    "InvalidParameter": "errors",
    "InvalidState": "errors",
    "KeysExhausted": "errors",
    "MachineCheck": "errors",
    "NotFound": "errors",
    "OutOfMemory": "errors",
    "Requirement": "errors",
    "RequirementNotMet": "errors",
    "StoreCorrupt": "errors",
    "BusTrace": "bus",
    "BusTransaction": "bus",
    "Host": "host",
    "default_directory": "store",
    "BOOT_SIGNATURE": "hypervisor",
    "SUPPORTED_VERSIONS": "records",
    "HardwareInfo": "records",
    "HostSettings": "records",
    "KeySlotInfo": "records",
    "PowerLossReport": "records",
    "PhysicalRegion": "records",
    "PowerLossVictim": "records",
    "SupportedVersion": "records",
    "KeyProgram": "keyunit",
    "KeyState": "keyunit",
    "PconfigCommand": "keyunit",
    "PconfigStatus": "keyunit",
    "ColdBootFinding": "lab",
    "EncryptionProbe": "lab",
    "Checkpoint": "partition",
    "CheckpointType": "partition",
    "ConsoleMode": "partition",
    "CriticalErrorAction": "partition",
    "IPProtocolPreference": "partition",
    "MemoryEncryptionPolicy": "partition",
    "MemorySettings": "partition",
    "OnOffState": "partition",
    "Operation": "partition",
    "Outcome": "partition",
    "Partition": "partition",
    "ProcessorSettings": "partition",
    "SavedMemory": "partition",
    "StartAction": "partition",
    "StopAction": "partition",
    "VMConfig": "partition",
    "VMFirmwareSettings": "partition",
    "VMState": "partition",
    "Access": "slat",
    "SlatEntry": "slat",
    "SlatMapping": "slat",
    "SlatWalk": "slat",
    "WalkStep": "slat",
}


__all__ = [
    "lab",
    "Host", "HostSettings", "SupportedVersion", "HardwareInfo", "KeySlotInfo", "PowerLossReport",
    "PowerLossVictim", "PhysicalRegion", "BusTrace", "BusTransaction", "BusOp", "SUPPORTED_VERSIONS", "BOOT_SIGNATURE",
    "default_directory",
    "Partition", "VMConfig", "MemorySettings", "ProcessorSettings", "VMFirmwareSettings", "Checkpoint",
    "SavedMemory", "Outcome", "Operation",
    "VMState", "StartAction", "StopAction", "CriticalErrorAction", "CheckpointType", "MemoryEncryptionPolicy",
    "OnOffState", "ConsoleMode", "IPProtocolPreference",
    "Algorithm", "CpuProfile", "HostFirmware", "Cpu", "AddressLayout", "PROFILES", "get_profile",
    "KeyState", "KeyProgram", "PconfigCommand", "PconfigStatus",
    "Access", "SlatEntry", "SlatMapping", "SlatWalk", "WalkStep",
    "ColdBootFinding", "EncryptionProbe",
    "Clock", "SystemClock", "VirtualClock", "Entropy", "SystemEntropy", "SeededEntropy", "RecordingEntropy",
    "EntropyExhausted", "DEFAULT_EPOCH",
    "EngineError", "NotFound", "InvalidState", "InvalidParameter", "InvalidOperation", "OutOfMemory",
    "Requirement", "RequirementNotMet", "KeysExhausted", "HardwareBusy", "HostLocked", "GeneralProtection",
    "MachineCheck", "EptViolation", "StoreCorrupt",
]


def __getattr__(name: str) -> Any:
    owner = _EXPORTS.get(name)
    if owner is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    module = importlib.import_module(f".{owner}", __name__)
    value = module if name == owner else getattr(module, name)
    globals()[name] = value
    return value
