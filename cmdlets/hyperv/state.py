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

__all__ = ["create_host", "ensure_computer_name", "host_status"]


def ensure_computer_name(name: str, session: Any = None) -> None:
    """Scripts read `$env:COMPUTERNAME` (design.md §8): give it the host's name when the
    real environment has none (every non-Windows system). A session keeps its own copy of
    the environment, taken when it starts, so that copy gets the name too."""
    environment = getattr(session, "environment", None)
    if environment is not None and not environment.get("COMPUTERNAME"):
        environment["COMPUTERNAME"] = name


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
    ensure_computer_name(host.name, session)
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
