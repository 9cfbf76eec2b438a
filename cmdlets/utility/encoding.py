"""The `-Encoding` values of the file cmdlets (PowerShell 7: UTF-8 without BOM by default)."""

from __future__ import annotations

from typing import Optional

from pyshell.runtime import ValidateSet

__all__ = ["ENCODINGS", "codec", "encode_text"]

_CODECS = {
    "ascii": ("ascii", b""), "bigendianunicode": ("utf-16-be", b"\xfe\xff"),
    "bigendianutf32": ("utf-32-be", b"\x00\x00\xfe\xff"), "oem": ("cp437", b""),
    "unicode": ("utf-16-le", b"\xff\xfe"), "utf7": ("utf-7", b""), "utf8": ("utf-8", b""),
    "utf8bom": ("utf-8", b"\xef\xbb\xbf"), "utf8nobom": ("utf-8", b""),
    "utf32": ("utf-32-le", b"\xff\xfe\x00\x00"), "default": ("utf-8", b""),
    "latin1": ("latin-1", b""),
}

ENCODINGS = ValidateSet(*("ASCII", "BigEndianUnicode", "BigEndianUTF32", "OEM", "Unicode",
                          "UTF7", "UTF8", "UTF8BOM", "UTF8NoBOM", "UTF32", "Default",
                          "Latin1"))


def codec(name: Optional[str]) -> str:
    return _CODECS.get((name or "utf8").lower(), ("utf-8", b""))[0]


def encode_text(text: str, name: Optional[str], bom: bool = True) -> bytes:
    python, mark = _CODECS.get((name or "utf8").lower(), ("utf-8", b""))
    return (mark if bom else b"") + text.encode(python, errors="replace")
