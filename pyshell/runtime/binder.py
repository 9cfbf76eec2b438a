"""The one parameter binder, for cmdlets and script functions alike.

The stages follow PowerShell's ParameterBinderController:

1. named arguments: case-insensitive, unique prefixes, aliases, `-Name:value`; a
   non-switch `-Name` takes the next positional argument as its value;
2. positional arguments, by position within the parameter sets still possible: first to a
   parameter the value fits without conversion, then with conversion (default set first
   each time); a validation failure marked `swallow` passes the value to the next one;
3. the remaining arguments (`ValueFromRemainingArguments`, or `$args` of a simple function):
   such a parameter takes no position of its own, it collects every argument left over;
4. parameter-set resolution (default set, ambiguity) and the mandatory check;
5. per pipeline object: by value without conversion, by property name without conversion,
   by value with conversion, by property name with conversion. Pipeline bindings are kept
   apart from the command-line ones, so nothing needs undoing between objects.

`bind_arguments(metadata, arguments, ...)` does 1-4 and returns a `BindingState`;
`bind_pipeline_object(state, obj)` does 5 and returns the parameters the object bound.
Failures raise `ParameterBindingException` whose record carries PowerShell's message and
FullyQualifiedErrorId (`<id>,<command>`), semantics §2.2.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

from pyshell.runtime.argument_conversion import (ConversionError, convert_argument,
                                                 fits_exactly, is_scriptblock)
from pyshell.runtime.errors import (ErrorCategory, ErrorRecord, InvocationInfo, PSException,
                                    ParameterBindingException)
from pyshell.runtime.parameters import (ALL_PARAMETER_SETS, CommandMetadata, ParameterSpec,
                                        Switch, TypeKind, ValidationFailure)

__all__ = ["BindingState", "bind_arguments", "bind_pipeline_object", "convert_argument",
           "fast_pipeline_parameter",
           "binding_error", "NO_INPUT", "ConversionError", "NO_VALUE"]


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


# The value of a `-Name` argument written without one. pipeline.NO_VALUE is this object.
NO_VALUE: Any = _Sentinel("NO_VALUE")
# "No pipeline input": process() of the first command when the pipeline has no input.
NO_INPUT: Any = _Sentinel("NO_INPUT")


class BindingState:
    """The command-line binding of one command in one pipeline."""

    __slots__ = ("metadata", "bound", "specs", "unbound_arguments", "candidate_sets",
                 "parameter_set_name", "expects_input", "invocation", "session",
                 "_pipeline_specs", "_fast_name", "_fast_ok", "last_pipeline_bound",
                 "current_extent", "delay_bound")

    def __init__(self, metadata: CommandMetadata, session: Any,
                 invocation: Optional[InvocationInfo]) -> None:
        self.metadata = metadata
        self.session = session
        self.invocation = invocation
        self.bound: dict[str, Any] = {}            # PowerShell name -> value
        self.specs: dict[str, ParameterSpec] = {}  # PowerShell name -> spec
        self.unbound_arguments: list[Any] = []     # `$args` of a simple function
        self.candidate_sets: Optional[frozenset[str]] = None  # None: every set
        self.parameter_set_name = ALL_PARAMETER_SETS
        self.expects_input = False
        self._pipeline_specs: Optional[list[ParameterSpec]] = None
        self._fast_name: Optional[str] = None
        self._fast_ok = False
        self.last_pipeline_bound: dict[str, Any] = {}
        # The argument being bound: its extent is where a binding error points.
        self.current_extent: Any = None
        # Script blocks given to pipeline parameters: evaluated per input object.
        self.delay_bound: dict[str, Any] = {}

    @property
    def common(self) -> dict[str, Any]:
        """The common parameters given (ErrorAction, Verbose, WhatIf, ...)."""
        return {n: v for n, v in self.bound.items() if self.specs[n].is_common}

    def attribute_values(self) -> dict[str, Any]:
        """attr_name -> value of the bound declared parameters (for cmdlet instances)."""
        return {self.specs[n].attr_name: v for n, v in self.bound.items()  # type: ignore[misc]
                if self.specs[n].attr_name}


# --------------------------------------------------------------------------- errors

def binding_error(metadata: CommandMetadata, error_id: str, message: str, *,
                  category: ErrorCategory = ErrorCategory.InvalidArgument, target: Any = None,
                  invocation: Optional[InvocationInfo] = None,
                  inner: Optional[BaseException] = None) -> ParameterBindingException:
    """A ParameterBindingException with its record: `<error_id>,<command>`."""
    exc = ParameterBindingException(message, inner=inner)
    exc.error_record = ErrorRecord(exc, error_id, category, target, invocation,
                                   metadata.error_suffix)
    return exc


def _at(state: BindingState) -> Optional[InvocationInfo]:
    """The invocation info of an error about the argument being bound."""
    extent = state.current_extent
    if extent is None:
        return state.invocation
    if state.invocation is None:
        return InvocationInfo(my_command=state.metadata.name, extent=extent)
    from attrs import evolve
    return evolve(state.invocation, extent=extent)


def _text(value: Any) -> str:
    try:
        from pyshell.runtime.conversion import to_string
        return to_string(value)
    except Exception:
        return str(value)


# --------------------------------------------------------------------------- one parameter

def _bind_value(state: BindingState, spec: ParameterSpec, value: Any, *,
                from_pipeline: bool = False) -> Any:
    """Convert and validate one value for one parameter; raise the binding error."""
    meta = state.metadata
    try:
        converted = convert_argument(value, spec.type, advanced=meta.is_advanced)
    except ConversionError as err:
        raise _conversion_binding_error(state, spec, value, err) from None
    _validate(state, spec, converted)
    return converted


def _conversion_binding_error(state: BindingState, spec: ParameterSpec, value: Any,
                              err: ConversionError) -> ParameterBindingException:
    meta = state.metadata
    if meta.dotnet_class:  # a compiled cmdlet
        if err.collection_to_scalar:
            from pyshell.runtime.conversion import dotnet_type_name
            return binding_error(
                meta, "CannotConvertArgument",
                f"Cannot convert '{dotnet_type_name(value)}' to the type '{spec.type.full_name}' "
                f"required by parameter '{spec.name}'. Specified method is not supported.",
                target=value, invocation=_at(state))
        return binding_error(meta, "CannotConvertArgumentNoMessage",
                             f"Cannot bind parameter '{spec.name}'. {err.inner}",
                             target=value, invocation=_at(state))
    return binding_error(meta, "ParameterArgumentTransformationError",
                         f"Cannot process argument transformation on parameter '{spec.name}'. "
                         f"{err.inner}", category=ErrorCategory.InvalidData, target=value,
                         invocation=_at(state))


def _mandatory_in(state: BindingState, spec: ParameterSpec) -> bool:
    sets = state.candidate_sets
    for s in spec.sets:
        if s.mandatory and (sets is None or s.set_name == ALL_PARAMETER_SETS
                            or s.set_name in sets):
            return True
    return False


def _validate(state: BindingState, spec: ParameterSpec, value: Any) -> None:
    meta = state.metadata
    names = {type(v).__name__ for v in spec.validators}
    if _mandatory_in(state, spec):
        if value is None and "AllowNull" not in names:
            raise binding_error(meta, "ParameterArgumentValidationErrorNullNotAllowed",
                                f"Cannot bind argument to parameter '{spec.name}' because it "
                                "is null.", category=ErrorCategory.InvalidData,
                                invocation=_at(state))
        if value == "" and isinstance(value, str) and "AllowEmptyString" not in names:
            raise binding_error(meta, "ParameterArgumentValidationErrorEmptyStringNotAllowed",
                                f"Cannot bind argument to parameter '{spec.name}' because it "
                                "is an empty string.", category=ErrorCategory.InvalidData,
                                invocation=_at(state))
        if isinstance(value, list) and not value and spec.type.is_array \
                and "AllowEmptyCollection" not in names:
            raise binding_error(meta, "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
                                f"Cannot bind argument to parameter '{spec.name}' because it "
                                "is an empty array.", category=ErrorCategory.InvalidData,
                                invocation=_at(state))
    for validator in spec.validators:
        try:
            validator.validate(value, state.session)
        except ValidationFailure as failure:
            exc = binding_error(meta, failure.error_id,
                                f"Cannot validate argument on parameter '{spec.name}'. "
                                f"{failure.detail}", category=ErrorCategory.InvalidData,
                                target=value, invocation=_at(state))
            # PowerShell's ValidationMetadataException(swallowException: true): positional
            # binding tries the next parameter instead of failing.
            exc.swallowed = bool(getattr(failure, "swallow", False))  # type: ignore[attr-defined]
            raise exc from None


def _in_sets(spec: ParameterSpec, sets: Optional[frozenset[str]]) -> bool:
    if sets is None:
        return True
    return any(s.set_name == ALL_PARAMETER_SETS or s.set_name in sets for s in spec.sets)


def _narrow(state: BindingState, spec: ParameterSpec) -> None:
    """Binding a parameter leaves only the sets it belongs to."""
    if spec.in_all_sets or spec.is_common:
        return
    mine = spec.set_names()
    state.candidate_sets = mine if state.candidate_sets is None else state.candidate_sets & mine


def _record(state: BindingState, spec: ParameterSpec, value: Any) -> None:
    if spec.name in state.bound:
        raise binding_error(
            state.metadata, "ParameterAlreadyBound",
            f"Cannot bind parameter because parameter '{spec.name}' is specified more than "
            "once. To provide multiple values to parameters that can accept multiple values, "
            'use the array syntax. For example, "-parameter value1,value2,value3".',
            invocation=_at(state))
    state.bound[spec.name] = value
    state.specs[spec.name] = spec
    before = state.candidate_sets
    _narrow(state, spec)
    if state.candidate_sets is not None and not state.candidate_sets and before != frozenset():
        raise _ambiguous_set(state)


def _ambiguous_set(state: BindingState) -> ParameterBindingException:
    return binding_error(
        state.metadata, "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters. One or more "
        "parameters issued cannot be used together or an insufficient number of parameters "
        "were provided.", invocation=_at(state))


# --------------------------------------------------------------------------- stages 1-4

def bind_arguments(metadata: CommandMetadata, arguments: Sequence[Any], *, session: Any = None,
                   invocation: Optional[InvocationInfo] = None,
                   expects_input: bool = False) -> BindingState:
    """Bind a command line (named, positional, remaining), resolve the parameter set and
    check mandatory parameters. `arguments` are `pipeline.CommandArgument`s."""
    state = BindingState(metadata, session, invocation)
    state.expects_input = expects_input
    positional = _bind_named(state, arguments)
    _bind_positional(state, positional)
    state.current_extent = None
    _resolve_set(state)
    _check_mandatory(state)
    return state


def _bind_named(state: BindingState, arguments: Sequence[Any]) -> list[Any]:
    meta = state.metadata
    positional: list[Any] = []
    i = 0
    count = len(arguments)
    while i < count:
        arg = arguments[i]
        i += 1
        name = arg.parameter_name
        if name is None:
            positional.append((arg.value, arg.extent))
            continue
        state.current_extent = arg.extent
        matches = meta.matches(name)
        if len(matches) > 1:
            matches = _preferfits_exactly(matches, name)
        if not matches:
            if not meta.is_advanced or _has_remaining(meta):
                # A simple function passes unknown `-name` tokens on as strings ($args), and
                # so does a ValueFromRemainingArguments parameter; they take no position.
                positional.append(_NameToken(f"-{name}:" if arg.colon else f"-{name}"))
                if arg.value is not NO_VALUE:
                    positional.append((arg.value, arg.extent))
                continue
            raise binding_error(meta, "NamedParameterNotFound",
                                f"A parameter cannot be found that matches parameter name "
                                f"'{name}'.", target=name, invocation=_at(state))
        if len(matches) > 1:
            options = " ".join(f"-{p.name}" for p in matches)
            raise binding_error(meta, "AmbiguousParameter",
                                f"Parameter cannot be processed because the parameter name "
                                f"'{name}' is ambiguous. Possible matches include: {options}.",
                                target=name, invocation=_at(state))
        spec = matches[0]
        value = arg.value
        if value is NO_VALUE:
            if spec.is_switch:
                value = Switch(True)
            elif i < count and arguments[i].parameter_name is None:
                value = arguments[i].value
                state.current_extent = arguments[i].extent or arg.extent
                i += 1
            else:
                raise binding_error(meta, "MissingArgument",
                                    f"Missing an argument for parameter '{spec.name}'. Specify "
                                    f"a parameter of type '{spec.type.full_name}' and try "
                                    "again.", target=spec.name, invocation=_at(state))
        if _is_delay_bind(spec, value):
            _delay_bind(state, spec, value)
            continue
        _record(state, spec, _bind_value(state, spec, value))
    state.current_extent = None
    return positional


def _is_delay_bind(spec: ParameterSpec, value: Any) -> bool:
    """A script block for a by-property-name parameter that does not take script blocks:
    `Get-ChildItem | Rename-Item -NewName { $_.Name + '.bak' }`."""
    if not is_scriptblock(value) or not any(s.from_pipeline_by_property_name
                                             for s in spec.sets):
        return False
    kind = spec.type.element.kind if spec.type.is_array and spec.type.element else spec.type.kind
    return kind not in (TypeKind.SCRIPTBLOCK, TypeKind.OBJECT)


def _delay_bind(state: BindingState, spec: ParameterSpec, block: Any) -> None:
    if not state.expects_input:
        raise binding_error(
            state.metadata, "ScriptBlockArgumentNoInput",
            f"Cannot bind parameter '{spec.name}' because it is a script block and there is no "
            "input. A script block cannot be evaluated without input.",
            target=block, invocation=_at(state))
    state.delay_bound[spec.name] = block
    _record(state, spec, block)


def _preferfits_exactly(matches: list[ParameterSpec], name: str) -> list[ParameterSpec]:
    low = name.lower()
    exact = [p for p in matches if p.name.lower() == low or low in (a.lower() for a in p.aliases)]
    return exact or matches


def _position_table(state: BindingState) -> list[tuple[int, list[ParameterSpec]]]:
    table: dict[int, list[ParameterSpec]] = {}
    sets = state.candidate_sets
    for spec in state.metadata.parameters:
        if spec.name in state.bound or spec.is_common:
            continue
        for s in spec.sets:
            if s.position is None or s.from_remaining_arguments:
                # A ValueFromRemainingArguments parameter takes no single position, even
                # with one declared: it collects every positional argument left over
                # (`Write-Output 1 2 3`), as PowerShell's binder skips it here.
                continue
            if sets is not None and s.set_name != ALL_PARAMETER_SETS and s.set_name not in sets:
                continue
            bucket = table.setdefault(s.position, [])
            if spec not in bucket:
                bucket.append(spec)
    return sorted(table.items())


class _NameToken:
    """An unknown `-name` kept as text for $args or the remaining-arguments parameter."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _has_remaining(meta: CommandMetadata) -> bool:
    return any(s.from_remaining_arguments for p in meta.parameters for s in p.sets)


