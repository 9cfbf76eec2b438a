"""What the utility cmdlets read from the session, with PowerShell's defaults when a
setting is missing (a test session, a host without a width)."""

from __future__ import annotations

from typing import Any, Callable, Optional

from pyshell.formatting.cells import DEFAULT_ENUMERATION_LIMIT
from pyshell.formatting.errorview import render_error
from pyshell.formatting.render import ObjectWriter
from pyshell.formatting.select import FormatOptions
from pyshell.formatting.views import ViewRegistry

__all__ = ["views", "variable", "enumeration_limit", "host_width", "error_renderer", "ofs",
           "object_writer"]

_FALLBACK_VIEWS = ViewRegistry()


def views(session: Any) -> ViewRegistry:
    registry = getattr(session, "views", None)
    return registry if isinstance(registry, ViewRegistry) else _FALLBACK_VIEWS


def variable(session: Any, name: str, default: Any = None) -> Any:
    try:
        value = session.get_variable(name)
    except Exception:
        return default
    return default if value is None else value


def enumeration_limit(session: Any) -> int:
    value = variable(session, "FormatEnumerationLimit", DEFAULT_ENUMERATION_LIMIT)
    try:
        return int(value)
    except (TypeError, ValueError):
        return DEFAULT_ENUMERATION_LIMIT


def ofs(session: Any) -> str:
    value = variable(session, "OFS", " ")
    return value if isinstance(value, str) else " "


def host_width(session: Any) -> int:
    host = getattr(session, "host", None)
    width = getattr(host, "width", None)
    if not width:
        width = getattr(getattr(session, "options", None), "width", None)
    return int(width or 120)


def object_writer(session: Any, width: int, list_width: Optional[int],
                  color: bool = False) -> ObjectWriter:
    """What Out-* render with: the session's views and $FormatEnumerationLimit."""
    options = FormatOptions(enumeration_limit=enumeration_limit(session))
    return ObjectWriter(views(session), width, list_width, options,
                        error_renderer(width), color)


def error_renderer(width: int) -> Callable[[Any], list[str]]:
    return lambda record: render_error(record, width)
