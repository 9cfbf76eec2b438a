"""Number literals: decimal, hex (`0x`) and binary (`0b`) digits, fractions and exponents,
type suffixes (`l`, `u`, `s`, `y`, `n`, `d`, ...), multipliers (`kb` ... `pb`), and the
value each literal converts to (or BadNumericConstant when it does not fit)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from pyshell.language.tokenizer_core import (
    FORCE_START, FORCE_START_AFTER_NUMBER, TokenizerCore, match_end,
)
from pyshell.language.tokens import Mode, Token, TokenKind

__all__ = ["NumberScanner"]

_DIGITS = re.compile(r"[0-9]*")
_HEX = re.compile(r"[0-9a-fA-F]*")
_BIN = re.compile(r"[01]*")

_INT_RANGES = {
    "": None, "l": (-(1 << 63), (1 << 63) - 1), "s": (-(1 << 15), (1 << 15) - 1),
    "y": (-128, 127), "u": (0, (1 << 64) - 1), "us": (0, 0xFFFF), "ul": (0, (1 << 64) - 1),
    "uy": (0, 255), "n": None,
}
_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_DECIMAL_MAX = (1 << 96) - 1
# Hex/binary digit counts at which the top bit is a sign bit, per suffix.
_HEX_SIGN_DIGITS = {"": (8, 16), "l": (16,), "s": (4,), "y": (2,), "n": ()}


class NumberScanner(TokenizerCore):
    """Scans number literals."""

    def _scan_number(self, i: int, mode: Mode, signed: bool) -> Optional[Token]:
        """A number literal at i (with its sign when `signed`), or None when the word is not a
        well-formed number (the caller then lexes a bareword)."""
        text = self.text
        n = self.end
        j = i
        negative = False
        if signed and text[j] in "+-\u2013\u2014\u2015":
            negative = text[j] != "+"
            j += 1
        body_start = j
        radix = 10
        real = False
        if text.startswith(("0x", "0X"), j):
            k = match_end(_HEX, text, j + 2, n)
            radix = 16
            digits = text[j + 2:k]
        elif text.startswith(("0b", "0B"), j) and j + 2 < n and text[j + 2] in "01":
            k = match_end(_BIN, text, j + 2, n)
            radix = 2
            digits = text[j + 2:k]
        else:
            k = match_end(_DIGITS, text, j, n)
            int_digits = k - j
            frac_digits = 0
            if k < n and text[k] == "." and not (k + 1 < n and text[k + 1] == "."):
                m = match_end(_DIGITS, text, k + 1, n)
                frac_digits = m - k - 1
                if int_digits or frac_digits:
                    real = True
                    k = m
            if int_digits == 0 and frac_digits == 0:
                return None
            if k < n and text[k] in "eE":
                m = k + 1
                if m < n and text[m] in "+-\u2013\u2014\u2015":
                    m += 1
                e = match_end(_DIGITS, text, m, n)
                if e == m:
                    return None
                real = True
                k = e
            digits = text[j:k]
        suffix = ""
        if k < n:
            c = text[k].lower()
            if c == "u":
                c2 = text[k + 1].lower() if k + 1 < n else ""
                if c2 in ("s", "l", "y") and c2:
                    suffix = "u" + c2
                    k += 2
                else:
                    suffix = "u"
                    k += 1
            elif c in "sldyn":
                suffix = c
                k += 1
        multiplier = 1
        if k + 1 < n and text[k] in "kmgtpKMGTP" and text[k + 1] in "bB":
            multiplier = _MULTIPLIERS[text[k].lower()]
            k += 2
        if k < n:
            c = text[k]
            if c not in FORCE_START:
                if mode is Mode.COMMAND:
                    return None
                if not (c in FORCE_START_AFTER_NUMBER or (self.in_ternary and c in "?:")):
                    return None
        try:
            value = _number_value(radix, digits, real, suffix, multiplier, negative,
                                  text[body_start:k])
        except (ValueError, InvalidOperation, OverflowError):
            if mode is Mode.COMMAND:
                return None
            self.error("BadNumericConstant", f"The numeric constant {text[i:k]} is not valid.",
                       i, k)
            value = 0
        self.pos = k
        return self._tok(TokenKind.NUMBER, i, k, value)


def _number_value(radix: int, digits: str, real: bool, suffix: str, multiplier: int,
                  negative: bool, literal: str) -> Any:
    """Convert a scanned literal to its Python value, raising ValueError when it does not fit
    its type (BadNumericConstant)."""
    value: Any
    if radix != 10:
        if suffix == "d":
            raise ValueError(literal)
        value = int(digits, radix) if digits else 0
        count = len(digits)
        if radix == 16:
            sign_counts = _HEX_SIGN_DIGITS.get(suffix, ())
            sign_bits = {8: 32, 16: 64, 4: 16, 2: 8}
            if count in sign_counts and value >> (count * 4 - 1):
                value -= 1 << sign_bits[count]
            elif count > 16 and value >> 63 and not suffix.startswith("u"):
                raise ValueError(literal)
        elif not suffix.startswith("u") and (count in (8, 16, 32, 64, 96) or count >= 128) \
                and value >> (count - 1):
            value -= 1 << count
        value *= multiplier
        if not suffix and not (-(1 << 63) <= value < (1 << 63)):
            raise ValueError(literal)
    elif suffix == "d":
        value = Decimal(digits) * multiplier
        if abs(value) > _DECIMAL_MAX:
            raise ValueError(literal)
        return -value if negative else value
    elif real:
        if suffix:
            value = round(Decimal(digits) * multiplier)
        else:
            value = float(digits) * multiplier
            return -value if negative else value
    else:
        value = int(digits) * multiplier
        if not suffix:
            if negative:
                value = -value
            if -(1 << 63) <= value < (1 << 63):
                return value
            if abs(value) <= _DECIMAL_MAX:
                return Decimal(value)
            return float(value)
    if negative:
        value = -value
    bounds = _INT_RANGES.get(suffix)
    if suffix == "u" and value > 0xFFFFFFFF:
        bounds = (0, (1 << 64) - 1)
    if bounds is not None and not (bounds[0] <= value <= bounds[1]):
        raise ValueError(literal)
    return int(value)
