"""The module state: one engine `Host` per session (docs/architecture.md §4).

Deterministic sessions (transcripts, tests) get a fresh host whose clock is the session's
virtual clock, so `Start-Sleep -Seconds 90` makes a running VM's Uptime 00:01:30, and whose
entropy is seeded from the session's seed; the store is the temporary `host_dir` the runner
provides, or memory. Interactive sessions open the per-user store (`PYSHELL_HOST_DIR`
overrides it) with the real clock and entropy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine (numpy, cryptography) loads when a session first needs it
    from engine.host import Host

__all__ = ["create_host", "host_status"]


def create_host(session: Any) -> Host:
    from engine.host import Host

    options = getattr(session, "options", None)
    clock = getattr(session, "clock", None)
    if options is not None and getattr(options, "deterministic", False):
        seed = int(getattr(options, "seed", 0) or 0)
        host_dir = getattr(options, "host_dir", None)
        if host_dir:
            host = Host.open(host_dir, clock=clock, entropy=seed)
        else:
            host = Host.in_memory(clock=clock, entropy=seed)
    else:
        host = Host.open(None, clock=clock)
    return host


def host_status(session: Any) -> str:
    """The toolbar's view of the host: VMs running and KeyIDs in use. Empty until a Hyper-V
    command has made the host, so the first prompt never waits for the engine."""
    host = session.existing_module_state("Hyper-V")
    if host is None:
        return ""
    vms = host.partitions()
    running = sum(1 for p in vms if p.state.name == "Running")
    info = host.hardware()
    keys = f"KeyIDs in use: {info.key_ids_in_use} of {info.max_key_ids}" \
        if info.max_key_ids else "no TME-MK"
    return f"VMs running: {running} of {len(vms)}  |  {keys}"
