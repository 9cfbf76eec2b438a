"""The output streams of one command: `CommandRuntime` (records: stream_records.py).

Every processor (cmdlet or script) has a `CommandRuntime`. It owns where each of the six
streams goes, decided once when the pipeline is prepared, so writing an object costs one
call: the success stream goes to `runtime.output` (the next stage's `process`, or the
pipeline's sink), errors to `$Error` and the host's error view, warnings/verbose/debug/
information to the host as the preference variables, the common parameters
(`-ErrorAction`, `-WarningAction`, `-Verbose`, `-ErrorVariable +x`, `-OutVariable`, ...) and the
redirections (`2>&1`, `3>$null`, `2> file`) say.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from attrs import frozen

from pyshell.runtime.errors import (ActionPreferenceStopException, ErrorCategory, ErrorRecord,
                                    InvocationInfo, PSException, PSInvalidOperationException,
                                    RuntimeException)
from pyshell.runtime.stream_records import (ActionPreference, DebugRecord, InformationRecord,
                                            ProgressRecord, ProgressRecordType, Redirection,
                                            RedirectionStream, VerboseRecord, WarningRecord)

__all__ = [
    "ActionPreference", "RedirectionStream", "Redirection", "WarningRecord", "VerboseRecord",
    "DebugRecord", "InformationRecord", "ProgressRecord", "ProgressRecordType",
    "CommandRuntime", "append_error", "show_error", "render_error_lines",
    "NON_INTERACTIVE_PROMPT_MESSAGE",
]

NON_INTERACTIVE_PROMPT_MESSAGE = ("PowerShell is in NonInteractive mode. Read and Prompt "
                                  "functionality is not available.")


# --------------------------------------------------------------------------- helpers

def render_error_lines(record: ErrorRecord, width: int) -> list[str]:
    """The error view of a record (the formatting layer's ConciseView when present)."""
    try:
        from pyshell.formatting.errorview import render_error
        return list(render_error(record, width))
    except Exception:  # no error view yet, or a view bug: the error itself must show
        pass
    command = record.invocation_info.my_command if record.invocation_info else None
    text = record.message.replace("\n", " ")
    return [f"{command}: {text}" if command else text]


def show_error(session: Any, record: ErrorRecord) -> None:
    host = getattr(session, "host", None)
    if host is None:
        return
    for line in render_error_lines(record, getattr(host, "width", 120) or 120):
        host.write_error_line(line)


def append_error(session: Any, record: ErrorRecord) -> None:
    """`$Error` holds records newest first."""
    try:
        errors = session.get_variable("Error")
    except Exception:
        errors = None
    if not isinstance(errors, list):
        from pyshell.runtime.values import GenericList

        errors = GenericList()
        try:
            session.set_variable("global:Error", errors)
        except Exception:
            try:
                session.set_variable("Error", errors)
            except Exception:
                return
    errors.insert(0, record)
    # PowerShell keeps $MaximumErrorCount (256) records.
    del errors[256:]


def _variable_target(spec: Any) -> tuple[str, bool]:
    # `-ErrorVariable +e` appends; `-ErrorVariable e` replaces.
    text = str(spec)
    if text.startswith("+"):
        return text[1:], True
    return text, False


def _get_preference(session: Any, name: str, default: ActionPreference) -> ActionPreference:
    try:
        value = session.get_variable(name)
    except Exception:
        return default
    return ActionPreference.parse(value, default)


# --------------------------------------------------------------------------- runtime

class _Preference:
    """A preference: the common parameter's value when given, else the preference variable
    as it is when the stream is written (as PowerShell reads it), never read when unused."""

    def __init__(self, variable: str, default: ActionPreference) -> None:
        self.variable = variable
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = "_" + name

    def __get__(self, runtime: Any, owner: type) -> Any:
        if runtime is None:
            return self
        value = runtime.__dict__.get(self.key)
        if value is not None:
            return value
        return _get_preference(runtime.session, self.variable, self.default)

    def __set__(self, runtime: Any, value: Any) -> None:
        runtime.__dict__[self.key] = value


class _Flag(_Preference):
    """$WhatIfPreference: a boolean."""

    def __get__(self, runtime: Any, owner: type) -> Any:
        if runtime is None:
            return self
        value = runtime.__dict__.get(self.key)
        return _truthy_variable(runtime.session, self.variable) if value is None else value


class _Confirm(_Preference):
    """$ConfirmPreference: None, Low, Medium or High (a ConfirmImpact)."""

    def __get__(self, runtime: Any, owner: type) -> Any:
        if runtime is None:
            return self
        value = runtime.__dict__.get(self.key)
        return _get_confirm_preference(runtime.session) if value is None else value


class CommandRuntime:
    """The streams of one running command.

    Create it, then `configure(bound_common, redirections)` once the command line is bound;
    `output` is set by `run_pipeline` (next stage or sink). Script processors use the same
    object; `preference_variables()` gives the preference values a script function's scope
    should see (`-Verbose` sets `$VerbosePreference` inside it).
    """

    error_action = _Preference("ErrorActionPreference", ActionPreference.Continue)
    warning_action = _Preference("WarningPreference", ActionPreference.Continue)
    verbose_action = _Preference("VerbosePreference", ActionPreference.SilentlyContinue)
    debug_action = _Preference("DebugPreference", ActionPreference.SilentlyContinue)
    information_action = _Preference("InformationPreference", ActionPreference.SilentlyContinue)
    progress_action = _Preference("ProgressPreference", ActionPreference.Continue)
    what_if = _Flag("WhatIfPreference", ActionPreference.Continue)
    confirm_preference = _Confirm("ConfirmPreference", ActionPreference.Continue)

    def __init__(self, session: Any, command_name: str = "", *, dotnet_class: str = "",
                 invocation: Optional[InvocationInfo] = None,
                 supports_should_process: bool = False) -> None:
        self.session = session
        self.command_name = command_name
        self.dotnet_class = dotnet_class
        self.invocation = invocation
        self.supports_should_process = supports_should_process
        self.output: Callable[[Any], None] = _discard
        self.had_errors = False
        # Write-Host is shown unless -InformationAction itself silences it.
        self.host_information_action = ActionPreference.Continue
        self.confirm = False
        self.confirm_impact = "Medium"
        self._yes_to_all = False
        self._no_to_all = False
        self._variables: dict[str, tuple[list[Any], str, bool]] = {}
        self._out_variable: Optional[list[Any]] = None
        self._pipeline_variable: Optional[str] = None
        # Where each non-output stream goes when redirected: "output", "null", or a writer.
        self._redirect: dict[RedirectionStream, Any] = {}
        self._file_writers: list[_FileSink] = []
        self._output_file: Optional[_FileSink] = None

    # ---- configuration

    def configure(self, common: dict[str, Any], redirections: Sequence[Redirection] = ()) -> None:
        """Apply the bound common parameters (PowerShell names) and the redirections."""
        for key, value in common.items():
            name = key.lower()
            if name == "erroraction":
                self.error_action = ActionPreference.parse(value, self.error_action)
            elif name == "warningaction":
                self.warning_action = ActionPreference.parse(value, self.warning_action)
            elif name == "informationaction":
                self.information_action = ActionPreference.parse(value, self.information_action)
                self.host_information_action = self.information_action
            elif name == "progressaction":
                self.progress_action = ActionPreference.parse(value, self.progress_action)
            elif name == "verbose":
                self.verbose_action = (ActionPreference.Continue if value
                                       else ActionPreference.SilentlyContinue)
            elif name == "debug":
                self.debug_action = (ActionPreference.Continue if value
                                     else ActionPreference.SilentlyContinue)
            elif name == "whatif":
                self.what_if = bool(value)
            elif name == "confirm":
                self.confirm = bool(value)
                if not value:
                    self.confirm_preference = "None"
            elif name in ("errorvariable", "warningvariable", "informationvariable"):
                self._bind_variable(name, value)
            elif name == "outvariable":
                var, append = _variable_target(value)
                existing = self._existing_list(var) if append else None
                self._out_variable = existing if existing is not None else []
                self._set_variable(var, self._out_variable)
            elif name == "pipelinevariable":
                self._pipeline_variable = str(value)
        for redirection in redirections:
            self._apply_redirection(redirection)

    def _existing_list(self, var: str) -> Optional[list[Any]]:
        try:
            current = self.session.get_variable(var)
        except Exception:
            return None
        if isinstance(current, list):
            return current
        return [] if current is None else [current]

    def _bind_variable(self, stream: str, spec: Any) -> None:
        var, append = _variable_target(spec)
        items = self._existing_list(var) if append else None
        items = items if items is not None else []
        self._variables[stream] = (items, var, append)
        self._set_variable(var, items)

    def _set_variable(self, name: str, value: Any) -> None:
        try:
            self.session.set_variable(name, value)
        except Exception:
            pass

    def _apply_redirection(self, r: Redirection) -> None:
        streams = ([RedirectionStream.ERROR, RedirectionStream.WARNING, RedirectionStream.VERBOSE,
                    RedirectionStream.DEBUG, RedirectionStream.INFORMATION, RedirectionStream.OUTPUT]
                   if r.from_stream is RedirectionStream.ALL else [r.from_stream])
        target: Any
        if r.to == "output" or r.to == "null":
            target = r.to
        else:
            sink = _FileSink(self.session, r.to, r.append)
            self._file_writers.append(sink)
            target = sink
        for stream in streams:
            if stream is RedirectionStream.OUTPUT:
                if target == "null":
                    self._output_file = _NULL_FILE
                elif isinstance(target, _FileSink):
                    self._output_file = target
            else:
                self._redirect[stream] = target

    def redirected_output(self) -> bool:
        return self._output_file is not None

    def wrap_output(self, downstream: Callable[[Any], None]) -> Callable[[Any], None]:
        """The success-stream writer, after `> file`, `-OutVariable` and `-PipelineVariable`."""
        if self._output_file is _NULL_FILE:
            target: Callable[[Any], None] = _discard
        elif self._output_file is not None:
            target = self._output_file.add
        else:
            target = downstream
        out_var = self._out_variable
        pipe_var = self._pipeline_variable
        if out_var is None and pipe_var is None:
            return target
        session = self.session

        def write(obj: Any) -> None:
            if out_var is not None:
                out_var.append(obj)
            if pipe_var is not None:
                try:
                    session.set_variable(pipe_var, obj)
                except Exception:
                    pass
            target(obj)
        return write

    def preference_variables(self) -> dict[str, Any]:
        """Preference variables a script command's own scope gets from its common params."""
        return {"ErrorActionPreference": self.error_action,
                "WarningPreference": self.warning_action,
                "VerbosePreference": self.verbose_action,
                "DebugPreference": self.debug_action,
                "InformationPreference": self.information_action,
                "WhatIfPreference": self.what_if}

    def close(self) -> None:
        """Flush `> file` redirections (called when the command ends)."""
        for sink in self._file_writers:
            sink.flush()
        self._file_writers.clear()

    # ---- the streams

    def write_object(self, obj: Any, enumerate_collection: bool = False) -> None:
        if not enumerate_collection:
            self.output(obj)
        elif isinstance(obj, (list, tuple)) or _is_iterator(obj):
            out = self.output
            for item in obj:
                out(item)
        else:
            self.output(obj)

    def stop_upstream_commands(self) -> None:
        """This command wants no more input (`Select-Object -First 3` has its three): stop
        the commands before it in the pipeline. Raises `StopUpstreamCommandsException`; the
        command should let it propagate. Its own end and those of the commands after it
        still run (pipeline.py)."""
        from pyshell.runtime.pipeline import StopUpstreamCommandsException
        raise StopUpstreamCommandsException(self)

    def write_error(self, record: ErrorRecord) -> None:
        """A non-terminating error, routed by -ErrorAction / $ErrorActionPreference."""
        action = self.error_action
        if action is ActionPreference.Ignore:
            return
        self.had_errors = True
        entry = self._variables.get("errorvariable")
        if entry is not None:
            entry[0].append(record)
        if action is ActionPreference.Stop:
            raise _stop_exception(record)
        append_error(self.session, record)
        target = self._redirect.get(RedirectionStream.ERROR)
        if target == "output":
            self.output(record)
        elif target == "null" or action is ActionPreference.SilentlyContinue:
            return
        elif isinstance(target, _FileSink):
            target.add_text("\n".join(render_error_lines(record, 120)))
        else:
            show_error(self.session, record)

    def write_warning(self, text: str) -> None:
        action = self.warning_action
        if action in (ActionPreference.Ignore,):
            return
        entry = self._variables.get("warningvariable")
        record = WarningRecord(str(text))
        if entry is not None:
            entry[0].append(record)
        if action is ActionPreference.Stop:
            raise _stop_exception(_preference_stop_record(
                "WarningPreference", f"The running command stopped because the preference "
                "variable \"WarningPreference\" or common parameter is set to Stop: "
                f"{text}"))
        if action is ActionPreference.SilentlyContinue:
            return
        if not self._routed(RedirectionStream.WARNING, record):
            self.session.host.write_warning_line(str(text))

    def write_verbose(self, text: str) -> None:
        if self.verbose_action in (ActionPreference.SilentlyContinue, ActionPreference.Ignore):
            return
        record = VerboseRecord(str(text))
        if not self._routed(RedirectionStream.VERBOSE, record):
            self.session.host.write_verbose_line(str(text))

    def write_debug(self, text: str) -> None:
        if self.debug_action in (ActionPreference.SilentlyContinue, ActionPreference.Ignore):
            return
        record = DebugRecord(str(text))
        if not self._routed(RedirectionStream.DEBUG, record):
            self.session.host.write_debug_line(str(text))

    def write_information(self, message_data: Any, tags: Sequence[str] = ()) -> None:
        record = InformationRecord(message_data, self.command_name, tuple(tags))
        self._information(record, self.information_action, host_text=None)

    def write_host(self, text: str, *, newline: bool = True, foreground: Any = None,
                   background: Any = None) -> None:
        record = InformationRecord(text, self.command_name, ("PSHOST",))
        self._information(record, self.host_information_action,
                          host_text=(text, newline, foreground, background))

    def _information(self, record: InformationRecord, action: ActionPreference,
                     host_text: Optional[tuple[str, bool, Any, Any]]) -> None:
        if action is ActionPreference.Ignore:
            return
        entry = self._variables.get("informationvariable")
        if entry is not None:
            entry[0].append(record)
        if action is ActionPreference.Stop and host_text is None:
            raise _stop_exception(_preference_stop_record(
                "InformationPreference", "The running command stopped because the preference "
                "variable \"InformationPreference\" or common parameter is set to Stop: "
                f"{record}"))
        if action is ActionPreference.SilentlyContinue:
            return
        if self._routed(RedirectionStream.INFORMATION, record):
            return
        host = self.session.host
        if host_text is None:
            host.write_information_line(str(record))
            return
        text, newline, fg, bg = host_text
        writer = getattr(host, "write_host", None)
        if writer is not None and (fg is not None or bg is not None):
            writer(text, newline=newline, foreground=fg, background=bg)
        elif newline:
            host.write_line(text)
        else:
            host.write(text)

    def write_progress(self, record: Any) -> None:
        if self.progress_action in (ActionPreference.SilentlyContinue, ActionPreference.Ignore):
            return
        self.session.host.write_progress(record)

    def _routed(self, stream: RedirectionStream, record: Any) -> bool:
        target = self._redirect.get(stream)
        if target is None:
            return False
        if target == "output":
            self.output(record)
        elif isinstance(target, _FileSink):
            target.add_text(str(record))
        return True

    # ---- confirmation

    def should_process(self, target: Any, action: str, *, description: Optional[str] = None,
                       warning: Optional[str] = None, caption: Optional[str] = None) -> bool:
        target_text = _text(target)
        operation = description or (f'Performing the operation "{action}" on target '
                                    f'"{target_text}".')
        if self.what_if:
            self.session.host.write_line(f"What if: {operation}")
            return False
        if self._needs_confirmation():
            if self._no_to_all:
                return False
            if not self._yes_to_all:
                answer = self._prompt(caption or "Confirm",
                                      warning or "Are you sure you want to perform this action?\n"
                                      + operation)
                if answer == "A":
                    self._yes_to_all = True
                elif answer == "L":
                    self._no_to_all = True
                    return False
                elif answer != "Y":
                    return False
        self.write_verbose(operation)
        return True

    def should_continue(self, query: str, caption: str, *, force: bool = False) -> bool:
        if force or self._yes_to_all:
            return True
        if self._no_to_all:
            return False
        return self._prompt(caption, query, _YES_NO) == "Y"

    def _needs_confirmation(self) -> bool:
        if self.confirm:
            return True
        ranks = {"none": 0, "low": 1, "medium": 2, "high": 3}
        preference = ranks.get(str(self.confirm_preference).lower(), 3)
        impact = ranks.get(str(self.confirm_impact).lower(), 2)
        return preference != 0 and impact >= preference and preference > 0

    def _host_error(self, message: str) -> PSInvalidOperationException:
        exc = PSInvalidOperationException(message)
        exc.error_record = ErrorRecord(exc, "HostException", ErrorCategory.InvalidOperation,
                                       None, self.invocation,
                                       self.dotnet_class or self.command_name)
        return exc

    def _prompt(self, caption: str, message: str, choices: str = "") -> str:
        """Ask through the host; in a non-interactive session that is an error, not a hang."""
        host = self.session.host
        options = getattr(self.session, "options", None)
        if not getattr(host, "interactive", False) or getattr(options, "non_interactive", False):
            raise self._host_error(NON_INTERACTIVE_PROMPT_MESSAGE)
        choices = choices or _ALL_CHOICES
        host.write_line(caption)
        host.write_line(message)
        allowed = {part.strip()[1] for part in choices.split("  ") if part.startswith("[")}
        while True:
            try:
                line = host.read_line(choices + ' (default is "Y"): ')
            except PSException as exc:
                raise self._host_error(exc.message) from None
            answer = (line or "").strip().upper()[:1] or "Y"
            if answer in allowed and answer not in ("S", "?"):
                return answer
            if answer == "S":
                return "N"


_ALL_CHOICES = "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help"
_YES_NO = "[Y] Yes  [N] No  [S] Suspend  [?] Help"


# --------------------------------------------------------------------------- internals

def _discard(obj: Any) -> None:
    return None


def _is_iterator(obj: Any) -> bool:
    return hasattr(obj, "__next__") and hasattr(obj, "__iter__")


def _text(value: Any) -> str:
    try:
        from pyshell.runtime.conversion import to_string
        return to_string(value)
    except Exception:
        return str(value)


def _truthy_variable(session: Any, name: str) -> bool:
    try:
        value = session.get_variable(name)
    except Exception:
        return False
    return bool(value) if not isinstance(value, str) else value.lower() == "true"


def _get_confirm_preference(session: Any) -> str:
    try:
        value = session.get_variable("ConfirmPreference")
    except Exception:
        value = None
    if value is None:
        return "High"
    return str(getattr(value, "name", getattr(value, "value", value)))


def _stop_exception(record: ErrorRecord) -> RuntimeException:
    """-ErrorAction Stop: the same record, now terminating (what `catch` sees)."""
    exc = ActionPreferenceStopException(record.message, inner=record.exception)
    exc.error_record = record
    return exc


def _preference_stop_record(variable: str, message: str) -> ErrorRecord:
    exc = ActionPreferenceStopException(message)
    record = ErrorRecord(exc, "ActionPreferenceStop", ErrorCategory.OperationStopped)
    exc.error_record = record
    return record


class _FileSink:
    """A `n> path` target: collects text (or objects for the success stream) and writes the
    file when the command ends, through Out-File when the session has it."""

    def __init__(self, session: Any, path: str, append: bool) -> None:
        self.session = session
        self.path = path
        self.append = append
        self.items: list[Any] = []

    def add(self, obj: Any) -> None:
        self.items.append(obj)

    def add_text(self, text: str) -> None:
        self.items.append(_Text(text))

    def flush(self) -> None:
        if self.path is None:
            return
        lines: list[str] = []
        objects: list[Any] = []
        for item in self.items:
            if isinstance(item, _Text):
                lines.append(item.text)
            else:
                objects.append(item)
        if objects:
            lines.extend(_render_objects(self.session, objects))
        mode = "a" if self.append else "w"
        path = _resolve_path(self.session, self.path)
        with open(path, mode, encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line + "\n")
        self.items.clear()


_NULL_FILE = _FileSink(None, None, False)  # type: ignore[arg-type]


@frozen
class _Text:
    text: str


def _render_objects(session: Any, objects: list[Any]) -> list[str]:
    # The text a console would show: Out-String's rendering when the formatter exists.
    out_string = None
    try:
        out_string = session.get_command("Out-String")
    except Exception:
        out_string = None
    if out_string is not None:
        try:
            from pyshell.runtime.pipeline import CommandArgument, PipelineStage, run_pipeline
            chunks: list[Any] = []
            run_pipeline(session, [PipelineStage(out_string, (CommandArgument("Stream"),))],
                         input=objects, sink=chunks.append)
            return [str(c) for c in chunks]
        except Exception:
            pass
    return [_text(o) for o in objects]


def _resolve_path(session: Any, path: str) -> str:
    import os
    if os.path.isabs(path):
        return path
    location = None
    try:
        location = session.get_location()
    except Exception:
        location = None
    return os.path.join(str(location), path) if location else path
