"""`[scriptblock]`: a piece of compiled script that can be invoked, passed around, closed over.

The compiled closures are cached on the ScriptBlock (and shared by every ScriptBlock made
from the same `{ ... }` site), so a `ForEach-Object` body run a million times compiles once.
Invoking runs in a new child of the caller's scope (`& $sb`) or in the caller's scope itself
(`. $sb`, ForEach-Object, Where-Object); `GetNewClosure()` binds the block to a snapshot of
the variables it can see.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.errors import ErrorCategory, ScriptCallDepthException
from pyshell.runtime.scopes import PSVariable, Scope, Sentinel
from pyshell.runtime.signals import run_block

__all__ = ["ScriptBlock", "NO_VALUE", "run_compiled", "MAX_CALL_DEPTH", "enter_call",
           "call_depth_error"]

# PowerShell refuses to nest calls deeper than this (ScriptCallDepthException).
MAX_CALL_DEPTH = 1000


NO_VALUE: Any = Sentinel("NO_VALUE")


def call_depth_error() -> Exception:
    return S.runtime_error("The script failed due to call depth overflow.", "CallDepthOverflow",
                           ErrorCategory.InvalidOperation, exc_type=ScriptCallDepthException)


def enter_call(session: Any) -> None:
    depth = session.call_depth + 1
    if depth > MAX_CALL_DEPTH:
        raise call_depth_error()
    session.call_depth = depth


class ScriptBlock:
    """A script block value. `session` is the session it runs in; `closure_scope` is set by
    `GetNewClosure()` (the block then runs in a child of that scope, not of the caller's)."""

    __ps_typenames__ = ("System.Management.Automation.ScriptBlock", "System.Object")

    def __init__(self, ast: A.ScriptBlockAst, session: Any = None, *, compiled: Any = None,
                 closure_scope: Optional[Scope] = None, script_name: Optional[str] = None
                 ) -> None:
        self.ast = ast
        self.session = session
        self._compiled = compiled
        self.closure_scope = closure_scope
        self.script_name = script_name

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(cls, text: str, session: Any = None) -> ScriptBlock:
        """`[scriptblock]::Create(text)`: parse now (a syntax error is a ParseException)."""
        from pyshell.language import ParseError, parse
        from pyshell.runtime.session import parse_exception
        try:
            return cls(parse(text), session)
        except ParseError as exc:
            raise parse_exception(exc) from None

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            from pyshell.runtime.compiler import compile_scriptblock
            self._compiled = compile_scriptblock(self.ast, self.script_name)
        return self._compiled

    # ------------------------------------------------------------------ what scripts see

    @property
    def Ast(self) -> A.ScriptBlockAst:  # noqa: N802 - .NET member name
        return self.ast

    @property
    def text(self) -> str:
        return self.to_string()

    def to_string(self) -> str:
        """The text inside the braces, as `$sb.ToString()` and `"$sb"` give it."""
        text = self.ast.extent.text
        if text.startswith("{") and text.endswith("}"):
            return text[1:-1]
        return text

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return f"ScriptBlock({{{self.to_string()}}})"

    # ------------------------------------------------------------------ invocation

    def invoke(self, *args: Any, dollar_under: Any = NO_VALUE, input: Any = (),
               this: Any = None, new_scope: bool = True) -> list[Any]:
        """Run the block and return its output objects."""
        items: list[Any] = []
        self.invoke_streaming(items.append, *args, dollar_under=dollar_under, input=input,
                              this=this, new_scope=new_scope)
        return items

    def invoke_streaming(self, sink: Callable[[Any], None], *args: Any,
                         dollar_under: Any = NO_VALUE, input: Any = (), this: Any = None,
                         new_scope: bool = True) -> None:
        """Run the block, writing each output object to `sink` as it is produced."""
        session = self.session
        if session is None:
            raise S.runtime_error("The script block cannot be invoked because it is not "
                                  "bound to a session.", "ScriptBlockNotBound")
        caller = session.current_scope
        if new_scope:
            scope = (self.closure_scope or caller).child()
        else:
            scope = caller
        run_compiled(self.compiled, scope, dollar_under=dollar_under, args=args, input=input,
                     this=this, sink=sink, restore=not new_scope)

    def get_new_closure(self, scope: Optional[Scope] = None) -> ScriptBlock:
        """A copy bound to a snapshot of the variables visible now (GetNewClosure)."""
        session = self.session
        origin = scope or session.current_scope
        closure = session.global_scope.child()
        for key, var in origin.visible_variables().items():
            if var.is_private:
                continue
            closure.vars[key] = PSVariable(var.name, var.value, convert=var.convert,
                                           type_name=var.type_name)
        return ScriptBlock(self.ast, session, compiled=self._compiled, closure_scope=closure,
                           script_name=self.script_name)

    # `.Invoke()` etc. are answered by compiler_methods; these serve Python callers.
    def GetNewClosure(self) -> ScriptBlock:  # noqa: N802
        return self.get_new_closure()

    def Invoke(self, *args: Any) -> list[Any]:  # noqa: N802
        return self.invoke(*args)


def run_compiled(compiled: Any, scope: Scope, *, dollar_under: Any = NO_VALUE,
                 args: tuple[Any, ...] = (), input: Any = (), this: Any = None,
                 sink: Optional[Callable[[Any], None]] = None, restore: bool = True) -> list[Any]:
    """Run a compiled block in `scope`: bind `param()` positionally, set `$_`, `$args`,
    `$input`, `$this`, then run begin/process/end. With `restore`, `$_` is put back
    afterwards (dot-sourced blocks run in the caller's scope)."""
    session = scope.session
    items: list[Any] = []
    out = sink if sink is not None else items.append
    saved: list[tuple[str, Optional[PSVariable]]] = []

    def local(name: str, value: Any) -> None:
        key = name.lower()
        if restore:
            saved.append((key, scope.vars.get(key)))
        scope.vars[key] = PSVariable(name, value)

    if dollar_under is not NO_VALUE:
        local("_", dollar_under)
        local("PSItem", dollar_under)
    if this is not None:
        local("this", this)
    parameters = compiled.parameters
    for parameter, value in zip(parameters, args):
        local(parameter.name, value)
    for parameter in parameters[len(args):]:
        local(parameter.name, None)
        if parameter.default is not None:
            # Defaults are evaluated at call time, after the earlier parameters are bound.
            scope.vars[parameter.key].value = S.as_value(parameter.default(scope))
    for position, parameter in enumerate(parameters):
        if parameter.type_name:
            _constrain(scope.vars[parameter.key], parameter.type_name,
                       unbound=position >= len(args) and parameter.default is None)
    remaining = list(args[len(parameters):])
    local("args", remaining)
    local("input", iter(list(input) if input else ()))
    previous = session.current_scope
    session.current_scope = scope
    enter_call(session)
    try:
        _run_blocks(compiled, scope, out, input, dollar_under)
    finally:
        session.call_depth -= 1
        session.current_scope = previous
        for key, var in reversed(saved):
            if var is None:
                scope.vars.pop(key, None)
            else:
                scope.vars[key] = var
    return items


def _constrain(var: PSVariable, type_name: str, unbound: bool) -> None:
    """Give a parameter variable its type constraint; an unbound `[switch]` is `$false`."""
    from pyshell.runtime.compiler_assign import constrained_conversion
    from pyshell.runtime.compiler_expr import resolve_type_or_fail
    ps_type = resolve_type_or_fail(type_name)

    def convert(value: Any) -> Any:
        return constrained_conversion(value, ps_type)
    if unbound and type_name.lower() in ("switch", "system.management.automation."
                                          "switchparameter"):
        var.value = False
    elif var.value is not None:
        var.value = convert(var.value)
    var.convert, var.type_name = convert, type_name


def _run_blocks(compiled: Any, scope: Scope, out: Callable[[Any], None], input: Any,
                dollar_under: Any) -> None:
    for block in (compiled.begin,):
        if block is not None:
            run_block(block, scope, out)
    if compiled.process is not None:
        objects = list(input) if input else ([dollar_under] if dollar_under is not NO_VALUE
                                             else [NO_VALUE])
        for item in objects:
            if item is not NO_VALUE:
                scope.set_local("_", item)
                scope.set_local("PSItem", item)
            run_block(compiled.process, scope, out)
    if compiled.end is not None:
        run_block(compiled.end, scope, out)


def _register_tables() -> None:
    from pyshell.runtime.dotnet.table import (
        MemberTable, method, prop, register_instance_table, register_static_table,
    )
    full_name = "System.Management.Automation.ScriptBlock"
    register_static_table(full_name, MemberTable.of(full_name, [
        method("Create", lambda context, text: ScriptBlock.create(
            S.to_string(text), getattr(context, "session", None)),
               "static scriptblock Create(string script)", static=True, with_context=True),
    ]))
    # Invoke/InvokeReturnAsIs/GetNewClosure are answered by compiler_methods (they need the
    # calling scope); these rows make them visible to Get-Member too.
    register_instance_table(ScriptBlock, MemberTable.of(full_name, [
        prop("Ast", "System.Management.Automation.Language.Ast", lambda sb: sb.ast),
        prop("File", "string", lambda sb: sb.script_name),
        prop("IsFilter", "bool", lambda sb: False),
        method("Invoke", lambda sb, *args: sb.invoke(*args),
               "System.Collections.ObjectModel.Collection[psobject] Invoke(Params System.Object[] args)"),
        method("InvokeReturnAsIs", lambda sb, *args: S.unwrap(sb.invoke(*args)),
               "System.Object InvokeReturnAsIs(Params System.Object[] args)"),
        method("GetNewClosure", lambda sb: sb.get_new_closure(),
               "scriptblock GetNewClosure()"),
        method("ToString", lambda sb: sb.to_string(), "string ToString()"),
    ]))


_register_tables()
