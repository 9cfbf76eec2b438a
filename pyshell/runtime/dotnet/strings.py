"""System.String (and System.Char) instance members.

.NET string methods are case-sensitive (ordinal) unless a StringComparison says otherwise,
unlike PowerShell's operators: `'Hello'.Contains('hello')` is False.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, cast

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet.table import MemberTable, method, prop, register_instance_table
from pyshell.runtime.errors import ArgumentNullException, ArgumentOutOfRangeException
from pyshell.runtime.values import Char, TypedArray, is_collection

_NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]

__all__ = ["STRING_TABLE", "ignore_case", "string_args", "split_where"]


def _int(value: Any) -> int:
    return int(cv.to_int(value))


def _str(value: Any) -> str:
    return cv.to_string(value)


def ignore_case(comparison: Any) -> bool:
    """Whether a StringComparison argument (`'OrdinalIgnoreCase'`, an enum) ignores case."""
    if comparison is None:
        return False
    if isinstance(comparison, bool):
        return comparison
    text = getattr(comparison, "name", None) or cv.to_string(comparison)
    return "ignorecase" in text.lower()


def string_args(value: Any) -> list[str]:
    """A string or an array of separators/characters as a list of strings."""
    if is_collection(value):
        return [_str(v) for v in value]
    return [_str(value)]


def _check_range(condition: bool, text: str, parameter: str) -> None:
    if not condition:
        raise ArgumentOutOfRangeException(f"{text} (Parameter '{parameter}')")


def _substring(s: str, start: Any, length: Any = None) -> str:
    begin = _int(start)
    _check_range(0 <= begin <= len(s), "startIndex cannot be larger than length of string.",
                 "startIndex")
    if length is None:
        return s[begin:]
    count = _int(length)
    _check_range(count >= 0 and begin + count <= len(s),
                 "Index and length must refer to a location within the string.", "length")
    return s[begin:begin + count]


def _fold(s: str, comparison: Any) -> str:
    return s.lower() if ignore_case(comparison) else s


def _index_of(s: str, value: Any, start: Any = 0, count_or_cmp: Any = None,
              comparison: Any = None) -> int:
    needle = _str(value)
    begin = _int(start) if not isinstance(start, str) or start.isdigit() else 0
    cmp = comparison
    if isinstance(start, str) and not start.isdigit():
        cmp = start
    end = len(s)
    if count_or_cmp is not None:
        if isinstance(count_or_cmp, str) and not count_or_cmp.isdigit():
            cmp = count_or_cmp
        else:
            end = begin + _int(count_or_cmp)
    _check_range(0 <= begin <= len(s), "Index was out of range. Must be non-negative and less "
                 "than or equal to the size of the collection.", "startIndex")
    return _fold(s, cmp).find(_fold(needle, cmp), begin, end)


def _last_index_of(s: str, value: Any, start: Any = None, comparison: Any = None) -> int:
    needle = _str(value)
    cmp = comparison
    end = len(s)
    if start is not None:
        if isinstance(start, str) and not start.isdigit():
            cmp = start
        else:
            end = _int(start) + 1
    return _fold(s, cmp).rfind(_fold(needle, cmp), 0, end)


def _index_of_any(s: str, chars: Any, start: Any = 0) -> int:
    wanted = set("".join(string_args(chars)))
    begin = _int(start)
    return next((i for i in range(begin, len(s)) if s[i] in wanted), -1)


def _trim_chars(chars: tuple[Any, ...]) -> Optional[str]:
    if not chars:
        return None
    return "".join("".join(string_args(c)) for c in chars)


def _trim(s: str, *chars: Any) -> str:
    return s.strip(_trim_chars(chars))


def _trim_start(s: str, *chars: Any) -> str:
    return s.lstrip(_trim_chars(chars))


def _trim_end(s: str, *chars: Any) -> str:
    return s.rstrip(_trim_chars(chars))


def _split_options(value: Any) -> tuple[bool, bool]:
    text = (getattr(value, "name", None) or cv.to_string(value)).lower()
    return "removeemptyentries" in text, "trimentries" in text


def _split(s: str, *args: Any) -> list[str]:
    """String.Split: no argument splits on white space; a string or character array gives
    the separators; then an optional count and/or StringSplitOptions."""
    separators: list[str] = []
    count = -1
    remove_empty = trim = False
    rest = list(args)
    if rest:
        first = rest.pop(0)
        separators = [sep for sep in string_args(first) if sep != ""] if first is not None else []
    for arg in rest:
        if isinstance(arg, int) and not isinstance(arg, bool):
            count = int(arg)
        elif isinstance(arg, str) and arg.strip().lstrip("-").isdigit():
            count = int(arg)
        else:
            remove_empty, trim = _split_options(arg)
    if not separators:
        pieces = split_where(s, str.isspace, max(count, 0))
    else:
        pieces = _split_on(s, separators, count)
    if trim:
        pieces = [p.strip() for p in pieces]
    if remove_empty:
        pieces = [p for p in pieces if p]
    return pieces


def split_where(text: str, is_separator: Any, limit: int = 0) -> list[str]:
    """Split at every character the predicate picks, into at most `limit` pieces (0: no
    limit); shared by String.Split() on white space and `-split` with a script block."""
    pieces: list[str] = []
    current = ""
    for ch in text:
        if (limit <= 0 or len(pieces) < limit - 1) and is_separator(ch):
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def _split_on(s: str, separators: list[str], count: int) -> list[str]:
    pieces: list[str] = []
    current_start = i = 0
    ordered = sorted(separators, key=len, reverse=True)
    while i < len(s):
        if count >= 0 and len(pieces) >= count - 1:
            break
        sep = next((p for p in ordered if s.startswith(p, i)), None)
        if sep is None:
            i += 1
            continue
        pieces.append(s[current_start:i])
        i += len(sep)
        current_start = i
    pieces.append(s[current_start:])
    return pieces


def _replace(s: str, old: Any, new: Any, *rest: Any) -> str:
    old_text = _str(old)
    if old_text == "":
        raise ArgumentOutOfRangeException("String cannot be of zero length. (Parameter 'oldValue')")
    new_text = _str(new)
    if rest and ignore_case(rest[-1]):
        import re
        return re.sub(re.escape(old_text), lambda m: new_text, s, flags=re.IGNORECASE)
    return s.replace(old_text, new_text)


def _pad_left(s: str, width: Any, char: Any = " ") -> str:
    return s.rjust(_int(width), str(cv.to_char(char)))


def _pad_right(s: str, width: Any, char: Any = " ") -> str:
    return s.ljust(_int(width), str(cv.to_char(char)))


def _insert(s: str, index: Any, value: Any) -> str:
    at = _int(index)
    _check_range(0 <= at <= len(s), "Index was out of range. Must be non-negative and less "
                 "than or equal to the size of the collection.", "startIndex")
    if value is None:
        raise ArgumentNullException("Value cannot be null. (Parameter 'value')")
    return s[:at] + _str(value) + s[at:]


def _remove(s: str, start: Any, count: Any = None) -> str:
    begin = _int(start)
    _check_range(0 <= begin <= len(s), "startIndex must be less than length of string.",
                 "startIndex")
    if count is None:
        return s[:begin]
    n = _int(count)
    _check_range(n >= 0 and begin + n <= len(s),
                 "Index and count must refer to a location within the string.", "count")
    return s[:begin] + s[begin + n:]


def _contains(s: str, value: Any, comparison: Any = None) -> bool:
    return _fold(_str(value), comparison) in _fold(s, comparison)


def _starts_with(s: str, value: Any, comparison: Any = None) -> bool:
    return _fold(s, comparison).startswith(_fold(_str(value), comparison))


def _ends_with(s: str, value: Any, comparison: Any = None) -> bool:
    return _fold(s, comparison).endswith(_fold(_str(value), comparison))


def _equals(s: str, value: Any, comparison: Any = None) -> bool:
    if not isinstance(value, str):
        return False
    return _fold(s, comparison) == _fold(value, comparison)


def _compare_to(s: str, value: Any) -> int:
    from pyshell.runtime.operators import compare_values

    if value is None:
        return 1
    return compare_values(s, _str(value), case_sensitive=True)


def _to_char_array(s: str, *args: Any) -> TypedArray:
    from pyshell.runtime.types import resolve_type

    text = _substring(s, *args) if args else s
    return TypedArray((Char(c) for c in text), resolve_type("char"))


def _chars(s: str, index: Any) -> Char:
    i = _int(index)
    if not 0 <= i < len(s):
        from pyshell.runtime.errors import IndexOutOfRangeException
        raise IndexOutOfRangeException("Index was outside the bounds of the array.")
    return Char(s[i])


def _normalize(s: str, form: Any = "FormC") -> str:
    import unicodedata

    name = (getattr(form, "name", None) or cv.to_string(form)).upper().replace("FORM", "NF")
    form_name = name if name in ("NFC", "NFD", "NFKC", "NFKD") else "NFC"
    return unicodedata.normalize(cast(_NormalForm, form_name), s)


STRING_TABLE = MemberTable.of("System.String", [
    prop("Length", "int", len),
    method("Clone", lambda s: s, "System.Object Clone()"),
    method("CompareTo", _compare_to, "int CompareTo(System.Object value)",
           "int CompareTo(string strB)"),
    method("Contains", _contains, "bool Contains(string value)",
           "bool Contains(string value, System.StringComparison comparisonType)",
           "bool Contains(char value)"),
    method("EndsWith", _ends_with, "bool EndsWith(string value)",
           "bool EndsWith(string value, System.StringComparison comparisonType)"),
    method("Equals", _equals, "bool Equals(System.Object obj)", "bool Equals(string value)",
           "bool Equals(string value, System.StringComparison comparisonType)"),
    method("Chars", _chars, "char Chars(int index) {get;}"),
    method("get_Chars", _chars, "char get_Chars(int index)"),
    method("IndexOf", _index_of, "int IndexOf(string value)",
           "int IndexOf(string value, int startIndex)",
           "int IndexOf(string value, int startIndex, int count)",
           "int IndexOf(string value, System.StringComparison comparisonType)"),
    method("IndexOfAny", _index_of_any, "int IndexOfAny(char[] anyOf)",
           "int IndexOfAny(char[] anyOf, int startIndex)"),
    method("Insert", _insert, "string Insert(int startIndex, string value)"),
    method("LastIndexOf", _last_index_of, "int LastIndexOf(string value)",
           "int LastIndexOf(string value, int startIndex)"),
    method("Normalize", _normalize, "string Normalize()",
           "string Normalize(System.Text.NormalizationForm normalizationForm)"),
    method("PadLeft", _pad_left, "string PadLeft(int totalWidth)",
           "string PadLeft(int totalWidth, char paddingChar)"),
    method("PadRight", _pad_right, "string PadRight(int totalWidth)",
           "string PadRight(int totalWidth, char paddingChar)"),
    method("Remove", _remove, "string Remove(int startIndex, int count)",
           "string Remove(int startIndex)"),
    method("Replace", _replace, "string Replace(string oldValue, string newValue)",
           "string Replace(string oldValue, string newValue, System.StringComparison "
           "comparisonType)"),
    method("Split", _split, "string[] Split(string separator, System.StringSplitOptions "
           "options)", "string[] Split(char[] separator)",
           "string[] Split(string separator, int count, System.StringSplitOptions options)"),
    method("StartsWith", _starts_with, "bool StartsWith(string value)",
           "bool StartsWith(string value, System.StringComparison comparisonType)"),
    method("Substring", _substring, "string Substring(int startIndex)",
           "string Substring(int startIndex, int length)"),
    method("ToCharArray", _to_char_array, "char[] ToCharArray()",
           "char[] ToCharArray(int startIndex, int length)"),
    method("ToLower", lambda s, *_: s.lower(), "string ToLower()",
           "string ToLower(cultureinfo culture)"),
    method("ToLowerInvariant", lambda s: s.lower(), "string ToLowerInvariant()"),
    method("ToUpper", lambda s, *_: s.upper(), "string ToUpper()",
           "string ToUpper(cultureinfo culture)"),
    method("ToUpperInvariant", lambda s: s.upper(), "string ToUpperInvariant()"),
    method("Trim", _trim, "string Trim()", "string Trim(char trimChar)",
           "string Trim(Params char[] trimChars)"),
    method("TrimEnd", _trim_end, "string TrimEnd()", "string TrimEnd(char trimChar)",
           "string TrimEnd(Params char[] trimChars)"),
    method("TrimStart", _trim_start, "string TrimStart()", "string TrimStart(char trimChar)",
           "string TrimStart(Params char[] trimChars)"),
])

CHAR_TABLE = MemberTable.of("System.Char", [
    method("CompareTo", lambda c, other: (str(c) > _str(other)) - (str(c) < _str(other)),
           "int CompareTo(System.Object value)", "int CompareTo(char value)"),
    method("Equals", lambda c, other: isinstance(other, str) and str(c) == str(other),
           "bool Equals(System.Object obj)", "bool Equals(char obj)"),
])

register_instance_table(str, STRING_TABLE)
register_instance_table(Char, CHAR_TABLE)
