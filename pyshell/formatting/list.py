"""List layout: `Label : value`, labels padded to the longest label of the entry; a long or
multi-line value continues under the value column (PowerShell's ListWriter)."""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from pyshell.formatting.text import display_width, word_wrap

__all__ = ["render_list_entry"]


def render_list_entry(items: Sequence[tuple[str, str]], width: Optional[int] = None,
                      label_style: Optional[Callable[[str], str]] = None) -> list[str]:
    """The lines of one entry (no framing blank lines). `width` None: values never wrap;
    `label_style` decorates the padded label (colour)."""
    if not items:
        return []
    label_width = max(display_width(label) for label, _ in items)
    indent = label_width + 3
    lines: list[str] = []
    for label, value in items:
        head = label + " " * (label_width - display_width(label)) + " : "
        if label_style is not None:
            head = label_style(head[:-1]) + " "
        pieces: list[str] = []
        for part in value.replace("\r\n", "\n").split("\n"):
            if width is not None and width - indent >= 1:
                pieces.extend(word_wrap(part, width - indent))
            else:
                pieces.append(part)
        lines.append((head + pieces[0]).rstrip())
        lines.extend((" " * indent + p).rstrip() for p in pieces[1:])
    return lines
