"""The PSObject layer: properties of records and custom objects, member-access enumeration,
methods of .NET types, the intrinsic Where/ForEach, Get-Member's view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from attrs import field, frozen

from pyshell.runtime.errors import MethodInvocationException, RuntimeException
from pyshell.runtime.members import (
    MemberInfo, MemberType, PSObject, get_members, get_properties, get_property_value,
    invoke_method, set_property_value, type_names,
)
from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import DictionaryEntry, GenericList, Hashtable, OrderedDictionary


@frozen
class VirtualMachine:
    __ps_typenames__ = ("Microsoft.HyperV.PowerShell.VirtualMachine",)
    __ps_aliases__ = {"VMName": "Name"}
    name: str
    cpu_usage: int = field(default=0, metadata={"ps_name": "CPUUsage"})
    memory_startup: int = 0
    internal: object = field(default=None, metadata={"ps_hidden": True})


class Block:
    """A stand-in for ScriptBlock: `invoke(*args, dollar_under=...)` returns a list."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def invoke(self, *args: Any, dollar_under: Any = None, this: Any = None) -> list:
        return [self.fn(dollar_under if this is None else this, *args)]


class TestRecords:
    def test_fields_become_pascal_case_properties_in_order(self) -> None:
        vm = VirtualMachine("web1", 5, 1024)
        names = [(p.name, str(p.member_type)) for p in get_properties(vm)]
        assert names == [("Name", "Property"), ("CPUUsage", "Property"),
                         ("MemoryStartup", "Property"), ("VMName", "AliasProperty")]

    def test_access_is_case_insensitive_and_aliases_follow(self) -> None:
        vm = VirtualMachine("web1")
        assert get_property_value(vm, "name") == "web1"
        assert get_property_value(vm, "VMNAME") == "web1"
        assert get_property_value(vm, "internal") is None
        assert get_property_value(vm, "missing") is None

    def test_type_names(self) -> None:
        assert type_names(VirtualMachine("x")) == ("Microsoft.HyperV.PowerShell.VirtualMachine",
                                                  "System.Object")
        assert type_names(5) == ("System.Int32", "System.ValueType", "System.Object")
        assert type_names(PSObject()) == ("System.Management.Automation.PSCustomObject",
                                          "System.Object")

    def test_records_are_read_only(self) -> None:
        with pytest.raises(RuntimeException, match="'Name' is a ReadOnly property."):
            set_property_value(VirtualMachine("x"), "Name", "y")


class TestPSObject:
    def test_note_properties_keep_order_and_case(self) -> None:
        obj = PSObject.from_pairs([("b", 1), ("A", 2)])
        assert [p.name for p in get_properties(obj)] == ["b", "A"]
        assert get_property_value(obj, "a") == 2
        set_property_value(obj, "B", 5)
        assert get_property_value(obj, "b") == 5
        assert [p.name for p in get_properties(obj)] == ["b", "A"]

    def test_setting_a_missing_property_fails(self) -> None:
        with pytest.raises(RuntimeException, match="The property 'zz' cannot be found"):
            set_property_value(PSObject(), "zz", 1)

    def test_alias_and_script_properties(self) -> None:
        obj = PSObject.from_pairs([("Size", 10)])
        obj.add_member(MemberInfo("Length", MemberType.AliasProperty, target="Size"))
        obj.add_member(MemberInfo("Double", MemberType.ScriptProperty,
                                  getter=Block(lambda this: get_property_value(this, "Size") * 2)))
        assert get_property_value(obj, "length") == 10
        assert get_property_value(obj, "Double") == 20

    def test_script_method(self) -> None:
        obj = PSObject.from_pairs([("n", 3)])
        obj.add_member(MemberInfo("Add", MemberType.ScriptMethod,
                                  script=Block(lambda this, x: get_property_value(this, "n") + x)))
        assert invoke_method(obj, "add", [4]) == 7

    def test_wrapped_value_keeps_its_members(self) -> None:
        wrapped = PSObject.wrap("hello")
        wrapped.add_note_property("Extra", 1)
        assert get_property_value(wrapped, "Length") == 5
        assert get_property_value(wrapped, "Extra") == 1
        assert invoke_method(wrapped, "ToUpper", []) == "HELLO"

    def test_psobject_properties_view(self) -> None:
        obj = PSObject.from_pairs([("one", 1), ("two", 2)])
        properties = get_property_value(get_property_value(obj, "psobject"), "Properties")
        assert get_property_value(properties, "Name") == ["one", "two"]
        assert get_property_value(properties, "Value") == [1, 2]

    def test_string_form(self) -> None:
        assert str(PSObject.from_pairs([("a", 1), ("b", [1, 2])])) == "@{a=1; b=System.Object[]}"


