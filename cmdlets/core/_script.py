"""Running script blocks from core cmdlets (the compiler's ScriptBlock contract)."""

from __future__ import annotations

from typing import Any, Callable

from pyshell.runtime.conversion import to_bool

__all__ = ["ScriptBlock", "run_streaming", "run_collect", "is_true", "predicate", "streamer"]

try:
    from pyshell.runtime.scriptblock import ScriptBlock
except ImportError:  # the compiler is not there yet; the binder matches on the class name
    class ScriptBlock:  # type: ignore[no-redef]
        def invoke(self, *args: Any, **kwargs: Any) -> list[Any]:
            raise NotImplementedError


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


def streamer(block: Any, sink: Callable[[Any], None]) -> Callable[[Any], None]:
    """`obj -> None`: the block run with `$_ = obj`, its output written to sink as it comes."""
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
    invoke = block.invoke

    def test(obj: Any) -> bool:
        results = invoke(dollar_under=obj, new_scope=False)
        if len(results) == 1:
            value = results[0]
            if value is True or value is False:
                return value
            return to_bool(value)
        return len(results) > 1
    return test


def is_true(results: list[Any]) -> bool:
    """LanguagePrimitives.IsTrue of a script block's output."""
    if not results:
        return False
    if len(results) == 1:
        return to_bool(results[0])
    return True
