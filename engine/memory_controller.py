"""The encrypting memory controller: KeyID from the top address bits, AES-XTS per line.

Reads and writes take any length and alignment; a partial line is read, merged and written
back, as the cache does, so it shows on the bus as one Read then one Write. KeyID 0 follows
TME enable/bypass; NO_ENCRYPT KeyIDs pass data through; an unprogrammed or wrong KeyID
simply decrypts to garbage (no fault, as on real hardware). Integrity algorithms check a
per-line tag on read and raise ``MachineCheck`` when the ciphertext was changed behind the
controller's back.
"""

from __future__ import annotations

import numpy as np

from .cpu import Cpu
from .dram import Dram
from .errors import MachineCheck
from .keyunit import KeyUnit
from .xts import LINE, KeyContext, line_addresses

__all__ = ["MemoryController"]

_ZERO_LINE = bytes(LINE)


class MemoryController:
    def __init__(self, cpu: Cpu, keys: KeyUnit, dram: Dram) -> None:
        self.cpu = cpu
        self.keys = keys
        self.dram = dram
        # The host builds a new controller whenever the firmware changes, so the address
        # layout is fixed for this object's life; keep it in plain ints for the hot path.
        layout = cpu.layout
        self._shift = layout.keyid_shift
        self._address_mask = layout.address_mask
        self._keyid_mask = (1 << layout.keyid_bits) - 1

    def __repr__(self) -> str:
        return f"MemoryController(keyid_bits={self.cpu.keyid_bits})"

    def decode(self, hpa: int) -> tuple[int, int]:
        """``(key_id, physical address without KeyID bits)``."""
        return self.cpu.layout.decode(hpa)

    def _check(self, address: int) -> None:
        if address >= self.dram.capacity:
            raise ValueError(f"host physical address 0x{address:x} is beyond DRAM")

    # -- lazily zero through a KeyID ------------------------------------------------------------
    def zero(self, hpa: int, length: int) -> None:
        """AddPage step 3: zero a page-aligned range through its KeyID, lazily."""
        key_id, address = self.decode(hpa)
        self._check(address + length - 1)
        self.dram.zero(address, length, self.keys.context(key_id))

    def _begin(self, hpa: int, count: int) -> tuple[int, KeyContext | None, int, int]:
        """Decode and bounds-check an access: (KeyID, key context, first line, offset in it)."""
        key_id, address = (hpa >> self._shift) & self._keyid_mask, hpa & self._address_mask
        if address + count > self.dram.capacity:
            self._check(address + count - 1)
        first = address - address % LINE
        return key_id, self.keys.context(key_id), first, address - first

    # -- reads -------------------------------------------------------------------------------------
    def read(self, hpa: int, count: int) -> bytes:
        if count <= 0:
            return b""
        key_id, ctx, first, off = self._begin(hpa, count)
        if off + count <= LINE:
            return self._read_line(ctx, key_id, first)[off : off + count]
        nlines = (off + count + LINE - 1) // LINE
        plain = self._read_lines(ctx, key_id, first, nlines)
        return plain[off : off + count].tobytes()

    def _read_line(self, ctx: KeyContext | None, key_id: int, address: int) -> bytes:
        raw = self.dram.load_line(address, ctx)
        if ctx is None:
            return raw if raw is not None else _ZERO_LINE
        if raw is None:
            return _ZERO_LINE
        if ctx.integrity:
            self._verify(ctx, key_id, address, np.frombuffer(raw, dtype=np.uint8), 1)
        return ctx.decrypt_line(address, raw)

    def _read_lines(self, ctx: KeyContext | None, key_id: int, address: int, nlines: int) -> np.ndarray:
        raw, zero = self.dram.load(address, nlines, ctx)
        if ctx is None:
            return raw
        if ctx.integrity:
            self._verify(ctx, key_id, address, raw, nlines, zero)
        plain = ctx.decrypt(line_addresses(address, nlines), raw)
        if zero is not None:
            plain.reshape(-1, LINE)[zero] = 0
        return plain

    def _verify(self, ctx: KeyContext, key_id: int, address: int, raw: np.ndarray, nlines: int, zero: np.ndarray | None = None) -> None:
        stored = self.dram.tags(address, nlines)
        expected = ctx.macs(line_addresses(address, nlines), raw)
        for k in range(nlines):
            if zero is not None and zero[k]:
                continue  # still the fill of this very key: tag implied by the zeroing
            if stored[k] is None or stored[k] != int(expected[k]):
                raise MachineCheck(address + k * LINE, key_id)

    # -- writes ------------------------------------------------------------------------------------
    def write(self, hpa: int, data: bytes | bytearray | memoryview) -> None:
        count = len(data)
        if count == 0:
            return
        key_id, ctx, first, off = self._begin(hpa, count)
        if off + count <= LINE:
            if ctx is not None and count < LINE and not ctx.integrity:
                # The common small guest write: one tweak for the read and the write back.
                self.dram.store_line(first, ctx.rewrite_line(first, self.dram.load_line(first, ctx), off, bytes(data)))
                return
            if count == LINE:
                line = bytes(data)
            else:
                old = self._read_line(ctx, key_id, first)
                line = old[:off] + bytes(data) + old[off + count :]
            self._write_line(ctx, first, line)
            return
        nlines = (off + count + LINE - 1) // LINE
        end = off + count
        if off == 0 and end % LINE == 0:
            plain = np.frombuffer(data, dtype=np.uint8)  # whole lines: no merge buffer needed
        else:
            plain = self._merge_edges(ctx, key_id, first, nlines, off, data)
        if ctx is None:
            self.dram.store(first, plain)
            return
        addrs = line_addresses(first, nlines)
        ct = ctx.encrypt(addrs, plain)
        tags = [int(t) for t in ctx.macs(addrs, ct)] if ctx.integrity else None
        self.dram.store(first, ct, tags)

    def _merge_edges(self, ctx: KeyContext | None, key_id: int, first: int, nlines: int, off: int,
                     data: bytes | bytearray | memoryview) -> np.ndarray:
        """The lines of a transfer that starts or ends mid-line, with the old bytes around it."""
        plain = np.empty(nlines * LINE, dtype=np.uint8)
        end = off + len(data)
        if off:
            plain[:LINE] = np.frombuffer(self._read_line(ctx, key_id, first), dtype=np.uint8)
        if end % LINE:
            last = first + (nlines - 1) * LINE
            plain[-LINE:] = np.frombuffer(self._read_line(ctx, key_id, last), dtype=np.uint8)
        plain[off:end] = np.frombuffer(data, dtype=np.uint8)
        return plain

    def _write_line(self, ctx: KeyContext | None, address: int, line: bytes) -> None:
        if ctx is None:
            self.dram.store_line(address, line)
            return
        ct = ctx.encrypt_line(address, line)
        tag = None
        if ctx.integrity:
            tag = int(ctx.macs(np.array([address], dtype=np.uint64), np.frombuffer(ct, dtype=np.uint8))[0])
        self.dram.store_line(address, ct, tag)
