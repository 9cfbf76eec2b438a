"""Static members for text and data: `[Convert]` (Base64, bases), `[text.encoding]`
(UTF8.GetBytes/GetString), `[regex]` (Escape, Match, Replace, ...), `[System.IO.Path]`,
`[Environment]`, `[array]` and `[BitConverter]`."""

from __future__ import annotations

import base64
import posixpath
from typing import Any, Callable

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet import args as arg
from pyshell.runtime.dotnet.statics import number_parser, parse_bool
from pyshell.runtime.dotnet.table import (
    MemberTable, method, prop, register_instance_table, register_static_table,
)
from pyshell.runtime.errors import ArgumentException, FormatException, OverflowException
from pyshell.runtime.values import Byte, Char, NumericKind, TypedArray, is_collection, make_integer

__all__ = ["Encoding"]


# --------------------------------------------------------------------------- [Convert]

def _bytes(value: Any) -> bytes:
    items = arg.items(value)
    return bytes(int(cv.to_integer_kind(b, NumericKind.Byte)) for b in items)


def _byte_array(data: bytes) -> TypedArray:
    from pyshell.runtime.types import resolve_type

    return TypedArray((Byte(b) for b in data), resolve_type("byte"))


def _from_base64(text: Any) -> TypedArray:
    try:
        return _byte_array(base64.b64decode(arg.text(text), validate=True))
    except ValueError:
        raise FormatException("The input is not a valid Base-64 string as it contains a "
                              "non-base 64 character, more than two padding characters, or an "
                              "illegal character among the padding characters.") from None


def _to_base(kind: NumericKind) -> Callable[..., Any]:
    def convert(value: Any, base: Any = None) -> Any:
        if base is None:
            if isinstance(value, str):
                try:
                    number = number_parser(kind, kind.full_name)(value)
                except FormatException:
                    raise
                return number
            return cv.to_integer_kind(value, kind)
        radix = arg.integer(base)
        if radix not in (2, 8, 10, 16):
            raise ArgumentException("Invalid Base. (Parameter 'fromBase')")
        text = arg.text(value).strip()
        if radix == 16 and text.lower().startswith("0x"):
            text = text[2:]
        try:
            number = int(text, radix)
        except ValueError:
            raise FormatException("Could not find any recognizable digits.") from None
        bits = (kind.maximum - kind.minimum).bit_length()  # type: ignore[operator]
        if radix != 10 and kind.is_signed and number >= 1 << (bits - 1):
            number -= 1 << bits
        if not kind.fits(number):
            raise OverflowException(f"Value was either too large or too small for "
                                    f"{cv.OUT_OF_RANGE_TEXT[kind]}.")
        return make_integer(number, kind)
    return convert


def _to_string_base(value: Any, base: Any = None) -> str:
    if base is None:
        return cv.dotnet_string(value)
    radix = arg.integer(base)
    number = int(cv.to_integer_kind(value, NumericKind.Int64))
    if number < 0:
        number += 1 << (32 if -2**31 <= number else 64)
    digits = {2: "b", 8: "o", 10: "d", 16: "x"}.get(radix)
    if digits is None:
        raise ArgumentException("Invalid Base. (Parameter 'toBase')")
    return format(number, digits)


