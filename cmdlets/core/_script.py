"""Running script blocks from core cmdlets (the compiler's ScriptBlock contract)."""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.runtime.conversion import to_bool
from pyshell.runtime.pipeline import stopped_error

__all__ = ["ScriptBlock", "run_streaming", "run_collect", "is_true", "predicate", "streamer",
           "filterer"]

from pyshell.runtime.scriptblock import ScriptBlock


_NO_VALUE: Any = object()


def run_streaming(block: Any, sink: Callable[[Any], None], dollar_under: Any = _NO_VALUE,
                  args: tuple[Any, ...] = ()) -> None:
    """Run a block dot-sourced (ForEach-Object's blocks share the caller's scope)."""
    kwargs: dict[str, Any] = {"new_scope": False}
    if dollar_under is not _NO_VALUE:
        kwargs["dollar_under"] = dollar_under
    streaming = getattr(block, "invoke_streaming", None)
    if streaming is not None:
        streaming(sink, *args, **kwargs)
        return
    for item in block.invoke(*args, **kwargs):
        sink(item)


def _dot_parts(block: Any) -> Optional[tuple[Any, Any]]:
    """(session, body) of a block that can take the fast path, else None.

    A block without param(), named blocks or a closure, run dot-sourced, needs only `$_`
    set around its body: that is what PowerShell's own fast path does. The generic
    `invoke_streaming` builds `$args`, `$input` and a parameter binding per object, which
    costs more than the body itself. This adapter reads the compiled block directly and
    gives up (None: use invoke_streaming) as soon as anything is not as expected.
    """
    try:
        compiled = block.compiled
        session = block.session
        if (compiled.parameters or compiled.begin is not None or compiled.process is not None
                or getattr(compiled, "clean", None) is not None or compiled.end is None
                or block.closure_scope is not None or session is None):
            return None
        session.current_scope.vars  # noqa: B018 - the scope layout this relies on
        return session, compiled.end
    except Exception:  # a different compiler layout: take the general path
        return None


def _dot_runner(block: Any, sink: Callable[[Any], None], collect: bool = False,
                keep: bool = False) -> Optional[Callable[[Any], Any]]:
    """A fast `obj -> None`; with collect, `obj -> bool` (the output's truth); with keep
    as well, `obj -> None` writing obj to sink when that is true (Where-Object)."""
    offered = getattr(block, "dollar_under_runner", None)
    if offered is not None and not collect:
        return offered(sink)  # type: ignore[no-any-return]
    parts = _dot_parts(block)
    if parts is None:
        return None
    session, body = parts
    from pyshell.runtime.scopes import PSVariable
    from pyshell.runtime.signals import ReturnSignal
    # One variable per runner: a runner is never re-entered (it belongs to one command of
    # one pipeline), and the caller's own $_ is put back after every object. ($PSItem is
    # the same variable: the compiler reads it as $_.)
    item_var = PSVariable("_")
    results: list[Any] = []
    out = results.append if collect else sink

    def run(obj: Any) -> Any:
        if session.stopping:  # called directly by the stage before: check the stop here
            raise stopped_error()
        scope = session.current_scope
        variables = scope.vars
        saved_item = variables.get("_")
        item_var.value = obj
        variables["_"] = item_var
        try:
            body(scope, out)
        except ReturnSignal as signal:
            for item in signal.pending:
                out(item)
        finally:
            # Restore the caller's $_ (an upstream block in the same scope still uses it).
            if saved_item is None:
                variables.pop("_", None)
            else:
                variables["_"] = saved_item
        if not collect:
            return None
        count = len(results)
        if count == 1:
            value = results.pop()
            passed = value if value is True or value is False else to_bool(value)
        else:
            results.clear()
            passed = count > 1
        if not keep:
            return passed
        if passed:
            sink(obj)
        return None
    return run


def filterer(block: Any, sink: Callable[[Any], None]) -> Callable[[Any], None]:
    """`obj -> None`: obj written to sink when the block is true for `$_ = obj`."""
    fast = _dot_runner(block, sink, collect=True, keep=True)
    if fast is not None:
        return fast
    test = predicate(block)

    def run(obj: Any) -> None:
        if test(obj):
            sink(obj)
    return run


def streamer(block: Any, sink: Callable[[Any], None]) -> Callable[[Any], None]:
    """`obj -> None`: the block run with `$_ = obj`, its output written to sink as it comes."""
    fast = _dot_runner(block, sink)
    if fast is not None:
        return fast
    streaming = getattr(block, "invoke_streaming", None)
    if streaming is not None:
        def run(obj: Any) -> None:
            streaming(sink, dollar_under=obj, new_scope=False)
        return run
    invoke = block.invoke

    def run_collected(obj: Any) -> None:
        for item in invoke(dollar_under=obj, new_scope=False):
            sink(item)
    return run_collected


def run_collect(block: Any, dollar_under: Any = _NO_VALUE) -> list[Any]:
    if dollar_under is _NO_VALUE:
        return list(block.invoke(new_scope=False))
    return list(block.invoke(dollar_under=dollar_under, new_scope=False))


def predicate(block: Any) -> Callable[[Any], bool]:
    """`obj -> bool`: the block run with `$_ = obj`, its output taken as a condition."""
    fast = _dot_runner(block, _ignore, collect=True)
    if fast is not None:
        return fast
    invoke = block.invoke

    def test(obj: Any) -> bool:
        return is_true(invoke(dollar_under=obj, new_scope=False))
    return test


def _ignore(obj: Any) -> None:
    return None


def is_true(results: list[Any]) -> bool:
    """LanguagePrimitives.IsTrue of a script block's output."""
    if not results:
        return False
    if len(results) == 1:
        return to_bool(results[0])
    return True
