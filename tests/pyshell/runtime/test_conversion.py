"""PowerShell's conversion rules (LanguagePrimitives): casts, truth, strings, type names."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyshell.runtime.conversion import (
    convert_to, dotnet_type_name, parse_number, to_bool, to_string,
)
from pyshell.runtime.errors import RuntimeException
from pyshell.runtime.members import PSObject
from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import (
    AUTOMATION_NULL, Char, Hashtable, Int64, OrderedDictionary, Single, TypedArray, Version,
)


def cast(value: object, type_name: str) -> object:
    ps_type = resolve_type(type_name)
    assert ps_type is not None, type_name
    return convert_to(value, ps_type)


class TestIntegerCasts:
    @pytest.mark.parametrize("value, expected", [
        (2.5, 2), (3.5, 4), (5.5, 6), (2.7, 3), (-2.5, -2), (Decimal("2.5"), 2),
    ])
    def test_bankers_rounding(self, value: object, expected: int) -> None:
        assert cast(value, "int") == expected

    @pytest.mark.parametrize("text, expected", [
        ("42", 42), (" 12 ", 12), ("0x1F", 31), ("1kb", 1024), ("1.5", 2), ("2.5", 2),
        ("1e3", 1000), ("", 0), ("-7", -7), ("+7", 7),
    ])
    def test_strings_parse_as_number_literals(self, text: str, expected: int) -> None:
        assert cast(text, "int") == expected

    def test_parse_error_text_and_id(self) -> None:
        with pytest.raises(RuntimeException) as info:
            cast("abc", "int")
        assert str(info.value) == ('Cannot convert value "abc" to type "System.Int32". Error: '
                                   '"The input string \'abc\' was not in a correct format."')
        assert info.value.error_record.fully_qualified_error_id == "InvalidCastFromStringToInteger"
        assert info.value.inner_exception is not None

    def test_range_errors(self) -> None:
        with pytest.raises(RuntimeException) as info:
            cast(300, "byte")
        assert str(info.value) == ('Cannot convert value "300" to type "System.Byte". Error: '
                                   '"Value was either too large or too small for an unsigned '
                                   'byte."')
        with pytest.raises(RuntimeException, match="an Int32"):
            cast(2**31, "int")

    def test_null_and_bool(self) -> None:
        assert cast(None, "int") == 0
        assert cast(True, "int") == 1

    def test_typed_results(self) -> None:
        assert dotnet_type_name(cast(5, "long")) == "System.Int64"
        assert dotnet_type_name(cast("5", "byte")) == "System.Byte"
        assert cast(Char("a"), "int") == 97

    def test_array_to_scalar_fails_with_the_type_shape(self) -> None:
        with pytest.raises(RuntimeException) as info:
            cast([1, 2], "int")
        assert str(info.value) == ('Cannot convert the "System.Object[]" value of type '
                                   '"System.Object[]" to type "System.Int32".')

    @given(st.floats(-1e6, 1e6, allow_nan=False))
    @settings(max_examples=50)
    def test_int_cast_is_round_half_even(self, number: float) -> None:
        assert cast(number, "int") == round(number)


class TestOtherScalarCasts:
    def test_double_and_decimal(self) -> None:
        assert cast("1.5", "double") == 1.5
        assert cast("1.50", "decimal") == Decimal("1.50")
        assert isinstance(cast(1.5, "single"), Single)

    def test_string(self) -> None:
        assert cast(1.5, "string") == "1.5"
        assert cast(None, "string") == ""
        assert cast([1, 2, 3, 4], "string") == "1 2 3 4"

    def test_char(self) -> None:
        assert cast("a", "char") == "a" and isinstance(cast("a", "char"), Char)
        assert cast(65, "char") == "A"
        with pytest.raises(RuntimeException, match="String must be exactly one character long"):
            cast("ab", "char")

    def test_datetime_and_timespan(self) -> None:
        assert cast("2022-11-23", "datetime") == dt.datetime(2022, 11, 23)
        assert cast("11/23/2022 09:30", "datetime") == dt.datetime(2022, 11, 23, 9, 30)
        assert cast("01:30:00", "timespan") == dt.timedelta(minutes=90)
        assert cast("1.02:00:00", "timespan") == dt.timedelta(days=1, hours=2)

    def test_guid_and_version(self) -> None:
        text = "12345678-1234-1234-1234-123456789abc"
        assert cast(text, "guid") == uuid.UUID(text)
        assert cast("1.2.3", "version") == Version(1, 2, 3)

    def test_void_discards(self) -> None:
        assert cast(5, "void") is AUTOMATION_NULL


class Color(enum.Enum):
    __ps_typenames__ = ("Test.Color",)
    Red = 1
    Green = 2


class Access(enum.Flag):
    __ps_typenames__ = ("Test.Access",)
    Read = 1
    Write = 2


class TestEnumConversion:
    def setup_method(self) -> None:
        from pyshell.runtime.types import register_type
        register_type(Color)
        register_type(Access)

    def test_names_are_case_insensitive(self) -> None:
        assert cast("green", "Test.Color") is Color.Green
        assert cast(1, "Test.Color") is Color.Red

    def test_flags_from_comma_separated_names(self) -> None:
        assert cast("Read, Write", "Test.Access") == Access.Read | Access.Write

    def test_unknown_name_lists_the_valid_ones(self) -> None:
        with pytest.raises(RuntimeException) as info:
            cast("Blue", "Test.Color")
        assert "Unable to match the identifier name Blue to a valid enumerator name" in str(
            info.value)
        assert "Red, Green" in str(info.value)


class TestCollections:
    def test_scalar_becomes_a_typed_array(self) -> None:
        result = cast("5", "int[]")
        assert isinstance(result, TypedArray) and result == [5]
        assert dotnet_type_name(result) == "System.Int32[]"

    def test_array_elements_are_converted(self) -> None:
        assert cast(["1", 2.5], "int[]") == [1, 2]

    def test_object_array(self) -> None:
        assert cast(5, "array") == [5]
        assert cast(None, "object[]") is None

    def test_hashtable_to_pscustomobject_in_key_order(self) -> None:
        obj = cast(OrderedDictionary([("b", 1), ("a", 2)]), "pscustomobject")
        assert isinstance(obj, PSObject)
        assert [m.name for m in obj.members] == ["b", "a"]

    def test_pstypename_key_adds_a_type_name(self) -> None:
        obj = cast(Hashtable(PSTypeName="My.Type", x=1), "pscustomobject")
        assert obj.type_names[0] == "My.Type"
        assert [m.name for m in obj.members] == ["x"]

    def test_generic_list(self) -> None:
        result = cast([1, "2"], "System.Collections.Generic.List[int]")
        assert result == [1, 2]
        assert dotnet_type_name(result).startswith("System.Collections.Generic.List`1")


class TestBool:
    @pytest.mark.parametrize("value", [None, 0, 0.0, "", [], [0], [""], Char("\0"),
                                       AUTOMATION_NULL, [[]]])
    def test_false_values(self, value: object) -> None:
        assert to_bool(value) is False

    @pytest.mark.parametrize("value", ["false", "0", 1, -1, [1], [0, 0], Hashtable(),
                                       PSObject(), " "])
    def test_true_values(self, value: object) -> None:
        assert to_bool(value) is True


class TestToString:
    @pytest.mark.parametrize("value, text", [
        (0.1 + 0.2, "0.30000000000000004"), (1e20, "1E+20"), (1e15, "1E+15"),
        (1e14, "100000000000000"), (1.5, "1.5"), (3.0, "3"), (0.0001, "0.0001"),
        (0.00001, "1E-05"), (-2.5, "-2.5"), (float("nan"), "NaN"),
        (Decimal("1.50"), "1.50"), (True, "True"), (None, ""), (Int64(5), "5"),
    ])
    def test_scalars(self, value: object, text: str) -> None:
        assert to_string(value) == text

    def test_arrays_join_with_ofs_and_nested_arrays_show_their_type(self) -> None:
        assert to_string([1, [2, 3], "x"]) == "1 System.Object[] x"
        assert to_string([1, 2], "+") == "1+2"

    def test_objects(self) -> None:
        assert to_string(Hashtable()) == "System.Collections.Hashtable"
        assert to_string(PSObject.from_pairs([("a", 1), ("b", "x")])) == "@{a=1; b=x}"
        assert to_string(dt.datetime(2022, 11, 23, 9, 5, 3)) == "11/23/2022 09:05:03"
        assert to_string(dt.timedelta(days=1, seconds=3.5)) == "1.00:00:03.5000000"
        assert to_string(Color.Green) == "Green"

    @given(st.floats(allow_nan=False, allow_infinity=False))
    @settings(max_examples=80)
    def test_double_text_round_trips(self, number: float) -> None:
        assert float(to_string(number).replace("E", "e")) == number


class TestParseNumber:
    @pytest.mark.parametrize("text, value, type_name", [
        ("0xFFFFFFFF", -1, "System.Int32"), ("0x80000000", -2147483648, "System.Int32"),
        ("1kb", 1024, "System.Int32"), ("1tb", 2**40, "System.Int64"),
        ("2147483648", 2147483648, "System.Int64"), ("1.5d", Decimal("1.5"), "System.Decimal"),
        ("2.5l", 2, "System.Int64"), (".01", 0.01, "System.Double"), ("0b101", 5, "System.Int32"),
        ("10uy", 10, "System.Byte"), ("5l", 5, "System.Int64"), ("0x10L", 16, "System.Int64"),
        ("0xFFFFFFFFFFFFFFFF", -1, "System.Int64"), ("5n", 5, "System.Numerics.BigInteger"),
        ("9223372036854775808", Decimal("9223372036854775808"), "System.Decimal"),
    ])
    def test_literals(self, text: str, value: object, type_name: str) -> None:
        parsed = parse_number(text)
        assert parsed == value and dotnet_type_name(parsed) == type_name

    def test_not_a_number(self) -> None:
        assert parse_number("abc") is None
        assert parse_number("1x") is None


def test_dotnet_type_names() -> None:
    assert dotnet_type_name(1) == "System.Int32"
    assert dotnet_type_name(2**40) == "System.Int64"
    assert dotnet_type_name("s") == "System.String"
    assert dotnet_type_name(Char("c")) == "System.Char"
    assert dotnet_type_name([1]) == "System.Object[]"
    assert dotnet_type_name(Hashtable()) == "System.Collections.Hashtable"
    assert dotnet_type_name(OrderedDictionary()) == \
        "System.Collections.Specialized.OrderedDictionary"
    assert dotnet_type_name(PSObject()) == "System.Management.Automation.PSCustomObject"
    assert dotnet_type_name(Color.Red) == "Test.Color"


class TestContext:
    class Scope:
        def __init__(self, **variables: object) -> None:
            self.variables = variables

        def get_variable(self, name: str) -> object:
            return self.variables.get(name)

    def test_string_cast_joins_with_the_context_ofs(self) -> None:
        string = resolve_type("string")
        assert convert_to([1, 2, 3], string, self.Scope(OFS="+")) == "1+2+3"
        assert convert_to([1, 2, 3], string, self.Scope()) == "1 2 3"
        assert convert_to([1, 2, 3], string) == "1 2 3"


def test_a_string_becomes_a_char_array() -> None:
    assert cast("abc", "char[]") == ["a", "b", "c"]
    assert cast("abc", "string[]") == ["abc"]
