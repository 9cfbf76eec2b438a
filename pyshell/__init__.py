"""pyshell: a PowerShell-compatible object shell in Python.

`pyshell.language` parses, `pyshell.runtime` runs, `pyshell.formatting` shows objects,
`pyshell.host` talks to the user, `pyshell.testing` runs transcripts. Knows nothing of Hyper-V:
command modules are found through the `pyshell.modules` entry points.
"""

from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