class TestDictionaries:
    def test_keys_read_as_properties(self) -> None:
        h = Hashtable(FirstName="James", IDNum=123)
        assert get_property_value(h, "firstname") == "James"
        assert get_property_value(h, "Count") == 2
        assert get_property_value(h, "missing") is None

    def test_a_key_shadows_a_property(self) -> None:
        assert get_property_value(Hashtable(Count=42), "Count") == 42

    def test_numeric_member_names_find_integer_keys(self) -> None:
        assert get_property_value(Hashtable([(0, "zero")]), "0") == "zero"

    def test_setting_a_property_adds_the_key(self) -> None:
        h = Hashtable(FirstName="James")
        set_property_value(h, "firstname", "John")
        assert dict(h) == {"FirstName": "John"}
        set_property_value(h, "New", 1)
        assert h["new"] == 1

    def test_methods(self) -> None:
        h = Hashtable(a=1)
        invoke_method(h, "Add", ["b", 2])
        assert invoke_method(h, "ContainsKey", ["B"]) is True
        invoke_method(h, "Remove", ["A"])
        assert list(h) == ["b"]
        clone = invoke_method(h, "Clone", [])
        assert clone is not h and dict(clone) == dict(h)
        with pytest.raises(MethodInvocationException, match="Item has already been added"):
            invoke_method(h, "Add", ["B", 3])

    def test_get_enumerator_yields_entries_with_name_alias(self) -> None:
        entries = invoke_method(OrderedDictionary([("x", 1)]), "GetEnumerator", [])
        assert entries == [DictionaryEntry("x", 1)]
        assert get_property_value(entries[0], "Name") == "x"


class TestCollections:
    def test_member_access_enumeration(self) -> None:
        vms = [VirtualMachine("a"), VirtualMachine("b")]
        assert get_property_value(vms, "Name") == ["a", "b"]
        assert get_property_value([VirtualMachine("only")], "Name") == "only"

    def test_count_and_length(self) -> None:
        assert get_property_value([1, 2, 3], "Count") == 3
        assert get_property_value("abc", "Length") == 3
        assert get_property_value(5, "Count") == 1
        assert get_property_value(None, "Count") is None

    def test_method_enumeration(self) -> None:
        assert invoke_method(["a", "b"], "ToUpper", []) == ["A", "B"]

    def test_arrays_are_fixed_size(self) -> None:
        with pytest.raises(MethodInvocationException,
                           match='Exception calling "Add" with "1" argument\\(s\\): "Collection '
                                 'was of a fixed size."'):
            invoke_method([1], "Add", [2])

    def test_array_clear_resets_elements(self) -> None:
        items = [1, 2, 3]
        invoke_method(items, "Clear", [])
        assert items == [None, None, None]

    def test_generic_list(self) -> None:
        items = resolve_type("List[int]").construct([])
        invoke_method(items, "Add", ["5"])
        invoke_method(items, "AddRange", [[1, 2]])
        assert items == [5, 1, 2] and isinstance(items, GenericList)
        assert invoke_method(items, "Remove", [1]) is True
        invoke_method(items, "Sort", [])
        assert items == [2, 5]


