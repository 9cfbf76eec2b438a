"""Method calls: script block methods are answered here (the ScriptBlock is the runtime's
own object); everything else, including the intrinsic `.Where()`/`.ForEach()`, goes to
`members.invoke_method` with the calling scope as context."""

from __future__ import annotations

from typing import Any

from pyshell.runtime import compiler_support as S

__all__ = ["call_method", "call_static"]


def call_static(scope: Any, ps_type: Any, name: str, args: list[Any]) -> Any:
    invoke_static = getattr(ps_type, "invoke_static", None)
    if invoke_static is None:
        raise S.runtime_error(f"Method invocation failed because [{ps_type}] does not contain "
                              f"a method named '{name}'.", "MethodNotFound")
    return invoke_static(name, args, scope)


def call_method(scope: Any, obj: Any, name: str, args: list[Any]) -> Any:
    from pyshell.runtime.scriptblock import ScriptBlock
    if isinstance(obj, ScriptBlock):
        lowered = name.lower()
        if lowered == "invoke":
            return obj.invoke(*args)
        if lowered == "invokereturnasis":
            return S.unwrap(obj.invoke(*args))
        if lowered == "getnewclosure":
            return obj.get_new_closure(scope)
        if lowered == "tostring":
            return obj.to_string()
    return S.invoke_method(obj, name, args, scope)
