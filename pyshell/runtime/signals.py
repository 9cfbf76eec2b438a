"""Non-error control flow as Python exceptions: break, continue, return, exit, and stopping.

They derive from BaseException (not Exception, not PSException), so neither `catch {}` in a
script nor an `except Exception` in a cmdlet swallows them, while `finally` blocks still run
as the stack unwinds.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["FlowControl", "BreakSignal", "ContinueSignal", "ReturnSignal", "ExitSignal",
           "LoopSignal", "run_block"]


class FlowControl(BaseException):
    """Base of the statements that transfer control; never shown to a user as an error."""


class LoopSignal(FlowControl):
    """break/continue: `label` is None for the innermost loop, else the label's name."""

    def __init__(self, label: Optional[str] = None) -> None:
        super().__init__(label)
        self.label = label

    def matches(self, loop_label: Optional[str]) -> bool:
        # An unlabelled break targets the innermost loop; a labelled one only its loop.
        return self.label is None or (loop_label is not None
                                      and self.label.lower() == loop_label.lower())


class BreakSignal(LoopSignal):
    pass


class ContinueSignal(LoopSignal):
    pass


class ReturnSignal(FlowControl):
    """`return`: its pipeline's output has already been written; this only unwinds.

    Output collected by a `$( )` or `@( )` that `return` leaves early travels in `pending`,
    for the function to write: `$("1"; return "2")` outputs both."""

    def __init__(self, value: Any = None) -> None:
        super().__init__()
        self.pending: list[Any] = []
        self.value = value  # a class method's return value (methods write no output)


class ExitSignal(FlowControl):
    """`exit N`: ends the script (or the session's current input) with an exit code."""

    def __init__(self, code: Any = 0) -> None:
        super().__init__(code)
        self.code = code


def run_block(block: Any, scope: Any, out: Any) -> None:
    """Run a compiled block; a `return` that leaves it early still delivers what a `$( )`
    or `@( )` had collected (`ReturnSignal.pending`)."""
    try:
        block(scope, out)
    except ReturnSignal as signal:
        for item in signal.pending:
            out(item)
