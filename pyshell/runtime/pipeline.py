"""The streaming pipeline: stages, command processors and `run_pipeline`.

The compiler turns `a | b -X 1 | c` into `PipelineStage`s and calls
`run_pipeline(session, stages, input=..., sink=...)`. Each stage's `CommandInfo` creates a
`CommandProcessor`; `run_pipeline` then

1. `prepare(expects_input)`s every processor (binds its command line: all binding errors
   come before any command begins, as in PowerShell),
2. wires each processor's `runtime.output` to the next processor's `process` (the last one
   to `sink`), so an object written by one command is processed by the next at once,
3. calls every `begin()`, feeds the input objects one at a time to the first processor
   (or calls its `process(NO_INPUT)` once when there is no input), honouring stop requests
   between objects, then calls every `end()` in order.

A command that needs no more input (`Select-Object -First 3` once it has three objects) calls
`runtime.stop_upstream_commands()`, which raises `StopUpstreamCommandsException` (PowerShell's
own): it unwinds the commands upstream of the requester (their `finally` blocks run, their
`end` does not), and `run_pipeline` then ends the requester and the commands after it as
usual, so their output is complete. The exception passes through a nested pipeline that does
not hold the requester (`& { 1..1e9 | % { $_ } } | select -First 1`).

Terminating errors propagate as `RuntimeException`s carrying `.error_record`; a bug in a
command (a plain Python exception) becomes a RuntimeException too, so a user never sees a
traceback. `$?` is set when the pipeline finishes.

Processors: `CmdletProcessor` (here) runs compiled cmdlets; the compiler's
`ScriptCommandProcessor` runs functions and script blocks and binds through the same
`binder.bind_arguments` / `binder.bind_pipeline_object`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Sequence

from attrs import evolve, field, frozen

from pyshell.language.ast import Extent
from pyshell.runtime.binder import (NO_INPUT, NO_VALUE, BindingState, bind_arguments,
                                    bind_pipeline_object, fast_pipeline_parameter)
from pyshell.runtime.errors import (ErrorCategory, ErrorRecord, InvocationInfo, PSException,
                                    ParameterBindingException, PipelineStoppedException,
                                    RuntimeException)
from pyshell.runtime.parameters import CommandMetadata
from pyshell.runtime.signals import FlowControl
from pyshell.runtime.streams import CommandRuntime, Redirection, RedirectionStream

if TYPE_CHECKING:
    from pyshell.runtime.commands import CmdletInfo, CommandInfo

__all__ = [
    "NO_VALUE", "NO_INPUT", "CommandArgument", "PipelineStage", "Redirection",
    "RedirectionStream", "CommandProcessor", "CmdletProcessor", "run_pipeline",
    "wrap_unexpected", "stopped_error", "StopUpstreamCommandsException",
]


@frozen
class CommandArgument:
    """One argument as written: `-Name:value`, `-Name`, or a positional value.

    A `-Name` written without a value has `value=NO_VALUE`; the binder pairs it with the
    next positional argument unless the parameter is a switch. Splatting is expanded by the
    compiler (`@hash` -> named arguments, `@array` -> positional ones, `splatted=True`).
    """

    parameter_name: Optional[str]
    value: Any = NO_VALUE
    colon: bool = False
    splatted: bool = False
    extent: Optional[Extent] = field(default=None, eq=False)
    text: str = ""


def _arguments(items: Iterable[CommandArgument]) -> tuple[CommandArgument, ...]:
    return tuple(items)


def _redirections(items: Iterable[Redirection]) -> tuple[Redirection, ...]:
    return tuple(items)


@frozen
class PipelineStage:
    command: CommandInfo
    arguments: tuple[CommandArgument, ...] = field(default=(), converter=_arguments)
    redirections: tuple[Redirection, ...] = field(default=(), converter=_redirections)
    invocation: Optional[InvocationInfo] = None
    dot_source: bool = False


class CommandProcessor:
    """One running command of a pipeline.

    `run_pipeline` calls `prepare(expects_input)` (bind the command line), then sets
    `runtime.output`, then `begin()`, `process(obj)` per input object (`NO_INPUT` once when
    the pipeline has no input), `end()`, and finally `close()`.
    """

    runtime: CommandRuntime

    def prepare(self, expects_input: bool) -> None:
        """Bind the command line; raise the binding error as a ParameterBindingException."""

    def begin(self) -> None:
        pass

    def process(self, input_object: Any = NO_INPUT) -> None:
        pass

    def end(self) -> None:
        pass

    def stop(self) -> None:
        """A stop request while this command runs."""

    def close(self) -> None:
        close = getattr(self.runtime, "close", None)
        if close is not None:
            close()


def stopped_error() -> PipelineStoppedException:
    exc = PipelineStoppedException("The pipeline has been stopped.")
    exc.error_record = ErrorRecord(exc, "PipelineStopped", ErrorCategory.OperationStopped)
    return exc


class StopUpstreamCommandsException(PipelineStoppedException):
    """A command asks for no more input: the commands before it in its pipeline stop.

    Raised by `CommandRuntime.stop_upstream_commands()`; `requester` is that runtime. Being
    a PipelineStoppedException, no `catch`, `trap` or -ErrorAction of the upstream script
    code takes it; `run_pipeline` of the requester's pipeline does."""

    dotnet_name = "System.Management.Automation.StopUpstreamCommandsException"

    def __init__(self, requester: Any) -> None:
        super().__init__("The pipeline has been stopped.")
        self.requester = requester
        self.error_record = ErrorRecord(self, "PipelineStopped", ErrorCategory.OperationStopped)


