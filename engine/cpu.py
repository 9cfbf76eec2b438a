"""CPU profiles and the firmware (BIOS) view of TME / TME-MK: CPUID facts and MSRs 981H/982H.

A ``CpuProfile`` is what the silicon can do; ``HostFirmware`` is what the BIOS chose
(TME on/off, KeyID-0 bypass, KeyID bits, DRAM size). ``Cpu.activate`` performs the WRMSR to
IA32_TME_ACTIVATE with the rules of tme-mk.md §1.3, and ``AddressLayout`` says where the KeyID
sits in a host physical address.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import evolve, field, frozen

from .errors import GeneralProtection, InvalidParameter, NotFound

__all__ = [
    "Algorithm",
    "CpuProfile",
    "HostFirmware",
    "AddressLayout",
    "Cpu",
    "PROFILES",
    "DEFAULT_PROFILE",
    "get_profile",
    "MSR_TME_CAPABILITY",
    "MSR_TME_ACTIVATE",
]

MSR_TME_CAPABILITY = 0x981
MSR_TME_ACTIVATE = 0x982

GiB = 2**30


class Algorithm(enum.Enum):
    """TME-MK algorithms; the value is the bit index in 981H[15:0] / 982H[63:48] / ENC_ALG."""

    AES_XTS_128 = 0
    AES_XTS_128_INTEGRITY = 1
    AES_XTS_256 = 2
    AES_XTS_256_INTEGRITY = 3

    @property
    def key_bytes(self) -> int:
        """Bytes in each of the two XTS keys (data key and tweak key)."""
        return 16 if self in (Algorithm.AES_XTS_128, Algorithm.AES_XTS_128_INTEGRITY) else 32

    @property
    def integrity(self) -> bool:
        return self in (Algorithm.AES_XTS_128_INTEGRITY, Algorithm.AES_XTS_256_INTEGRITY)

    @property
    def display_name(self) -> str:
        bits = self.key_bytes * 8
        return f"AES-XTS-{bits}" + (" with integrity" if self.integrity else "")

    @property
    def policy_code(self) -> int:
        """The 982H[7:4] TME policy encoding (0000 = 128, 0001 = 128-i, 0010 = 256)."""
        return self.value


def _algorithms(values: Iterable[Algorithm]) -> frozenset[Algorithm]:
    return frozenset(values)


@frozen
class CpuProfile:
    """What one processor model offers (tme-mk.md §1-2)."""

    name: str
    model: str
    max_physical_address_bits: int
    tme_supported: bool
    bypass_supported: bool
    max_keyid_bits: int
    max_keys: int
    algorithms: frozenset[Algorithm] = field(converter=_algorithms)
    # BIOS defaults as shipped: what a freshly installed host of this kind runs with.
    default_memory_bytes: int
    default_tme_enabled: bool
    default_bypass: bool
    default_keyid_bits: int
    default_tme_policy: Algorithm | None
    default_crypto_algs: frozenset[Algorithm] = field(converter=_algorithms)
    logical_processors: int = 8

    @property
    def mktme_supported(self) -> bool:
        return self.max_keyid_bits > 0 and self.max_keys > 0

    @property
    def capability_msr(self) -> int:
        """IA32_TME_CAPABILITY (981H), built field by field."""
        if not self.tme_supported:
            return 0
        value = 0
        for alg in self.algorithms:
            value |= 1 << alg.value
        if self.bypass_supported:
            value |= 1 << 31
        value |= (self.max_keyid_bits & 0xF) << 32
        value |= (self.max_keys & 0x7FFF) << 36
        return value

    def default_firmware(self) -> HostFirmware:
        return HostFirmware(
            memory_bytes=self.default_memory_bytes,
            tme_enabled=self.default_tme_enabled,
            tme_bypass=self.default_bypass,
            keyid_bits=self.default_keyid_bits,
            tme_policy=self.default_tme_policy,
            crypto_algs=self.default_crypto_algs,
        )


_XTS = {Algorithm.AES_XTS_128, Algorithm.AES_XTS_256}

PROFILES: dict[str, CpuProfile] = {
    p.name.lower(): p
    for p in (
        CpuProfile(
            name="AlderLake",
            model="12th Gen Intel(R) Core(TM) i7-12700",
            max_physical_address_bits=46,
            tme_supported=True,
            bypass_supported=True,
            max_keyid_bits=4,
            max_keys=15,
            algorithms=_XTS,
            default_memory_bytes=64 * GiB,
            default_tme_enabled=True,
            default_bypass=True,
            default_keyid_bits=4,
            default_tme_policy=Algorithm.AES_XTS_256,
            # dmesg on Alder Lake shows crypto-algs 0x4: only AES-XTS-256 for KeyIDs >= 1.
            default_crypto_algs={Algorithm.AES_XTS_256},
            logical_processors=20,
        ),
        CpuProfile(
            name="IceLakeSP",
            model="Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz",
            max_physical_address_bits=52,
            tme_supported=True,
            bypass_supported=False,
            max_keyid_bits=6,
            max_keys=63,
            algorithms={Algorithm.AES_XTS_128},
            default_memory_bytes=512 * GiB,
            default_tme_enabled=True,
            default_bypass=False,
            default_keyid_bits=6,
            default_tme_policy=Algorithm.AES_XTS_128,
            default_crypto_algs={Algorithm.AES_XTS_128},
            logical_processors=80,
        ),
        CpuProfile(
            name="SapphireRapids",
            model="Intel(R) Xeon(R) Platinum 8480+",
            max_physical_address_bits=52,
            tme_supported=True,
            bypass_supported=True,
            max_keyid_bits=7,
            max_keys=127,
            algorithms=set(Algorithm),
            default_memory_bytes=1024 * GiB,
            default_tme_enabled=True,
            default_bypass=False,
            default_keyid_bits=7,
            default_tme_policy=Algorithm.AES_XTS_256,
            default_crypto_algs=set(Algorithm),
            logical_processors=112,
        ),
        CpuProfile(
            name="CometLake",
            model="Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz",
            max_physical_address_bits=39,
            tme_supported=False,
            bypass_supported=False,
            max_keyid_bits=0,
            max_keys=0,
            algorithms=set(),
            default_memory_bytes=64 * GiB,
            default_tme_enabled=False,
            default_bypass=False,
            default_keyid_bits=0,
            default_tme_policy=None,
            default_crypto_algs=set(),
            logical_processors=16,
        ),
    )
}

DEFAULT_PROFILE = PROFILES["alderlake"]


def get_profile(name: str) -> CpuProfile:
    """Profile by name, case-insensitive; ``NotFound("Profile", name)`` otherwise."""
    try:
        return PROFILES[name.lower()]
    except KeyError:
        raise NotFound("Profile", name) from None


@frozen
class HostFirmware:
    """The BIOS options of design.md §7 (``Set-VMHostHardware``)."""

    memory_bytes: int
    tme_enabled: bool
    tme_bypass: bool
    keyid_bits: int
    tme_policy: Algorithm | None
    crypto_algs: frozenset[Algorithm] = field(converter=_algorithms)

    def activate_msr_request(self) -> int:
        """The value BIOS writes to 982H for these settings (lock bit ignored by hardware)."""
        value = 0
        if self.tme_enabled:
            value |= 1 << 1
        if self.tme_policy is not None:
            value |= self.tme_policy.policy_code << 4
        if self.tme_bypass:
            value |= 1 << 31
        value |= (self.keyid_bits & 0xF) << 32
        if self.keyid_bits:
            for alg in self.crypto_algs:
                value |= 1 << (48 + alg.value)
        return value


@frozen
class AddressLayout:
    """Where the KeyID lives in a host physical address (tme-mk.md §2)."""

    max_physical_address_bits: int
    keyid_bits: int

    @property
    def keyid_shift(self) -> int:
        return self.max_physical_address_bits - self.keyid_bits

    @property
    def address_mask(self) -> int:
        return (1 << self.keyid_shift) - 1

    @property
    def keyid_mask(self) -> int:
        return ((1 << self.keyid_bits) - 1) << self.keyid_shift

    def compose(self, address: int, key_id: int) -> int:
        return (key_id << self.keyid_shift) | address

    def decode(self, hpa: int) -> tuple[int, int]:
        """``(key_id, address)`` of a host physical address."""
        return (hpa >> self.keyid_shift) & ((1 << self.keyid_bits) - 1), hpa & self.address_mask


class Cpu:
    """The package: profile + the result of the boot-time WRMSR to IA32_TME_ACTIVATE."""

    def __init__(self, profile: CpuProfile, firmware: HostFirmware) -> None:
        self.profile = profile
        self.firmware = firmware
        self.activate_msr = 0
        self._layout: tuple[int, AddressLayout] | None = None
        self.activate(firmware.activate_msr_request())

    def __repr__(self) -> str:
        return f"Cpu({self.profile.name}, activate=0x{self.activate_msr:x})"

    # -- WRMSR 982H ------------------------------------------------------------------------
    def check_activate(self, value: int) -> None:
        """Raise ``GeneralProtection`` exactly where WRMSR 982H would #GP."""
        p = self.profile
        if not p.tme_supported:
            raise GeneralProtection("WRMSR 982H", "TME is not enumerated by this processor")
        reserved = (((1 << 31) - 1) & ~((1 << 8) - 1)) | (0xFF << 40) | (0xF << 36)
        if value & reserved:
            raise GeneralProtection("WRMSR 982H", "a reserved bit is set")
        enable = bool(value & 2)
        policy = (value >> 4) & 0xF
        if enable and not any(a.policy_code == policy for a in p.algorithms):
            raise GeneralProtection("WRMSR 982H", f"TME policy {policy} is not enumerated in 981H")
        if value & (1 << 31) and not p.bypass_supported:
            raise GeneralProtection("WRMSR 982H", "TME bypass is not supported")
        keyid_bits = (value >> 32) & 0xF
        if keyid_bits > p.max_keyid_bits:
            raise GeneralProtection(
                "WRMSR 982H", f"MK_TME_KEYID_BITS {keyid_bits} exceeds the maximum {p.max_keyid_bits}"
            )
        if keyid_bits and not enable:
            raise GeneralProtection("WRMSR 982H", "KeyID bits need hardware encryption enabled")
        algs = (value >> 48) & 0xFFFF
        if algs & ~sum(1 << a.value for a in p.algorithms):
            raise GeneralProtection("WRMSR 982H", "MK_TME_CRYPTO_ALGS names an algorithm not in 981H")

    def activate(self, value: int) -> None:
        """WRMSR 982H at boot. The lock is cleared by reset, so a reboot may write again."""
        if not self.profile.tme_supported:
            self.activate_msr = 0
            return
        self.check_activate(value)
        # Hardware ignores the written lock bit and sets it on success; key select 0 = new key.
        self.activate_msr = (value & ~0b101) | 1

    # -- decoded view ------------------------------------------------------------------------
    @property
    def capability_msr(self) -> int:
        return self.profile.capability_msr

    @property
    def tme_enabled(self) -> bool:
        return bool(self.activate_msr & 2)

    @property
    def tme_bypass(self) -> bool:
        return self.tme_enabled and bool(self.activate_msr & (1 << 31))

    @property
    def tme_policy(self) -> Algorithm | None:
        if not self.tme_enabled:
            return None
        code = (self.activate_msr >> 4) & 0xF
        return next(a for a in Algorithm if a.policy_code == code)

    @property
    def keyid_bits(self) -> int:
        return (self.activate_msr >> 32) & 0xF if self.tme_enabled else 0

    @property
    def mktme_enabled(self) -> bool:
        return self.keyid_bits > 0

    @property
    def usable_keyids(self) -> int:
        """KeyIDs 1..N that PCONFIG accepts: min(2^k - 1, MK_TME_MAX_KEYS)."""
        if not self.mktme_enabled:
            return 0
        return min((1 << self.keyid_bits) - 1, self.profile.max_keys)

    @property
    def crypto_algs(self) -> frozenset[Algorithm]:
        bits = (self.activate_msr >> 48) & 0xFFFF
        return frozenset(a for a in Algorithm if bits & (1 << a.value))

    @property
    def preferred_algorithm(self) -> Algorithm | None:
        """The algorithm the host asks PCONFIG for: the strongest activated non-integrity one,
        or an integrity one only when nothing else is activated."""
        order = (
            Algorithm.AES_XTS_256,
            Algorithm.AES_XTS_128,
            Algorithm.AES_XTS_256_INTEGRITY,
            Algorithm.AES_XTS_128_INTEGRITY,
        )
        return next((a for a in order if a in self.crypto_algs), None)

    @property
    def layout(self) -> AddressLayout:
        # Cached per MSR value: every memory access asks for it.
        cached = self._layout
        if cached is None or cached[0] != self.activate_msr:
            cached = self._layout = (self.activate_msr, AddressLayout(self.profile.max_physical_address_bits, self.keyid_bits))
        return cached[1]


