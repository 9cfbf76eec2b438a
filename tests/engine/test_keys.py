"""Key unit: PCONFIG commands, return codes and #GP faults; reset discards keys."""

from __future__ import annotations

import pickle

import pytest

from engine.clock import RecordingEntropy, SeededEntropy
from engine.cpu import PROFILES, Algorithm, Cpu
from engine.errors import GeneralProtection
from engine.keyunit import KeyProgram, KeyState, KeyUnit, PconfigCommand, PconfigStatus


def unit(name: str = "alderlake", **kw) -> KeyUnit:  # type: ignore[no-untyped-def]
    p = PROFILES[name]
    return KeyUnit(Cpu(p, p.default_firmware()), kw.pop("entropy", SeededEntropy(1)), **kw)


def test_random_direct_clear_noencrypt() -> None:
    ku = unit()
    alg = Algorithm.AES_XTS_256
    assert ku.pconfig(KeyProgram.of(1, PconfigCommand.SET_KEY_RANDOM, alg)) is PconfigStatus.PROG_SUCCESS
    assert ku.state(1) is KeyState.RANDOM and ku.context(1) is not None
    assert ku.pconfig(KeyProgram.of(2, PconfigCommand.SET_KEY_DIRECT, alg, b"a" * 32, b"b" * 32)) is PconfigStatus.PROG_SUCCESS
    assert ku.state(2) is KeyState.DIRECT
    assert ku.pconfig(KeyProgram.of(3, PconfigCommand.NO_ENCRYPT, alg)) is PconfigStatus.PROG_SUCCESS
    assert ku.context(3) is None
    assert ku.pconfig(KeyProgram.of(1, PconfigCommand.CLEAR_KEY, alg)) is PconfigStatus.PROG_SUCCESS
    assert ku.state(1) is KeyState.UNUSED
    # a cleared KeyID behaves like KeyID 0: bypass on Alder Lake, so plaintext
    assert ku.context(1) is None and ku.in_use() == [2, 3]


def test_random_keys_are_fresh_every_time() -> None:
    rec = RecordingEntropy(SeededEntropy(3))
    ku = unit(entropy=rec)
    before = len(rec.issued)
    for _ in range(2):
        ku.pconfig(KeyProgram.of(1, PconfigCommand.SET_KEY_RANDOM, Algorithm.AES_XTS_256))
    assert len(rec.issued) == before + 2 and rec.issued[-1] != rec.issued[-2]


@pytest.mark.parametrize("program, code", [
    (KeyProgram(0, PconfigCommand.SET_KEY_RANDOM, 1 << 2), PconfigStatus.INVALID_KEYID),
    (KeyProgram(16, PconfigCommand.SET_KEY_RANDOM, 1 << 2), PconfigStatus.INVALID_KEYID),
    (KeyProgram(1, 7, 1 << 2), PconfigStatus.INVALID_PROG_CMD),
    (KeyProgram(1, PconfigCommand.SET_KEY_RANDOM, 0b101), PconfigStatus.INVALID_ENC_ALG),
    (KeyProgram(1, PconfigCommand.CLEAR_KEY, 1 << 0), PconfigStatus.INVALID_ENC_ALG),  # 128 not activated
])
def test_faults_gp_now_codes_in_rev13(program: KeyProgram, code: PconfigStatus) -> None:
    with pytest.raises(GeneralProtection):
        unit().pconfig(program)
    assert unit(legacy_return_codes=True).pconfig(program) is code


def test_retryable_codes() -> None:
    rec = RecordingEntropy(SeededEntropy(1))
    ku = unit(entropy=rec)
    ku.busy_next = 1
    prog = KeyProgram.of(1, PconfigCommand.SET_KEY_RANDOM, Algorithm.AES_XTS_256)
    assert ku.pconfig(prog) is PconfigStatus.DEVICE_BUSY and ku.state(1) is KeyState.UNUSED
    rec.fail_next = 1
    assert ku.pconfig(prog) is PconfigStatus.ENTROPY_ERROR and ku.state(1) is KeyState.UNUSED
    assert ku.pconfig(prog) is PconfigStatus.PROG_SUCCESS


def test_no_mktme_means_gp() -> None:
    with pytest.raises(GeneralProtection):
        unit("cometlake").pconfig(KeyProgram.of(1, PconfigCommand.SET_KEY_RANDOM, Algorithm.AES_XTS_128))


def test_reset_discards_keys_and_regenerates_platform_key() -> None:
    ku = unit("icelakesp")
    ku.pconfig(KeyProgram.of(5, PconfigCommand.SET_KEY_RANDOM, Algorithm.AES_XTS_128))
    platform = ku.context(0)
    assert ku.state(0) is KeyState.PLATFORM and platform is not None
    ku.reset()
    assert ku.in_use() == [] and ku.context(0) is not platform and ku.context(5) is ku.context(0)


def test_slots_and_contexts_refuse_pickling() -> None:
    ku = unit()
    ku.pconfig(KeyProgram.of(1, PconfigCommand.SET_KEY_RANDOM, Algorithm.AES_XTS_256))
    for obj in (ku, ku._slots[1], ku.context(1)):
        with pytest.raises(TypeError):
            pickle.dumps(obj)
    assert "material" not in repr(ku._slots[1])
