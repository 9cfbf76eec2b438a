"""The pure parts of the utility cmdlets: comparer, JSON and CSV text, Format-Hex rows."""

from __future__ import annotations

import datetime as dt

from cmdlets.utility.compare import compare_values
from cmdlets.utility.convert_csv import CsvWriter, parse_csv
from cmdlets.utility.convert_json import from_json, to_json
from cmdlets.utility.hex import ByteCollection, ascii_text
from pyshell.formatting.render import format_lines
from pyshell.runtime.members import PSObject
from pyshell.runtime.values import OrderedDictionary


def test_comparer_orders_like_powershell():
    assert compare_values("a", "B") < 0
    assert compare_values("a", "A") == 0
    assert compare_values("aaa", "AAA", case_sensitive=True) < 0
    assert compare_values(None, -1) > 0 and compare_values(None, 1) < 0
    assert compare_values(None, "a") < 0
    assert compare_values(10, "9") > 0


def test_json_layout_and_values():
    value = OrderedDictionary(name="a", list=[1, 2], nested=OrderedDictionary(x=True, y=None),
                              empty=[])
    text, cut = to_json(value)
    assert text.splitlines()[:4] == ["{", '  "name": "a",', '  "list": [', "    1,"]
    assert '"empty": []' in text and not cut
    assert to_json([True, 1.0, float("nan")], compress=True)[0] == '[true,1.0,"NaN"]'
    assert to_json(dt.datetime(2024, 6, 15, 10, 30))[0] == '"2024-06-15T10:30:00"'


def test_json_depth_cuts_objects_to_their_text():
    from pyshell.runtime.values import Hashtable

    text, cut = to_json(OrderedDictionary(a=Hashtable(b=1), n=[1, 2]), depth=0)
    assert cut
    assert '"a": "System.Collections.Hashtable"' in text and '"n": "1 2"' in text


def test_json_round_trip_objects():
    value = from_json('[{"Name": "a", "N": 1, "F": 2.5, "Big": 12345678901}]')
    assert isinstance(value[0], PSObject)
    assert value[0].member("Big").value == 12345678901
    table = from_json('{"two": 2, "Two": 3}', as_hashtable=True)
    assert list(table.keys()) == ["two", "Two"]


def test_csv_quotes_every_field_and_writes_null_as_nothing():
    writer = CsvWriter()
    rows = writer.row(PSObject.from_pairs([("First", 1), ("Second", None)]))
    assert rows == ['"First","Second"', '"1",']
    assert CsvWriter(use_quotes="AsNeeded").row({"a": "x,y"}) == ["a", '"x,y"']


def test_csv_parses_quoted_fields():
    obj = parse_csv('"a","b"\n"1","x,""y"""\n')[0]
    assert obj.member("b").value == 'x,"y"'


def test_hex_rows_render_as_the_view_shows():
    assert ascii_text(b"A\x00\x01") == "A \ufffd"
    row = ByteCollection.create(0, b"Hello World", None, "String (System.String) <2944BEC3>")
    lines = format_lines([row])
    assert lines[1] == "   Label: String (System.String) <2944BEC3>"
    assert lines[4] == " " * 17 + "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"
    assert lines[6] == "0000000000000000 48 65 6C 6C 6F 20 57 6F 72 6C 64" + " " * 16 + "Hello World"


def test_csv_values_are_their_culture_strings():
    row = CsvWriter().row(PSObject.from_pairs([("a", [1, 2]), ("d", dt.datetime(2024, 6, 15, 10, 30))]))
    assert row[1] == '"System.Object[]","6/15/2024 10:30:00 AM"'


from hypothesis import given, settings, strategies as st  # noqa: E402

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
_json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**31, 2**31 - 1),
              st.floats(allow_nan=False, allow_infinity=False), _text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text("abcxyz", min_size=1, max_size=5), inner,
                                            max_size=4)),
    max_leaves=12)


def _plain(value):
    if isinstance(value, PSObject):
        return {m.name: _plain(m.value) for m in value.members}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@settings(max_examples=80, deadline=None)
@given(_json_values)
def test_json_round_trips_through_text(value):
    text, _ = to_json(value, depth=100)
    back = _plain(from_json(text))
    expected = value
    if isinstance(value, str):
        # ISO-looking strings come back as dates; plain text stays text.
        assert back == value or not isinstance(back, str)
        return
    assert back == expected or text == to_json(from_json(text), depth=100)[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_text, _text), min_size=1, max_size=5))
def test_csv_round_trips_any_text(rows):
    writer = CsvWriter()
    lines: list[str] = []
    for a, b in rows:
        lines.extend(writer.row(PSObject.from_pairs([("a", a), ("b", b)])))
    back = parse_csv("\n".join(lines))
    assert [(o.member("a").value, o.member("b").value) for o in back] == list(rows)