def _requester_index(exc: StopUpstreamCommandsException,
                     processors: Sequence[CommandProcessor]) -> Optional[int]:
    """Which of this pipeline's commands asked to stop (None: one of an outer pipeline)."""
    for index, processor in enumerate(processors):
        if getattr(processor, "runtime", None) is exc.requester:
            return index
    return None


# Python exceptions that are control flow, not failures (the compiler's break/return/exit).
def _is_flow_control(exc: BaseException) -> bool:
    return isinstance(exc, FlowControl)


def wrap_unexpected(exc: Exception, command: str = "",
                    invocation: Optional[InvocationInfo] = None) -> RuntimeException:
    """A bug in a command, as an error record instead of a traceback."""
    text = str(exc) or type(exc).__name__
    wrapped = RuntimeException(text, inner=exc)
    wrapped.error_record = ErrorRecord(wrapped, type(exc).__name__, ErrorCategory.NotSpecified,
                                       None, invocation or InvocationInfo(my_command=command))
    return wrapped


class CmdletProcessor(CommandProcessor):
    """Runs a compiled cmdlet: binds its parameters as attributes of a fresh instance."""


    def __init__(self, info: CmdletInfo, session: Any, stage: PipelineStage) -> None:
        self.info = info
        self.session = session
        self.stage = stage
        meta = info.metadata
        assert meta is not None and info.implementing_type is not None
        self.metadata = meta
        invocation = stage.invocation
        if invocation is None:
            invocation = InvocationInfo(my_command=meta.name)
        elif invocation.my_command != meta.name:
            invocation = evolve(invocation, my_command=meta.name)
        self.invocation = invocation
        self.runtime = CommandRuntime(session, meta.name, dotnet_class=meta.dotnet_class,
                                      invocation=invocation,
                                      supports_should_process=meta.supports_should_process)
        self.runtime.confirm_impact = meta.confirm_impact.value
        cmdlet = info.implementing_type()
        cmdlet.session = session
        cmdlet.command_runtime = self.runtime
        cmdlet.my_invocation = invocation
        cmdlet.bound_parameters = {}
        cmdlet.module_name = info.module_name or getattr(cmdlet, "module_name", "")
        # The per-object call goes straight to the runtime (one frame less per object).
        cmdlet.write_object = self.runtime.write_object
        self.cmdlet = cmdlet
        self.state: Optional[BindingState] = None
        self._process_record = cmdlet.process_record
        self._fast_attr: Optional[str] = None
        self._attrs = _attribute_names(meta)
        # The fast path's direct handler (Cmdlet.input_processor), set after begin.
        self._handler: list[Optional[Callable[[Any], None]]] = [None]
        self._fast = False

    def prepare(self, expects_input: bool) -> None:
        state = bind_arguments(self.metadata, self.stage.arguments, session=self.session,
                               invocation=self.invocation, expects_input=expects_input)
        self.state = state
        cmdlet = self.cmdlet
        for name, value in state.bound.items():
            attr = state.specs[name].attr_name
            if attr:
                setattr(cmdlet, attr, value)
        cmdlet.bound_parameters = dict(state.bound)
        cmdlet.parameter_set_name = state.parameter_set_name
        self.runtime.configure(state.common, self.stage.redirections)
        fast = fast_pipeline_parameter(state) if expects_input else None
        if fast is not None:
            attr = self._attrs.get(fast)
            if attr:
                self._fast = True
                self.process = self._fast_process(  # type: ignore[method-assign,assignment]
                    fast, attr)

    def _fast_process(self, name: str, attr: str) -> Callable[[Any], None]:
        """process() for the common case of one by-value [object] parameter: nothing to
        convert, validate or roll back, so each object costs a few attribute stores."""
        cmdlet = self.cmdlet
        session = self.session
        parameters = cmdlet.bound_parameters
        process_record = self._process_record
        slow = self._run
        handler = self._handler

        def process(input_object: Any = NO_INPUT) -> None:
            if session.stopping:
                raise stopped_error()
            if input_object is NO_INPUT:
                slow(process_record)
                return
            try:
                direct = handler[0]
                if direct is not None:
                    direct(input_object)
                    return
                setattr(cmdlet, attr, input_object)
                parameters[name] = input_object
                process_record()
            except PSException:
                raise
            except Exception as exc:
                raise self._unexpected(exc) from exc
        return process

    def begin(self) -> None:
        self._run(self.cmdlet.begin_processing)

    def direct_handler(self) -> Optional[Callable[[Any], None]]:
        """The cmdlet's input_processor, once finish_wiring has asked for it."""
        return self._handler[0]

    def finish_wiring(self, takes_input: bool) -> None:
        """After every begin and with the final wiring in place: use the cmdlet's own
        per-object function (Cmdlet.input_processor) when the fast path applies. A stage
        after the first is then called directly by the stage before it."""
        if not self._fast:
            return
        direct = self.cmdlet.input_processor()
        if direct is None:
            return
        self._handler[0] = direct  # for what begin blocks wrote before this point
        if takes_input:
            self.process = direct  # type: ignore[method-assign]

    def process(self, input_object: Any = NO_INPUT) -> None:
        if self.session is not None and getattr(self.session, "stopping", False):
            raise stopped_error()
        cmdlet = self.cmdlet
        if input_object is NO_INPUT:
            self._run(self._process_record)
            return
        state = self.state
        assert state is not None
        try:
            bound = bind_pipeline_object(state, input_object)
        except ParameterBindingException as exc:
            # A pipeline object that cannot be bound is a non-terminating error.
            assert exc.error_record is not None
            self.runtime.write_error(exc.error_record)
            return
        attrs = self._attrs
        parameters = cmdlet.bound_parameters
        for name, value in bound.items():
            attr = attrs.get(name)
            if attr:
                setattr(cmdlet, attr, value)
            parameters[name] = value
        cmdlet.parameter_set_name = state.parameter_set_name
        try:
            self._run(self._process_record)
        finally:
            # Roll back the pipeline bindings: the next object starts from the command line.
            if len(bound) > 1 or not state._fast_ok:
                for name in bound:
                    attr = attrs.get(name)
                    if attr:
                        try:
                            delattr(cmdlet, attr)
                        except AttributeError:
                            pass
                    parameters.pop(name, None)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except PSException:
            raise
        except Exception as exc:
            raise self._unexpected(exc) from exc

    def _unexpected(self, exc: Exception) -> Exception:
        """What a non-PowerShell exception from the cmdlet becomes: control flow passes
        through, a bug becomes an error record of this command."""
        if _is_flow_control(exc):
            return exc
        return wrap_unexpected(exc, self.metadata.name, self.invocation)

    def end(self) -> None:
        self._run(self.cmdlet.end_processing)

    def stop(self) -> None:
        try:
            self.cmdlet.stop_processing()
        except Exception:  # stopping must not raise over the original stop
            pass


