"""CPU profiles: MSR 981H/982H derived field by field, and the WRMSR rules."""

from __future__ import annotations

import pytest

from engine.cpu import PROFILES, Algorithm, Cpu, firmware_with, get_profile
from engine.errors import GeneralProtection, InvalidParameter, NotFound


def test_alder_lake_default() -> None:
    p = get_profile("alderlake")
    cpu = Cpu(p, p.default_firmware())
    assert p.model == "12th Gen Intel(R) Core(TM) i7-12700"
    assert p.max_physical_address_bits == 46
    # 981H: XTS-128 (bit 0) + XTS-256 (bit 2), bypass supported (31), 4 KeyID bits, 15 keys
    assert cpu.capability_msr == 0b101 | 1 << 31 | 4 << 32 | 15 << 36
    # 982H: lock, enable, policy 0010 (XTS-256), bypass, 4 KeyID bits, crypto-algs 0x4
    assert cpu.activate_msr == 1 | 2 | 2 << 4 | 1 << 31 | 4 << 32 | 0x4 << 48
    assert cpu.usable_keyids == 15 and cpu.tme_bypass and cpu.preferred_algorithm is Algorithm.AES_XTS_256
    assert cpu.layout.keyid_shift == 42


@pytest.mark.parametrize("name, bits, keys, mktme", [
    ("IceLakeSP", 6, 63, True), ("SapphireRapids", 7, 127, True), ("CometLake", 0, 0, False),
])
def test_other_profiles(name: str, bits: int, keys: int, mktme: bool) -> None:
    p = get_profile(name)
    cpu = Cpu(p, p.default_firmware())
    assert cpu.keyid_bits == bits and cpu.usable_keyids == keys and cpu.mktme_enabled is mktme
    assert ((cpu.capability_msr >> 36) & 0x7FFF) == keys
    if name == "CometLake":
        assert cpu.capability_msr == 0 and cpu.activate_msr == 0 and not cpu.tme_enabled


def test_worked_example_of_the_reference() -> None:
    from engine.cpu import AddressLayout

    layout = AddressLayout(46, 6)
    assert layout.keyid_mask == 0x3F00_0000_0000
    assert layout.compose(0x12_3456_7000, 5) == 0x512_3456_7000
    assert layout.decode(0x512_3456_7000) == (5, 0x12_3456_7000)


@pytest.mark.parametrize("value, reason", [
    (1 << 9, "reserved"),
    (2 | 5 << 32, "exceeds"),
    (4 << 32, "enabled"),
    (2 | 7 << 4, "policy"),
    (2 | 2 << 4 | 1 << 51, "CRYPTO_ALGS"),
])
def test_wrmsr_gp_rules(value: int, reason: str) -> None:
    p = PROFILES["alderlake"]
    cpu = Cpu(p, p.default_firmware())
    with pytest.raises(GeneralProtection, match=reason):
        cpu.check_activate(value)


def test_lock_bit_is_set_by_hardware_and_tme_off() -> None:
    p = PROFILES["alderlake"]
    cpu = Cpu(p, p.default_firmware())
    cpu.activate(0)
    assert cpu.activate_msr == 1 and not cpu.tme_enabled and cpu.usable_keyids == 0


def test_firmware_changes() -> None:
    p = PROFILES["alderlake"]
    fw = firmware_with(p, p.default_firmware(), keyid_bits=3, tme_bypass=False)
    cpu = Cpu(p, fw)
    assert cpu.usable_keyids == 7 and not cpu.tme_bypass
    with pytest.raises(InvalidParameter):
        firmware_with(p, p.default_firmware(), keyid_bits=5)
    off = firmware_with(p, p.default_firmware(), tme_enabled=False)
    assert off.keyid_bits == 0 and not Cpu(p, off).mktme_enabled
    with pytest.raises(InvalidParameter):
        firmware_with(PROFILES["cometlake"], PROFILES["cometlake"].default_firmware(), tme_enabled=True)
    with pytest.raises(NotFound):
        get_profile("Pentium")


def test_dram_must_fit_below_the_keyid_bits() -> None:
    p = PROFILES["alderlake"]
    firmware_with(p, p.default_firmware(), memory_bytes=2**42)  # 46 - 4 bits: 4 TiB
    with pytest.raises(InvalidParameter):
        firmware_with(p, p.default_firmware(), memory_bytes=2**42 + 2**21)
