"""PowerShell operator semantics (powershell-semantics.md §3), one rule per test.

Operands are built as the compiler passes them: plain Python values, `Hashtable`, the typed
int classes. `Ctx` stands in for the session's variable table (`$OFS`, `$Matches`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyshell.language.ast import BinaryOperator as B
from pyshell.language.ast import UnaryOperator as U
from pyshell.runtime.conversion import dotnet_type_name
from pyshell.runtime.errors import DivideByZeroException, RuntimeException
from pyshell.runtime.operators import binary_operation, compare_values, unary_operation
from pyshell.runtime.types import resolve_type
from pyshell.runtime.values import (
    AUTOMATION_NULL, Char, Hashtable, Int64, OrderedDictionary, TypedArray, UInt32,
)


class Ctx:
    def __init__(self, **variables: Any) -> None:
        self.variables = dict(variables)

    def get_variable(self, name: str) -> Any:
        return self.variables.get(name)

    def set_variable(self, name: str, value: Any) -> None:
        self.variables[name] = value


def op(operator: B, left: Any, right: Any, context: Any = None) -> Any:
    return binary_operation(operator, left, right, context)


def typed(value: Any) -> tuple[Any, str]:
    return value, dotnet_type_name(value)


# --------------------------------------------------------------------------- arithmetic

class TestAddition:
    def test_left_string_concatenates_the_right_as_text(self) -> None:
        assert op(B.ADD, "red", 123) == "red123"
        assert op(B.ADD, "red", 123.456e5) == "red12345600"

    def test_left_number_parses_a_string_right_operand(self) -> None:
        assert typed(op(B.ADD, 12, "0xabc")) == (2760, "System.Int32")
        assert typed(op(B.ADD, 2, "1.5")) == (3.5, "System.Double")

    def test_array_right_of_a_string_is_joined_with_ofs(self) -> None:
        assert op(B.ADD, "red", [20, 30, 40]) == "red20 30 40"
        assert op(B.ADD, "red", [20, 30, 40], Ctx(OFS="x")) == "red20x30x40"

    def test_null_left_takes_the_right_operand(self) -> None:
        assert op(B.ADD, None, "red") == "red"
        assert op(B.SUBTRACT, None, 12.1) == -12.1
        assert op(B.ADD, None, [1, 2]) == [1, 2]

    def test_arrays_concatenate_into_a_new_array(self) -> None:
        left = [1, 2]
        result = op(B.ADD, left, 3)
        assert result == [1, 2, 3] and left == [1, 2]
        assert op(B.ADD, [1, 2, 3], [4, 5, 6]) == [1, 2, 3, 4, 5, 6]

    def test_typed_array_plus_value_is_an_object_array(self) -> None:
        ints = TypedArray([10, 20], resolve_type("int"))
        assert dotnet_type_name(op(B.ADD, ints, 30)) == "System.Object[]"

    def test_int32_overflow_becomes_double(self) -> None:
        assert typed(op(B.ADD, 2**31 - 1, 1)) == (2147483648.0, "System.Double")
        assert dotnet_type_name(op(B.MULTIPLY, 512 * 2**20, 512 * 2**20)) == "System.Double"

    def test_int32_and_uint32_meet_in_int64(self) -> None:
        result = op(B.ADD, -2**31, UInt32(2**32 - 1))
        assert typed(result) == (2147483647, "System.Int64")

    def test_long_stays_long(self) -> None:
        assert dotnet_type_name(op(B.ADD, Int64(5), 1)) == "System.Int64"

    def test_double_and_int(self) -> None:
        assert op(B.ADD, 10.6, 12) == pytest.approx(22.6)
        assert op(B.MULTIPLY, 10.5, 13) == 136.5

    def test_decimal_stays_decimal(self) -> None:
        assert typed(op(B.ADD, Decimal("1.5"), 1)) == (Decimal("2.5"), "System.Decimal")

    def test_bad_string_for_a_number_names_the_left_type(self) -> None:
        with pytest.raises(RuntimeException) as info:
            op(B.ADD, 1, "abc")
        assert str(info.value) == ('Cannot convert value "abc" to type "System.Int32". Error: '
                                   '"The input string \'abc\' was not in a correct format."')

    def test_hashtables_merge(self) -> None:
        merged = op(B.ADD, Hashtable(a=1), Hashtable(b=2))
        assert isinstance(merged, Hashtable) and dict(merged) == {"a": 1, "b": 2}

    def test_hashtable_duplicate_key_error_text(self) -> None:
        with pytest.raises(RuntimeException) as info:
            op(B.ADD, Hashtable(FirstName="a"), Hashtable(firstname="b"))
        assert str(info.value) == ("Item has already been added. Key in dictionary: "
                                   "'FirstName'  Key being added: 'firstname'")

    def test_hashtable_plus_scalar_is_an_error(self) -> None:
        with pytest.raises(RuntimeException, match="A hash table can only be added to another"):
            op(B.ADD, Hashtable(a=1), 5)

    def test_datetime_plus_timespan(self) -> None:
        start = dt.datetime(2022, 11, 23, 9)
        assert op(B.ADD, start, dt.timedelta(hours=1)) == dt.datetime(2022, 11, 23, 10)
        assert op(B.SUBTRACT, start, dt.datetime(2022, 11, 22, 9)) == dt.timedelta(days=1)


class TestMultiplicationAndDivision:
    def test_string_repeats_with_banker_rounded_count(self) -> None:
        assert op(B.MULTIPLY, "red", 2.7) == "redredred"
        assert op(B.MULTIPLY, "red", None) == ""

    def test_array_repeats(self) -> None:
        assert op(B.MULTIPLY, [1, 2], 2) == [1, 2, 1, 2]

    def test_exact_integer_division_stays_integer(self) -> None:
        assert typed(op(B.DIVIDE, 6, 2)) == (3, "System.Int32")
        assert typed(op(B.DIVIDE, 7, 2)) == (3.5, "System.Double")

    def test_divide_by_zero_is_a_runtime_exception_with_inner(self) -> None:
        with pytest.raises(RuntimeException) as info:
            op(B.DIVIDE, 1, 0)
        assert str(info.value) == "Attempted to divide by zero."
        assert isinstance(info.value.inner_exception, DivideByZeroException)
        with pytest.raises(RuntimeException):
            op(B.DIVIDE, 1, None)

    def test_remainder_has_the_sign_of_the_dividend(self) -> None:
        assert op(B.REMAINDER, -7, 3) == -1
        assert op(B.REMAINDER, 7, -3) == 1
        assert op(B.REMAINDER, 7.5, 2) == 1.5

    def test_array_minus_is_an_error(self) -> None:
        with pytest.raises(RuntimeException, match=r"\[System.Object\[\]\] does not contain a "
                                                    r"method named 'op_Subtraction'"):
            op(B.SUBTRACT, [1], 1)


@given(st.integers(-2**31, 2**31 - 1), st.integers(-2**31, 2**31 - 1))
@settings(max_examples=60)
def test_int32_addition_is_exact_or_double(a: int, b: int) -> None:
    result = op(B.ADD, a, b)
    assert result == a + b
    expected = "System.Int32" if -2**31 <= a + b < 2**31 else "System.Double"
    assert dotnet_type_name(result) == expected


# --------------------------------------------------------------------------- comparison

class TestComparison:
    def test_left_operand_drives_the_conversion(self) -> None:
        assert op(B.IEQ, "10", 10) is True
        assert op(B.IEQ, 10, "10") is True
        assert op(B.IEQ, "10", "10.0") is False
        assert op(B.IEQ, 10, "10.0") is True

    def test_string_comparison_is_case_insensitive_by_default(self) -> None:
        assert op(B.IEQ, "abc", "ABC") is True
        assert op(B.CEQ, "abc", "ABC") is False
        assert op(B.CEQ, "abc", "abc") is True

    def test_culture_ordering(self) -> None:
        assert op(B.ILT, "a", "B") is True
        assert op(B.ILT, "aaa", "AAA") is False
        assert op(B.CLT, "aaa", "AAA") is True

    def test_bool_left_converts_the_right_to_bool(self) -> None:
        assert op(B.IEQ, True, "false") is True  # a non-empty string is true
        assert op(B.IEQ, False, "false") is False
        assert op(B.ILT, "t", True) is True  # compares "t" with "True"

    def test_null_sorts_below_everything(self) -> None:
        assert op(B.ILT, None, -1) is True
        assert op(B.IGT, "a", None) is True
        assert op(B.IEQ, None, None) is True
        assert op(B.IEQ, 0, None) is False
        assert op(B.IEQ, None, AUTOMATION_NULL) is True

    def test_collection_on_the_left_filters(self) -> None:
        assert op(B.IEQ, [1, 2, 3, 2], 2) == [2, 2]
        assert op(B.IEQ, ["zzz", "def", "zzz"], "zzz") == ["zzz", "zzz"]
        assert op(B.INE, [1, 2, 3], 2) == [1, 3]
        assert op(B.IGT, [1, 5, 10], 4) == [5, 10]

    def test_no_match_gives_an_empty_array_not_false(self) -> None:
        result = op(B.IEQ, [1, 2], 3)
        assert result == [] and dotnet_type_name(result) == "System.Object[]"

    def test_nested_arrays_compare_as_whole_elements(self) -> None:
        assert op(B.IEQ, [1, 2, [3, 4]], 3) == []
        assert op(B.IEQ, [1, 2, [3, 4]], 2) == [2]

    def test_unconvertible_equality_is_false_but_ordering_fails(self) -> None:
        assert op(B.IEQ, 10, "abc") is False
        with pytest.raises(RuntimeException, match='Could not compare "10" to "abc"'):
            op(B.ILT, 10, "abc")

    def test_hashtables_compare_by_reference(self) -> None:
        h = Hashtable(a=1)
        assert op(B.IEQ, h, h) is True
        assert op(B.IEQ, Hashtable(a=1), Hashtable(a=1)) is False

    def test_char_comparisons(self) -> None:
        assert op(B.IEQ, Char("a"), "A") is True
        assert op(B.IEQ, Char("a"), 97) is True

    def test_compare_values_orders_numbers_and_strings(self) -> None:
        assert compare_values(1, 2) == -1
        assert compare_values("b", "A") == 1
        assert compare_values(None, 0) == -1


class TestContainment:
    def test_contains_and_in(self) -> None:
        assert op(B.ICONTAINS, [1, 2, 3], "2") is True
        assert op(B.INOTCONTAINS, [1, 2, 3], 4) is True
        assert op(B.IIN, "B", ["a", "b"]) is True
        assert op(B.CIN, "B", ["a", "b"]) is False
        assert op(B.ICONTAINS, "abc", "abc") is True  # scalar on the left

    def test_an_array_on_the_right_is_one_element(self) -> None:
        assert op(B.ICONTAINS, [1, 2], [1, 2]) is False


# --------------------------------------------------------------------------- like / match

class TestWildcardAndRegex:
    def test_like_matches_the_whole_string(self) -> None:
        assert op(B.ILIKE, "Hello world", "Hello*") is True
        assert op(B.ILIKE, "Hello world", "world") is False
        assert op(B.ILIKE, "HELLO", "h?llo") is True
        assert op(B.CLIKE, "HELLO", "h*") is False
        assert op(B.INOTLIKE, "abc", "[xyz]*") is True

    def test_like_backtick_escapes(self) -> None:
        assert op(B.ILIKE, "abc`def", "abc`def") is False
        assert op(B.ILIKE, "a*c", "a`*c") is True
        assert op(B.ILIKE, "abc", "a`*c") is False

    def test_like_filters_a_collection(self) -> None:
        assert op(B.ILIKE, ["web1", "db1", "web2"], "web*") == ["web1", "web2"]

    def test_match_sets_matches_for_a_scalar(self) -> None:
        ctx = Ctx()
        assert op(B.IMATCH, "The last logged on user was CONTOSO\\jsmith", "(.+was )(.+)",
                  ctx) is True
        matches = ctx.variables["Matches"]
        assert matches[0] == "The last logged on user was CONTOSO\\jsmith"
        assert matches[2] == "CONTOSO\\jsmith"

    def test_named_groups_are_keys_of_matches(self) -> None:
        ctx = Ctx()
        op(B.IMATCH, "user: alice", r"user: (?<name>\w+)", ctx)
        assert ctx.variables["Matches"]["NAME"] == "alice"

    def test_match_filters_a_collection_without_setting_matches(self) -> None:
        ctx = Ctx()
        assert op(B.IMATCH, ["ab", "cd", "AB"], "b", ctx) == ["ab", "AB"]
        assert "Matches" not in ctx.variables

    def test_match_is_case_insensitive_unless_c(self) -> None:
        assert op(B.IMATCH, "ABC", "b") is True
        assert op(B.CMATCH, "ABC", "b") is False
        assert op(B.INOTMATCH, "ABC", "x") is True


class TestReplace:
    def test_numbered_and_named_substitutions(self) -> None:
        assert op(B.IREPLACE, "domain.example", [r".*\.(\w+)$", "Tld of '$0' is - '$1'"]) == \
            "Tld of 'domain.example' is - 'example'"
        pattern = r"^(?<DomainName>[\w-.]+)\\(?<Username>[\w-.]+)$"
        assert op(B.IREPLACE, r"Contoso.local\John.Doe",
                  [pattern, "${Username}@${DomainName}"]) == "John.Doe@Contoso.local"

    def test_whole_match_and_dollar_escape(self) -> None:
        assert op(B.IREPLACE, "Gobble", ["Gobble", "$& $&"]) == "Gobble Gobble"
        assert op(B.IREPLACE, "cost", ["cost", "$$5"]) == "$5"

    def test_no_replacement_deletes(self) -> None:
        assert op(B.IREPLACE, "PowerPoint", "Point") == "Power"

    def test_case_sensitivity(self) -> None:
        assert op(B.IREPLACE, "aAa", ["a", "x"]) == "xxx"
        assert op(B.CREPLACE, "aAa", ["a", "x"]) == "xAx"

    def test_script_block_replacement_receives_the_match(self) -> None:
        class Block:
            def invoke(self, *args: Any, dollar_under: Any = None, **_: Any) -> list:
                return [Char(chr(int(dollar_under.value)))]
        assert op(B.IREPLACE, "072101108108111", [r"\d{3}", Block()]) == "Hello"

    def test_replace_over_a_collection(self) -> None:
        assert op(B.IREPLACE, ["a1", "b2"], [r"\d", ""]) == ["a", "b"]

    def test_too_many_arguments(self) -> None:
        with pytest.raises(RuntimeException, match="allows only two elements"):
            op(B.IREPLACE, "a", ["a", "b", "c"])


class TestSplit:
    def test_regex_split_keeps_captures(self) -> None:
        assert op(B.ISPLIT, "a1:b1:c1:d", "(1:)") == ["a", "1:", "b", "1:", "c", "1:", "d"]

    def test_max_count(self) -> None:
        assert op(B.ISPLIT, "a2b3c4d", [r"\d+", 2]) == ["a", "b3c4d"]
        assert op(B.ISPLIT, "Chocolate-Vanilla-Strawberry-Blueberry", ["(-)", 3]) == \
            ["Chocolate", "-", "Vanilla", "-", "Strawberry-Blueberry"]

    def test_negative_max_count_splits_from_the_right(self) -> None:
        assert op(B.ISPLIT, "a b c d", [" ", -2]) == ["a b c", "d"]

    def test_options(self) -> None:
        text = "1The first line.\n2The second line."
        assert op(B.ISPLIT, text, [r"^\d", 0, "Multiline"]) == \
            ["", "The first line.\n", "The second line."]
        assert op(B.ISPLIT, "a.b.c", [".", 0, "SimpleMatch"]) == ["a", "b", "c"]

    def test_case_insensitive_by_default(self) -> None:
        assert op(B.ISPLIT, "aXbxc", "x") == ["a", "b", "c"]
        assert op(B.CSPLIT, "aXbxc", "x") == ["aXb", "c"]

    def test_unary_split_on_whitespace_drops_empties(self) -> None:
        assert unary_operation(U.ISPLIT, "  a  b\tc ") == ["a", "b", "c"]

    def test_script_block_delimiter(self) -> None:
        def is_comma(ch: Any) -> list:
            return [ch == ","]
        assert op(B.ISPLIT, "a,b;c", is_comma) == ["a", "b;c"]


# --------------------------------------------------------------------------- others

class TestJoinAndFormat:
    def test_join(self) -> None:
        assert op(B.JOIN, [1, 2, 3], "-") == "1-2-3"
        assert unary_operation(U.JOIN, ["a", "b"]) == "ab"
        assert op(B.JOIN, "single", ",") == "single"

    def test_format(self) -> None:
        assert op(B.FORMAT, ">{0:x8}<", 123455) == ">0001e23f<"
        assert op(B.FORMAT, "{0} vs. {{0}}", "foo") == "foo vs. {0}"
        assert op(B.FORMAT, "{2} <= {0} + {1}", [10, 12, 22]) == "22 <= 10 + 12"
        assert op(B.FORMAT, "{0,5:0.00}", 5) == " 5.00"

    def test_format_of_an_array_left_operand_joins_it(self) -> None:
        assert op(B.FORMAT, [1, 2, 3, 4, 5], 7) == "1 2 3 4 5"

    def test_format_errors(self) -> None:
        with pytest.raises(RuntimeException, match="Error formatting a string: Index"):
            op(B.FORMAT, "{1}", 5)


class TestTypeOperators:
    def test_is_and_isnot(self) -> None:
        assert op(B.IS, 100, resolve_type("int")) is True
        assert op(B.IS, Int64(100), resolve_type("int")) is False
        assert op(B.ISNOT, "x", resolve_type("int")) is True
        assert op(B.IS, None, resolve_type("object")) is False
        assert op(B.IS, [1], resolve_type("array")) is True

    def test_is_with_a_type_name_string(self) -> None:
        assert op(B.IS, "x", "string") is True

    def test_unknown_type(self) -> None:
        with pytest.raises(RuntimeException, match=r"Unable to find type \[nosuch\]"):
            op(B.IS, 1, "nosuch")

    def test_as_returns_null_instead_of_failing(self) -> None:
        assert op(B.AS, "42", resolve_type("int")) == 42
        assert op(B.AS, "abc", resolve_type("int")) is None


class TestLogicalAndBitwise:
    def test_logical(self) -> None:
        assert op(B.OR, 0, True) is True
        assert op(B.XOR, [], True) is True
        assert op(B.AND, "abc", True) is True
        assert unary_operation(U.NOT, "") is True
        assert unary_operation(U.EXCLAIM, "x") is False

    def test_bitwise(self) -> None:
        assert op(B.BAND, 0x0F0F, 0xFE) == 14
        assert op(B.BOR, 1, 2) == 3
        assert op(B.BXOR, 0x0F0F, 0xFE) == 4081
        assert unary_operation(U.BNOT, 0) == -1

    def test_shifts_wrap_in_the_type(self) -> None:
        assert op(B.SHL, 1, 4) == 16
        assert op(B.SHL, 1, 31) == -2**31
        assert op(B.SHR, -16, 2) == -4


class TestRangesAndNulls:
    def test_integer_ranges_either_way(self) -> None:
        assert op(B.RANGE, 1, 3) == [1, 2, 3]
        assert op(B.RANGE, 3, 1) == [3, 2, 1]

    def test_character_ranges(self) -> None:
        assert op(B.RANGE, "a", "c") == ["a", "b", "c"]
        assert all(isinstance(c, Char) for c in op(B.RANGE, "C", "A"))

    def test_digit_strings_give_integers(self) -> None:
        result = op(B.RANGE, "0", "9")
        assert result == list(range(10)) and all(type(x) is int for x in result)

    def test_decimal_operands_are_rounded(self) -> None:
        assert op(B.RANGE, Decimal("1.1"), Decimal("3.9")) == [1, 2, 3, 4]

    def test_coalesce(self) -> None:
        assert op(B.COALESCE, None, 100) == 100
        assert op(B.COALESCE, 0, 100) == 0


class TestUnary:
    def test_negate_and_plus_convert_strings(self) -> None:
        assert unary_operation(U.NEGATE, "5") == -5
        assert unary_operation(U.PLUS, "5") == 5
        assert dotnet_type_name(unary_operation(U.NEGATE, Int64(5))) == "System.Int64"

    def test_increment(self) -> None:
        assert unary_operation(U.PRE_INCREMENT, 7) == 8
        assert unary_operation(U.POST_DECREMENT, None) == -1

    def test_comma_wraps(self) -> None:
        assert unary_operation(U.COMMA, [1, 2]) == [[1, 2]]


def test_ordered_dictionary_plus_keeps_order() -> None:
    merged = op(B.ADD, OrderedDictionary([("b", 1), ("a", 2)]), Hashtable(c=3))
    assert list(merged) == ["b", "a", "c"]


class TestReferenceEquality:
    def test_records_compare_by_reference_like_dotnet_classes(self) -> None:
        from attrs import frozen

        @frozen
        class Item:
            __ps_typenames__ = ("Test.Item",)
            size: int

        one = Item(1)
        assert op(B.IEQ, one, one) is True
        assert op(B.IEQ, Item(1), Item(1)) is False

    def test_value_types_compare_by_value(self) -> None:
        from pyshell.runtime.values import DictionaryEntry, Version
        assert op(B.IEQ, Version(1, 2), "1.2") is True
        assert op(B.IEQ, DictionaryEntry("a", 1), DictionaryEntry("a", 1)) is True
        assert op(B.IEQ, resolve_type("int"), resolve_type("System.Int32")) is True


def test_dates_with_and_without_an_offset_compare_by_clock_time() -> None:
    aware = dt.datetime(2022, 11, 23, 9, tzinfo=dt.timezone.utc)
    naive = dt.datetime(2022, 11, 23, 8)
    assert op(B.ILT, naive, aware) is True
    assert op(B.IGT, aware, naive) is True
    assert op(B.IEQ, aware, "2022-11-23T09:00:00Z") is True
