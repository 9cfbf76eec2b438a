"""The DIMM interposer's view: bus transactions and a trace that records them.

A ``BusTrace`` is a DRAM bus observer. It sees what the memory controller puts on the bus
(line address without KeyID, data as stored, integrity tag) and labels each line with the
VM whose frames hold it, which an attacker with the physical map could do too.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable

from attrs import frozen

from .dram import BusOp

__all__ = ["BusTransaction", "BusTrace"]


@frozen
class BusTransaction:
    """One line on the DIMM bus as an interposer records it."""

    sequence: int
    time: _dt.datetime
    operation: BusOp
    address: int
    data: bytes
    tag: int | None = None
    vm_name: str | None = None


class BusTrace:
    """A running capture; ``Host.stop_trace`` detaches it and returns the transactions.

    ``owner_of(address)`` names the VM owning a host address as ``(id, name)`` or ``None``;
    with ``vm_ids`` set, lines of other owners are not recorded.
    """

    def __init__(self, owner_of: Callable[[int], tuple[uuid.UUID, str] | None], now: Callable[[], _dt.datetime],
                 vm_ids: frozenset[uuid.UUID] | None = None) -> None:
        self._owner_of = owner_of
        self._now = now
        self._vm_ids = vm_ids
        self.transactions: list[BusTransaction] = []

    def __repr__(self) -> str:
        return f"BusTrace(transactions={len(self.transactions)})"

    def __call__(self, op: BusOp, address: int, data: bytes, tag: int | None) -> None:
        owner = self._owner_of(address)
        if self._vm_ids is not None and (owner is None or owner[0] not in self._vm_ids):
            return
        self.transactions.append(BusTransaction(len(self.transactions) + 1, self._now(), op, address, data, tag,
                                                owner[1] if owner else None))
