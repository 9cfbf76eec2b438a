from __future__ import annotations

import enum

from attrs import frozen

from pyshell.formatting.render import format_lines
from pyshell.formatting.select import Field, FormatOptions, PropertyPattern
from pyshell.runtime.members import PSObject
from pyshell.formatting.views import Column, ListView, TableView, ViewRegistry


def Obj(**properties: object) -> PSObject:
    """A pscustomobject with these note properties, in order."""
    return PSObject.from_pairs(properties.items())


class State(enum.Enum):
    __ps_typenames__ = ("Test.State",)
    Off = 3
    Running = 2


@frozen
class Machine:
    __ps_typenames__ = ("Test.Machine",)
    name: str
    state: State
    memory: int


def text(objs, **kw):
    return "\n".join(format_lines(objs, **kw))


def test_four_properties_make_a_table_five_a_list():
    assert text([Obj(a=1, b=2, c=3, d=4)]).splitlines()[1] == "a b c d"
    assert text([Obj(a=1, b=2, c=3, d=4, e=5)]).splitlines()[1] == "a : 1"


def test_list_blocks_are_framed_by_blank_lines():
    block = ["a : 1", "b : 2", "c : 3", "d : 4", "e : 5"]
    assert format_lines([Obj(a=1, b=2, c=3, d=4, e=5)] * 2) == [""] + block + [""] + block + [""]


def test_first_object_fixes_the_columns():
    out = text([Obj(a=1, b="x"), Obj(b="y", c=3)])
    assert out.splitlines()[1:] == ["a b", "- -", "1 x", "  y"]


def test_scalars_print_between_table_rows():
    assert format_lines([Obj(a=1), 5, Obj(a=2)]) == ["", "a", "-", "1", "5", "2", ""]


def test_hashtable_uses_the_dictionary_view_and_empty_prints_nothing():
    assert format_lines([{"a": 1}])[1] == "Name" + " " * 27 + "Value"
    assert format_lines([{}]) == []


def test_collections_in_cells_respect_the_enumeration_limit():
    assert format_lines([Obj(a=[0, 1, 2, 3, 4])])[3] == "{0, 1, 2, 3…}"
    opts = FormatOptions(enumeration_limit=2)
    assert format_lines([Obj(a=[0, 1, 2])], options=opts)[3] == "{0, 1…}"


def test_registered_view_wins_and_enum_alignment_follows_the_rule():
    view = TableView("M", ("Test.Machine",), columns=(Column("Name"), Column("State"),
                                                      Column("Memory(M)", prop="Memory",
                                                             scale=2**20)))
    reg = ViewRegistry()
    reg.register([view])
    vms = [Machine("web1", State.Off, 2**30)]
    assert format_lines(vms, registry=reg)[1:4] == ["Name State Memory(M)",
                                                   "---- ----- ---------",
                                                   "web1 Off   1024"]
    opts = FormatOptions(shape="table", selectors=(PropertyPattern("Name"),
                                                  PropertyPattern("State")))
    assert format_lines(vms, registry=reg, options=opts)[3] == "web1   Off"


def test_later_module_overrides_a_view():
    reg = ViewRegistry()
    reg.register([ListView("a", ("Test.Machine",), items=("Name",))])
    reg.register([ListView("b", ("Test.Machine",), items=("State",))])
    assert reg.lookup(["Test.Machine"]).name == "b"


def test_group_by_starts_a_group_when_the_key_changes():
    opts = FormatOptions(shape="table", group_by=Field.of_property("k"))
    lines = format_lines([Obj(k="x", v=1), Obj(k="x", v=2), Obj(k="y", v=3)], options=opts)
    assert lines == ["", "   k: x", "", "k v", "- -", "x 1", "x 2", "", "   k: y", "",
                     "k v", "- -", "y 3", ""]


def test_calculated_width_and_center_alignment():
    opts = FormatOptions(shape="table", selectors=(
        Field("one", lambda o: 1, align="center", width=10),))
    assert format_lines([Obj(one=1)], options=opts) == ["", "   one", "   ---", "    1", ""]


def test_multiline_cell_without_wrap_is_cut_with_ellipsis():
    lines = format_lines([Obj(Name="This\nIs", A=1)])
    assert lines[3].startswith("This…")


def test_wide_shape():
    opts = FormatOptions(shape="wide")
    lines = format_lines([Obj(Name="alpha"), Obj(Name="beta"), Obj(Name="gamma")], options=opts)
    assert lines == ["", "alpha" + " " * 55 + " beta", "gamma", ""]


from hypothesis import given, settings, strategies as st  # noqa: E402

from pyshell.formatting.text import display_width  # noqa: E402

_values = st.one_of(st.integers(-10**12, 10**12), st.booleans(), st.none(),
                    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
                    st.lists(st.integers(0, 99), max_size=6))
_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(_names, _values, min_size=1, max_size=7), min_size=1, max_size=5),
       st.integers(min_value=20, max_value=120))
def test_output_lines_fit_the_width_and_never_end_in_spaces(rows, width):
    objects = [Obj(**row) for row in rows]
    for line in format_lines(objects, width=width, list_width=width):
        assert line == line.rstrip()
        assert display_width(line) <= width


def test_an_object_its_view_does_not_select_starts_a_new_format():
    view = TableView("M", ("Test.Machine",), columns=(Column("Name"),))
    reg = ViewRegistry()
    reg.register([view])
    lines = format_lines([Machine("a", State.Off, 1), Obj(x=1)], registry=reg)
    assert lines == ["", "Name", "----", "a", "", "", "x", "-", "1", ""]


def test_a_property_table_takes_later_objects_of_any_kind_as_rows():
    lines = format_lines([Obj(Name="first"), Machine("vm", State.Off, 1)])
    assert lines == ["", "Name", "----", "first", "vm", ""]


def test_error_records_print_with_the_error_view_in_the_middle_of_a_table():
    from pyshell.runtime.errors import ErrorRecord, RuntimeException

    record = ErrorRecord(RuntimeException("boom"), "X")
    lines = format_lines([Obj(a=1), record, Obj(a=2)], render_error=lambda r: ["E: boom"])
    assert lines == ["", "a", "-", "1", "E: boom", "2", ""]


def test_dates_and_time_spans_use_their_views():
    import datetime as dt

    assert format_lines([dt.datetime(2020, 1, 1)]) == \
        ["", "Wednesday, January 1, 2020 12:00:00 AM", ""]
    lines = format_lines([dt.timedelta(hours=1, minutes=25)])
    assert lines[1] == "Days              : 0" and lines[-2] == "TotalMilliseconds : 5100000"


def test_format_list_of_a_table_view_object_lists_every_property():
    opts = FormatOptions(shape="list")
    lines = format_lines([Machine("vm", State.Running, 5)], options=opts)
    assert lines == ["", "Name   : vm", "State  : Running", "Memory : 5", ""]


def test_an_object_without_properties_prints_its_text_on_one_line():
    # PowerShell prints "" ([pscustomobject]@{}.ToString()); that text is the member
    # layer's to give.
    assert len(format_lines([Obj()])) == 1


def test_dates_in_cells_use_the_culture_format():
    import datetime as dt

    lines = format_lines([Obj(When=dt.datetime(2025, 6, 5, 14, 35, 7))])
    assert lines[3] == "6/5/2025 2:35:07 PM"
