"""Durable host directory: host settings, VM configurations, checkpoints and saved states.

Layout::

    <dir>/host.lock                 flock'ed by the process that has the host open
    <dir>/host.json                 profile, BIOS settings, host settings
    <dir>/vms/<id>/config.json      one VM: config, state, checkpoints (metadata)
    <dir>/vms/<id>/mem-<hash>.bin   saved memory (current saved state, checkpoints)

Every file is written atomically (temporary file, fsync, rename, fsync of the directory),
and memory blobs are content-addressed and written before the config that names them and
deleted only after, so a crash at any step leaves the previous or the new state. A second
process opening the same directory gets ``HostLocked``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import fcntl
import hashlib
import json
import os
import shutil
import struct
import typing
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from .cpu import Algorithm, HostFirmware, get_profile
from .errors import HostLocked, StoreCorrupt
from .partition import Checkpoint, Partition, SavedMemory, StopAction, VMConfig, VMState

__all__ = ["Store", "SimulatedCrash", "default_directory"]

_FORMAT = 1
_MAGIC = b"PSHVMEM1"


def default_directory() -> Path:
    """``$PYSHELL_HOST_DIR``, else the per-user data directory (XDG / %LOCALAPPDATA%)."""
    env = os.environ.get("PYSHELL_HOST_DIR")
    if env:
        return Path(env)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "pyshell" / "host"


class SimulatedCrash(Exception):
    """Raised by a test's crash hook to stop a write half-way."""


