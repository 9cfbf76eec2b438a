"""The compiler: each script block's AST becomes Python closures, once.

Expressions compile to `f(scope) -> value`; statements to `f(scope, out) -> None`, where
`out` receives each object the statement writes to the success stream. A compiled script
block (`CompiledScriptBlock`) is cached on the `ScriptBlock`, so running it again never
walks the tree. The parts live in mixins by concern: expressions (`compiler_expr`),
assignments (`compiler_assign`), control flow (`compiler_flow`), pipelines and commands
(`compiler_pipeline`); this module owns statement lists, traps and script blocks.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_assign import AssignmentCompiler
from pyshell.runtime.compiler_errors import (
    as_ps_exception, exception_names, handle_statement_error,
)
from pyshell.runtime.compiler_expr import Expr, ExpressionCompiler
from pyshell.runtime.compiler_flow import FlowCompiler
from pyshell.runtime.compiler_pipeline import PipelineCompiler
from pyshell.runtime.compiler_types import TypeDefinitionCompiler
from pyshell.runtime.errors import ErrorRecord, PipelineStoppedException
from pyshell.runtime.scopes import Scope
from pyshell.runtime.signals import BreakSignal, ContinueSignal

__all__ = ["Compiler", "CompiledScriptBlock", "CompiledParameter", "Runner",
           "compile_scriptblock"]

Runner = Callable[[Scope, Callable[[Any], None]], None]


class CompiledParameter:
    """One parameter of a `param()` block as the runtime needs it."""

    __slots__ = ("name", "key", "type_name", "is_switch", "default", "attributes", "ast")

    def __init__(self, ast: A.ParameterAst, default: Optional[Expr]) -> None:
        self.ast = ast
        self.name = ast.name.path.name
        self.key = self.name.lower()
        types = [a for a in ast.attributes if isinstance(a, A.TypeConstraintAst)]
        self.type_name: Optional[str] = types[-1].type_name.full_name if types else None
        self.is_switch = (self.type_name or "").lower() in (
            "switch", "system.management.automation.switchparameter")
        self.default = default
        self.attributes = tuple(a for a in ast.attributes if isinstance(a, A.AttributeAst))


class CompiledScriptBlock:
    """The closures of one script block plus what binding needs to know about it."""

    __slots__ = ("ast", "parameters", "cmdlet_binding", "is_advanced", "begin", "process",
                 "end", "clean", "has_named_blocks", "script_name", "metadata_cache",
                 "simple_binding", "uses_bound_parameters")

    def __init__(self, ast: A.ScriptBlockAst, parameters: tuple[CompiledParameter, ...],
                 blocks: dict[str, Optional[Runner]], script_name: Optional[str]) -> None:
        self.ast = ast
        self.parameters = parameters
        attributes = ast.param_block.attributes if ast.param_block else ()
        binding = [a for a in attributes if a.type_name.full_name.lower() in (
            "cmdletbinding", "system.management.automation.cmdletbindingattribute")]
        self.cmdlet_binding: Optional[A.AttributeAst] = binding[0] if binding else None
        self.is_advanced = self.cmdlet_binding is not None or any(
            a.type_name.full_name.lower() in ("parameter", "system.management.automation."
                                              "parameterattribute")
            for p in parameters for a in p.attributes)
        self.begin = blocks.get("begin")
        self.process = blocks.get("process")
        self.end = blocks.get("end")
        self.clean = blocks.get("clean")
        self.has_named_blocks = any(b is not None and not b.unnamed for b in (
            ast.begin_block, ast.process_block, ast.end_block))
        self.script_name = script_name
        self.metadata_cache: dict[str, Any] = {}
        # Positional-only calls of a simple function with untyped parameters bind without
        # the general binder (same result, a fraction of the cost).
        self.simple_binding = not self.is_advanced and all(
            p.type_name is None and not p.attributes for p in parameters)
        # $PSBoundParameters is built only for code that can mention it (by text: the
        # variable, or a nested block/Invoke-Expression that might).
        text = ast.extent.text.lower()
        self.uses_bound_parameters = ("psboundparameters" in text or "invoke-expression" in text
                                      or "iex" in text or not text)


class Compiler(ExpressionCompiler, AssignmentCompiler, FlowCompiler, PipelineCompiler,
               TypeDefinitionCompiler):
    """Compiles one parse (a script or an input line); `script_name` and `single_line`
    go into the positions of the errors its code raises. `method_mode` compiles a class
    method, whose `return` hands back a value instead of writing output."""

    def __init__(self, script_name: Optional[str] = None, single_line: bool = False, *,
                 method_mode: bool = False) -> None:
        self.script_name = script_name
        self.single_line = single_line
        self.method_mode = method_mode
        # `using namespace X` of the script: short type names may be X's members.
        self.namespaces: tuple[str, ...] = ()

    # ------------------------------------------------------------------ script blocks

    def compile_scriptblock(self, node: A.ScriptBlockAst, *, top_level: bool = False,
                            parameters: tuple[A.ParameterAst, ...] = ()
                            ) -> CompiledScriptBlock:
        self.namespaces += tuple(
            str(u.name.value) for u in node.using_statements
            if u.kind == "namespace" and isinstance(u.name, A.StringConstantExpressionAst)
            and str(u.name.value) not in self.namespaces)
        params = parameters or (node.param_block.parameters if node.param_block else ())
        compiled_params = tuple(
            CompiledParameter(p, self.expr(p.default_value) if p.default_value else None)
            for p in params)
        blocks: dict[str, Optional[Runner]] = {}
        for name in ("begin", "process", "end", "clean"):
            named: Optional[A.NamedBlockAst] = getattr(node, f"{name}_block")
            if named is not None:
                blocks[name] = self.statement_list(named.statements, named.traps,
                                                   top_level=top_level and named.unnamed)
        return CompiledScriptBlock(node, compiled_params, blocks, self.script_name)

    # ------------------------------------------------------------------ statements

    def stmt(self, node: A.StatementAst) -> Runner:
        method = getattr(self, "_stmt_" + type(node).__name__, None)
        if method is None:
            positioned = self.fail_at(node.extent)

            def unsupported(scope: Scope, out: Any) -> None:
                raise positioned(S.runtime_error(
                    f"The statement '{node.extent.text}' is not supported.", "NotSupported"))
            return unsupported
        runner: Runner = method(node)
        return runner

    def statements(self, block: A.StatementBlockAst, *, tail: bool = False) -> Runner:
        """A statement block's runner. With `tail` (the block is the last thing its
        statement runs, as an `if` branch is), a lone statement runs unwrapped: its error
        ends the enclosing statement, which has nothing left to do anyway."""
        if tail and len(block.statements) == 1 and not block.traps and not isinstance(
                block.statements[0], A.TrapStatementAst):
            return self.stmt(block.statements[0])
        return self.statement_list(block.statements, block.traps)

    def single_statement(self, block: A.StatementBlockAst) -> Optional[tuple[Runner, A.Extent]]:
        """The one statement of a trap-free block, for loops that run it inline."""
        if len(block.statements) == 1 and not block.traps and not isinstance(
                block.statements[0], A.TrapStatementAst):
            return self.stmt(block.statements[0]), block.statements[0].extent
        return None

    def statement_list(self, statements: tuple[A.StatementAst, ...],
                       traps: tuple[A.TrapStatementAst, ...] = (), *,
                       top_level: bool = False) -> Runner:
        """Run statements in order; a failing statement is handled by its block's traps, or
        shown while the next statement runs, or propagated (semantics §2.3)."""
        # Classes and enums exist from the start of the block that defines them.
        ordered = sorted(statements, key=lambda s: not isinstance(s, A.TypeDefinitionAst))
        compiled = tuple((self.stmt(s), s.extent) for s in ordered
                         if not isinstance(s, A.TrapStatementAst))
        script_name, single = self.script_name, self.single_line
        if traps or top_level:
            return self._trapping_list(compiled, traps, top_level)
        if not compiled:
            return lambda scope, out: None
        if len(compiled) == 1:
            only, extent = compiled[0]

            def run_one(scope: Scope, out: Callable[[Any], None]) -> None:
                try:
                    only(scope, out)
                except Exception as exc:
                    handle_statement_error(scope, exc, extent, script_name, single)
            return run_one

        def run_all(scope: Scope, out: Callable[[Any], None]) -> None:
            for statement, extent in compiled:
                try:
                    statement(scope, out)
                except Exception as exc:
                    handle_statement_error(scope, exc, extent, script_name, single)
        return run_all

    def _trapping_list(self, compiled: tuple[tuple[Runner, A.Extent], ...],
                       traps: tuple[A.TrapStatementAst, ...], top_level: bool) -> Runner:
        # (short lower-case type name or None for a catch-all trap, trap body)
        handlers = tuple((t.trap_type.type_name.full_name.lower().rsplit(".", 1)[-1]
                          if t.trap_type else None, self.statements(t.body)) for t in traps)
        script_name, single = self.script_name, self.single_line

        def pick(exc: Any) -> Optional[Runner]:
            names = [n.lower().rsplit(".", 1)[-1] for n in exception_names(exc)]
            best: Optional[tuple[int, Runner]] = None
            for wanted, body in handlers:
                # The most specific trap wins: the nearest type in the exception's chain.
                rank = len(names) if wanted is None else (
                    names.index(wanted) if wanted in names else -1)
                if rank >= 0 and (best is None or rank < best[0]):
                    best = (rank, body)
            return best[1] if best else None

        def run(scope: Scope, out: Any) -> None:
            session = scope.session
            flush = getattr(out, "flush", None) if top_level else None
            for statement, extent in compiled:
                try:
                    session.propagate_depth += 1 if handlers else 0
                    try:
                        statement(scope, out)
                    finally:
                        session.propagate_depth -= 1 if handlers else 0
                        if flush is not None:
                            flush()
                except Exception as raw:
                    exc = as_ps_exception(raw, extent, script_name, single)
                    trap = pick(exc) if handlers and not isinstance(
                        exc, PipelineStoppedException) else None
                    if trap is None:
                        handle_statement_error(scope, exc, extent, script_name, single)
                        continue
                    self._run_trap(trap, scope, out, exc)
        return run

    @staticmethod
    def _run_trap(trap: Runner, scope: Scope, out: Any, exc: Any) -> None:
        record = ErrorRecord.from_exception(exc)
        session = scope.session
        session.last_success = False
        child = scope.child()
        child.set_local("_", record)
        child.set_local("psitem", record)
        try:
            trap(child, out)
        except ContinueSignal as signal:
            if signal.label is None:
                session.record_error(record)
                return
            raise
        except BreakSignal as signal:
            if signal.label is None:
                raise exc from None
            raise
        session.report_error(record, scope)

    # ------------------------------------------------------------------ statement values

    def value_of(self, node: A.StatementAst, paren: bool = False) -> Expr:
        """A statement used as a value: an expression keeps its value as is; a pipeline's
        output is nothing (AutomationNull), the one object, or an array."""
        if (isinstance(node, A.PipelineAst) and len(node.elements) == 1
                and isinstance(node.elements[0], A.CommandExpressionAst)
                and not node.elements[0].redirections):
            return self.expr(node.elements[0].expression)
        if isinstance(node, A.AssignmentStatementAst):
            return self.compile_assignment(node, True)
        return S.collected_value(self.stmt(node))

    def compile_scriptblock_expression(self, node: A.ScriptBlockExpressionAst) -> Expr:
        from pyshell.runtime.scriptblock import ScriptBlock
        cache: list[CompiledScriptBlock] = []
        sb_ast = node.script_block

        def script_block(scope: Scope) -> Any:
            if not cache:
                cache.append(self.compile_scriptblock(sb_ast))
            return ScriptBlock(sb_ast, scope.session, compiled=cache[0])
        return script_block


def compile_scriptblock(node: A.ScriptBlockAst, script_name: Optional[str] = None, *,
                        single_line: bool = False, top_level: bool = False
                        ) -> CompiledScriptBlock:
    return Compiler(script_name, single_line).compile_scriptblock(node, top_level=top_level)
