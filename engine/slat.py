"""Second-level address translation: a 4-level EPT-like table per partition.

Entries are 64-bit integers laid out as in tme-mk.md §5: R/W/X in bits 0-2, memory type in
5:3, ignore-PAT bit 6, large page bit 7, accessed/dirty bits 8/9, and the host frame in
MAXPHYADDR-1:12 whose top KeyID-bits hold the KeyID. Leaves may be 4 KiB, 2 MiB (PDE) or
1 GiB (PDPTE) pages, so mapping a large VM costs a handful of entries. ``translate`` raises
``EptViolation`` for unmapped or forbidden accesses; ``walk`` returns every step of the
4-level walk for display; ``mappings`` lists coalesced runs.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator

from attrs import frozen

from .cpu import AddressLayout
from .errors import EptViolation

__all__ = [
    "Access",
    "SlatEntry",
    "WalkStep",
    "SlatWalk",
    "SlatMapping",
    "Slat",
    "PAGE_4K",
    "PAGE_2M",
    "PAGE_1G",
    "MEMORY_TYPE_WB",
]

PAGE_4K = 2**12
PAGE_2M = 2**21
PAGE_1G = 2**30
MEMORY_TYPE_WB = 6
_LEVEL_SIZE = {4: 2**39, 3: PAGE_1G, 2: PAGE_2M, 1: PAGE_4K}
_LEVEL_NAME = {4: "PML4E", 3: "PDPTE", 2: "PDE", 1: "PTE"}
_BIT_LARGE = 1 << 7
_BIT_A = 1 << 8
_BIT_D = 1 << 9


class Access(enum.IntFlag):
    READ = 1
    WRITE = 2
    EXECUTE = 4
    RWX = 7


@frozen
class SlatEntry:
    """One decoded 64-bit entry; ``level`` 4 = PML4E ... 1 = PTE."""

    value: int
    level: int
    layout: AddressLayout

    @property
    def name(self) -> str:
        return _LEVEL_NAME[self.level]

    @property
    def present(self) -> bool:
        return bool(self.value & 7)

    @property
    def permissions(self) -> Access:
        return Access(self.value & 7)

    @property
    def leaf(self) -> bool:
        return self.level == 1 or bool(self.value & _BIT_LARGE)

    @property
    def large(self) -> bool:
        return self.level in (2, 3) and bool(self.value & _BIT_LARGE)

    @property
    def memory_type(self) -> int:
        return (self.value >> 3) & 7

    @property
    def accessed(self) -> bool:
        return bool(self.value & _BIT_A)

    @property
    def dirty(self) -> bool:
        return bool(self.value & _BIT_D)

    @property
    def frame(self) -> int:
        """Frame bits including the KeyID (bits MAXPHYADDR-1:12)."""
        return self.value & (((1 << self.layout.max_physical_address_bits) - 1) & ~0xFFF)

    @property
    def key_id(self) -> int:
        return self.layout.decode(self.frame)[0]

    @property
    def address(self) -> int:
        """Host physical address without the KeyID bits."""
        return self.layout.decode(self.frame)[1]

    @property
    def page_size(self) -> int:
        return _LEVEL_SIZE[self.level]


@frozen
class WalkStep:
    level: int
    table_address: int
    index: int
    entry: SlatEntry


@frozen
class SlatWalk:
    """The walk of one guest address; ``fault`` is set when it ends without a leaf."""

    gpa: int
    steps: tuple[WalkStep, ...]
    hpa: int | None
    key_id: int | None
    page_size: int | None
    fault: str | None


@frozen
class SlatMapping:
    """A run of equal leaves: ``[gpa, gpa+size)`` -> ``[hpa, hpa+size)`` under ``key_id``."""

    gpa: int
    hpa: int
    size: int
    page_size: int
    key_id: int
    permissions: Access


class _Table:
    __slots__ = ("address", "entries", "children")

    def __init__(self, address: int) -> None:
        self.address = address
        self.entries: dict[int, int] = {}
        self.children: dict[int, _Table] = {}


def _index(gpa: int, level: int) -> int:
    return (gpa >> (12 + 9 * (level - 1))) & 511


class Slat:
    """Per-partition EPT. ``allocate_table``/``free_table`` give host addresses for tables."""

    def __init__(self, layout: AddressLayout, allocate_table: Callable[[], int], free_table: Callable[[int], None] | None = None) -> None:
        self.layout = layout
        self._alloc = allocate_table
        self._free = free_table or (lambda address: None)
        self.root = _Table(allocate_table())
        self._tlb: dict[int, list[int]] = {}

    def __repr__(self) -> str:
        return f"Slat(eptp=0x{self.root.address:x})"

    # -- building ----------------------------------------------------------------------------------
    def _leaf_value(self, hpa: int, key_id: int, perms: Access, level: int) -> int:
        value = self.layout.compose(hpa, key_id) | int(perms) | (MEMORY_TYPE_WB << 3) | (1 << 6)
        return value | (_BIT_LARGE if level > 1 else 0)

    def _table_value(self, table: _Table) -> int:
        return table.address | int(Access.RWX)

    def map(self, gpa: int, hpa: int, size: int, key_id: int, perms: Access = Access.RWX, max_page: int = PAGE_1G) -> None:
        """Map ``size`` bytes (4 KiB multiples) with the largest pages alignment allows."""
        if gpa % PAGE_4K or hpa % PAGE_4K or size % PAGE_4K:
            raise ValueError("SLAT mappings are 4 KiB aligned")
        self._tlb.clear()
        keybits = self.layout.compose(0, key_id)
        while size:
            for psz, level in ((PAGE_1G, 3), (PAGE_2M, 2), (PAGE_4K, 1)):
                if psz <= max_page and gpa % psz == 0 and hpa % psz == 0 and size >= psz:
                    break
            table = self._descend(gpa, level, create=True)
            assert table is not None
            # Fill the rest of this table in one go: a 64 GiB guest is one descent + 64 stores.
            first = _index(gpa, level)
            count = min(512 - first, size // psz)
            value = self._leaf_value(hpa, 0, perms, level) | keybits
            entries, children = table.entries, table.children
            for i in range(first, first + count):
                if children:
                    child = children.pop(i, None)
                    if child is not None:
                        self._release(child)
                entries[i] = value
                value += psz
            gpa += count * psz
            hpa += count * psz
            size -= count * psz

    def _descend(self, gpa: int, level: int, create: bool) -> _Table | None:
        """The table at ``level`` for ``gpa``; splits large leaves on the way."""
        table = self.root
        for lvl in range(4, level, -1):
            i = _index(gpa, lvl)
            child = table.children.get(i)
            if child is None:
                entry = table.entries.get(i)
                if entry is not None and entry & _BIT_LARGE:
                    child = self._split(table, i, lvl, entry)
                elif create:
                    child = _Table(self._alloc())
                    table.children[i] = child
                    table.entries[i] = self._table_value(child)
                else:
                    return None
            table = child
        return table

    def _split(self, table: _Table, i: int, level: int, entry: int) -> _Table:
        """Replace a large leaf by a table of 512 smaller leaves (same frame run, KeyID, bits)."""
        child = _Table(self._alloc())
        sub = _LEVEL_SIZE[level - 1]
        keep = entry & (0xFFF & ~_BIT_LARGE) | (entry & (0xFFF << 52))
        base = entry & (((1 << self.layout.max_physical_address_bits) - 1) & ~0xFFF)
        large = _BIT_LARGE if level - 1 > 1 else 0
        for k in range(512):
            child.entries[k] = (base + k * sub) | keep | large
        table.children[i] = child
        table.entries[i] = self._table_value(child)
        return child

    def _release(self, table: _Table) -> None:
        for child in table.children.values():
            self._release(child)
        self._free(table.address)

    def unmap(self, gpa: int, size: int) -> None:
        """Remove every translation in ``[gpa, gpa+size)``, splitting large pages at the edges."""
        if gpa % PAGE_4K or size % PAGE_4K:
            raise ValueError("SLAT unmaps are 4 KiB aligned")
        self._tlb.clear()
        end = gpa + size
        while gpa < end:
            table, level = self.root, 4
            while True:
                i = _index(gpa, level)
                psz = _LEVEL_SIZE[level]
                start = gpa - gpa % psz
                entry = table.entries.get(i)
                if entry is None:
                    gpa = start + psz
                    break
                covers = start == gpa and start + psz <= end
                if covers:
                    del table.entries[i]
                    child = table.children.pop(i, None)
                    if child is not None:
                        self._release(child)
                    gpa = start + psz
                    break
                child = table.children.get(i)
                if child is None:  # a large leaf only partly unmapped: split and go down
                    child = self._split(table, i, level, entry)
                table, level = child, level - 1

    def destroy(self) -> None:
        self._release(self.root)
        self.root = _Table(self._alloc())
        self._tlb.clear()

    # -- translation -----------------------------------------------------------------------------
    def translate(self, gpa: int, access: Access = Access.READ) -> tuple[int, int]:
        """``(hpa with KeyID, bytes left in this page)``; sets A (and D on writes)."""
        a = int(access)  # plain ints: IntFlag arithmetic is slow on this hot path
        hit = self._tlb.get(gpa >> 12)
        if hit is None or (a & 2 and not hit[4]):
            hit = self._fill(gpa, access)
        base_gpa, base_hpa, size, perms, _dirty = hit
        if a & ~perms:
            raise EptViolation(gpa, Access(a).name or str(a), f"entry allows {Access(perms).name}")
        off = gpa - base_gpa
        return base_hpa + off, size - off

    def _fill(self, gpa: int, access: Access) -> list[int]:
        table, level = self.root, 4
        while True:
            i = _index(gpa, level)
            entry = table.entries.get(i)
            if entry is None:
                raise EptViolation(gpa, access.name or str(access), "not mapped")
            entry |= _BIT_A
            leaf = level == 1 or entry & _BIT_LARGE
            if leaf and access & Access.WRITE and entry & Access.WRITE:
                entry |= _BIT_D
            table.entries[i] = entry
            if leaf:
                psz = _LEVEL_SIZE[level]
                frame = entry & (((1 << self.layout.max_physical_address_bits) - 1) & ~0xFFF)
                hit = [gpa - gpa % psz, frame, psz, entry & 7, int(bool(entry & _BIT_D))]
                self._tlb[gpa >> 12] = hit
                return hit
            table, level = table.children[i], level - 1

    def walk(self, gpa: int) -> SlatWalk:
        steps: list[WalkStep] = []
        table, level = self.root, 4
        while True:
            i = _index(gpa, level)
            value = table.entries.get(i, 0)
            entry = SlatEntry(value, level, self.layout)
            steps.append(WalkStep(level, table.address, i, entry))
            if not entry.present:
                return SlatWalk(gpa, tuple(steps), None, None, None, "not mapped")
            if entry.leaf:
                off = gpa % entry.page_size
                return SlatWalk(gpa, tuple(steps), entry.address + off, entry.key_id, entry.page_size, None)
            table, level = table.children[i], level - 1

    def leaves(self) -> Iterator[tuple[int, SlatEntry]]:
        """(gpa, leaf entry) in guest address order."""

        def visit(table: _Table, level: int, base: int) -> Iterator[tuple[int, SlatEntry]]:
            for i in sorted(table.entries):
                gpa = base + i * _LEVEL_SIZE[level]
                child = table.children.get(i)
                if child is not None:
                    yield from visit(child, level - 1, gpa)
                else:
                    yield gpa, SlatEntry(table.entries[i], level, self.layout)

        return visit(self.root, 4, 0)

    def mappings(self) -> list[SlatMapping]:
        out: list[SlatMapping] = []
        for gpa, e in self.leaves():
            perms = e.permissions
            if out:
                m = out[-1]
                if (m.gpa + m.size == gpa and m.hpa + m.size == e.address and m.key_id == e.key_id
                        and m.permissions == perms and m.page_size == e.page_size):
                    out[-1] = SlatMapping(m.gpa, m.hpa, m.size + e.page_size, m.page_size, m.key_id, perms)
                    continue
            out.append(SlatMapping(gpa, e.address, e.page_size, e.page_size, e.key_id, perms))
        return out

    def table_count(self) -> int:
        def count(t: _Table) -> int:
            return 1 + sum(count(c) for c in t.children.values())

        return count(self.root)
