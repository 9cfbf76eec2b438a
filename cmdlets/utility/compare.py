"""PowerShell's ObjectCommandComparer: how Sort-Object, Group-Object, Get-Unique and
Compare-Object order and equate values.

- numbers compare as numbers, strings culture-style and case-insensitively (case-sensitive:
  lowercase before uppercase), dates and time spans by time;
- `$null` is below any string and sorts among numbers as 0;
- otherwise the right value is converted to the left's kind, falling back to their text.
"""

from __future__ import annotations

import datetime as _dt
import enum
from decimal import Decimal
from functools import cmp_to_key
from typing import Any, Callable

from pyshell.formatting.objects import to_string

__all__ = ["compare_values", "sort_key", "equal", "normalize"]


def _number(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value if isinstance(value.value, (int, float)) else None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        return value
    return None


def _cmp(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def _string_cmp(a: str, b: str, case_sensitive: bool) -> int:
    folded = _cmp(a.casefold(), b.casefold())
    if folded or not case_sensitive:
        return folded
    # Same letters: the culture puts lowercase first ('aaa' -clt 'AAA').
    return _cmp(a.swapcase(), b.swapcase())


def _as_number(text: str) -> Any:
    try:
        return int(text.strip())
    except ValueError:
        try:
            return float(text.strip())
        except ValueError:
            return None


def compare_values(a: Any, b: Any, case_sensitive: bool = False) -> int:
    if a is None and b is None:
        return 0
    if a is None:
        nb = _number(b)
        return _cmp(0, nb) or -1 if nb is not None else -1
    if b is None:
        na = _number(a)
        return _cmp(na, 0) or 1 if na is not None else 1
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        if isinstance(na, Decimal) or isinstance(nb, Decimal):
            return _cmp(Decimal(str(na)), Decimal(str(nb)))
        return _cmp(na, nb)
    if isinstance(a, str) and isinstance(b, str):
        return _string_cmp(a, b, case_sensitive)
    if na is not None and isinstance(b, str):
        converted = _as_number(b)
        if converted is not None:
            return _cmp(na, converted)
    if isinstance(a, str) and nb is not None:
        converted = _as_number(a)
        if converted is not None:
            return _cmp(converted, nb)
    for kind in (_dt.datetime, _dt.timedelta):
        if isinstance(a, kind) and isinstance(b, kind):
            try:
                return _cmp(a, b)
            except TypeError:
                break
    return _string_cmp(to_string(a), to_string(b), case_sensitive)


def equal(a: Any, b: Any, case_sensitive: bool = False) -> bool:
    return compare_values(a, b, case_sensitive) == 0


def sort_key(case_sensitive: bool = False) -> Callable[[Any], Any]:
    return cmp_to_key(lambda x, y: compare_values(x, y, case_sensitive))


def normalize(value: Any, case_sensitive: bool = False) -> Any:
    """A hashable stand-in that is equal for values the comparer calls equal (most cases)."""
    if value is None:
        return None
    n = _number(value)
    if n is not None and not isinstance(value, enum.Enum):
        return ("n", float(n))
    text = to_string(value)
    if not isinstance(value, str):
        number = None
    else:
        number = _as_number(text) if text.strip() and text.strip()[0] in "+-0123456789" else None
    if number is not None:
        return ("n", float(number))
    return ("s", text if case_sensitive else text.casefold())
