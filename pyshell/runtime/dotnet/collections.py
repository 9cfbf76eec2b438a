"""Members of arrays, generic lists and sets, and dictionaries.

PowerShell arrays are fixed-size: `Add` on an `Object[]` fails with .NET's "Collection was of
a fixed size." (scripts use `+=` or a `List[T]`); `Clear()` resets every element to `$null`.
"""

from __future__ import annotations

from typing import Any

from pyshell.runtime import conversion as cv
from pyshell.runtime.dotnet.table import (
    MemberTable, Method, Property, method, prop, register_instance_table,
)
from pyshell.runtime.errors import (
    ArgumentException, ArgumentOutOfRangeException, NotSupportedException,
)
from pyshell.runtime.values import (
    GenericDictionary, GenericHashSet, GenericList, Hashtable, TypedArray, dictionary_entries,
    is_collection,
)

__all__ = ["ARRAY_TABLE", "LIST_TABLE", "HASHSET_TABLE", "DICTIONARY_TABLE"]


def _same(a: Any, b: Any) -> bool:
    # .NET Equals: no conversion between types (1 and '1' differ), strings case-sensitive.
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                       and not isinstance(a, bool) and not isinstance(b, bool)):
        return False
    return bool(a == b)


def _fixed_size(*_: Any) -> None:
    raise NotSupportedException("Collection was of a fixed size.")


def _index_of(items: list[Any], value: Any, start: Any = 0) -> int:
    begin = int(cv.to_int(start))
    return next((i for i in range(begin, len(items)) if _same(items[i], value)), -1)


def _last_index_of(items: list[Any], value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if _same(items[i], value)), -1)


def _contains(items: Any, value: Any) -> bool:
    return any(_same(item, value) for item in items)


def _clear_array(items: list[Any]) -> None:
    default = None
    element = getattr(items, "element_type", None)
    if element is not None and element.full_name != "System.Object":
        try:
            default = element.converter(None)
        except Exception:  # noqa: BLE001 - reference types have no default but $null
            default = None
    for i in range(len(items)):
        items[i] = default


def _element(items: Any, value: Any) -> Any:
    element = getattr(items, "element_type", None)
    if element is None or element.full_name == "System.Object":
        return value
    return element.convert(value)


def _list_add(items: list[Any], value: Any) -> Any:
    items.append(_element(items, value))
    # ArrayList.Add (an untyped list) returns the new index, which scripts see as output
    # unless they cast to [void]; List[T].Add returns nothing.
    return len(items) - 1 if getattr(items, "element_type", None) is None else None


def _list_add_range(items: list[Any], values: Any) -> None:
    source = list(values) if is_collection(values) else [values]
    items.extend(_element(items, v) for v in source)


def _list_insert(items: list[Any], index: Any, value: Any) -> None:
    at = int(cv.to_int(index))
    if not 0 <= at <= len(items):
        raise ArgumentOutOfRangeException(
            "Index must be within the bounds of the List. (Parameter 'index')")
    items.insert(at, _element(items, value))


def _list_remove(items: list[Any], value: Any) -> bool:
    at = _index_of(items, value)
    if at < 0:
        return False
    del items[at]
    return True


def _list_remove_at(items: list[Any], index: Any) -> None:
    at = int(cv.to_int(index))
    if not 0 <= at < len(items):
        raise ArgumentOutOfRangeException("Index was out of range. Must be non-negative and "
                                          "less than the size of the collection. "
                                          "(Parameter 'index')")
    del items[at]


def _list_sort(items: list[Any], *args: Any) -> None:
    import functools

    from pyshell.runtime.operators import compare_values

    items.sort(key=functools.cmp_to_key(lambda a, b: compare_values(a, b, case_sensitive=True)))


def _to_array(items: Any) -> Any:
    element = getattr(items, "element_type", None)
    if element is None or element.full_name == "System.Object":
        return list(items)
    return TypedArray(items, element)


def _get_range(items: list[Any], index: Any, count: Any) -> GenericList:
    start, n = int(cv.to_int(index)), int(cv.to_int(count))
    return GenericList(items[start:start + n], getattr(items, "element_type", None))


def _copy_array(items: Any) -> Any:
    return items.copy() if hasattr(items, "copy") else list(items)


_ARRAY_MEMBERS: list[Property | Method] = [
    prop("Count", "int", len),
    prop("Length", "int", len),
    prop("LongLength", "long", len),
    prop("Rank", "int", lambda items: 1),
    prop("IsFixedSize", "bool", lambda items: True),
    prop("IsReadOnly", "bool", lambda items: False),
    prop("IsSynchronized", "bool", lambda items: False),
    prop("SyncRoot", "System.Object", lambda items: items),
    method("Add", _fixed_size, "int IList.Add(System.Object value)"),
    method("Clear", _clear_array, "void IList.Clear()"),
    method("Clone", _copy_array, "System.Object Clone()"),
    method("Contains", _contains, "bool IList.Contains(System.Object value)"),
    method("CopyTo", lambda items, target, index=0: target.__setitem__(
        slice(int(index), int(index) + len(items)), list(items)),
        "void CopyTo(array array, int index)"),
    method("GetValue", lambda items, index: items[int(cv.to_int(index))],
           "System.Object GetValue(int index)"),
    method("IndexOf", _index_of, "int IList.IndexOf(System.Object value)"),
    method("Insert", _fixed_size, "void IList.Insert(int index, System.Object value)"),
    method("Remove", _fixed_size, "void IList.Remove(System.Object value)"),
    method("RemoveAt", _fixed_size, "void IList.RemoveAt(int index)"),
    method("SetValue", lambda items, value, index: items.__setitem__(int(cv.to_int(index)),
                                                                     value),
           "void SetValue(System.Object value, int index)"),
]
ARRAY_TABLE = MemberTable.of("System.Object[]", _ARRAY_MEMBERS)

