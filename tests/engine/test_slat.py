"""SLAT: map/unmap against a dictionary model, entry layout, walks, large pages."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from engine.cpu import AddressLayout
from engine.errors import EptViolation
from engine.frames import TablePool
from engine.slat import PAGE_1G, PAGE_2M, PAGE_4K, Access, Slat

LAYOUT = AddressLayout(46, 4)
GPA_SPACE = 64 * PAGE_2M  # 1 GiB leaves are covered by the unit tests below


def new_slat() -> Slat:
    pool = TablePool(2**30, 2**31)
    return Slat(LAYOUT, pool.allocate, pool.release)


class SlatMachine(RuleBasedStateMachine):
    """Model: guest 4 KiB page -> (host page, KeyID, permissions)."""

    def __init__(self) -> None:
        super().__init__()
        self.slat = new_slat()
        self.model: dict[int, tuple[int, int, int]] = {}

    sizes = st.sampled_from([PAGE_4K, 3 * PAGE_4K, PAGE_2M, PAGE_2M + PAGE_4K, 3 * PAGE_2M])

    @rule(gpage=st.integers(0, GPA_SPACE // PAGE_2M - 1), hpage=st.integers(0, 2**20),
          size=sizes, key=st.integers(0, 15), aligned=st.booleans(),
          perms=st.sampled_from([Access.RWX, Access.READ, Access.READ | Access.WRITE]))
    def map(self, gpage: int, hpage: int, size: int, key: int, aligned: bool, perms: Access) -> None:
        gpa = gpage * PAGE_2M if aligned else gpage * PAGE_2M + PAGE_4K * (hpage % 7)
        hpa = (hpage * PAGE_2M) if aligned else hpage * PAGE_4K
        size = min(size, GPA_SPACE - gpa)
        if size <= 0:
            return
        self.slat.map(gpa, hpa, size, key, perms)
        for k in range(size // PAGE_4K):
            self.model[gpa // PAGE_4K + k] = (hpa // PAGE_4K + k, key, int(perms))

    @rule(gpage=st.integers(0, GPA_SPACE // PAGE_4K - 1), pages=st.integers(1, 1024))
    def unmap(self, gpage: int, pages: int) -> None:
        pages = min(pages, GPA_SPACE // PAGE_4K - gpage)
        self.slat.unmap(gpage * PAGE_4K, pages * PAGE_4K)
        for k in range(gpage, gpage + pages):
            self.model.pop(k, None)

    @rule(gpage=st.integers(0, GPA_SPACE // PAGE_4K - 1), off=st.integers(0, 4095), write=st.booleans())
    def translate(self, gpage: int, off: int, write: bool) -> None:
        gpa = gpage * PAGE_4K + off
        access = Access.WRITE if write else Access.READ
        expected = self.model.get(gpage)
        if expected is None or not expected[2] & access:
            with pytest.raises(EptViolation):
                self.slat.translate(gpa, access)
            return
        hpa, run = self.slat.translate(gpa, access)
        assert hpa == LAYOUT.compose(expected[0] * PAGE_4K + off, expected[1])
        assert run >= PAGE_4K - off
        walk = self.slat.walk(gpa)
        assert walk.hpa == expected[0] * PAGE_4K + off and walk.key_id == expected[1]
        assert walk.steps[-1].entry.accessed
        if write:
            assert walk.steps[-1].entry.dirty

    @invariant()
    def mappings_match_model(self) -> None:
        seen: dict[int, tuple[int, int, int]] = {}
        for m in self.slat.mappings():
            for k in range(m.size // PAGE_4K):
                seen[m.gpa // PAGE_4K + k] = (m.hpa // PAGE_4K + k, m.key_id, int(m.permissions))
        assert seen == self.model


SlatMachine.TestCase.settings = __import__("hypothesis").settings(max_examples=40, stateful_step_count=20, deadline=None)
TestSlatAgainstModel = SlatMachine.TestCase


def test_large_pages_make_big_mappings_cheap() -> None:
    s = new_slat()
    s.map(0, 4 * PAGE_1G, 64 * PAGE_1G, 3)
    assert s.table_count() == 2  # PML4 + one PDPT holding 64 1 GiB leaves
    (m,) = s.mappings()
    assert m.page_size == PAGE_1G and m.size == 64 * PAGE_1G and m.key_id == 3


def test_entry_layout_and_walk() -> None:
    s = new_slat()
    s.map(0, 0x4000_0000, PAGE_2M, 5, Access.READ | Access.WRITE, max_page=PAGE_2M)
    walk = s.walk(0x1234)
    assert [st.entry.name for st in walk.steps] == ["PML4E", "PDPTE", "PDE"]
    leaf = walk.steps[-1].entry
    assert leaf.large and leaf.leaf and leaf.memory_type == 6 and leaf.key_id == 5
    assert leaf.value & 0b111 == 0b011
    assert leaf.value >> 42 == 5  # KeyID in the top 4 bits below MAXPHYADDR 46
    assert walk.hpa == 0x4000_1234
    missing = s.walk(PAGE_1G * 3)
    assert missing.fault == "not mapped" and missing.hpa is None


def test_unmap_splits_large_pages() -> None:
    s = new_slat()
    s.map(0, 0, PAGE_1G, 1)
    s.unmap(PAGE_2M + PAGE_4K, PAGE_4K)
    with pytest.raises(EptViolation):
        s.translate(PAGE_2M + PAGE_4K)
    assert s.translate(PAGE_2M)[0] == LAYOUT.compose(PAGE_2M, 1)
    assert s.translate(PAGE_1G - 1)[0] == LAYOUT.compose(PAGE_1G - 1, 1)
    sizes = sorted({m.page_size for m in s.mappings()})
    assert sizes == [PAGE_4K, PAGE_2M]
