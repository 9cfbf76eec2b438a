"""The `pyshell` command line, with pwsh's flags and exit codes.

    pyshell [-NoProfile] [-NonInteractive] [-NoLogo] [-Command <text> | - ]
    pyshell [-NoProfile] [-NonInteractive] [-File] <script.ps1> [args...]
    pyshell -Version | -Help

Flags are case-insensitive and may be shortened to a unique prefix (`-c`, `-f`, `-noni`), as
pwsh's are. Exit codes follow pwsh: 0; the `N` of `exit N`; 1 after an unhandled terminating
error or a parse error; 64 for a bad command line. A user never sees a Python traceback:
internal errors print one line (set PYSHELL_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import base64
import binascii
import gc
import os
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

from attrs import frozen

from pyshell import __version__
from pyshell.host.console import StreamHost

__all__ = ["main", "parse_arguments", "CommandLine", "UsageError", "VERSION_LINE", "EXIT_USAGE"]

VERSION_LINE = f"pyshell {__version__} (PowerShell 7.4 language)"
EXIT_USAGE = 64  # pwsh's exit code for a command line it cannot use

USAGE = """\
Usage: pyshell [-NoProfile] [-NonInteractive] [-NoLogo] [-NoExit]
               [-Command { - | <script text> } [<args>]]
               [-EncodedCommand <Base64 of UTF-16LE text>]
               [[-File] <script.ps1> [<args>]]
               [-Version] [-Help]

  -Command | -c        Runs the text as PowerShell commands. `-Command -` reads them from
                       standard input. The rest of the command line is part of the text.
  -EncodedCommand | -e Runs Base64-encoded UTF-16LE command text, as pwsh takes it from
                       programs that would otherwise have to quote it.
  -File | -f           Runs a script file; the arguments after it bind to its param() block.
                       A script path as the first argument means the same.
  -NonInteractive      Prompts (Read-Host, -Confirm, missing mandatory parameters) fail
                       instead of waiting for an answer.
  -NoProfile           Does not run the user's profile.
  -NoLogo              Hides the banner of the interactive shell.
  -NoExit              Starts the interactive shell after running -Command or -File.
  -Version | -v        Prints the version and exits.
  -Help | -h | -?      Prints this text and exits.

