"""AES-XTS per 64-byte line, vectorised over many lines (tme-mk.md §4 model).

Data unit = one line; tweak input = the line's physical address without KeyID bits, as a
16-byte little-endian number (what ``cryptography``'s ``XTS(tweak)`` takes). Block j of a line
is ``C_j = E_K1(P_j ^ T_j) ^ T_j`` with ``T_0 = E_K2(addr)`` and ``T_j = T_0 * alpha^j``.

``KeyContext`` holds only opaque AES-ECB contexts from ``cryptography``: one ECB pass with
K2 computes every tweak of a transfer, numpy doubles them in GF(2^128), one ECB pass with K1
does the data. The key bytes are not kept here and cannot be pickled or printed.
"""

from __future__ import annotations

from typing import NoReturn

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .cpu import Algorithm

__all__ = ["KeyContext", "LINE", "encrypt_lines", "decrypt_lines", "mac_lines"]

LINE = 64
_MASK128 = (1 << 128) - 1
_U64 = np.uint64


def _ecb(key: bytes, decrypt: bool = False):  # type: ignore[no-untyped-def]
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    return cipher.decryptor() if decrypt else cipher.encryptor()


class KeyContext:
    """Live cipher state for one programmed key. Opaque on purpose: no key bytes inside."""

    __slots__ = ("algorithm", "_enc", "_dec", "_tweak", "_mac", "serial")

    def __init__(self, algorithm: Algorithm, data_key: bytes, tweak_key: bytes, mac_key: bytes | None, serial: int) -> None:
        self.algorithm = algorithm
        self.serial = serial
        self._enc = _ecb(data_key)
        self._dec = _ecb(data_key, decrypt=True)
        self._tweak = _ecb(tweak_key)
        self._mac = _ecb(mac_key) if mac_key is not None else None

    @property
    def integrity(self) -> bool:
        return self._mac is not None

    def __repr__(self) -> str:
        return f"<KeyContext {self.algorithm.display_name} #{self.serial}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("TME-MK key contexts cannot be pickled")

    def __getstate__(self) -> NoReturn:
        raise TypeError("TME-MK key contexts cannot be pickled")

    # -- one line, pure Python ints (faster than numpy for 64 bytes) --------------------------
    def _line_tweak(self, address: int) -> int:
        t = int.from_bytes(self._tweak.update(address.to_bytes(16, "little")), "little")
        out = t
        for j in (1, 2, 3):
            t = ((t << 1) & _MASK128) ^ (0x87 if t >> 127 else 0)
            out |= t << (128 * j)
        return out

    def encrypt_line(self, address: int, plaintext: bytes) -> bytes:
        t = self._line_tweak(address)
        x = (int.from_bytes(plaintext, "little") ^ t).to_bytes(LINE, "little")
        return (int.from_bytes(self._enc.update(x), "little") ^ t).to_bytes(LINE, "little")

    def decrypt_line(self, address: int, ciphertext: bytes) -> bytes:
        t = self._line_tweak(address)
        x = (int.from_bytes(ciphertext, "little") ^ t).to_bytes(LINE, "little")
        return (int.from_bytes(self._dec.update(x), "little") ^ t).to_bytes(LINE, "little")

    # -- many lines --------------------------------------------------------------------------
    def tweaks(self, addresses: np.ndarray) -> np.ndarray:
        """(n, 8) uint64: the four 128-bit tweaks of each line, little-endian halves."""
        n = addresses.shape[0]
        inp = np.zeros((n, 2), dtype=_U64)
        inp[:, 0] = addresses
        t0 = np.frombuffer(self._tweak.update(inp.tobytes()), dtype=_U64).reshape(n, 2)
        out = np.empty((n, 8), dtype=_U64)
        lo, hi = t0[:, 0].copy(), t0[:, 1].copy()
        one, sixty3 = _U64(1), _U64(63)
        for j in range(4):
            out[:, 2 * j] = lo
            out[:, 2 * j + 1] = hi
            if j < 3:
                carry = hi >> sixty3
                hi = (hi << one) | (lo >> sixty3)
                lo = (lo << one) ^ (carry * _U64(0x87))
        return out

    def _xts(self, ctx, addresses: np.ndarray, data: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
        t = self.tweaks(addresses)
        x = data.view(_U64).reshape(-1, 8) ^ t
        buf = bytearray(x.nbytes + 15)
        ctx.update_into(memoryview(x).cast("B"), buf)
        y = np.frombuffer(buf, dtype=_U64, count=x.size).reshape(-1, 8)
        return (y ^ t).view(np.uint8).reshape(-1)

    def encrypt(self, addresses: np.ndarray, plaintext: np.ndarray) -> np.ndarray:
        return self._xts(self._enc, addresses, plaintext)

    def decrypt(self, addresses: np.ndarray, ciphertext: np.ndarray) -> np.ndarray:
        return self._xts(self._dec, addresses, ciphertext)

    def macs(self, addresses: np.ndarray, ciphertext: np.ndarray) -> np.ndarray:
        """28-bit tag per line (integrity algorithms): E_Kmac(fold(C) ^ addr), truncated."""
        assert self._mac is not None
        c = ciphertext.view(_U64).reshape(-1, 4, 2)
        folded = c[:, 0] ^ c[:, 1] ^ c[:, 2] ^ c[:, 3]
        folded[:, 0] ^= addresses
        out = np.frombuffer(self._mac.update(folded.tobytes()), dtype=np.uint32).reshape(-1, 4)
        return out[:, 0] & np.uint32(0x0FFFFFFF)


def _as_array(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    if isinstance(data, np.ndarray):
        return data.reshape(-1).view(np.uint8)
    return np.frombuffer(data, dtype=np.uint8)


def line_addresses(first: int, count: int) -> np.ndarray:
    return np.arange(first, first + count * LINE, LINE, dtype=_U64)


def encrypt_lines(ctx: KeyContext, first_address: int, plaintext: bytes | np.ndarray) -> bytes:
    """Encrypt consecutive lines starting at ``first_address`` (a multiple of 64)."""
    p = _as_array(plaintext)
    return ctx.encrypt(line_addresses(first_address, p.size // LINE), p).tobytes()


def decrypt_lines(ctx: KeyContext, first_address: int, ciphertext: bytes | np.ndarray) -> bytes:
    c = _as_array(ciphertext)
    return ctx.decrypt(line_addresses(first_address, c.size // LINE), c).tobytes()


def mac_lines(ctx: KeyContext, first_address: int, ciphertext: bytes | np.ndarray) -> list[int]:
    c = _as_array(ciphertext)
    return [int(v) for v in ctx.macs(line_addresses(first_address, c.size // LINE), c)]