LIST_TABLE = MemberTable.of("System.Collections.Generic.List", [
    prop("Count", "int", len),
    prop("Capacity", "int", len),
    method("Add", _list_add, "void Add(T item)"),
    method("AddRange", _list_add_range, "void AddRange(System.Collections.Generic.IEnumerable[T] "
           "collection)"),
    method("Clear", lambda items: items.clear(), "void Clear()"),
    method("Contains", _contains, "bool Contains(T item)"),
    method("GetRange", _get_range, "System.Collections.Generic.List[T] GetRange(int index, "
           "int count)"),
    method("IndexOf", _index_of, "int IndexOf(T item)", "int IndexOf(T item, int index)"),
    method("Insert", _list_insert, "void Insert(int index, T item)"),
    method("LastIndexOf", _last_index_of, "int LastIndexOf(T item)"),
    method("Remove", _list_remove, "bool Remove(T item)"),
    method("RemoveAt", _list_remove_at, "void RemoveAt(int index)"),
    method("Reverse", lambda items: items.reverse(), "void Reverse()"),
    method("Sort", _list_sort, "void Sort()"),
    method("ToArray", _to_array, "T[] ToArray()"),
])


def _set_union(items: GenericHashSet, other: Any) -> None:
    for value in (other if is_collection(other) else [other]):
        items.add(value)


def _set_intersect(items: GenericHashSet, other: Any) -> None:
    keep = list(other) if is_collection(other) else [other]
    items[:] = [v for v in items if v in keep]


def _set_except(items: GenericHashSet, other: Any) -> None:
    drop = list(other) if is_collection(other) else [other]
    items[:] = [v for v in items if v not in drop]


HASHSET_TABLE = MemberTable.of("System.Collections.Generic.HashSet", [
    prop("Count", "int", len),
    method("Add", lambda items, value: items.add(_element(items, value)), "bool Add(T item)"),
    method("Clear", lambda items: items.clear(), "void Clear()"),
    method("Contains", lambda items, value: value in items, "bool Contains(T item)"),
    method("ExceptWith", _set_except, "void ExceptWith(System.Collections.Generic.IEnumerable[T] "
           "other)"),
    method("IntersectWith", _set_intersect, "void IntersectWith(System.Collections.Generic."
           "IEnumerable[T] other)"),
    method("Remove", _list_remove, "bool Remove(T item)"),
    method("UnionWith", _set_union, "void UnionWith(System.Collections.Generic.IEnumerable[T] "
           "other)"),
])


def _dict_add(table: dict[Any, Any], key: Any, value: Any) -> None:
    if key is None:
        from pyshell.runtime.errors import ArgumentNullException
        raise ArgumentNullException("Key cannot be null. (Parameter 'key')")
    if key in table:
        stored = table.stored_key(key) if isinstance(table, Hashtable) else key
        raise ArgumentException(f"Item has already been added. Key in dictionary: "
                                f"'{cv.to_string(stored)}'  Key being added: "
                                f"'{cv.to_string(key)}'")
    table[key] = value


def _dict_remove(table: dict[Any, Any], key: Any) -> Any:
    existed = key in table
    table.pop(key, None)
    # Hashtable.Remove is void; Dictionary.Remove returns whether the key was there.
    return existed if isinstance(table, GenericDictionary) else None


def _dict_clone(table: dict[Any, Any]) -> dict[Any, Any]:
    return table.copy()


def _enumerator(table: dict[Any, Any]) -> list[Any]:
    return dictionary_entries(table)


def _contains_value(table: dict[Any, Any], value: Any) -> bool:
    return any(_same(v, value) for v in table.values())


DICTIONARY_TABLE = MemberTable.of("System.Collections.Hashtable", [
    prop("Count", "int", len),
    prop("IsFixedSize", "bool", lambda t: False),
    prop("IsReadOnly", "bool", lambda t: False),
    prop("IsSynchronized", "bool", lambda t: False),
    prop("Keys", "System.Collections.ICollection", lambda t: list(t.keys())),
    prop("SyncRoot", "System.Object", lambda t: t),
    prop("Values", "System.Collections.ICollection", lambda t: list(t.values())),
    method("Add", _dict_add, "void Add(System.Object key, System.Object value)"),
    method("Clear", lambda t: t.clear(), "void Clear()"),
    method("Clone", _dict_clone, "System.Object Clone()"),
    method("Contains", lambda t, key: key in t, "bool Contains(System.Object key)"),
    method("ContainsKey", lambda t, key: key in t, "bool ContainsKey(System.Object key)"),
    method("ContainsValue", _contains_value, "bool ContainsValue(System.Object value)"),
    method("GetEnumerator", _enumerator,
           "System.Collections.IDictionaryEnumerator GetEnumerator()"),
    method("Remove", _dict_remove, "void Remove(System.Object key)"),
    method("TryGetValue", lambda t, key, *_: t.get(key), "bool TryGetValue(TKey key, "
           "[ref] TValue value)"),
])

register_instance_table(list, ARRAY_TABLE)
register_instance_table(tuple, ARRAY_TABLE)
register_instance_table(GenericList, LIST_TABLE)
register_instance_table(GenericHashSet, HASHSET_TABLE)
register_instance_table(dict, DICTIONARY_TABLE)
