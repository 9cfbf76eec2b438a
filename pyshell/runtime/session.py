"""The Session: session state (scopes, variables, functions, aliases, commands, modules) and
the entry points that run script text (`invoke`, `run`, `invoke_in_current_scope`).

`run` behaves as the console or `pwsh -File` does: a parse error is shown in PowerShell's
`ParserError:` block and nothing runs; each top-level statement's output goes through
`Out-Default`; uncaught errors are shown with the ConciseView; the exit code is returned.
No Python exception escapes: an internal failure becomes an error record saying what failed.
"""

from __future__ import annotations

import datetime as _dt
import os
import random
import sys
from typing import Any, Callable, Iterable, Optional

from attrs import frozen

from pyshell.runtime import compiler_support as S
from pyshell.runtime.automatic import install_automatic_variables
from pyshell.runtime.clock import DEFAULT_START, RealClock, VirtualClock
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, InvocationInfo, ParseException, PipelineStoppedException,
    PSException,
)
from pyshell.runtime.scopes import Scope
from pyshell.runtime.signals import ExitSignal, FlowControl, run_block

__all__ = ["Session", "SessionOptions", "parse_exception"]

# A PowerShell call nests about eight Python frames (more through a pipeline); this leaves
# room for PowerShell's 1000 nested calls while staying well inside a thread's C stack.
_PYTHON_RECURSION_LIMIT = 12000


@frozen
class SessionOptions:
    width: int = 120
    color: bool = False
    interactive: bool = False
    non_interactive: bool = False
    deterministic: bool = False
    start_time: _dt.datetime = DEFAULT_START
    seed: int = 0
    host_dir: Optional[str] = None


def default_computer_name() -> str:
    """The machine's short host name in upper case, as Windows spells computer names."""
    import socket

    return (socket.gethostname().split(".")[0] or "localhost").upper()


