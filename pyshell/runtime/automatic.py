"""The automatic and preference variables a new session starts with.

Their values follow PowerShell 7.4 defaults (about_Automatic_Variables,
about_Preference_Variables); what depends on the session (`$Host`, `$PID`, `$HOME`) is read
from it, so a deterministic session shows the same values on every machine.
"""

from __future__ import annotations

import os
from typing import Any

from pyshell.runtime.scopes import PSVariable, Scope, VariableOptions

__all__ = ["install_automatic_variables", "PS_VERSION", "PREFERENCE_DEFAULTS"]

PS_VERSION = "7.4.6"

PREFERENCE_DEFAULTS: dict[str, Any] = {
    "ErrorActionPreference": "Continue",
    "WarningPreference": "Continue",
    "VerbosePreference": "SilentlyContinue",
    "DebugPreference": "SilentlyContinue",
    "InformationPreference": "SilentlyContinue",
    "ProgressPreference": "Continue",
    "ConfirmPreference": "High",
    "WhatIfPreference": False,
    "FormatEnumerationLimit": 4,
    "ErrorView": "ConciseView",
    "MaximumHistoryCount": 4096,
}


def _preference_value(name: str, value: Any) -> Any:
    # Preference variables hold ActionPreference values, as in PowerShell, so
    # `$ErrorActionPreference.GetType()` and comparisons with strings both work.
    if isinstance(value, str) and name.endswith("Preference") and name != "ConfirmPreference":
        try:
            from pyshell.runtime.streams import ActionPreference
            return ActionPreference[value]
        except (ImportError, KeyError):
            return value
    return value


def _version_table(session: Any) -> Any:
    from pyshell.runtime.values import OrderedDictionary, Version
    table = OrderedDictionary()
    table["PSVersion"] = Version.parse(PS_VERSION) if hasattr(Version, "parse") else PS_VERSION
    table["PSEdition"] = "Core"
    table["GitCommitId"] = PS_VERSION
    table["OS"] = "Microsoft Windows 10.0.20348"
    table["Platform"] = "Win32NT"
    table["PSCompatibleVersions"] = ["1.0", "2.0", "3.0", "4.0", "5.0", "5.1", "6.0", "7.0"]
    table["PSRemotingProtocolVersion"] = "2.3"
    table["SerializationVersion"] = "1.1.0.1"
    table["WSManStackVersion"] = "3.0"
    return table


def install_automatic_variables(session: Any, scope: Scope) -> None:
    """Define the global automatic and preference variables."""
    constant = VariableOptions.CONSTANT
    read_only = VariableOptions.READ_ONLY
    deterministic = session.options.deterministic
    home = "C:\\Users\\Administrator" if deterministic else os.path.expanduser("~")

    def define(name: str, value: Any, options: VariableOptions = VariableOptions.NONE) -> None:
        scope.vars[name.lower()] = PSVariable(name, value, options=options)

    for name, value in PREFERENCE_DEFAULTS.items():
        define(name, _preference_value(name, value))
    define("PSVersionTable", _version_table(session), read_only)
    from pyshell.runtime.hostinfo import HostInfo
    from pyshell.runtime.values import Version

    define("Host", HostInfo.of(session, Version.parse(PS_VERSION)), read_only)
    define("PID", 4242 if deterministic else os.getpid(), constant)
    define("HOME", home, read_only)
    define("PROFILE", os.path.join(str(home), "Documents", "PowerShell",
                                   "Microsoft.PowerShell_profile.ps1"))
    define("PSHOME", "C:\\Program Files\\PowerShell\\7")
    define("PSEdition", "Core", read_only)
    define("ShellId", "Microsoft.PowerShell", constant)
    define("IsWindows", True, constant)
    define("IsLinux", False, constant)
    define("IsMacOS", False, constant)
    define("IsCoreCLR", True, constant)
    from pyshell.runtime.values import GenericList

    # An ArrayList, as in PowerShell: `$Error.Clear()` empties it, `$Error[0]` is the newest.
    define("Error", GenericList())
    define("LASTEXITCODE", 0)
    define("PSCulture", "en-US", read_only)
    define("PSUICulture", "en-US", read_only)
    define("NestedPromptLevel", 0)
    define("PSScriptRoot", "")
    define("PSCommandPath", "")
    define("MyInvocation", None)
    define("args", [])
    define("input", iter(()))
    define("ExecutionContext", None)
    define("PSDefaultParameterValues", _empty_table())
    define("PSEmailServer", None)
    define("PSSessionApplicationName", "wsman")


def _empty_table() -> Any:
    from pyshell.runtime.values import Hashtable
    return Hashtable()
