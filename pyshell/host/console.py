"""Console hosts: where a session's text goes (docs/architecture.md §7).

The runtime writes through the `ConsoleHost` protocol only. `TextHost` keeps everything in
memory for transcripts, conformance cases and tests; `StreamHost` writes to the real standard
streams for the command line. Both route as pwsh does when its output is redirected: output,
host writes, warnings, verbose, debug and information text to standard output, error records
to standard error. The host adds the `WARNING: `/`VERBOSE: `/`DEBUG: ` prefixes, as pwsh's
console host does, so callers pass the bare message.
"""

from __future__ import annotations

import enum
import os
import sys
from typing import Any, Optional, Protocol, Sequence, TextIO, runtime_checkable

__all__ = ["ConsoleHost", "Stream", "TextHost", "StreamHost", "NON_INTERACTIVE_MESSAGE",
           "DEFAULT_WIDTH"]

DEFAULT_WIDTH = 120
NON_INTERACTIVE_MESSAGE = ("PowerShell is in NonInteractive mode. Read and Prompt "
                           "functionality is not available.")


@runtime_checkable
class ConsoleHost(Protocol):
    width: int
    color: bool
    interactive: bool

    def write(self, text: str) -> None: ...

    def write_line(self, text: str = "") -> None: ...

    def write_error_line(self, text: str) -> None: ...

    def write_warning_line(self, text: str) -> None: ...

    def write_verbose_line(self, text: str) -> None: ...

    def write_debug_line(self, text: str) -> None: ...

    def write_information_line(self, text: str) -> None: ...

    def write_progress(self, record: Any) -> None: ...

    def read_line(self, prompt: str = "") -> str: ...


class Stream(enum.Enum):
    """Which kind of text a piece is; `OUTPUT` covers both pipeline output and host writes."""

    OUTPUT = "output"
    ERROR = "error"
    WARNING = "warning"
    VERBOSE = "verbose"
    DEBUG = "debug"
    INFORMATION = "information"
    INPUT = "input"  # a prompt and the line read, echoed as a console shows them


def _non_interactive_error() -> Exception:
    from pyshell.runtime.errors import PSInvalidOperationException

    return PSInvalidOperationException(NON_INTERACTIVE_MESSAGE)


class _LineHost:
    """The routing shared by both hosts: each `write_*` becomes one `_emit(stream, text)`."""

    width: int
    color: bool
    interactive: bool

    def _emit(self, stream: Stream, text: str) -> None:
        raise NotImplementedError

    def write(self, text: str) -> None:
        self._emit(Stream.OUTPUT, text)

    def write_line(self, text: str = "") -> None:
        self._emit(Stream.OUTPUT, text + "\n")

    def write_error_line(self, text: str) -> None:
        self._emit(Stream.ERROR, text + "\n")

    def write_warning_line(self, text: str) -> None:
        self._emit(Stream.WARNING, f"WARNING: {text}\n")

    def write_verbose_line(self, text: str) -> None:
        self._emit(Stream.VERBOSE, f"VERBOSE: {text}\n")

    def write_debug_line(self, text: str) -> None:
        self._emit(Stream.DEBUG, f"DEBUG: {text}\n")

    def write_information_line(self, text: str) -> None:
        self._emit(Stream.INFORMATION, text + "\n")

    def write_progress(self, record: Any) -> None:
        # Progress is drawn only by the interactive REPL; scripts and transcripts never
        # show it, as pwsh does not when its output is redirected.
        return None


class TextHost(_LineHost):
    """Keeps everything written, in order, as the console would show it.

    `text` is the whole console; `stdout` and `stderr` are what the command line would send
    to each stream; `output` is only pipeline output and host writes (what a conformance case
    expects on standard output). `input_lines` answers `read_line` in order; without them a
    prompt fails as in a non-interactive session instead of hanging.
    """

    def __init__(self, width: int = DEFAULT_WIDTH, *, color: bool = False,
                 interactive: bool = False, input_lines: Sequence[str] = ()) -> None:
        self.width = width
        self.color = color
        self.interactive = interactive
        self.pieces: list[tuple[Stream, str]] = []
        self._input = list(input_lines)

    def _emit(self, stream: Stream, text: str) -> None:
        self.pieces.append((stream, text))

    def _join(self, streams: Optional[set[Stream]] = None) -> str:
        return "".join(t for s, t in self.pieces if streams is None or s in streams)

    @property
    def text(self) -> str:
        return self._join()

    @property
    def stdout(self) -> str:
        return self._join(set(Stream) - {Stream.ERROR})

    @property
    def stderr(self) -> str:
        return self._join({Stream.ERROR})

    @property
    def output(self) -> str:
        return self._join({Stream.OUTPUT, Stream.INFORMATION})

    def mark(self) -> int:
        """A position in the console; `text_since(mark)` is what was written after it."""
        return len(self.pieces)

    def text_since(self, mark: int) -> str:
        return "".join(t for _, t in self.pieces[mark:])

    def clear(self) -> None:
        self.pieces.clear()

    def read_line(self, prompt: str = "") -> str:
        if not self._input:
            raise _non_interactive_error()
        line = self._input.pop(0)
        self._emit(Stream.INPUT, f"{prompt}{line}\n")
        return line


def _terminal_width(stream: TextIO) -> int:
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (OSError, ValueError, AttributeError):
        pass
    return DEFAULT_WIDTH


def _wants_color(stream: TextIO) -> bool:
    # The conventions terminals and CI systems agree on: NO_COLOR and TERM=dumb turn it off.
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (ValueError, AttributeError):
        return False


class StreamHost(_LineHost):
    """The real console: standard output and standard error, width from the terminal (120
    when the output is not a terminal), colour only on a terminal."""

    def __init__(self, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                 stdin: Optional[TextIO] = None, *, width: Optional[int] = None,
                 color: Optional[bool] = None, interactive: bool = False,
                 non_interactive: bool = False) -> None:
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.stdin = stdin if stdin is not None else sys.stdin
        self.width = width if width is not None else _terminal_width(self.stdout)
        self.color = color if color is not None else _wants_color(self.stdout)
        self.interactive = interactive
        self.non_interactive = non_interactive

    def _emit(self, stream: Stream, text: str) -> None:
        if stream is Stream.ERROR:
            # Keep the two streams in the order they were written when both go to one
            # terminal or file.
            self.stdout.flush()
            self.stderr.write(text)
            self.stderr.flush()
        else:
            self.stdout.write(text)

    def flush(self) -> None:
        for stream in (self.stdout, self.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass

    def read_line(self, prompt: str = "") -> str:
        if self.non_interactive or self.stdin is None or self.stdin.closed:
            raise _non_interactive_error()
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            # End of input where a prompt wanted an answer: fail like a non-interactive
            # session rather than loop on an empty answer.
            raise _non_interactive_error()
        return line.rstrip("\r\n")