class _OutDefault:
    """The sink of top-level statements: each statement's output goes through one
    `Out-Default`, streamed object by object, ended when the statement ends."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.processor: Any = None

    def __call__(self, obj: Any) -> None:
        processor = self.processor
        if processor is None:
            processor = self.processor = self.session._out_default_processor()
        if processor is False:
            self.session._fallback_print(obj)
        else:
            processor.process(obj)

    def flush(self) -> None:
        processor, self.processor = self.processor, None
        if processor is None or processor is False:
            return
        try:
            processor.end()
        finally:
            processor.close()


class Session:
    """One shell session (entity: identity and a lifecycle)."""

    def __init__(self, modules: Optional[Iterable[Any]] = None, host: Any = None,
                 options: Optional[SessionOptions] = None) -> None:
        self.options = options = options or SessionOptions()
        if host is None:
            from pyshell.host.console import TextHost
            host = TextHost(width=options.width, color=options.color,
                            interactive=options.interactive)
        self.host = host
        if options.deterministic:
            self.clock: Any = VirtualClock(options.start_time)
            self.random = random.Random(options.seed)
        else:
            self.clock = RealClock(lambda: self.stopping)
            self.random = random.Random()
        self.environment = S.Hashtable(os.environ)  # never the real process environment
        # Scripts written for Windows read $env:COMPUTERNAME; give it the machine's name
        # where the real environment has none (design.md §8).
        if not self.environment.get("COMPUTERNAME"):
            self.environment["COMPUTERNAME"] = default_computer_name()
        self.location = os.getcwd()
        self.global_scope = Scope(self)
        self.current_scope = self.global_scope
        self.last_success = True
        self.stopping = False
        self.exit_requested = False
        self.propagate_depth = 0  # > 0 inside try bodies and blocks with traps
        self.call_depth = 0
        self.caught: list[PSException] = []  # exceptions of the catch blocks running now
        self._active = 0  # run/invoke calls in progress (a nested invoke keeps their state)
        self.commands: dict[str, Any] = {}
        self.aliases: dict[str, Any] = {}
        self.modules: list[Any] = []
        # Modules known by their manifest only, imported on first use (module auto-loading):
        # by lower-case module name, and by the lower-case command and alias names they export.
        self._pending: dict[str, Any] = {}
        self._pending_names: dict[str, Any] = {}
        self._module_states: dict[str, Any] = {}
        self.views = _view_registry()
        if sys.getrecursionlimit() < _PYTHON_RECURSION_LIMIT:
            sys.setrecursionlimit(_PYTHON_RECURSION_LIMIT)
        install_automatic_variables(self, self.global_scope)
        if modules is None:
            from pyshell.runtime.modules import discover_modules
            modules = discover_modules()
        for spec in modules:
            if _is_manifest(spec):
                self._add_pending(spec)
            else:
                self.register_module(spec)

    # ------------------------------------------------------------------ modules

    def _add_pending(self, manifest: Any) -> None:
        key = manifest.name.lower()
        if key in self._pending or any(m.name.lower() == key for m in self.modules):
            return
        self._pending[key] = manifest
        for name in (*manifest.commands, *manifest.aliases):
            self._pending_names.setdefault(name.lower(), manifest)
        from pyshell.runtime.types import register_type_loader
        register_type_loader(manifest.type_names, manifest.register_types)

    def _load_pending(self, manifest: Any) -> bool:
        """Import a pending module into the session; False if it cannot be imported (it is
        then forgotten, as discovery leaves out a module that fails to import)."""
        self._forget_pending(manifest.name)
        try:
            spec = manifest.load_spec()
        except Exception:
            return False
        self.register_module(spec)
        return True

    def _forget_pending(self, name: str) -> None:
        manifest = self._pending.pop(name.lower(), None)
        if manifest is not None:
            self._pending_names = {k: m for k, m in self._pending_names.items()
                                   if m is not manifest}

    def _load_all_pending(self) -> None:
        for manifest in list(self._pending.values()):
            self._load_pending(manifest)

    def register_module(self, spec: Any) -> Any:
        """Load a ModuleSpec (or the module a ModuleManifest names): its commands, aliases,
        views and types. Returns the ModuleSpec."""
        if _is_manifest(spec):
            spec = spec.load_spec()
        self._forget_pending(spec.name)
        for info in spec.command_infos():
            self.commands[info.name.lower()] = info
        for alias in spec.alias_infos():
            self.aliases[alias.name.lower()] = alias
        if self.views is not None:
            self.views.register_module(spec)
        if spec.types:
            from pyshell.runtime.types import register_type
            for python_class in spec.types:
                register_type(python_class)
        self.modules = [m for m in self.modules if m.name.lower() != spec.name.lower()]
        self.modules.append(spec)
        return spec

    def get_modules(self) -> list[Any]:
        """The ModuleSpecs loaded into the session (Get-Module)."""
        return list(self.modules)

    def pending_modules(self) -> list[Any]:
        """The ModuleManifests of modules not loaded yet (Get-Module -ListAvailable)."""
        return list(self._pending.values())

    def existing_module_state(self, module_name: str) -> Any:
        """The module's state if something already created it, else None (never creates)."""
        return self._module_states.get(module_name.lower())

    def module_state(self, module_name: str) -> Any:
        key = module_name.lower()
        pending = self._pending.get(key)
        if pending is not None:  # its state_factory is in the module
            self._load_pending(pending)
        if key not in self._module_states:
            spec = next((m for m in self.modules if m.name.lower() == key), None)
            factory = getattr(spec, "state_factory", None)
            self._module_states[key] = factory(self) if factory is not None else None
        return self._module_states[key]

    def close(self) -> None:
        for state in self._module_states.values():
            close = getattr(state, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:  # closing one module must not stop the others
                    pass

    # ------------------------------------------------------------------ commands

    def get_command(self, name: str, scope: Optional[Scope] = None) -> Any:
        """Aliases, then functions, then cmdlets (PowerShell's order); then script files."""
        key = name.lower()
        if "\\" in key and not key.endswith(".ps1"):
            key = key.rsplit("\\", 1)[1]  # module-qualified: Microsoft.PowerShell.Core\Get-Help
        alias = self.aliases.get(key)
        if alias is not None:
            return alias
        function = (scope or self.current_scope).find_function(key)
        if function is not None:
            return function
        command = self.commands.get(key)
        if command is not None:
            return command
        pending = self._pending_names.get(key)
        if pending is not None and self._load_pending(pending):
            return self.get_command(name, scope)
        if key.endswith(".ps1"):
            path = self.resolve_path(name)
            if os.path.isfile(path):
                from pyshell.runtime.commands import CommandType
                from pyshell.runtime.functions import ExternalScriptInfo
                return ExternalScriptInfo(os.path.basename(path), CommandType.EXTERNAL_SCRIPT,
                                          "", None, path, path=path)
        return None

    def get_commands(self) -> list[Any]:
        """Every command (Get-Command, completion): pending modules are loaded first."""
        self._load_all_pending()
        functions: dict[str, Any] = {}
        for scope in self.current_scope.chain():
            for key, info in scope.functions.items():
                functions.setdefault(key, info)
        return list(self.aliases.values()) + list(functions.values()) + list(
            self.commands.values())

    def set_alias(self, name: str, target: str) -> Any:
        from pyshell.runtime.commands import AliasInfo
        info = AliasInfo.create(name, target)
        self.aliases[name.lower()] = info
        return info

    def find_function(self, key: str, scope: Optional[Scope] = None) -> Any:
        return (scope or self.current_scope).find_function(key.lower())

    def define_function(self, name: str, value: Any, scope: Optional[Scope] = None) -> None:
        """`${function:name} = { ... }` (a $null value removes the function)."""
        from pyshell.runtime.commands import CommandType
        from pyshell.runtime.functions import FunctionInfo, build_metadata
        from pyshell.runtime.scriptblock import ScriptBlock
        target = scope or self.current_scope
        if value is None:
            for each in target.chain():
                if each.functions.pop(name.lower(), None) is not None:
                    return
            return
        if not isinstance(value, ScriptBlock):
            value = ScriptBlock.create(S.to_string(value), self)
        metadata = build_metadata(name, value.compiled, target)
        target.functions[name.lower()] = FunctionInfo(
            name, CommandType.FUNCTION, "", metadata, value.to_string(), script_block=value,
            scope=target)

    # ------------------------------------------------------------------ variables

    def get_variable(self, name: str) -> Any:
        if name == "?":
            return self.last_success
        if ":" not in name:
            var = self.current_scope.find(name.lower())
            return None if var is None else var.value
        head, sep, rest = name.partition(":")
        if sep and head.lower() == "env":
            return self.environment.get(rest)
        return self.current_scope.get_variable(name)

    def set_variable(self, name: str, value: Any) -> None:
        if name == "?":
            self.last_success = bool(value)
            return
        head, sep, rest = name.partition(":")
        if sep and head.lower() == "env":
            if value is None:
                self.environment.pop(rest, None)
            else:
                self.environment[rest] = S.to_string(value)
            return
        self.current_scope.set_variable(name, value)

    def set_exit_code(self, code: Any) -> None:
        self.global_scope.set_local("LASTEXITCODE", code)

    # ------------------------------------------------------------------ locations and files

    def get_location(self) -> str:
        return self.location

    def set_location(self, path: str) -> None:
        self.location = path

    def resolve_path(self, path: str) -> str:
        expanded = os.path.expanduser(str(path))
        if os.sep == "/" and "\\" in expanded:
            expanded = expanded.replace("\\", "/")  # `.\script.ps1` as written on Windows
        if not os.path.isabs(expanded):
            expanded = os.path.join(self.location, expanded)
        return os.path.normpath(expanded)

    def read_drive_item(self, drive: str, name: str) -> Any:
        raise S.runtime_error(f"Cannot find drive. A drive with the name '{drive}' does not "
                              "exist.", "DriveNotFound", ErrorCategory.ObjectNotFound,
                              target=drive)

    def write_drive_item(self, drive: str, name: str, value: Any) -> None:
        self.read_drive_item(drive, name)

    def write_output_file(self, path: str, items: list[Any], append: bool = False) -> None:
        """`expression > file`: the objects rendered as Out-File would."""
        out_file = self.get_command("Out-File")
        if out_file is not None:
            from pyshell.runtime.pipeline import CommandArgument, PipelineStage, run_pipeline
            args = [CommandArgument("FilePath", path, colon=True)]
            if append:
                args.append(CommandArgument("Append"))
            run_pipeline(self, [PipelineStage(out_file.resolve(self), tuple(args))],
                         input=items, sink=lambda obj: None)
            return
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            for item in items:
                f.write(S.to_string(item) + "\n")

    # ------------------------------------------------------------------ errors

    def record_error(self, record: ErrorRecord) -> None:
        from pyshell.runtime.streams import append_error
        append_error(self, record)

    def report_error(self, record: ErrorRecord, scope: Optional[Scope] = None) -> None:
        """Show a non-fatal error: on the error stream of the command the scope runs for
        (so `2>&1` and `-ErrorVariable` see it), else on the host."""
        runtime = scope.runtime if scope is not None else None
        if runtime is not None:
            runtime.write_error(record)
            return
        from pyshell.runtime.streams import append_error, show_error
        append_error(self, record)
        show_error(self, record)

    # ------------------------------------------------------------------ running script text

    def stop(self) -> None:
        """A stop request (Ctrl-C, a time limit): honoured at the next pipeline object or
        loop iteration; `finally` blocks run; the session stays usable."""
        self.stopping = True

    def _compile(self, text: str, path: Optional[str], *, single_line: bool = False,
                 top_level: bool = False) -> Any:
        from pyshell.language import parse
        from pyshell.runtime.compiler import Compiler
        ast = parse(text, path)
        return Compiler(path, single_line).compile_scriptblock(ast, top_level=top_level)

    def _reset(self) -> None:
        self.stopping = False
        self.propagate_depth = 0
        self.call_depth = 0
        self.caught.clear()

    def invoke(self, text: str, *, input: Optional[Iterable[Any]] = None) -> list[Any]:
        """Run script text in the global scope and return its output objects (no
        Out-Default). An unhandled terminating error is raised as its RuntimeException.
        Called from a running script (a cmdlet running text), it runs in the caller's
        scope as Invoke-Expression does."""
        from pyshell.language.errors import ParseError
        if self._active:
            return self.invoke_in_current_scope(text)
        self._reset()
        try:
            compiled = self._compile(text, None)
        except ParseError as exc:
            raise parse_exception(exc) from None
        items: list[Any] = []
        previous = self.current_scope
        # As inside a `try`: any terminating error ends the script and reaches the caller.
        self.propagate_depth += 1
        self._active += 1
        try:
            self._run_blocks(compiled, self.global_scope, items.append, input)
        except ExitSignal as signal:
            self.set_exit_code(signal.code)
        except FlowControl:
            pass
        except PSException as exc:
            self.record_error(ErrorRecord.from_exception(exc))
            raise
        except Exception as exc:  # a bug: still a PowerShell error, never a traceback
            raise S.wrap_python_error(exc, "The script") from exc
        finally:
            self._active -= 1
            self.propagate_depth -= 1
            self.current_scope = previous
        return items

    def invoke_in_current_scope(self, text: str,
                                sink: Optional[Callable[[Any], None]] = None) -> list[Any]:
        """Invoke-Expression: run text in the caller's scope; output to sink (or returned).
        Errors propagate to the caller's statement as any other terminating error."""
        from pyshell.language.errors import ParseError
        try:
            compiled = self._compile(text, None)
        except ParseError as exc:
            raise parse_exception(exc) from None
        items: list[Any] = []
        out = sink if sink is not None else items.append
        scope = self.current_scope
        self._run_blocks(compiled, scope, out, None)
        return items

    def _run_blocks(self, compiled: Any, scope: Scope, out: Callable[[Any], None],
                    input: Optional[Iterable[Any]], args: Iterable[Any] = (),
                    name: str = "") -> None:
        objects = list(input) if input is not None else []
        previous = self.current_scope
        self.current_scope = scope
        try:
            if compiled.parameters:
                from pyshell.runtime.functions import bind_script_parameters
                bind_script_parameters(self, compiled, scope, list(args), name)
            scope.set_local("input", iter(objects))
            for block in (compiled.begin, compiled.process, compiled.end, compiled.clean):
                if block is None:
                    continue
                if block is compiled.process and objects:
                    for item in objects:
                        scope.set_local("_", item)
                        run_block(block, scope, out)
                else:
                    run_block(block, scope, out)
        finally:
            self.current_scope = previous

    def run(self, text: str, *, path: Optional[str] = None, args: Iterable[Any] = ()) -> int:
        """Run as the console (path None) or a script file does; returns the exit code."""
        from pyshell.language.errors import ParseError
        if not self._active:
            self._reset()
        single_line = self.options.interactive and path is None and "\n" not in text.strip()
        try:
            compiled = self._compile(text, path, single_line=single_line, top_level=True)
        except ParseError as exc:
            self._show_parse_error(exc, path)
            return 1
        except Exception as exc:  # a compiler bug
            self._show_unhandled(S.wrap_python_error(exc, "Compiling the script"))
            return 1
        name = ""
        if path is not None:
            full = os.path.abspath(path)
            name = os.path.basename(full)
            scope = self.global_scope.child(is_script=True)
            scope.set_local("PSScriptRoot", os.path.dirname(full))
            scope.set_local("PSCommandPath", full)
            scope.set_local("MyInvocation", InvocationInfo(name, None, full))
            scope.set_local("args", list(args))
        else:
            scope = self.global_scope
        out = _OutDefault(self)
        code = 0
        previous = self.current_scope
        self._active += 1
        try:
            self._run_blocks(compiled, scope, out, None, args, name)
        except ExitSignal as signal:
            code = _exit_code(signal.code)
            self.set_exit_code(code)
            self.exit_requested = True
        except FlowControl:
            pass  # break/continue/return outside any loop or function end the script
        except PipelineStoppedException:
            code = 1
        except PSException as exc:
            self._show_unhandled(exc)
            code = 1
        except RecursionError as exc:
            self._show_unhandled(S.wrap_python_error(exc))
            code = 1
        except Exception as exc:  # a bug: shown as a PowerShell error, never a traceback
            self._show_unhandled(S.wrap_python_error(exc, "Running the script"))
            code = 1
        finally:
            self._active -= 1
            try:
                out.flush()
            except Exception:
                pass
            self.current_scope = previous
            if not self._active:
                self.stopping = False  # a nested run (a cmdlet running text) keeps the request
        return code

    def _show_unhandled(self, exc: PSException) -> None:
        self.last_success = False
        record = ErrorRecord.from_exception(exc)
        self.record_error(record)
        from pyshell.runtime.streams import show_error
        show_error(self, record)

    def _show_parse_error(self, exc: Any, path: Optional[str]) -> None:
        self.last_success = False
        self.record_error(ErrorRecord.from_exception(parse_exception(exc)))
        width = getattr(self.host, "width", None) or self.options.width
        try:
            from pyshell.formatting.errorview import render_parse_error
            lines = list(render_parse_error(exc, width, path))
        except Exception:
            lines = [f"ParserError: {exc.message}"]
        for line in lines:
            self.host.write_error_line(line)

    # ------------------------------------------------------------------ Out-Default

    def _out_default_processor(self) -> Any:
        info = self.get_command("Out-Default")
        if info is None:
            return False
        from pyshell.runtime.pipeline import PipelineStage
        info = info.resolve(self)
        processor = info.create_processor(self, PipelineStage(info, ()))
        processor.prepare(True)
        processor.runtime.output = lambda obj: None
        processor.begin()
        return processor

    def _fallback_print(self, obj: Any) -> None:
        if obj is None:
            return
        self.host.write_line(S.to_string(obj))

    # attributes other parts read by name
    @property
    def host_width(self) -> int:
        return int(getattr(self.host, "width", None) or self.options.width)


def _is_manifest(module: Any) -> bool:
    from pyshell.runtime.modules import ModuleManifest
    return isinstance(module, ModuleManifest)


def _exit_code(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def parse_exception(error: Any) -> PSException:
    """A ParseError as the ParseException (IncompleteParseException) a script can catch."""
    from pyshell.language.errors import ParseErrorKind
    incomplete = error.kind is ParseErrorKind.INCOMPLETE
    from pyshell.runtime.errors import IncompleteParseException
    exc = (IncompleteParseException if incomplete else ParseException)(error.message,
                                                                       inner=error)
    info = InvocationInfo(None, error.extent, error.extent.file)
    exc.error_record = ErrorRecord(exc, "IncompleteParseException" if incomplete
                                   else "ParseException", ErrorCategory.ParserError,
                                   invocation_info=info)
    return exc


def _view_registry() -> Any:
    from pyshell.formatting.views import ViewRegistry
    return ViewRegistry()
