"""Where a session's time comes from: the real clock, or a virtual one for deterministic runs.

Transcripts and tests must not depend on the wall clock, so a deterministic session uses a
`VirtualClock` that starts at a fixed instant and moves only when a script sleeps.
"""

from __future__ import annotations

import datetime as _dt
import time
from typing import Callable, Optional, Protocol

__all__ = ["Clock", "RealClock", "VirtualClock", "DEFAULT_START"]

DEFAULT_START = _dt.datetime(2022, 11, 23, 9, 0, 0)


class Clock(Protocol):
    def now(self) -> _dt.datetime: ...

    def sleep(self, seconds: float) -> None: ...

    def monotonic(self) -> float: ...


class RealClock:
    """The machine's local time; `sleep` really waits, in short slices, so that a stop
    request (Ctrl-C) ends `Start-Sleep 600` at once: `interrupted` says when to give up."""

    SLICE = 0.05

    def __init__(self, interrupted: Optional[Callable[[], bool]] = None) -> None:
        self.interrupted = interrupted

    def now(self) -> _dt.datetime:
        return _dt.datetime.now()

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + max(seconds, 0)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self.interrupted is not None and self.interrupted()):
                return
            time.sleep(min(self.SLICE, remaining))

    def monotonic(self) -> float:
        return time.monotonic()


class VirtualClock:
    """A clock that stands still until `sleep` advances it: runs are reproducible."""

    def __init__(self, start: _dt.datetime = DEFAULT_START) -> None:
        self._start = start
        self._elapsed = 0.0

    def now(self) -> _dt.datetime:
        return self._start + _dt.timedelta(seconds=self._elapsed)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._elapsed += seconds

    def monotonic(self) -> float:
        return self._elapsed
