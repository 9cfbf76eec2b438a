"""Host DRAM: sparse, lazily materialised 4 KiB pages plus "zeroed under key" fills.

Untouched memory costs nothing. Zeroing a range through a KeyID records a *fill* (the range
holds E_key(0) line by line) instead of writing anything; a line's ciphertext of zero is only
computed when someone needs the raw bytes (a raw dump, a read under another key, or a bus
observer). Pages keep a per-line valid mask, so the first write to a fresh page costs one line.

Two kinds of access:
* bus access (``load``/``store``/``load_line``/``store_line``) is what the memory controller
  does; every line crossing the bus is shown to the observers (address without KeyID, data
  as stored, Read or Write). Fills never appear on the bus: zeroing is lazy.
* physical access (``dump``/``poke``) is the lab's attacker with the DIMM in hand: no bus.

Contents survive power loss (remanence); ``decay`` flips bits in resident pages.
"""

from __future__ import annotations

import bisect
import enum
import random
from collections.abc import Callable, Iterator

import numpy as np

from .xts import LINE, KeyContext

__all__ = ["Dram", "BusOp", "BusObserver", "PAGE", "FRAME_2M", "FRAME_1G"]

PAGE = 4096
FRAME_2M = 2 * 2**20
FRAME_1G = 2**30
_LINES = PAGE // LINE
_FULL = (1 << _LINES) - 1
_ZERO_LINE = bytes(LINE)


class BusOp(enum.Enum):
    READ = "Read"
    WRITE = "Write"


#: observer(op, line_address, data_as_stored, integrity_tag_or_None)
BusObserver = Callable[[BusOp, int, bytes, "int | None"], None]


def _spans(address: int, nlines: int) -> Iterator[tuple[int, int, int, int, int]]:
    """Split a run of lines at page boundaries: (address, line index, page number,
    first line in the page, lines in this page)."""
    pos, i = address, 0
    while i < nlines:
        first_line = (pos & (PAGE - 1)) >> 6
        take = min(_LINES - first_line, nlines - i)
        yield pos, i, pos >> 12, first_line, take
        pos += take * LINE
        i += take


class _Page:
    __slots__ = ("data", "valid", "tags")

    def __init__(self) -> None:
        self.data = bytearray(PAGE)  # invalid lines stay all-zero here
        self.valid = 0
        self.tags: dict[int, int] | None = None


