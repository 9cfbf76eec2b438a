"""Fresh deterministic sessions for transcripts, conformance cases and tests.

Every run gets what design.md §6 promises: width 120, no colour, its own temporary host store,
a fixed entropy seed and a virtual clock at 2022-11-23 09:00:00, so nothing depends on the
machine, the wall clock or an earlier run.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from typing import Any, Iterator, Optional

from pyshell.host.console import TextHost
from pyshell.runtime.clock import DEFAULT_START

__all__ = ["START_TIME", "SEED", "WIDTH", "deterministic_session"]

START_TIME = DEFAULT_START  # 2022-11-23 09:00:00, the instant design.md §6 fixes
SEED = 0
WIDTH = 120


@contextlib.contextmanager
def deterministic_session(host: Optional[TextHost] = None, *, interactive: bool = False,
                          non_interactive: bool = False,
                          modules: Optional[list[Any]] = None) -> Iterator[Any]:
    """A deterministic `Session` over a fresh temporary host store, removed afterwards."""
    from pyshell.runtime import Session, SessionOptions

    host = host if host is not None else TextHost(width=WIDTH)
    host_dir = tempfile.mkdtemp(prefix="pyshell-host-")
    try:
        options = SessionOptions(width=WIDTH, color=False, interactive=interactive,
                                 non_interactive=non_interactive, deterministic=True,
                                 start_time=START_TIME, seed=SEED, host_dir=host_dir)
        session = Session(modules=modules, host=host, options=options)
        try:
            yield session
        finally:
            # Releases the host store's lock before its folder goes.
            session.close()
    finally:
        shutil.rmtree(host_dir, ignore_errors=True)
