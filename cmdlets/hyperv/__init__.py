"""The Hyper-V module: the real Hyper-V cmdlets over the simulated host (issue 6).

The package itself stays light: `manifest.py` (the entry point) is read at every start-up, and
`MODULE` (`module.py`, with everything it imports) only when a session first needs it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MODULE", "CMDLETS"]


def __getattr__(name: str) -> Any:
    # Importing cmdlets.hyperv.manifest imports this package first, so the module is
    # imported here, lazily, rather than at the top.
    if name in __all__:
        from . import module
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
