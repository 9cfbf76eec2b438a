"""Stopping the upstream commands (PowerShell's StopUpstreamCommandsException): a command
that wants no more input ends the commands before it; it and the ones after it finish."""

from __future__ import annotations

import pathlib
import sys
import time
from typing import Annotated, Any

import pytest

from pyshell.runtime import Cmdlet, Parameter, cmdlet
from pyshell.runtime.errors import PipelineStoppedException
from pyshell.runtime.pipeline import StopUpstreamCommandsException

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _pipeline_fakes import FakeSession, arg, named, run, stage  # noqa: E402

LOG: list[str] = []


@cmdlet("Get", "Numbers", dotnet_class="Test.Commands.GetNumbers")
class GetNumbersCommand(Cmdlet):
    """Writes 1..count, logging each one it writes and whether its end ran."""

    count: Annotated[int, Parameter(position=0)] = 1_000_000_000
    in_begin: Annotated[int, Parameter()] = 0

    def begin_processing(self) -> None:
        for n in range(1, self.in_begin + 1):
            LOG.append(f"begin writes {n}")
            self.write_object(n)

    def process_record(self) -> None:
        try:
            for n in range(1, self.count + 1):
                LOG.append(f"writes {n}")
                self.write_object(n)
        finally:
            LOG.append("numbers finally")

    def end_processing(self) -> None:
        LOG.append("numbers end")


@cmdlet("Pass", "Through", dotnet_class="Test.Commands.PassThrough")
class PassThroughCommand(Cmdlet):
    """Passes input on; logs its end; `-AtEnd` keeps everything for its end instead."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    tag: Annotated[str, Parameter(position=0)] = ""
    at_end: Annotated[bool, Parameter()] = False

    def begin_processing(self) -> None:
        self.kept: list[Any] = []

    def process_record(self) -> None:
        if self.at_end:
            self.kept.append(self.input_object)
        else:
            self.write_object(self.input_object)

    def end_processing(self) -> None:
        LOG.append(f"end {self.tag}")
        for item in self.kept:
            self.write_object(item)


@cmdlet("Take", "Object", dotnet_class="Test.Commands.TakeObject")
class TakeObjectCommand(Cmdlet):
    """Passes on the first N objects, then asks the commands before it to stop."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None
    count: Annotated[int, Parameter(position=0)] = 1

    def begin_processing(self) -> None:
        self.taken = 0

    def process_record(self) -> None:
        self.taken += 1
        self.write_object(self.input_object)
        if self.taken >= self.count:
            self.command_runtime.stop_upstream_commands()

    def end_processing(self) -> None:
        LOG.append(f"take end after {self.taken}")


@pytest.fixture(autouse=True)
def clear_log() -> None:
    LOG.clear()


def test_the_upstream_command_stops_once_the_requester_has_enough():
    out = run(FakeSession(), stage(GetNumbersCommand), stage(TakeObjectCommand, arg(3)))
    assert out == [1, 2, 3]
    # The producer wrote three objects and no more; its finally ran, its end did not; the
    # requester's own end ran.
    assert LOG == ["writes 1", "writes 2", "writes 3", "numbers finally",
                   "take end after 3"]


def test_pipeline_input_stops_being_read():
    consumed = []

    def numbers():
        for n in range(1, 1_000_000_000):
            consumed.append(n)
            yield n
    assert run(FakeSession(), stage(TakeObjectCommand, arg(2)), input=numbers()) == [1, 2]
    assert consumed == [1, 2]


def test_commands_after_the_requester_still_end_and_their_output_is_complete():
    out = run(FakeSession(), stage(GetNumbersCommand),
              stage(TakeObjectCommand, arg(2)),
              stage(PassThroughCommand, arg("after"), named("AtEnd", True)))
    assert out == [1, 2]
    assert LOG[-2:] == ["take end after 2", "end after"]


