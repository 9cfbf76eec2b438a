"""Running a user's script block over one object, as calculated properties, `-GroupBy`
and `Sort-Object {...}` do: `$_` is the object, and the result is the single value written
(None for nothing, a list for several)."""

from __future__ import annotations

from typing import Any

__all__ = ["is_scriptblock", "run_script"]


def is_scriptblock(value: Any) -> bool:
    return type(value).__name__ == "ScriptBlock" or (
        callable(getattr(value, "invoke", None)) and hasattr(value, "ast"))


def run_script(block: Any, obj: Any) -> Any:
    results = block.invoke(dollar_under=obj)
    if results is None:
        return None
    if not isinstance(results, list):
        return results
    if not results:
        return None
    return results[0] if len(results) == 1 else list(results)
