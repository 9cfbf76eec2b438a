"""TME-MK key table, programmed only through a PCONFIG-like call (tme-mk.md §3).

Software hands ``pconfig`` a ``KeyProgram`` (the MKTME_KEY_PROGRAM_STRUCT) and gets a
``PconfigStatus`` back, or ``GeneralProtection`` where the current SDM says #GP(0). Random
keys come from the host's entropy source (the CPU's RNG) XOR-ed with the software entropy in
the key fields. Nothing here returns key bytes: slots expose only their state and algorithm,
and key buffers are overwritten when a key is cleared or the package resets.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, NoReturn

from attrs import define, field, frozen

from .clock import Entropy, EntropyExhausted
from .cpu import Algorithm, Cpu
from .errors import GeneralProtection

if TYPE_CHECKING:  # numpy and cryptography load only when a key is programmed
    from .xts import KeyContext

__all__ = ["PconfigCommand", "PconfigStatus", "KeyProgram", "KeyState", "KeySlot", "KeyUnit"]


class PconfigCommand(enum.Enum):
    SET_KEY_DIRECT = 0
    SET_KEY_RANDOM = 1
    CLEAR_KEY = 2
    NO_ENCRYPT = 3


class PconfigStatus(enum.Enum):
    PROG_SUCCESS = 0
    INVALID_PROG_CMD = 1
    ENTROPY_ERROR = 2
    INVALID_KEYID = 3
    INVALID_ENC_ALG = 4
    DEVICE_BUSY = 5


class KeyState(enum.Enum):
    """What a KeyID does right now (the ``State`` column of ``Get-VMHostKeyId``)."""

    PLATFORM = "Platform"  # KeyID 0 with the boot-time TME key
    BYPASS = "Bypass"  # KeyID 0 with TME bypass (or TME off): plaintext
    RANDOM = "Random"
    DIRECT = "Direct"
    NO_ENCRYPT = "NoEncrypt"
    UNUSED = "Unused"  # never programmed or cleared: behaves like KeyID 0


@frozen
class KeyProgram:
    """MKTME_KEY_PROGRAM_STRUCT. ``command`` may be a raw int to model invalid commands;
    ``enc_alg`` is the raw ENC_ALG bit field (exactly one bit must be set)."""

    key_id: int
    command: PconfigCommand | int
    enc_alg: int
    key_field_1: bytes = field(default=b"", repr=False)
    key_field_2: bytes = field(default=b"", repr=False)

    @classmethod
    def of(cls, key_id: int, command: PconfigCommand, algorithm: Algorithm, key_field_1: bytes = b"", key_field_2: bytes = b"") -> KeyProgram:
        return cls(key_id, command, 1 << algorithm.value, key_field_1, key_field_2)


@define(eq=False)
class KeySlot:
    """One KeyID's entry. ``_material`` is the only place key bytes live, zeroed on clear."""

    key_id: int
    state: KeyState = KeyState.UNUSED
    algorithm: Algorithm | None = None
    context: KeyContext | None = field(default=None, repr=False)
    _material: bytearray = field(factory=bytearray, repr=False, alias="material")

    def wipe(self) -> None:
        # Overwrite in place so no copy of the key survives in this buffer.
        for i in range(len(self._material)):
            self._material[i] = 0
        self._material = bytearray()
        self.context = None

    def __getstate__(self) -> NoReturn:
        raise TypeError("key slots cannot be pickled")

    def __reduce__(self) -> NoReturn:
        raise TypeError("key slots cannot be pickled")


