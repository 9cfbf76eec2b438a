from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pyshell.formatting.list import render_list_entry
from pyshell.formatting.records import TableColumn
from pyshell.formatting.table import render_table
from pyshell.formatting.text import display_width, truncate
from pyshell.formatting.wide import render_wide


def test_truncate_keeps_head_or_tail_with_ellipsis():
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abcdef", 4, "right") == "…def"
    assert truncate("abcdef", 1) == "a"
    assert truncate("abc", 3) == "abc"


def test_east_asian_wide_characters_take_two_cells():
    assert display_width("日本") == 4


def test_table_header_dashes_follow_alignment():
    cols = [TableColumn("a", "left"), TableColumn("b", "right")]
    assert render_table(cols, [["abc", "123"]], 120) == ["a     b", "-     -", "abc 123"]


def test_fixed_width_column_gives_the_rest_to_the_last():
    cols = [TableColumn("Name", "left", 30), TableColumn("Value")]
    lines = render_table(cols, [["a", "1"]], 79)
    assert lines == ["Name" + " " * 27 + "Value", "----" + " " * 27 + "-----", "a" + " " * 30 + "1"]
    long = render_table(cols, [["a", "x" * 100]], 79)
    assert long[2] == "a" + " " * 30 + "x" * 47 + "…"


def test_two_line_label_and_dash_count():
    cols = [TableColumn("Offset", "right", 16), TableColumn("Bytes\n00 01", "left", 47),
            TableColumn("Ascii", "left", 16)]
    lines = render_table(cols, [["0000000000000000", "48 65", "He"]], 120)
    assert lines[0] == "          Offset Bytes" + " " * 43 + "Ascii"
    assert lines[1] == " " * 17 + "00 01"
    assert lines[2] == "          ------ " + "-" * 11 + " " * 37 + "-----"


def test_too_wide_table_cuts_the_last_column():
    cols = [TableColumn("a"), TableColumn("b")]
    lines = render_table(cols, [["x" * 10, "y" * 30]], 20)
    assert lines[2] == "x" * 10 + " " + "y" * 8 + "…"


def test_wrap_puts_extra_lines_under_the_column():
    cols = [TableColumn("Name"), TableColumn("A", "right")]
    lines = render_table(cols, [["one\ntwo", "1"]], 120, wrap=True)
    assert lines == ["Name    A", "----    -", "one     1", "two"]


def test_hide_headers():
    assert render_table([TableColumn("a")], [["1"]], 80, hide_headers=True) == ["1"]


def test_list_pads_labels_and_continues_multiline_values():
    assert render_list_entry([("a", "1"), ("long", "x\ny")]) == ["a    : 1", "long : x", "       y"]
    assert render_list_entry([("a", "")]) == ["a :"]


def test_wide_columns_share_the_width():
    lines = render_wide(["alpha", "beta", "gamma"], 120)
    assert lines == ["alpha" + " " * 55 + " beta", "gamma"]
    assert len(render_wide(["abcde"] * 40, 120, auto_size=True)[0].split()) == 20


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=5),
       st.integers(min_value=5, max_value=100), st.booleans(), st.booleans())
def test_table_lines_fit_and_have_no_trailing_space(rows, width, wrap, autosize):
    cols = [TableColumn("First"), TableColumn("Second", "right"), TableColumn("Third", "center")]
    for line in render_table(cols, rows, width, wrap=wrap, auto_size=autosize):
        assert display_width(line) <= width
        assert line == line.rstrip()


@settings(max_examples=40, deadline=None)
@given(st.lists(cells, min_size=1, max_size=12), st.integers(min_value=5, max_value=100))
def test_wide_lines_fit(items, width):
    for line in render_wide(items, width):
        assert display_width(line) <= width and line == line.rstrip()


def test_colour_decorates_headers_and_labels_only():
    style = lambda text: f"<{text}>"  # noqa: E731
    assert render_table([TableColumn("a")], [["1"]], 80, header_style=style) == ["<a>", "<->", "1"]
    assert render_list_entry([("ab", "1")], label_style=style) == ["<ab :> 1"]


def test_list_values_wrap_at_spaces_under_the_value_column():
    lines = render_list_entry([("Name", "alpha beta gamma delta")], width=20)
    assert lines == ["Name : alpha beta", "       gamma delta"]
