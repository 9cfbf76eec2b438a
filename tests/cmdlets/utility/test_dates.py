"""Get-Date and New-TimeSpan on the deterministic session clock (2022-11-23 09:00:00)."""

from __future__ import annotations

import datetime as dt

import pytest

from cmdlets.utility.dates import add_months, uformat

NOW = dt.datetime(2022, 11, 23, 9, 0, 0)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.datetime(2022, 1, 31), 1) == dt.datetime(2022, 2, 28)
    assert add_months(dt.datetime(2024, 1, 31), 1) == dt.datetime(2024, 2, 29)
    assert add_months(dt.datetime(2022, 11, 23), -11) == dt.datetime(2021, 12, 23)


@pytest.mark.parametrize("spec, expected", [
    ("%Y-%m-%d %H:%M:%S", "2022-11-23 09:00:00"), ("%A %a %B %b %h", "Wednesday Wed November Nov Nov"),
    ("%j", "327"), ("%D", "11/23/22"), ("%F", "2022-11-23"), ("%T", "09:00:00"),
    ("%I %p", "09 AM"), ("%e|%k|%l", "23| 9| 9"), ("%u %w", "3 3"), ("%y %C", "22 20"),
    ("%s", "1669194000"), ("100%%", "100%"), ("%n%t", "\n\t"), ("%c", "Wed Nov 23 09:00:00 2022"),
])
def test_uformat_specifiers(spec, expected):
    assert uformat(NOW, spec) == expected


@pytest.mark.parametrize("day", [dt.datetime(2022, 1, 1) + dt.timedelta(days=n) for n in range(0, 730, 3)])
def test_week_numbers_agree_with_c(day):
    assert uformat(day, "%U %W %V %G %g") == day.strftime("%U %W %V %G %g")


def test_get_date_is_the_session_clock(session):
    assert session.invoke("Get-Date") == [NOW]


def test_get_date_moves_with_start_sleep(session):
    assert session.invoke("Start-Sleep -Seconds 90; Get-Date") == [NOW + dt.timedelta(seconds=90)]
    assert session.invoke("Start-Sleep -Milliseconds 500; (Get-Date).Millisecond") == [500]


def test_get_date_format_and_uformat(session):
    assert session.invoke("Get-Date -Format 'yyyy-MM-dd HH:mm'") == ["2022-11-23 09:00"]
    assert session.invoke("Get-Date -Format FileDate") == ["20221123"]
    assert session.invoke("Get-Date -UFormat '%Y/%m/%d'") == ["2022/11/23"]


def test_get_date_parts_move_the_date_as_pwsh_does(session):
    assert session.invoke("Get-Date -Year 2020 -Month 2 -Day 30 -Hour 0 -Minute 0 -Second 0") \
        == [dt.datetime(2020, 3, 1)]
    assert session.invoke("Get-Date -Date '2021-05-06' -Hour 7") == [dt.datetime(2021, 5, 6, 7)]


def test_get_date_from_unix_time(session):
    assert session.invoke("Get-Date -UnixTimeSeconds 0") == [dt.datetime(1970, 1, 1)]


def test_a_date_shows_in_the_long_format(session, host):
    session.run("Get-Date")
    assert "Wednesday, November 23, 2022 9:00:00 AM" in host.text


def test_new_timespan_from_parts_and_dates(session):
    assert session.invoke("New-TimeSpan -Hours 1 -Minutes 30") == [dt.timedelta(hours=1, minutes=30)]
    assert session.invoke("New-TimeSpan -Start '2022-11-20' -End '2022-11-23'") == [dt.timedelta(days=3)]
    assert session.invoke("(New-TimeSpan -End '2022-11-24 09:00').TotalHours") == [24.0]
