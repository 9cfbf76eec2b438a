"""Physical attacker models: cold boot, interposer trace and replay, DMA, hypervisor alias."""

from __future__ import annotations

import pytest

from engine import BusOp, Host, VMState, lab

GiB = 2**30


def two_vms(host: Host):  # type: ignore[no-untyped-def]
    clear = host.new_vm("clear", 2, GiB)
    secret = host.new_vm("secret", 2, GiB)
    host.set_memory(secret, encryption_policy="EnabledIfSupported")
    host.start(clear)
    host.start(secret)
    for p in (clear, secret):
        host.write_guest(p, 0x10000, b"card 4111-1111-1111-1111")
    return clear, secret


def test_cold_boot(host: Host) -> None:
    two_vms(host)
    findings = {f.vm_name: f for f in lab.cold_boot_attack(host, [b"4111-1111"])}
    assert findings["clear"].pattern_found and not findings["clear"].memory_encrypted
    assert not findings["secret"].pattern_found and findings["secret"].memory_encrypted
    assert findings["secret"].key_id == 1 and findings["clear"].bytes_scanned == GiB
    assert all(p.state is VMState.Off for p in host.partitions())
    assert host.key_slots()[1].state.value == "Unused"


def test_cold_boot_with_heavy_decay_loses_the_pattern(host: Host) -> None:
    two_vms(host)
    findings = {f.vm_name: f for f in lab.cold_boot_attack(host, [b"4111-1111-1111-1111"], decay_percent=20)}
    assert not findings["clear"].pattern_found


def test_physical_reads(host: Host) -> None:
    clear, secret = two_vms(host)
    address, key_id = host.guest_to_host(secret, 0x10000)
    assert key_id == 1
    assert b"4111" not in host.read_physical(address, 24)  # module reader: ciphertext
    assert b"4111" not in lab.dma_read(host, address, 24)  # DMA through KeyID 0: ciphertext
    assert lab.hypervisor_alias_read(host, secret, 0x10000, 24) == b"card 4111-1111-1111-1111"
    address, key_id = host.guest_to_host(clear, 0x10000)
    assert key_id == 0 and host.read_physical(address, 24) == b"card 4111-1111-1111-1111"


def test_probe(host: Host) -> None:
    clear, secret = two_vms(host)
    assert lab.probe_encryption(host, clear).canary_visible_in_dram
    probe = lab.probe_encryption(host, secret)
    assert not probe.canary_visible_in_dram and probe.memory_encryption_enabled and probe.key_id == 1
    assert host.read_guest(secret, probe.guest_address, 8) == bytes(8)  # restored


def test_trace_filters_by_vm_and_replay_rolls_back(host: Host) -> None:
    clear, secret = two_vms(host)
    trace = host.start_trace([secret])
    host.write_guest(secret, 0x20000, b"balance: 100")
    host.write_guest(clear, 0x20000, b"hello")
    host.write_guest(secret, 0x20000, b"balance: 000")
    records = host.stop_trace(trace)
    assert [r.operation for r in records] == [BusOp.READ, BusOp.WRITE, BusOp.READ, BusOp.WRITE]
    assert {r.vm_name for r in records} == {"secret"} and [r.sequence for r in records] == [1, 2, 3, 4]
    assert b"balance" not in records[1].data
    host.replay(records[1])
    assert host.read_guest(secret, 0x20000, 12) == b"balance: 100"


def test_boot_image_is_found_by_default_patterns(host: Host) -> None:
    clear, secret = two_vms(host)
    findings = {f.vm_name: f.pattern_found for f in lab.cold_boot_attack(host)}
    assert findings == {"clear": True, "secret": False}


def test_integrity_keys_turn_tampering_into_a_machine_check_but_not_replay() -> None:
    from engine import Algorithm, InvalidParameter, MachineCheck

    host = Host.in_memory(profile="SapphireRapids")
    assert host.set_vm_key_algorithm("AES-XTS-128 with integrity") is Algorithm.AES_XTS_128_INTEGRITY
    p = host.new_vm("i", 2, GiB)
    host.set_memory(p, encryption_policy="AlwaysEnabled")
    host.start(p)
    assert host.key_slots()[p.key_id].algorithm is Algorithm.AES_XTS_128_INTEGRITY
    trace = host.start_trace([p])
    host.write_guest(p, 0x40000, b"A" * 64)
    host.write_guest(p, 0x40000, b"B" * 64)
    old = host.stop_trace(trace)[0]
    host.replay(old)  # data and tag replayed together: integrity does not catch replay
    assert host.read_guest(p, 0x40000, 64) == b"A" * 64
    address, _ = host.guest_to_host(p, 0x40000)
    host.write_physical(address + 5, b"\x00")  # a flipped byte behind the controller
    with pytest.raises(MachineCheck):
        host.read_guest(p, 0x40000, 8)
    with pytest.raises(InvalidParameter):
        Host.in_memory().set_vm_key_algorithm(Algorithm.AES_XTS_128_INTEGRITY)  # not on Alder Lake
