"""Errors: try/catch/finally, throw, trap, terminating vs non-terminating, preferences,
`$Error`, `$?`, and how uncaught errors are shown (semantics §2)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_catch_gets_the_error_record(ps):
    assert ps("try { throw 'boom' } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; "
              "$_.CategoryInfo.Category.ToString(); $_.TargetObject }") == \
        ["boom", "boom", "OperationStopped", "boom"]


def test_typed_catches_match_by_dotnet_name_and_base_types(ps):
    assert ps("try { 1/$null } catch [System.DivideByZeroException] { 'dbz' } catch { 'any' }") \
        == ["dbz"]
    assert ps("try { 1/$null } catch [ArithmeticException] { 'base' }") == ["base"]
    assert ps("try { [int]'x' } catch [System.DivideByZeroException] { 'no' } "
              "catch { 'fallback' }") == ["fallback"]


def test_finally_always_runs(ps):
    assert ps("try { 'body' } finally { 'fin' }") == ["body", "fin"]
    assert ps("foreach ($i in 1..2) { try { break } finally { \"fin$i\" } }") == ["fin1"]
    assert ps("try { try { throw 'x' } finally { 'inner' } } catch { 'outer' }") == \
        ["inner", "outer"]


def test_bare_throw_rethrows_in_catch(ps):
    assert ps("try { try { throw 'first' } catch { throw } } catch { $_.Exception.Message }") \
        == ["first"]


def test_throw_error_records_and_exceptions(ps):
    assert ps("try { throw [System.ArgumentException]::new('bad arg') } "
              "catch [ArgumentException] { $_.Exception.Message }") == ["bad arg"]
    assert ps("try { throw } catch { $_.Exception.Message }") == ["ScriptHalted"]
    assert ps("try { try { throw 'a' } catch { throw $_ } } catch { $_.FullyQualifiedErrorId }") \
        == ["a"]


def test_non_terminating_errors_are_not_caught(ps):
    assert ps("try { Write-Error 'soft'; 'after' } catch { 'caught' }") == ["after"]


def test_error_action_stop_makes_them_catchable_with_the_original_record(ps):
    fqid, message = ps("try { Write-Error 'hard' -ErrorId MyId -ErrorAction Stop } "
                       "catch { $_.FullyQualifiedErrorId; $_.Exception.Message }")
    assert fqid.startswith("MyId") and message == "hard"
    assert ps("$ErrorActionPreference = 'Stop'; try { Write-Error 'pref' } "
              "catch { 'caught' }") == ["caught"]


def test_statement_terminating_errors_end_only_the_statement(ps):
    code, text = ps.run("'one'; 1/$null; 'two'")
    assert ps.host.stdout.split() == ["one", "two"]
    assert "Attempted to divide by zero." in ps.host.stderr


def test_throw_ends_the_script(ps):
    code, text = ps.run("'one'; throw 'stop here'; 'two'")
    assert ps.host.stdout.split() == ["one"] and code == 1
    assert "stop here" in ps.host.stderr


def test_an_error_inside_a_function_propagates_to_an_enclosing_try(ps):
    assert ps("function f { 1/$null; 'not reached' }; try { f } catch { 'caught' }") == \
        ["caught"]


def test_without_try_the_function_goes_on_after_a_statement_error(ps):
    code, text = ps.run("function f { 1/$null; 'reached' }; f")
    assert ps.host.stdout.split() == ["reached"]


def test_silently_continue_suppresses_and_records(ps):
    code, text = ps.run("$ErrorActionPreference = 'SilentlyContinue'; Write-Error 'quiet'; "
                        "1/$null; 'end'; $Error.Count")
    assert ps.host.stderr == ""
    assert ps.host.stdout.split() == ["end", "2"]


def test_dollar_error_holds_records_newest_first(ps):
    ps.run("Write-Error 'first'; Write-Error 'second'")
    assert ps("$Error[0].Exception.Message; $Error.Count") == ["second", 2]


def test_dollar_question_reflects_the_last_command(ps):
    assert ps("Write-Error 'x' -ErrorAction SilentlyContinue; $?; 'ok' | Out-Null; $?") == \
        [False, True]


def test_trap_with_continue_resumes_after_the_failing_statement(ps):
    code, text = ps.run("trap { 'trapped'; continue }; 'a'; 1/$null; 'b'")
    assert ps.host.stdout.split() == ["a", "trapped", "b"]
    assert ps.host.stderr == ""


def test_trap_without_continue_shows_the_error_and_goes_on(ps):
    code, text = ps.run("trap { 'trapped' }; 'a'; 1/$null; 'b'")
    assert ps.host.stdout.split() == ["a", "trapped", "b"]
    assert "Attempted to divide by zero." in ps.host.stderr


def test_trap_with_break_rethrows(ps):
    assert ps("function f { trap { 'in trap'; break }; 1/$null; 'not here' }; "
              "try { f } catch { 'outer caught' }") == ["in trap", "outer caught"]


def test_typed_trap_picks_the_most_specific(ps):
    code, text = ps.run("trap [System.Exception] { 'general'; continue }; "
                        "trap [System.DivideByZeroException] { 'specific'; continue }; 1/$null")
    assert ps.host.stdout.split() == ["specific"]


def test_command_not_found_is_catchable(ps):
    assert ps("try { Not-ACommand } catch [System.Management.Automation.CommandNotFoundException]"
              " { $_.FullyQualifiedErrorId }") == ["CommandNotFoundException"]


def test_command_not_found_message(ps):
    code, text = ps.run("Not-ACommand")
    assert "The term 'Not-ACommand' is not recognized as a name of a cmdlet, function, " \
           "script file, or executable program." in text.replace("\n     | ", " ")


def test_error_record_has_the_script_position(ps):
    assert ps("try {\n  $x = 1\n  1/$null\n} catch { $_.InvocationInfo.ScriptLineNumber }") == [3]


def test_uncaught_error_in_a_script_file_shows_the_line_block(ps, tmp_path):
    path = str(tmp_path / "s.ps1")
    code, text = ps.run("$a = 1\n1/$null\n", path=path)
    assert f"RuntimeException: {path}:2" in ps.host.stderr
    assert "   2 |  1/$null" in ps.host.stderr


def test_interactive_single_line_errors_are_one_line():
    shell = Shell(interactive=True)
    shell.run("1/$null")
    assert shell.host.stderr.strip() == "RuntimeException: Attempted to divide by zero."


def test_parse_errors_show_parser_error_and_run_nothing(ps):
    code, text = ps.run("'before'; if (")
    assert code == 1 and "ParserError" in ps.host.stderr and ps.host.stdout == ""


def test_no_python_traceback_for_internal_failures(ps):
    from pyshell.runtime.scriptblock import ScriptBlock
    ps.session.set_variable("broken", ScriptBlock.__new__(ScriptBlock))
    code, text = ps.run("& $broken; 'after'")
    assert "Traceback" not in text


def test_error_variable_and_ignore(ps):
    assert ps("Write-Error 'v' -ErrorVariable ev -ErrorAction SilentlyContinue; "
              "$ev[0].Exception.Message; Write-Error 'i' -ErrorAction Ignore; $Error.Count") == \
        ["v", 1]


def test_redirecting_errors_to_output(ps):
    result = ps("Write-Error 'to out' 2>&1")
    assert len(result) == 1 and result[0].exception.message == "to out"
    assert ps("& { Write-Error 'inner' } 2>$null; 'quiet'") == ["quiet"]


def test_output_redirection_to_a_file(ps, tmp_path):
    path = tmp_path / "out.txt"
    ps(f"'line1' > '{path}'; 'line2' >> '{path}'")
    assert path.read_text(encoding="utf-8").splitlines() == ["line1", "line2"]
    ps(f"1..2 | ForEach-Object {{ $_ }} > '{path}'")
    assert path.read_text(encoding="utf-8").split() == ["1", "2"]


def test_a_script_file_with_a_syntax_error_is_a_parse_error_not_a_crash(ps, tmp_path):
    bad = tmp_path / "bad.ps1"
    bad.write_text("if (\n", encoding="utf-8")
    kind, after = ps(f"try {{ & '{bad}' }} catch {{ $_.Exception.GetType().Name }}; 'next'")
    assert kind.endswith("ParseException") and after == "next"


def test_a_calls_redirections_apply_to_the_commands_inside_it(ps):
    records = ps("function f { Write-Error 'inner'; Write-Warning 'careful'; 'out' }; "
                 "f 2>&1 3>&1")
    assert [type(r).__name__ for r in records] == ["ErrorRecord", "WarningRecord", "str"]
    ps.run("function g { Write-Error 'hidden' }; g 2>$null; & { Write-Warning 'w' } 3>$null")
    assert ps.host.stderr == "" and "w" not in ps.host.text
