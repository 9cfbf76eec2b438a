"""Scopes: child scopes, dot-sourcing, scope modifiers, private variables (semantics §3)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_assignment_in_a_child_scope_does_not_change_the_parent(ps):
    assert ps("$x = 1; & { $x = 5; $x }; $x") == [5, 1]


def test_compound_assignment_reads_only_the_current_scope(ps):
    # about_Assignment_Operators: the child's `$x` starts as $null, so `$x += 1` gives 1.
    assert ps("$x = 1; & { $x += 1; $x }; $x") == [1, 1]
    assert ps("$n = 5; & { $n++; $n }; $n") == [1, 5]


def test_get_variable_gives_the_live_variable(ps):
    assert ps("$x = 1; $var = Get-Variable x; $var.Value = 2; $x; $var.Name") == [2, "x"]


def test_reading_searches_outwards(ps):
    assert ps("$x = 'outer'; function f { $x }; f") == ["outer"]


def test_dynamic_scoping_sees_the_callers_variables(ps):
    assert ps("function inner { $v }; function outer { $v = 'from outer'; inner }; outer") == \
        ["from outer"]


def test_dot_sourcing_runs_in_the_current_scope(ps):
    assert ps(". { $a = 10 }; $a") == [10]


def test_foreach_object_blocks_share_the_callers_scope(ps):
    assert ps("$n = 0; 1..3 | ForEach-Object { $n += $_ }; $n") == [6]


def test_scope_modifiers(ps):
    assert ps("$g = 1; function f { $global:g = 2; $script:s = 3; $local:l = 4 }; f; $g; $s; "
              "$null -eq $l") == [2, 3, True]


def test_private_variables_are_invisible_to_child_scopes(ps):
    assert ps("$private:p = 'secret'; function f { $null -eq $p }; f; $p") == [True, "secret"]


def test_script_scope_of_a_script_file(ps, tmp_path):
    script = tmp_path / "s.ps1"
    script.write_text("$script:inner = 'set'; function g { $script:inner }; g", encoding="utf-8")
    code, text = ps.run(f"& '{script}'")
    assert text.split() == ["set"]


def test_dot_sourced_script_file_defines_in_the_caller(ps, tmp_path):
    script = tmp_path / "lib.ps1"
    script.write_text("$libvar = 5; function Get-Five { 5 }", encoding="utf-8")
    assert ps(f". '{script}'; $libvar; Get-Five") == [5, 5]


def test_script_root_and_args_of_a_script_file(ps, tmp_path):
    script = tmp_path / "args.ps1"
    script.write_text("param($a) \"$a $($args.Count)\"; $PSScriptRoot -eq '" + str(tmp_path)
                      + "'", encoding="utf-8")
    assert ps(f"& '{script}' first second third") == ["first 2", True]


def test_functions_defined_in_a_child_scope_vanish_with_it(ps):
    assert ps("& { function inner { 'x' } }; (Get-Command inner -ErrorAction "
              "SilentlyContinue) -eq $null") == [True]


def test_get_new_closure_captures_current_values(ps):
    assert ps("$v = 1; $sb = { $v }.GetNewClosure(); $v = 2; & $sb") == [1]


def test_variable_drive_and_function_drive(ps):
    assert ps("$q = 3; $variable:q; function h { 'h' }; (${function:h}).ToString().Trim()") == \
        [3, "'h'"]


def test_automatic_variables(ps):
    assert ps("$PSVersionTable.PSEdition; $PSVersionTable.PSVersion.Major; $true; $null; "
              "$Host -ne $null; $PID -gt 0") == ["Core", 7, True, None, True, True]


def test_preference_variables_have_defaults(ps):
    assert ps("\"$ErrorActionPreference $VerbosePreference|$FormatEnumerationLimit\"") == \
        ["Continue SilentlyContinue|4"]
    # $OFS exists only once a script sets it; arrays in strings are still joined by a space.
    assert ps("$null -eq $OFS; \"$(1, 2)\"; $OFS = '-'; \"$(1, 2)\"") == [True, "1 2", "1-2"]


def test_session_get_and_set_variable(ps):
    session = ps.session
    session.set_variable("answer", 42)
    assert ps("$answer") == [42]
    ps("$global:later = 'x'")
    assert session.get_variable("later") == "x"
    assert session.get_variable("global:later") == "x"
