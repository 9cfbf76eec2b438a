"""What the core cmdlets need from the session (docs/architecture.md §4), in one place."""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["all_commands", "loaded_modules", "current_scope", "visible_variables",
           "set_alias", "aliases", "find_command", "get_location", "set_location",
           "resolve_path"]


def all_commands(session: Any) -> list[Any]:
    """Every command the session can run (aliases, functions, cmdlets), in no order."""
    return list(session.get_commands())


def loaded_modules(session: Any) -> list[Any]:
    """The ModuleSpecs loaded into the session."""
    return list(session.get_modules())


def current_scope(session: Any) -> Any:
    """The scope of the command running now: a cmdlet runs in its caller's scope."""
    return getattr(session, "current_scope", None)


def visible_variables(session: Any) -> list[Any]:
    """The PSVariables visible from the current scope, sorted by name."""
    scope = current_scope(session)
    if scope is None:
        return []
    return sorted(scope.visible_variables().values(), key=lambda v: v.name.lower())


def set_alias(session: Any, name: str, target: str, *, description: str = "",
              scope: Optional[str] = None) -> Any:
    """Define or redefine an alias; returns its AliasInfo."""
    return session.set_alias(name, target)


def aliases(session: Any) -> list[Any]:
    return sorted((c for c in all_commands(session) if str(c.command_type) == "Alias"),
                  key=lambda a: a.name.lower())


def find_command(session: Any, name: str) -> Optional[Any]:
    return session.get_command(name)


def get_location(session: Any) -> str:
    return str(session.get_location())


def set_location(session: Any, path: str) -> None:
    session.set_location(path)


def resolve_path(session: Any, path: str) -> str:
    """A path relative to the current location (`~` is the home folder)."""
    return str(session.resolve_path(path))
