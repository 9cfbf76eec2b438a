"""The line editor of the interactive shell: PSReadLine's habits on prompt_toolkit.

- the prompt is `PS <location>> `; continuation lines show `>> `;
- Enter runs the buffer unless the parser says it is incomplete (an open `{`, string,
  trailing `|`...), in which case it inserts a newline; invalid input runs too, so the
  error is shown; the prompt's `>` turns red while the buffer does not parse;
- syntax colouring from our tokenizer, Tab completion with a menu of descriptions,
  history with Ctrl-R search and grey suggestions from history;
- Ctrl-C abandons the line, Ctrl-D on an empty line ends the shell;
- a bottom toolbar shows what the loaded modules report about the session (for the
  Hyper-V module: VMs running, KeyIDs in use).

This module is imported only by the interactive shell, so prompt_toolkit and pygments cost
nothing when pyshell runs a script.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style, merge_styles

from pyshell.host.completion import ShellCompleter
from pyshell.host.highlight import PSREADLINE_STYLE, PowerShellLexer
from pyshell.host.input_state import BufferState, buffer_state

__all__ = ["create_prompt_session", "buffer_state", "prompt_fragments", "BufferState"]

CONTINUATION = ">> "

_UI_STYLE = Style.from_dict({
    "prompt": "",
    "prompt.error": "ansired bold",
    "bottom-toolbar": "noreverse ansibrightblack",
    "completion-menu.completion": "bg:ansibrightblack ansiwhite",
    "completion-menu.completion.current": "bg:ansiwhite ansiblack",
    "completion-menu.meta.completion": "bg:ansibrightblack ansiwhite",
    "completion-menu.meta.completion.current": "bg:ansiwhite ansiblack",
})


def prompt_fragments(location: str, text: str) -> StyleAndTextTuples:
    """`PS <location>> `, the last `>` red while the buffer does not parse."""
    bad = bool(text.strip()) and buffer_state(text) == BufferState.INVALID
    return [("class:prompt", f"PS {location}"),
            ("class:prompt.error" if bad else "class:prompt", ">"),
            ("class:prompt", " ")]


def _key_bindings() -> KeyBindings:
    kb = KeyBindings()

    @kb.add("enter")
    def _accept_or_continue(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        # Enter in the middle of a multi-line buffer still runs it when it is complete:
        # PSReadLine runs the whole buffer, wherever the cursor is.
        if buffer_state(buffer.text) == BufferState.INCOMPLETE:
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @kb.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        # Shift-Enter is not distinguishable in most terminals; Alt-Enter adds a line.
        event.current_buffer.insert_text("\n")

    @kb.add("c-d")
    def _exit_on_empty(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if not buffer.text:
            event.app.exit(exception=EOFError)
        else:
            buffer.delete()

    @kb.add("c-c")
    def _abandon(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt)

    return kb


def create_prompt_session(session: Any, *, location: Callable[[], str],
                          toolbar: Optional[Callable[[], str]] = None,
                          history: Optional[History] = None,
                          input: Optional[Input] = None,
                          output: Optional[Output] = None) -> PromptSession[str]:
    """A PromptSession wired to our lexer, completer, history and key bindings."""

    def message() -> StyleAndTextTuples:
        try:
            text = get_app().current_buffer.text
        except Exception:
            text = ""
        return prompt_fragments(location(), text)

    def bottom() -> Any:
        if toolbar is None:
            return None
        try:
            return toolbar() or None
        except Exception:  # the toolbar must never break the prompt
            return None

    return PromptSession(
        message=message,
        multiline=True,
        prompt_continuation=lambda width, line_number, wrap_count: CONTINUATION,
        key_bindings=_key_bindings(),
        lexer=PowerShellLexer(),
        completer=ShellCompleter(session),
        complete_while_typing=False,
        auto_suggest=AutoSuggestFromHistory(),
        history=history if history is not None else InMemoryHistory(),
        enable_history_search=False,   # Ctrl-R searches; Up walks the history
        editing_mode=EditingMode.EMACS,
        style=merge_styles([PSREADLINE_STYLE, _UI_STYLE]),
        include_default_pygments_style=False,
        bottom_toolbar=bottom if toolbar is not None else None,
        input=input,
        output=output,
    )
