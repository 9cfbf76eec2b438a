"""Sort-Object's fast paths give what PowerShell's comparer gives, and a stop request
reaches Sort-Object and Measure-Object when they are called directly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import cmdlets.utility.sort as sort_module
from pyshell.runtime.errors import PipelineStoppedException
from pyshell.runtime.members import PSObject

FLAGS = ("-Descending", "-Unique", "-CaseSensitive", "-Stable")

ABSENT = object()  # an object without the V property

# One kind per list (the fast path), with $null or absent values or not, or a mix.
_INTS = st.integers(-3, 3)
_FLOATS = st.sampled_from([-1.0, 0.0, 0.5, 1.5, 2.0])
_TEXT = st.sampled_from(["a", "A", "b", "B", "ab", "Ab", "10", "2", ""])
_GAPS = st.sampled_from([None, ABSENT])
_VALUES = st.one_of(*(st.lists(kind, max_size=12) for kind in (
    _INTS, _FLOATS, _TEXT, st.one_of(_INTS, _GAPS), st.one_of(_TEXT, _GAPS),
    st.one_of(_INTS, _TEXT, st.none()))))


def order(session, values, script):
    session.set_variable("global:items", [
        PSObject.from_pairs([("I", i)] if v is ABSENT else [("V", v), ("I", i)])
        for i, v in enumerate(values)])
    return [obj.member("I").value for obj in session.invoke(script)]


def test_the_fast_paths_order_as_the_comparer_does(session, monkeypatch):
    @settings(max_examples=200, deadline=None)
    @given(_VALUES, st.lists(st.sampled_from(FLAGS), unique=True, max_size=3),
           st.sampled_from(["V", "{ $_.V }", "V, I", "@{e='V'; d=$true}, I"]))
    def check(values, flags, keys):
        script = f"$items | Sort-Object {keys} {' '.join(flags)}"
        fast = order(session, values, script)
        with monkeypatch.context() as patched:
            patched.setattr(sort_module, "_column_key", lambda values, cs: None)
            assert order(session, values, script) == fast, script
    check()


def test_sorting_by_a_property_keeps_the_comparer_rules(session):
    values = [2, None, "10", 1, "a", None]
    assert order(session, values, "$items | Sort-Object V") == [1, 5, 3, 0, 2, 4]
    assert order(session, [3, 1, 3, 2], "$items | Sort-Object V -Descending") == [2, 0, 3, 1]
    assert order(session, [3, 1, 3, 2], "$items | Sort-Object V -Descending -Stable") == [
        0, 2, 3, 1]
    assert order(session, ["b", "B", "a"], "$items | Sort-Object V -CaseSensitive") == [
        2, 0, 1]


def test_objects_without_the_property_sort_last_either_way(session):
    script = ("$items + [pscustomobject]@{I=9} + @{V=0; I=8} | Sort-Object V FLAGS"
              " | ForEach-Object { $_.I }")
    session.set_variable("global:items", [PSObject.from_pairs([("V", v), ("I", i)])
                                          for i, v in enumerate([2, 1])])
    assert session.invoke(script.replace("FLAGS", "")) == [8, 1, 0, 9]
    assert session.invoke(script.replace("FLAGS", "-Descending")) == [0, 1, 8, 9]


def test_record_and_string_properties_are_read_once_per_type(session):
    assert session.invoke("'ccc', 'a', 5, 'bb' | Sort-Object Length") == ["a", "bb", "ccc", 5]
    session.invoke("New-VM -Name b | Out-Null; New-VM -Name a | Out-Null")
    assert [vm.name for vm in session.invoke("Get-VM | Sort-Object Name")] == ["a", "b"]
    assert [vm.name for vm in session.invoke("Get-VM | Sort-Object Name -Descending")] == [
        "b", "a"]


def test_top_and_bottom_take_at_most_what_there_is(session):
    assert session.invoke("5, 1, 4, 3, 2 | Sort-Object -Bottom 7") == [1, 2, 3, 4, 5]
    assert session.invoke("5, 1, 4 | Sort-Object -Top 7") == [1, 4, 5]
    assert session.invoke("5, 1, 4 | Sort-Object -Bottom 0") == []
    assert order(session, [3, 1, 3, 2], "$items | Sort-Object V -Top 2 -Descending") == [2, 0]


@pytest.mark.parametrize("command", ["Sort-Object", "Measure-Object -Sum"])
def test_a_stop_request_reaches_the_collecting_stage(session, command):
    def numbers():
        yield 1
        session.stopping = True  # ForEach-Object writes 2 straight to the next stage
        yield 2
    session.set_variable("global:numbers", numbers())
    try:
        with pytest.raises(PipelineStoppedException):
            session.invoke(f"1 | ForEach-Object {{ $numbers }} | {command}")
    finally:
        session.stopping = False


def test_measure_object_counts_what_it_does_not_sum(session):
    [info] = session.invoke("1, 2.5, $null, '4', 'x' | Measure-Object -Sum")
    assert (info.count, info.sum) == (4, 7.5)
    [info] = session.invoke("3, 1, 2 | Measure-Object -Sum -Maximum -Minimum -Average")
    assert (info.count, info.sum, info.maximum, info.minimum, info.average) == (
        3, 6.0, 3.0, 1.0, 2.0)
    [info] = session.invoke("@() | Measure-Object")
    assert info.count == 0