def _next_value(positional: list[Any]) -> Optional[int]:
    return next((i for i, v in enumerate(positional) if not isinstance(v, _NameToken)), None)


def _bind_at_position(state: BindingState, candidates: list[ParameterSpec], value: Any) -> bool:
    """Bind one positional argument to one of the parameters at its position: those it fits
    without conversion first, then with conversion, in the given order. A validation
    failure PowerShell swallows here (`swallowed`, Add-Member's NotePropertyName refusing
    a member type name) passes the argument on to the next candidate."""
    for candidate in candidates:
        if not fits_exactly(value, candidate.type):
            continue
        try:
            converted = _bind_value(state, candidate, value)
        except ParameterBindingException as exc:
            if getattr(exc, "swallowed", False):
                continue
            raise
        _record(state, candidate, converted)
        return True
    error: Optional[PSException] = None
    for candidate in candidates:
        try:
            converted = _bind_value(state, candidate, value)
        except ParameterBindingException as exc:
            if not getattr(exc, "swallowed", False):
                error = error or exc
            continue
        _record(state, candidate, converted)
        return True
    if error is not None:
        raise error
    return False


def _bind_positional(state: BindingState, positional: list[Any]) -> None:
    meta = state.metadata
    if positional and meta.positional_binding:
        default = meta.default_parameter_set
        for _, candidates in _position_table(state):
            index = _next_value(positional)
            if index is None:
                break
            candidates = [c for c in candidates
                          if c.name not in state.bound and _in_sets(c, state.candidate_sets)]
            if not candidates:
                continue
            # The default set's parameter is tried first, as PowerShell does.
            candidates.sort(key=lambda c: 0 if default and default in c.set_names() else 1)
            value, state.current_extent = positional[index]
            if _bind_at_position(state, candidates, value):
                positional.pop(index)
    if not positional:
        return
    state.current_extent = next((e for v in positional if not isinstance(v, _NameToken)
                                 for e in (v[1],)), None)
    first_extent = state.current_extent
    positional = [v.text if isinstance(v, _NameToken) else v[0] for v in positional]
    sets = state.candidate_sets
    remaining = next((p for p in meta.parameters if p.name not in state.bound
                      and any(s.from_remaining_arguments and (
                          sets is None or s.set_name == ALL_PARAMETER_SETS or s.set_name in sets)
                              for s in p.sets)), None)
    if remaining is not None:
        _record(state, remaining, _bind_value(state, remaining, list(positional)))
        return
    if not meta.is_advanced:
        state.unbound_arguments = list(positional)
        return
    value = positional[0]
    state.current_extent = first_extent
    raise binding_error(meta, "PositionalParameterNotFound",
                        f"A positional parameter cannot be found that accepts argument "
                        f"'{_text(value)}'.", target=value, invocation=_at(state))


