"""Table layout: columns, header, dashes and rows as PowerShell's TableWriter draws them
(powershell-views.md §0.4): one space between columns, the last column never padded, `…`
where a value is cut, and no line wider than the screen or ending in white space."""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from pyshell.formatting.cells import first_line
from pyshell.formatting.records import TableColumn
from pyshell.formatting.text import chunks, display_width, fit, pad, truncate

__all__ = ["column_widths", "render_table"]


def _label_width(label: str) -> int:
    # A two-line label (Format-Hex) counts its line break as one cell, as PowerShell does.
    return display_width(label)


def column_widths(columns: Sequence[TableColumn], rows: Sequence[Sequence[str]],
                  width: int, auto_size: bool) -> list[int]:
    """Widths for the columns; 0 means the column is hidden (no room left)."""
    count = len(columns)
    if count == 0:
        return []
    if auto_size or columns[0].width is None:
        # Autosize: each column as wide as its label and its widest value.
        widths = [max([_label_width(c.label)] + [display_width(r[i]) for r in rows if i < len(r)])
                  for i, c in enumerate(columns)]
        widths = [max(w, 1) for w in widths]
    else:
        # Declared widths stay; the others share what is left, one cell at a time.
        widths = [c.width if c.width else 1 for c in columns]
        free = [i for i, c in enumerate(columns) if not c.width]
        left = width - sum(widths) - (count - 1)
        k = 0
        while left > 0 and free:
            widths[free[k % len(free)]] += 1
            left -= 1
            k += 1
    # Too wide: shrink the last visible column; hide it when it would vanish.
    visible = count
    while visible > 0:
        total = sum(widths[:visible]) + (visible - 1)
        if total <= width:
            break
        shrunk = widths[visible - 1] - (total - width)
        if shrunk >= 1:
            widths[visible - 1] = shrunk
            break
        visible -= 1
    return [w if i < visible else 0 for i, w in enumerate(widths)]


def _join(cells: list[str]) -> str:
    return " ".join(cells).rstrip()


def _header_lines(columns: Sequence[TableColumn], widths: list[int]) -> list[str]:
    stacks: list[list[str]] = []
    for col, w in zip(columns, widths):
        if w == 0:
            continue
        parts: list[str] = []
        for piece in col.label.split("\n"):
            parts.extend(chunks(piece, w))
        stacks.append(parts)
    height = max((len(s) for s in stacks), default=0)
    shown = [(c, w) for c, w in zip(columns, widths) if w]
    lines = []
    for row in range(height):
        cells = [pad(stack[row] if row < len(stack) else "", w, c.align)
                 for stack, (c, w) in zip(stacks, shown)]
        lines.append(_join(cells))
    dashes = [pad("-" * min(w, _label_width(c.label)), w, c.align) for c, w in shown]
    lines.append(_join(dashes))
    return lines


def _row_lines(columns: Sequence[TableColumn], widths: list[int], cells: Sequence[str],
               wrap: bool) -> list[str]:
    shown = [(i, c, w) for i, (c, w) in enumerate(zip(columns, widths)) if w]
    if not wrap:
        out = []
        for i, c, w in shown:
            text = first_line(cells[i]) if i < len(cells) else ""
            out.append(fit(text, w, c.align))
        return [_join(out)]
    stacks = []
    for i, c, w in shown:
        text = cells[i] if i < len(cells) else ""
        parts: list[str] = []
        for piece in text.replace("\r\n", "\n").split("\n"):
            parts.extend(chunks(piece, w))
        stacks.append(parts)
    height = max(len(s) for s in stacks) if stacks else 1
    lines = []
    for row in range(height):
        line = [fit(stack[row] if row < len(stack) else "", w, c.align)
                for stack, (_, c, w) in zip(stacks, shown)]
        lines.append(_join(line))
    return lines


def render_table(columns: Sequence[TableColumn], rows: Sequence[Sequence[str]], width: int,
                 *, auto_size: bool = False, wrap: bool = False,
                 hide_headers: bool = False,
                 widths: Optional[list[int]] = None,
                 header_style: Optional[Callable[[str], str]] = None) -> list[str]:
    """The header (unless hidden), the dash line and one line per row (more with -Wrap).
    `header_style` decorates the header lines (colour), after every width is settled."""
    if widths is None:
        widths = column_widths(columns, rows, width, auto_size)
    header = [] if hide_headers else _header_lines(columns, widths)
    body: list[str] = []
    for row in rows:
        body.extend(_row_lines(columns, widths, row, wrap))
    header = [truncate(line, width) if display_width(line) > width else line for line in header]
    body = [truncate(line, width) if display_width(line) > width else line for line in body]
    if header_style is not None:
        header = [header_style(line) if line else line for line in header]
    return header + body
