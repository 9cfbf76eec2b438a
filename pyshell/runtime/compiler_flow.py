"""Control flow: if, the loops, switch, try/catch/finally, throw, break/continue, return,
exit, and function definitions.

Loops honour a stop request once per iteration; `break`/`continue` are exceptions caught by
the loop they name (or the innermost one), so they unwind through script blocks and
functions as in PowerShell.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_base import CompilerBase
from pyshell.runtime.compiler_expr import find_value
from pyshell.runtime.compiler_fast import FAST_OPERATORS, fast_if, fast_test
from pyshell.runtime.compiler_errors import (
    as_ps_exception, exception_names, handle_statement_error, mark_script_terminating,
)
from pyshell.runtime.errors import (
    ErrorCategory, ErrorRecord, ItemNotFoundException, PipelineStoppedException, PSException,
    RuntimeException,
)
from pyshell.runtime.scopes import NO_OPTIONS, PSVariable, Scope
from pyshell.runtime.signals import (
    BreakSignal, ContinueSignal, ExitSignal, LoopSignal, ReturnSignal,
)

__all__ = ["FlowCompiler", "stopped", "iterate_value", "pipeline_items"]

AUTOMATION_NULL = S.AUTOMATION_NULL
Runner = Callable[[Scope, Callable[[Any], None]], None]
BO = A.BinaryOperator


def stopped() -> PSException:
    return S.runtime_error("The pipeline has been stopped.", "PipelineStopped",
                           ErrorCategory.OperationStopped, exc_type=PipelineStoppedException)


def iterate_value(value: Any) -> Iterable[Any]:
    """What `foreach` iterates: a collection's items, a scalar once, `$null` never."""
    if value is None or value is AUTOMATION_NULL:
        return ()
    if type(value) is list or S.is_collection(value):
        items: Iterable[Any] = value
        return items
    return (value,)


def pipeline_items(value: Any) -> Iterable[Any]:
    """A value as pipeline input: enumerated, but `$null` is one object (`$null | f` runs f
    once) while AutomationNull is none."""
    if value is AUTOMATION_NULL:
        return ()
    if value is not None and (type(value) is list or S.is_collection(value)):
        items: Iterable[Any] = value
        return items
    return (value,)


def _truth(value: Any) -> bool:
    if value is True:
        return True
    if value is False:
        return False
    return S.to_bool(value)


def run_body(body: Runner, scope: Scope, out: Any, label: Optional[str]) -> bool:
    """Run one iteration of a loop body; True when a `break` for this loop ended it."""
    try:
        body(scope, out)
    except LoopSignal as signal:
        if not signal.matches(label):
            raise
        return isinstance(signal, BreakSignal)
    return False