_ATTRIBUTES: dict[int, tuple[CommandMetadata, dict[str, Optional[str]]]] = {}


def _attribute_names(meta: CommandMetadata) -> dict[str, Optional[str]]:
    """PowerShell name -> attribute name of a cmdlet's parameters (cached per metadata)."""
    cached = _ATTRIBUTES.get(id(meta))
    if cached is None or cached[0] is not meta:
        cached = _ATTRIBUTES[id(meta)] = (meta, {p.name: p.attr_name for p in meta.parameters})
    return cached[1]


def _stop_all(session: Any, processors: Sequence[CommandProcessor]) -> None:
    if getattr(session, "stopping", False):
        for processor in processors:
            processor.stop()


def _set_status(session: Any, ok: bool) -> None:
    try:
        session.set_variable("?", ok)
    except Exception:
        pass


def run_pipeline(session: Any, stages: Sequence[PipelineStage], *,
                 input: Optional[Iterable[Any]] = None,
                 sink: Callable[[Any], None]) -> None:
    """Run stages as one streaming pipeline; `input` is an iterable of input objects
    (already enumerated; None: no pipeline input); every output object goes to `sink`."""
    if not stages:
        return
    processors = [stage.command.create_processor(session, stage) for stage in stages]
    has_input = input is not None
    ok = False
    try:
        for index, processor in enumerate(processors):
            processor.prepare(index > 0 or has_input)
        last = len(processors) - 1
        begun = [False] * len(processors)
        for index, processor in enumerate(processors):
            downstream = (_beginning(processors, begun, index + 1) if index < last else sink)
            _wire(processor, downstream)
        running = _begin_all(processors, begun)
        # Wire again, last stage first: a stage may now take objects through a faster
        # function that writes to the (final) function of the stage after it.
        for index in range(last, -1, -1):
            processor = processors[index]
            if index < last:
                _wire(processor, processors[index + 1].process)
            finish = getattr(processor, "finish_wiring", None)
            if finish is not None:
                finish(index > 0)
        if running is None:
            running = _feed(session, processors, input)
        _end_all(processors, running)
        ok = not any(getattr(p.runtime, "had_errors", False) for p in processors)
    except (PSException, PipelineStoppedException):
        _stop_all(session, processors)
        raise
    except Exception as exc:
        _stop_all(session, processors)
        if _is_flow_control(exc):
            raise
        # A bug outside any one command (binding a value, wiring): still an error record.
        raise wrap_unexpected(exc, stages[0].command.name, stages[0].invocation) from exc
    except BaseException:
        _stop_all(session, processors)
        raise
    finally:
        for processor in processors:
            try:
                processor.close()
            except Exception:
                pass
        _set_status(session, ok)


