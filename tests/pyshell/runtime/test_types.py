"""Type literals: resolution, `-is` checks, static members and constructors."""

from __future__ import annotations

import datetime as dt
import enum
import random
import uuid
from decimal import Decimal

import pytest
from attrs import frozen

from pyshell.runtime.conversion import dotnet_type_name
from pyshell.runtime.errors import MethodInvocationException, RuntimeException
from pyshell.runtime.types import register_type, resolve_type, type_of
from pyshell.runtime.values import Byte, GenericDictionary, GenericList, Int64, TypedArray


def T(name: str):  # noqa: N802 - reads like the PowerShell literal
    found = resolve_type(name)
    assert found is not None, name
    return found


class TestResolution:
    @pytest.mark.parametrize("name, full", [
        ("int", "System.Int32"), ("System.Int32", "System.Int32"), ("INT32", "System.Int32"),
        ("long", "System.Int64"), ("bigint", "System.Numerics.BigInteger"),
        ("string", "System.String"), ("hashtable", "System.Collections.Hashtable"),
        ("ordered", "System.Collections.Specialized.OrderedDictionary"),
        ("pscustomobject", "System.Management.Automation.PSCustomObject"),
        ("psobject", "System.Management.Automation.PSObject"), ("datetime", "System.DateTime"),
        ("timespan", "System.TimeSpan"), ("guid", "System.Guid"), ("version", "System.Version"),
        ("regex", "System.Text.RegularExpressions.Regex"), ("math", "System.Math"),
        ("scriptblock", "System.Management.Automation.ScriptBlock"), ("switch",
         "System.Management.Automation.SwitchParameter"), ("Text.Encoding", "System.Text.Encoding"),
        ("[int]", "System.Int32"), ("DivideByZeroException", "System.DivideByZeroException"),
    ])
    def test_accelerators_and_full_names(self, name: str, full: str) -> None:
        assert T(name).full_name == full

    def test_arrays_and_generics(self) -> None:
        assert T("string[]").full_name == "System.String[]"
        assert T("string[]").name == "String[]"
        assert T("object[]").full_name == "System.Object[]"
        assert T("List[int]").full_name == "System.Collections.Generic.List`1[System.Int32]"
        assert T("Dictionary[string,int]").name == "Dictionary`2"
        assert T("System.Collections.Generic.HashSet[string]").full_name.startswith(
            "System.Collections.Generic.HashSet`1")

    def test_unknown(self) -> None:
        assert resolve_type("NoSuchType") is None
        assert resolve_type("List[NoSuchType]") is None


class TestIsInstance:
    def test_numbers_are_exact_types(self) -> None:
        assert T("int").is_instance(5)
        assert not T("int").is_instance(Int64(5))
        assert T("long").is_instance(2**40)
        assert T("double").is_instance(1.5)
        assert not T("int").is_instance(True)

    def test_arrays(self) -> None:
        assert T("array").is_instance([1])
        assert T("object[]").is_instance([1])
        ints = TypedArray([1], T("int"))
        assert T("int[]").is_instance(ints) and not T("string[]").is_instance(ints)
        assert not T("object[]").is_instance(ints)

    def test_null_is_nothing(self) -> None:
        assert not T("object").is_instance(None)


class VMState(enum.Enum):
    __ps_typenames__ = ("Microsoft.HyperV.PowerShell.VMState",)
    Other = 1
    Running = 2
    Off = 3


@frozen
class VirtualMachine:
    __ps_typenames__ = ("Microsoft.HyperV.PowerShell.VirtualMachine",)
    name: str


class TestModuleTypes:
    def test_registered_enum(self) -> None:
        ps_type = register_type(VMState)
        assert resolve_type("Microsoft.HyperV.PowerShell.VMState") is ps_type
        assert resolve_type("VMState") is ps_type
        assert ps_type.convert("running") is VMState.Running
        assert ps_type.is_instance(VMState.Off)
        assert ps_type.get_static("Off") is VMState.Off
        assert T("enum").invoke_static("GetNames", [ps_type]) == ["Other", "Running", "Off"]
        assert T("enum").invoke_static("Parse", [ps_type, "OFF"]) is VMState.Off

    def test_registered_record(self) -> None:
        ps_type = register_type(VirtualMachine)
        vm = VirtualMachine("web1")
        assert ps_type.is_instance(vm)
        assert ps_type.convert(vm) is vm
        assert type_of(vm).full_name == "Microsoft.HyperV.PowerShell.VirtualMachine"
        with pytest.raises(RuntimeException):
            ps_type.convert("web1")


class Clock:
    def now(self) -> dt.datetime:
        return dt.datetime(2022, 11, 23, 9, 0, 0)


class Context:
    clock = Clock()
    random = random.Random(0)