def test_commands_between_the_source_and_the_requester_do_not_end():
    out = run(FakeSession(), stage(GetNumbersCommand), stage(PassThroughCommand, arg("mid")),
              stage(TakeObjectCommand, arg(1)))
    assert out == [1]
    assert "end mid" not in LOG and "numbers end" not in LOG


def test_a_stop_from_an_end_block_skips_the_ends_before_the_requester():
    out = run(FakeSession(), stage(GetNumbersCommand, arg(5)),
              stage(PassThroughCommand, arg("buffer"), named("AtEnd", True)),
              stage(PassThroughCommand, arg("between")),
              stage(TakeObjectCommand, arg(2)), stage(PassThroughCommand, arg("after")))
    assert out == [1, 2]
    assert LOG[-4:] == ["numbers end", "end buffer", "take end after 2", "end after"]
    assert "end between" not in LOG


def test_a_stop_from_a_begin_block_feeds_no_input():
    out = run(FakeSession(), stage(GetNumbersCommand, named("InBegin", 5)),
              stage(TakeObjectCommand, arg(2)))
    assert out == [1, 2]
    assert "writes 1" not in LOG and LOG[-1] == "take end after 2"


def test_each_requester_stops_only_its_own_upstream():
    out = run(FakeSession(), stage(GetNumbersCommand), stage(TakeObjectCommand, arg(5)),
              stage(TakeObjectCommand, arg(2)))
    assert out == [1, 2]
    assert LOG[-1] == "take end after 2" and LOG.count("take end after 2") == 1


def test_the_pipeline_succeeds():
    session = FakeSession()
    run(session, stage(GetNumbersCommand), stage(TakeObjectCommand, arg(1)))
    assert session.get_variable("?") is True


def test_a_request_outside_the_pipeline_propagates():
    class Elsewhere:
        pass
    with pytest.raises(PipelineStoppedException):
        raise StopUpstreamCommandsException(Elsewhere())


# ---------------------------------------------------------------- through the shell

def test_select_first_returns_at_once_from_a_huge_range(session):
    start = time.perf_counter()
    assert session.invoke("1..100000000 | Select-Object -First 3") == [1, 2, 3]
    assert time.perf_counter() - start < 5


def test_select_first_stops_a_function_upstream_its_finally_runs(session, host):
    out = session.invoke("""
        function Get-Something {
            try { foreach ($i in 1..1000000000) { Write-Host "made $i"; $i } }
            finally { Write-Host 'cleaned up' }
            Write-Host 'not reached'
        }
        Get-Something | Select-Object -First 2""")
    assert out == [1, 2]
    assert host.text.split() == ["made", "1", "made", "2", "cleaned", "up"]


def test_downstream_end_blocks_run_and_upstream_end_blocks_do_not(session):
    out = session.invoke(
        "1..1000000000 | ForEach-Object { $_ } -End { 'upstream end' } | "
        "Select-Object -First 2 | ForEach-Object { $_ * 10 } -End { 'downstream end' }")
    assert out == [10, 20, "downstream end"]


def test_stop_passes_through_a_nested_pipeline(session):
    out = session.invoke(
        "& { 1..1000000000 | ForEach-Object { $_ }; 'not reached' } | Select-Object -First 2")
    assert out == [1, 2]


def test_try_catch_upstream_does_not_catch_the_stop(session):
    out = session.invoke("""
        function Get-Guarded {
            try { foreach ($i in 1..1000000000) { $i } } catch { 'caught' }
            trap { 'trapped' }
        }
        Get-Guarded | Select-Object -First 1""")
    assert out == [1]


def test_a_begin_block_output_begins_the_next_command_first(session):
    out = session.invoke("ForEach-Object -Begin { 'b1' } -Process {} | "
                         "ForEach-Object -Begin { 'b2' } -Process { \"p $_\" }")
    assert out == ["b2", "p b1"]
    assert session.invoke("ForEach-Object -Begin { 1; 2; 3 } -Process {} | "
                          "Select-Object -First 2") == [1, 2]