def _convert_with(converter: Callable[[Any], Any], type_name: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        try:
            return converter(value)
        except cv.ConversionFailure as failure:
            raise FormatException(failure.reason or f"Invalid cast to {type_name}.") from None
    return convert


CONVERT = MemberTable.of("System.Convert", [
    method("FromBase64String", _from_base64, "static byte[] FromBase64String(string s)",
           static=True),
    method("FromHexString", lambda s: _byte_array(bytes.fromhex(arg.text(s))),
           "static byte[] FromHexString(string s)", static=True),
    method("ToBase64String", lambda b, *_: base64.b64encode(_bytes(b)).decode("ascii"),
           "static string ToBase64String(byte[] inArray)", static=True),
    method("ToBoolean", lambda v: parse_bool(v) if isinstance(v, str) else cv.to_bool(v),
           "static bool ToBoolean(System.Object value)", static=True),
    method("ToByte", _to_base(NumericKind.Byte), "static byte ToByte(System.Object value)",
           static=True),
    method("ToChar", _convert_with(cv.to_char, "System.Char"),
           "static char ToChar(System.Object value)", static=True),
    method("ToDateTime", _convert_with(cv.to_datetime, "System.DateTime"),
           "static datetime ToDateTime(System.Object value)", static=True),
    method("ToDecimal", _convert_with(lambda v: cv.to_decimal(v), "System.Decimal"),
           "static decimal ToDecimal(System.Object value)", static=True),
    method("ToDouble", _convert_with(cv.to_double, "System.Double"),
           "static double ToDouble(System.Object value)", static=True),
    method("ToHexString", lambda b: _bytes(b).hex().upper(),
           "static string ToHexString(byte[] inArray)", static=True),
    method("ToInt16", _to_base(NumericKind.Int16), "static short ToInt16(System.Object value)",
           static=True),
    method("ToInt32", _to_base(NumericKind.Int32), "static int ToInt32(System.Object value)",
           "static int ToInt32(string value, int fromBase)", static=True),
    method("ToInt64", _to_base(NumericKind.Int64), "static long ToInt64(System.Object value)",
           "static long ToInt64(string value, int fromBase)", static=True),
    method("ToString", _to_string_base, "static string ToString(System.Object value)",
           "static string ToString(long value, int toBase)", static=True),
    method("ToUInt32", _to_base(NumericKind.UInt32), "static uint ToUInt32(System.Object value)",
           static=True),
    method("ToUInt64", _to_base(NumericKind.UInt64), "static ulong ToUInt64(System.Object value)",
           static=True),
])


# --------------------------------------------------------------------------- [text.encoding]

class Encoding:
    """System.Text.Encoding instances (`[text.encoding]::UTF8`)."""

    dotnet_name = "System.Text.UTF8Encoding"
    __slots__ = ("codec", "web_name", "name")

    def __init__(self, codec: str, web_name: str, name: str) -> None:
        self.codec = codec
        self.web_name = web_name
        self.name = name

    def get_bytes(self, text: Any) -> TypedArray:
        source = "".join(str(c) for c in text) if is_collection(text) else arg.text(text)
        return _byte_array(source.encode(self.codec, errors="replace"))

    def get_string(self, data: Any, index: Any = None, count: Any = None) -> str:
        raw = _bytes(data)
        if index is not None:
            start = arg.integer(index)
            raw = raw[start:start + arg.integer(count)] if count is not None else raw[start:]
        return raw.decode(self.codec, errors="replace")

    def __str__(self) -> str:
        return self.name


_ENCODINGS = {
    "UTF8": Encoding("utf-8", "utf-8", "System.Text.UTF8Encoding"),
    "ASCII": Encoding("ascii", "us-ascii", "System.Text.ASCIIEncoding"),
    "Unicode": Encoding("utf-16-le", "utf-16", "System.Text.UnicodeEncoding"),
    "BigEndianUnicode": Encoding("utf-16-be", "utf-16BE", "System.Text.UnicodeEncoding"),
    "UTF32": Encoding("utf-32-le", "utf-32", "System.Text.UTF32Encoding"),
    "Latin1": Encoding("latin-1", "iso-8859-1", "System.Text.Latin1Encoding"),
}
_ENCODINGS["Default"] = _ENCODINGS["UTF8"]


def _get_encoding(name: Any) -> Encoding:
    wanted = arg.text(name).lower().replace("-", "")
    for key, encoding in _ENCODINGS.items():
        if wanted in (key.lower(), encoding.web_name.replace("-", "").lower()):
            return encoding
    raise ArgumentException(f"'{arg.text(name)}' is not a supported encoding name.")


ENCODING = MemberTable.of("System.Text.Encoding", [
    *(prop(name, "System.Text.Encoding", lambda ctx, e=encoding: e)
      for name, encoding in _ENCODINGS.items()),
    method("GetEncoding", _get_encoding, "static System.Text.Encoding GetEncoding(string name)",
           static=True),
])

ENCODING_INSTANCE = MemberTable.of("System.Text.Encoding", [
    prop("BodyName", "string", lambda e: e.web_name),
    prop("EncodingName", "string", lambda e: e.name),
    prop("WebName", "string", lambda e: e.web_name),
    method("GetByteCount", lambda e, text: len(e.get_bytes(text)), "int GetByteCount(string s)",),
    method("GetBytes", lambda e, text: e.get_bytes(text), "byte[] GetBytes(string s)"),
    method("GetString", lambda e, data, *rest: e.get_string(data, *rest),
           "string GetString(byte[] bytes)",
           "string GetString(byte[] bytes, int index, int count)"),
])


# --------------------------------------------------------------------------- [regex]

def _regex(pattern: Any, options: Any = None) -> Any:
    from pyshell.runtime.regex import Regex

    return Regex(arg.text(pattern), options)


def _regex_escape(text: Any) -> str:
    out = []
    for ch in arg.text(text):
        if ch in "\\*+?|{[()^$.#":
            out.append("\\" + ch)
        elif ch == " ":
            out.append("\\ ")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\f":
            out.append("\\f")
        else:
            out.append(ch)
    return "".join(out)


def _regex_unescape(text: Any) -> str:
    import re

    mapping = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
    return re.sub(r"\\(.)", lambda m: mapping.get(m.group(1), m.group(1)), arg.text(text))


def _regex_replace(text: Any, pattern: Any, replacement: Any, options: Any = None) -> str:
    from pyshell.runtime.dotnet.misc import _regex_replace as replace

    return replace(_regex(pattern, options), text, replacement)


REGEX = MemberTable.of("System.Text.RegularExpressions.Regex", [
    method("Escape", _regex_escape, "static string Escape(string str)", static=True),
    method("IsMatch", lambda text, pattern, options=None: _regex(pattern, options).is_match(
        arg.text(text)), "static bool IsMatch(string input, string pattern)", static=True),
    method("Match", lambda text, pattern, options=None: _regex(pattern, options).match(
        arg.text(text)), "static System.Text.RegularExpressions.Match Match(string input, string "
        "pattern)", static=True),
    method("Matches", lambda text, pattern, options=None: _regex(pattern, options).matches(
        arg.text(text)), "static System.Text.RegularExpressions.MatchCollection Matches(string "
        "input, string pattern)", static=True),
    method("Replace", _regex_replace, "static string Replace(string input, string pattern, "
           "string replacement)", static=True),
    method("Split", lambda text, pattern, options=None: _regex(pattern, options).split(
        arg.text(text)), "static string[] Split(string input, string pattern)", static=True),
    method("Unescape", _regex_unescape, "static string Unescape(string str)", static=True),
    method("new", _regex, "regex new(string pattern)",
           "regex new(string pattern, System.Text.RegularExpressions.RegexOptions options)",
           static=True),
])


# --------------------------------------------------------------------------- [System.IO.Path]

def _path_join(*parts: Any) -> str:
    items = arg.items(parts[0]) if len(parts) == 1 else list(parts)
    result = ""
    for part in (arg.text(p) for p in items):
        if not part:
            continue
        if part.startswith("/") or not result:
            result = part
        else:
            result = result.rstrip("/") + "/" + part
    return result


def _extension(path: Any) -> str:
    name = posixpath.basename(arg.text(path))
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def _without_extension(path: Any) -> str:
    name = posixpath.basename(arg.text(path))
    ext = _extension(name)
    return name[:-len(ext)] if ext else name


def _change_extension(path: Any, ext: Any) -> str:
    text = arg.text(path)
    current = _extension(text)
    base = text[:-len(current)] if current else text
    if ext is None:
        return base
    new = arg.text(ext)
    return base + (new if new.startswith(".") or not new else "." + new)


PATH = MemberTable.of("System.IO.Path", [
    prop("AltDirectorySeparatorChar", "char", lambda ctx: Char("/")),
    prop("DirectorySeparatorChar", "char", lambda ctx: Char("/")),
    prop("PathSeparator", "char", lambda ctx: Char(":")),
    method("ChangeExtension", _change_extension, "static string ChangeExtension(string path, "
           "string extension)", static=True),
    method("Combine", _path_join, "static string Combine(Params string[] paths)", static=True),
    method("GetDirectoryName", lambda p: posixpath.dirname(arg.text(p)),
           "static string GetDirectoryName(string path)", static=True),
    method("GetExtension", _extension, "static string GetExtension(string path)", static=True),
    method("GetFileName", lambda p: posixpath.basename(arg.text(p)),
           "static string GetFileName(string path)", static=True),
    method("GetFileNameWithoutExtension", _without_extension,
           "static string GetFileNameWithoutExtension(string path)", static=True),
    method("HasExtension", lambda p: bool(_extension(p)), "static bool HasExtension(string "
           "path)", static=True),
    method("IsPathRooted", lambda p: arg.text(p).startswith("/"),
           "static bool IsPathRooted(string path)", static=True),
    method("Join", _path_join, "static string Join(Params string[] paths)", static=True),
])

ENVIRONMENT = MemberTable.of("System.Environment", [
    prop("NewLine", "string", lambda ctx: "\n"),
    prop("OSVersion", "System.OperatingSystem", lambda ctx: "Unix"),
])


# --------------------------------------------------------------------------- [array], misc

def _array_reverse(items: Any) -> None:
    items.reverse()


def _array_sort(items: Any) -> None:
    from pyshell.runtime.dotnet.collections import _list_sort

    _list_sort(items)


def _array_index_of(items: Any, value: Any) -> int:
    from pyshell.runtime.dotnet.collections import _index_of

    return _index_of(list(items), value)


ARRAY = MemberTable.of("System.Array", [
    method("Empty", lambda: [], "static T[] Empty[T]()", static=True),
    method("IndexOf", _array_index_of, "static int IndexOf(array array, System.Object value)",
           static=True),
    method("Reverse", _array_reverse, "static void Reverse(array array)", static=True),
    method("Sort", _array_sort, "static void Sort(array array)", static=True),
])

BITCONVERTER = MemberTable.of("System.BitConverter", [
    method("ToString", lambda b, *_: "-".join(f"{x:02X}" for x in _bytes(b)),
           "static string ToString(byte[] value)", static=True),
])


register_static_table("System.Convert", CONVERT)
register_static_table("System.Text.Encoding", ENCODING)
register_static_table("System.Text.RegularExpressions.Regex", REGEX)
register_static_table("System.IO.Path", PATH)
register_static_table("System.Environment", ENVIRONMENT)
register_static_table("System.Array", ARRAY)
register_static_table("System.BitConverter", BITCONVERTER)
register_instance_table(Encoding, ENCODING_INSTANCE)
