"""The vectorised AES-XTS kernel equals cryptography's XTS applied line by line."""

from __future__ import annotations

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.cpu import Algorithm
from engine.xts import KeyContext, decrypt_lines, encrypt_lines, mac_lines


def reference(k1: bytes, k2: bytes, address: int, data: bytes) -> bytes:
    out = []
    for i in range(0, len(data), 64):
        enc = Cipher(algorithms.AES(k1 + k2), modes.XTS((address + i).to_bytes(16, "little"))).encryptor()
        out.append(enc.update(data[i : i + 64]) + enc.finalize())
    return b"".join(out)


key_sizes = st.sampled_from([(Algorithm.AES_XTS_128, 16), (Algorithm.AES_XTS_256, 32)])


@st.composite
def xts_case(draw):  # type: ignore[no-untyped-def]
    alg, n = draw(key_sizes)
    k1 = draw(st.binary(min_size=n, max_size=n))
    k2 = draw(st.binary(min_size=n, max_size=n).filter(lambda k: k != k1))  # XTS forbids K1 == K2
    lines = draw(st.integers(1, 40))
    address = draw(st.integers(0, 2**46 // 64 - lines)) * 64
    data = draw(st.binary(min_size=64 * lines, max_size=64 * lines))
    return alg, k1, k2, address, data


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(xts_case())
def test_vectorised_equals_cryptography_line_by_line(case) -> None:  # type: ignore[no-untyped-def]
    alg, k1, k2, address, data = case
    ctx = KeyContext(alg, k1, k2, None, 1)
    expected = reference(k1, k2, address, data)
    assert encrypt_lines(ctx, address, data) == expected
    assert decrypt_lines(ctx, address, expected) == data


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(xts_case())
def test_single_line_path_equals_reference(case) -> None:  # type: ignore[no-untyped-def]
    alg, k1, k2, address, data = case
    ctx = KeyContext(alg, k1, k2, None, 1)
    line = data[:64]
    ct = ctx.encrypt_line(address, line)
    assert ct == reference(k1, k2, address, line)
    assert ctx.decrypt_line(address, ct) == line


def test_properties_of_the_model() -> None:
    ctx = KeyContext(Algorithm.AES_XTS_256, bytes(range(32)), bytes(range(32, 64)), None, 1)
    p = bytes(64)
    a, b = ctx.encrypt_line(0x1000, p), ctx.encrypt_line(0x1040, p)
    assert a != b  # same plaintext, other address: unrelated
    assert ctx.encrypt_line(0x1000, p) == a  # deterministic
    q = bytearray(p)
    q[20] = 1  # change only the second 16-byte block
    c = ctx.encrypt_line(0x1000, bytes(q))
    assert c[:16] == a[:16] and c[16:32] != a[16:32] and c[32:] == a[32:]


def test_integrity_tags_detect_changes() -> None:
    ctx = KeyContext(Algorithm.AES_XTS_128_INTEGRITY, bytes(16), bytes(range(16)), b"m" * 16, 1)
    ct = np.frombuffer(encrypt_lines(ctx, 0, bytes(128)), dtype=np.uint8).copy()
    tags = mac_lines(ctx, 0, ct)
    ct[3] ^= 1
    assert mac_lines(ctx, 0, ct)[0] != tags[0] and mac_lines(ctx, 0, ct)[1] == tags[1]
    assert all(t < 2**28 for t in tags)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(xts_case(), st.integers(0, 63), st.binary(min_size=1, max_size=64))
def test_rewrite_line_equals_decrypt_merge_encrypt(case, offset: int, patch: bytes) -> None:  # type: ignore[no-untyped-def]
    alg, k1, k2, address, data = case
    patch = patch[: 64 - offset]
    ctx = KeyContext(alg, k1, k2, None, 1)
    old = reference(k1, k2, address, data[:64])
    merged = bytearray(data[:64])
    merged[offset : offset + len(patch)] = patch
    assert ctx.rewrite_line(address, old, offset, patch) == reference(k1, k2, address, bytes(merged))
    zero = bytearray(64)
    zero[offset : offset + len(patch)] = patch
    assert ctx.rewrite_line(address, None, offset, patch) == reference(k1, k2, address, bytes(zero))
