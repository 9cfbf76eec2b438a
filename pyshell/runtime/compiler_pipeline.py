"""Pipelines and commands: building `PipelineStage`s and handing them to `run_pipeline`.

Command names are resolved when the statement runs (a function may be defined after the
code that calls it was compiled); argument values, splatting and redirection targets are
evaluated then too. An expression-only pipeline (`1 + 2`) never reaches the pipeline
machinery: its value is written straight to the output.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.language import ast as A
from pyshell.runtime import compiler_support as S
from pyshell.runtime.compiler_base import CompilerBase
from pyshell.runtime.errors import (
    CommandNotFoundException, ErrorCategory, InvocationInfo, PSException,
)
from pyshell.runtime.scopes import Scope

__all__ = ["PipelineCompiler", "command_not_found"]

AUTOMATION_NULL = S.AUTOMATION_NULL
Runner = Callable[[Scope, Callable[[Any], None]], None]
ArgumentBuilder = Callable[[Scope, list[Any]], None]

_STREAMS = {"*": "ALL", "1": "OUTPUT", "2": "ERROR", "3": "WARNING", "4": "VERBOSE",
            "5": "DEBUG", "6": "INFORMATION"}


def command_not_found(name: str) -> PSException:
    return S.runtime_error(
        f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, "
        "or executable program.\nCheck the spelling of the name, or if a path was included, "
        "verify that the path is correct and try again.", "CommandNotFoundException",
        ErrorCategory.ObjectNotFound, target=name, exc_type=CommandNotFoundException)


_PIPELINE: list[Any] = []


def _pipeline_api() -> Any:
    # pipeline.py imports the binder and streams; load it on first use, then keep it.
    if not _PIPELINE:
        from pyshell.runtime import pipeline
        _PIPELINE.append(pipeline)
    return _PIPELINE[0]


class PipelineCompiler(CompilerBase):
    """Mixin of `Compiler`: pipelines, pipeline chains, commands and redirections."""

    script_name: Optional[str]
    single_line: bool


    # ------------------------------------------------------------------ statements

    def _stmt_PipelineAst(self, node: A.PipelineAst) -> Runner:
        if node.background:
            positioned = self.fail_at(node.extent)

            def background(scope: Scope, out: Any) -> None:
                raise positioned(S.runtime_error(
                    "Background jobs (a trailing '&') are not supported in this shell.",
                    "BackgroundJobsNotSupported", ErrorCategory.NotImplemented))
            return background
        elements = node.elements
        first = elements[0]
        if len(elements) == 1 and isinstance(first, A.CommandExpressionAst):
            expression = first.expression
            if not first.redirections:
                if isinstance(expression, A.UnaryExpressionAst) and expression.operator in (
                        A.UnaryOperator.PRE_INCREMENT, A.UnaryOperator.PRE_DECREMENT,
                        A.UnaryOperator.POST_INCREMENT, A.UnaryOperator.POST_DECREMENT):
                    # `$i++` as a statement writes nothing; `($i++)` would.
                    # Increment closures take (scope, out=None): they serve as statements.
                    increment: Any = self.compile_increment(expression, False)
                    return increment  # type: ignore[no-any-return]
                value = self.expr(expression)
                emit = S.emit

                def expression_statement(scope: Scope, out: Any) -> None:
                    emit(value(scope), out)
                    scope.session.last_success = True
                return expression_statement
            return self._redirected_expression(first)
        return self._command_pipeline(node)

    def _stmt_PipelineChainAst(self, node: A.PipelineChainAst) -> Runner:
        left, right = self.stmt(node.left), self.stmt(node.right)
        on_success = node.operator == "&&"

        def chain(scope: Scope, out: Any) -> None:
            left(scope, out)
            if scope.session.last_success == on_success:
                right(scope, out)
        return chain

    # ------------------------------------------------------------------ command pipelines

    def _command_pipeline(self, node: A.PipelineAst) -> Runner:
        elements = node.elements
        source: Optional[Callable[[Scope], Any]] = None
        if isinstance(elements[0], A.CommandExpressionAst):
            source = self.enumerated(elements[0].expression, pipeline_input=True)
            elements = elements[1:]
        stages = tuple(self._stage(e) for e in elements)

        def pipeline(scope: Scope, out: Any) -> None:
            session = scope.session
            built = [stage(scope) for stage in stages]
            items = source(scope) if source is not None else None
            session.current_scope = scope
            _pipeline_api().run_pipeline(session, built, input=items, sink=out)
        return pipeline

    def _stage(self, node: A.CommandBaseAst) -> Callable[[Scope], Any]:
        if isinstance(node, A.CommandExpressionAst):
            positioned = self.fail_at(node.extent)

            def not_first(scope: Scope) -> Any:
                raise positioned(S.runtime_error(
                    "Expressions are only allowed as the first element of a pipeline.",
                    "ExpressionsMustBeFirstInPipeline", ErrorCategory.ParserError))
            return not_first
        assert isinstance(node, A.CommandAst)
        resolve = self._command_resolver(node)
        arguments = self._arguments(node.elements[1:])
        redirections = self._redirections(node.redirections)
        dot = node.invocation_operator is A.InvocationOperator.DOT
        script_name, single, extent = self.script_name, self.single_line, node.extent
        positioned = self.fail_at(node.elements[0].extent)

        infos: dict[str, InvocationInfo] = {}  # one per command this site has run

        def stage(scope: Scope) -> Any:
            api = _pipeline_api()
            command, name = resolve(scope)
            if command is None:
                raise positioned(command_not_found(name))
            args: list[Any] = []
            for build in arguments:
                build(scope, args)
            info = infos.get(command.name)
            if info is None:
                info = infos[command.name] = InvocationInfo(command.name, extent, script_name,
                                                            single)
            redirected = redirections(scope)
            if scope.redirections:
                redirected = scope.redirections + redirected  # the call's own come last, win
            return api.PipelineStage(command, tuple(args), redirected, info, dot)
        return stage

    def _command_resolver(self, node: A.CommandAst) -> Callable[[Scope], tuple[Any, str]]:
        head = node.elements[0]
        if node.invocation_operator is A.InvocationOperator.NONE and isinstance(
                head, A.StringConstantExpressionAst):
            name = head.value

            def by_name(scope: Scope) -> tuple[Any, str]:
                return scope.session.get_command(name, scope), name
            return by_name
        assert isinstance(head, A.ExpressionAst)
        value = self.expr(head)

        def by_value(scope: Scope) -> tuple[Any, str]:
            from pyshell.runtime.commands import CommandInfo
            from pyshell.runtime.scriptblock import ScriptBlock
            target = value(scope)
            if target is None or target is AUTOMATION_NULL or target == "":
                raise S.runtime_error(
                    "The expression after '&' in a pipeline element produced an object that was "
                    "not valid. It must result in a command name, a script block, or a "
                    "CommandInfo object.", "BadExpression", ErrorCategory.InvalidOperation)
            if isinstance(target, ScriptBlock):
                from pyshell.runtime.functions import ScriptBlockInfo
                return ScriptBlockInfo.for_block(target), "<ScriptBlock>"
            if isinstance(target, CommandInfo):
                return target, target.name
            text = S.to_string(target)
            return scope.session.get_command(text, scope), text
        return by_value

    def _arguments(self, elements: tuple[A.CommandElementAst, ...]) -> list[ArgumentBuilder]:
        builders: list[ArgumentBuilder] = []
        for element in elements:
            builders.append(self._argument(element))
        return builders

    def _argument(self, element: A.CommandElementAst) -> ArgumentBuilder:
        if isinstance(element, A.CommandParameterAst) and element.text == "--" \
                and element.argument is None:
            return lambda scope, args: None  # `--`: what follows is positional (the parser's)
        if isinstance(element, A.CommandParameterAst):
            name, text, extent = element.parameter_name, element.text, element.extent
            if element.argument is None:
                def switch(scope: Scope, args: list[Any]) -> None:
                    args.append(_pipeline_api().CommandArgument(name, extent=extent, text=text))
                return switch
            value = self.expr(element.argument)

            def named(scope: Scope, args: list[Any]) -> None:
                args.append(_pipeline_api().CommandArgument(
                    name, S.as_value(value(scope)), colon=True, extent=extent, text=text))
            return named
        assert isinstance(element, A.ExpressionAst)
        extent = element.extent
        if isinstance(element, A.VariableExpressionAst) and element.splatted:
            read = self.expr(A.VariableExpressionAst(element.path, extent=element.extent))

            def splat(scope: Scope, args: list[Any]) -> None:
                api = _pipeline_api()
                value = read(scope)
                if isinstance(value, dict):
                    for key, item in value.items():
                        args.append(api.CommandArgument(str(key), item, colon=True,
                                                        splatted=True, extent=extent))
                elif value is not None and S.is_collection(value):
                    _splat_array(api, list(value), args, extent)
                elif value is not None:
                    args.append(api.CommandArgument(None, value, splatted=True, extent=extent))
            return splat
        value = self.expr(element)
        text = extent.text

        def positional(scope: Scope, args: list[Any]) -> None:
            args.append(_pipeline_api().CommandArgument(None, S.as_value(value(scope)),
                                                        extent=extent, text=text))
        return positional

    # ------------------------------------------------------------------ redirections

    def _redirections(self, nodes: tuple[A.RedirectionAst, ...]) -> Callable[[Scope], tuple[Any, ...]]:
        if not nodes:
            return lambda scope: ()
        parts: list[Callable[[Scope], Any]] = []
        for node in nodes:
            if isinstance(node, A.MergingRedirectionAst):
                parts.append(_merging(_STREAMS[node.from_stream.value]))
                continue
            assert isinstance(node, A.FileRedirectionAst)
            parts.append(_to_file(_STREAMS[node.from_stream.value], self._location(node.location),
                                  node.append))
        return lambda scope: tuple(part(scope) for part in parts)

    def _location(self, node: A.ExpressionAst) -> Callable[[Scope], str]:
        if isinstance(node, A.VariableExpressionAst) and node.path.name.lower() == "null" \
                and node.path.drive is None:
            return lambda scope: "null"
        value = self.expr(node)

        def location(scope: Scope) -> str:
            path = S.to_string(value(scope))
            resolve = getattr(scope.session, "resolve_path", None)
            return resolve(path) if resolve is not None else path
        return location

    def _redirected_expression(self, node: A.CommandExpressionAst) -> Runner:
        """`expr > file`, `expr 2>&1`: the value goes through the output redirection."""
        value = self.expr(node.expression)
        redirections = self._redirections(node.redirections)

        def redirected(scope: Scope, out: Any) -> None:
            targets = [r for r in redirections(scope) if r.from_stream.name in ("OUTPUT", "ALL")]
            items: list[Any] = []
            S.emit(value(scope), items.append)
            scope.session.last_success = True
            if not targets:
                for item in items:
                    out(item)
                return
            target = targets[-1]
            if target.to == "null":
                return
            if target.to == "output":
                for item in items:
                    out(item)
                return
            scope.session.write_output_file(target.to, items, append=target.append)
        return redirected


def _splat_array(api: Any, items: list[Any], args: list[Any], extent: Any) -> None:
    """`@args`: a simple function keeps unknown `-Name` tokens in `$args` as strings, and
    splatting them passes them on as parameter names again (`-Name:` takes the next item)."""
    position = 0
    while position < len(items):
        item = items[position]
        position += 1
        if isinstance(item, str) and len(item) > 1 and item[0] == "-" and (
                item[1].isalpha() or item[1] == "_"):
            name = item[1:]
            if name.endswith(":") and position < len(items):
                args.append(api.CommandArgument(name[:-1], items[position], colon=True,
                                                splatted=True, extent=extent))
                position += 1
                continue
            args.append(api.CommandArgument(name, splatted=True, extent=extent))
            continue
        args.append(api.CommandArgument(None, item, splatted=True, extent=extent))


def _merging(stream: str) -> Callable[[Scope], Any]:
    return lambda scope: _redirection(stream, "output", False)


def _to_file(stream: str, location: Callable[[Scope], str], append: bool
             ) -> Callable[[Scope], Any]:
    return lambda scope: _redirection(stream, location(scope), append)


def _redirection(stream: str, to: str, append: bool) -> Any:
    from pyshell.runtime.streams import Redirection, RedirectionStream
    return Redirection(RedirectionStream[stream], to, append)

