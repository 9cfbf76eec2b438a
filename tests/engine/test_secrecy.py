"""Key secrecy: every key the CPU generated is known to the test; none may show up anywhere."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import attrs

from engine import (
    EngineError,
    Host,
    KeyProgram,
    PconfigCommand,
    RecordingEntropy,
    SeededEntropy,
    lab,
)

GiB = 2**30


def forms(secret: bytes) -> list[bytes]:
    out = []
    for i in range(0, len(secret) - 15, 16):
        chunk = secret[i : i + 16]
        out += [chunk, chunk.hex().encode(), chunk.hex().upper().encode(), repr(chunk)[2:-1].encode()]
    return out


def public_graph(roots: list[Any], skip: tuple[Any, ...]) -> list[Any]:
    """Every object reachable through public attributes, lists, tuples and dicts."""
    seen: dict[int, Any] = {}
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool, str, bytes, dt.datetime)):
            if isinstance(obj, (bytes, str)):
                seen.setdefault(id(obj), obj)
            continue
        if isinstance(obj, skip):
            continue
        seen[id(obj)] = obj
        if isinstance(obj, dict):
            stack += list(obj.keys()) + list(obj.values())
            continue
        if isinstance(obj, (list, tuple, set, frozenset)):
            stack += list(obj)
            continue
        names = list(getattr(obj, "__dict__", {}))
        for cls in type(obj).__mro__:
            names += list(getattr(cls, "__slots__", ()))
        for name in names:
            if not name.startswith("_") and hasattr(obj, name):
                stack.append(getattr(obj, name))
        for name in dir(type(obj)):
            if not name.startswith("_") and isinstance(getattr(type(obj), name, None), property):
                try:
                    stack.append(getattr(obj, name))
                except Exception as exc:  # a property may refuse in this state; its text counts
                    stack.append(str(exc))
    return list(seen.values())


def haystacks(obj: Any) -> list[bytes]:
    out = [repr(obj).encode(), str(obj).encode()]
    if isinstance(obj, (bytes, bytearray)):
        out.append(bytes(obj))
    try:
        out.append(repr(vars(obj)).encode())
    except TypeError:
        pass
    try:
        out.append(pickle.dumps(obj))
    except Exception as exc:
        out.append(str(exc).encode())
    if attrs.has(type(obj)):
        try:
            out.append(json.dumps(attrs.asdict(obj, recurse=True), default=repr).encode())
        except Exception as exc:
            out.append(str(exc).encode())
    return out


def test_no_key_bytes_anywhere(tmp_path: Path) -> None:
    rec = RecordingEntropy(SeededEntropy(11))
    host = Host.open(tmp_path, entropy=rec, clock=dt.datetime(2022, 11, 23, 9))
    errors: list[EngineError] = []
    vms = []
    for i in range(4):
        p = host.new_vm(f"vm{i}", 2, GiB)
        host.set_memory(p, encryption_policy="AlwaysEnabled")
        host.start(p)
        host.write_guest(p, 0x10000, b"secret %d " % i * 400)
        vms.append(p)
    host.set_vm(vms[0], checkpoint_type=__import__("engine").CheckpointType.Standard)
    host.checkpoint(vms[0], "cp")
    trace = host.start_trace()
    host.write_guest(vms[1], 0x20000, b"hello")
    transactions = host.stop_trace(trace)
    host.save(vms[2])
    host.turn_off(vms[3])  # CLEAR_KEY: its slot buffer must be overwritten
    slot = host.keys._slots[vms[1].key_id]
    material = slot._material
    host.keys.pconfig(KeyProgram.of(vms[1].key_id, PconfigCommand.CLEAR_KEY, host.cpu.preferred_algorithm))
    assert not any(material)
    for attempt in (lambda: host.start(host.new_vm("big", 2, 100 * GiB)),
                    lambda: host.set_memory(vms[0], encryption_policy="Disabled"),
                    lambda: host.keys.pconfig(KeyProgram(0, 1, 4))):
        try:
            attempt()
        except EngineError as exc:
            errors.append(exc)
    extents = [e for p in vms if p.runtime is not None for e in p.runtime.extents]
    findings = lab.cold_boot_attack(host, [b"secret"], decay_percent=0.5)
    assert rec.issued, "the test must know some keys"

    objects = public_graph(
        [host, host.partitions(), host.key_slots(), host.hardware(), transactions, findings, errors,
         host.keys, host.controller, host.dram, host.cpu, [p.runtime for p in vms]],
        skip=(RecordingEntropy,),
    )
    hay = [h for obj in objects for h in haystacks(obj)]
    hay += [f.read_bytes() for f in tmp_path.rglob("*") if f.is_file()]
    hay += [page for _, page in host.dram.resident()]
    hay += [host.read_physical(start, 65536) for start, _ in extents]  # lazily zeroed lines too
    for secret in rec.issued:
        for needle in forms(secret):
            assert not any(needle in h for h in hay), "key material leaked"
    # the needles are the real keys: the private buffer of a live slot is one of them
    live = next(s for s in host.keys._slots if s._material)
    assert bytes(live._material) in rec.issued
    host.close()
