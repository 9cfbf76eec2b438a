"""`python -m pyshell`: the same program as the `pyshell` console script."""

from __future__ import annotations

import sys

from pyshell.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
