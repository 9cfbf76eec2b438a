"""Functions, filters, script blocks and script files as commands.

A function's `param()` block becomes a `CommandMetadata` (the same object cmdlets have), so
`binder.bind_arguments` binds functions exactly as it binds cmdlets; `ScriptCommandProcessor`
then runs the compiled begin/process/end blocks in a new child scope with the bound values,
`$args`, `$input`, `$_`, `$PSBoundParameters`, `$MyInvocation` and `$PSCmdlet`.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional

from attrs import field, frozen

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.commands import CommandInfo, CommandType
from pyshell.runtime.errors import InvocationInfo, ParameterBindingException
from pyshell.runtime.scopes import PSVariable, Scope
from pyshell.runtime.scriptblock import ScriptBlock, call_depth_error, MAX_CALL_DEPTH
from pyshell.runtime.signals import ExitSignal, ReturnSignal

__all__ = ["FunctionInfo", "ScriptBlockInfo", "ExternalScriptInfo", "ScriptCommandProcessor",
           "CommandInvocationInfo",
           "define_function", "build_metadata", "bind_parameter_variables", "validators_from",
           "bind_script_parameters"]


# --------------------------------------------------------------------------- metadata

def _attribute_name(node: A.AttributeAst) -> str:
    name = node.type_name.full_name.lower().rsplit(".", 1)[-1]
    return name[:-len("attribute")] if name.endswith("attribute") else name


def _evaluate(node: A.ExpressionAst, scope: Scope) -> Any:
    from pyshell.runtime.compiler import Compiler
    return S.as_value(Compiler().expr(node)(scope))


def _attribute_arguments(node: A.AttributeAst, scope: Scope) -> tuple[list[Any], dict[str, Any]]:
    positional = []
    for argument in node.positional_arguments:
        value = _evaluate(argument, scope)
        positional.extend(value if isinstance(value, list) else [value])
    named = {a.name.lower(): (True if a.expression_omitted else _evaluate(a.value, scope))
             for a in node.named_arguments}
    return positional, named


def validators_from(attributes: Any, scope: Scope) -> list[Any]:
    """The parameters.py validators the `[Validate*()]` attributes declare."""
    from pyshell.runtime import parameters as P
    validators: list[Any] = []
    for attribute in attributes:
        kind = _attribute_name(attribute)
        allowance = {"allownull": P.AllowNull, "allowemptystring": P.AllowEmptyString,
                     "allowemptycollection": P.AllowEmptyCollection}.get(kind)
        if allowance is not None:
            validators.append(allowance())
            continue
        if not kind.startswith("validate"):
            continue
        args, named = _attribute_arguments(attribute, scope)
        if kind == "validateset":
            validators.append(P.ValidateSet(*(str(a) for a in args),
                                            ignore_case=S.to_bool(named.get("ignorecase", True)),
                                            error_message=named.get("errormessage")))
        elif kind == "validaterange":
            validators.append(P.ValidateRange(*args[:2]))
        elif kind == "validatepattern":
            validators.append(P.ValidatePattern(str(args[0]),
                                                error_message=named.get("errormessage")))
        elif kind == "validatenotnull":
            validators.append(P.ValidateNotNull())
        elif kind == "validatenotnullorempty":
            validators.append(P.ValidateNotNullOrEmpty())
        elif kind == "validatecount":
            validators.append(P.ValidateCount(int(args[0]), int(args[1])))
        elif kind == "validatelength":
            validators.append(P.ValidateLength(int(args[0]), int(args[1])))
        elif kind == "validatescript":
            validators.append(P.ValidateScript(args[0], error_message=named.get("errormessage")))
    return validators


def _parameter_spec(parameter: Any, scope: Scope) -> Any:
    from pyshell.runtime import parameters as P
    entries: list[Any] = []
    aliases: list[str] = []
    for attribute in parameter.attributes:
        kind = _attribute_name(attribute)
        if kind == "parameter":
            args, named = _attribute_arguments(attribute, scope)
            position = named.get("position")
            entries.append(P.Parameter(
                mandatory=S.to_bool(named.get("mandatory", False)),
                position=None if position is None else int(position),
                parameter_set=str(named.get("parametersetname", P.ALL_PARAMETER_SETS)),
                from_pipeline=S.to_bool(named.get("valuefrompipeline", False)),
                from_pipeline_by_property_name=S.to_bool(
                    named.get("valuefrompipelinebypropertyname", False)),
                from_remaining_arguments=S.to_bool(named.get("valuefromremainingarguments",
                                                             False)),
                help_message=str(named.get("helpmessage", "") or ""),
                dont_show=S.to_bool(named.get("dontshow", False))))
        elif kind == "alias":
            args, _ = _attribute_arguments(attribute, scope)
            aliases.extend(str(a) for a in args)
    ptype = (P.ParameterType.from_type_name(parameter.type_name) if parameter.type_name
             else P.ParameterType.object())
    return P.ParameterSpec.create(parameter.name, ptype, *entries, aliases=aliases,
                                  validators=validators_from(parameter.attributes, scope))


def build_metadata(name: str, compiled: Any, scope: Scope) -> Any:
    """The CommandMetadata of a function or script block (cached per compiled block)."""
    cached = compiled.metadata_cache.get(name)
    if cached is not None:
        return cached
    from pyshell.runtime.parameters import CommandMetadata
    specs = [_parameter_spec(p, scope) for p in compiled.parameters]
    options: dict[str, Any] = {}
    if compiled.cmdlet_binding is not None:
        _, options = _attribute_arguments(compiled.cmdlet_binding, scope)
    metadata = CommandMetadata.for_function(
        name, specs, cmdlet_binding=compiled.is_advanced,
        supports_should_process=S.to_bool(options.get("supportsshouldprocess", False)),
        default_parameter_set=options.get("defaultparametersetname"),
        confirm_impact=options.get("confirmimpact", "Medium"),
        positional_binding=S.to_bool(options.get("positionalbinding", True)))
    compiled.metadata_cache[name] = metadata
    return metadata


# --------------------------------------------------------------------------- command infos

@frozen(eq=False)
class FunctionInfo(CommandInfo):
    """A function or filter defined by a script (`command_type` Function or Filter)."""

    script_block: Any = None
    scope: Any = field(default=None, repr=False)

    @property
    def ScriptBlock(self) -> Any:  # noqa: N802 - .NET member name
        return self.script_block

    def create_processor(self, session: Any, stage: Any) -> ScriptCommandProcessor:
        return ScriptCommandProcessor(self, session, stage)


@frozen(eq=False)
class ScriptBlockInfo(CommandInfo):
    """`& $scriptblock`: an anonymous command."""

    script_block: Any = None

    @classmethod
    def for_block(cls, block: ScriptBlock) -> ScriptBlockInfo:
        return cls("", CommandType.FUNCTION, "", None, block.to_string(), script_block=block)

    def create_processor(self, session: Any, stage: Any) -> ScriptCommandProcessor:
        return ScriptCommandProcessor(self, session, stage)


@frozen(eq=False)
class ExternalScriptInfo(CommandInfo):
    """A `.ps1` file run as a command: its own script scope, `$PSScriptRoot`, `exit`."""

    path: str = ""

    @property
    def Path(self) -> str:  # noqa: N802
        return self.path

    def load(self, session: Any) -> ScriptBlock:
        from pyshell.language import ParseError, parse
        from pyshell.runtime.session import parse_exception
        with open(self.path, encoding="utf-8-sig") as f:
            text = f.read()
        try:
            return ScriptBlock(parse(text, self.path), session, script_name=self.path)
        except ParseError as exc:
            raise parse_exception(exc) from None

    def create_processor(self, session: Any, stage: Any) -> ScriptCommandProcessor:
        return ScriptCommandProcessor(self, session, stage)


def define_function(scope: Scope, node: A.FunctionDefinitionAst, compiled: Any) -> FunctionInfo:
    """Run a `function`/`filter` statement: the function lives in the scope it names."""
    name = node.name
    head, sep, rest = name.partition(":")
    target = scope
    if sep and head.lower() in ("global", "script", "local", "private"):
        target, name = scope.target(head.lower()), rest
    session = scope.session
    block = ScriptBlock(node.body, session, compiled=compiled, script_name=compiled.script_name)
    kind = CommandType.FILTER if node.is_filter else CommandType.FUNCTION
    metadata = build_metadata(name, compiled, scope)
    info = FunctionInfo(name, kind, "", metadata, block.to_string(), script_block=block,
                        scope=target)
    target.functions[name.lower()] = info
    return info


# --------------------------------------------------------------------------- $MyInvocation

@frozen
class CommandInvocationInfo(InvocationInfo):
    """`$MyInvocation` of a running function or script: `.MyCommand` is the CommandInfo
    (`$MyInvocation.MyCommand.Name`), `.BoundParameters` the bound parameters."""

    command_info: Any = field(default=None, eq=False)
    # The binder's state, set once the command line is bound (read only when a script asks).
    binding: Any = field(default=None, eq=False)

    @property
    def bound_parameters(self) -> Any:
        bound = self.binding.bound if self.binding is not None else {}
        return _bound_dictionary({k: _plain(v) for k, v in bound.items()})

    @property
    def unbound_arguments(self) -> list[Any]:
        return list(self.binding.unbound_arguments) if self.binding is not None else []

    @classmethod
    def of(cls, base: InvocationInfo, command: Any) -> CommandInvocationInfo:
        return cls(base.my_command, base.extent, base.script_name,
                   base.interactive_single_line, command_info=command)


def _register_invocation_table() -> None:
    from pyshell.runtime.dotnet.misc import INVOCATION_TABLE
    from pyshell.runtime.dotnet.table import MemberTable, prop, register_instance_table
    register_instance_table(CommandInvocationInfo, MemberTable.of(
        "System.Management.Automation.InvocationInfo", [
            prop("MyCommand", "System.Management.Automation.CommandInfo",
                 lambda i: i.command_info if i.command_info is not None else i.my_command),
            prop("BoundParameters", "System.Collections.Generic.Dictionary[string,object]",
                 lambda i: i.bound_parameters),
            prop("UnboundArguments", "System.Collections.Generic.List[object]",
                 lambda i: i.unbound_arguments),
            prop("InvocationName", "string", lambda i: i.my_command or ""),
        ]).extend(INVOCATION_TABLE))


_register_invocation_table()


# --------------------------------------------------------------------------- $PSCmdlet

class ScriptCmdlet:
    """`$PSCmdlet` of an advanced function."""

    __ps_typenames__ = ("System.Management.Automation.PSScriptCmdlet",
                        "System.Management.Automation.PSCmdlet", "System.Object")

    def __init__(self, processor: ScriptCommandProcessor) -> None:
        self.processor = processor

    @property
    def runtime(self) -> Any:
        return self.processor.runtime

    def should_process(self, target: Any, action: Any = None) -> bool:
        name = self.processor.info.name
        return bool(self.runtime.should_process(S.to_string(target),
                                                S.to_string(action) if action else name))

    def should_continue(self, query: Any, caption: Any = "Confirm") -> bool:
        return bool(self.runtime.should_continue(S.to_string(query), S.to_string(caption)))

    def write_object(self, obj: Any, enumerate_collection: Any = False) -> None:
        self.runtime.write_object(obj, S.to_bool(enumerate_collection))

    def throw_terminating_error(self, record: Any) -> None:
        exc = record.exception
        exc.error_record = record
        raise exc


def _register_tables() -> None:
    from pyshell.runtime.dotnet.table import (
        MemberTable, method, prop, register_instance_table,
    )
    register_instance_table(ScriptCmdlet, MemberTable.of(
        "System.Management.Automation.PSScriptCmdlet", [
            prop("ParameterSetName", "string",
                 lambda c: c.processor.state.parameter_set_name if c.processor.state else ""),
            prop("MyInvocation", "System.Management.Automation.InvocationInfo",
                 lambda c: c.processor.invocation),
            method("ShouldProcess", lambda c, target, action=None: c.should_process(target,
                                                                                 action),
                   "bool ShouldProcess(string target)",
                   "bool ShouldProcess(string target, string action)"),
            method("ShouldContinue", lambda c, query, caption="Confirm":
                   c.should_continue(query, caption),
                   "bool ShouldContinue(string query, string caption)"),
            method("WriteObject", lambda c, obj, enumerate_collection=False:
                   c.write_object(obj, enumerate_collection), "void WriteObject(object)"),
            method("WriteError", lambda c, record: c.runtime.write_error(record),
                   "void WriteError(ErrorRecord)"),
            method("WriteWarning", lambda c, text: c.runtime.write_warning(S.to_string(text)),
                   "void WriteWarning(string)"),
            method("WriteVerbose", lambda c, text: c.runtime.write_verbose(S.to_string(text)),
                   "void WriteVerbose(string)"),
            method("WriteDebug", lambda c, text: c.runtime.write_debug(S.to_string(text)),
                   "void WriteDebug(string)"),
            method("ThrowTerminatingError", lambda c, record: c.throw_terminating_error(record),
                   "void ThrowTerminatingError(ErrorRecord)"),
        ]))


_register_tables()


# --------------------------------------------------------------------------- the processor

def _processor_base() -> type:
    from pyshell.runtime.pipeline import CommandProcessor
    return CommandProcessor


class ScriptCommandProcessor(_processor_base()):  # type: ignore[misc]
    """Runs a function, filter, script block or script file as a pipeline stage."""

    def __init__(self, info: Any, session: Any, stage: Any) -> None:
        from pyshell.runtime.streams import CommandRuntime
        self.info = info
        self.session = session
        self.stage = stage
        self.caller: Scope = session.current_scope
        self.is_script_file = isinstance(info, ExternalScriptInfo)
        block = info.load(session) if self.is_script_file else info.script_block
        self.block: ScriptBlock = block
        self.compiled = block.compiled
        name = info.name or ""
        self.metadata = info.metadata if info.metadata is not None else build_metadata(
            name or "<ScriptBlock>", self.compiled, self.caller)
        invocation = CommandInvocationInfo.of(stage.invocation or InvocationInfo(my_command=name),
                                              info)
        self.invocation = invocation
        self.runtime = CommandRuntime(session, name, invocation=invocation,
                                      supports_should_process=self.metadata
                                      .supports_should_process)
        self.scope: Optional[Scope] = None
        self.state: Any = None
        self.pending: list[Any] = []
        self.entered = False
        self.out: Callable[[Any], None] = lambda obj: None

    # ---- binding

    def prepare(self, expects_input: bool) -> None:
        from pyshell.runtime.binder import bind_arguments
        state = self._positional_binding() if self.compiled.simple_binding else None
        if state is None:
            state = bind_arguments(self.metadata, self.stage.arguments, session=self.session,
                                   invocation=self.invocation, expects_input=expects_input)
        self.state = state
        self.runtime.configure(state.common, self.stage.redirections)

    def _positional_binding(self) -> Any:
        """The binder's result for the commonest call, computed directly: a simple function
        with untyped parameters given only positional arguments binds them in order and
        leaves the rest in `$args` (recursive scripts make many such calls)."""
        from pyshell.runtime.binder import BindingState
        arguments = self.stage.arguments
        if any(a.parameter_name is not None for a in arguments):
            return None
        state = BindingState(self.metadata, self.session, self.invocation)
        specs = self.metadata.parameters
        for spec, argument in zip(specs, arguments):
            state.bound[spec.name] = argument.value
            state.specs[spec.name] = spec
        state.unbound_arguments = [a.value for a in arguments[len(specs):]]
        return state

    def _new_scope(self) -> Scope:
        if self.stage.dot_source:
            return self.caller
        parent = self.block.closure_scope or self.caller
        scope = parent.child(is_script=self.is_script_file, runtime=self.runtime)
        inherited = (_inherited_redirections(self.stage.redirections)
                     if self.stage.redirections else ())
        if inherited:
            scope.redirections = self.caller.redirections + inherited
        return scope

    def _bind_variables(self, scope: Scope) -> None:
        state = self.state
        bind_parameter_variables(scope, self.compiled, self.metadata, state)
        invocation = self.invocation
        # This processor's own InvocationInfo: recording its binding changes no shared value.
        object.__setattr__(invocation, "binding", state)
        scope.set_local("MyInvocation", invocation)
        if self.compiled.is_advanced:
            scope.set_local("PSCmdlet", ScriptCmdlet(self))
            if any(spec.is_common for spec in state.specs.values()):
                for var_name, value in self.runtime.preference_variables().items():
                    scope.set_local(var_name, value)
        if self.is_script_file:
            path = self.info.path
            scope.set_local("PSScriptRoot", os.path.dirname(path))
            scope.set_local("PSCommandPath", path)

    # ---- running

    def _run(self, block: Optional[Callable[..., None]]) -> None:
        if block is None:
            return
        session = self.session
        previous = session.current_scope
        session.current_scope = self.scope
        try:
            block(self.scope, self.out)
        except ReturnSignal as signal:
            for item in signal.pending:
                self.out(item)
        except ExitSignal as signal:
            if not self.is_script_file:
                raise
            session.set_exit_code(signal.code)
        finally:
            session.current_scope = previous

    def begin(self) -> None:
        session = self.session
        depth = session.call_depth + 1
        if depth > MAX_CALL_DEPTH:
            raise call_depth_error()
        session.call_depth = depth
        self.entered = True
        self.out = self.runtime.output
        scope = self.scope = self._new_scope()
        previous = session.current_scope
        session.current_scope = scope
        try:
            self._bind_variables(scope)
        finally:
            session.current_scope = previous
        self._run(self.compiled.begin)

    def process(self, input_object: Any = None) -> None:
        from pyshell.runtime.binder import NO_INPUT, bind_pipeline_object
        if getattr(self.session, "stopping", False):
            from pyshell.runtime.compiler_flow import stopped
            raise stopped()
        scope = self.scope
        assert scope is not None
        body = self.compiled.process  # a filter's body is its process block (the parser's)
        if input_object is NO_INPUT:
            if body is not None:
                self._run(body)
            return
        try:
            bound = (bind_pipeline_object(self.state, input_object)
                     if not self.compiled.simple_binding else {})
        except ParameterBindingException as exc:
            assert exc.error_record is not None
            self.runtime.write_error(exc.error_record)
            return
        for name, value in bound.items():
            key = name.lower()
            var = scope.vars.get(key)
            if var is not None and var.convert is not None:
                var.value = var.convert(_plain(value))
            else:
                scope.set_local(name, _plain(value))
            bound_parameters = scope.vars.get("psboundparameters")
            if bound_parameters is not None and isinstance(bound_parameters.value, dict):
                bound_parameters.value[name] = _plain(value)
        if body is None:
            self.pending.append(input_object)
            return
        scope.set_local("_", input_object)
        scope.set_local("PSItem", input_object)
        scope.set_local("input", iter((input_object,)))
        self._run(body)

    def end(self) -> None:
        scope = self.scope
        assert scope is not None
        scope.set_local("input", iter(self.pending))
        self._run(self.compiled.end)
        self._run(self.compiled.clean)

    def close(self) -> None:
        if self.entered:
            self.entered = False
            self.session.call_depth -= 1
        super().close()


def bind_parameter_variables(scope: Scope, compiled: Any, metadata: Any, state: Any) -> None:
    """Define a block's parameters in its scope from a binding: bound values, defaults
    (evaluated now, in order, so a default may use earlier parameters), type constraints,
    `$args` and `$PSBoundParameters`."""
    bound = state.bound
    specs = {p.name.lower(): p for p in metadata.parameters}
    for parameter in compiled.parameters:
        spec = specs.get(parameter.key)
        name = spec.name if spec is not None else parameter.name
        if name in bound:
            value = _plain(bound[name])
        elif parameter.default is not None:
            value = S.as_value(parameter.default(scope))
        else:
            value = False if parameter.is_switch else None
        var = scope.vars[parameter.key] = PSVariable(parameter.name, value)
        if parameter.type_name and not parameter.is_switch:
            _constrain(var, parameter.type_name, name in bound)
    scope.set_local("args", list(state.unbound_arguments))
    if compiled.uses_bound_parameters:
        scope.set_local("PSBoundParameters", _bound_dictionary(
            {k: _plain(v) for k, v in bound.items()}))


def bind_script_parameters(session: Any, compiled: Any, scope: Scope, args: Any,
                           name: str) -> None:
    """A script's own `param()` block, bound from its command-line arguments
    (`-Name value` pairs and positional values, as `pwsh -File` passes them)."""
    from pyshell.runtime.binder import bind_arguments
    from pyshell.runtime.pipeline import CommandArgument
    arguments = []
    for arg in args:
        text = arg if isinstance(arg, str) else None
        if text and len(text) > 1 and text.startswith("-") and not text[1].isdigit():
            arguments.append(CommandArgument(text[1:].rstrip(":"), colon=text.endswith(":")))
        else:
            arguments.append(CommandArgument(None, arg))
    if arguments and arguments[-1].colon:
        arguments[-1] = CommandArgument(arguments[-1].parameter_name)
    metadata = build_metadata(name, compiled, scope)
    state = bind_arguments(metadata, arguments, session=session,
                           invocation=InvocationInfo(my_command=name))
    bind_parameter_variables(scope, compiled, metadata, state)


def _constrain(var: PSVariable, type_name: str, was_bound: bool) -> None:
    from pyshell.runtime.compiler_assign import constrained_conversion
    from pyshell.runtime.compiler_expr import resolve_type_or_fail
    ps_type = resolve_type_or_fail(type_name)

    def convert(value: Any) -> Any:
        return constrained_conversion(value, ps_type)
    if not was_bound and var.value is not None:
        var.value = convert(var.value)
    var.convert, var.type_name = convert, type_name


def _inherited_redirections(redirections: Any) -> tuple[Any, ...]:
    """What a function call's redirections mean for the commands inside it: every stream
    but output goes where the call's went (file targets appended to, as one stream)."""
    from pyshell.runtime.streams import Redirection, RedirectionStream
    streams = (RedirectionStream.ERROR, RedirectionStream.WARNING, RedirectionStream.VERBOSE,
               RedirectionStream.DEBUG, RedirectionStream.INFORMATION)
    inherited: list[Any] = []
    for redirection in redirections:
        sources = streams if redirection.from_stream is RedirectionStream.ALL else (
            (redirection.from_stream,) if redirection.from_stream in streams else ())
        for stream in sources:
            append = redirection.append or redirection.to not in ("output", "null")
            inherited.append(Redirection(stream, redirection.to, append))
    return tuple(inherited)


def _plain(value: Any) -> Any:
    """A bound `[switch]` is seen by the script as a bool-like SwitchParameter."""
    from pyshell.runtime.parameters import Switch
    if isinstance(value, Switch):
        return bool(value)
    return value


def _bound_dictionary(values: dict[str, Any]) -> Any:
    from pyshell.runtime.values import GenericDictionary
    table = GenericDictionary()
    table.case_sensitive = False
    for key, value in values.items():
        table[key] = value
    return table