class Dram:
    """``capacity`` bytes of host physical memory."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._pages: dict[int, _Page] = {}
        # Fills: sorted, non-overlapping [start, end) page-number intervals -> context.
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._ctxs: list[KeyContext | None] = []
        self.observers: list[BusObserver] = []
        self._scratch = np.zeros(0, dtype=np.uint8)

    def __repr__(self) -> str:
        return f"Dram(capacity={self.capacity}, resident_pages={len(self._pages)}, fills={len(self._starts)})"

    @property
    def resident_bytes(self) -> int:
        return len(self._pages) * PAGE

    # -- fills ---------------------------------------------------------------------------------
    def zero(self, address: int, length: int, ctx: KeyContext | None) -> None:
        """Make [address, address+length) read as zero through ``ctx`` (``None``: plaintext).

        Page-aligned. Nothing crosses the bus and nothing is materialised.
        """
        first, end = address // PAGE, (address + length) // PAGE
        self._drop_pages(first, end)
        self._set_fill(first, end, ctx)

    def _drop_pages(self, first: int, end: int) -> None:
        pages = self._pages
        if len(pages) < end - first:
            doomed = [pn for pn in pages if first <= pn < end]
        else:
            doomed = [pn for pn in range(first, end) if pn in pages]
        for pn in doomed:
            del pages[pn]

    def _set_fill(self, first: int, end: int, ctx: KeyContext | None) -> None:
        starts, ends, ctxs = self._starts, self._ends, self._ctxs
        i = bisect.bisect_right(ends, first)
        j = i
        left: list[tuple[int, int, KeyContext | None]] = []
        right: list[tuple[int, int, KeyContext | None]] = []
        while j < len(starts) and starts[j] < end:
            if starts[j] < first:
                left.append((starts[j], first, ctxs[j]))
            if ends[j] > end:
                right.append((end, ends[j], ctxs[j]))
            j += 1
        pieces = [*left, (first, end, ctx), *right]
        starts[i:j] = [p[0] for p in pieces]
        ends[i:j] = [p[1] for p in pieces]
        ctxs[i:j] = [p[2] for p in pieces]

    def fill_at(self, address: int) -> KeyContext | None:
        pn = address // PAGE
        i = bisect.bisect_right(self._starts, pn) - 1
        if i >= 0 and pn < self._ends[i]:
            return self._ctxs[i]
        return None

    # -- bus access (memory controller) ----------------------------------------------------------
    def load(self, address: int, nlines: int, known: KeyContext | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Raw bytes of ``nlines`` lines from ``address`` (line-aligned), as a view of a
        scratch buffer that the next ``load`` reuses.

        Lines that still hold the fill of ``known`` are returned as zero bytes and flagged in
        the second result: the caller knows their plaintext is zero. Everything else is exact.
        """
        observed = bool(self.observers)
        if observed:
            known = None  # observers must see the real ciphertext of every line
        if self._scratch.size < nlines * LINE:
            # Reused between calls: a fresh megabyte array per transfer costs page faults.
            self._scratch = np.zeros(max(nlines * LINE, 2 * self._scratch.size), dtype=np.uint8)
        out = self._scratch[: nlines * LINE]
        out.fill(0)
        zero_mask: np.ndarray | None = None
        pending: dict[int, tuple[KeyContext, list[int]]] = {}
        pages = self._pages
        for pos, i, pn, first_line, take in _spans(address, nlines):
            page = pages.get(pn)
            window = ((1 << take) - 1) << first_line
            if page is not None:
                out[i * LINE : (i + take) * LINE] = np.frombuffer(
                    page.data, dtype=np.uint8, count=take * LINE, offset=first_line * LINE
                )
                missing = window & ~page.valid
            else:
                missing = window
            if missing:
                ctx = self.fill_at(pos)
                if ctx is not None:
                    idx = [i + b - first_line for b in range(first_line, first_line + take) if missing >> b & 1]
                    if ctx is known:
                        if zero_mask is None:
                            zero_mask = np.zeros(nlines, dtype=bool)
                        zero_mask[idx] = True
                    else:
                        pending.setdefault(ctx.serial, (ctx, []))[1].extend(idx)
        for ctx, idx in pending.values():
            addrs = np.asarray(idx, dtype=np.uint64) * np.uint64(LINE) + np.uint64(address)
            ct = ctx.encrypt(addrs, np.zeros(len(idx) * LINE, dtype=np.uint8)).reshape(-1, LINE)
            out.reshape(-1, LINE)[idx] = ct
        if observed:
            tags = self.tags(address, nlines)
            for k in range(nlines):
                self._notify(BusOp.READ, address + k * LINE, out[k * LINE : (k + 1) * LINE].tobytes(), tags[k])
        return out, zero_mask

    def load_line(self, address: int, known: KeyContext | None = None) -> bytes | None:
        """One line; ``None`` when it still holds ``known``'s fill (plaintext zero)."""
        page = self._pages.get(address >> 12)
        bit = 1 << ((address & (PAGE - 1)) >> 6)
        if page is not None and page.valid & bit:
            off = address & (PAGE - 1)
            data = bytes(page.data[off : off + LINE])
        else:
            ctx = self.fill_at(address)
            if ctx is None:
                data = _ZERO_LINE
            elif ctx is known and not self.observers:
                return None
            else:
                data = ctx.encrypt_line(address, _ZERO_LINE)
        if self.observers:
            self._notify(BusOp.READ, address, data, self.tags(address, 1)[0])
        return data

    def store(self, address: int, raw: bytes | np.ndarray, tags: list[int] | None = None) -> None:
        """Write whole lines from ``address`` (line-aligned); ``tags`` per line or ``None``."""
        buf = memoryview(raw if isinstance(raw, (bytes, bytearray)) else np.ascontiguousarray(raw).data).cast("B")
        nlines = len(buf) // LINE
        pages = self._pages
        for _pos, i, pn, first_line, take in _spans(address, nlines):
            page = pages.get(pn)
            if page is None:
                page = pages[pn] = _Page()
            off = first_line * LINE
            page.data[off : off + take * LINE] = buf[i * LINE : (i + take) * LINE]
            page.valid |= ((1 << take) - 1) << first_line
            self._set_tags(page, first_line, take, None if tags is None else tags[i : i + take])
        if self.observers:
            for k in range(nlines):
                self._notify(BusOp.WRITE, address + k * LINE, bytes(buf[k * LINE : (k + 1) * LINE]), None if tags is None else tags[k])

    def store_line(self, address: int, raw: bytes, tag: int | None = None) -> None:
        page = self._pages.get(address >> 12)
        if page is None:
            page = self._pages[address >> 12] = _Page()
        off = address & (PAGE - 1)
        page.data[off : off + LINE] = raw
        page.valid |= 1 << (off >> 6)
        if tag is not None or page.tags:
            self._set_tags(page, off >> 6, 1, None if tag is None else [tag])
        if self.observers:
            self._notify(BusOp.WRITE, address, raw, tag)

    @staticmethod
    def _set_tags(page: _Page, first_line: int, take: int, tags: list[int] | None) -> None:
        if tags is None:
            if page.tags:
                for b in range(first_line, first_line + take):
                    page.tags.pop(b, None)
            return
        if page.tags is None:
            page.tags = {}
        for k, t in enumerate(tags):
            page.tags[first_line + k] = t

    def tags(self, address: int, nlines: int) -> list[int | None]:
        """Stored integrity tag per line. For an unwritten line of an integrity fill, the tag
        the zeroing would have produced; ``None`` where no tag exists."""
        out: list[int | None] = []
        for k in range(nlines):
            a = address + k * LINE
            page = self._pages.get(a >> 12)
            b = (a & (PAGE - 1)) >> 6
            if page is not None and page.valid >> b & 1:
                out.append(page.tags.get(b) if page.tags else None)
            else:
                ctx = self.fill_at(a)
                if ctx is not None and ctx.integrity:
                    ct = np.frombuffer(ctx.encrypt_line(a, _ZERO_LINE), dtype=np.uint8)
                    out.append(int(ctx.macs(np.array([a], dtype=np.uint64), ct)[0]))
                else:
                    out.append(None)
        return out

    def _notify(self, op: BusOp, address: int, data: bytes, tag: int | None) -> None:
        for observer in list(self.observers):
            observer(op, address, data, tag)

    # -- physical access (the lab) ---------------------------------------------------------------
    def dump(self, address: int, count: int) -> bytes:
        """Raw contents, as a module reader would see them. No bus traffic."""
        first = address - address % LINE
        nlines = (address + count - first + LINE - 1) // LINE
        saved, self.observers = self.observers, []
        try:
            raw, _ = self.load(first, nlines)
        finally:
            self.observers = saved
        off = address - first
        return raw[off : off + count].tobytes()

    def poke(self, address: int, data: bytes, tags: list[int] | None = None) -> None:
        """Overwrite raw bytes behind the memory controller's back (tags kept unless given)."""
        first = address - address % LINE
        nlines = (address + len(data) - first + LINE - 1) // LINE
        old_tags = self.tags(first, nlines)
        raw = bytearray(self.dump(first, nlines * LINE))
        raw[address - first : address - first + len(data)] = data
        saved, self.observers = self.observers, []
        try:
            keep = [t if t is not None else 0 for t in old_tags] if any(t is not None for t in old_tags) else None
            self.store(first, bytes(raw), tags if tags is not None else keep)
        finally:
            self.observers = saved

    def resident(self, address: int = 0, length: int | None = None) -> Iterator[tuple[int, bytes]]:
        """(page address, raw 4 KiB) for every resident page in the range, in address order."""
        end = self.capacity if length is None else address + length
        first, last = address // PAGE, (end + PAGE - 1) // PAGE
        for pn in sorted(pn for pn in self._pages if first <= pn < last):
            yield pn * PAGE, self.dump(pn * PAGE, PAGE)

    def decay(self, fraction: float, rng: random.Random) -> None:
        """Remanence loss: flip about ``fraction`` of the bits of every resident page."""
        if fraction <= 0:
            return
        gen = np.random.default_rng(rng.getrandbits(64))
        for pn in sorted(self._pages):
            page = self._pages[pn]
            # Materialise fill lines first: decay acts on the cells, whatever they hold.
            arr = np.frombuffer(self.dump(pn * PAGE, PAGE), dtype=np.uint8).copy()
            arr ^= np.packbits(gen.random(PAGE * 8) < fraction)
            page.data[:] = arr.tobytes()
            page.valid = _FULL
