"""Running script blocks from core cmdlets (the compiler's ScriptBlock contract)."""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["ScriptBlock", "run_streaming", "run_collect", "is_true"]

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
    streaming = getattr(block, "invoke_streaming", None)
    kwargs: dict[str, Any] = {"new_scope": False}
    if dollar_under is not _NO_VALUE:
        kwargs["dollar_under"] = dollar_under
    if streaming is not None:
        streaming(sink, *args, **kwargs)
        return
    for item in block.invoke(*args, **kwargs):
        sink(item)


def run_collect(block: Any, dollar_under: Any = _NO_VALUE) -> list[Any]:
    kwargs: dict[str, Any] = {"new_scope": False}
    if dollar_under is not _NO_VALUE:
        kwargs["dollar_under"] = dollar_under
    return list(block.invoke(**kwargs))


def is_true(results: list[Any]) -> bool:
    """LanguagePrimitives.IsTrue of a script block's output."""
    from pyshell.runtime.conversion import to_bool
    if not results:
        return False
    if len(results) == 1:
        return to_bool(results[0])
    return True
