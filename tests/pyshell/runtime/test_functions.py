"""Functions, filters, advanced functions and script blocks (semantics §3)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_parameters_in_parentheses_or_param_block_are_the_same(ps):
    assert ps("function a($x, $y) { \"$x-$y\" }; function b { param($x, $y) \"$x-$y\" }; "
              "a 1 2; b -y 2 -x 1") == ["1-2", "1-2"]


def test_unbound_arguments_go_to_args(ps):
    assert ps("function f { $args.Count; $args[1] }; f a b c") == [3, "b"]
    assert ps("function g($first) { $first; $args }; g 1 2 3") == [1, 2, 3]


def test_simple_function_passes_unknown_parameters_in_args(ps):
    assert ps("function f { $args }; f -Unknown value") == ["-Unknown", "value"]


def test_typed_parameters_convert_and_keep_the_constraint(ps):
    assert ps("function f([int]$n) { $n.GetType().Name; $n = '5'; $n + 1 }; f '3'") == \
        ["Int32", 6]


def test_defaults_are_evaluated_at_call_time(ps):
    assert ps("$d = 'early'; function f($v = $d) { $v }; $d = 'late'; f") == ["late"]
    assert ps("function g($a = 1, $b = $a + 1) { $b }; g; g 10") == [2, 11]


def test_switch_parameters(ps):
    assert ps("function f([switch]$On) { [bool]$On }; f; f -On; f -On:$false") == \
        [False, True, False]


def test_advanced_function_rejects_unknown_parameters(ps):
    with pytest.raises(Exception) as info:
        ps("function f { [CmdletBinding()] param($a) $a }; f -Nope 1")
    assert info.value.error_record.fully_qualified_error_id == "NamedParameterNotFound,f"


def test_mandatory_parameter_missing_in_a_non_interactive_session(ps):
    with pytest.raises(Exception) as info:
        ps("function f { param([Parameter(Mandatory)]$Name) $Name }; f")
    assert "MissingMandatoryParameter" in info.value.error_record.fully_qualified_error_id


def test_parameter_attributes_positions_and_aliases(ps):
    assert ps("function f { param([Parameter(Position=1)]$b, [Parameter(Position=0)]"
              "[Alias('First')]$a) \"$a$b\" }; f x y; f -First p -b q") == ["xy", "pq"]


def test_validation_attributes(ps):
    assert ps("function f { param([ValidateSet('a','b')]$v) $v }; f a") == ["a"]
    with pytest.raises(Exception) as info:
        ps("function f { param([ValidateRange(1,5)][int]$n) $n }; f 9")
    assert "ParameterArgumentValidationError" in info.value.error_record.fully_qualified_error_id


def test_pipeline_input_by_value_and_by_property_name(ps):
    assert ps("function f { param([Parameter(ValueFromPipeline)]$x) process { $x * 2 } }; "
              "1..3 | f") == [2, 4, 6]
    assert ps("function g { param([Parameter(ValueFromPipelineByPropertyName)]$Name) "
              "process { $Name } }; [pscustomobject]@{Name='n1'}, [pscustomobject]@{Name='n2'} "
              "| g") == ["n1", "n2"]


def test_begin_process_end_and_input(ps):
    assert ps("function f { begin { 'b' } process { \"p$_\" } end { 'e' } }; 1,2 | f") == \
        ["b", "p1", "p2", "e"]
    assert ps("function g { $input | ForEach-Object { $_ + 1 } }; 1,2 | g") == [2, 3]
    assert ps("function h { @($input).Count }; 1..4 | h") == [4]


def test_filters_run_once_per_input_object(ps):
    assert ps("filter double { $_ * 2 }; 1..3 | double") == [2, 4, 6]


def test_psboundparameters(ps):
    assert ps("function f($a, $b) { $PSBoundParameters.Count; $PSBoundParameters['a'] }; "
              "f -a 1") == [1, 1]


def test_cmdletbinding_adds_common_parameters_and_should_process(ps):
    code, text = ps.run("function Remove-Thing { [CmdletBinding(SupportsShouldProcess)] "
                        "param($Name) if ($PSCmdlet.ShouldProcess($Name, 'Remove')) "
                        "{ \"removed $Name\" } }; Remove-Thing x -WhatIf; Remove-Thing y")
    assert 'What if: Performing the operation "Remove" on target "x".' in text
    assert "removed y" in text and "removed x" not in text


def test_verbose_common_parameter_sets_the_preference_inside(ps):
    code, text = ps.run("function f { [CmdletBinding()] param() Write-Verbose 'loud' }; f; "
                        "f -Verbose")
    assert text.count("VERBOSE: loud") == 1


def test_script_blocks_invoke_with_arguments_and_param(ps):
    assert ps("$sb = { param($a, $b) $a + $b }; & $sb 1 2; $sb.Invoke(3, 4); "
              "{ $args[0] }.Invoke('z')") == [3, 7, "z"]


def test_script_block_to_string_is_the_text_inside_the_braces(ps):
    assert ps("{ $_ * 2 }.ToString()") == [" $_ * 2 "]


def test_script_block_as_a_value_in_a_variable_and_pipeline(ps):
    assert ps("$double = { process { $_ * 2 } }; 1,2 | & $double") == [2, 4]


def test_recursion(ps):
    assert ps("function fact($n) { if ($n -le 1) { 1 } else { $n * (fact ($n - 1)) } }; "
              "fact 10") == [3628800]


def test_call_depth_overflow_is_a_powershell_error(ps):
    code, text = ps.run("function down($n) { down ($n + 1) }; down 0; 'next'")
    assert "call depth overflow" in text
    assert "Traceback" not in text


def test_functions_win_over_cmdlets_and_aliases_over_functions(ps):
    assert ps("function Write-Output { 'mine' }; Write-Output x") == ["mine"]
    assert ps("function ForEach-Object { 'fn' }; 1 | % { 'alias' }") == ["fn"]


def test_function_drive_assignment_defines_a_function(ps):
    assert ps("${function:hello} = { 'hi' }; hello") == ["hi"]


def test_splatting_hashtables_and_arrays(ps):
    assert ps("function f($a, $b) { \"$a/$b\" }; $h = @{ b = 2; a = 1 }; f @h; "
              "$arr = 'x', 'y'; f @arr") == ["1/2", "x/y"]


def test_invoke_expression_runs_in_the_current_scope(ps):
    assert ps.session.invoke_in_current_scope("$ie = 5; $ie * 2") == [10]
    assert ps("$ie") == [5]


def test_ref_parameters_assign_through_to_the_callers_variable(ps):
    assert ps("function Set-Five([ref]$target) { $target.Value = 5 }; $y = 1; "
              "Set-Five ([ref]$y); $y; $r = [ref]3; $r.Value") == [5, 3]


def test_my_invocation_describes_the_running_command(ps):
    assert ps("function f { param($a) $MyInvocation.MyCommand.Name; "
              "$MyInvocation.BoundParameters['a']; $MyInvocation.MyCommand.CommandType }; "
              "f -a 5") == ["f", 5, "Function"]


def test_splatting_args_passes_parameter_names_on(ps):
    assert ps("function inner($Name, [switch]$Force) { \"$Name $Force\" }; "
              "function wrapper { inner @args }; wrapper -Name x -Force; wrapper y") == \
        ["x True", "y False"]
