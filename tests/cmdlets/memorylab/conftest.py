"""Helpers for the memory-lab tests: a shell over the `session` fixture, and the engine host
behind it so a test can look at DRAM itself instead of trusting what a cmdlet printed."""

from __future__ import annotations

from typing import Any

import pytest

__all__: list[str] = []

SECRET = "card 4111-1111-1111-1111"


class Lab:
    """`lab(text)` returns output objects, `lab.one(text)` the only one; `lab.text(text)` the
    console text (errors too); `lab.errors(text)` the error ids `text` adds to `$Error`."""

    def __init__(self, session: Any, host: Any) -> None:
        self.session, self.host = session, host

    def __call__(self, text: str) -> list[Any]:
        return list(self.session.invoke(text))

    def one(self, text: str) -> Any:
        [only] = self(text)
        return only

    def text(self, text: str) -> str:
        start = len(self.host.text)
        self.session.run(text)
        return str(self.host.text[start:])

    def errors(self, text: str) -> list[str]:
        """The FullyQualifiedErrorIds of the records `text` adds to `$Error`, oldest first."""
        before = len(self.session.invoke("$Error"))
        self.session.run(text)
        added = list(self.session.invoke("$Error"))[:len(self.session.invoke("$Error")) - before]
        return [str(e.fully_qualified_error_id) for e in reversed(added)]

    @property
    def engine(self) -> Any:
        return self.session.module_state("Hyper-V")

    def start(self, name: str, encrypted: bool) -> None:
        self(f"New-VM -Name {name} -Generation 2 -MemoryStartupBytes 1GB | Out-Null")
        if encrypted:
            self(f"Set-VMMemory -VMName {name} -MemoryEncryptionPolicy AlwaysEnabled")
        self(f"Start-VM -Name {name}")

    def host_address(self, name: str, guest_address: int) -> int:
        host = self.engine
        address, _ = host.guest_to_host(host.get_by_name(name), guest_address)
        return int(address)


@pytest.fixture
def lab(session: Any, host: Any) -> Lab:
    return Lab(session, host)