class FlowCompiler(CompilerBase):
    """Mixin of `Compiler`: statements other than pipelines and assignments."""

    script_name: Optional[str]
    single_line: bool


    def condition(self, node: Optional[A.StatementAst]) -> Callable[[Scope], bool]:
        if node is None:
            return lambda scope: True
        hot = self._hot_comparison(node)
        if hot is not None:
            return fast_test(hot.operator, self.operand(hot.left), self.operand(hot.right),
                             self.slow_binary(hot.extent), find_value, S.to_bool)
        value = self.value_of(node)

        def test(scope: Scope) -> bool:
            result = value(scope)
            if result is True:
                return True
            if result is False:
                return False
            return S.to_bool(result)
        return test

    # ------------------------------------------------------------------ if

    def _stmt_IfStatementAst(self, node: A.IfStatementAst) -> Runner:
        clauses = tuple((self.condition(c.condition), self.statements(c.body, tail=True))
                        for c in node.clauses)
        otherwise = self.statements(node.else_clause, tail=True) if node.else_clause else None
        if len(clauses) == 1:
            fused = self._fast_if(node.clauses[0].condition, clauses[0][1], otherwise)
            if fused is not None:
                return fused
            value = self.value_of(node.clauses[0].condition)
            body = clauses[0][1]
            to_bool = S.to_bool

            def if_one(scope: Scope, out: Any) -> None:
                result = value(scope)
                if result is True or (result is not False and to_bool(result)):
                    body(scope, out)
                elif otherwise is not None:
                    otherwise(scope, out)
            return if_one

        def if_chain(scope: Scope, out: Any) -> None:
            for test, body in clauses:
                if test(scope):
                    body(scope, out)
                    return
            if otherwise is not None:
                otherwise(scope, out)
        return if_chain

    @staticmethod
    def _hot_comparison(node: A.StatementAst) -> Optional[A.BinaryExpressionAst]:
        """The condition's expression when it is one hot binary operator."""
        if not (isinstance(node, A.PipelineAst) and len(node.elements) == 1
                and isinstance(node.elements[0], A.CommandExpressionAst)
                and not node.elements[0].redirections):
            return None
        expression = node.elements[0].expression
        if isinstance(expression, A.BinaryExpressionAst) and expression.operator in FAST_OPERATORS:
            return expression
        return None

    def _fast_if(self, condition: A.StatementAst, then: Runner, otherwise: Optional[Runner]
                 ) -> Optional[Runner]:
        """`if ($a -op $b)` with a hot operator: the test is computed inside the if itself."""
        expression = self._hot_comparison(condition)
        if expression is None:
            return None
        return fast_if(expression.operator, self.operand(expression.left),
                       self.operand(expression.right), self.slow_binary(expression.extent),
                       find_value, then, otherwise, S.to_bool)

    # ------------------------------------------------------------------ loops

    def _stmt_WhileStatementAst(self, node: A.WhileStatementAst) -> Runner:
        return self._loop(node.label, None, self.condition(node.condition), None,
                          self.statements(node.body), test_first=True)

    def _stmt_DoWhileStatementAst(self, node: A.DoWhileStatementAst) -> Runner:
        return self._loop(node.label, None, self.condition(node.condition), None,
                          self.statements(node.body), test_first=False)

    def _stmt_DoUntilStatementAst(self, node: A.DoUntilStatementAst) -> Runner:
        test = self.condition(node.condition)
        return self._loop(node.label, None, lambda scope: not test(scope), None,
                          self.statements(node.body), test_first=False)

    def _stmt_ForStatementAst(self, node: A.ForStatementAst) -> Runner:
        init = self.stmt(node.initializer) if node.initializer else None
        step = self.stmt(node.iterator) if node.iterator else None
        return self._loop(node.label, init, self.condition(node.condition), step,
                          self.statements(node.body), test_first=True)

    def _loop(self, label: Optional[str], init: Optional[Runner],
              test: Callable[[Scope], bool], step: Optional[Runner], body: Runner,
              test_first: bool) -> Runner:
        discard: Callable[[Any], None] = lambda item: None

        def loop(scope: Scope, out: Any) -> None:
            session = scope.session
            if init is not None:
                init(scope, discard)
            if test_first and not test(scope):
                return
            while True:
                if session.stopping:
                    raise stopped()
                if run_body(body, scope, out, label):
                    return
                if step is not None:
                    step(scope, discard)
                if not test(scope):
                    return
        return loop

    def _foreach_source(self, node: A.StatementAst) -> Callable[[Scope], Iterable[Any]]:
        if (isinstance(node, A.PipelineAst) and len(node.elements) == 1
                and isinstance(node.elements[0], A.CommandExpressionAst)
                and not node.elements[0].redirections):
            return self.enumerated(node.elements[0].expression)
        value = self.value_of(node)
        return lambda scope: iterate_value(value(scope))

    def enumerated(self, node: A.ExpressionAst, pipeline_input: bool = False
                   ) -> Callable[[Scope], Iterable[Any]]:
        """The items an expression enumerates to (foreach, or pipeline input, where `$null`
        is one object). A range of ints is iterated lazily: `1..100000000 | ...` streams
        instead of building the array."""
        iterate = pipeline_items if pipeline_input else iterate_value
        if isinstance(node, A.BinaryExpressionAst) and node.operator is BO.RANGE:
            low, high = self.expr(node.left), self.expr(node.right)
            slow = getattr(self, "slow_binary")(node.extent)

            def range_items(scope: Scope) -> Iterable[Any]:
                first, last = low(scope), high(scope)
                a, b = _range_bound(first), _range_bound(last)
                if a is not None and b is not None:
                    return range(a, b + 1) if b >= a else range(a, b - 1, -1)
                return iterate(slow(BO.RANGE, first, last, scope))
            return range_items
        value = self.expr(node)
        return lambda scope: iterate(value(scope))

    def _stmt_ForEachStatementAst(self, node: A.ForEachStatementAst) -> Runner:
        if node.parallel:
            positioned = self.fail_at(node.extent)

            def refused(scope: Scope, out: Any) -> None:
                raise positioned(S.runtime_error(
                    "The foreach -parallel parameter is only allowed in workflows.",
                    "ParallelNotSupported", ErrorCategory.NotImplemented))
            return refused
        source = self._foreach_source(node.condition)
        body = self.statements(node.body)
        single = self.single_statement(node.body)
        if single is not None:
            body, extent = single
        else:
            extent = None
        script_name, single_line = self.script_name, self.single_line
        label = node.label
        path = node.variable.path
        name, key = path.name, path.name.lower()
        qualified = not path.is_unqualified
        setter = self._setter(node.variable) if qualified else None

        def foreach(scope: Scope, out: Any) -> None:
            session = scope.session
            items = source(scope)
            var = None
            if setter is None:
                var = scope.vars.get(key)
                if var is None:
                    var = scope.vars[key] = PSVariable(name)
                if var.convert is not None or var.options is not NO_OPTIONS or var.validators:
                    var = None
            for item in items:
                if session.stopping:
                    raise stopped()
                if var is not None:
                    var.value = item
                elif setter is not None:
                    setter(scope, item)
                else:
                    from pyshell.runtime.compiler_assign import assign_variable
                    assign_variable(scope.local(key, name), item)
                # run_body (and a one-statement block's error handling) inlined: this is
                # the hottest loop of most scripts.
                try:
                    body(scope, out)
                except LoopSignal as signal:
                    if not signal.matches(label):
                        raise
                    if isinstance(signal, BreakSignal):
                        return
                except Exception as exc:
                    if extent is None:
                        raise
                    handle_statement_error(scope, exc, extent, script_name, single_line)
        return foreach

    # ------------------------------------------------------------------ switch

    def _stmt_SwitchStatementAst(self, node: A.SwitchStatementAst) -> Runner:
        flags = node.flags
        value = self.value_of(node.condition) if node.condition else (lambda scope: None)
        label = node.label
        if flags.regex:
            op = BO.CMATCH if flags.case_sensitive else BO.IMATCH
        elif flags.wildcard:
            op = BO.CLIKE if flags.case_sensitive else BO.ILIKE
        else:
            op = BO.CEQ if flags.case_sensitive else BO.IEQ
        clauses: list[tuple[str, Any, Runner]] = []
        for clause in node.clauses:
            body = self.statements(clause.body)
            if isinstance(clause.condition, A.ScriptBlockExpressionAst):
                compiled = self.compile_scriptblock(clause.condition.script_block)
                clauses.append(("block", compiled, body))
            else:
                clauses.append(("value", self.expr(clause.condition), body))
        default = self.statements(node.default) if node.default else None
        slow = getattr(self, "slow_binary")(node.extent)
        from_file = flags.file
        textual = flags.regex or flags.wildcard
        positioned = self.fail_at(node.extent)

        def inputs(scope: Scope) -> Iterable[Any]:
            subject = value(scope)
            if from_file:
                path = S.to_string(subject)
                try:
                    with open(scope.session.resolve_path(path), encoding="utf-8-sig") as f:
                        return f.read().splitlines()
                except OSError as exc:
                    raise positioned(S.runtime_error(
                        f"Cannot find path '{path}' because it does not exist.",
                        "PathNotFound", ErrorCategory.ObjectNotFound, target=path,
                        exc_type=ItemNotFoundException, inner=exc)) from None
            if subject is AUTOMATION_NULL:
                return ()
            if subject is not None and S.is_collection(subject):
                items: Iterable[Any] = subject
                return items
            return (subject,)

        def matches(kind: str, test: Any, item: Any, scope: Scope) -> bool:
            if kind == "block":
                from pyshell.runtime.scriptblock import run_compiled
                result = run_compiled(test, scope, dollar_under=item)
                return _truth(S.unwrap(result))
            expected = test(scope)
            if (isinstance(expected, str) or textual) and item is not None \
                    and not isinstance(item, str):
                # A string clause (and -regex/-wildcard) compares the input's text:
                # `switch -exact (@{})` matches 'System.Collections.Hashtable'.
                item = S.to_string(item)
            return _truth(slow(op, item, expected, scope))

        def one_item(scope: Scope, out: Any) -> None:
            # Every matching clause runs, in order; `default` only when none matched.
            item = scope.vars["_"].value
            matched = False
            for kind, test, body in clauses:
                if matches(kind, test, item, scope):
                    matched = True
                    scope.set_local("_", item)
                    body(scope, out)
            if not matched and default is not None:
                default(scope, out)

        def switch(scope: Scope, out: Any) -> None:
            session = scope.session
            saved = scope.vars.get("_")
            try:
                for item in inputs(scope):
                    if session.stopping:
                        raise stopped()
                    scope.set_local("_", item)
                    if run_body(one_item, scope, out, label):
                        return
            finally:
                if saved is None:
                    scope.vars.pop("_", None)
                else:
                    scope.vars["_"] = saved
        return switch

    # ------------------------------------------------------------------ try / throw

    def _stmt_TryStatementAst(self, node: A.TryStatementAst) -> Runner:
        body = self.statements(node.body)
        catches = tuple((tuple(t.type_name.full_name.lower() for t in c.catch_types),
                         self.statements(c.body)) for c in node.catch_clauses)
        final = self.statements(node.finally_block) if node.finally_block else None
        script_name, single = self.script_name, self.single_line
        positioned = self.fail_at(node.extent)

        def pick(exc: PSException) -> Optional[Runner]:
            names = [n.lower() for n in exception_names(exc)]
            shorts = [n.rsplit(".", 1)[-1] for n in names]
            for types, handler in catches:
                if not types:
                    return handler
                for wanted in types:
                    if wanted in names or wanted in shorts or (
                            "." not in wanted and wanted == "exception"):
                        return handler
                    if "." in wanted and wanted not in names and _unknown_type(wanted):
                        raise positioned(S.runtime_error(
                            f"Unable to find type [{wanted}].", "TypeNotFound"))
            return None

        def run_try(scope: Scope, out: Any) -> None:
            session = scope.session
            try:
                session.propagate_depth += 1
                try:
                    body(scope, out)
                finally:
                    session.propagate_depth -= 1
            except Exception as raw:
                exc = as_ps_exception(raw, None, script_name, single)
                if isinstance(exc, PipelineStoppedException) or not catches:
                    raise exc from None
                handler = pick(exc)
                if handler is None:
                    raise exc from None
                record = ErrorRecord.from_exception(exc)
                session.record_error(record)
                saved = scope.vars.get("_"), scope.vars.get("psitem")
                scope.set_local("_", record)
                scope.set_local("psitem", record)
                session.caught.append(exc)
                try:
                    handler(scope, out)
                finally:
                    session.caught.pop()
                    for key, var in zip(("_", "psitem"), saved):
                        if var is None:
                            scope.vars.pop(key, None)
                        else:
                            scope.vars[key] = var
                session.last_success = True
            finally:
                if final is not None:
                    session = scope.session
                    stopping = session.stopping
                    # Cleanup runs to the end even while a stop request unwinds the script.
                    session.stopping = False
                    try:
                        final(scope, out)
                    finally:
                        session.stopping = stopping or session.stopping
        return run_try

    def _stmt_ThrowStatementAst(self, node: A.ThrowStatementAst) -> Runner:
        value = self.value_of(node.pipeline) if node.pipeline else None
        positioned = self.fail_at(node.extent)

        def throw(scope: Scope, out: Any) -> None:
            if value is None:
                caught = scope.session.caught
                if caught:
                    raise mark_script_terminating(caught[-1])
                thrown: Any = None
            else:
                thrown = S.as_value(value(scope))
            raise mark_script_terminating(positioned(_exception_for(thrown)))
        return throw

    # ------------------------------------------------------------------ jumps

    def _label(self, node: Optional[A.ExpressionAst]) -> Callable[[Scope], Optional[str]]:
        if node is None:
            return lambda scope: None
        if isinstance(node, A.StringConstantExpressionAst):
            text = node.value
            return lambda scope: text
        value = self.expr(node)
        return lambda scope: S.to_string(value(scope)) or None

    def _stmt_BreakStatementAst(self, node: A.BreakStatementAst) -> Runner:
        label = self._label(node.label)

        def do_break(scope: Scope, out: Any) -> None:
            raise BreakSignal(label(scope))
        return do_break

    def _stmt_ContinueStatementAst(self, node: A.ContinueStatementAst) -> Runner:
        label = self._label(node.label)

        def do_continue(scope: Scope, out: Any) -> None:
            raise ContinueSignal(label(scope))
        return do_continue

    def _stmt_ReturnStatementAst(self, node: A.ReturnStatementAst) -> Runner:
        if getattr(self, "method_mode", False):
            value = self.value_of(node.pipeline) if node.pipeline else None

            def method_return(scope: Scope, out: Any) -> None:
                raise ReturnSignal(S.as_value(value(scope)) if value is not None else None)
            return method_return
        run = self.stmt(node.pipeline) if node.pipeline else None

        def do_return(scope: Scope, out: Any) -> None:
            if run is not None:
                run(scope, out)
            raise ReturnSignal()
        return do_return

    def _stmt_ExitStatementAst(self, node: A.ExitStatementAst) -> Runner:
        value = self.value_of(node.pipeline) if node.pipeline else None

        def do_exit(scope: Scope, out: Any) -> None:
            code = 0 if value is None else S.as_value(value(scope))
            int_type = S.resolve_type("int")
            try:
                number = int(S.convert_to(code, int_type)) if code is not None and int_type \
                    else 0
            except Exception:  # `exit 'text'` exits with 0, as PowerShell's cast fails
                number = 0
            raise ExitSignal(number)
        return do_exit

    # ------------------------------------------------------------------ definitions

    def _stmt_FunctionDefinitionAst(self, node: A.FunctionDefinitionAst) -> Runner:
        cache: list[Any] = []

        def define(scope: Scope, out: Any) -> None:
            from pyshell.runtime.functions import define_function
            if not cache:
                cache.append(self.compile_scriptblock(node.body, parameters=node.parameters))
            define_function(scope, node, cache[0])
        return define

    def _stmt_TrapStatementAst(self, node: A.TrapStatementAst) -> Runner:
        return lambda scope, out: None  # traps act through their block (statement_list)

    def _stmt_UsingStatementAst(self, node: A.UsingStatementAst) -> Runner:
        return lambda scope, out: None  # namespaces and modules are all loaded already

    def _stmt_DataStatementAst(self, node: A.DataStatementAst) -> Runner:
        body = self.statements(node.body)
        name = node.variable

        def data(scope: Scope, out: Any) -> None:
            if name is None:
                body(scope, out)
                return
            items: list[Any] = []
            body(scope, items.append)
            scope.set_local(name, S.as_value(S.unwrap(items)))
        return data

    def _stmt_StatementBlockAst(self, node: A.StatementBlockAst) -> Runner:
        return self.statements(node)

    def _stmt_ErrorStatementAst(self, node: A.ErrorStatementAst) -> Runner:
        positioned = self.fail_at(node.extent)

        def error(scope: Scope, out: Any) -> None:
            raise positioned(RuntimeException("The statement could not be parsed."))
        return error