def _all_sets(meta: CommandMetadata) -> tuple[str, ...]:
    return meta.parameter_sets


def _mandatory_missing(state: BindingState, set_name: str, *, skip_pipeline: bool) -> list[str]:
    bound = state.bound
    return [name for name, takes_input in state.metadata.mandatory_in(set_name)
            if name not in bound and not (skip_pipeline and takes_input)]


def _resolve_set(state: BindingState) -> None:
    meta = state.metadata
    sets = _all_sets(meta)
    if not sets:
        state.parameter_set_name = ALL_PARAMETER_SETS
        return
    candidates = [s for s in sets if state.candidate_sets is None or s in state.candidate_sets]
    if not candidates:
        raise _ambiguous_set(state)
    if len(candidates) == 1:
        state.candidate_sets = frozenset(candidates)
        state.parameter_set_name = candidates[0]
        return
    default = meta.default_parameter_set
    complete = [s for s in candidates
                if not _mandatory_missing(state, s, skip_pipeline=state.expects_input)]
    if state.expects_input:
        # Decided per input object; drop the sets that cannot be satisfied at all.
        keep = complete or candidates
        state.candidate_sets = frozenset(keep)
        state.parameter_set_name = (default if default in keep else keep[0])
        return
    if default in candidates and (default in complete or not complete):
        chosen = default
    elif len(complete) == 1:
        chosen = complete[0]
    elif not complete and len(candidates) > 1:
        # No set is complete: PowerShell reports the missing mandatory parameters of the
        # default set, or cannot choose at all.
        if default in candidates:
            chosen = default
        else:
            raise _ambiguous_set(state)
    else:
        bound_named = [n for n in state.bound if not state.specs[n].is_common
                       and not state.specs[n].in_all_sets]
        if not bound_named and default is None:
            chosen = complete[0]
        else:
            raise _ambiguous_set(state)
    state.candidate_sets = frozenset([chosen])
    state.parameter_set_name = chosen