def _unstructure(value: Any) -> Any:
    if attrs.has(type(value)):
        return {f.name: _unstructure(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_unstructure(v) for v in value]
    return value


def _structure(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        if data is None:
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _structure(inner[0], data)
    if origin in (frozenset, tuple, list):
        (arg, *_) = typing.get_args(tp) or (Any,)
        return origin(_structure(arg, v) for v in data)
    if isinstance(tp, type) and attrs.has(tp):
        attrs.resolve_types(tp)
        kwargs = {}
        for f in attrs.fields(tp):
            if f.name in data:
                kwargs[f.alias or f.name] = _structure(f.type, data[f.name])
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp[data]
    if tp is uuid.UUID:
        return uuid.UUID(data)
    if tp is _dt.datetime:
        return _dt.datetime.fromisoformat(data)
    return data


def _pack_memory(memory: SavedMemory) -> bytes:
    parts = [_MAGIC, struct.pack("<QI", memory.size, len(memory.pages))]
    for address, page in memory.pages:
        parts.append(struct.pack("<QI", address, len(page)))
        parts.append(page)
    return b"".join(parts)


def _unpack_memory(data: bytes, path: Path) -> SavedMemory:
    if data[:8] != _MAGIC:
        raise StoreCorrupt(str(path), "not a saved-memory file")
    size, count = struct.unpack_from("<QI", data, 8)
    pos, pages = 20, []
    for _ in range(count):
        address, n = struct.unpack_from("<QI", data, pos)
        pos += 12
        pages.append((address, data[pos : pos + n]))
        pos += n
    return SavedMemory(size, tuple(pages))


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


class Store:
    """One host directory, held open (and locked) by this process."""

    def __init__(self, directory: Path, lock_fd: int) -> None:
        self.directory = directory
        # Release the lock when the store is dropped without close() (a transcript session
        # that just ends): a leaked descriptor would keep the directory locked for good.
        self._release = weakref.finalize(self, _unlock, lock_fd)
        self.crash_hook: Callable[[str], None] | None = None
        self._blob_names: dict[int, tuple[SavedMemory, str]] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.directory)!r})"

    # -- opening and locking -----------------------------------------------------------------------
    @classmethod
    def open(cls, directory: Path) -> Store:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "vms").mkdir(exist_ok=True)
        lock_path = directory / "host.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown process"
            os.close(fd)
            raise HostLocked(str(directory), holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        for tmp in directory.rglob("*.tmp"):
            tmp.unlink(missing_ok=True)  # a write that crashed before its rename
        for trash in directory.glob("deleted-*"):
            shutil.rmtree(trash, ignore_errors=True)  # a removal that crashed after its rename
        return cls(directory, fd)

    def close(self) -> None:
        self._release()

    # -- atomic files ---------------------------------------------------------------------------------
    def _step(self, label: str) -> None:
        if self.crash_hook is not None:
            self.crash_hook(label)

    def _atomic_write(self, path: Path, data: bytes) -> None:
        tmp = path.with_name(path.name + ".tmp")
        self._step(f"create {path.name}")
        with open(tmp, "wb") as f:
            f.write(data[: len(data) // 2])
            self._step(f"half-written {path.name}")
            f.write(data[len(data) // 2 :])
            f.flush()
            os.fsync(f.fileno())
        self._step(f"fsynced {path.name}")
        os.replace(tmp, path)
        self._step(f"renamed {path.name}")
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)

    def _read_json(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreCorrupt(str(path), str(exc)) from None

    # -- host ------------------------------------------------------------------------------------------
    def save_host(self, host: Any) -> None:
        fw = host.firmware
        doc = {
            "format": _FORMAT,
            "profile": host.profile.name,
            "firmware": _unstructure(fw),
            "settings": _unstructure(host.settings),
            "vm_key_algorithm": host._hv.chosen_algorithm.name if host._hv.chosen_algorithm else None,
        }
        self._atomic_write(self.directory / "host.json", json.dumps(doc, indent=1).encode())

    def load_host(self, host_cls: Any, *, clock: Any, entropy: Any, profile: Any, name: str | None) -> Any:
        from .records import HostSettings

        path = self.directory / "host.json"
        if path.exists():
            doc = self._read_json(path)
            prof = get_profile(doc["profile"])
            fw_doc = doc["firmware"]
            firmware = HostFirmware(
                memory_bytes=fw_doc["memory_bytes"], tme_enabled=fw_doc["tme_enabled"],
                tme_bypass=fw_doc["tme_bypass"], keyid_bits=fw_doc["keyid_bits"],
                tme_policy=Algorithm[fw_doc["tme_policy"]] if fw_doc["tme_policy"] else None,
                crypto_algs=frozenset(Algorithm[a] for a in fw_doc["crypto_algs"]),
            )
            host = host_cls(clock=clock, entropy=entropy, profile=prof, firmware=firmware, store=self)
            host.settings = _structure(HostSettings, doc["settings"])
            if doc.get("vm_key_algorithm"):
                host._hv.chosen_algorithm = Algorithm[doc["vm_key_algorithm"]]
            if name:
                host.settings = attrs.evolve(host.settings, name=name)
        else:
            host = host_cls(clock=clock, entropy=entropy, profile=profile, name=name, store=self)
            self.save_host(host)
        for vm_dir in sorted((self.directory / "vms").iterdir()):
            if (vm_dir / "config.json").exists():
                host._adopt(self._load_vm(vm_dir))
        self._recover(host)
        host.apply_start_actions()
        return host

    def _recover(self, host: Any) -> None:
        """VMs the last process left with memory: their memory is gone with that process, so
        the stop action runs on what is left (Save keeps an empty saved state)."""
        for p in host.partitions():
            if p.state in (VMState.Running, VMState.Paused) and p.runtime is None:
                if p.config.automatic_stop_action is StopAction.Save:
                    p.state = VMState.Saved
                    p.saved_memory = SavedMemory(p.memory.startup, ())
                else:
                    p.state = VMState.Off
                p.started_at = None
                p.was_running = True
                self.save_vm(p)

    # -- VMs -------------------------------------------------------------------------------------------
    def _blob(self, vm_dir: Path, memory: SavedMemory | None, keep: set[str]) -> str | None:
        if memory is None:
            return None
        cached = self._blob_names.get(id(memory))
        if cached is not None and cached[0] is memory:
            name = cached[1]
        else:
            data = _pack_memory(memory)
            name = f"mem-{hashlib.sha256(data).hexdigest()[:20]}.bin"
            if not (vm_dir / name).exists():
                self._atomic_write(vm_dir / name, data)
            self._blob_names[id(memory)] = (memory, name)
        keep.add(name)
        return name

    def save_vm(self, p: Partition) -> None:
        vm_dir = self.directory / "vms" / str(p.id)
        vm_dir.mkdir(exist_ok=True)
        keep: set[str] = set()
        doc = {
            "format": _FORMAT,
            "id": str(p.id),
            "creation_time": p.creation_time.isoformat(),
            "config": _unstructure(p.config),
            "state": p.state.name,
            "started_at": p.started_at.isoformat() if p.started_at else None,
            "parent_checkpoint_id": str(p.parent_checkpoint_id) if p.parent_checkpoint_id else None,
            "was_running": p.was_running,
            "saved_memory": self._blob(vm_dir, p.saved_memory, keep),
            "checkpoints": [
                {
                    "id": str(c.id), "name": c.name, "creation_time": c.creation_time.isoformat(),
                    "config": _unstructure(c.config), "state": c.state.name,
                    "parent_id": str(c.parent_id) if c.parent_id else None,
                    "memory": self._blob(vm_dir, c.memory, keep),
                    "is_automatic": c.is_automatic,
                }
                for c in p.checkpoints
            ],
        }
        self._atomic_write(vm_dir / "config.json", json.dumps(doc, indent=1).encode())
        for old in vm_dir.glob("mem-*.bin"):
            if old.name not in keep:
                old.unlink(missing_ok=True)

    def _load_vm(self, vm_dir: Path) -> Partition:
        doc = self._read_json(vm_dir / "config.json")
        try:
            def memory(name: str | None) -> SavedMemory | None:
                if name is None:
                    return None
                path = vm_dir / name
                return _unpack_memory(path.read_bytes(), path)

            vm_id = uuid.UUID(doc["id"])
            p = Partition(vm_id, _dt.datetime.fromisoformat(doc["creation_time"]),
                          _structure(VMConfig, doc["config"]), VMState[doc["state"]])
            p.started_at = _dt.datetime.fromisoformat(doc["started_at"]) if doc["started_at"] else None
            p.parent_checkpoint_id = uuid.UUID(doc["parent_checkpoint_id"]) if doc["parent_checkpoint_id"] else None
            p.was_running = doc["was_running"]
            p.saved_memory = memory(doc["saved_memory"])
            for c in doc["checkpoints"]:
                p.checkpoints.append(Checkpoint(
                    uuid.UUID(c["id"]), vm_id, c["name"], _dt.datetime.fromisoformat(c["creation_time"]),
                    _structure(VMConfig, c["config"]), VMState[c["state"]],
                    uuid.UUID(c["parent_id"]) if c["parent_id"] else None, memory(c["memory"]),
                    c.get("is_automatic", False),
                ))
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreCorrupt(str(vm_dir / "config.json"), repr(exc)) from None
        return p

    def delete_vm(self, vm_id: uuid.UUID) -> None:
        vm_dir = self.directory / "vms" / str(vm_id)
        if vm_dir.exists():
            # Rename first: one atomic step decides that the VM is gone.
            trash = self.directory / f"deleted-{vm_id}"
            self._step("delete")
            os.replace(vm_dir, trash)
            shutil.rmtree(trash, ignore_errors=True)
