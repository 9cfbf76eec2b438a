"""Read-Host: a line typed at the console. In a non-interactive session (`-NonInteractive`,
transcripts, piped scripts without input) it is an error, never a wait."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from pyshell.runtime import Cmdlet, Example, Parameter, Switch, cmdlet
from pyshell.runtime.errors import ErrorCategory, PSException

__all__ = ["ReadHostCommand"]


@cmdlet("Read", "Host", dotnet_class="Microsoft.PowerShell.Commands.ReadHostCommand")
class ReadHostCommand(Cmdlet):
    """Reads a line of input from the console."""

    prompt: Annotated[Optional[Any], Parameter(position=0, from_remaining_arguments=True)] = None
    as_secure_string: Annotated[Switch, Parameter(parameter_set="AsSecureString")] \
        = Switch(False)
    mask_input: Annotated[Switch, Parameter(parameter_set="AsString")] = Switch(False)

    examples = (Example("$name = Read-Host -Prompt 'VM name'",
                        "Asks for a VM name; `VM name: ` is shown before the input."),)

    def process_record(self) -> None:
        if self.as_secure_string:
            # No SecureString type exists here; handing back plain text would be a lie.
            raise self.terminating_error(self.error_record(
                "Read-Host -AsSecureString is not supported by this shell: it has no "
                "SecureString type.", "AsSecureStringNotSupported",
                ErrorCategory.NotImplemented))
        prompt = self.prompt
        if isinstance(prompt, list):
            prompt = " ".join(str(p) for p in prompt)
        text = f"{prompt}: " if prompt not in (None, "") else ""
        try:
            line = self.host.read_line(text)
        except PSException as error:
            raise self.terminating_error(self.error_record(
                error, "System.Management.Automation.PSInvalidOperationException",
                ErrorCategory.InvalidOperation)) from None
        self.write_object(line)