class TestStatics:
    def test_numeric_limits(self) -> None:
        assert T("int").get_static("MaxValue") == 2**31 - 1
        assert dotnet_type_name(T("long").get_static("MinValue")) == "System.Int64"
        assert dotnet_type_name(T("byte").get_static("MaxValue")) == "System.Byte"
        assert T("double").get_static("NaN") != T("double").get_static("NaN")

    def test_math(self) -> None:
        math = T("math")
        assert math.invoke_static("Round", [2.5]) == 2.0
        assert math.invoke_static("Round", [3.5]) == 4.0
        assert math.invoke_static("Round", [2.345, 2]) == 2.35  # 234.50000000000003 scaled
        assert math.invoke_static("Round", [1.005, 2]) == 1.0  # 100.49999999999999 scaled
        assert math.invoke_static("Round", [2.5, "AwayFromZero"]) == 3.0
        assert math.invoke_static("Floor", [-1.5]) == -2.0
        assert math.invoke_static("Ceiling", [1.2]) == 2.0
        assert math.invoke_static("Max", [3, 7]) == 7
        assert math.invoke_static("Pow", [2, 10]) == 1024.0
        assert math.invoke_static("Sqrt", [16]) == 4.0
        assert math.invoke_static("Abs", [-5]) == 5
        assert math.invoke_static("Truncate", [-2.7]) == -2.0
        assert math.get_static("PI") == pytest.approx(3.14159265)

    def test_string(self) -> None:
        s = T("string")
        assert s.invoke_static("Join", [", ", [1, 2, 3]]) == "1, 2, 3"
        assert s.invoke_static("Join", ["-", "a", "b"]) == "a-b"
        assert s.invoke_static("IsNullOrEmpty", [""]) is True
        assert s.invoke_static("IsNullOrWhiteSpace", ["  "]) is True
        assert s.invoke_static("Format", ["{0}-{1}", 1, 2]) == "1-2"
        assert s.get_static("Empty") == ""
        assert s.invoke_static("Concat", ["a", 1]) == "a1"

    def test_parse_failure_is_a_method_invocation_exception(self) -> None:
        with pytest.raises(MethodInvocationException) as info:
            T("int").invoke_static("Parse", ["abc"])
        assert str(info.value) == ('Exception calling "Parse" with "1" argument(s): "The input '
                                   'string \'abc\' was not in a correct format."')
        assert info.value.error_record.fully_qualified_error_id == "FormatException"

    def test_wrong_argument_count(self) -> None:
        with pytest.raises(MethodInvocationException,
                           match='Cannot find an overload for "Round" and the argument count: '
                                 '"0".'):
            T("math").invoke_static("Round", [])

    def test_missing_static_method(self) -> None:
        with pytest.raises(RuntimeException, match=r"\[System.Math\] does not contain a method "
                                                   r"named 'Nope'"):
            T("math").invoke_static("Nope", [])

    def test_datetime_uses_the_context_clock(self) -> None:
        assert T("datetime").get_static("Now", Context()) == dt.datetime(2022, 11, 23, 9)
        assert T("datetime").get_static("Today", Context()) == dt.datetime(2022, 11, 23)
        assert T("datetime").invoke_static("Parse", ["2022-01-02"]) == dt.datetime(2022, 1, 2)
        assert T("datetime").invoke_static("ParseExact", ["23.11.2022", "dd.MM.yyyy", None]) == \
            dt.datetime(2022, 11, 23)

    def test_guid_uses_the_context_random(self) -> None:
        first = T("guid").invoke_static("NewGuid", [], Context())
        assert isinstance(first, uuid.UUID) and first.version == 4
        again = T("guid").invoke_static("NewGuid", [], type("C", (), {"random": random.Random(0)})())
        assert first == again

    def test_timespan(self) -> None:
        assert T("timespan").invoke_static("FromSeconds", [90]) == dt.timedelta(seconds=90)
        assert T("timespan").invoke_static("FromMinutes", [1.5]) == dt.timedelta(seconds=90)

    def test_convert(self) -> None:
        convert = T("convert")
        data = T("text.encoding").get_static("UTF8").get_bytes("hello")
        assert all(isinstance(b, Byte) for b in data)
        assert convert.invoke_static("ToBase64String", [data]) == "aGVsbG8="
        back = convert.invoke_static("FromBase64String", ["aGVsbG8="])
        assert T("text.encoding").get_static("UTF8").get_string(back) == "hello"
        assert convert.invoke_static("ToInt32", ["ff", 16]) == 255
        assert convert.invoke_static("ToString", [255, 2]) == "11111111"
        assert convert.invoke_static("ToInt32", ["12"]) == 12

    def test_regex_statics(self) -> None:
        regex = T("regex")
        assert regex.invoke_static("Escape", ["a.b*c"]) == r"a\.b\*c"
        assert regex.invoke_static("Replace", ["a1b2", r"\d", "#"]) == "a#b#"
        assert regex.invoke_static("Match", ["abc123", r"\d+"]).value == "123"
        assert [m.value for m in regex.invoke_static("Matches", ["a1b22", r"\d+"])] == ["1", "22"]

    def test_char_and_path(self) -> None:
        assert T("char").invoke_static("IsDigit", ["5"]) is True
        assert T("char").invoke_static("IsLetter", ["5"]) is False
        path = T("System.IO.Path")
        assert path.invoke_static("Combine", ["a", "b", "c.txt"]) == "a/b/c.txt"
        assert path.invoke_static("GetExtension", ["x/y.tar.gz"]) == ".gz"
        assert path.invoke_static("GetFileNameWithoutExtension", ["x/y.txt"]) == "y"


