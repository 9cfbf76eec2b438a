"""ForEach-Object: script blocks per input object, or a member of each object."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from cmdlets.core._script import ScriptBlock, run_streaming, streamer
from pyshell.runtime.commands import Cmdlet, Example, cmdlet
from pyshell.runtime.parameters import Alias, Parameter, Switch
from pyshell.runtime.errors import ErrorCategory, NotSupportedException
from pyshell.runtime.members import get_members, has_property, get_property_value, invoke_method

__all__ = ["ForEachObjectCommand"]

SCRIPT = "ScriptBlockSet"
MEMBER = "PropertyAndMethodSet"
PARALLEL = "ParallelParameterSet"


@cmdlet("ForEach", "Object", default_parameter_set=SCRIPT, supports_should_process=True,
        confirm_impact="Low", dotnet_class="Microsoft.PowerShell.Commands.ForEachObjectCommand")
class ForEachObjectCommand(Cmdlet):
    """Performs an operation against each item in a collection of input objects.

    The operation is a script block run with `$_` set to the input object (in the caller's
    scope), or a property read or a method call on each object (`-MemberName`). With
    positional script blocks, two blocks are begin and process; three or more are begin,
    process... and end.
    """

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    begin: Annotated[Optional[ScriptBlock], Parameter(parameter_set=SCRIPT)] = None
    process: Annotated[Optional[list[ScriptBlock]],
                       Parameter(mandatory=True, position=0, parameter_set=SCRIPT)] = None
    end: Annotated[Optional[ScriptBlock], Parameter(parameter_set=SCRIPT)] = None
    remaining_scripts: Annotated[Optional[list[ScriptBlock]],
                                 Parameter(parameter_set=SCRIPT,
                                           from_remaining_arguments=True)] = None
    member_name: Annotated[Optional[str],
                           Parameter(mandatory=True, position=0, parameter_set=MEMBER)] = None
    argument_list: Annotated[Optional[list[Any]], Parameter(parameter_set=MEMBER),
                             Alias("Args")] = None
    parallel: Annotated[Optional[ScriptBlock],
                        Parameter(mandatory=True, parameter_set=PARALLEL)] = None
    throttle_limit: Annotated[int, Parameter(parameter_set=PARALLEL)] = 5
    timeout_seconds: Annotated[int, Parameter(parameter_set=PARALLEL)] = 0
    as_job: Annotated[Switch, Parameter(parameter_set=PARALLEL)] = Switch(False)
    use_new_runspace: Annotated[Switch, Parameter(parameter_set=PARALLEL)] = Switch(False)

    examples = (
        Example("1..3 | ForEach-Object { $_ * 2 }", "Doubles each number."),
        Example("'a.b', 'c.d' | ForEach-Object -MemberName Split -ArgumentList '.'",
                "Calls the Split method of each string."),
        Example("1..2 | ForEach-Object { 'begin' } { $_ } { 'end' }",
                "Runs a begin block, a process block per object, and an end block."),
    )

    def begin_processing(self) -> None:
        if self.parameter_set_name == PARALLEL:
            exc = NotSupportedException("ForEach-Object -Parallel is not supported: this shell "
                                        "runs every pipeline in one runspace.")
            raise self.terminating_error(self.error_record(
                exc, "ParallelNotSupported", ErrorCategory.NotImplemented))
        self._output = self.command_runtime.output  # type: ignore[union-attr]
        self._blocks: list[Any] = []
        self._runners: list[Any] = []
        self._single: Any = None
        self._end_block = self.end
        if self.parameter_set_name != SCRIPT:
            return
        scripts = list(self.process or ()) + list(self.remaining_scripts or ())
        begin = self.begin
        start, stop = 0, len(scripts)
        # PowerShell's positional rule: of several blocks the first is begin (unless -Begin
        # is given) and, from three on, the last is end (unless -End is given).
        if begin is None and len(scripts) > 1:
            begin, start = scripts[0], 1
        if self._end_block is None and len(scripts) > 2:
            self._end_block, stop = scripts[-1], len(scripts) - 1
        self._blocks = scripts[start:stop]
        self._runners = [streamer(block, self._output) for block in self._blocks]
        if len(self._runners) == 1:
            self._single = self._runners[0]
        if begin is not None:
            run_streaming(begin, self._output)

    def process_record(self) -> None:
        single = self._single
        if single is not None:
            single(self.input_object)
            return
        if self.parameter_set_name == MEMBER:
            self._member(self.input_object)
            return
        obj = self.input_object
        for run in self._runners:
            run(obj)

    def input_processor(self) -> Any:
        # Asked once the pipeline is wired for good: write to the final downstream function.
        self._output = self.command_runtime.output  # type: ignore[union-attr]
        self._runners = [streamer(block, self._output) for block in self._blocks]
        self._single = self._runners[0] if len(self._runners) == 1 else None
        return self._single

    def end_processing(self) -> None:
        if self.parameter_set_name == SCRIPT and self._end_block is not None:
            run_streaming(self._end_block, self._output)

    def _member(self, obj: Any) -> None:
        name = self.member_name or ""
        args = list(self.argument_list or ())
        if obj is None:
            return
        if not args and has_property(obj, name):
            self.write_object(get_property_value(obj, name), enumerate_collection=True)
            return
        if not any(m.name.lower() == name.lower() and "Method" in str(m.member_type)
                   for m in get_members(obj)):
            kind = "method" if args else "member"
            self.write_error(self.error_record(
                f'Input name "{name}" cannot be resolved to a {kind}.',
                "MethodNotFound" if args else "PropertyOrMethodNotFound",
                ErrorCategory.InvalidArgument, obj))
            return
        if self.should_process(_target(obj), name):
            result = invoke_method(obj, name, args, self.session)
            self.write_object(result, enumerate_collection=True)


def _target(obj: Any) -> str:
    from pyshell.runtime.conversion import to_string
    return to_string(obj)
