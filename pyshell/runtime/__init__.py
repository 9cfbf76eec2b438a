"""The public runtime API that cmdlet modules use (see docs/architecture.md).

Names are imported lazily so that `import pyshell.runtime` stays cheap at start-up and a
module that needs only `ErrorRecord` does not pull in the compiler.
"""

from __future__ import annotations

import importlib
from typing import Any

# public name -> the module that owns it
_EXPORTS: dict[str, str] = {
    # commands and parameters
    "Cmdlet": "commands", "cmdlet": "commands", "Example": "commands",
    "CommandInfo": "commands", "Parameter": "parameters", "Alias": "parameters",
    "Switch": "parameters", "SupportsWildcards": "parameters", "ValidateSet": "parameters",
    "ValidateRange": "parameters", "ValidatePattern": "parameters",
    "ValidateNotNull": "parameters", "ValidateNotNullOrEmpty": "parameters",
    "ValidateCount": "parameters", "ValidateLength": "parameters",
    "ValidateScript": "parameters", "ArgumentCompleter": "parameters",
    "AllowNull": "parameters", "AllowEmptyString": "parameters",
    "AllowEmptyCollection": "parameters",
    "CommandMetadata": "parameters", "ParameterSpec": "parameters",
    "ModuleSpec": "modules",
    # session
    "Session": "session", "SessionOptions": "session",
    # values and members
    "PSObject": "members", "type_names": "members", "get_properties": "members",
    "get_property_value": "members", "set_property_value": "members",
    "invoke_method": "members", "PropertyInfo": "members",
    "AUTOMATION_NULL": "values", "Hashtable": "values", "OrderedDictionary": "values",
    "convert_to": "conversion", "to_bool": "conversion", "to_string": "conversion",
    "resolve_type": "types",
    "ScriptBlock": "scriptblock",
    # errors
    "ErrorRecord": "errors", "ErrorCategory": "errors", "InvocationInfo": "errors",
    "PSException": "errors", "RuntimeException": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    owner = _EXPORTS.get(name)
    if owner is None:
        raise AttributeError(f"module 'pyshell.runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pyshell.runtime.{owner}"), name)
    globals()[name] = value
    return value
