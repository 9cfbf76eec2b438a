"""The streaming pipeline and the output streams, without the compiler."""

from __future__ import annotations

import pathlib
import sys
from typing import Annotated, Any

import pytest

from pyshell.runtime import Cmdlet, Parameter, cmdlet
from pyshell.runtime.errors import (ActionPreferenceStopException, PipelineStoppedException,
                                    PSInvalidOperationException, RuntimeException)
from pyshell.runtime.streams import Redirection, RedirectionStream

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _pipeline_fakes import (EchoCommand, FakeSession, RemoveItemCommand,  # noqa: E402
                             SetItemCommand, WriteStreamsCommand, arg, named, run, stage)


@pytest.fixture
def session() -> FakeSession:
    return FakeSession()


def test_objects_stream_one_at_a_time_through_begin_process_end():
    EchoCommand.log = []
    out = run(FakeSession(), stage(EchoCommand, arg("A")), stage(EchoCommand, arg("B")),
              input=[1, 2])
    assert out == [1, 2]
    assert EchoCommand.log == ["begin A", "begin B", "process A 1", "process B 1",
                               "process A 2", "process B 2", "end A", "end B"]


def test_first_command_without_input_processes_once(session):
    EchoCommand.log = []
    assert run(session, stage(EchoCommand, arg("A"))) == [None]
    assert EchoCommand.log == ["begin A", "process A None", "end A"]


def test_binding_errors_come_before_any_command_begins(session):
    EchoCommand.log = []
    with pytest.raises(RuntimeException):
        run(session, stage(EchoCommand, arg("A")), stage(EchoCommand, named("Nope", 1)))
    assert EchoCommand.log == []


def test_non_terminating_errors_continue_and_set_status(session):
    out = run(session, stage(RemoveItemCommand), input=[1, 2, 3])
    assert out == [2]
    errors = session.get_variable("Error")
    assert [e.target_object for e in errors] == [3, 1]  # newest first
    assert errors[0].fully_qualified_error_id == "OddNumber,Test.Commands.RemoveItem"
    assert session.get_variable("?") is False
    assert "Remove-Item: odd 1" in session.host.text
    assert "WARNING: kept 2" in session.host.text
    assert "VERBOSE" not in session.host.text


def test_error_action_stop_makes_the_error_terminating(session):
    with pytest.raises(ActionPreferenceStopException) as info:
        run(session, stage(RemoveItemCommand, named("ErrorAction", "Stop")), input=[2, 1, 4])
    assert info.value.error_record.fully_qualified_error_id == \
        "OddNumber,Test.Commands.RemoveItem"


def test_error_action_silently_continue_records_but_does_not_show(session):
    run(session, stage(RemoveItemCommand, named("ea", "SilentlyContinue")), input=[1])
    assert len(session.get_variable("Error")) == 1
    assert "odd" not in session.host.text


def test_error_action_ignore_and_preference_variable(session):
    session.set_variable("ErrorActionPreference", "Ignore")
    run(session, stage(RemoveItemCommand), input=[1])
    assert not session.get_variable("Error")


def test_error_and_warning_variables_and_append(session):
    run(session, stage(RemoveItemCommand, named("ErrorVariable", "e"),
                       named("WarningVariable", "w"), named("WarningAction", "SilentlyContinue")),
        input=[1, 2])
    assert [r.target_object for r in session.get_variable("e")] == [1]
    assert [str(w) for w in session.get_variable("w")] == ["kept 2"]
    assert "WARNING" not in session.host.text
    run(session, stage(RemoveItemCommand, named("ErrorVariable", "+e"),
                       named("ea", "SilentlyContinue")), input=[3])
    assert [r.target_object for r in session.get_variable("e")] == [1, 3]


def test_out_variable_keeps_a_copy_of_the_output(session):
    out = run(session, stage(EchoCommand, named("OutVariable", "o")), input=[1, 2])
    assert out == [1, 2] and session.get_variable("o") == [1, 2]


def test_verbose_switch_shows_verbose_messages(session):
    run(session, stage(RemoveItemCommand, named("Verbose")), input=[2])
    assert "VERBOSE: verbose 2" in session.host.text


def test_redirections_merge_and_discard_streams(session):
    to_output = (Redirection(RedirectionStream.ERROR, "output"),
                 Redirection(RedirectionStream.WARNING, "null"))
    out = run(session, stage(RemoveItemCommand, redirections=to_output), input=[1, 2])
    assert [getattr(o, "error_id", o) for o in out] == ["OddNumber", 2]
    assert "WARNING" not in session.host.text and "odd" not in session.host.text


def test_redirection_of_errors_to_a_file(session, tmp_path):
    target = tmp_path / "err.txt"
    run(session, stage(RemoveItemCommand, redirections=(
        Redirection(RedirectionStream.ERROR, str(target)),)), input=[1])
    assert "odd 1" in target.read_text()


def test_whatif_prints_and_skips(session):
    assert run(session, stage(SetItemCommand, arg("web1"), named("WhatIf"))) == []
    assert session.host.text == \
        'What if: Performing the operation "Set-Item" on target "web1".\n'


def test_confirm_asks_and_is_an_error_when_no_one_can_answer(session):
    with pytest.raises(PSInvalidOperationException):
        run(session, stage(SetItemCommand, arg("web1"), named("Confirm")))
    answering = FakeSession(interactive=True, input_lines=("n",))
    assert run(answering, stage(SetItemCommand, arg("web1"), named("Confirm"))) == []
    assert "Are you sure you want to perform this action?" in answering.host.text
    yes = FakeSession(interactive=True, input_lines=("",))
    assert run(yes, stage(SetItemCommand, arg("web1"), named("Confirm"))) == [
        ("set", "web1", None)]