class KeyUnit:
    """Per-package key table: KeyID 0 (platform) plus KeyIDs 1..N."""

    def __init__(self, cpu: Cpu, entropy: Entropy, *, legacy_return_codes: bool = False) -> None:
        self._cpu = cpu
        self._entropy = entropy
        # Spec rev 1.3 returned codes 1/3/4 where the current SDM raises #GP(0).
        self.legacy_return_codes = legacy_return_codes
        self.busy_next = 0  # test hook: how many next calls find the key-table lock taken
        self._serial = 0
        self._slots: list[KeySlot] = []
        self.reset()

    def __repr__(self) -> str:
        return f"KeyUnit(keyids={len(self._slots) - 1}, in_use={len(self.in_use())})"

    def __getstate__(self) -> NoReturn:
        raise TypeError("the key unit cannot be pickled")

    def __reduce__(self) -> NoReturn:
        raise TypeError("the key unit cannot be pickled")

    # -- lifecycle ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Package reset or power loss: every key is discarded, KeyID 0 gets a new TME key."""
        for slot in self._slots:
            slot.wipe()
        cpu = self._cpu
        self._slots = [KeySlot(i) for i in range(cpu.usable_keyids + 1)]
        platform = self._slots[0]
        if cpu.tme_enabled and cpu.tme_policy is not None:
            # The TME key is made at every boot even in bypass: bypass only stops its use.
            self._install(platform, cpu.tme_policy, self._entropy_bytes(cpu.tme_policy), b"")
            platform.state = KeyState.BYPASS if cpu.tme_bypass else KeyState.PLATFORM
        else:
            platform.state = KeyState.BYPASS

    def _entropy_bytes(self, alg: Algorithm) -> bytes:
        n = alg.key_bytes * (3 if alg.integrity else 2)
        return self._entropy.token_bytes(n)

    def _install(self, slot: KeySlot, alg: Algorithm, material: bytes, xor: bytes) -> None:
        slot.wipe()
        kb = alg.key_bytes
        buf = bytearray(material)
        for i, b in enumerate(xor[: len(buf)]):
            buf[i] ^= b
        self._serial += 1
        mac = bytes(buf[2 * kb : 3 * kb]) if alg.integrity else None
        from .xts import KeyContext

        slot.context = KeyContext(alg, bytes(buf[:kb]), bytes(buf[kb : 2 * kb]), mac, self._serial)
        slot.algorithm = alg
        slot._material = buf

    # -- PCONFIG -----------------------------------------------------------------------------
    def _fault(self, status: PconfigStatus, reason: str) -> PconfigStatus:
        if self.legacy_return_codes:
            return status
        raise GeneralProtection("PCONFIG", reason)

    def pconfig(self, program: KeyProgram) -> PconfigStatus:
        """Execute MKTME_KEY_PROGRAM (leaf 0). Returns the RAX status; raises #GP(0)."""
        cpu = self._cpu
        if not cpu.mktme_enabled:
            raise GeneralProtection("PCONFIG", "TME-MK is not activated (982H lock/enable/KeyID bits)")
        command = program.command
        if not isinstance(command, PconfigCommand):
            try:
                command = PconfigCommand(command)
            except ValueError:
                return self._fault(PconfigStatus.INVALID_PROG_CMD, f"invalid command {command}")
        if not 1 <= program.key_id <= cpu.usable_keyids:
            return self._fault(PconfigStatus.INVALID_KEYID, f"KeyID {program.key_id} is not programmable")
        alg_bits = program.enc_alg & 0xFFFF
        if program.enc_alg >> 16 or bin(alg_bits).count("1") != 1:
            return self._fault(PconfigStatus.INVALID_ENC_ALG, "ENC_ALG must have exactly one bit")
        alg = Algorithm(alg_bits.bit_length() - 1) if alg_bits.bit_length() - 1 < 4 else None
        if alg is None or alg not in cpu.crypto_algs:
            return self._fault(PconfigStatus.INVALID_ENC_ALG, "ENC_ALG is not activated in 982H")
        if self.busy_next:
            self.busy_next -= 1
            return PconfigStatus.DEVICE_BUSY
        slot = self._slots[program.key_id]
        if command is PconfigCommand.SET_KEY_RANDOM:
            try:
                material = self._entropy_bytes(alg)
            except EntropyExhausted:
                return PconfigStatus.ENTROPY_ERROR
            kb = alg.key_bytes
            xor = program.key_field_1[:kb].ljust(kb, b"\0") + program.key_field_2[:kb].ljust(kb, b"\0")
            self._install(slot, alg, material, xor)
            slot.state = KeyState.RANDOM
        elif command is PconfigCommand.SET_KEY_DIRECT:
            kb = alg.key_bytes
            material = program.key_field_1[:kb].ljust(kb, b"\0") + program.key_field_2[:kb].ljust(kb, b"\0")
            if alg.integrity:
                material += self._entropy_bytes(alg)[:kb]
            self._install(slot, alg, material, b"")
            slot.state = KeyState.DIRECT
        elif command is PconfigCommand.CLEAR_KEY:
            slot.wipe()
            slot.algorithm = None
            slot.state = KeyState.UNUSED
        else:
            slot.wipe()
            slot.algorithm = alg
            slot.state = KeyState.NO_ENCRYPT
        return PconfigStatus.PROG_SUCCESS

    # -- what the memory controller and host may know ----------------------------------------
    def context(self, key_id: int) -> KeyContext | None:
        """Cipher context used for ``key_id``; ``None`` means the data passes in plaintext."""
        slots = self._slots
        if 0 < key_id < len(slots):
            slot = slots[key_id]
            if slot.state is KeyState.NO_ENCRYPT:
                return None
            if slot.context is not None:
                return slot.context
        platform = slots[0]
        return None if platform.state is KeyState.BYPASS else platform.context

    def state(self, key_id: int) -> KeyState:
        return self._slots[key_id].state

    def algorithm(self, key_id: int) -> Algorithm | None:
        return self._slots[key_id].algorithm

    @property
    def total(self) -> int:
        return len(self._slots) - 1

    def in_use(self) -> list[int]:
        return [s.key_id for s in self._slots[1:] if s.state is not KeyState.UNUSED]

    def free_key_id(self) -> int | None:
        return next((s.key_id for s in self._slots[1:] if s.state is KeyState.UNUSED), None)
