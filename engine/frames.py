"""Host physical memory allocation: 2 MiB guest frames in extents, 4 KiB hypervisor pages.

Guest memory is handed out as a few extents rather than one object per frame, and whole
1 GiB-aligned gigabytes are taken first, so SLAT can map them with 1 GiB pages. That keeps
starting a 64 GiB VM as cheap as starting a 1 GiB one.
"""

from __future__ import annotations

import bisect

__all__ = ["FrameAllocator", "TablePool", "FRAME", "GIGA"]

FRAME = 2 * 2**20
GIGA = 2**30


class FrameAllocator:
    """Free list of ``[start, end)`` ranges (multiples of 2 MiB) over ``[base, limit)``."""

    def __init__(self, base: int, limit: int) -> None:
        self.base = base
        self.limit = limit
        self._free: list[list[int]] = [[base, limit]] if limit > base else []

    def __repr__(self) -> str:
        return f"FrameAllocator(free={self.free_bytes})"

    @property
    def free_bytes(self) -> int:
        return sum(e - s for s, e in self._free)

    def free_ranges(self) -> list[tuple[int, int]]:
        """``[start, end)`` of every free run, in address order."""
        return [(s, e) for s, e in self._free]

    def _take(self, start: int, end: int) -> None:
        for k, (s, e) in enumerate(self._free):
            if s <= start and end <= e:
                pieces = [[s, start]] if s < start else []
                if end < e:
                    pieces.append([end, e])
                self._free[k : k + 1] = pieces
                return
        raise AssertionError("range not free")

    def allocate(self, size: int) -> list[tuple[int, int]]:
        """Extents ``(start, length)`` totalling ``size``; 1 GiB-aligned gigabytes first.

        The caller checks ``free_bytes`` first; this raises ``MemoryError`` if it cannot.
        """
        if size % FRAME or size <= 0:
            raise ValueError("allocations are positive multiples of 2 MiB")
        if size > self.free_bytes:
            raise MemoryError(size)
        extents: list[tuple[int, int]] = []
        gigs = size // GIGA
        for s, e in list(self._free):
            if not gigs:
                break
            a = -(-s // GIGA) * GIGA
            n = min(gigs, max(0, (e - a) // GIGA))
            if n:
                self._take(a, a + n * GIGA)
                extents.append((a, n * GIGA))
                gigs -= n
        rest = size - sum(length for _, length in extents)
        while rest:
            s, e = self._free[0]
            n = min(rest, e - s)
            self._take(s, s + n)
            extents.append((s, n))
            rest -= n
        return extents

    def release(self, extents: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> None:
        for start, length in extents:
            end = start + length
            starts = [s for s, _ in self._free]
            k = bisect.bisect_left(starts, start)
            self._free.insert(k, [start, end])
        merged: list[list[int]] = []
        for s, e in self._free:
            if merged and merged[-1][1] == s:
                merged[-1][1] = e
            else:
                merged.append([s, e])
        self._free = merged


class TablePool:
    """4 KiB pages in the root partition's reserve, for SLAT tables."""

    def __init__(self, base: int, limit: int) -> None:
        self._next = base
        self._limit = limit
        self._free: list[int] = []

    def allocate(self) -> int:
        if self._free:
            return self._free.pop()
        if self._next >= self._limit:
            raise MemoryError("SLAT table pool exhausted")
        address, self._next = self._next, self._next + 4096
        return address

    def release(self, address: int) -> None:
        self._free.append(address)