def _check_mandatory(state: BindingState) -> None:
    missing = _mandatory_missing(state, state.parameter_set_name,
                                 skip_pipeline=state.expects_input)
    if not missing:
        return
    if _can_prompt(state.session):
        _prompt_for(state, missing)
        return
    raise _missing_mandatory(state, missing)


def _missing_mandatory(state: BindingState, missing: list[str]) -> ParameterBindingException:
    names = "".join(f" {n}" for n in missing)
    return binding_error(state.metadata, "MissingMandatoryParameter",
                         "Cannot process command because of one or more missing mandatory "
                         f"parameters:{names}.", invocation=_at(state))


def _can_prompt(session: Any) -> bool:
    if session is None:
        return False
    options = getattr(session, "options", None)
    if getattr(options, "non_interactive", False):
        return False
    host = getattr(session, "host", None)
    return bool(getattr(host, "interactive", False))


def _prompt_for(state: BindingState, missing: list[str]) -> None:
    """PowerShell's prompt for missing mandatory parameters (interactive sessions)."""
    host = state.session.host
    meta = state.metadata
    host.write_line(f"cmdlet {meta.name} at command pipeline position 1")
    host.write_line("Supply values for the following parameters:")
    for name in missing:
        spec = meta.get(name)
        assert spec is not None
        if spec.type.is_array:
            values: list[str] = []
            while True:
                line = host.read_line(f"{name}[{len(values)}]: ")
                if not line:
                    break
                values.append(line)
            raw: Any = values
        else:
            raw = host.read_line(f"{name}: ")
        _record(state, spec, _bind_value(state, spec, raw))


