"""`$Host`: what scripts read about the program hosting the session (PSHost's members).

Scripts check `$Host.Name` (`ConsoleHost`), `$Host.Version`, and size output from
`$Host.UI.RawUI.WindowSize.Width`; the values come from the session's console host, which
itself stays out of the script's reach.
"""

from __future__ import annotations

import uuid
from typing import Any

from attrs import field, frozen

__all__ = ["HostInfo", "HostUserInterface", "HostRawUserInterface", "HostSize"]


@frozen
class HostSize:
    __ps_typenames__ = ("System.Management.Automation.Host.Size", "System.ValueType")

    width: int
    height: int


@frozen
class HostRawUserInterface:
    __ps_typenames__ = ("System.Management.Automation.Internal.Host.InternalHostRawUserInterface",)

    window_size: HostSize
    buffer_size: HostSize
    window_title: str = "pyshell"


@frozen
class HostUserInterface:
    __ps_typenames__ = ("System.Management.Automation.Internal.Host.InternalHostUserInterface",)

    raw_ui: HostRawUserInterface = field(metadata={"ps_name": "RawUI"})
    supports_virtual_terminal: bool = True

    def __str__(self) -> str:
        return self.__ps_typenames__[0]


@frozen
class HostInfo:
    """The `InternalHost` a console session shows as `$Host`."""

    __ps_typenames__ = ("System.Management.Automation.Internal.Host.InternalHost",)

    name: str
    version: Any
    instance_id: uuid.UUID
    ui: HostUserInterface = field(metadata={"ps_name": "UI"})
    current_culture: str = "en-US"
    current_ui_culture: str = "en-US"
    debugger_enabled: bool = True
    is_runspace_pushed: bool = False

    @classmethod
    def of(cls, session: Any, version: Any) -> HostInfo:
        width = int(getattr(session.host, "width", 120) or 120)
        size = HostSize(width, 50)
        raw = HostRawUserInterface(size, HostSize(width, 9001))
        # A deterministic session gets a fixed id, as it gets a fixed clock.
        instance = uuid.UUID(int=session.random.getrandbits(128), version=4)
        return cls("ConsoleHost", version, instance, HostUserInterface(raw))

    def __str__(self) -> str:
        return self.__ps_typenames__[0]
