"""DRAM: fills and resident pages against a line-by-line model; decay; bus observers."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cpu import Algorithm
from engine.dram import PAGE, Dram
from engine.xts import KeyContext

CTXS = [None, KeyContext(Algorithm.AES_XTS_128, b"a" * 16, b"b" * 16, None, 1),
        KeyContext(Algorithm.AES_XTS_256, b"c" * 32, b"d" * 32, None, 2)]
PAGES = 16

ops = st.one_of(
    st.tuples(st.just("zero"), st.integers(0, PAGES - 1), st.integers(1, PAGES), st.integers(0, 2)),
    st.tuples(st.just("store"), st.integers(0, PAGES * 64 - 1), st.integers(1, 100), st.integers(0, 255)),
)


def expected_line(model: dict[int, object], address: int) -> bytes:
    state = model.get(address)
    if isinstance(state, bytes):
        return state
    if state is None:
        return bytes(64)
    return state.encrypt_line(address, bytes(64))  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(ops, max_size=25))
def test_dram_matches_a_line_model(program) -> None:  # type: ignore[no-untyped-def]
    dram = Dram(PAGES * PAGE)
    model: dict[int, object] = {}
    for op in program:
        if op[0] == "zero":
            _, first, n, c = op
            n = min(n, PAGES - first)
            dram.zero(first * PAGE, n * PAGE, CTXS[c])
            for line in range(first * 64, (first + n) * 64):
                model[line * 64] = CTXS[c]
        else:
            _, line, n, byte = op
            n = min(n, PAGES * 64 - line)
            dram.store(line * 64, bytes([byte]) * (64 * n))
            for k in range(line, line + n):
                model[k * 64] = bytes([byte]) * 64
    whole = dram.dump(0, PAGES * PAGE)
    assert whole == b"".join(expected_line(model, a) for a in range(0, PAGES * PAGE, 64))
    for ctx in CTXS[1:]:
        raw, zero = dram.load(0, PAGES * 64, ctx)
        flagged = set() if zero is None else {i for i, z in enumerate(zero) if z}
        assert flagged == {a // 64 for a, s in model.items() if s is ctx}


def test_decay_flips_about_the_requested_fraction() -> None:
    dram = Dram(PAGES * PAGE)
    dram.store(0, bytes(PAGE * 4))
    dram.decay(0.1, random.Random(1))
    ones = sum(bin(b).count("1") for b in dram.dump(0, PAGE * 4))
    assert 0.08 < ones / (PAGE * 4 * 8) < 0.12
    assert dram.dump(PAGE * 5, 64) == bytes(64)  # never written: nothing to decay


def test_observers_see_lines_and_dumps_are_silent() -> None:
    dram = Dram(PAGES * PAGE)
    seen = []
    dram.observers.append(lambda op, a, d, t: seen.append((op.value, a, len(d))))
    dram.store(128, bytes(192))
    dram.load(128, 2)
    dram.dump(0, 4096)
    dram.poke(0, b"x")
    assert seen == [("Write", 128, 64), ("Write", 192, 64), ("Write", 256, 64), ("Read", 128, 64), ("Read", 192, 64)]
