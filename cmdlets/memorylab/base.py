"""What the lab's cmdlets share: the Hyper-V host they attack, the lab's own state, VM lookup.

The lab acts on the same engine host as the Hyper-V module (its module state), so a VM made
with `New-VM` is the one whose DRAM the lab reads. The lab's own state holds what lasts
between commands: the bus trace that is running.
"""

from __future__ import annotations

from typing import Any, Optional

from attrs import define

from cmdlets.hyperv.resolve import HyperVCmdlet
from engine import errors as ee

__all__ = ["LabState", "LabCmdlet", "HYPERV_MODULE"]

HYPERV_MODULE = "Hyper-V"


@define
class LabState:
    """Per-session lab state: the interposer currently attached to the bus, if any."""

    trace: Optional[Any] = None


class LabCmdlet(HyperVCmdlet):
    """Base of the lab cmdlets."""

    @property
    def hyperv(self) -> Any:
        return self.session.module_state(HYPERV_MODULE)

    @property
    def lab(self) -> LabState:
        state: LabState = self.module_state
        return state

    def one_vm(self, name: str) -> Optional[Any]:
        """The VM a lab cmdlet names; not found or ambiguous is a non-terminating error."""
        found = self.find_by_names([name])
        if len(found) > 1:
            self.write_error(self.error_record(
                f'The name "{name}" matches {len(found)} virtual machines; name exactly one.',
                "InvalidParameter", target=name))
            return None
        return found[0] if found else None

    def engine_error(self, error: ee.EngineError) -> None:
        self.write_engine_error(error)
