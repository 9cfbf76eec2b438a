"""Cmdlet declarations compile into the metadata the binder, help and completion read."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Optional

import pytest

from pyshell.runtime import (Alias, Cmdlet, Example, Parameter, SupportsWildcards, Switch,
                             ValidateCount, ValidateLength, ValidateNotNull, ValidatePattern,
                             ValidateRange, ValidateSet, cmdlet)
from pyshell.runtime.commands import AliasInfo, CmdletInfo
from pyshell.runtime.help import HelpView, help_for, syntax_lines
from pyshell.runtime.parameters import (ALL_PARAMETER_SETS, CommandMetadata, ParameterSpec,
                                        ParameterType, TypeKind, ValidationFailure)
from pyshell.runtime.values import Int64


class Mode(enum.Enum):
    __ps_typenames__ = ("Test.Mode",)
    On = 1
    Off = 2


@cmdlet("Start", "Widget", default_parameter_set="Name", supports_should_process=True,
        confirm_impact="High", aliases=("saw",))
class StartWidgetCommand(Cmdlet):
    """Starts a widget.

    Longer text
    on two lines.
    """

    name: Annotated[list[str], Parameter(mandatory=True, position=0, parameter_set="Name",
                    from_pipeline_by_property_name=True), Alias("WidgetName"),
                    SupportsWildcards()] = []
    widget: Annotated[Optional[list[Any]], Parameter(mandatory=True, position=0,
                      parameter_set="Object", from_pipeline=True)] = None
    cpu_count: Annotated[Optional[Int64], Parameter(name="CPUCount")] = None
    memory_startup_bytes: Annotated[Optional[int], Parameter()] = None
    mode: Annotated[Mode, Parameter()] = Mode.On
    pass_thru: Annotated[Switch, Parameter()] = Switch(False)
    not_a_parameter: int = 3

    examples = (Example("Start-Widget w1", "Starts w1."),)


META = StartWidgetCommand.metadata


def test_names_are_pascal_case_unless_overridden():
    names = [p.name for p in META.declared_parameters]
    assert names == ["Name", "Widget", "CPUCount", "MemoryStartupBytes", "Mode", "PassThru"]
    assert META.get("cpucount").attr_name == "cpu_count"
    assert META.get("widgetname").name == "Name"


def test_metadata_from_the_declaration():
    assert (META.name, META.verb, META.noun) == ("Start-Widget", "Start", "Widget")
    assert META.dotnet_class == "Microsoft.PowerShell.Commands.StartWidgetCommand"
    assert META.synopsis == "Starts a widget."
    assert META.description == "Longer text\non two lines."
    assert META.parameter_sets == ("Name", "Object")
    assert META.confirm_impact.value == "High"
    assert META.examples[0].code == "Start-Widget w1"
    common = {p.name for p in META.parameters if p.is_common}
    assert {"Verbose", "ErrorAction", "OutVariable", "WhatIf", "Confirm"} <= common


def test_types_map_to_powershell_types():
    types = {p.name: p.type for p in META.parameters}
    assert types["Name"].name == "String[]" and types["Name"].element.kind is TypeKind.STRING
    assert types["CPUCount"].full_name == "System.Int64"
    assert types["MemoryStartupBytes"].full_name == "System.Int32"
    assert types["Mode"].kind is TypeKind.ENUM and types["Mode"].full_name == "Test.Mode"
    assert types["PassThru"].is_switch
    assert ParameterType.from_type_name("string[]").name == "String[]"
    assert ParameterType.from_type_name("switch").is_switch


def test_parameter_sets_and_pipeline_flags():
    widget = META.get("Widget")
    assert widget.set_names() == frozenset({"Object"})
    assert widget.for_set("Object").from_pipeline
    assert META.get("Mode").in_all_sets and META.get("Mode").for_set("Name").set_name == \
        ALL_PARAMETER_SETS


def test_the_decorator_keeps_aliases_and_info_objects_work():
    info = CmdletInfo.from_class(StartWidgetCommand, "Widgets", "2.0")
    assert (info.name, info.command_type, info.source, info.version) == \
        ("Start-Widget", "Cmdlet", "Widgets", "2.0")
    assert info.definition.startswith("Start-Widget [-Name] <String[]>")
    alias = AliasInfo.create("saw", "Start-Widget")
    assert alias.display_name == "saw -> Start-Widget"


def test_syntax_lines_per_parameter_set():
    assert syntax_lines(META) == [
        "Start-Widget [-Name] <String[]> [-CPUCount <Int64>] [-MemoryStartupBytes <Int32>] "
        "[-Mode <Mode>] [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]",
        "Start-Widget [-Widget] <Object[]> [-CPUCount <Int64>] [-MemoryStartupBytes <Int32>] "
        "[-Mode <Mode>] [-PassThru] [-WhatIf] [-Confirm] [<CommonParameters>]"]


def test_simple_function_help_is_the_reduced_view():
    meta = CommandMetadata.for_function(
        "Get-Foo", [ParameterSpec.create("Name", ParameterType.from_type_name("string")),
                    ParameterSpec.create("Count", ParameterType.from_type_name("int"))])
    info = help_for(CmdletInfo("Get-Foo", "Function", "", meta))
    assert info.lines() == [
        "", "NAME", "    Get-Foo", "    ", "SYNTAX",
        "    Get-Foo [[-Name] <string>] [[-Count] <int>] ", "    ", "",
        "ALIASES", "    None", "    ", "", "REMARKS", "    None", "", ""]
    param = help_for(CmdletInfo("Get-Foo", "Function", "", meta), view=HelpView.PARAMETER,
                     parameters=("Name",))
    assert param.lines()[1:4] == ["-Name <string>", "    ",
                                  "    Required?                    false"]


@pytest.mark.parametrize("validator, good, bad", [
    (ValidateSet("a", "b"), "A", "c"),
    (ValidateRange(1, 5), 5, 6),
    (ValidatePattern("^x"), "xy", "yx"),
    (ValidateNotNull(), 0, None),
    (ValidateCount(1, 2), [1, 2], [1, 2, 3]),
    (ValidateLength(2, 3), "abc", "a"),
])
def test_validators_accept_and_refuse(validator, good, bad):
    validator.validate(good)
    with pytest.raises(ValidationFailure):
        validator.validate(bad)


def test_a_broken_annotation_is_reported_at_declaration():
    with pytest.raises(TypeError):
        @cmdlet("Get", "Broken")
        class GetBrokenCommand(Cmdlet):
            x: Annotated[NoSuchType, Parameter()] = None  # noqa: F821
