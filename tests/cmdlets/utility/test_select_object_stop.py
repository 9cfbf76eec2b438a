"""Select-Object stops the commands before it once it has every object asked for, and
rejects a property without a name."""

from __future__ import annotations

import time

import pytest

from pyshell.runtime.errors import RuntimeException


def test_first_ends_a_huge_pipeline_at_once(session):
    start = time.perf_counter()
    assert session.invoke("1..100000000 | Select-Object -First 3") == [1, 2, 3]
    assert session.invoke("1..100000000 | Select-Object -Skip 2 -First 2") == [3, 4]
    assert session.invoke("1..100000000 | Select-Object -First 0") == []
    assert time.perf_counter() - start < 5


def test_first_runs_the_producer_only_as_far_as_needed(session, host):
    out = session.invoke("""
        function Get-Something { foreach ($i in 1..1000) { Write-Host "made $i"; $i } }
        Get-Something | Select-Object -First 1""")
    assert out == [1]
    assert host.text.splitlines() == ["made 1"]


def test_index_stops_after_the_last_index(session, host):
    out = session.invoke("""
        function Get-Something { foreach ($i in 0..1000) { Write-Host "made $i"; $i } }
        Get-Something | Select-Object -Index 1, 3""")
    assert out == [1, 3]
    assert host.text.splitlines()[-1] == "made 3"


def test_first_with_last_or_wait_reads_everything(session, host):
    assert session.invoke("1..10 | Select-Object -First 2 -Last 2") == [1, 2, 9, 10]
    out = session.invoke("""
        function Get-Something { foreach ($i in 1..5) { $i }; Write-Host 'all made' }
        Get-Something | Select-Object -First 1 -Wait""")
    assert out == [1]
    assert "all made" in host.text


def test_commands_after_select_get_every_selected_object_and_end(session):
    out = session.invoke("1..1000000 | Select-Object -First 3 | Measure-Object -Sum | "
                         "ForEach-Object Sum")
    assert out == [6]
    out = session.invoke("1..1000000 | ForEach-Object { [pscustomobject]@{n=$_; l=$_, 0} } | "
                         "Select-Object -First 2 -ExpandProperty l")
    assert out == [1, 0, 2, 0]


def test_an_empty_script_block_without_a_name_is_an_error(session):
    out = session.invoke("try { 'bar' | Select-Object -Prop {} -ErrorAction Stop } "
                         "catch { $_.FullyQualifiedErrorId; \"$($_.CategoryInfo)\" }")
    assert out == ["EmptyScriptBlockAndNoName,Microsoft.PowerShell.Commands.SelectObjectCommand",
                   "InvalidArgument: (:) [Select-Object], PSArgumentException"]
    with pytest.raises(RuntimeException):
        session.invoke("'bar' | Select-Object -Property @{Expression = {}}")


def test_a_named_empty_script_block_or_no_input_is_fine(session):
    [obj] = session.invoke("'bar' | Select-Object -Property @{Name = 'x'; Expression = {}}")
    assert obj.member("x").value is None
    assert session.invoke("Select-Object -Property {}") == []