def _stopped_upstream(exc: StopUpstreamCommandsException, processors: Sequence[CommandProcessor],
                      current: int) -> int:
    """The requester's index for a stop request that reached this pipeline while command
    `current` ran; a request of an outer pipeline goes on up."""
    requester = _requester_index(exc, processors)
    if requester is None or requester < current:
        raise exc
    return requester


def _wire(processor: CommandProcessor, downstream: Callable[[Any], None]) -> None:
    wrap = getattr(processor.runtime, "wrap_output", None)
    processor.runtime.output = wrap(downstream) if wrap is not None else downstream


def _beginning(processors: Sequence[CommandProcessor], begun: list[bool],
               index: int) -> Callable[[Any], None]:
    """The downstream of command `index - 1` while the begin blocks run: an object a begin
    block writes begins the next command first (PowerShell's RanBeginAlready), so every
    command's begin comes before its first input."""
    processor = processors[index]

    def deliver(obj: Any) -> None:
        if not begun[index]:
            begun[index] = True
            processor.begin()
        processor.process(obj)
    return deliver


def _begin_all(processors: Sequence[CommandProcessor], begun: list[bool]) -> Optional[int]:
    """Call every begin() not yet called; None, or the first command still running when a
    begin block's output made a command stop the ones before it (then no input is fed)."""
    index, last, running = 0, len(processors) - 1, None
    while index <= last:
        try:
            if not begun[index]:
                begun[index] = True
                processors[index].begin()
        except StopUpstreamCommandsException as exc:
            requester = _stopped_upstream(exc, processors, index)
            running = requester
            # The requester and the commands after it still begin (and end); a requester
            # interrupted in its own begin has begun.
            index = requester if requester > index else index + 1
            continue
        index += 1
    return running


def _feed(session: Any, processors: Sequence[CommandProcessor],
          input: Optional[Iterable[Any]]) -> int:
    """Feed the input to the first command; returns the first command still running (0, or
    the command that stopped the ones before it)."""
    first = processors[0]
    try:
        if input is not None:
            process = first.process
            direct = first.direct_handler() if isinstance(first, CmdletProcessor) else None
            if direct is not None:
                # The first command's own per-object function, fed straight from the input
                # (a bug in it is reported by run_pipeline as this command's error).
                for item in input:
                    if session.stopping:
                        raise stopped_error()
                    direct(item)
            elif isinstance(first, CmdletProcessor):
                # A cmdlet processor checks for a stop request itself, per object.
                for item in input:
                    process(item)
            else:
                for item in input:
                    if session.stopping:
                        raise stopped_error()
                    process(item)
        else:
            first.process(NO_INPUT)
    except StopUpstreamCommandsException as exc:
        return _stopped_upstream(exc, processors, 0)
    return 0


def _end_all(processors: Sequence[CommandProcessor], running: int) -> None:
    """Call end() of the commands from `running` on, in order. A stop request from an end
    block's output skips the ends of the commands before the requester."""
    index, last = running, len(processors) - 1
    while index <= last:
        try:
            processors[index].end()
        except StopUpstreamCommandsException as exc:
            requester = _stopped_upstream(exc, processors, index)
            index = requester if requester > index else index + 1
            continue
        index += 1
