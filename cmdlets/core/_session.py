"""What the core cmdlets need from the session, in one place.

The session owns the command table, aliases, variables and the current location
(docs/architecture.md §4); these helpers read them through its public methods and fall
back to the few attribute names the session is known to use, so the cmdlets stay small.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Optional

__all__ = ["all_commands", "loaded_modules", "current_scope", "visible_variables", "set_alias",
           "aliases", "find_command",
           "get_location", "set_location", "resolve_path"]


def _call(session: Any, names: Iterable[str], *args: Any) -> Any:
    for name in names:
        attr = getattr(session, name, None)
        if attr is None:
            continue
        return attr(*args) if callable(attr) else attr
    return None


def all_commands(session: Any) -> list[Any]:
    """Every command the session can run (cmdlets, functions, aliases), in no order."""
    found = _call(session, ("get_commands", "commands", "all_commands"))
    if found is None:
        table = getattr(session, "command_table", None) or {}
        found = table.values() if isinstance(table, dict) else table
    if isinstance(found, dict):
        found = found.values()
    return list(found or ())


def loaded_modules(session: Any) -> list[Any]:
    """The ModuleSpecs loaded into the session."""
    found = _call(session, ("get_modules", "loaded_modules", "modules"))
    if isinstance(found, dict):
        found = found.values()
    return list(found or ())


def current_scope(session: Any) -> Any:
    return _call(session, ("current_scope", "scope"))


def visible_variables(session: Any) -> list[Any]:
    """The PSVariables visible from the current scope, sorted by name."""
    scope = current_scope(session)
    if scope is None:
        return []
    table = scope.visible_variables()
    return sorted(table.values(), key=lambda v: v.name.lower())


def get_location(session: Any) -> str:
    found = _call(session, ("get_location", "location"))
    return str(found) if found else os.getcwd()


def set_location(session: Any, path: str) -> None:
    setter = getattr(session, "set_location", None)
    if setter is not None:
        setter(path)
    else:
        session.location = path


def resolve_path(session: Any, path: str) -> str:
    """A path relative to the current location (`~` is the home folder)."""
    expanded = os.path.expanduser(str(path))
    if not os.path.isabs(expanded):
        expanded = os.path.join(get_location(session), expanded)
    return os.path.normpath(expanded)


def find_command(session: Any, name: str) -> Optional[Any]:
    try:
        return session.get_command(name)
    except Exception:
        return None


def set_alias(session: Any, name: str, target: str, *, description: str = "",
              scope: Optional[str] = None) -> Any:
    """Define or redefine an alias; returns its AliasInfo."""
    from pyshell.runtime.commands import AliasInfo
    info = AliasInfo.create(name, target)
    setter = getattr(session, "set_alias", None)
    if setter is not None:
        result = setter(name, target)
        return result if result is not None else info
    table = getattr(session, "aliases", None)
    if isinstance(table, dict):
        table[name.lower()] = info
    return info


def aliases(session: Any) -> list[Any]:
    return sorted((c for c in all_commands(session) if str(c.command_type) == "Alias"),
                  key=lambda a: a.name.lower())
