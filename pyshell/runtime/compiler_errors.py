"""What happens when a statement fails: traps, try propagation, the error preference.

PowerShell's rule (semantics §2.3): a terminating error inside a `try` (or a block with a
`trap`), at any call depth, unwinds to it; otherwise a statement-terminating error is shown
and the next statement runs, while a script-terminating one (`throw`, `-ErrorAction Stop`)
ends the whole script. `$ErrorActionPreference` decides how a reported error is shown.
"""

from __future__ import annotations

from typing import Any, Optional

from pyshell.language.ast import Extent
from pyshell.runtime import compiler_support as S
from pyshell.runtime.errors import (
    ActionPreferenceStopException, ErrorRecord, PipelineStoppedException, PSException,
)

__all__ = ["as_ps_exception", "exception_names", "handle_statement_error", "preference",
           "is_script_terminating", "mark_script_terminating"]


def as_ps_exception(exc: BaseException, extent: Optional[Extent], script_name: Optional[str],
                    single_line: bool = False) -> PSException:
    ps = exc if isinstance(exc, PSException) else S.wrap_python_error(exc)
    return S.attach_position(ps, extent, script_name, single_line)


def exception_names(exc: PSException) -> list[str]:
    """The .NET names a `catch [T]` or `trap [T]` may match, most derived first.

    An error escalated by `-ErrorAction Stop` also matches its original exception's types,
    as PowerShell unwraps ActionPreferenceStopException before matching; the wrapped
    exception's names come first, so the most specific trap is the inner type's.
    """
    chain: list[PSException] = []
    record = exc.error_record
    if record is not None and record.exception is not exc:
        chain.append(record.exception)
    if isinstance(exc.inner_exception, PSException):
        chain.append(exc.inner_exception)  # `1/$null` is a RuntimeException around DivideByZero
    chain.append(exc)
    names: list[str] = []
    for each in chain:
        names += [n for n in type(each).dotnet_names() if n not in names]
    return names


def is_script_terminating(exc: PSException) -> bool:
    return bool(getattr(exc, "script_terminating", False)) or isinstance(
        exc, ActionPreferenceStopException)


def mark_script_terminating(exc: PSException) -> PSException:
    exc.script_terminating = True  # type: ignore[attr-defined]
    return exc


def preference(scope: Any, name: str = "erroractionpreference") -> str:
    """A preference variable's value as a lower-case name (`continue`, `stop`, ...)."""
    var = scope.find(name)
    value = "continue" if var is None or var.value is None else var.value
    return str(getattr(value, "name", value)).lower()


def handle_statement_error(scope: Any, exc: BaseException, extent: Optional[Extent],
                           script_name: Optional[str], single_line: bool) -> None:
    """A statement failed and no trap of its block took the error: propagate or report."""
    ps = as_ps_exception(exc, extent, script_name, single_line)
    session = scope.session
    session.last_success = False
    if isinstance(ps, PipelineStoppedException) or session.propagate_depth:
        raise ps
    action = preference(scope)
    if is_script_terminating(ps):
        # `throw` obeys SilentlyContinue too; an escalated -ErrorAction Stop never does.
        if action not in ("silentlycontinue", "ignore") or isinstance(
                ps, ActionPreferenceStopException):
            raise ps
    elif action == "stop":
        raise mark_script_terminating(ps)
    record = ErrorRecord.from_exception(ps)
    if action == "ignore":
        return
    if action == "silentlycontinue":
        session.record_error(record)
        return
    session.report_error(record, scope)