# --------------------------------------------------------------------------- stage 5

def _pipeline_specs(state: BindingState) -> list[ParameterSpec]:
    if state._pipeline_specs is None:
        state._pipeline_specs = [p for p in state.metadata.parameters
                                 if p.name not in state.bound and p.takes_pipeline_input]
        # The common case (Where-Object, ForEach-Object, Out-*): one by-value [object]
        # parameter, no by-property ones, nothing to validate -> bind without any checks.
        specs = state._pipeline_specs
        if len(specs) == 1:
            only = specs[0]
            by_value = all(s.from_pipeline and not s.from_pipeline_by_property_name
                           for s in only.sets)
            if by_value and only.type.kind is TypeKind.OBJECT and not only.validators \
                    and not state.delay_bound \
                    and _in_sets(only, state.candidate_sets) and not _mandatory_in(state, only) \
                    and not _other_mandatory(state, only):
                state._fast_name = only.name
                state._fast_ok = True
    return state._pipeline_specs


def _other_mandatory(state: BindingState, only: ParameterSpec) -> bool:
    sets = state.candidate_sets or frozenset(state.metadata.parameter_sets or
                                             (ALL_PARAMETER_SETS,))
    return any(_mandatory_missing(state, s, skip_pipeline=False) for s in sets)


def fast_pipeline_parameter(state: BindingState) -> Optional[str]:
    """The one parameter every pipeline object binds to unchanged, when the command has
    exactly one by-value [object] pipeline parameter and nothing to check: then
    `bind_pipeline_object(state, obj)` is always `{name: obj}` and a processor may skip it."""
    _pipeline_specs(state)
    return state._fast_name if state._fast_ok else None