def firmware_with(
    profile: CpuProfile,
    base: HostFirmware,
    *,
    memory_bytes: int | None = None,
    tme_enabled: bool | None = None,
    tme_bypass: bool | None = None,
    keyid_bits: int | None = None,
) -> HostFirmware:
    """New BIOS settings from ``base`` and the options given; refuses what WRMSR would #GP."""
    fw = base
    if memory_bytes is not None:
        if memory_bytes < 4 * GiB or memory_bytes % (2 * 2**20):
            raise InvalidParameter(
                "MemoryBytes", memory_bytes, "The memory size must be at least 4 GB and a multiple of 2 MB."
            )
        fw = evolve(fw, memory_bytes=memory_bytes)
    if keyid_bits is not None or memory_bytes is not None:
        # The KeyID bits come out of the physical address: DRAM must fit in what is left.
        bits = fw.keyid_bits if keyid_bits is None else keyid_bits
        limit = 1 << (profile.max_physical_address_bits - bits)
        if fw.memory_bytes > limit:
            raise InvalidParameter("MemoryBytes", fw.memory_bytes,
                                   f"{fw.memory_bytes} bytes of DRAM do not fit in the {profile.max_physical_address_bits - bits}"
                                   f"-bit physical address space left by {bits} KeyID bits.")
    if tme_enabled is not None:
        fw = evolve(fw, tme_enabled=tme_enabled)
        if not tme_enabled:
            fw = evolve(fw, keyid_bits=0, tme_bypass=False)
        elif fw.tme_policy is None and profile.tme_supported:
            pd = profile.default_firmware()
            fw = evolve(fw, tme_policy=pd.tme_policy, crypto_algs=pd.crypto_algs)
    if tme_bypass is not None:
        fw = evolve(fw, tme_bypass=tme_bypass)
    if keyid_bits is not None:
        fw = evolve(fw, keyid_bits=keyid_bits)
        if keyid_bits and not fw.crypto_algs:
            fw = evolve(fw, crypto_algs=profile.default_crypto_algs)
    if not profile.tme_supported and (fw.tme_enabled or fw.keyid_bits or fw.tme_bypass):
        raise InvalidParameter(
            "TmeEnabled", True, f"The processor {profile.model} does not support TME."
        )
    try:
        Cpu(profile, fw)
    except GeneralProtection as gp:
        name = "KeyIdBits" if "KEYID" in gp.reason or "KeyID" in gp.reason else "TmeBypass"
        raise InvalidParameter(name, keyid_bits, f"The firmware rejected the setting: {gp.reason}.") from None
    return fw
