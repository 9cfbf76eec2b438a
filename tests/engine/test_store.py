"""Durable host directory: round trip, lock, crash at every write, stop/start actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import Host, HostLocked, MemoryEncryptionPolicy, StartAction, StopAction, VMState
from engine.store import SimulatedCrash, Store

GiB = 2**30


def open_host(d: Path) -> Host:
    return Host.open(d, entropy=1, clock=__import__("datetime").datetime(2022, 11, 23, 9))


def test_round_trip(tmp_path: Path) -> None:
    h = open_host(tmp_path)
    p = h.new_vm("web1", 2, 4 * GiB)
    h.set_memory(p, encryption_policy="EnabledIfSupported")
    h.set_vm(p, notes="n", automatic_start_action=StartAction.Nothing)
    h.checkpoint(p, "first")
    h.set_host(name="HV-TEST")
    h.set_hardware(keyid_bits=2)
    h.set_vm_key_algorithm("aes_xts_256")
    h.close()
    h2 = open_host(tmp_path)
    q = h2.get(p.id)
    assert q.config == p.config and q.creation_time == p.creation_time
    assert [c.name for c in q.checkpoints] == ["first"] and q.parent_checkpoint.name == "first"
    assert h2.name == "HV-TEST" and h2.hardware().max_key_ids == 3
    assert h2._hv.chosen_algorithm is not None and h2.hardware().vm_key_algorithm == "AES-XTS-256"
    h2.close()


def test_second_opener_is_refused(tmp_path: Path) -> None:
    h = open_host(tmp_path)
    with pytest.raises(HostLocked) as e:
        open_host(tmp_path)
    assert str(tmp_path) in e.value.message and "pid" in e.value.holder
    h.close()
    h = open_host(tmp_path)
    del h  # dropped without close(): the lock goes with it
    __import__("gc").collect()
    open_host(tmp_path).close()


def test_running_vms_are_saved_and_restarted_across_close(tmp_path: Path) -> None:
    h = open_host(tmp_path)
    p = h.new_vm("r", 2, GiB)
    h.set_memory(p, encryption_policy=MemoryEncryptionPolicy.EnabledIfSupported)
    h.start(p)
    h.write_guest(p, 0x9000, b"survives")
    off = h.new_vm("off", 2, GiB)
    h.set_vm(off, automatic_stop_action=StopAction.TurnOff)
    h.start(off)
    h.close()
    h2 = open_host(tmp_path)
    q = h2.get(p.id)
    assert q.state is VMState.Running and q.memory_encryption_enabled  # StartIfRunning
    assert h2.read_guest(q, 0x9000, 8) == b"survives"
    assert h2.get(off.id).state is VMState.Running and h2.read_guest(off.id, 0x9000, 8) == bytes(8)
    h2.close()


def test_crash_recovery_applies_stop_action(tmp_path: Path) -> None:
    h = open_host(tmp_path)
    p = h.new_vm("c", 2, GiB)
    h.set_vm(p, automatic_start_action=StartAction.Nothing)
    h.start(p)
    h._store.close()  # the process dies: no stop actions ran
    h2 = open_host(tmp_path)
    q = h2.get(p.id)
    assert q.state is VMState.Saved  # Save is the default stop action; memory died with the process
    h2.start(q)
    assert q.state is VMState.Running
    h2.close()


def _snapshot(d: Path) -> dict[str, str]:
    return {str(f.relative_to(d)): f.read_bytes().hex() for f in sorted(d.rglob("*")) if f.is_file() and f.name != "host.lock"}


def _nothing(h: Host, p: object) -> None:
    pass


OPERATIONS = [
    ("save", _nothing, lambda h, p: h.save(p)),
    ("rename", _nothing, lambda h, p: h.rename(p, "renamed")),
    ("checkpoint", _nothing, lambda h, p: h.checkpoint(p, "cp")),
    ("restore", lambda h, p: h.save(p), lambda h, p: h.start(p)),
    ("remove", lambda h, p: h.turn_off(p), lambda h, p: h.remove(p)),
    ("create", _nothing, lambda h, p: h.new_vm("second", 2)),
    ("apply", lambda h, p: (h.set_vm(p, checkpoint_type="Standard"), h.checkpoint(p, "c"), h.turn_off(p)),
     lambda h, p: h.apply_checkpoint(p, "c")),
]


@pytest.mark.parametrize("label, setup, operation", OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_crash_at_every_write_leaves_old_or_new(tmp_path: Path, label: str, setup, operation) -> None:  # type: ignore[no-untyped-def]
    # Reference run: how many crash points does the operation have, and what is "new"?
    def prepared(d: Path) -> tuple[Host, object]:
        h = open_host(d)
        p = h.new_vm("v", 2, GiB)
        h.set_vm(p, automatic_start_action=StartAction.Nothing, automatic_stop_action=StopAction.TurnOff)
        h.start(p)
        h.write_guest(p, 0x4000, b"data")
        setup(h, p)
        return h, p

    ref = tmp_path / "ref"
    h, p = prepared(ref)
    steps: list[str] = []
    h._store.crash_hook = steps.append
    operation(h, p)
    h._store.crash_hook = None
    h._store.close()
    new_state = _describe(ref)
    assert steps, "the operation must write something"
    for k in range(len(steps)):
        d = tmp_path / f"crash{k}"
        h, p = prepared(d)
        old_state = _describe(d, live=h)
        calls = []

        def hook(step: str, k: int = k) -> None:
            calls.append(step)
            if len(calls) == k + 1:
                raise SimulatedCrash(step)

        h._store.crash_hook = hook
        with pytest.raises(SimulatedCrash):
            operation(h, p)
        h._store.close()
        after = _describe(d)
        assert after in (old_state, new_state), (k, steps[k])


def _describe(d: Path, live: Host | None = None) -> object:
    """What a fresh open would see: names, states, checkpoints (the running VM crashed)."""
    out = []
    for f in sorted((d / "vms").glob("*/config.json")):
        doc = json.loads(f.read_text())
        mem = doc["saved_memory"]
        state = doc["state"]
        out.append((doc["config"]["name"], state, [c["name"] for c in doc["checkpoints"]],
                    bool(mem) and (f.parent / mem).exists()))
    return out


def test_store_reads_what_it_wrote_even_after_tmp_leftovers(tmp_path: Path) -> None:
    h = open_host(tmp_path)
    p = h.new_vm("t", 2)
    h.close()
    (tmp_path / "vms" / str(p.id) / "config.json.tmp").write_text("garbage")
    s = Store.open(tmp_path)
    assert not list(tmp_path.rglob("*.tmp"))
    s.close()


def test_default_directory_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import default_directory

    monkeypatch.setenv("PYSHELL_HOST_DIR", str(tmp_path / "hv"))
    assert default_directory() == tmp_path / "hv"
    h = Host.open()
    assert (tmp_path / "hv" / "host.json").exists()
    h.close()
    monkeypatch.delenv("PYSHELL_HOST_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "pyshell" / "host"


def test_a_second_process_gets_a_clear_refusal(tmp_path: Path) -> None:
    import subprocess
    import sys

    h = open_host(tmp_path)
    code = ("import sys; from engine import Host, HostLocked\n"
            "try:\n    Host.open(sys.argv[1])\nexcept HostLocked as e:\n    print(e.message); sys.exit(3)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode == 3 and "in use by another process" in done.stdout
    h.close()


def test_pconfig_that_keeps_failing_falls_back_or_refuses(tmp_path: Path) -> None:
    from engine import Requirement, RequirementNotMet

    h = open_host(tmp_path)
    p = h.new_vm("busy", 2)
    h.set_memory(p, encryption_policy="EnabledIfSupported")
    h.keys.busy_next = 100
    out = h.start(p)
    assert out.encryption_fallback.requirement is Requirement.PROCESSOR and "DEVICE_BUSY" in out.encryption_fallback.message
    h.turn_off(p)
    h.set_memory(p, encryption_policy="AlwaysEnabled")
    with pytest.raises(RequirementNotMet):
        h.start(p)
    assert p.state is VMState.Off and h.memory_available == h.memory_capacity - 2 * GiB
    h.close()