def _unknown_type(name: str) -> bool:
    from pyshell.runtime.errors import exception_type_by_name
    return exception_type_by_name(name) is None and S.resolve_type(name) is None


def _exception_for(thrown: Any) -> PSException:
    """`throw <value>`: an ErrorRecord or exception is thrown as is; anything else becomes a
    RuntimeException whose message (and error id) is the value's text."""
    if isinstance(thrown, ErrorRecord):
        exc = thrown.exception
        exc.error_record = thrown
        return exc
    if isinstance(thrown, PSException):
        if thrown.error_record is None:
            ErrorRecord.from_exception(thrown, type(thrown).dotnet_name.rsplit(".", 1)[-1],
                                       ErrorCategory.OperationStopped)
        return thrown
    if thrown is None:
        exc = RuntimeException("ScriptHalted")
        exc.error_record = ErrorRecord(exc, "ScriptHalted", ErrorCategory.OperationStopped)
    else:
        message = S.to_string(thrown)
        exc = RuntimeException(message)
        exc.error_record = ErrorRecord(exc, message, ErrorCategory.OperationStopped, thrown)
    exc.was_thrown_from_throw_statement = True  # type: ignore[attr-defined]
    return exc


def _range_bound(value: Any) -> Optional[int]:
    """A range end that streams: any number, rounded as PowerShell converts it to an integer
    (banker's rounding: `1..2.5` ends at 2). Strings and chars take the general operator."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value == value and abs(value) < 2**63:
        return round(value)
    return None
