"""Wide layout (Format-Wide): items left to right in columns that share the whole width
(powershell-views.md §7)."""

from __future__ import annotations

from typing import Optional, Sequence

from pyshell.formatting.text import display_width, fit

__all__ = ["wide_column_count", "render_wide"]


def wide_column_count(items: Sequence[str], width: int, columns: Optional[int],
                      auto_size: bool) -> int:
    if columns:
        return max(1, columns)
    if auto_size:
        longest = max((display_width(i) for i in items), default=1) or 1
        n = 1
        while (n + 1) * longest + n < width:
            n += 1
        return n
    return 2


def render_wide(items: Sequence[str], width: int, columns: Optional[int] = None,
                auto_size: bool = False) -> list[str]:
    n = wide_column_count(items, width, columns, auto_size)
    usable = width - (n - 1)
    widths = [usable // n + (1 if i < usable % n else 0) for i in range(n)]
    lines = []
    for start in range(0, len(items), n):
        row = list(items[start:start + n])
        cells = [fit(text, widths[i]) for i, text in enumerate(row)]
        lines.append(" ".join(cells).rstrip())
    return lines
