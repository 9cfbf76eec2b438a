"""The cmdlet base class, the `@cmdlet` decorator and the CommandInfo family.

A cmdlet is a class (style.md §4)::

    @cmdlet("Get", "Thing", default_parameter_set="Name", output_type=Thing)
    class GetThingCommand(Cmdlet):
        \"\"\"Gets things.\"\"\"                       # first line = help synopsis
        name: Annotated[list[str] | None, Parameter(position=0)] = None
        def process_record(self) -> None:
            self.write_object(...)

The binder sets the parameters as attributes of a fresh instance per pipeline; output goes
only through the `write_*` methods, which hand it to the `CommandRuntime` of the processor
(pipeline.py) that runs the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional, Sequence, TypeVar

from attrs import field, frozen

from pyshell.runtime.errors import (ErrorCategory, ErrorRecord, InvocationInfo, PSException,
                                    RuntimeException)
from pyshell.runtime.parameters import CommandMetadata, ConfirmImpact

if TYPE_CHECKING:
    from pyshell.runtime.pipeline import CommandProcessor, PipelineStage
    from pyshell.runtime.streams import CommandRuntime

__all__ = [
    "Example", "Cmdlet", "cmdlet", "CommandType", "CommandInfo", "CmdletInfo", "AliasInfo",
]


@frozen
class Example:
    """A help example; `code` is run by the examples test of each module."""

    code: str
    remarks: str = ""
    title: str = ""


class CommandType:
    """The CommandTypes names PowerShell shows (strings: they are what Get-Command prints)."""

    ALIAS = "Alias"
    FUNCTION = "Function"
    FILTER = "Filter"
    CMDLET = "Cmdlet"
    EXTERNAL_SCRIPT = "ExternalScript"
    APPLICATION = "Application"
    ALL = ("Alias", "Function", "Filter", "Cmdlet", "ExternalScript", "Application")


C = TypeVar("C", bound=type)


class Cmdlet:
    """Base class of every compiled cmdlet (PowerShell's PSCmdlet)."""

    # Filled in by @cmdlet.
    metadata: CommandMetadata
    module_name: str = ""
    examples: tuple[Example, ...] = ()

    # Set by the processor before begin_processing.
    session: Any = None
    command_runtime: Optional[CommandRuntime] = None
    bound_parameters: dict[str, Any]
    parameter_set_name: str = ""
    my_invocation: Optional[InvocationInfo] = None

    # ---- lifecycle (override what you need)

    def begin_processing(self) -> None:
        """Once, before the first input object."""

    def process_record(self) -> None:
        """Once per input object (once in all when the command gets no pipeline input)."""

    def end_processing(self) -> None:
        """Once, after the last input object."""

    def stop_processing(self) -> None:
        """Called when the pipeline is being stopped (Ctrl-C)."""

    def input_processor(self) -> Optional[Callable[[Any], None]]:
        """Optional speed-up, asked once after every begin_processing of the pipeline: a
        function doing for one pipeline object what binding it and calling process_record
        would, writing to `self.command_runtime.output` as it is now. It is used only when
        the object binds to a single by-value [object] parameter (the bound parameter is
        then not updated), and the stage before calls it directly: it should raise
        `pipeline.stopped_error()` when `self.session.stopping` is set. None (the default):
        bind and call process_record as usual."""
        return None

    # ---- context

    @property
    def module_state(self) -> Any:
        return self.session.module_state(self.module_name)

    @property
    def stopping(self) -> bool:
        return bool(getattr(self.session, "stopping", False))

    @property
    def host(self) -> Any:
        return self.session.host

    def is_bound(self, parameter: str) -> bool:
        """Whether a parameter was given (PowerShell: `$PSBoundParameters.ContainsKey`)."""
        lowered = parameter.lower()
        return any(k.lower() == lowered for k in self.bound_parameters)

    # ---- output

    def _runtime(self) -> CommandRuntime:
        if self.command_runtime is None:
            raise RuntimeError(f"{type(self).__name__} is not running in a pipeline")
        return self.command_runtime

    def write_object(self, obj: Any, enumerate_collection: bool = False) -> None:
        self._runtime().write_object(obj, enumerate_collection)

    def write_error(self, record: ErrorRecord) -> None:
        self._runtime().write_error(self._complete(record))

    def write_warning(self, text: str) -> None:
        self._runtime().write_warning(text)

    def write_verbose(self, text: str) -> None:
        self._runtime().write_verbose(text)

    def write_debug(self, text: str) -> None:
        self._runtime().write_debug(text)

    def write_information(self, message_data: Any, tags: Sequence[str] = ()) -> None:
        self._runtime().write_information(message_data, tags)

    def write_host(self, text: str, *, newline: bool = True, foreground: Any = None,
                   background: Any = None) -> None:
        """Write-Host: text for the console, recorded in the information stream."""
        self._runtime().write_host(text, newline=newline, foreground=foreground,
                                   background=background)

    def write_progress(self, record: Any) -> None:
        self._runtime().write_progress(record)

    # ---- confirmation

    def should_process(self, target: Any, action: Optional[str] = None, *,
                       description: Optional[str] = None, warning: Optional[str] = None,
                       caption: Optional[str] = None) -> bool:
        """`-WhatIf` prints what would happen and returns False; `-Confirm` asks."""
        return self._runtime().should_process(
            target, action if action is not None else self.metadata.name,
            description=description, warning=warning, caption=caption)

    def should_continue(self, query: str, caption: str = "Confirm", *,
                        force: Optional[bool] = None) -> bool:
        """An extra question (Remove-VM's), answered yes by `-Force`."""
        if force is None:
            force = bool(getattr(self, "force", False))
        return self._runtime().should_continue(query, caption, force=force)

    # ---- errors

    def error_record(self, message_or_exception: str | BaseException, error_id: str,
                     category: ErrorCategory = ErrorCategory.NotSpecified,
                     target: Any = None, exception_type: type[PSException] = RuntimeException,
                     ) -> ErrorRecord:
        """A record from this command: FullyQualifiedErrorId `<error_id>,<dotnet class>`."""
        if isinstance(message_or_exception, PSException):
            exc = message_or_exception
        elif isinstance(message_or_exception, BaseException):
            exc = exception_type(str(message_or_exception), inner=message_or_exception)
        else:
            exc = exception_type(message_or_exception)
        record = ErrorRecord(exc, error_id, category, target, self.my_invocation,
                             self.metadata.dotnet_class)
        exc.error_record = record
        return record

    def terminating_error(self, record: ErrorRecord | str, error_id: str = "",
                          category: ErrorCategory = ErrorCategory.NotSpecified,
                          target: Any = None) -> RuntimeException:
        """The exception to `raise` for ThrowTerminatingError."""
        if not isinstance(record, ErrorRecord):
            record = self.error_record(record, error_id or "RuntimeException", category, target)
        record = self._complete(record)
        exc = record.exception
        if not isinstance(exc, RuntimeException):
            exc = RuntimeException(exc.message, inner=exc)
        exc.error_record = record
        return exc

    def _complete(self, record: ErrorRecord) -> ErrorRecord:
        from attrs import evolve
        changes: dict[str, Any] = {}
        if not record.command_type_name:
            changes["command_type_name"] = self.metadata.dotnet_class
        if record.invocation_info is None and self.my_invocation is not None:
            changes["invocation_info"] = self.my_invocation
        if not changes:
            return record
        new = evolve(record, **changes)
        if record.exception.error_record is record or record.exception.error_record is None:
            record.exception.error_record = new
        return new


def cmdlet(verb: str, noun: str, *, default_parameter_set: Optional[str] = None,
           supports_should_process: bool = False, confirm_impact: Any = ConfirmImpact.MEDIUM,
           output_type: Any = None, dotnet_class: Optional[str] = None,
           aliases: Sequence[str] = ()) -> Callable[[C], C]:
    """Declare a Cmdlet subclass as the command `<verb>-<noun>` and compile its metadata."""

    def decorate(klass: C) -> C:
        outputs: tuple[Any, ...]
        if output_type is None:
            outputs = ()
        elif isinstance(output_type, (tuple, list)):
            outputs = tuple(output_type)
        else:
            outputs = (output_type,)
        klass.metadata = CommandMetadata.for_cmdlet(  # type: ignore[attr-defined]
            klass, verb, noun, default_parameter_set=default_parameter_set,
            supports_should_process=supports_should_process, confirm_impact=confirm_impact,
            output_types=outputs, dotnet_class=dotnet_class,
            examples=getattr(klass, "examples", ()))
        klass.cmdlet_aliases = tuple(aliases)  # type: ignore[attr-defined]
        return klass

    return decorate


@frozen(eq=False)
class CommandInfo:
    """What `Get-Command` returns and what a pipeline stage runs."""

    __ps_typenames__: ClassVar[tuple[str, ...]] = ("System.Management.Automation.CommandInfo",)
    __ps_properties__: ClassVar[tuple[str, ...]] = ("Source", "Parameters", "ParameterSets")

    name: str
    command_type: str
    module_name: str = ""
    metadata: Optional[CommandMetadata] = field(default=None, metadata={"ps_hidden": True})
    definition: str = ""
    version: str = ""

    @property
    def source(self) -> str:
        return self.module_name

    @property
    def parameters(self) -> dict[str, Any]:
        """Parameter name -> ParameterSpec, keys case-insensitive as PowerShell's are."""
        from pyshell.runtime.values import Hashtable
        if self.metadata is None:
            return Hashtable()
        return Hashtable((p.name, p) for p in self.metadata.parameters)

    @property
    def parameter_sets(self) -> tuple[str, ...]:
        return self.metadata.parameter_sets if self.metadata else ()

    def resolve(self, session: Any) -> CommandInfo:
        """The command that actually runs (an alias resolves to its target)."""
        return self

    def create_processor(self, session: Any, stage: PipelineStage) -> CommandProcessor:
        raise NotImplementedError(f"{self.command_type} {self.name} cannot be run")

    def __str__(self) -> str:
        return self.name


@frozen(eq=False)
class CmdletInfo(CommandInfo):
    """A compiled cmdlet (`command_type` "Cmdlet")."""

    __ps_typenames__ = ("System.Management.Automation.CmdletInfo",
                        "System.Management.Automation.CommandInfo")
    __ps_properties__ = ("Source", "Parameters", "ParameterSets", "Verb", "Noun")

    implementing_type: Optional[type] = field(default=None, metadata={"ps_hidden": True})

    @classmethod
    def from_class(cls, klass: type, module_name: str = "", version: str = "") -> CmdletInfo:
        # Cached: every new session registers the same classes again.
        key = (cls, klass, module_name, version)
        info = _CMDLET_INFOS.get(key)
        if info is None:
            meta: CommandMetadata = klass.metadata  # type: ignore[attr-defined]
            info = _CMDLET_INFOS[key] = cls(
                meta.name, CommandType.CMDLET, module_name, meta,
                definition=_syntax_text(meta), version=version, implementing_type=klass)
        return info

    @property
    def verb(self) -> str:
        return self.metadata.verb if self.metadata else ""

    @property
    def noun(self) -> str:
        return self.metadata.noun if self.metadata else ""

    def create_processor(self, session: Any, stage: PipelineStage) -> CommandProcessor:
        from pyshell.runtime.pipeline import CmdletProcessor
        return CmdletProcessor(self, session, stage)


@frozen(eq=False)
class AliasInfo(CommandInfo):
    """An alias (`command_type` "Alias"); `definition` is the target command's name."""

    __ps_typenames__ = ("System.Management.Automation.AliasInfo",
                        "System.Management.Automation.CommandInfo")
    __ps_properties__ = ("Source", "Parameters", "DisplayName", "ReferencedCommand")

    @classmethod
    def create(cls, name: str, target: str, module_name: str = "") -> AliasInfo:
        return cls(name, CommandType.ALIAS, module_name, None, definition=target)

    @property
    def display_name(self) -> str:
        # Get-Command/Get-Alias show `gcm -> Get-Command`.
        return f"{self.name} -> {self.definition}"

    @property
    def referenced_command(self) -> str:
        return self.definition

    def resolve(self, session: Any) -> CommandInfo:
        target = session.get_command(self.definition) if session is not None else None
        if target is None:
            from pyshell.runtime.errors import CommandNotFoundException
            exc = CommandNotFoundException(
                f"The term '{self.definition}' is not recognized as a name of a cmdlet, "
                "function, script file, or executable program.\nCheck the spelling of the "
                "name, or if a path was included, verify that the path is correct and try "
                "again.")
            exc.error_record = ErrorRecord(exc, "CommandNotFoundException",
                                           ErrorCategory.ObjectNotFound, self.definition)
            raise exc
        resolved: CommandInfo = target.resolve(session)
        return resolved

    def create_processor(self, session: Any, stage: PipelineStage) -> CommandProcessor:
        return self.resolve(session).create_processor(session, stage)


_CMDLET_INFOS: dict[tuple[type, type, str, str], CmdletInfo] = {}


def _syntax_text(meta: CommandMetadata) -> str:
    try:
        from pyshell.runtime.help import syntax_lines
        return "\n".join(syntax_lines(meta)) + "\n"
    except Exception:  # help is optional for running a command
        return meta.name
