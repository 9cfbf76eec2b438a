"""Core cmdlets that need no script blocks, run through the pipeline with a stand-in session
(the session-driven tests are in test_core_cmdlets.py)."""

from __future__ import annotations

import pathlib
import sys

import pytest

from cmdlets.core import MODULE
from pyshell.runtime.members import PSObject
from pyshell.runtime.pipeline import CommandArgument, PipelineStage, run_pipeline

sys.path.insert(0, str(pathlib.Path(__file__).parents[2] / "pyshell" / "runtime"))
from _pipeline_fakes import FakeSession  # noqa: E402


class CoreSession(FakeSession):
    def __init__(self) -> None:
        super().__init__()
        infos = MODULE.command_infos() + MODULE.alias_infos()
        self.commands = {i.name.lower(): i for i in infos}

    def get_commands(self):
        return list(self.commands.values())

    def get_modules(self):
        return [MODULE]

    def resolve_path(self, path):
        import os
        return os.path.normpath(os.path.join(os.getcwd(), os.path.expanduser(path)))


@pytest.fixture
def session() -> CoreSession:
    return CoreSession()


def run(session, command, *args, input=None, **named):
    arguments = [CommandArgument(None, a) for a in args]
    arguments += [CommandArgument(k, v) for k, v in named.items()]
    out = []
    stage = PipelineStage(session.get_command(command), tuple(arguments))
    run_pipeline(session, [stage], input=input, sink=out.append)
    return out


def people():
    return [PSObject.from_pairs([("Name", n), ("Age", a), ("Tags", t)])
            for n, a, t in (("ann", 31, ["x", "y"]), ("Bob", 25, ["y"]), ("cy", None, []))]


SWITCH = CommandArgument("x").value  # a switch written without a value


@pytest.mark.parametrize("args, switch, expected", [
    (("Age", 25), None, ["Bob"]),                 # -EQ is the default operator
    (("Name", "bob"), "EQ", ["Bob"]),
    (("Name", "bob"), "CEQ", []),
    (("Age", 30), "GT", ["ann"]),
    (("Age", 25), "LE", ["Bob", "cy"]),           # $null is below every number
    (("Name", "*n*"), "Like", ["ann"]),
    (("Name", "^c"), "Match", ["cy"]),
    (("Tags", "y"), "Contains", ["ann", "Bob"]),
    (("Name", ["ann", "cy"]), "In", ["ann", "cy"]),
    (("Name", ["ann", "cy"]), "NotIn", ["Bob"]),
    (("Age",), "Not", ["cy"]),
    (("Age",), None, ["ann", "Bob"]),             # the property's truth
])
def test_where_object_simplified_syntax(session, args, switch, expected):
    from pyshell.runtime.members import get_property_value
    switches = {switch: SWITCH} if switch else {}
    out = run(session, "Where-Object", *args, input=people(), **switches)
    assert [get_property_value(p, "Name") for p in out] == expected


def test_where_object_rejects_two_operators(session):
    from pyshell.runtime.errors import ParameterBindingException
    with pytest.raises(ParameterBindingException) as info:
        run(session, "Where-Object", "Age", 3, input=people(), GT=SWITCH, LT=SWITCH)
    assert info.value.error_record.error_id == "AmbiguousParameterSet"


def test_foreach_object_member_name_reads_properties_and_calls_methods(session):
    assert run(session, "ForEach-Object", "Name", input=people()) == ["ann", "Bob", "cy"]
    assert run(session, "%", "Split", input=["a.b", "c"], ArgumentList=["."]) == ["a", "b", "c"]
    assert run(session, "ForEach-Object", "Nope", input=[1]) == []
    [record] = session.get_variable("Error")
    assert record.fully_qualified_error_id == \
        "PropertyOrMethodNotFound,Microsoft.PowerShell.Commands.ForEachObjectCommand"


def test_get_member_groups_by_type_and_filters(session):
    out = run(session, "Get-Member", input=[people()[0], people()[1]], MemberType=["NoteProperty"])
    assert [(m.type_name, m.name, str(m.member_type)) for m in out] == [
        ("System.Management.Automation.PSCustomObject", "Age", "NoteProperty"),
        ("System.Management.Automation.PSCustomObject", "Name", "NoteProperty"),
        ("System.Management.Automation.PSCustomObject", "Tags", "NoteProperty")]
    assert out[0].definition == "int Age=31"
    named = run(session, "gm", "N*", input=["text"])
    assert [m.name for m in named] == ["Normalize"] or all(m.name.startswith("N") for m in named)


def test_get_member_without_input_is_an_error(session):
    assert run(session, "Get-Member") == []
    assert session.get_variable("Error")[0].error_id == "NoObjectInGetMember"


def test_get_command_filters_and_sorts(session):
    out = run(session, "Get-Command", Verb=["Get"], Noun=["*Variable"])
    assert [c.name for c in out] == ["Get-Variable"]
    out = run(session, "gcm", "*-Location")
    assert [c.name for c in out] == ["Get-Location", "Pop-Location", "Push-Location",
                                     "Set-Location"]
    out = run(session, "Get-Command", "gcm")
    assert [(c.command_type, c.definition) for c in out] == [("Alias", "Get-Command")]
    assert run(session, "Get-Command", "Nope-Thing") == []
    assert session.get_variable("Error")[0].fully_qualified_error_id == \
        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand"


def test_get_help_builds_syntax_from_metadata(session):
    [info] = run(session, "Get-Help", "Where-Object")
    lines = info.lines()
    assert lines[:3] == ["", "NAME", "    Where-Object"]
    assert "    Where-Object [-InputObject <Object>] [-Property] <String> [[-Value] <Object>] " \
           "-GT [<CommonParameters>]" in lines
    [info] = run(session, "help", "gcm", Parameter=["Name"])
    text = "\n".join(info.lines())
    assert "-Name <String[]>" in text and "Accept wildcard characters?  true" in text


def test_get_help_of_an_unknown_topic(session):
    from pyshell.runtime.errors import RuntimeException
    with pytest.raises(RuntimeException) as info:
        run(session, "Get-Help", "about_Nothing")
    assert info.value.error_record.error_id == "HelpNotFound"


def test_test_path_and_path_types(session, tmp_path):
    (tmp_path / "f.txt").write_text("x")
    out = run(session, "Test-Path", [str(tmp_path), str(tmp_path / "f.txt"),
                                     str(tmp_path / "none")])
    assert out == [True, True, False]
    assert run(session, "Test-Path", str(tmp_path), PathType="Leaf") == [False]
    assert run(session, "Test-Path", str(tmp_path / "*.txt")) == [True]