class TestConstructors:
    def test_generic_collections(self) -> None:
        items = T("System.Collections.Generic.List[int]").invoke_static("new", [])
        assert isinstance(items, GenericList) and items == []
        table = T("Dictionary[string,int]").invoke_static("new", [])
        assert isinstance(table, GenericDictionary)

    def test_value_types(self) -> None:
        assert T("datetime").invoke_static("new", [2022, 11, 23]) == dt.datetime(2022, 11, 23)
        assert T("timespan").invoke_static("new", [1, 2, 3]) == dt.timedelta(hours=1, minutes=2,
                                                                            seconds=3)
        assert str(T("version").invoke_static("new", [1, 2])) == "1.2"

    def test_typed_array_of_size(self) -> None:
        array = T("int[]").construct([3])
        assert array == [0, 0, 0] and isinstance(array, TypedArray)

    def test_string_builder(self) -> None:
        from pyshell.runtime.members import invoke_method
        builder = resolve_type("System.Text.StringBuilder").construct([])
        assert invoke_method(builder, "Append", ["a"]) is builder
        invoke_method(builder, "AppendLine", ["b"])
        assert invoke_method(builder, "ToString", []) == "ab\n"

    def test_decimal_statics(self) -> None:
        assert T("decimal").get_static("MaxValue") == Decimal("79228162514264337593543950335")


class TestMoreConstructors:
    def test_exception_types_construct_with_a_message(self) -> None:
        error = resolve_type("ArgumentNullException").construct(["bad"])
        assert str(error) == "bad"
        assert resolve_type("System.ArgumentException").is_instance(error)
        assert not resolve_type("DivideByZeroException").is_instance(error)

    def test_dictionary_enumerates_key_value_pairs(self) -> None:
        from pyshell.runtime.members import get_properties, invoke_method

        table = resolve_type("System.Collections.Generic.Dictionary[String,Int]").construct([])
        invoke_method(table, "Add", ["One", "1"])
        entries = invoke_method(table, "GetEnumerator", [])
        assert [p.name for p in get_properties(entries[0])] == ["Key", "Value"]
        assert entries[0].value == 1

    def test_script_classes_convert_through_their_hook(self) -> None:
        class Point:
            __ps_typenames__ = ("Point",)

            def __init__(self, x: int = 0) -> None:
                self.x = x

            @classmethod
            def __ps_convert__(cls, value: object) -> "Point":
                return cls(value["x"])  # type: ignore[index]

        from pyshell.runtime.values import Hashtable
        point_type = register_type(Point)
        assert point_type.convert(Hashtable(X=3)).x == 3


class TestRuntimeEnums:
    def test_dotnet_enums_scripts_pass_to_methods(self) -> None:
        from pyshell.runtime.members import invoke_method

        comparison = resolve_type("StringComparison").get_static("OrdinalIgnoreCase")
        assert invoke_method("Hello", "StartsWith", ["HE", comparison]) is True
        options = resolve_type("System.StringSplitOptions").get_static("RemoveEmptyEntries")
        assert invoke_method("a,,b", "Split", [",", options]) == ["a", "b"]
        away = resolve_type("MidpointRounding").get_static("AwayFromZero")
        assert resolve_type("math").invoke_static("Round", [2.5, away]) == 3.0

    def test_flag_combinations_print_as_names(self) -> None:
        from pyshell.runtime.conversion import to_string

        options = resolve_type("RegexOptions").convert("IgnoreCase, Multiline")
        assert to_string(options) == "IgnoreCase, Multiline"

    def test_runtime_enums_resolve(self) -> None:
        assert resolve_type("System.Management.Automation.ErrorCategory").convert(
            "invalidargument").name == "InvalidArgument"
        assert resolve_type("ConsoleColor").get_static("Red").value == 12


def test_a_scope_context_reaches_the_session_clock() -> None:
    scope = type("Scope", (), {"session": Context()})()
    assert resolve_type("datetime").get_static("Now", scope) == dt.datetime(2022, 11, 23, 9)
