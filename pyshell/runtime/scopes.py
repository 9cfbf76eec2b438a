"""Session state: variables, the scopes that hold them, and PowerShell's lookup rules.

Every script, function and `& { }` runs in a new child scope. Reading a variable searches
outwards (skipping other scopes' `$private:` variables); assignment creates or updates the
variable in the current scope unless the name says `global:`, `script:`, `local:` or
`private:`. Names are case-insensitive: dictionaries are keyed by the lower-cased name.
"""

from __future__ import annotations

import enum
from typing import Any, Callable, Iterator, Optional

__all__ = ["VariableOptions", "NO_OPTIONS", "PSVariable", "Scope", "NOT_FOUND", "Sentinel", "PSReference"]


class Sentinel:
    """A named marker value (compared by identity)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


NOT_FOUND: Any = Sentinel("NOT_FOUND")


class VariableOptions(enum.Flag):
    NONE = 0
    READ_ONLY = 1
    CONSTANT = 2
    PRIVATE = 4
    ALL_SCOPE = 8


# Hot paths test `var.options is NO_OPTIONS`: a Flag's truth test is a slow Python call.
NO_OPTIONS = VariableOptions.NONE


class PSVariable:
    """One variable. `convert` (from a type constraint such as `[int]$x`) and `validators`
    run on every assignment, so the constraint sticks to the variable as in PowerShell."""

    __slots__ = ("name", "value", "convert", "type_name", "validators", "options",
                 "description")

    def __init__(self, name: str, value: Any = None, *,
                 convert: Optional[Callable[[Any], Any]] = None, type_name: str = "",
                 options: VariableOptions = VariableOptions.NONE,
                 validators: tuple[Callable[[Any], None], ...] = (),
                 description: str = "") -> None:
        self.name = name
        self.value = value
        self.convert = convert
        self.type_name = type_name
        self.validators = validators
        self.options = options
        self.description = description

    @property
    def is_private(self) -> bool:
        return self.options is not NO_OPTIONS and bool(self.options & VariableOptions.PRIVATE)

    @property
    def is_read_only(self) -> bool:
        return self.options is not NO_OPTIONS and bool(
            self.options & (VariableOptions.READ_ONLY | VariableOptions.CONSTANT))

    def __repr__(self) -> str:
        return f"PSVariable({self.name!r}, {self.value!r})"


class PSReference:
    """`[ref]$x`: a reference to a variable (or to a value), so a function can assign
    through `$param.Value`."""

    __ps_typenames__ = ("System.Management.Automation.PSReference", "System.Object")

    def __init__(self, variable: PSVariable) -> None:
        self.variable = variable

    @property
    def value(self) -> Any:
        return self.variable.value

    @value.setter
    def value(self, value: Any) -> None:
        from pyshell.runtime.compiler_assign import assign_variable
        assign_variable(self.variable, value)

    def __repr__(self) -> str:
        return f"PSReference({self.variable.value!r})"

    @staticmethod
    def __ps_convert__(value: Any) -> PSReference:
        # `[ref]` of a plain value (a parameter typed [ref] given a non-reference).
        return PSReference(PSVariable("", value))


class Scope:
    """One scope: its variables and functions, its parent, and the script scope it is in.

    `runtime` is the CommandRuntime of the command this scope runs for (errors reported at
    statement level go to its error stream); child scopes inherit it unless replaced.
    """

    __slots__ = ("vars", "functions", "parent", "session", "script_scope", "global_scope",
                 "runtime", "depth", "redirections", "__weakref__")

    def __init__(self, session: Any, parent: Optional[Scope] = None, *,
                 is_script: bool = False, runtime: Any = None) -> None:
        self.vars: dict[str, PSVariable] = {}
        self.functions: dict[str, Any] = {}
        self.parent = parent
        self.session = session
        self.global_scope: Scope = parent.global_scope if parent is not None else self
        self.script_scope: Scope = (self if is_script or parent is None
                                    else parent.script_scope)
        self.runtime: Any = runtime if runtime is not None or parent is None else parent.runtime
        self.depth: int = 0 if parent is None else parent.depth + 1
        # Stream redirections of the function call this scope runs for (`f 2>&1`): the
        # commands inside f write their errors, warnings... where f's were redirected.
        self.redirections: tuple[Any, ...] = () if parent is None else parent.redirections

    def child(self, *, is_script: bool = False, runtime: Any = None) -> Scope:
        return Scope(self.session, self, is_script=is_script, runtime=runtime)

    # -- lookup ---------------------------------------------------------------------------

    def find(self, key: str) -> Optional[PSVariable]:
        """The variable an unqualified read sees (key is lower-cased)."""
        var = self.vars.get(key)
        if var is not None:
            return var
        scope = self.parent
        while scope is not None:
            var = scope.vars.get(key)
            if var is not None and not var.is_private:
                return var
            scope = scope.parent
        return None

    def lookup(self, key: str) -> Any:
        var = self.find(key)
        return NOT_FOUND if var is None else var.value

    def target(self, scope_name: Optional[str]) -> Scope:
        """The scope a `scope:` prefix names (None and local = this scope)."""
        if scope_name == "global":
            return self.global_scope
        if scope_name == "script":
            return self.script_scope
        return self

    def find_qualified(self, key: str, scope_name: Optional[str]) -> Optional[PSVariable]:
        if scope_name in (None, "using", "workflow"):
            return self.find(key)
        if scope_name == "private":
            return self.vars.get(key)
        return self.target(scope_name).vars.get(key)

    # -- definition -----------------------------------------------------------------------

    def local(self, key: str, name: str) -> PSVariable:
        """The variable `name` in this scope, created (holding $null) when missing."""
        var = self.vars.get(key)
        if var is None:
            var = self.vars[key] = PSVariable(name)
        return var

    def set_local(self, name: str, value: Any) -> None:
        """Define or overwrite a variable here without conversion (automatic variables)."""
        key = name.lower()
        var = self.vars.get(key)
        if var is None:
            self.vars[key] = PSVariable(name, value)
        else:
            var.value = value

    # -- the context API operators and methods use ($OFS, $Matches, session services) ------

    def get_variable(self, name: str) -> Any:
        """A variable's value as `$name` reads here (scope prefixes allowed); None if unset."""
        if ":" not in name:
            var = self.find(name.lower())
            return None if var is None else var.value
        head, sep, rest = name.partition(":")
        if sep and head.lower() in ("global", "script", "local", "private"):
            var = self.find_qualified(rest.lower(), head.lower())
        else:
            var = self.find(name.lower())
        return None if var is None else var.value

    def set_variable(self, name: str, value: Any) -> None:
        """Assign as `$name = value` would here (honouring an existing type constraint)."""
        head, sep, rest = name.partition(":")
        target: Scope = self
        if sep and head.lower() in ("global", "script", "local", "private"):
            target, name = self.target(head.lower()), rest
        key = name.lower()
        var = target.vars.get(key)
        if var is None:
            target.vars[key] = PSVariable(name, value)
        else:
            from pyshell.runtime.compiler_assign import assign_variable
            assign_variable(var, value)

    def find_function(self, key: str) -> Any:
        scope: Optional[Scope] = self
        while scope is not None:
            fn = scope.functions.get(key)
            if fn is not None:
                return fn
            scope = scope.parent
        return None

    def chain(self) -> Iterator[Scope]:
        scope: Optional[Scope] = self
        while scope is not None:
            yield scope
            scope = scope.parent

    def visible_variables(self) -> dict[str, PSVariable]:
        """Every variable a read here can see, nearest first (for Get-Variable)."""
        seen: dict[str, PSVariable] = {}
        for i, scope in enumerate(self.chain()):
            for key, var in scope.vars.items():
                if key not in seen and (i == 0 or not var.is_private):
                    seen[key] = var
        return seen


def _register_tables() -> None:
    # `(Get-Variable x).Value = 2` sets the variable: the PSVariable members scripts see.
    from pyshell.runtime.dotnet.table import MemberTable, prop, register_instance_table

    def set_value(var: PSVariable, value: Any) -> None:
        from pyshell.runtime.compiler_assign import assign_variable
        assign_variable(var, value)

    def set_description(var: PSVariable, value: Any) -> None:
        var.description = "" if value is None else str(value)
    register_instance_table(PSVariable, MemberTable.of("System.Management.Automation.PSVariable", [
        prop("Name", "string", lambda v: v.name),
        prop("Value", "System.Object", lambda v: v.value, set_value),
        prop("Description", "string", lambda v: v.description, set_description),
        prop("Options", "System.Management.Automation.ScopedItemOptions",
             lambda v: str(v.options.name if v.options.name else "None")),
        prop("Visibility", "System.Management.Automation.SessionStateEntryVisibility",
             lambda v: "Public"),
    ]))

    register_instance_table(PSReference, MemberTable.of(
        "System.Management.Automation.PSReference", [
            prop("Value", "System.Object", lambda r: r.value,
                 lambda r, value: setattr(r, "value", value)),
        ]))


_register_tables()
