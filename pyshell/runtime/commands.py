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
from pyshell.runtime.parameters import (CommandMetadata, ConfirmImpact,
                                        check_parameter_annotations)

if TYPE_CHECKING:
    from pyshell.runtime.pipeline import CommandProcessor, PipelineStage
    from pyshell.runtime.streams import CommandRuntime

__all__ = [
    "Example", "Cmdlet", "cmdlet", "command_name", "CommandType", "CommandInfo", "CmdletInfo",
    "AliasInfo",
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
    """Declare a Cmdlet subclass as the command `<verb>-<noun>`; its metadata is compiled
    from the annotations the first time anything reads `metadata`."""

    def decorate(klass: C) -> C:
        outputs: tuple[Any, ...]
        if output_type is None:
            outputs = ()
        elif isinstance(output_type, (tuple, list)):
            outputs = tuple(output_type)
        else:
            outputs = (output_type,)
        # Read at declaration, as when the metadata was compiled here.
        examples = getattr(klass, "examples", ())

        def compile_metadata() -> CommandMetadata:
            return CommandMetadata.for_cmdlet(
                klass, verb, noun, default_parameter_set=default_parameter_set,
                supports_should_process=supports_should_process,
                confirm_impact=confirm_impact, output_types=outputs,
                dotnet_class=dotnet_class, examples=examples)

        # A broken parameter annotation is still reported here, not at first use.
        check_parameter_annotations(klass)
        klass.metadata = _LazyMetadata(  # type: ignore[attr-defined]
            klass, f"{verb}-{noun}", compile_metadata)
        klass.cmdlet_aliases = tuple(aliases)  # type: ignore[attr-defined]
        return klass

    return decorate


class _LazyMetadata:
    """A cmdlet class's `metadata` until first read, then the compiled CommandMetadata itself.

    Compiling means evaluating every parameter annotation; done for all ~100 cmdlets when
    their modules are imported, it was most of the shell's start-up, though a session reads
    the metadata of only the commands it runs, completes or documents. Registering a command
    needs just its `name`, which this holds.
    """

    __slots__ = ("owner", "name", "compile")

    def __init__(self, owner: type, name: str, compile: Callable[[], CommandMetadata]) -> None:
        self.owner = owner
        self.name = name
        self.compile = compile

    def __get__(self, instance: Any, owner: Optional[type] = None) -> CommandMetadata:
        existing = self.owner.__dict__.get("metadata")
        if isinstance(existing, CommandMetadata):  # another thread compiled it meanwhile
            return existing
        meta = self.compile()
        # Replaces this descriptor on the class it was declared on, so later reads are plain
        # attribute reads; undecorated subclasses keep inheriting it, as before.
        setattr(self.owner, "metadata", meta)
        return meta


def command_name(klass: type) -> str:
    """The command name of a cmdlet class without compiling its metadata."""
    for base in klass.__mro__:
        declared = base.__dict__.get("metadata")
        if isinstance(declared, _LazyMetadata):
            return declared.name
        if declared is not None:
            break
    name: str = klass.metadata.name  # type: ignore[attr-defined]
    return name


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
            # metadata and definition are left None: read from the class when first asked
            # for (see _lazy_metadata), so registering a module compiles nothing.
            info = _CMDLET_INFOS[key] = cls(
                command_name(klass), CommandType.CMDLET, module_name, None,
                definition=None, version=version,  # type: ignore[arg-type]
                implementing_type=klass)
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


# CmdletInfo's `metadata` and `definition` are CommandInfo's slots read through properties
# that fill them in from the implementing class on first use. They are attached after the
# class is built because attrs drops class attributes named like fields.
_METADATA_SLOT = CommandInfo.__dict__["metadata"]
_DEFINITION_SLOT = CommandInfo.__dict__["definition"]


def _lazy_metadata(info: CmdletInfo) -> Optional[CommandMetadata]:
    meta: Optional[CommandMetadata] = _METADATA_SLOT.__get__(info, CmdletInfo)
    if meta is None and info.implementing_type is not None:
        meta = info.implementing_type.metadata  # type: ignore[attr-defined]
        _METADATA_SLOT.__set__(info, meta)
    return meta


def _lazy_definition(info: CmdletInfo) -> str:
    definition: Optional[str] = _DEFINITION_SLOT.__get__(info, CmdletInfo)
    if definition is None:
        meta = _lazy_metadata(info)
        definition = _syntax_text(meta) if meta is not None else ""
        _DEFINITION_SLOT.__set__(info, definition)
    return definition


CmdletInfo.metadata = property(  # type: ignore[assignment]
    _lazy_metadata, _METADATA_SLOT.__set__, doc="The command's metadata, compiled on first use.")
CmdletInfo.definition = property(  # type: ignore[assignment]
    _lazy_definition, _DEFINITION_SLOT.__set__, doc="The syntax text, built on first use.")


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
