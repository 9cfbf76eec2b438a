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

    def rewrite_line(self, address: int, old: bytes | None, offset: int, data: bytes) -> bytes:
        """Read-modify-write of part of a line with one tweak computation: decrypt ``old``
        (``None`` = a line known to hold zero), put ``data`` at ``offset``, encrypt."""
        t = self._line_tweak(address)
        if old is None:
            plain = bytearray(LINE)
        else:
            x = (int.from_bytes(old, "little") ^ t).to_bytes(LINE, "little")
            plain = bytearray((int.from_bytes(self._dec.update(x), "little") ^ t).to_bytes(LINE, "little"))
        plain[offset : offset + len(data)] = data
        x = (int.from_bytes(plain, "little") ^ t).to_bytes(LINE, "little")
        return (int.from_bytes(self._enc.update(x), "little") ^ t).to_bytes(LINE, "little")

    # -- many lines --------------------------------------------------------------------------
    def tweaks(self, addresses: np.ndarray) -> np.ndarray:
        """(n, 8) uint64: the four 128-bit tweaks of each line, little-endian halves.

        The result is a view into the shared workspace, valid until the next kernel call.
        """
        n = addresses.shape[0]
        ws = _WORKSPACE.ensure(n)
        inp = ws.tweak_in[:n]
        inp[:, 0] = addresses
        self._tweak.update_into(inp.data.cast("B"), ws.tweak_out)
        t0 = np.frombuffer(ws.tweak_out, dtype=_U64, count=2 * n).reshape(n, 2)
        out = ws.t[:n]
        lo, hi, tmp = ws.lo[:n], ws.hi[:n], ws.tmp[:n]
        np.copyto(lo, t0[:, 0])
        np.copyto(hi, t0[:, 1])
        for j in range(4):
            out[:, 2 * j] = lo
            out[:, 2 * j + 1] = hi
            if j < 3:
                # T <<= 1 in GF(2^128): the bit leaving the top folds back in as 0x87.
                np.right_shift(hi, _SIXTY3, out=tmp)
                np.multiply(tmp, _POLY, out=tmp)
                np.left_shift(hi, _ONE, out=hi)
                np.bitwise_or(hi, np.right_shift(lo, _SIXTY3), out=hi)
                np.left_shift(lo, _ONE, out=lo)
                np.bitwise_xor(lo, tmp, out=lo)
        return out

    def _xts(self, ctx, addresses: np.ndarray, data: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
        n = addresses.shape[0]
        t = self.tweaks(addresses)
        ws = _WORKSPACE
        x = ws.x[:n]
        np.bitwise_xor(data.view(_U64).reshape(-1, 8), t, out=x)
        ctx.update_into(x.data.cast("B"), ws.y)
        y = np.frombuffer(ws.y, dtype=_U64, count=8 * n).reshape(n, 8)
        np.bitwise_xor(y, t, out=y)
        return y.view(np.uint8).reshape(-1)

    def encrypt(self, addresses: np.ndarray, plaintext: np.ndarray) -> np.ndarray:
        """Ciphertext of whole lines; a view into the shared workspace (copy it to keep it)."""
        return self._xts(self._enc, addresses, plaintext)

    def decrypt(self, addresses: np.ndarray, ciphertext: np.ndarray) -> np.ndarray:
        """Plaintext of whole lines; a view into the shared workspace (copy it to keep it)."""
        return self._xts(self._dec, addresses, ciphertext)

    def macs(self, addresses: np.ndarray, ciphertext: np.ndarray) -> np.ndarray:
        """28-bit tag per line (integrity algorithms): E_Kmac(fold(C) ^ addr), truncated."""
        assert self._mac is not None
        c = ciphertext.view(_U64).reshape(-1, 4, 2)
        folded = c[:, 0] ^ c[:, 1] ^ c[:, 2] ^ c[:, 3]
        folded[:, 0] ^= addresses
        out = np.frombuffer(self._mac.update(folded.tobytes()), dtype=np.uint32).reshape(-1, 4)
        return out[:, 0] & np.uint32(0x0FFFFFFF)


_ONE, _SIXTY3, _POLY = _U64(1), _U64(63), _U64(0x87)


class _Workspace:
    """Buffers reused by every transfer. Fresh multi-megabyte arrays cost page faults on
    each call, which dominated the bulk path; the engine is single-threaded, so one set of
    buffers, grown on demand, serves every key."""

    def __init__(self) -> None:
        self.size = 0
        self.ensure(1024)

    def ensure(self, n: int) -> _Workspace:
        if n > self.size:
            size = max(n, 2 * self.size)
            self.tweak_in = np.zeros((size, 2), dtype=_U64)
            self.tweak_out = bytearray(size * 16 + 16)
            self.t = np.empty((size, 8), dtype=_U64)
            self.x = np.empty((size, 8), dtype=_U64)
            self.y = bytearray(size * LINE + 16)
            self.lo = np.empty(size, dtype=_U64)
            self.hi = np.empty(size, dtype=_U64)
            self.tmp = np.empty(size, dtype=_U64)
            self.iota = np.arange(0, size * LINE, LINE, dtype=_U64)
            self.addresses = np.empty(size, dtype=_U64)
            self.size = size
        return self


_WORKSPACE = _Workspace()


def line_addresses(first: int, count: int) -> np.ndarray:
    """Addresses of ``count`` lines from ``first`` (a workspace view, like the kernel's)."""
    ws = _WORKSPACE.ensure(count)
    out = ws.addresses[:count]
    np.add(ws.iota[:count], _U64(first), out=out)
    return out


def _as_array(data: bytes | bytearray | memoryview | np.ndarray) -> np.ndarray:
    if isinstance(data, np.ndarray):
        return data.reshape(-1).view(np.uint8)
    return np.frombuffer(data, dtype=np.uint8)


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
