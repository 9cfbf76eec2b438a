"""The public runtime API that cmdlet modules use (see docs/architecture.md).

Names are imported lazily so that `import pyshell.runtime` stays cheap at start-up and a
module that needs only `ErrorRecord` does not pull in the compiler.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Type checkers see the real names (`X as X` re-exports them); at run time
    # __getattr__ below still imports each one on first use.
    from pyshell.runtime.commands import (
        Cmdlet as Cmdlet, cmdlet as cmdlet, CommandInfo as CommandInfo, Example as Example,
    )
    from pyshell.runtime.conversion import (
        convert_to as convert_to, to_bool as to_bool, to_string as to_string,
    )
    from pyshell.runtime.errors import (
        ErrorCategory as ErrorCategory, ErrorRecord as ErrorRecord,
        InvocationInfo as InvocationInfo, PSException as PSException,
        RuntimeException as RuntimeException,
    )
    from pyshell.runtime.members import (
        get_properties as get_properties, get_property_value as get_property_value,
        invoke_method as invoke_method, PropertyInfo as PropertyInfo, PSObject as PSObject,
        set_property_value as set_property_value, type_names as type_names,
    )
    from pyshell.runtime.modules import (
        ModuleSpec as ModuleSpec,
    )
    from pyshell.runtime.parameters import (
        Alias as Alias, AllowEmptyCollection as AllowEmptyCollection,
        AllowEmptyString as AllowEmptyString, AllowNull as AllowNull,
        ArgumentCompleter as ArgumentCompleter, CommandMetadata as CommandMetadata,
        Parameter as Parameter, ParameterSpec as ParameterSpec,
        SupportsWildcards as SupportsWildcards, Switch as Switch,
        ValidateCount as ValidateCount, ValidateLength as ValidateLength,
        ValidateNotNull as ValidateNotNull,
        ValidateNotNullOrEmpty as ValidateNotNullOrEmpty,
        ValidatePattern as ValidatePattern, ValidateRange as ValidateRange,
        ValidateScript as ValidateScript, ValidateSet as ValidateSet,
    )
    from pyshell.runtime.scriptblock import (
        ScriptBlock as ScriptBlock,
    )
    from pyshell.runtime.session import (
        Session as Session, SessionOptions as SessionOptions,
    )
    from pyshell.runtime.types import (
        resolve_type as resolve_type,
    )
    from pyshell.runtime.values import (
        AUTOMATION_NULL as AUTOMATION_NULL, Hashtable as Hashtable,
        OrderedDictionary as OrderedDictionary,
    )

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
