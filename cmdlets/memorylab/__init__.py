"""The memory lab: see what a physical attacker sees of VMs with and without TME-MK.

The package itself stays light: `manifest.py` (the entry point) is read at every start-up, and
`MODULE` (`module.py`, with everything it imports) only when a session first needs it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MODULE"]


def __getattr__(name: str) -> Any:
    # Importing cmdlets.memorylab.manifest imports this package first, so the module is
    # imported here, lazily, rather than at the top.
    if name in __all__:
        from . import module
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
