"""Format-*, Out-* and implicit output, driven through the shell: what a user sees."""

from __future__ import annotations

from typing import Any

import pytest


def shown(session: Any, host: Any, script: str) -> str:
    mark = host.mark()
    session.run(script)
    return host.text_since(mark)


def out_string(session: Any, script: str) -> str:
    result = session.invoke(f"& {{ {script} }} | Out-String")
    return str(result[0])


def test_table_alignment_follows_the_first_object(session):
    assert out_string(session, "[pscustomobject]@{a='abc';b=123} | Format-Table") == \
        "\na     b\n-     -\nabc 123\n\n"
    assert out_string(session, "[pscustomobject]@{a=123;b='abc'} | Format-Table") == \
        "\n  a b\n  - -\n123 abc\n\n"


def test_autosized_columns_take_every_row_into_account(session):
    text = out_string(session, "[pscustomobject]@{abc='1234';bcd='123'},"
                               "[pscustomobject]@{abc='1';bcd='1234'} | Format-Table")
    assert text == "\nabc  bcd\n---  ---\n1234 123\n1    1234\n\n"


def test_calculated_column_width_and_alignment(session):
    text = out_string(session, "[pscustomobject]@{one=1} | Format-Table "
                               "@{l='one'; e='one'; width=10; alignment='center'}")
    assert text == "\n   one\n   ---\n    1\n\n"


def test_wrap_keeps_every_line_of_a_cell(session):
    text = out_string(session, '[pscustomobject]@{Name="a`nbb";A=1} | Format-Table -Wrap')
    assert text.splitlines()[3:5] == ["a    1", "bb"]


def test_format_list_pads_labels(session):
    text = out_string(session, "[pscustomobject]@{double=[double]1234.56789;"
                               "decimal=[decimal]4567.1} | Format-List")
    assert text == "\ndouble  : 1234.56789\ndecimal : 4567.1\n\n"


def test_five_properties_make_a_list_by_default(session, host):
    text = shown(session, host, "[pscustomobject]@{a=1;b=2;c=3;d=4;e=5}")
    assert text.splitlines()[1] == "a : 1"


def test_hashtable_shows_name_value_rows(session, host):
    text = shown(session, host, "[ordered]@{one=1; two='x'}")
    assert text.splitlines()[1:5] == ["Name" + " " * 27 + "Value", "----" + " " * 27 + "-----",
                                      "one" + " " * 28 + "1", "two" + " " * 28 + "x"]


def test_group_by_writes_group_headers(session):
    text = out_string(session, "[pscustomobject]@{k='x';v=1},[pscustomobject]@{k='y';v=2} | "
                               "Format-Table -GroupBy k")
    assert "   k: x" in text.splitlines() and "   k: y" in text.splitlines()


def test_hide_table_headers(session):
    assert out_string(session, "[pscustomobject]@{a=1} | Format-Table -HideTableHeaders") == \
        "\n1\n\n"


def test_format_wide_uses_the_name_property(session):
    text = out_string(session, "'alpha','beta','gamma' | ForEach-Object { "
                               "[pscustomobject]@{Name=$_; Size=1} } | Format-Wide")
    assert text.splitlines()[1] == "alpha" + " " * 55 + " beta"


def test_out_string_stream_and_width(session):
    lines = session.invoke("[pscustomobject]@{a=1} | Out-String -Stream")
    assert list(lines) == ["", "a", "-", "1", ""]
    wide = session.invoke("[pscustomobject]@{a='x' * 50} | Out-String -Width 20")[0]
    assert all(len(line) <= 20 for line in str(wide).splitlines())


def test_out_string_of_strings_ends_each_line(session):
    assert session.invoke('"a"," b" | Out-String')[0] == "a\n b\n"


def test_out_null_and_out_file(session, tmp_path):
    assert list(session.invoke("1,2 | Out-Null")) == []
    target = tmp_path / "out.txt"
    session.invoke(f"[pscustomobject]@{{a=1}} | Out-File -FilePath '{target}'")
    assert target.read_text() == "\na\n-\n1\n\n"


def test_enumeration_limit_variable(session):
    session.invoke("$FormatEnumerationLimit = 2")
    text = out_string(session, "[pscustomobject]@{a=1..5}")
    assert "{1, 2…}" in text


def test_scalars_between_rows_print_on_their_own(session, host):
    text = shown(session, host, "& { [pscustomobject]@{a=1}; 5; [pscustomobject]@{a=2} }")
    assert text.splitlines()[1:6] == ["a", "-", "1", "5", "2"]


def test_errors_in_the_output_use_the_error_view(session, host):
    text = shown(session, host, "Write-Error 'bad thing'")
    assert "bad thing" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("bad", ["Format-Table @{q=1}", "Format-Table -Property @{}",
                                 "Sort-Object @{Nope={1}}"])
def test_bad_calculated_properties_are_errors_not_tracebacks(session, host, bad):
    text = shown(session, host, f"1 | {bad}")
    assert "Traceback" not in text and text.strip()
