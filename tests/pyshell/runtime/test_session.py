"""The Session: running text as the console and scripts do, Out-Default, exit codes,
deterministic time and randomness, the command table, modules (architecture §4)."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell, new_session  # noqa: E402

from pyshell.runtime import ModuleSpec, Session, SessionOptions  # noqa: E402
from pyshell.runtime.clock import VirtualClock  # noqa: E402


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_run_prints_each_statement_through_out_default(ps):
    code, text = ps.run("1..3 | ForEach-Object { $_ * 2 }")
    assert code == 0 and text == "2\n4\n6\n"


def test_each_top_level_statement_is_formatted_on_its_own(ps):
    code, text = ps.run("[pscustomobject]@{a=1}; [pscustomobject]@{b=2}")
    assert "a\n-\n1" in text and "b\n-\n2" in text


def test_run_returns_the_exit_code(ps):
    assert ps.run("exit 7")[0] == 7
    assert ps.run("'fine'")[0] == 0
    assert ps.run("throw 'x'")[0] == 1
    assert ps.run("if (")[0] == 1


def test_invoke_returns_objects_and_raises_terminating_errors(ps):
    from pyshell.runtime.errors import RuntimeException
    assert ps("1; 2") == [1, 2]
    with pytest.raises(RuntimeException) as info:
        ps("throw 'bad'")
    assert info.value.error_record.fully_qualified_error_id == "bad"


def test_invoke_with_input_feeds_dollar_input(ps):
    assert ps.session.invoke("$input | ForEach-Object { $_ + 1 }", input=[1, 2]) == [2, 3]


def test_parse_errors_from_invoke_are_parse_exceptions(ps):
    from pyshell.runtime.errors import ParseException
    with pytest.raises(ParseException):
        ps("1 +")


def test_deterministic_sessions_have_a_virtual_clock_and_seeded_random():
    first = new_session()
    second = new_session()
    assert isinstance(first.clock, VirtualClock)
    assert first.clock.now() == dt.datetime(2022, 11, 23, 9, 0, 0)
    first.clock.sleep(90)
    assert first.clock.now() == dt.datetime(2022, 11, 23, 9, 1, 30)
    assert first.random.random() == second.random.random()


def test_start_sleep_moves_the_virtual_clock(ps):
    ps("Start-Sleep -Seconds 5")
    assert ps.session.clock.now() == dt.datetime(2022, 11, 23, 9, 0, 5)


def test_get_command_order_is_alias_function_cmdlet(ps):
    session = ps.session
    assert session.get_command("ForEach-Object").command_type == "Cmdlet"
    assert session.get_command("%").command_type == "Alias"
    ps("function ForEach-Object { 'mine' }")
    assert session.get_command("ForEach-Object").command_type == "Function"
    assert session.get_command("Microsoft.PowerShell.Core\\Get-Command") is not None
    assert session.get_command("No-Such") is None


def test_module_state_is_created_once_per_session():
    made = []
    spec = ModuleSpec(name="Demo", state_factory=lambda session: made.append(session) or "state")
    session = Session(modules=[spec], options=SessionOptions(deterministic=True))
    assert session.module_state("Demo") == "state"
    assert session.module_state("demo") == "state"
    assert len(made) == 1


def test_the_session_stays_usable_after_errors(ps):
    ps.run("throw 'x'")
    ps.run("1/$null")
    ps.run("if (")
    assert ps("'still here'") == ["still here"]


def test_scripts_run_in_their_own_script_scope(ps, tmp_path):
    path = tmp_path / "s.ps1"
    code, text = ps.run("$inScript = 1; $global:fromScript = 2", path=str(path))
    assert ps("$null -eq $inScript; $fromScript") == [True, 2]


def test_script_arguments(ps):
    ps.session.run("\"$($args.Count) $($args[0])\"", path="x.ps1", args=("a", "b"))
    assert ps.host.stdout.strip() == "2 a"


def test_nested_invoke_runs_in_the_callers_scope(ps):
    assert ps("function f { $inner = 1; Invoke-Expression '$inner + 1' }; f") == [2]


def test_a_scripts_param_block_binds_its_arguments_and_defaults(ps):
    text = "param($Name = 'world', [int]$Count = 1) \"$Name x$($Count + 1)\""
    assert ps.session.run(text, path="p.ps1") == 0
    assert ps.session.run(text, path="p.ps1", args=("-Count", "4", "you")) == 0
    assert ps.host.stdout.split("\n")[:2] == ["world x2", "you x5"]
    assert ps("param($q = 9) $q") == [9]


def test_a_real_sleep_gives_up_when_a_stop_is_requested():
    from pyshell.runtime.clock import RealClock
    RealClock(interrupted=lambda: True).sleep(3600)  # returns at once, not in an hour
    session = Session(modules=[])
    session.stop()
    session.clock.sleep(3600)