def test_stop_request_is_honoured_between_objects(session):
    def items():
        yield 1
        session.stopping = True
        yield 2
    with pytest.raises(PipelineStoppedException):
        run(session, stage(EchoCommand), input=items())


@cmdlet("Invoke", "Bug", dotnet_class="Test.Commands.InvokeBug")
class InvokeBugCommand(Cmdlet):
    """Fails with a plain Python exception."""

    value: Annotated[Any, Parameter(position=0)] = None

    def process_record(self) -> None:
        raise KeyError("missing")


def test_a_python_exception_in_a_cmdlet_becomes_an_error_record(session):
    with pytest.raises(RuntimeException) as info:
        run(session, stage(InvokeBugCommand))
    record = info.value.error_record
    assert record.error_id == "KeyError"
    assert record.invocation_info.my_command == "Invoke-Bug"


class ProgressHost:
    def __init__(self, host):
        self.inner, self.progress = host, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def write_progress(self, record):
        self.progress.append(record)


def test_default_preferences_show_host_text_and_hide_debug_and_information(session):
    session.host = ProgressHost(session.host)
    assert run(session, stage(WriteStreamsCommand)) == ["out"]
    assert session.host.inner.text == "host text\n"
    assert session.host.progress == [{"activity": "act"}]


def test_debug_and_information_actions_show_their_streams(session):
    run(session, stage(WriteStreamsCommand, named("Debug"),
                       named("InformationAction", "Continue")))
    assert session.host.text == "DEBUG: dbg\ninfo\nhost text\n"


def test_information_action_ignore_silences_write_host_too(session):
    run(session, stage(WriteStreamsCommand, named("InformationAction", "Ignore"),
                       named("ProgressAction", "SilentlyContinue")))
    assert session.host.text == ""


def test_information_variable_and_redirection_to_output(session):
    redirect = (Redirection(RedirectionStream.INFORMATION, "output"),)
    out = run(session, stage(WriteStreamsCommand, named("InformationVariable", "iv"),
                             redirections=redirect))
    assert [str(o) for o in out] == ["host text", "out"]
    assert [str(r) for r in session.get_variable("iv")] == ["info", "host text"]
    assert [r.tags for r in session.get_variable("iv")] == [("t",), ("PSHOST",)]


def test_preference_variables_for_a_script_scope(session):
    from pyshell.runtime.streams import ActionPreference, CommandRuntime
    runtime = CommandRuntime(session, "f")
    runtime.configure({"Verbose": True, "ErrorAction": "Stop"})
    prefs = runtime.preference_variables()
    assert prefs["VerbosePreference"] is ActionPreference.Continue
    assert prefs["ErrorActionPreference"] is ActionPreference.Stop


class _BrokenValidator:
    per_element = False

    def validate(self, value, session=None):
        raise KeyError("bug")


@cmdlet("Invoke", "BrokenBinding", dotnet_class="Test.Commands.InvokeBrokenBinding")
class InvokeBrokenBindingCommand(Cmdlet):
    """A parameter whose validator has a bug."""

    value: Annotated[Any, Parameter(position=0)] = None


def test_a_bug_while_binding_is_an_error_record_not_a_traceback(session):
    from attrs import evolve
    meta = InvokeBrokenBindingCommand.metadata
    spec = evolve(meta.get("Value"), validators=(_BrokenValidator(),))
    broken = evolve(meta, parameters=(spec,) + meta.parameters[1:])
    InvokeBrokenBindingCommand.metadata = broken
    try:
        with pytest.raises(RuntimeException) as info:
            run(session, stage(InvokeBrokenBindingCommand, arg(1)))
        assert info.value.error_record.error_id == "KeyError"
    finally:
        InvokeBrokenBindingCommand.metadata = meta


def test_a_failing_validate_script_is_a_validation_error():
    from pyshell.runtime.binder import bind_arguments
    from pyshell.runtime.errors import ParameterBindingException
    from pyshell.runtime.parameters import CommandMetadata, ParameterSpec, ValidateScript

    def explode(value):
        raise RuntimeException("no way")
    meta = CommandMetadata.for_function("f", [ParameterSpec.create(
        "p", None, validators=[ValidateScript(explode)])], cmdlet_binding=True)
    with pytest.raises(ParameterBindingException) as info:
        bind_arguments(meta, [named("p", 1)])
    assert info.value.message == "Cannot validate argument on parameter 'p'. no way"


@cmdlet("Remove", "Thing", dotnet_class="Test.Commands.RemoveThing")
class RemoveThingCommand(Cmdlet):
    """Asks before removing, unless -Force."""

    force: Annotated[Any, Parameter()] = None

    def process_record(self) -> None:
        if self.should_continue("Really remove the thing?", "Confirm"):
            self.write_object("removed")


def test_should_continue_asks_unless_forced():
    from _pipeline_fakes import FakeSession as Fake
    assert run(Fake(), stage(RemoveThingCommand, named("Force", True))) == ["removed"]
    yes = Fake(interactive=True, input_lines=("y",))
    assert run(yes, stage(RemoveThingCommand)) == ["removed"]
    assert "[Y] Yes  [N] No  [S] Suspend  [?] Help (default is \"Y\"): y" in yes.host.text
    with pytest.raises(PSInvalidOperationException) as info:
        run(Fake(), stage(RemoveThingCommand))
    assert info.value.error_record.fully_qualified_error_id == \
        "HostException,Test.Commands.RemoveThing"
