"""Injectable time and randomness, so tests and transcripts are deterministic.

A host gets one ``Clock`` and one ``Entropy``. The entropy source has three streams kept
apart on purpose: ``token_bytes`` (secret: the CPU's RNG for keys), ``uuid4`` (ids) and
``noise`` (non-secret simulation noise such as DRAM decay). Keeping ids off the secret stream
lets a recording source know exactly which bytes were key material.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import random
import time
import uuid
from typing import Protocol, runtime_checkable

__all__ = [
    "Clock",
    "SystemClock",
    "VirtualClock",
    "Entropy",
    "SystemEntropy",
    "SeededEntropy",
    "RecordingEntropy",
    "EntropyExhausted",
    "DEFAULT_EPOCH",
    "as_clock",
    "as_entropy",
]

#: The start of every transcript session (design.md §6).
DEFAULT_EPOCH = _dt.datetime(2022, 11, 23, 9, 0, 0)


@runtime_checkable
class Clock(Protocol):
    def now(self) -> _dt.datetime: ...

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Wall-clock time; ``sleep`` really sleeps."""

    def now(self) -> _dt.datetime:
        return _dt.datetime.now()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def __repr__(self) -> str:
        return "SystemClock()"


class VirtualClock:
    """Time that moves only when someone sleeps (or calls ``advance``)."""

    def __init__(self, start: _dt.datetime = DEFAULT_EPOCH) -> None:
        self._start = start
        self._elapsed = 0.0

    def now(self) -> _dt.datetime:
        return self._start + _dt.timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        return self._elapsed

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self._elapsed += max(0.0, float(seconds))

    def __repr__(self) -> str:
        return f"VirtualClock(now={self.now().isoformat()})"


class EntropyExhausted(Exception):
    """Raised by an entropy source that cannot deliver (PCONFIG reports ENTROPY_ERROR)."""


@runtime_checkable
class Entropy(Protocol):
    def token_bytes(self, n: int) -> bytes: ...

    def uuid4(self) -> uuid.UUID: ...

    def noise(self) -> random.Random: ...


class SystemEntropy:
    """``os.urandom`` for keys; fresh random ids and noise."""

    def token_bytes(self, n: int) -> bytes:
        return os.urandom(n)

    def uuid4(self) -> uuid.UUID:
        return uuid.uuid4()

    def noise(self) -> random.Random:
        return random.Random(os.urandom(16))

    def __repr__(self) -> str:
        return "SystemEntropy()"


def _stream(seed: int, label: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{label}".encode()).digest()
    return random.Random(int.from_bytes(digest, "little"))


class SeededEntropy:
    """Deterministic streams derived from one seed (not cryptographic: a simulation)."""

    def __init__(self, seed: int = 0) -> None:
        self._seed = seed
        self._keys = _stream(seed, "keys")
        self._ids = _stream(seed, "ids")
        self._noise = _stream(seed, "noise")

    def token_bytes(self, n: int) -> bytes:
        return self._keys.randbytes(n)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(bytes=self._ids.randbytes(16), version=4)

    def noise(self) -> random.Random:
        return random.Random(self._noise.getrandbits(64))

    def __repr__(self) -> str:
        return f"SeededEntropy(seed={self._seed})"


class RecordingEntropy:
    """Wraps another source and remembers every secret byte string it handed out.

    Tests use it to know every key the CPU generated and then scan for those bytes.
    """

    def __init__(self, inner: Entropy | None = None) -> None:
        self._inner: Entropy = inner if inner is not None else SeededEntropy(0)
        self.issued: list[bytes] = []
        self.fail_next = 0

    def token_bytes(self, n: int) -> bytes:
        if self.fail_next:
            self.fail_next -= 1
            raise EntropyExhausted("recording entropy told to fail")
        data = self._inner.token_bytes(n)
        self.issued.append(data)
        return data

    def uuid4(self) -> uuid.UUID:
        return self._inner.uuid4()

    def noise(self) -> random.Random:
        return self._inner.noise()

    def __repr__(self) -> str:
        return f"RecordingEntropy(issued={len(self.issued)})"


def as_clock(clock: Clock | _dt.datetime | None, virtual: bool) -> Clock:
    """A ``datetime`` means a virtual clock starting then; ``None`` the default kind."""
    if isinstance(clock, _dt.datetime):
        return VirtualClock(clock)
    if clock is None:
        return VirtualClock() if virtual else SystemClock()
    return clock


def as_entropy(entropy: Entropy | int | None, seeded: bool) -> Entropy:
    """An ``int`` means ``SeededEntropy(seed)``; ``None`` the default kind."""
    if isinstance(entropy, int):
        return SeededEntropy(entropy)
    if entropy is None:
        return SeededEntropy(0) if seeded else SystemEntropy()
    return entropy