class TestStringMethods:
    def test_common_methods(self) -> None:
        s = "Hello World"
        assert invoke_method(s, "ToUpper", []) == "HELLO WORLD"
        assert invoke_method(s, "Substring", [6]) == "World"
        assert invoke_method(s, "Substring", [0, 5]) == "Hello"
        assert invoke_method(s, "IndexOf", ["o"]) == 4
        assert invoke_method(s, "LastIndexOf", ["o"]) == 7
        assert invoke_method(s, "Replace", ["World", "There"]) == "Hello There"
        assert invoke_method(s, "Split", [" "]) == ["Hello", "World"]
        assert invoke_method("  x ", "Trim", []) == "x"
        assert invoke_method("xxaxx", "Trim", ["x"]) == "a"
        assert invoke_method("5", "PadLeft", [3, "0"]) == "005"
        assert invoke_method("ab", "Insert", [1, "-"]) == "a-b"
        assert invoke_method("abcd", "Remove", [1, 2]) == "ad"

    def test_dotnet_methods_are_case_sensitive(self) -> None:
        assert invoke_method("Hello", "Contains", ["hello"]) is False
        assert invoke_method("Hello", "StartsWith", ["he", "OrdinalIgnoreCase"]) is True
        assert invoke_method("Hello", "Equals", ["hello"]) is False

    def test_compare_to_null_is_one(self) -> None:
        assert invoke_method("String", "CompareTo", [None]) == 1

    def test_out_of_range_is_a_method_invocation_exception(self) -> None:
        with pytest.raises(MethodInvocationException) as info:
            invoke_method("abc", "Substring", [5])
        assert str(info.value).startswith('Exception calling "Substring" with "1" argument(s): '
                                          '"startIndex cannot be larger than length of string.')
        assert info.value.error_record.fully_qualified_error_id == "ArgumentOutOfRangeException"

    def test_missing_method_and_null(self) -> None:
        with pytest.raises(RuntimeException, match=r"\[System.String\] does not contain a method "
                                                   r"named 'Nope'"):
            invoke_method("x", "Nope", [])
        with pytest.raises(RuntimeException, match="You cannot call a method on a null-valued "
                                                   "expression."):
            invoke_method(None, "ToString", [])

    def test_split_overloads(self) -> None:
        assert invoke_method("a,,b", "Split", [",", "RemoveEmptyEntries"]) == ["a", "b"]
        assert invoke_method("a b  c", "Split", []) == ["a", "b", "", "c"]
        assert invoke_method("a,b,c", "Split", [",", 2]) == ["a", "b,c"]


class TestIntrinsics:
    def test_where_modes(self) -> None:
        items = [1, 2, 3, 4, 5]
        is_odd = Block(lambda x: x % 2 == 1)
        assert invoke_method(items, "Where", [is_odd]) == [1, 3, 5]
        assert invoke_method(items, "Where", [is_odd, "First"]) == [1]
        assert invoke_method(items, "Where", [is_odd, "Last", 2]) == [3, 5]
        assert invoke_method(items, "Where", [Block(lambda x: x > 2), "SkipUntil"]) == [3, 4, 5]
        assert invoke_method(items, "Where", [Block(lambda x: x > 2), "Until"]) == [1, 2]
        assert invoke_method(items, "Where", [is_odd, "Split"]) == [[1, 3, 5], [2, 4]]

    def test_where_uses_powershell_truth(self) -> None:
        assert invoke_method(["hi", "", "there"], "Where", [Block(lambda x: x)]) == ["hi", "there"]

    def test_foreach_forms(self) -> None:
        assert invoke_method([0, 1, 2, 3], "ForEach", [Block(lambda x: x * x)]) == [0, 1, 4, 9]
        assert invoke_method(["1", "2"], "ForEach", [resolve_type("int")]) == [1, 2]
        assert invoke_method(["ab", "c"], "ForEach", ["Length"]) == [2, 1]
        assert invoke_method(["ab"], "ForEach", ["ToUpper"]) == []  # no property: not set

    def test_foreach_sets_a_property(self) -> None:
        obj = PSObject.from_pairs([("p", 1)])
        invoke_method(obj, "ForEach", ["p", 32])
        assert get_property_value(obj, "p") == 32

    def test_foreach_calls_a_method_with_arguments(self) -> None:
        assert invoke_method(["a.b", "c.d"], "ForEach", ["Split", "."]) == [["a", "b"], ["c", "d"]]

    def test_get_type_and_to_string(self) -> None:
        assert get_property_value(invoke_method([None], "GetType", []), "FullName") == \
            "System.Object[]"
        assert get_property_value(invoke_method(5, "GetType", []), "Name") == "Int32"
        assert invoke_method(1234.5, "ToString", ["N1"]) == "1,234.5"
        assert invoke_method(dt.datetime(2022, 1, 2), "ToString", ["yyyy-MM-dd"]) == "2022-01-02"
        assert invoke_method([1, 2], "ToString", []) == "System.Object[]"


