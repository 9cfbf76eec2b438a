"""Display cells of text: width (East-Asian wide characters take two cells), padding,
truncation with `…`, and character wrapping. Shared by every renderer."""

from __future__ import annotations

import unicodedata

__all__ = ["ELLIPSIS", "display_width", "pad", "truncate", "fit", "chunks", "word_wrap"]

ELLIPSIS = "\u2026"


def _cell(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_cell(ch) for ch in text)


def _take(text: str, cells: int) -> str:
    """The longest prefix of `text` that fits in `cells`."""
    used = 0
    for i, ch in enumerate(text):
        used += _cell(ch)
        if used > cells:
            return text[:i]
    return text


def _take_tail(text: str, cells: int) -> str:
    return _take(text[::-1], cells)[::-1]


def truncate(text: str, width: int, align: str = "left") -> str:
    """Cut `text` to `width` cells, marking the cut with `…` (a right-aligned value keeps its
    tail, as PowerShell does); a 1-cell column gets the bare first character."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    if width == 1:
        return _take(text, 1)
    if align == "right":
        return ELLIPSIS + _take_tail(text, width - 1)
    return _take(text, width - 1) + ELLIPSIS


def pad(text: str, width: int, align: str = "left") -> str:
    gap = width - display_width(text)
    if gap <= 0:
        return text
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def fit(text: str, width: int, align: str = "left") -> str:
    return pad(truncate(text, width, align), width, align)


def chunks(text: str, width: int) -> list[str]:
    """Break one line into pieces of at most `width` cells (at least one piece)."""
    if width <= 0:
        return [text]
    out: list[str] = []
    rest = text
    while display_width(rest) > width:
        head = _take(rest, width) or rest[:1]
        out.append(head)
        rest = rest[len(head):]
    out.append(rest)
    return out


def word_wrap(text: str, width: int) -> list[str]:
    """Break one line at spaces so each piece fits `width` cells (PowerShell's wrapping for
    English cultures); a word wider than the width is broken by character."""
    if width <= 0 or display_width(text) <= width:
        return [text]
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = word if not current else current + " " + word
        if display_width(candidate) <= width:
            current = candidate
            continue
        if current:
            pieces.append(current)
        parts = chunks(word, width)
        pieces.extend(parts[:-1])
        current = parts[-1]
    pieces.append(current)
    return pieces
