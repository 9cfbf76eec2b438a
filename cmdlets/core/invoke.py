"""Running code: Invoke-Expression, Invoke-Command (local), Measure-Command, Clear-Host."""

from __future__ import annotations

import datetime as _dt
import time
from typing import Annotated, Any, Optional

from cmdlets.core._script import ScriptBlock
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Alias, Parameter, Switch
from pyshell.runtime.errors import ErrorCategory, NotSupportedException

__all__ = ["InvokeExpressionCommand", "InvokeCommandCommand", "MeasureCommandCommand",
           "ClearHostCommand"]


@cmdlet("Invoke", "Expression", dotnet_class="Microsoft.PowerShell.Commands.InvokeExpressionCommand",
        aliases=("iex",))
class InvokeExpressionCommand(Cmdlet):
    """Runs commands or expressions given as a string."""

    command: Annotated[str, Parameter(mandatory=True, position=0, from_pipeline=True)] = ""

    examples = (Example("Invoke-Expression '1 + 2'", "Returns 3."),)

    def process_record(self) -> None:
        # The text runs in the caller's scope: `iex '$a = 5'; $a` gives 5.
        run = getattr(self.session, "invoke_in_current_scope", None)
        if run is not None:
            run(self.command, self.command_runtime.output)  # type: ignore[union-attr]
            return
        for item in self.session.invoke(self.command):
            self.write_object(item)


@cmdlet("Invoke", "Command", default_parameter_set="InProcess",
        dotnet_class="Microsoft.PowerShell.Commands.InvokeCommandCommand", aliases=("icm",))
class InvokeCommandCommand(Cmdlet):
    """Runs a script block (on this computer; remoting is not available)."""

    script_block: Annotated[Optional[ScriptBlock], Parameter(mandatory=True, position=0),
                            Alias("Command")] = None
    argument_list: Annotated[Optional[list[Any]], Parameter(), Alias("Args")] = None
    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    no_new_scope: Annotated[Switch, Parameter(parameter_set="InProcess")] = Switch(False)
    computer_name: Annotated[Optional[list[str]], Parameter(parameter_set="ComputerName"),
                             Alias("Cn")] = None
    session_: Annotated[Optional[list[Any]], Parameter(parameter_set="Session",
                                                       name="Session")] = None
    as_job: Annotated[Switch, Parameter()] = Switch(False)

    examples = (Example("Invoke-Command -ScriptBlock { param($a) $a * 2 } -ArgumentList 21",
                        "Returns 42."),)

    def begin_processing(self) -> None:
        if self.parameter_set_name != "InProcess" or self.as_job:
            raise self.terminating_error(self.error_record(
                NotSupportedException("Invoke-Command runs script blocks on this computer "
                                      "only: remoting and jobs are not available."),
                "RemotingNotSupported", ErrorCategory.NotImplemented))
        self._input: list[Any] = []

    def process_record(self) -> None:
        if self.is_bound("InputObject"):
            self._input.append(self.input_object)

    def end_processing(self) -> None:
        block = self.script_block
        args = tuple(self.argument_list or ())
        kwargs: dict[str, Any] = {"input": self._input, "new_scope": not self.no_new_scope}
        streaming = getattr(block, "invoke_streaming", None)
        if streaming is not None:
            streaming(self.command_runtime.output, *args, **kwargs)  # type: ignore[union-attr]
        else:
            for item in block.invoke(*args, **kwargs):  # type: ignore[union-attr]
                self.write_object(item)


@cmdlet("Measure", "Command", dotnet_class="Microsoft.PowerShell.Commands.MeasureCommandCommand")
class MeasureCommandCommand(Cmdlet):
    """Measures the time it takes to run script blocks.

    In a deterministic session the session's virtual clock is used, so the result moves
    only with Start-Sleep.
    """

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    expression: Annotated[Optional[ScriptBlock], Parameter(mandatory=True, position=0)] = None

    examples = (Example("Measure-Command { 1..10 | Measure-Object }",
                        "Returns how long the pipeline took."),)

    def begin_processing(self) -> None:
        self._elapsed = 0.0
        self._ran = False

    def process_record(self) -> None:
        self._ran = True
        start = self._now()
        kwargs: dict[str, Any] = {"new_scope": False}
        if self.is_bound("InputObject"):
            kwargs["dollar_under"] = self.input_object
        self.expression.invoke(**kwargs)  # type: ignore[union-attr]
        self._elapsed += self._now() - start

    def end_processing(self) -> None:
        self.write_object(_dt.timedelta(seconds=self._elapsed))

    def _now(self) -> float:
        clock = getattr(self.session, "clock", None)
        options = getattr(self.session, "options", None)
        if clock is not None and getattr(options, "deterministic", False):
            return float(clock.now().timestamp())
        return time.perf_counter()


@cmdlet("Clear", "Host", dotnet_class="Microsoft.PowerShell.Commands.ClearHostCommand",
        aliases=("clear", "cls"))
class ClearHostCommand(Cmdlet):
    """Clears the display in the host program."""

    def process_record(self) -> None:
        clear = getattr(self.host, "clear_screen", None)
        if clear is not None:
            clear()
