"""Memory controller: round trip per KeyID, wrong KeyID is garbage, bus shape, integrity."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.clock import SeededEntropy
from engine.cpu import PROFILES, Algorithm, Cpu
from engine.dram import BusOp, Dram
from engine.errors import MachineCheck
from engine.keyunit import KeyProgram, KeyUnit, PconfigCommand
from engine.memory_controller import MemoryController

BASE = 0x20_0000
SIZE = 0x40_0000


def machine(name: str = "alderlake"):  # type: ignore[no-untyped-def]
    p = PROFILES[name]
    cpu = Cpu(p, p.default_firmware())
    keys = KeyUnit(cpu, SeededEntropy(5))
    dram = Dram(64 * 2**20)
    return cpu, keys, dram, MemoryController(cpu, keys, dram)


def program(keys: KeyUnit, key_id: int, alg: Algorithm = Algorithm.AES_XTS_256) -> None:
    keys.pconfig(KeyProgram.of(key_id, PconfigCommand.SET_KEY_RANDOM, alg))


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(key_id=st.integers(0, 15), offset=st.integers(0, SIZE - 5000), data=st.binary(min_size=1, max_size=4000))
def test_round_trip_per_keyid_and_wrong_keyid(key_id: int, offset: int, data: bytes) -> None:
    cpu, keys, dram, mc = machine()
    for k in (1, 2, 7):
        program(keys, k)
    keys.pconfig(KeyProgram.of(9, PconfigCommand.NO_ENCRYPT, Algorithm.AES_XTS_256))
    hpa = cpu.layout.compose(BASE + offset, key_id)
    mc.zero(cpu.layout.compose(BASE, key_id), SIZE)
    mc.write(hpa, data)
    assert mc.read(hpa, len(data)) == data
    raw = dram.dump(BASE + offset, len(data))
    encrypted = key_id in (1, 2, 7)
    if not encrypted:
        assert raw == data  # KeyID 0 bypass, NO_ENCRYPT, or never programmed (= KeyID 0)
    elif len(data) >= 16:
        assert raw != data
    if encrypted and len(data) >= 16:
        for other in (0, 2 if key_id != 2 else 1, 9, 12):
            assert mc.read(cpu.layout.compose(BASE + offset, other), len(data)) != data


def test_zeroing_is_lazy_and_not_on_the_bus() -> None:
    cpu, keys, dram, mc = machine()
    program(keys, 3)
    seen = []
    dram.observers.append(lambda *a: seen.append(a))
    mc.zero(cpu.layout.compose(BASE, 3), SIZE)
    assert seen == [] and dram.resident_bytes == 0
    assert dram.dump(BASE, 64) != bytes(64)  # ciphertext of zero, computed on demand
    assert dram.resident_bytes == 0


def test_partial_line_write_is_one_read_then_one_write() -> None:
    cpu, keys, dram, mc = machine()
    program(keys, 3)
    mc.zero(cpu.layout.compose(BASE, 3), SIZE)
    seen = []
    dram.observers.append(lambda op, a, d, t: seen.append((op, a)))
    mc.write(cpu.layout.compose(BASE + 0x105, 3), b"hello")
    assert seen == [(BusOp.READ, BASE + 0x100), (BusOp.WRITE, BASE + 0x100)]
    seen.clear()
    mc.write(cpu.layout.compose(BASE + 0x200, 3), bytes(128))
    assert seen == [(BusOp.WRITE, BASE + 0x200), (BusOp.WRITE, BASE + 0x240)]
    seen.clear()
    mc.write(cpu.layout.compose(BASE + 0x310, 3), bytes(100))  # head and tail partial
    assert [op for op, _ in seen] == [BusOp.READ, BusOp.READ, BusOp.WRITE, BusOp.WRITE]


def test_bus_carries_ciphertext_without_keyid() -> None:
    cpu, keys, dram, mc = machine()
    program(keys, 4)
    seen = []
    dram.observers.append(lambda op, a, d, t: seen.append((op, a, d)))
    mc.write(cpu.layout.compose(BASE, 4), b"S" * 64)
    (op, address, data), = seen
    assert address == BASE and data != b"S" * 64 and data == dram.dump(BASE, 64)


def test_keyid0_bypass_and_platform_key() -> None:
    cpu, keys, dram, mc = machine()
    mc.write(BASE, b"plain")
    assert dram.dump(BASE, 5) == b"plain"  # Alder Lake default: KeyID 0 in bypass
    cpu, keys, dram, mc = machine("icelakesp")
    mc.write(BASE, b"plain")
    assert dram.dump(BASE, 5) != b"plain" and mc.read(BASE, 5) == b"plain"


def test_cleared_key_gives_garbage_not_error() -> None:
    cpu, keys, dram, mc = machine()
    program(keys, 2)
    hpa = cpu.layout.compose(BASE, 2)
    mc.write(hpa, b"secret data here" * 4)
    keys.pconfig(KeyProgram.of(2, PconfigCommand.CLEAR_KEY, Algorithm.AES_XTS_256))
    assert mc.read(hpa, 64) != b"secret data here" * 4
    program(keys, 2)  # a new random key for the same KeyID cannot read the old data
    assert mc.read(hpa, 64) != b"secret data here" * 4


def test_integrity_machine_check_and_replay() -> None:
    cpu, keys, dram, mc = machine("sapphirerapids")
    program(keys, 5, Algorithm.AES_XTS_128_INTEGRITY)
    hpa = cpu.layout.compose(BASE, 5)
    mc.zero(hpa, SIZE)
    assert mc.read(hpa + 4096, 64) == bytes(64)
    trace = []
    dram.observers.append(lambda op, a, d, t: trace.append((a, d, t)))
    mc.write(hpa, b"A" * 64)
    old = trace[-1]
    mc.write(hpa, b"B" * 64)
    dram.observers.clear()
    dram.poke(old[0], old[1], [old[2]])  # replay data and its tag: not detected
    assert mc.read(hpa, 64) == b"A" * 64
    dram.poke(BASE + 3, b"\xff")  # tamper without the tag: machine check
    with pytest.raises(MachineCheck):
        mc.read(hpa, 64)
    dram.poke(BASE + 8192, b"x")  # tamper with a lazily zeroed line
    with pytest.raises(MachineCheck):
        mc.read(hpa + 8192, 8)


def test_without_integrity_replay_and_tamper_decrypt_silently() -> None:
    cpu, keys, dram, mc = machine()
    program(keys, 5)
    hpa = cpu.layout.compose(BASE, 5)
    mc.write(hpa, b"A" * 64)
    old = dram.dump(BASE, 64)
    mc.write(hpa, b"B" * 64)
    dram.poke(BASE, old)
    assert mc.read(hpa, 64) == b"A" * 64
    dram.poke(BASE + 20, b"\x00")
    assert mc.read(hpa, 64)[:16] == b"A" * 16 and mc.read(hpa, 64)[16:32] != b"A" * 16
