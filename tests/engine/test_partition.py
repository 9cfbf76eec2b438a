"""Partitions through the Host facade: state machine, encryption policy, memory, checkpoints."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import (
    BOOT_SIGNATURE,
    CheckpointType,
    HardwareBusy,
    Host,
    InvalidOperation,
    InvalidParameter,
    InvalidState,
    KeysExhausted,
    MemoryEncryptionPolicy,
    NotFound,
    Operation,
    OutOfMemory,
    Requirement,
    RequirementNotMet,
    VMState,
)
from engine.partition import TRANSITIONS, check_transition

GiB = 2**30
MiB = 2**20
ALL_STATES = [VMState.Off, VMState.Running, VMState.Saved, VMState.Paused, VMState.FastSaved,
              VMState.Hibernated, VMState.Starting, VMState.Stopping]


@pytest.mark.parametrize("op", list(Operation))
@pytest.mark.parametrize("state", ALL_STATES)
def test_state_machine_table_row_by_row(op: Operation, state: VMState) -> None:
    allowed, target = TRANSITIONS[op]
    if state is target:
        assert check_transition("vm", state, op) is False
    elif state in allowed:
        assert check_transition("vm", state, op) is True
    else:
        with pytest.raises(InvalidState) as e:
            check_transition("vm", state, op)
        assert e.value.state is state and e.value.vm_name == "vm"


def test_new_vm_defaults(host: Host) -> None:
    p = host.new_vm()
    assert p.name == "New Virtual Machine" and p.generation == 1 and p.version == "11.0"
    assert p.state is VMState.Off and p.memory.startup == 512 * MiB and p.memory_assigned == 0
    assert p.memory.maximum == 1024 * GiB and p.memory.minimum == 512 * MiB
    assert p.uptime == dt.timedelta(0) and p.creation_time == dt.datetime(2022, 11, 23, 9)
    assert not p.memory_encryption_enabled and p.key_id is None
    assert host.get(p.id) is p and host.find("new VIRTUAL machine") == [p]
    with pytest.raises(InvalidParameter):
        host.new_vm("x", generation=3)
    with pytest.raises(InvalidParameter):
        host.new_vm("x", version="12.0")
    with pytest.raises(InvalidParameter):
        host.new_vm("x", memory_startup_bytes=1000 * MiB + 1)
    with pytest.raises(NotFound, match='name "nosuch"'):
        host.get_by_name("nosuch")
    assert [v.version for v in host.supported_versions()][-1] == "11.0"


def test_lifecycle_and_warnings(host: Host) -> None:
    p = host.new_vm("db", memory_startup_bytes=2 * GiB)
    assert host.start(p).changed and p.state is VMState.Running and p.memory_assigned == 2 * GiB
    assert host.start(p).already_in_state
    host.pause(p)
    assert p.state is VMState.Paused
    assert host.start(p).resumed_from_pause and p.state is VMState.Running
    host.save(p)
    assert p.state is VMState.Saved and p.memory_assigned == 0
    with pytest.raises(InvalidState):
        host.resume(p)
    assert host.start(p).changed and p.state is VMState.Running
    assert host.stop(p, Operation.TURN_OFF).changed and p.state is VMState.Off
    assert host.stop(p).already_in_state
    with pytest.raises(InvalidState):
        host.save(p)
    host.rename(p, "database")
    assert host.get_by_name("DATABASE") is p
    host.start(p)
    with pytest.raises(InvalidState):
        host.remove(p)
    host.stop(p)  # guest shutdown service: Running -> Off
    host.remove(p)
    assert host.partitions() == []


def test_uptime_follows_the_injected_clock(host: Host) -> None:
    p = host.new_vm("web1", 2)
    host.start(p)
    assert p.uptime == dt.timedelta(0)
    host.clock.sleep(90)
    assert p.uptime == dt.timedelta(seconds=90)
    host.restart(p)
    assert p.uptime == dt.timedelta(0) and p.state is VMState.Running


def test_encryption_policy(host: Host) -> None:
    web = host.new_vm("web1", 2, 4 * GiB)
    host.set_memory(web, encryption_policy="EnabledIfSupported")
    assert not web.memory_encryption_enabled
    out = host.start(web)
    assert out.encryption_fallback is None and web.memory_encryption_enabled and web.key_id == 1
    with pytest.raises(InvalidState):
        host.set_memory(web, encryption_policy=MemoryEncryptionPolicy.Disabled)
    host.turn_off(web)
    assert not web.memory_encryption_enabled and web.key_id is None

    legacy = host.new_vm("legacy", 1, GiB)
    host.set_memory(legacy, encryption_policy=MemoryEncryptionPolicy.EnabledIfSupported)
    out = host.start(legacy)
    assert out.encryption_fallback.requirement is Requirement.GENERATION
    assert "Generation 2" in out.encryption_fallback.message and not legacy.memory_encryption_enabled

    old = host.new_vm("old", 2, GiB, version="9.0")
    host.set_memory(old, encryption_policy="AlwaysEnabled")
    with pytest.raises(RequirementNotMet) as e:
        host.start(old)
    assert e.value.requirement is Requirement.CONFIGURATION_VERSION and "10.0" in e.value.message
    assert old.state is VMState.Off
    with pytest.raises(InvalidParameter):
        host.set_memory(old, encryption_policy="Sometimes")


def test_keyids_run_out_after_fifteen(host: Host) -> None:
    vms = [host.new_vm(f"vm{i:02d}", 2, 512 * MiB) for i in range(1, 17)]
    for p in vms:
        host.set_memory(p, encryption_policy="EnabledIfSupported")
    for p in vms[:15]:
        assert host.start(p).encryption_fallback is None
    out = host.start(vms[15])
    fb = out.encryption_fallback
    assert isinstance(fb, KeysExhausted) and (fb.in_use, fb.total) == (15, 15) and "15 of 15" in fb.message
    assert sorted(p.key_id for p in vms[:15]) == list(range(1, 16))
    host.turn_off(vms[0])
    host.turn_off(vms[15])
    host.set_memory(vms[15], encryption_policy="AlwaysEnabled")
    host.start(vms[15])
    assert vms[15].memory_encryption_enabled
    host.start(vms[0])
    assert not vms[0].memory_encryption_enabled
    slots = host.key_slots()
    assert slots[0].state.value == "Bypass" and {s.vm_name for s in slots[1:]} == {p.name for p in vms[1:]}


def test_processor_without_tme_mk() -> None:
    host = Host.in_memory(profile="CometLake")
    p = host.new_vm("a", 2)
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    with pytest.raises(RequirementNotMet, match="does not support TME-MK") as e:
        host.start(p)
    assert e.value.requirement is Requirement.PROCESSOR


def test_one_terabyte_does_not_fit(host: Host) -> None:
    p = host.new_vm("huge", 2, 1024 * GiB)
    with pytest.raises(OutOfMemory) as e:
        host.start(p)
    assert e.value.required == 1024 * GiB and e.value.available < 64 * GiB
    assert p.state is VMState.Off and host.key_slots()[1].state.value == "Unused"


def test_guest_memory_holds_the_boot_image(host: Host) -> None:
    p = host.new_vm("g", 2)
    host.set_memory(p, encryption_policy="EnabledIfSupported")
    host.start(p)
    assert BOOT_SIGNATURE in host.read_guest(p, 0x1000, 64)
    assert host.read_guest(p, 0x100000, 16) == bytes(16)  # lazily zeroed through the KeyID


def test_restart_changes_ciphertext_of_unchanged_guest_data(host: Host) -> None:
    p = host.new_vm("g", 2)
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    host.start(p)
    address, _ = host.guest_to_host(p, 0x1000)
    before = host.read_physical(address, 64)
    host.turn_off(p)
    host.start(p)
    address2, _ = host.guest_to_host(p, 0x1000)
    assert host.read_guest(p, 0x1000, 64)[: len(BOOT_SIGNATURE)] == BOOT_SIGNATURE
    assert host.read_physical(address2, 64) != before


def test_save_restore_new_key_same_data(host: Host) -> None:
    p = host.new_vm("s", 2, GiB)
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    host.start(p)
    host.write_guest(p, 0x30000, b"keep me" * 1000)
    address, _ = host.guest_to_host(p, 0x30000)
    cipher = host.read_physical(address, 64)
    host.save(p)
    assert p.saved_memory is not None and p.key_id is None
    host.start(p)
    assert host.read_guest(p, 0x30000, 7000) == b"keep me" * 1000
    address, _ = host.guest_to_host(p, 0x30000)
    assert host.read_physical(address, 64) != cipher


def test_configuration_rules(host: Host) -> None:
    p = host.new_vm("c", 2)
    with pytest.raises(InvalidParameter, match="Dynamic Memory"):
        host.set_memory(p, startup=3 * GiB, minimum=GiB)
    host.set_memory(p, startup=3 * GiB)
    assert p.memory.startup == 3 * GiB and p.memory.minimum == 512 * MiB
    host.set_memory(p, dynamic_memory_enabled=True, minimum=GiB, maximum=4 * GiB, buffer=25, priority=80)
    with pytest.raises(InvalidParameter):
        host.set_memory(p, buffer=1)
    host.set_processor(p, count=4)
    with pytest.raises(InvalidParameter):
        host.set_processor(p, count=999)
    host.set_vm(p, notes="hello", checkpoint_type=CheckpointType.Standard)
    assert p.notes == "hello" and p.config.checkpoint_type is CheckpointType.Standard
    host.start(p)
    with pytest.raises(InvalidState):
        host.set_processor(p, count=2)
    with pytest.raises(InvalidState):
        host.set_memory(p, dynamic_memory_enabled=False)
    host.set_memory(p, maximum=8 * GiB)  # raising the maximum while running is fine
    with pytest.raises(InvalidOperation):
        host.set_firmware(host.new_vm("gen1"), secure_boot_template="x")


def test_checkpoints(host: Host) -> None:
    p = host.new_vm("cp", 2)
    host.set_vm(p, checkpoint_type=CheckpointType.Standard)
    host.start(p)
    host.write_guest(p, 0x5000, b"before")
    c1 = host.checkpoint(p)
    assert c1.name == "cp - (11/23/2022 - 9:00:00 AM)" and c1.state is VMState.Saved
    host.write_guest(p, 0x5000, b"after!")
    with pytest.raises(InvalidState):
        host.apply_checkpoint(p, c1)
    host.turn_off(p)
    host.apply_checkpoint(p, c1.name)
    assert p.state is VMState.Saved
    host.start(p)
    assert host.read_guest(p, 0x5000, 6) == b"before"
    host.turn_off(p)
    host.set_vm(p, checkpoint_type=CheckpointType.Production)
    c2 = host.checkpoint(p, "prod")
    assert c2.parent_id == c1.id and c2.memory is None
    host.remove_checkpoint(p, c1)
    assert c2.parent_id is None and [c.name for c in host.list_checkpoints(p)] == ["prod"]
    host.set_vm(p, checkpoint_type=CheckpointType.Disabled)
    with pytest.raises(InvalidOperation):
        host.checkpoint(p)
    with pytest.raises(NotFound):
        host.get_checkpoint(p, "nope")


def test_update_version(host: Host) -> None:
    p = host.new_vm("u", 2, version="9.0")
    host.start(p)
    with pytest.raises(InvalidState):
        host.update_version(p)
    host.save(p)
    assert host.update_version(p).changed and p.version == "11.0" and p.state is VMState.Off
    assert host.update_version(p).at_maximum_version


def test_set_hardware_only_with_everything_off(host: Host) -> None:
    p = host.new_vm("h", 2)
    host.start(p)
    with pytest.raises(HardwareBusy) as e:
        host.set_hardware(keyid_bits=3)
    assert e.value.running == ("h",)
    host.turn_off(p)
    info = host.set_hardware(keyid_bits=3, tme_bypass=False)
    assert info.max_key_ids == 7 and not info.tme_bypass and info.key_id_bits == 3
    info = host.set_hardware(profile="SapphireRapids")
    assert info.max_key_ids == 127 and info.memory_capacity == 1024 * GiB
    host.set_hardware(tme_enabled=False)
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    with pytest.raises(RequirementNotMet, match="disabled in the firmware"):
        host.start(p)


def test_memory_map_and_walk(host: Host) -> None:
    p = host.new_vm("m", 2, 3 * GiB)
    host.set_memory(p, encryption_policy="EnabledIfSupported")
    host.start(p)
    maps = host.memory_map(p)
    assert sum(m.size for m in maps) == 3 * GiB and {m.key_id for m in maps} == {1}
    walk = host.walk(p, 0x1000)
    assert walk.key_id == 1 and walk.page_size == GiB and len(walk.steps) == 2


def test_automatic_checkpoint_goes_away_when_the_vm_stops(host: Host) -> None:
    p = host.new_vm("auto", 2)
    c = host.checkpoint(p, automatic=True)
    assert c.is_automatic and c.name.startswith("Automatic Checkpoint - auto - (")
    host.start(p)
    host.stop(p)
    assert host.list_checkpoints(p) == [] and p.parent_checkpoint is None


def test_reboot_runs_stop_and_start_actions(host: Host) -> None:
    from engine import StartAction, StopAction

    keep = host.new_vm("keep", 2)
    host.set_memory(keep, encryption_policy="AlwaysEnabled")
    host.start(keep)
    host.write_guest(keep, 0x8000, b"persist")
    stay_off = host.new_vm("stay", 2)
    host.set_vm(stay_off, automatic_start_action=StartAction.Nothing, automatic_stop_action=StopAction.TurnOff)
    host.start(stay_off)
    host.reboot()
    assert keep.state is VMState.Running and host.read_guest(keep, 0x8000, 7) == b"persist"
    assert stay_off.state is VMState.Off


def test_enum_settings_accept_names(host: Host) -> None:
    from engine import StopAction

    p = host.new_vm("e")
    host.set_vm(p, automatic_stop_action="shutdown")
    assert p.config.automatic_stop_action is StopAction.ShutDown
    with pytest.raises(InvalidParameter, match="not a valid member"):
        host.set_vm(p, checkpoint_type="bogus")
    with pytest.raises(InvalidParameter):
        host.set_vm(p, no_such_setting=1)


def test_running_vm_keeps_its_startup_size(host: Host) -> None:
    p = host.new_vm("fixed", 2, GiB)
    host.start(p)
    with pytest.raises(InvalidState):
        host.set_memory(p, startup=3 * GiB)
    host.set_memory(p, startup=GiB, priority=70)  # unchanged size, other settings: fine
    assert p.memory.startup == GiB and p.memory.priority == 70


def test_physical_map_covers_dram(host: Host) -> None:
    a = host.new_vm("a", 2, 4 * GiB)
    host.set_memory(a, encryption_policy="AlwaysEnabled")
    host.start(a)
    regions = host.physical_map()
    assert regions[0].kind == "Root" and regions[0].start == 0
    assert sum(r.length for r in regions) == host.memory_capacity
    assert all(x.start + x.length == y.start for x, y in zip(regions, regions[1:]))
    (vm,) = [r for r in regions if r.kind == "VirtualMachine"]
    assert vm.vm_name == "a" and vm.key_id == 1 and vm.length == 4 * GiB


HOST_OPERATIONS = {
    Operation.START: lambda h, p: h.start(p),
    Operation.TURN_OFF: lambda h, p: h.turn_off(p),
    Operation.SHUTDOWN: lambda h, p: h.stop(p),
    Operation.FORCE_SHUTDOWN: lambda h, p: h.stop(p, force=True),
    Operation.SAVE: lambda h, p: h.save(p),
    Operation.RESET: lambda h, p: h.restart(p),
    Operation.PAUSE: lambda h, p: h.pause(p),
    Operation.RESUME: lambda h, p: h.resume(p),
    Operation.DELETE_SAVED_STATE: lambda h, p: h.delete_saved_state(p),
}
SETUP = {
    VMState.Off: lambda h, p: None,
    VMState.Running: lambda h, p: h.start(p),
    VMState.Paused: lambda h, p: (h.start(p), h.pause(p)),
    VMState.Saved: lambda h, p: (h.start(p), h.save(p)),
}


@pytest.mark.parametrize("op", list(Operation))
@pytest.mark.parametrize("state", list(SETUP))
def test_host_follows_the_state_table(host: Host, state: VMState, op: Operation) -> None:
    p = host.new_vm("t", 2)
    SETUP[state](host, p)
    assert p.state is state
    allowed, target = TRANSITIONS[op]
    settled = VMState.Running if target is VMState.Reset else target
    if state is target:
        assert HOST_OPERATIONS[op](host, p).already_in_state and p.state is state
    elif state not in allowed:
        with pytest.raises(InvalidState):
            HOST_OPERATIONS[op](host, p)
        assert p.state is state
    else:
        assert HOST_OPERATIONS[op](host, p).changed
        assert p.state is settled
        assert (p.runtime is not None) == (settled in (VMState.Running, VMState.Paused))


def test_guest_access_straddles_leaves_of_different_sizes(host: Host) -> None:
    p = host.new_vm("odd", 2, GiB + 4 * MiB)  # one 1 GiB leaf + two 2 MiB leaves
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    host.start(p)
    assert sorted({m.page_size for m in host.memory_map(p)}) == [2 * MiB, GiB]
    data = bytes(range(256)) * 40
    host.write_guest(p, GiB - 5000, data)
    assert host.read_guest(p, GiB - 5000, len(data)) == data
    assert host.read_guest(p, GiB + 4 * MiB - 3, 3) == bytes(3)
