"""Get-Random (seeded, reproducible), Start-Sleep (virtual time) and New-Object."""

from __future__ import annotations

import datetime as dt

from pyshell.runtime import Hashtable, PSObject


def test_numbers_stay_in_the_range(session):
    values = session.invoke("1..200 | ForEach-Object { Get-Random -Minimum 5 -Maximum 8 }")
    assert set(values) == {5, 6, 7}


def test_a_double_bound_gives_doubles(session):
    value, = session.invoke("Get-Random -Maximum 1.0")
    assert isinstance(value, float) and 0.0 <= value < 1.0


def test_the_same_seed_gives_the_same_numbers(session):
    first = session.invoke("Get-Random -SetSeed 42 -Maximum 1000 -Count 5")
    second = session.invoke("Get-Random -SetSeed 42 -Maximum 1000 -Count 5")
    assert first == second and len(first) == 5


def test_deterministic_sessions_repeat_themselves(session):
    from pyshell.host.console import TextHost
    from pyshell.testing.sessions import deterministic_session

    with deterministic_session(TextHost()) as other:
        assert other.invoke("Get-Random") == session.invoke("Get-Random")


def test_items_are_picked_without_repeats(session):
    picked = session.invoke("1..10 | Get-Random -Count 4")
    assert len(picked) == 4 and len(set(picked)) == 4 and set(picked) <= set(range(1, 11))
    assert sorted(session.invoke("Get-Random -InputObject (1..5) -Count 50")) == [1, 2, 3, 4, 5]
    assert session.invoke("7 | Get-Random") == [7]
    assert sorted(session.invoke("Get-Random -InputObject 1,2,3 -Shuffle")) == [1, 2, 3]
    assert sorted(session.invoke("1,2,3 | Get-Random -Shuffle")) == [1, 2, 3]


def test_minimum_not_below_maximum_is_an_error(session):
    ids = session.invoke("try { Get-Random -Minimum 5 -Maximum 5 } "
                         "catch { $_.FullyQualifiedErrorId }")
    assert ids == ["MinGreaterThanOrEqualMax,Microsoft.PowerShell.Commands.GetRandomCommand"]


def test_start_sleep_moves_virtual_time_only(session):
    import time

    started = time.monotonic()
    session.invoke("Start-Sleep -Seconds 3600; Start-Sleep -Milliseconds 250; "
                   "Start-Sleep -Duration (New-TimeSpan -Minutes 1)")
    assert time.monotonic() - started < 5
    assert session.clock.now() == dt.datetime(2022, 11, 23, 10, 1, 0, 250000)


def test_new_object_psobject_with_properties(session):
    obj, = session.invoke("New-Object PSObject -Property @{ Name = 'web1'; Count = 2 }")
    assert isinstance(obj, PSObject)
    assert session.invoke("(New-Object PSObject -Property @{ Name = 'web1' }).Name") == ["web1"]


def test_new_object_collections_and_arrays(session):
    assert session.invoke("$a = New-Object System.Int32[] 3; $a.Length") == [3]
    assert session.invoke("$l = New-Object System.Collections.Generic.List[string]; "
                          "[void]$l.Add('x'); $l.Count") == [1]
    assert isinstance(session.invoke("New-Object hashtable")[0], Hashtable)


def test_new_object_of_an_unknown_type_is_a_type_not_found_error(session):
    ids = session.invoke("try { New-Object Does.Not.Exist } catch { $_.FullyQualifiedErrorId }")
    assert ids == ["TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand"]
