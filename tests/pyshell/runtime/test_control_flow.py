"""Loops, labels, switch, break/continue unwinding, return and exit (semantics §3)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_if_elseif_else(ps):
    assert ps("foreach ($n in 1,2,3) { if ($n -eq 1) {'one'} elseif ($n -eq 2) {'two'} "
              "else {'many'} }") == ["one", "two", "many"]


def test_while_do_while_do_until_and_for(ps):
    assert ps("$i = 0; while ($i -lt 3) { $i++ }; $i") == [3]
    assert ps("$i = 0; do { $i++ } while ($i -lt 5); $i") == [5]
    assert ps("$i = 0; do { $i++ } until ($i -ge 2); $i") == [2]
    assert ps("for ($i = 0; $i -lt 3; $i++) { $i * 10 }") == [0, 10, 20]
    assert ps("$i = 5; do { 'once' } while ($false)") == ["once"]


def test_foreach_over_null_runs_zero_times_and_over_a_scalar_once(ps):
    assert ps("foreach ($x in $null) { 'no' }; foreach ($x in 5) { $x }") == [5]


def test_foreach_over_a_pipeline(ps):
    assert ps("foreach ($x in 1..3 | ForEach-Object { $_ * 2 }) { $x }") == [2, 4, 6]


def test_break_and_continue_target_the_innermost_loop(ps):
    assert ps("foreach ($i in 1..5) { if ($i -eq 2) { continue }; if ($i -eq 4) { break }; "
              "$i }") == [1, 3]


def test_labelled_break_and_continue(ps):
    assert ps(":outer foreach ($i in 1..3) { foreach ($j in 1..3) { "
              "if ($j -eq 2) { continue outer }; \"$i$j\" } }") == ["11", "21", "31"]
    assert ps(":outer for ($i = 0; $i -lt 3; $i++) { while ($true) { break outer } }; 'done'") \
        == ["done"]


def test_break_unwinds_through_script_blocks(ps):
    code, text = ps.run("1; &{ 2; &{ 3; break; 4 }; 5 }; 6")
    assert text.split() == ["1", "2", "3"]


def test_break_in_a_function_stops_the_callers_loop(ps):
    assert ps("function f { break }; foreach ($i in 1..3) { $i; f }; 'after'") == [1, "after"]


def test_switch_runs_every_matching_clause(ps):
    assert ps("switch (3) { 3 {'a'} {$_ -gt 2} {'b'} 4 {'c'} }") == ["a", "b"]


def test_switch_default_and_arrays(ps):
    assert ps("switch (1, 5) { 1 {'one'} default {\"other $_\"} }") == ["one", "other 5"]


def test_switch_break_and_continue(ps):
    assert ps("switch (1,2,3) { 2 { 'two'; break } default { $_ } }") == [1, "two"]
    assert ps("switch (1,2,3) { {$_ -ge 1} { $_; continue } 2 { 'never' } }") == [1, 2, 3]


def test_switch_wildcard_regex_exact_and_case_sensitive(ps):
    assert ps("switch -wildcard ('abc') { 'a*' {'w'} }") == ["w"]
    assert ps("switch -regex ('abc') { '^a(.)' { $Matches[1] } }") == ["b"]
    assert ps("switch -exact ('a*') { 'a*' {'exact'} 'abc' {'no'} }") == ["exact"]
    assert ps("switch -casesensitive ('ABC') { 'abc' {'lower'} 'ABC' {'upper'} }") == ["upper"]
    assert ps("switch ('ABC') { 'abc' {'ci'} }") == ["ci"]


def test_switch_file(ps, tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("one\ntwo\n", encoding="utf-8")
    assert ps(f"switch -file '{path}' {{ 'two' {{ 'found' }} default {{ \"line $_\" }} }}") == \
        ["line one", "found"]


def test_switch_on_empty_output_runs_nothing(ps):
    assert ps("switch (& {}) { default { 'd' } }") == []


def test_return_ends_the_function_and_writes_its_value(ps):
    assert ps("function f { 1; return 2; 3 }; f") == [1, 2]


def test_exit_ends_the_script_with_a_code(ps):
    code, text = ps.run("'a'; exit 3; 'b'")
    assert code == 3 and text.split() == ["a"]
    assert ps.session.get_variable("LASTEXITCODE") == 3


def test_exit_inside_a_function_ends_the_whole_script(ps):
    code, text = ps.run("function f { exit 4 }; 'a'; f; 'b'")
    assert code == 4 and text.split() == ["a"]


def test_pipeline_chains_follow_dollar_question(ps):
    assert ps("'a' && 'b'") == ["a", "b"]
    ps.run("Write-Error 'bad' || 'recovered'")
    assert ps.host.stdout.split() == ["recovered"]
    ps.run("Write-Error 'bad' && 'never'")
    assert ps.host.stdout.split() == ["recovered"]


def test_stop_ends_a_loop_runs_finally_blocks_and_keeps_the_session_usable(ps):
    from pyshell.runtime.errors import PipelineStoppedException
    session = ps.session
    seen = []

    def stop_after(obj):
        seen.append(obj)
        if len(seen) == 3:
            session.stop()
    session.propagate_depth = 0
    from pyshell.language import parse
    from pyshell.runtime.compiler import compile_scriptblock
    compiled = compile_scriptblock(parse("try { while ($true) { foreach ($i in 1..100) { $i } } }"
                                         " finally { $global:cleaned = 'yes' }"))
    with pytest.raises(PipelineStoppedException):
        session._run_blocks(compiled, session.global_scope, stop_after, None)
    assert len(seen) == 3
    assert session.get_variable("cleaned") == "yes"
    session.stopping = False
    assert ps("2 + 2") == [4]


def test_data_and_trap_free_statement_blocks(ps):
    assert ps("data d { 'x'; 'y' }; $d.Count") == [2]


def test_a_range_piped_into_a_pipeline_streams_its_items(ps):
    assert ps("3..1 | ForEach-Object { $_ * 2 }; 'a'..'b' | ForEach-Object { \"$_\" }") == \
        [6, 4, 2, "a", "b"]


def test_null_is_one_pipeline_object_but_no_output_is_none(ps):
    assert ps("$null | ForEach-Object { 'x' }; & {} | ForEach-Object { 'y' }") == ["x"]
