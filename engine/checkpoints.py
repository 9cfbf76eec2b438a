"""Checkpoint (snapshot) rules on one partition: naming, limits, the parent chain, apply.

Functions, not a class: a checkpoint is a ``Checkpoint`` value kept in
``Partition.checkpoints``; ``Host`` calls these and persists the partition afterwards.
"""

from __future__ import annotations

import datetime as _dt
import uuid

from attrs import evolve

from .errors import InvalidOperation, InvalidState, NotFound
from .partition import Checkpoint, CheckpointType, Partition, SavedMemory, VMState

__all__ = ["MAX_CHECKPOINTS", "default_name", "check_can_take", "take", "find", "restore", "delete"]

MAX_CHECKPOINTS = 50


def default_name(vm_name: str, now: _dt.datetime, automatic: bool) -> str:
    """``<VM> - (M/d/yyyy - h:mm:ss tt)``, as Hyper-V names them (en-US)."""
    stamp = f"{now.month}/{now.day}/{now.year} - {now.strftime('%I').lstrip('0')}:{now:%M:%S %p}"
    return f"{'Automatic Checkpoint - ' if automatic else ''}{vm_name} - ({stamp})"


def check_can_take(p: Partition) -> None:
    if p.config.checkpoint_type is CheckpointType.Disabled:
        raise InvalidOperation(p.name, "Checkpoint", f"Taking a checkpoint of '{p.name}' failed. "
                               "Checkpoints are disabled for this virtual machine.")
    if len(p.checkpoints) >= MAX_CHECKPOINTS:
        raise InvalidOperation(p.name, "Checkpoint", f"Taking a checkpoint of '{p.name}' failed. "
                               f"A virtual machine can have at most {MAX_CHECKPOINTS} checkpoints.")


def take(p: Partition, checkpoint_id: uuid.UUID, name: str, now: _dt.datetime, memory: SavedMemory | None,
         automatic: bool) -> Checkpoint:
    """Append a checkpoint of ``p``'s configuration (and ``memory``) as the new parent."""
    state = VMState.Saved if memory is not None else VMState.Off
    c = Checkpoint(checkpoint_id, p.id, name, now, p.config, state, p.parent_checkpoint_id, memory, automatic)
    p.checkpoints.append(c)
    p.parent_checkpoint_id = c.id
    return c


def find(p: Partition, which: Checkpoint | str | uuid.UUID) -> Checkpoint:
    """A checkpoint of ``p`` by object, id or name (case-insensitive)."""
    for c in p.checkpoints:
        if c is which or c.id == which or (isinstance(which, str) and c.name.casefold() == which.casefold()):
            return c
    raise NotFound("Checkpoint", which.name if isinstance(which, Checkpoint) else which)


def restore(p: Partition, c: Checkpoint) -> None:
    """Apply ``c``: Off or Saved only; the VM keeps its current name."""
    if p.runtime is not None:
        raise InvalidState(p.name, p.state, "ApplyCheckpoint")
    p.config = evolve(c.config, name=p.name)
    p.saved_memory = c.memory
    p.state = VMState.Saved if c.memory is not None else VMState.Off
    p.parent_checkpoint_id = c.id


def delete(p: Partition, c: Checkpoint) -> None:
    """Remove ``c``; its children (and the VM, if it was the parent) move up to its parent."""
    p.checkpoints.remove(c)
    for other in p.checkpoints:
        if other.parent_id == c.id:
            other.parent_id = c.parent_id
    if p.parent_checkpoint_id == c.id:
        p.parent_checkpoint_id = c.parent_id
