"""Positional binding: remaining-arguments parameters take every leftover argument, and a
validation failure PowerShell swallows passes the argument to the next candidate set."""

from __future__ import annotations

import enum
import pathlib
import sys
from typing import Annotated, Any, Optional

import pytest

from pyshell.runtime import Cmdlet, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ParameterBindingException
from pyshell.runtime.parameters import ValidationFailure, Validator

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _pipeline_fakes import FakeSession, arg, named, run, stage  # noqa: E402


@cmdlet("Write", "Words", dotnet_class="Test.Commands.WriteWords")
class WriteWordsCommand(Cmdlet):
    """Position 0 and ValueFromRemainingArguments, as Write-Output and Write-Host declare."""

    words: Annotated[Optional[list[Any]], Parameter(position=0, from_remaining_arguments=True,
                                                    from_pipeline=True)] = None
    loud: Annotated[Switch, Parameter()] = Switch(False)

    def process_record(self) -> None:
        self.write_object(("words", self.words, bool(self.loud)))


@cmdlet("Send", "Message", dotnet_class="Test.Commands.SendMessage")
class SendMessageCommand(Cmdlet):
    """A first positional parameter, then one collecting the rest."""

    to: Annotated[str, Parameter(position=0)] = ""
    body: Annotated[Optional[list[Any]], Parameter(position=1,
                                                   from_remaining_arguments=True)] = None

    def process_record(self) -> None:
        self.write_object((self.to, self.body))


class Kind(enum.Enum):
    __ps_typenames__ = ("Test.Kind",)
    Circle = 1
    Square = 2


class _Refused(ValidationFailure):
    swallow = True


class NotAKindName(Validator):
    def check(self, value: Any, session: Any) -> None:
        if isinstance(value, str) and value.lower() in ("circle", "square"):
            raise _Refused(f"'{value}' is a kind.")


@cmdlet("New", "Shape", default_parameter_set="Named", dotnet_class="Test.Commands.NewShape")
class NewShapeCommand(Cmdlet):
    """Two sets sharing positions: (Kind, Size) or (Label, Size); a kind name is no label."""

    kind: Annotated[Optional[Kind], Parameter(mandatory=True, position=0,
                                              parameter_set="Kind")] = None
    label: Annotated[Optional[str], Parameter(mandatory=True, position=0,
                                              parameter_set="Labelled"),
                     NotAKindName()] = None
    size: Annotated[Any, Parameter(position=1, parameter_set="Kind"),
                    Parameter(position=1, parameter_set="Labelled")] = None
    named: Annotated[Switch, Parameter(parameter_set="Named")] = Switch(False)

    def process_record(self) -> None:
        self.write_object((self.parameter_set_name, self.kind, self.label, self.size))


@pytest.fixture
def fake() -> FakeSession:
    return FakeSession()


# ---------------------------------------------------------------- remaining arguments

def test_a_positional_remaining_arguments_parameter_takes_every_argument(fake):
    assert run(fake, stage(WriteWordsCommand, arg(1), arg(2), arg(3))) == \
        [("words", [1, 2, 3], False)]


def test_one_argument_is_a_one_element_list_and_an_array_stays_one_element(fake):
    assert run(fake, stage(WriteWordsCommand, arg("a"))) == [("words", ["a"], False)]
    assert run(fake, stage(WriteWordsCommand, arg([1, 2]))) == [("words", [[1, 2]], False)]


def test_named_parameters_between_the_remaining_arguments_bind_by_name(fake):
    assert run(fake, stage(WriteWordsCommand, arg("a"), named("Loud"), arg("b"))) == \
        [("words", ["a", "b"], True)]


def test_unknown_parameter_names_become_remaining_arguments(fake):
    assert run(fake, stage(WriteWordsCommand, arg("a"), named("Odd"), arg("b"))) == \
        [("words", ["a", "-Odd", "b"], False)]


def test_earlier_positions_bind_first_then_the_rest_is_collected(fake):
    assert run(fake, stage(SendMessageCommand, arg("bob"), arg("hi"), arg("there"))) == \
        [("bob", ["hi", "there"])]
    assert run(fake, stage(SendMessageCommand, arg("bob"))) == [("bob", None)]


def test_piped_input_still_binds_by_value(fake):
    assert run(fake, stage(WriteWordsCommand), input=["x"]) == [("words", ["x"], False)]


# ---------------------------------------------------------------- candidate sets

def test_a_swallowed_validation_failure_lets_the_next_set_take_the_argument(fake):
    assert run(fake, stage(NewShapeCommand, arg("Circle"), arg(3))) == \
        [("Kind", Kind.Circle, None, 3)]
    assert run(fake, stage(NewShapeCommand, arg("square"), arg(3))) == \
        [("Kind", Kind.Square, None, 3)]


def test_an_argument_the_validator_accepts_binds_without_conversion(fake):
    assert run(fake, stage(NewShapeCommand, arg("box"), arg(3))) == \
        [("Labelled", None, "box", 3)]


def test_a_named_argument_still_reports_the_validation_error(fake):
    with pytest.raises(ParameterBindingException) as info:
        run(fake, stage(NewShapeCommand, named("Label", "Circle")))
    assert info.value.error_record.fully_qualified_error_id == \
        "ParameterArgumentValidationError,Test.Commands.NewShape"


# ---------------------------------------------------------------- through the shell

def test_write_output_writes_every_positional_argument(session):
    assert session.invoke("Write-Output 1 2 3") == [1, 2, 3]
    assert session.invoke("echo a -Verbose b") == ["a", "b"]
    assert session.invoke("Write-Output -- -InputObject") == ["-InputObject"]


def test_write_output_enumerates_an_array_argument_unless_told_not_to(session):
    assert session.invoke("Write-Output 1,2,3 | Measure-Object | % Count") == [3]
    assert session.invoke("Write-Output 1,2,3 -NoEnumerate | Measure-Object | % Count") == [1]
    assert session.invoke("$r = Write-Output 1, @(2, 3); $r.Count; $r[1] -is [array]") == \
        [2, True]


def test_write_host_joins_every_positional_argument(session, host):
    session.run("Write-Host a b; Write-Host (1,2) 3 -Separator ','")
    assert host.text.splitlines() == ["a b", "1,2,3"]


def test_an_advanced_function_collects_remaining_arguments(session):
    out = session.invoke("""
        function Join-Rest {
            [CmdletBinding()]
            param([Parameter(Position = 0)] $First,
                  [Parameter(Position = 1, ValueFromRemainingArguments)] $Rest)
            "$First|$($Rest -join ',')"
        }
        Join-Rest a b c d""")
    assert out == ["a|b,c,d"]
