"""Start-Sleep: waits on the session clock, so a deterministic session's virtual time moves
(a VM's Uptime grows by exactly the sleep) and tests never wait for real, while a real sleep
ends early when the pipeline is stopped."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Optional

from pyshell.runtime import Alias, Cmdlet, Parameter, ValidateRange, cmdlet

__all__ = ["StartSleepCommand", "CMDLETS"]


@cmdlet("Start", "Sleep", default_parameter_set="Seconds", aliases=("sleep",))
class StartSleepCommand(Cmdlet):
    """Suspends the activity in a script or session for the specified period of time."""

    seconds: Annotated[Optional[float], Parameter(
        mandatory=True, position=0, parameter_set="Seconds", from_pipeline=True,
        from_pipeline_by_property_name=True), ValidateRange(0.0, 2147483.0)] = None
    milliseconds: Annotated[Optional[int], Parameter(
        mandatory=True, parameter_set="Milliseconds", from_pipeline_by_property_name=True),
        Alias("ms"), ValidateRange(0, 2147483647)] = None
    duration: Annotated[Optional[_dt.timedelta], Parameter(
        mandatory=True, parameter_set="FromTimeSpan", from_pipeline=True,
        from_pipeline_by_property_name=True), Alias("ts")] = None

    def process_record(self) -> None:
        if self.milliseconds is not None:
            total = self.milliseconds / 1000
        elif self.duration is not None:
            total = max(0.0, self.duration.total_seconds())
        else:
            total = self.seconds or 0.0
        # One call: a virtual clock moves by exactly this much, and the real one wakes
        # early when the pipeline is stopped (Ctrl-C).
        self.session.clock.sleep(total)


CMDLETS = (StartSleepCommand,)