With no arguments pyshell starts the interactive shell.
"""

# (flag, shortest accepted prefix), in the order pwsh tries them
_FLAGS: tuple[tuple[str, str], ...] = (
    ("Command", "c"), ("File", "f"), ("NoProfile", "nop"), ("NonInteractive", "noni"),
    ("NoLogo", "nol"), ("NoExit", "noe"), ("Version", "v"), ("Help", "h"),
    ("ExecutionPolicy", "ex"), ("EncodedCommand", "e"),
)
_FLAG_ALIASES = {"?": "Help", "ep": "ExecutionPolicy", "ec": "EncodedCommand"}


class UsageError(Exception):
    """A command line pyshell cannot run; the message is what pwsh prints."""


@frozen
class CommandLine:
    """What the command line asks for."""

    command: Optional[str] = None  # -Command text; "-" reads standard input
    file: Optional[str] = None
    args: tuple[str, ...] = ()
    no_profile: bool = False
    non_interactive: bool = False
    no_logo: bool = False
    no_exit: bool = False
    version: bool = False
    help: bool = False


def _flag(arg: str) -> Optional[str]:
    """The flag `arg` names (`-noni` -> NonInteractive), or None when it names none."""
    if not arg.startswith("-") or arg == "-":
        return None
    key = arg[2:] if arg.startswith("--") else arg[1:]
    key = key.lower()
    if key in _FLAG_ALIASES:
        return _FLAG_ALIASES[key]
    for name, shortest in _FLAGS:
        if key and name.lower().startswith(key) and key.startswith(shortest):
            return name
    return None


def _not_a_script(name: str) -> UsageError:
    return UsageError(f"The argument '{name}' is not recognized as the name of a script file. "
                      "Check the spelling of the name, or if a path was included, verify that "
                      "the path is correct and try again.")


def _decode_command(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-16-le")
    except (binascii.Error, UnicodeDecodeError):
        raise UsageError("Cannot process the command because the value specified with "
                         "-EncodedCommand is not properly encoded. The value must be Base64 "
                         "encoded.") from None


def parse_arguments(argv: Sequence[str]) -> CommandLine:
    """Read pwsh-style arguments; raise UsageError for one pwsh would refuse."""
    opts: dict[str, Any] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        flag = _flag(arg)
        if flag is None:
            if arg.startswith("-") and arg != "-":
                raise _not_a_script(arg)
            # A bare script path: everything after it belongs to the script.
            return CommandLine(file=arg, args=tuple(argv[i + 1:]), **opts)
        i += 1
        if flag == "Command":
            if i >= len(argv):
                raise UsageError("Cannot process the command because of a missing parameter. "
                                 "A command must follow -Command.")
            return CommandLine(command=" ".join(argv[i:]), **opts)
        if flag == "EncodedCommand":
            if i >= len(argv):
                raise UsageError("Cannot process the command because of a missing parameter. "
                                 "A command must follow -EncodedCommand.")
            return CommandLine(command=_decode_command(argv[i]), **opts)
        if flag == "File":
            if i >= len(argv):
                raise UsageError("Cannot process the command because of a missing parameter. "
                                 "A file path must follow -File.")
            return CommandLine(file=argv[i], args=tuple(argv[i + 1:]), **opts)
        if flag == "ExecutionPolicy":
            # Accepted for the sake of scripts that pass it; there is no policy to apply.
            if i >= len(argv):
                raise UsageError("Cannot process the command because of a missing parameter. "
                                 "A value must follow -ExecutionPolicy.")
            i += 1
            continue
        opts[{"NoProfile": "no_profile", "NonInteractive": "non_interactive",
              "NoLogo": "no_logo", "NoExit": "no_exit", "Version": "version",
              "Help": "help"}[flag]] = True
    return CommandLine(**opts)


def _read_script(name: str) -> tuple[str, str]:
    """The text and absolute path of a -File script, as Windows reads it (BOM, CRLF)."""
    path = Path(name)
    if not path.is_file():
        raise _not_a_script(name)
    if path.suffix.lower() != ".ps1":
        raise UsageError(f"Processing -File '{name}' failed because the file does not have a "
                         "'.ps1' extension. Specify a valid PowerShell script file name, and "
                         "then try again.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Processing -File '{name}' failed: {exc.strerror or exc}.") from None
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    # As given, made absolute (not through symlinks): what $PSCommandPath shows.
    return text, os.path.abspath(name)


def _make_session(host: StreamHost, line: CommandLine, *, interactive: bool) -> Any:
    from pyshell.runtime import Session, SessionOptions

    options = SessionOptions(width=host.width, color=host.color, interactive=interactive,
                             non_interactive=line.non_interactive)
    return Session(modules=None, host=host, options=options)


def _run_command(session: Any, text: str) -> int:
    """Run -Command text; the session shows its errors and parse errors itself.

    As pwsh's -Command: without `exit`, the exit code is 1 when the last command failed
    (`$?` is false) and 0 otherwise."""
    code = int(session.run(text))
    if code == 0 and not getattr(session, "exit_requested", False) \
            and not getattr(session, "last_success", True):
        return 1
    return code


def _run_script(session: Any, text: str, path: str, args: Sequence[str]) -> int:
    """Run a script file as `pwsh -File` does: the session parses it (a parse error shows
    PowerShell's `ParserError:` block and nothing runs), binds the arguments to its param()
    block and returns the `N` of `exit N`, 1 after an unhandled terminating error, else 0."""
    return int(session.run(text, path=path, args=tuple(args)))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _prepare_streams() -> None:
    # pwsh writes UTF-8 whatever the locale says; a character the stream cannot encode must
    # never turn into a Python traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _terminal_session() -> bool:
    try:
        return _stdin_is_terminal() and sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def _run_profile(session: Any) -> None:
    """Dot-source `$PROFILE` when it exists, as pwsh does unless -NoProfile is given."""
    path = session.get_variable("PROFILE")
    if isinstance(path, str) and path and Path(path).is_file():
        session.run(f". {_quote(path)}")


def _main(argv: Sequence[str], *, program: bool = False) -> int:
    try:
        line = parse_arguments(argv)
    except UsageError as exc:
        sys.stderr.write(f"{exc}\n\n{USAGE}")
        return EXIT_USAGE
    if line.version:
        print(VERSION_LINE)
        return 0
    if line.help:
        print(USAGE, end="")
        return 0
    script: Optional[tuple[str, str]] = None
    if line.file is not None:
        try:
            script = _read_script(line.file)
        except UsageError as exc:
            sys.stderr.write(f"{exc}\n")
            return EXIT_USAGE
    command = line.command
    if command is None and script is None and not _stdin_is_terminal():
        # Commands piped into pyshell with no arguments run as `-Command -` does.
        command = "-"
    interactive = (script is None and command is None) or line.no_exit
    # A person at a terminal gets the line editor (and its progress bar); piped input the
    # plain loop, so scripts that feed pyshell keep working.
    use_editor = interactive and _terminal_session()
    if use_editor:
        from pyshell.host.interactive import ReplHost

        host: StreamHost = ReplHost(interactive=True, non_interactive=line.non_interactive)
    else:
        host = StreamHost(interactive=interactive, non_interactive=line.non_interactive)
    session = _make_session(host, line, interactive=interactive)
    if program:
        _started()
    if not line.no_profile:
        _run_profile(session)
    code = 0
    if script is not None:
        code = _run_script(session, script[0], script[1], line.args)
    elif command is not None:
        text = sys.stdin.read() if command == "-" else command
        code = _run_command(session, text)
    if interactive:
        show_banner = not line.no_logo and command is None and script is None
        banner = VERSION_LINE if show_banner else None
        if use_editor:
            from pyshell.host.interactive import run_interactive

            code = run_interactive(session, host, banner=banner)
        else:
            from pyshell.host.repl import run_repl

            code = run_repl(session, host, banner=banner)
    host.flush()
    return code


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the `pyshell` console script and `python -m pyshell`."""
    _prepare_streams()
    program = argv is None  # the process itself, not a caller that goes on afterwards
    if program:
        # Start-up builds ~40,000 objects that live as long as the process (modules,
        # classes, functions); the collections it triggered cost ~9 ms to free ~7,000
        # cyclic leftovers, a few hundred kilobytes not worth that time.
        gc.disable()
    code = _guarded_main(sys.argv[1:] if argv is None else list(argv), program)
    if program:
        _before_exit()
    return code


def _started() -> None:
    # What start-up built lives as long as the process: out of the collector's sight
    # (gc.freeze), so that no collection walks it again, and collection back on.
    gc.freeze()
    gc.enable()


def _before_exit() -> None:
    # The process exits next (main was called as the program, not with arguments from a
    # caller that goes on). Its final garbage collection would walk the objects of the ~300
    # modules loaded, some 25 ms (a tenth of `pyshell -Command exit`), to free what exiting
    # frees anyway; frozen objects are left to the operating system. atexit handlers and
    # weakref.finalize (the host store's lock) still run; Python never promised __del__ for
    # objects alive at exit.
    gc.freeze()


def _guarded_main(argv: Sequence[str], program: bool) -> int:
    try:
        return _main(argv, program=program)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`pyshell ... | head`): stop quietly, as a shell tool should.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except Exception as exc:
        if os.environ.get("PYSHELL_DEBUG"):
            import traceback  # only on this path: it costs start-up time otherwise

            traceback.print_exc()
        sys.stderr.write(f"pyshell: internal error: {type(exc).__name__}: {exc}\n")
        return 1