def bind_pipeline_object(state: BindingState, input_object: Any) -> dict[str, Any]:
    """Bind one pipeline object; returns {PowerShell name: value} of what it bound.

    Raises `ParameterBindingException` (`InputObjectNotBound`, a validation or
    mandatory error) when the object cannot be bound; the processor reports that as a
    non-terminating error for this object and goes on with the next.
    """
    specs = _pipeline_specs(state)
    if state._fast_ok:
        return {state._fast_name: input_object}  # type: ignore[dict-item]
    meta = state.metadata
    if not specs and not meta.is_advanced and not state.delay_bound:
        # A simple function sees its input through $_ and $input only.
        return {}
    bound: dict[str, Any] = {}
    for name, block in state.delay_bound.items():
        bound[name] = _evaluate_delay_bound(state, state.specs[name], block, input_object)
    if state.delay_bound and not specs:
        state.last_pipeline_bound = bound
        return bound
    sets = state.candidate_sets
    first_error: Optional[PSException] = None
    for coerce in (False, True):
        for by_value in (True, False):
            for spec in specs:
                if spec.name in bound or not _in_sets(spec, sets):
                    continue
                entry = _pipeline_entry(spec, sets, by_value)
                if entry is None:
                    continue
                if by_value:
                    value = input_object
                else:
                    found, value = _property_value(input_object, spec)
                    if not found:
                        continue
                if not coerce and not fits_exactly(value, spec.type):
                    continue
                try:
                    converted = convert_argument(value, spec.type, advanced=meta.is_advanced)
                except ConversionError as err:
                    first_error = first_error or _conversion_binding_error(state, spec, value,
                                                                           err)
                    continue
                _validate_pipeline(state, spec, converted, sets)
                bound[spec.name] = converted
                if not spec.in_all_sets:
                    mine = spec.set_names()
                    sets = mine if sets is None else (sets & mine)
    chosen = _choose_set(state, sets, bound)
    missing = [n for n in _mandatory_missing(state, chosen, skip_pipeline=False)
               if n not in bound]
    if missing or (not bound and specs):
        if not bound and any(_pipeline_entry(s, state.candidate_sets, None) for s in specs):
            if first_error is not None and len(specs) == 1:
                raise first_error
            raise _not_bound(state, input_object)
        if missing:
            raise _missing_mandatory(state, missing)
    if not specs and not bound:
        raise _not_bound(state, input_object)
    state.parameter_set_name = chosen
    state.last_pipeline_bound = bound
    return bound


