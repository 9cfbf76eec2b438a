"""Expressions, values, output collection and assignment (semantics §1.1 and §3)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402

from pyshell.runtime.values import AUTOMATION_NULL  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


# --------------------------------------------------------------------------- output

def test_a_statement_writes_its_value_and_collections_unroll(ps):
    assert ps("1; 'a'; 1,2") == [1, "a", 1, 2]


def test_unary_comma_keeps_an_array_as_one_object(ps):
    assert ps(",(1,2)") == [[1, 2]]


def test_assignment_and_increment_statements_write_nothing(ps):
    assert ps("$a = 1; $a++; ++$a; [void]5; $null = 7") == []


def test_increment_in_parentheses_writes_the_value(ps):
    assert ps("$a = 1; ($a++); (++$a)") == [1, 3]


def test_one_pipeline_object_is_assigned_unwrapped(ps):
    assert ps("$x = 1..3 | ForEach-Object { $_ } | Select-Object -First 1; $x.GetType().Name") \
        == ["Int32"]
    assert ps("$x = 1,2 | ForEach-Object { $_ }; $x.Count") == [2]


def test_a_command_that_writes_nothing_gives_automation_null(ps):
    assert ps("$x = & {}; $null -eq $x; @($x).Count; @(& {}).Count") == [True, 1, 0]


def test_array_subexpression_always_gives_an_array(ps):
    assert ps("@(1).Count; @().Count; @($null).Count; @(1,2).GetType().FullName") == \
        [1, 0, 1, "System.Object[]"]


def test_subexpression_keeps_a_scalar_scalar(ps):
    assert ps("$(1).GetType().Name; $(1;2).Count") == ["Int32", 2]


def test_return_inside_subexpression_keeps_earlier_output(ps):
    assert ps('function f { $("1"; return "2") }; f') == ["1", "2"]


def test_expression_assignment_keeps_the_array_as_is(ps):
    assert ps("$x = ,1; $x.Count; $y = @(); $y.Count") == [1, 0]


# --------------------------------------------------------------------------- operators

def test_arithmetic_and_comparison(ps):
    assert ps("1 + 2 * 3; 7 % 3; -7 % 3; 10 / 4; 6 / 3; 5 -gt 3; 'a' -eq 'A'") == \
        [7, 1, -1, 2.5, 2, True, True]


def test_int32_overflow_widens_to_double(ps):
    assert ps("(2147483647 + 1).GetType().Name; $x = 2147483647; $x += 1; $x") == \
        ["Double", 2147483648.0]


def test_logical_operators_short_circuit(ps):
    assert ps("$false -and (1/0); $true -or (1/0); $true -xor $true; -not 0; !1") == \
        [False, True, False, True, False]


def test_collection_on_the_left_filters(ps):
    assert ps("1,2,3,2 -eq 2") == [2, 2]


def test_ternary_and_null_coalescing(ps):
    assert ps("$n = $null; $n ?? 'd'; 5 ?? 'd'; (1 -gt 2) ? 'y' : 'n'") == ["d", 5, "n"]


def test_null_conditional_member_access(ps):
    assert ps("$n = $null; ${n}?.Length; $s = 'abc'; ${s}?.Length") == [None, 3]


def test_range_operator_in_foreach_is_lazy_but_still_an_array_elsewhere(ps):
    assert ps("$r = 1..4; $r.Count; foreach ($i in 3..1) { $i }") == [4, 3, 2, 1]


def test_string_expansion(ps):
    assert ps('$a = "x"; $arr = 1,2; "v=$a $($arr.Count) $arr ${a}y $a.Length"') == \
        ["v=x 2 1 2 xy x.Length"]


def test_ofs_joins_arrays_in_strings(ps):
    assert ps('$OFS = "-"; $arr = 1,2,3; "$arr"') == ["1-2-3"]


# --------------------------------------------------------------------------- members, indexes

def test_indexing_arrays_strings_and_hashtables(ps):
    assert ps("$a = 10,20,30; $a[0]; $a[-1]; $a[5]; $a[0,2]; 'abc'[1]; "
              "$h = @{k = 1}; $h['K']; $h.k; $h.missing") == [10, 30, None, 10, 30, "b", 1, 1,
                                                              None]


def test_index_assignment_and_member_assignment(ps):
    assert ps("$a = 1,2,3; $a[1] = 9; $a; $h = @{}; $h.x = 1; $h['y'] = 2; $h.x + $h.y; "
              "$o = [pscustomobject]@{n = 1}; $o.n = 5; $o.n") == [1, 9, 3, 3, 5]


def test_compound_assignment_on_members_and_indexes(ps):
    assert ps("$h = @{n = 1}; $h.n += 2; $h.n; $a = 1,2; $a[0] *= 10; $a[0]") == [3, 10]


def test_array_and_string_plus_equals(ps):
    assert ps("$a = 1,2; $a += 3; $a.Count; $s = 'a'; $s += 'b'; $s") == [3, "ab"]


def test_hashtable_plus_equals_merges(ps):
    assert ps("$h = @{a = 1}; $h += @{b = 2}; $h.Count") == [2]


def test_method_calls_and_static_members(ps):
    assert ps("'abc'.ToUpper(); [math]::Max(2, 5); [int]::MaxValue") == ["ABC", 5, 2147483647]


def test_method_on_null_is_an_error(ps):
    with pytest.raises(Exception) as info:
        ps("$n = $null; $n.Foo()")
    assert info.value.error_record.fully_qualified_error_id == "InvokeMethodOnNull"


def test_index_into_null_is_an_error(ps):
    with pytest.raises(Exception) as info:
        ps("$n = $null; $n[0]")
    assert info.value.error_record.fully_qualified_error_id == "NullArray"


# --------------------------------------------------------------------------- assignment forms

def test_multiple_assignment_gives_the_rest_to_the_last_variable(ps):
    assert ps("$a, $b = 1, 2, 3; $a; $b.Count; $c, $d = 1; $null -eq $d") == [1, 2, True]


def test_typed_variable_keeps_its_constraint(ps):
    assert ps("[int]$x = '5'; $x.GetType().Name; $x = '7'; $x + 1") == ["Int32", 8]
    with pytest.raises(Exception) as info:
        ps("[int]$y = 1; $y = 'abc'")
    assert "Cannot convert value" in str(info.value)


def test_coalescing_assignment(ps):
    assert ps("$z ??= 3; $z; $z ??= 4; $z") == [3, 3]


def test_increment_of_undefined_variable_starts_at_zero(ps):
    assert ps("$u++; $u; $v--; $v") == [1, -1]


def test_chained_assignment(ps):
    assert ps("$a = $b = 4; $a + $b") == [8]


def test_automation_null_is_stored_as_null(ps):
    session = ps.session
    ps("$x = & {}")
    assert session.get_variable("x") is None and session.get_variable("x") is not AUTOMATION_NULL


def test_casts_and_type_literals(ps):
    assert ps("[int]'42'; [string]5; ([int]).Name; [int]2.5; [int]3.5") == \
        [42, "5", "Int32", 2, 4]


def test_unknown_type_is_an_error(ps):
    with pytest.raises(Exception) as info:
        ps("[NoSuchType]1")
    assert "Unable to find type [NoSuchType]" in str(info.value)


def test_ordered_and_pscustomobject_literals_keep_order(ps):
    assert ps("([ordered]@{b = 1; a = 2}).Keys -join ','; "
              "([pscustomobject]@{z = 1; y = 2}).psobject.Properties.Name -join ','") == \
        ["b,a", "z,y"]


def test_hashtable_values_may_be_statements(ps):
    assert ps("$h = @{ n = 1..3 | ForEach-Object { $_ * 2 }; m = if ($true) { 'y' } }; "
              "$h.n.Count; $h.m") == [3, "y"]


def test_env_variables_are_session_local(ps, monkeypatch):
    import os
    monkeypatch.setenv("PYSHELL_TEST_VAR", "outer")
    from _language import new_session
    session = new_session()
    assert session.invoke("$env:PYSHELL_TEST_VAR; $env:PYSHELL_TEST_VAR = 'inner'; "
                          "$env:PYSHELL_TEST_VAR") == ["outer", "inner"]
    assert os.environ["PYSHELL_TEST_VAR"] == "outer"


def test_the_benchmark_loop_computes_what_powershell_does(ps):
    assert ps("$s = 0; foreach ($i in 1..1000) { if ($i % 2 -eq 0) { $s += $i * 2 } }; $s") == \
        [501000]


def test_a_script_block_site_compiles_once(ps):
    first, second = ps("1..2 | ForEach-Object { { $_ } }")
    assert first is not second and first.compiled is second.compiled


def test_nested_operators_keep_their_semantics(ps):
    assert ps("$i = 7; ($i % 2) -eq 1; $i * 2 + 1; ($i - 10) * 3; 'ab' * 2 -eq 'abab'; "
              "(2147483647 + 1) -gt 0; $n = $null; ($n + 1) * 2") == [True, 15, -9, True, True, 2]


def test_validation_attributes_on_variables_check_every_assignment(ps):
    assert ps("[ValidateRange(1,10)][int]$x = 5; try { $x = 20 } catch { "
              "$_.FullyQualifiedErrorId }; $x") == ["ValidationMetadataException", 5]


def test_count_and_length_of_null_are_zero(ps):
    assert ps("$r = & {}; $r.Count; $r.Length; $r.Count -eq 0") == [0, 0, True]


def test_using_namespace_lets_short_type_names_resolve(ps):
    assert ps("using namespace System.Text\n$b = [StringBuilder]::new(); [void]$b.Append('x'); "
              "$b.ToString()") == ["x"]


def test_a_null_hashtable_key_is_an_error(ps):
    assert ps("$h = @{}; try { $h[$null] = 1 } catch { $_.FullyQualifiedErrorId }; $h.Count") \
        == ["NullArrayIndex", 0]