class TestDatesAndTimes:
    def test_datetime_members(self) -> None:
        d = dt.datetime(2022, 11, 23, 9, 30)
        assert get_property_value(d, "Year") == 2022
        assert str(get_property_value(d, "DayOfWeek")) == "DayOfWeek.Wednesday" or \
            get_property_value(d, "DayOfWeek").name == "Wednesday"
        assert invoke_method(d, "AddDays", [1.5]) == dt.datetime(2022, 11, 24, 21, 30)
        assert invoke_method(d, "AddMonths", [3]) == dt.datetime(2023, 2, 23, 9, 30)

    def test_timespan_components_carry_the_sign(self) -> None:
        span = -dt.timedelta(minutes=90)
        assert get_property_value(span, "Hours") == -1
        assert get_property_value(span, "Minutes") == -30
        assert get_property_value(span, "TotalMinutes") == -90.0


class TestGetMember:
    def test_custom_object_members_sorted_by_type_then_name(self) -> None:
        rows = [(m.name, str(m.member_type), m.definition)
                for m in get_members(PSObject.from_pairs([("b", "x"), ("a", 1)]))]
        assert rows == [
            ("Equals", "Method", "bool Equals(System.Object obj)"),
            ("GetHashCode", "Method", "int GetHashCode()"),
            ("GetType", "Method", "type GetType()"),
            ("ToString", "Method", "string ToString()"),
            ("a", "NoteProperty", "int a=1"),
            ("b", "NoteProperty", "string b=x"),
        ]

    def test_string_members(self) -> None:
        members = {m.name: m for m in get_members("abc")}
        assert members["Length"].definition == "int Length {get;}"
        assert str(members["ToUpper"].member_type) == "Method"
        assert members["ToUpper"].definition.startswith("string ToUpper()")

    def test_record_members(self) -> None:
        members = {m.name: m for m in get_members(VirtualMachine("x"))}
        assert members["Name"].definition == "string Name {get;}"
        assert str(members["VMName"].member_type) == "AliasProperty"


class TestPlainClasses:
    def test_pascal_case_python_properties_are_members(self) -> None:
        class Variable:
            def __init__(self) -> None:
                self.value = 1

            @property
            def Value(self) -> int:  # noqa: N802 - a .NET member name
                return self.value

            @Value.setter
            def Value(self, new: int) -> None:  # noqa: N802
                self.value = new

            @property
            def lower(self) -> int:
                return 0

        variable = Variable()
        assert get_property_value(variable, "value") == 1
        set_property_value(variable, "Value", 2)
        assert variable.value == 2
        assert [p.name for p in get_properties(variable)] == ["Value"]
        assert get_property_value(variable, "lower") is None


def test_void_methods_write_nothing() -> None:
    from pyshell.runtime.values import AUTOMATION_NULL

    items = resolve_type("List[string]").construct([])
    assert invoke_method(items, "Add", ["x"]) is AUTOMATION_NULL
    assert invoke_method(Hashtable(), "Add", ["k", 1]) is AUTOMATION_NULL
    untyped = resolve_type("System.Collections.ArrayList").construct([])
    assert invoke_method(untyped, "Add", ["x"]) == 0  # ArrayList.Add returns the index
    assert invoke_method("abc", "IndexOf", ["z"]) == -1


def test_a_method_without_parentheses_shows_its_overloads() -> None:
    from pyshell.runtime.conversion import to_string

    method = get_property_value("abc", "ToUpper")
    assert to_string(method).startswith("string ToUpper()")
    assert get_property_value(method, "OverloadDefinitions")[0] == "string ToUpper()"
    assert invoke_method(method, "Invoke", []) == "ABC"
    assert get_property_value("abc", "NoSuchMember") is None
    assert get_property_value(Hashtable(), "Add") is not None  # a method, not a key