def _evaluate_delay_bound(state: BindingState, spec: ParameterSpec, block: Any,
                          input_object: Any) -> Any:
    try:
        results = list(block.invoke(dollar_under=input_object))
    except PSException as exc:
        raise binding_error(
            state.metadata, "ScriptBlockArgumentInvocationFailed",
            f"The input to the script block for parameter '{spec.name}' failed. {exc.message}",
            target=input_object, invocation=state.invocation, inner=exc) from None
    value = results[0] if len(results) == 1 else (None if not results else results)
    try:
        converted = convert_argument(value, spec.type, advanced=state.metadata.is_advanced)
    except ConversionError as err:
        raise _conversion_binding_error(state, spec, value, err) from None
    _validate(state, spec, converted)
    return converted


def _not_bound(state: BindingState, input_object: Any) -> ParameterBindingException:
    return binding_error(
        state.metadata, "InputObjectNotBound",
        "The input object cannot be bound to any parameters for the command either because "
        "the command does not take pipeline input or the input and its properties do not "
        "match any of the parameters that take pipeline input.",
        target=input_object, invocation=_at(state))


def _validate_pipeline(state: BindingState, spec: ParameterSpec, value: Any,
                       sets: Optional[frozenset[str]]) -> None:
    saved = state.candidate_sets
    state.candidate_sets = sets
    try:
        _validate(state, spec, value)
    finally:
        state.candidate_sets = saved


def _pipeline_entry(spec: ParameterSpec, sets: Optional[frozenset[str]],
                    by_value: Optional[bool]) -> Any:
    for s in spec.sets:
        if sets is not None and s.set_name != ALL_PARAMETER_SETS and s.set_name not in sets:
            continue
        if by_value is None and (s.from_pipeline or s.from_pipeline_by_property_name):
            return s
        if by_value is True and s.from_pipeline:
            return s
        if by_value is False and s.from_pipeline_by_property_name:
            return s
    return None


def _property_value(obj: Any, spec: ParameterSpec) -> tuple[bool, Any]:
    """The object's property named like the parameter (or one of its aliases)."""
    if obj is None or isinstance(obj, (str, int, float, bool)) and not isinstance(obj, str):
        return False, None
    try:
        from pyshell.runtime import members
        props = members.get_properties(obj)
    except Exception:  # an object the member layer cannot adapt has no properties
        return False, None
    names = (spec.name,) + spec.aliases
    by_name = {p.name.lower(): p for p in props}
    if isinstance(obj, dict):
        # A hashtable's keys are not properties for by-property-name binding.
        by_name = {k: v for k, v in by_name.items() if k in ("count", "keys", "values")}
    for name in names:
        if name.lower() in by_name:
            try:
                return True, members.get_property_value(obj, name)
            except Exception:
                return False, None
    return False, None


def _choose_set(state: BindingState, sets: Optional[frozenset[str]],
                bound: dict[str, Any]) -> str:
    meta = state.metadata
    named = meta.parameter_sets
    if not named:
        return ALL_PARAMETER_SETS
    candidates = [s for s in named if sets is None or s in sets]
    if not candidates:
        raise _ambiguous_set(state)
    if len(candidates) == 1:
        return candidates[0]
    default = meta.default_parameter_set
    if default in candidates:
        return default
    complete = [s for s in candidates if not [n for n in _mandatory_missing(
        state, s, skip_pipeline=False) if n not in bound]]
    return complete[0] if complete else candidates[0]
