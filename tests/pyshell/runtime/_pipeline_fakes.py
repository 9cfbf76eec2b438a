"""A small stand-in session and test cmdlets, so the binder and the pipeline are tested
without the compiler: stages are built from CommandArguments directly."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Optional

from attrs import frozen

from pyshell.host.console import TextHost
from pyshell.runtime import (Alias, Cmdlet, Parameter, Switch, ValidateNotNullOrEmpty,
                             ValidateSet, cmdlet)
from pyshell.runtime.commands import CmdletInfo
from pyshell.runtime.pipeline import CommandArgument, PipelineStage, run_pipeline

__all__ = ["FakeSession", "Shade", "Item", "arg", "named", "stage", "run", "info_of",
           "GetItemCommand", "SetItemCommand", "EchoCommand", "RemoveItemCommand",
           "WriteStreamsCommand"]


class FakeSession:
    def __init__(self, *, interactive: bool = False, input_lines: tuple[str, ...] = ()):
        self.variables: dict[str, Any] = {}
        self.host = TextHost(width=120, interactive=interactive, input_lines=input_lines)
        self.stopping = False
        self.commands: dict[str, Any] = {}
        self.options = None

    def get_variable(self, name: str) -> Any:
        return self.variables.get(name.split(":")[-1].lower())

    def set_variable(self, name: str, value: Any) -> None:
        self.variables[name.split(":")[-1].lower()] = value

    def get_command(self, name: str) -> Any:
        return self.commands.get(name.lower())

    def module_state(self, name: str) -> Any:
        return {"module": name}


class Shade(enum.Enum):
    __ps_typenames__ = ("Test.Shade",)
    Light = 0
    Dark = 1


@frozen
class Item:
    __ps_typenames__ = ("Test.Item",)
    __ps_aliases__ = {"ItemName": "Name"}
    name: str
    size: int = 0


@cmdlet("Get", "Item", default_parameter_set="Name", dotnet_class="Test.Commands.GetItem")
class GetItemCommand(Cmdlet):
    """Gets items."""

    name: Annotated[Optional[list[str]], Parameter(position=0, parameter_set="Name",
                    from_pipeline_by_property_name=True), Alias("ItemName")] = None
    item: Annotated[Optional[list[Item]], Parameter(position=0, parameter_set="Item",
                    mandatory=True, from_pipeline=True)] = None
    size: Annotated[int, Parameter()] = 0
    shade: Annotated[Shade, Parameter()] = Shade.Light
    recurse: Annotated[Switch, Parameter()] = Switch(False)

    def process_record(self) -> None:
        self.write_object({"set": self.parameter_set_name, "name": self.name,
                           "item": self.item, "size": self.size, "shade": self.shade,
                           "recurse": bool(self.recurse)})


@cmdlet("Set", "Item", dotnet_class="Test.Commands.SetItem", supports_should_process=True)
class SetItemCommand(Cmdlet):
    """Sets an item."""

    name: Annotated[str, Parameter(mandatory=True, position=0),
                    ValidateNotNullOrEmpty()] = ""
    mode: Annotated[Optional[str], Parameter(position=1), ValidateSet("Fast", "Slow")] = None
    names: Annotated[Optional[list[str]], Parameter()] = None
    enabled: Annotated[Optional[bool], Parameter()] = None
    force: Annotated[Switch, Parameter()] = Switch(False)

    def process_record(self) -> None:
        if self.should_process(self.name, "Set-Item"):
            self.write_object(("set", self.name, self.mode))


@cmdlet("Remove", "Item", dotnet_class="Test.Commands.RemoveItem")
class RemoveItemCommand(Cmdlet):
    """Removes items, one error per odd number."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def process_record(self) -> None:
        if isinstance(self.input_object, int) and self.input_object % 2:
            self.write_error(self.error_record(f"odd {self.input_object}", "OddNumber",
                                               target=self.input_object))
        else:
            self.write_warning(f"kept {self.input_object}")
            self.write_verbose(f"verbose {self.input_object}")
            self.write_object(self.input_object)


@cmdlet("Write", "Echo", dotnet_class="Test.Commands.WriteEcho")
class EchoCommand(Cmdlet):
    """Passes input through, counting the lifecycle calls."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    tag: Annotated[str, Parameter(position=0)] = ""
    log: list = []

    def begin_processing(self) -> None:
        self.log.append(f"begin {self.tag}")

    def process_record(self) -> None:
        self.log.append(f"process {self.tag} {self.input_object}")
        self.write_object(self.input_object)

    def end_processing(self) -> None:
        self.log.append(f"end {self.tag}")


def info_of(klass: type) -> CmdletInfo:
    return CmdletInfo.from_class(klass, "Test")


def arg(value: Any) -> CommandArgument:
    return CommandArgument(None, value)


def named(name: str, value: Any = CommandArgument(None).value, colon: bool = False
          ) -> CommandArgument:
    return CommandArgument(name, value, colon=colon)


def stage(klass: type, *arguments: CommandArgument, redirections: tuple = ()) -> PipelineStage:
    return PipelineStage(info_of(klass), tuple(arguments), redirections)


def run(session: FakeSession, *stages: PipelineStage, input: Any = None) -> list[Any]:
    out: list[Any] = []
    run_pipeline(session, list(stages), input=input, sink=out.append)
    return out


@cmdlet("Write", "Streams", dotnet_class="Test.Commands.WriteStreams")
class WriteStreamsCommand(Cmdlet):
    """Writes one record to every stream."""

    def process_record(self) -> None:
        self.write_debug("dbg")
        self.write_information("info", ["t"])
        self.write_host("host text")
        self.write_progress({"activity": "act"})
        self.write_object("out")
